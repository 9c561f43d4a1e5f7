"""The editable pages' first text (`portal.reference`), so that staff can change it in the admin."""

from django.db import migrations

from portal.reference import load_pages


def create_pages(apps, schema_editor):
    load_pages(Page=apps.get_model("portal", "Page"))


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_news_and_pages")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
