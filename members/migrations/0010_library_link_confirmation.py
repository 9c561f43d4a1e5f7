"""A library's link to a system gets a status: the system asks, the library confirms or
declines. The links made so far become confirmed links of the new through model, and going
back keeps the confirmed ones only."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

BATCH_SIZE = 5000


def links_become_confirmed(apps, schema_editor):
    Organisation = apps.get_model("members", "Organisation")
    LibraryLink = apps.get_model("members", "LibraryLink")
    old_links = Organisation.systems.through.objects.values_list(
        "from_organisation_id", "to_organisation_id"
    )
    now = django.utils.timezone.now()
    LibraryLink.objects.bulk_create(
        (
            LibraryLink(library_id=library, system_id=system, status="confirmed", requested_at=now)
            for library, system in old_links.iterator(chunk_size=BATCH_SIZE)
        ),
        batch_size=BATCH_SIZE,
    )


def confirmed_links_go_back(apps, schema_editor):
    Organisation = apps.get_model("members", "Organisation")
    LibraryLink = apps.get_model("members", "LibraryLink")
    OldLink = Organisation.systems.through
    confirmed = LibraryLink.objects.filter(status="confirmed").values_list(
        "library_id", "system_id"
    )
    OldLink.objects.bulk_create(
        (
            OldLink(from_organisation_id=library, to_organisation_id=system)
            for library, system in confirmed.iterator(chunk_size=BATCH_SIZE)
        ),
        batch_size=BATCH_SIZE,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0009_official_member_contributions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LibraryLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting the library's confirmation"),
                            ("confirmed", "Confirmed"),
                            ("declined", "Declined by the library"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "requested_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="requested"
                    ),
                ),
                (
                    "decided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="decided at"),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="decided by",
                    ),
                ),
                (
                    "library",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="system_links",
                        to="members.organisation",
                        verbose_name="library",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="requested by",
                    ),
                ),
                (
                    "system",
                    models.ForeignKey(
                        limit_choices_to={"kind": "system"},
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="library_links",
                        to="members.organisation",
                        verbose_name="library system",
                    ),
                ),
            ],
            options={
                "verbose_name": "link of a library to a system",
                "verbose_name_plural": "links of libraries to systems",
                "ordering": ["system", "library", "pk"],
                "indexes": [
                    models.Index(fields=["system", "status"], name="library_link_system_status"),
                    models.Index(fields=["library", "status"], name="library_link_library_status"),
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("library", "system"), name="library_link_once")
                ],
            },
        ),
        migrations.RunPython(links_become_confirmed, confirmed_links_go_back),
        # Django cannot give an existing many-to-many field a through model: the field goes,
        # with its table, and comes back through LibraryLink, which holds its rows now.
        migrations.RemoveField(model_name="organisation", name="systems"),
        migrations.AddField(
            model_name="organisation",
            name="systems",
            field=models.ManyToManyField(
                blank=True,
                related_name="member_libraries",
                through="members.LibraryLink",
                through_fields=("library", "system"),
                to="members.organisation",
                verbose_name="library systems it belongs to",
            ),
        ),
    ]
