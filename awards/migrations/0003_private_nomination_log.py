"""Nomination audit-log entries move to the private log (visible per nomination, wucheng_site.models)
and, with nomination revisions, lose the nominee's name from their label."""

from django.db import migrations


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    Revision = apps.get_model("wagtailcore", "Revision")
    PrivateLogEntry = apps.get_model("wucheng_site", "PrivateLogEntry")
    Nomination = apps.get_model("awards", "Nomination")
    content_type = ContentType.objects.filter(app_label="awards", model="nomination").first()
    if content_type is None:
        return
    references = dict(Nomination.objects.values_list("pk", "reference"))
    moved = []
    for entry in ModelLogEntry.objects.filter(content_type=content_type).iterator():
        label = references.get(int(entry.object_id)) if entry.object_id.isdigit() else None
        moved.append(
            PrivateLogEntry(
                content_type_id=entry.content_type_id,
                object_id=entry.object_id,
                label=label or f"nomination {entry.object_id}",
                action=entry.action,
                data=entry.data,
                timestamp=entry.timestamp,
                uuid=entry.uuid,
                user_id=entry.user_id,
                revision_id=entry.revision_id,
                content_changed=entry.content_changed,
                deleted=entry.deleted,
            )
        )
    PrivateLogEntry.objects.bulk_create(moved)
    ModelLogEntry.objects.filter(content_type=content_type).delete()
    for pk, reference in references.items():
        Revision.objects.filter(content_type=content_type, object_id=str(pk)).update(object_str=reference)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0002_editions_nominations_review"),
        ("wucheng_site", "0002_private_log_entry"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
