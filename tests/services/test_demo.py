"""The demo roster: about twenty experts, internal and external, and offers in every status, safe
to load twice."""

from io import StringIO

import pytest
from django.core.management import call_command

from members.models import Organisation, User
from services.demo import seed_experts
from services.models import CompetenceOffer, Expert

pytestmark = pytest.mark.django_db


def test_demo_roster_is_varied_and_loading_it_again_changes_nothing(client):
    call_command("seed_demo", stdout=StringIO())

    experts = Expert.objects.all()
    assert experts.count() >= 18
    assert experts.filter(is_offered=True, organisation__isnull=False).count() >= 5
    assert experts.filter(organisation__isnull=True).count() >= 5
    assert experts.filter(regions__isnull=True).exists()
    assert set(experts.values_list("availability", flat=True)) == set(Expert.Availability)
    assert experts.values("competences").distinct().count() >= 12
    assert experts.filter(user__email="sara.colombo@sbvimercatese.example").exists()
    statuses = set(CompetenceOffer.objects.values_list("status", flat=True))
    assert statuses == set(CompetenceOffer.Status)
    counts = (Expert.objects.count(), CompetenceOffer.objects.count())

    people = {user.email: user for user in User.objects.all()}
    systems = {system.slug: system for system in Organisation.objects.all()}
    assert seed_experts(people, systems) == 0
    assert (Expert.objects.count(), CompetenceOffer.objects.count()) == counts

    client.login(email="marco.bellini@sbvimercatese.example", password="demo-rete-2026")
    response = client.get("/servizi/esperti/")
    assert response.status_code == 200
    assert f"{experts.filter(is_active=True).count()} esperti" in response.text
