"""The directory's pinyin order: a sort key derived from each organisation's name (docs/directory.md)."""

from django.db import migrations, models


def fill_sort_keys(apps, schema_editor):
    # The key is a function of the title alone; the page's save() keeps it up to date from now on.
    from disclosures.name_order import sort_key

    OrganisationPage = apps.get_model("disclosures", "OrganisationPage")
    for page in OrganisationPage.objects.only("pk", "title").iterator():
        OrganisationPage.objects.filter(pk=page.pk).update(name_sort_key=sort_key(page.title))


class Migration(migrations.Migration):
    dependencies = [
        ("disclosures", "0004_summary_obligation_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisationpage",
            name="name_sort_key",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop, elidable=True),
    ]
