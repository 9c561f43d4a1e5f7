"""The mapping survey moves here from the members app, keeping its rows: the models are created
in this app's state as they were in members', while the database only renames their tables (and
moves their content types, so that staff permissions and admin history follow them).

members' migration 0007 then removes the models from members' state.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLES = [
    "governancemodel",
    "systemelement",
    "survey",
    "survey_services_provided",
    "survey_support_needed",
    "survey_elements",
    "surveyinvitation",
]
MODELS = ["governancemodel", "systemelement", "survey", "surveyinvitation"]


def rename_tables(old_app, new_app):
    return [f"ALTER TABLE {old_app}_{table} RENAME TO {new_app}_{table};" for table in TABLES]


def move_content_types(old_app, new_app):
    models = ", ".join(f"'{model}'" for model in MODELS)
    return [
        f"UPDATE django_content_type AS moved SET app_label = '{new_app}' "
        f"WHERE moved.app_label = '{old_app}' AND moved.model IN ({models}) "
        "AND NOT EXISTS (SELECT 1 FROM django_content_type AS taken "
        f"WHERE taken.app_label = '{new_app}' AND taken.model = moved.model);"
    ]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("members", "0006_survey_lists"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    rename_tables("members", "mapping"),
                    reverse_sql=rename_tables("mapping", "members"),
                ),
                migrations.RunSQL(
                    move_content_types("members", "mapping"),
                    reverse_sql=move_content_types("mapping", "members"),
                ),
            ],
            state_operations=[
                migrations.CreateModel(
                    name="GovernanceModel",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("slug", models.SlugField(max_length=60, unique=True, verbose_name="slug")),
                        ("name", models.CharField(max_length=120, verbose_name="name in Italian")),
                        (
                            "name_en",
                            models.CharField(
                                blank=True, max_length=120, verbose_name="name in English"
                            ),
                        ),
                        (
                            "position",
                            models.PositiveSmallIntegerField(default=0, verbose_name="position"),
                        ),
                        (
                            "is_other",
                            models.BooleanField(
                                default=False,
                                help_text="The catch-all entry: a system that picks it describes its model in words.",
                                verbose_name="asks for a description",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "governance model",
                        "verbose_name_plural": "governance models",
                        "ordering": ["position", "name"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="SystemElement",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("slug", models.SlugField(max_length=60, unique=True, verbose_name="slug")),
                        ("name", models.CharField(max_length=120, verbose_name="name in Italian")),
                        (
                            "name_en",
                            models.CharField(
                                blank=True, max_length=120, verbose_name="name in English"
                            ),
                        ),
                        (
                            "position",
                            models.PositiveSmallIntegerField(default=0, verbose_name="position"),
                        ),
                    ],
                    options={
                        "verbose_name": "defining element of a system",
                        "verbose_name_plural": "defining elements of a system",
                        "ordering": ["position", "name"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="SurveyInvitation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                        ("email", models.EmailField(max_length=254, verbose_name="sent to")),
                        (
                            "language",
                            models.CharField(
                                choices=[("it", "Italian"), ("en", "English")],
                                default="it",
                                max_length=10,
                                verbose_name="language",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="sent"),
                        ),
                        (
                            "used_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="used"),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="sent by",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                limit_choices_to={"kind": "system"},
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="survey_invitations",
                                to="members.organisation",
                                verbose_name="library system",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "survey invitation",
                        "verbose_name_plural": "survey invitations",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="Survey",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                        (
                            "status",
                            models.CharField(
                                choices=[("draft", "Being filled in"), ("submitted", "Submitted")],
                                default="draft",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "governance_other",
                            models.CharField(
                                blank=True,
                                max_length=200,
                                verbose_name="governance model, in your words",
                            ),
                        ),
                        (
                            "management",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("direct", "Direct, by the system's own staff"),
                                    ("outsourced", "Outsourced to a contractor"),
                                    ("mixed", "Mixed"),
                                ],
                                max_length=12,
                                verbose_name="management of the services",
                            ),
                        ),
                        (
                            "libraries_count",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="number of libraries"
                            ),
                        ),
                        (
                            "municipalities_count",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="number of municipalities"
                            ),
                        ),
                        (
                            "population_served",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="population served"
                            ),
                        ),
                        (
                            "software",
                            models.CharField(
                                blank=True,
                                max_length=120,
                                verbose_name="library management software",
                            ),
                        ),
                        (
                            "has_union_catalogue",
                            models.BooleanField(
                                blank=True, null=True, verbose_name="union catalogue"
                            ),
                        ),
                        (
                            "union_catalogue_name",
                            models.CharField(
                                blank=True,
                                max_length=200,
                                verbose_name="name of the union catalogue",
                            ),
                        ),
                        (
                            "loans",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="loans"
                            ),
                        ),
                        (
                            "active_users",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="active users"
                            ),
                        ),
                        (
                            "opening_hours_per_week",
                            models.DecimalField(
                                blank=True,
                                decimal_places=1,
                                max_digits=7,
                                null=True,
                                verbose_name="opening hours per week",
                            ),
                        ),
                        (
                            "staff_fte",
                            models.DecimalField(
                                blank=True,
                                decimal_places=1,
                                max_digits=7,
                                null=True,
                                verbose_name="staff in full-time equivalents",
                            ),
                        ),
                        (
                            "acquisitions_spending",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=12,
                                null=True,
                                verbose_name="spending on acquisitions (euros)",
                            ),
                        ),
                        ("needs", models.TextField(blank=True, verbose_name="needs")),
                        (
                            "proposals",
                            models.TextField(blank=True, verbose_name="proposals to the network"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="last saved"),
                        ),
                        (
                            "submitted_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="submitted on"
                            ),
                        ),
                        (
                            "governance",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="surveys",
                                to="mapping.governancemodel",
                                verbose_name="governance model",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                limit_choices_to={"kind": "system"},
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="surveys",
                                to="members.organisation",
                                verbose_name="library system",
                            ),
                        ),
                        (
                            "services_provided",
                            models.ManyToManyField(
                                blank=True,
                                related_name="surveys_providing",
                                to="members.servicearea",
                                verbose_name="services the system provides",
                            ),
                        ),
                        (
                            "support_needed",
                            models.ManyToManyField(
                                blank=True,
                                related_name="surveys_needing",
                                to="members.servicearea",
                                verbose_name="support the system needs",
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="last saved by",
                            ),
                        ),
                        (
                            "elements",
                            models.ManyToManyField(
                                blank=True,
                                related_name="surveys",
                                to="mapping.systemelement",
                                verbose_name="what the libraries share",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "mapping survey",
                        "verbose_name_plural": "mapping surveys",
                        "ordering": ["-year", "organisation__name"],
                        "indexes": [
                            models.Index(fields=["year", "status"], name="survey_year_status")
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("organisation", "year"), name="survey_one_per_year"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("status", "draft"),
                                    ("submitted_at__isnull", False),
                                    _connector="OR",
                                ),
                                name="survey_submitted_has_date",
                            ),
                        ],
                    },
                ),
            ],
        ),
    ]
