"""Regions, provinces (as the national registry codes them), service areas, admission policy."""

from django.db import migrations

from members.reference import load_reference_data

def load(apps, schema_editor):
    load_reference_data(
        Region=apps.get_model("members", "Region"),
        Province=apps.get_model("members", "Province"),
        ServiceArea=apps.get_model("members", "ServiceArea"),
        AdmissionRule=apps.get_model("members", "AdmissionRule"),
    )


class Migration(migrations.Migration):
    dependencies = [("members", "0002_organisations_memberships_roles")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
