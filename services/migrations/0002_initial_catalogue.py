"""The network's initial catalogue of services."""

from django.db import migrations

from services.reference import load_services


def load(apps, schema_editor):
    load_services(
        Service=apps.get_model("services", "Service"),
        ServiceArea=apps.get_model("members", "ServiceArea"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0001_service_catalogue"),
        ("members", "0003_reference_data"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
