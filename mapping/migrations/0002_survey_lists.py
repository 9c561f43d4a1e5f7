"""The survey's first governance models and defining elements, from the working-group paper."""

from django.db import migrations

from mapping.reference import load_survey_lists


def load(apps, schema_editor):
    GovernanceModel = apps.get_model("mapping", "GovernanceModel")
    SystemElement = apps.get_model("mapping", "SystemElement")
    # A database made while the survey was in members got the lists from members' migration
    # 0006, and staff may have edited them since: only empty lists are filled here.
    if GovernanceModel.objects.exists() or SystemElement.objects.exists():
        return
    load_survey_lists(GovernanceModel=GovernanceModel, SystemElement=SystemElement)


class Migration(migrations.Migration):
    dependencies = [("mapping", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
