"""The demo data loads on a fresh database and loading it again changes nothing."""

import datetime
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from mapping.models import Survey
from members.models import LibraryLink, Membership, Organisation, OrganisationKind, Role, User
from portal.management.commands.seed_demo import DEMO_PASSWORD, SYSTEMS
from services.models import ServiceRequest

pytestmark = pytest.mark.django_db


def test_demo_people_can_log_in_with_the_demo_password(client):
    call_command("seed_demo", stdout=StringIO())
    staff = User.objects.get(email="staff@retedellereti.example")
    assert staff.is_staff
    assert EmailAddress.objects.filter(user=staff, verified=True).exists()
    assert client.login(email="marco.bellini@sbvimercatese.example", password=DEMO_PASSWORD)


def test_seeding_twice_changes_nothing_and_keeps_changed_passwords():
    call_command("seed_demo", stdout=StringIO())
    person = User.objects.get(email="anna.russo@sbcagliari.example")
    person.set_password("her-own-password-2026")
    person.save()
    counts = (User.objects.count(), EmailAddress.objects.count())

    call_command("seed_demo", stdout=StringIO())

    assert (User.objects.count(), EmailAddress.objects.count()) == counts
    person.refresh_from_db()
    assert person.check_password("her-own-password-2026")


def test_demo_has_systems_with_libraries_and_every_tier_from_north_to_south():
    call_command("seed_demo", stdout=StringIO())
    systems = Organisation.objects.filter(
        kind=OrganisationKind.LIBRARY_SYSTEM, slug__in=[system[0] for system in SYSTEMS]
    )
    assert {system.region.macro_area for system in systems} >= {"nord-ovest", "centro", "sud"}
    assert all(system.member_libraries.exists() for system in systems)
    active = Membership.objects.active()
    assert set(active.values_list("tier", flat=True)) == {"official", "package"}
    assert Membership.objects.filter(status="pending").exists()
    salento = Organisation.objects.get(slug="sistema-bibliotecario-salentino")
    # 30 granted, 4 spent on a course, then the demo requests staff accepted: 4 and 2.
    assert salento.memberships.get().credit_balance() == 20
    assert set(ServiceRequest.objects.values_list("status", flat=True)) == set(
        ServiceRequest.Status.values
    )
    assert Role.objects.filter(status="pending").exists()
    # A library's referent has a system's request to confirm.
    pending = LibraryLink.objects.pending().get()
    assert pending.library.referents().exists()


def test_seeding_on_a_later_day_keeps_the_one_pending_application():
    call_command("seed_demo", stdout=StringIO())
    pending = Membership.objects.get(status="pending")
    pending.starts_on = pending.starts_on - datetime.timedelta(days=1)
    pending.save()

    call_command("seed_demo", stdout=StringIO())

    assert list(Membership.objects.filter(status="pending")) == [pending]


def test_demo_surveys_fill_the_report_from_north_to_south(client):
    call_command("seed_demo", stdout=StringIO())
    year = timezone.localdate().year
    submitted = Survey.objects.counted_in_report().filter(year=year)
    assert submitted.count() >= 8
    # One answer the report leaves out, whose reason the admin gives.
    [left_out] = Survey.objects.submitted().not_counted_in_report().filter(year=year)
    assert left_out.report_exclusion()
    assert set(submitted.values_list("organisation__region__macro_area", flat=True)) >= {
        "nord-ovest",
        "nord-est",
        "centro",
        "sud",
        "isole",
    }
    client.login(email="marco.bellini@sbvimercatese.example", password=DEMO_PASSWORD)
    with translation.override("en"):
        report = client.get(reverse("mapping:survey-report"))
        survey = client.get(
            reverse("mapping:survey-edit", args=["sistema-bibliotecario-vimercatese"])
        )
    assert f"{submitted.count()} systems answered the {year} survey." in report.text
    assert f"Figures for {year - 1}." in report.text
    assert f"Pre-filled with your {year - 1} answers" in survey.text


def test_demo_has_libraries_in_no_system_in_several_provinces_and_some_logos():
    call_command("seed_demo", stdout=StringIO())

    unaffiliated = Organisation.objects.in_no_system().filter(in_registry=True)
    assert unaffiliated.values("province").distinct().count() >= 3
    systems = Organisation.objects.filter(kind=OrganisationKind.LIBRARY_SYSTEM)
    assert systems.exclude(logo_thumbnail="").count() >= 2
