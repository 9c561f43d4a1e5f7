"""The survey's first governance models and defining elements were loaded here. The survey now
belongs to the mapping app, whose migration 0002 loads them into a new database; this migration
stays, doing nothing, because the databases made before keep it in their history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0005_mapping_survey")]

    operations = []
