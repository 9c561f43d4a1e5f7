"""The survey's first governance models and defining elements, from the working-group paper."""

from django.db import migrations

from members.reference import load_survey_lists


def load(apps, schema_editor):
    load_survey_lists(
        GovernanceModel=apps.get_model("members", "GovernanceModel"),
        SystemElement=apps.get_model("members", "SystemElement"),
    )


class Migration(migrations.Migration):
    dependencies = [("members", "0005_mapping_survey")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
