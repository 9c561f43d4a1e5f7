"""The mapping survey now belongs to the mapping app, whose migration 0001 renamed its tables:
members forgets the models, and the database is left as it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0006_survey_lists"),
        ("mapping", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SurveyInvitation"),
                migrations.DeleteModel(name="Survey"),
                migrations.DeleteModel(name="SystemElement"),
                migrations.DeleteModel(name="GovernanceModel"),
            ],
            database_operations=[],
        ),
    ]
