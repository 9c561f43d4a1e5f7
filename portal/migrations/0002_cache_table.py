"""The database cache's table, created by `migrate` so that a deployment cannot forget it: without
it every login (whose rate limits live in the cache) failed. With a Redis cache it does nothing."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # createcachetable creates only the tables that are missing.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_search_configuration")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
