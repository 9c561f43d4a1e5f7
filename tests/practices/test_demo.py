"""The demo bank of practices: enough to look real, downloads that open, safe to load twice."""

from io import StringIO

import pytest
from django.core.management import call_command

from portal.lib.uploads import FileTypeValidator
from practices.models import Adoption, Practice, PracticeAttachment

pytestmark = pytest.mark.django_db


def test_demo_has_about_forty_practices_across_themes_and_regions(client):
    call_command("seed_demo", stdout=StringIO())

    published = Practice.objects.published()
    assert published.count() >= 35
    assert published.filter(is_featured=True).count() >= 3
    assert published.filter(derived_from__isnull=False).exists()
    assert Adoption.objects.count() >= 5
    assert published.values("region__macro_area").distinct().count() >= 4
    assert published.values("themes").distinct().count() >= 10
    assert Practice.objects.exclude(status="published").exists()


def test_every_demo_attachment_passes_the_upload_checks_and_downloads(client):
    call_command("seed_demo", stdout=StringIO())
    validator = FileTypeValidator(["pdf", "png", "odt", "svg", "sla"])

    for attachment in PracticeAttachment.objects.filter(practice__status="published"):
        validator(attachment.file)
    attachment = PracticeAttachment.objects.filter(practice__status="published").first()
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_loading_the_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=StringIO())
    counts = (
        Practice.objects.count(),
        Adoption.objects.count(),
        PracticeAttachment.objects.count(),
    )

    call_command("seed_demo", stdout=StringIO())

    assert (
        Practice.objects.count(),
        Adoption.objects.count(),
        PracticeAttachment.objects.count(),
    ) == counts
