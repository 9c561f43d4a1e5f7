from django.db import migrations

from suppliers.taxonomy import load_categories


def load(apps, schema_editor):
    load_categories(apps.get_model("suppliers", "Category"))


class Migration(migrations.Migration):
    dependencies = [("suppliers", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
