"""The demo data loads on a fresh database and loading it again changes nothing."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from members.models import User
from portal.management.commands.seed_demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_demo_people_can_log_in_with_the_demo_password(client):
    call_command("seed_demo", stdout=StringIO())
    staff = User.objects.get(email="staff@retedellereti.example")
    assert staff.is_staff
    assert EmailAddress.objects.filter(user=staff, verified=True).exists()
    assert client.login(email="marco.bellini@sbvimercatese.example", password=DEMO_PASSWORD)


def test_seeding_twice_changes_nothing_and_keeps_changed_passwords():
    call_command("seed_demo", stdout=StringIO())
    person = User.objects.get(email="anna.russo@sbnapoli.example")
    person.set_password("her-own-password-2026")
    person.save()
    counts = (User.objects.count(), EmailAddress.objects.count())

    call_command("seed_demo", stdout=StringIO())

    assert (User.objects.count(), EmailAddress.objects.count()) == counts
    person.refresh_from_db()
    assert person.check_password("her-own-password-2026")
