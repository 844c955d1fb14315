"""Replace Wagtail's placeholder page with our Chinese home page and add the English locale.

After ``migrate`` the site serves a (blank) home page at once; ``load_demo`` fills it.
"""

import uuid

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")

    if HomePage.objects.exists():
        return
    chinese, _ = Locale.objects.get_or_create(language_code="zh-hans")
    Locale.objects.get_or_create(language_code="en")

    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()

    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    root = Page.objects.get(depth=1)
    homepage = HomePage.objects.create(
        title="善行婺里",
        draft_title="善行婺里",
        slug="home",
        content_type=home_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=chinese,
        translation_key=uuid.uuid4(),
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.create(
        hostname="localhost", port=80, root_page=homepage, is_default_site=True, site_name="善行婺里"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]
