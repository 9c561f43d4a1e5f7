"""`seed_scale` fills a database with the country and years of content, the same for the same
seed, and never a real portal's; `benchmark` serves it with gunicorn and measures it with wrk."""

from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from documents.models import Document
from events.models import Event, Registration
from mapping.models import Survey
from members.models import CreditEntry, Membership, Organisation, OrganisationKind, Role
from practices.models import Practice
from services.models import Expert, ServiceRequest
from suppliers.models import Review, Supplier
from tests.documents.factories import make_document
from tests.events.factories import make_event
from tests.factories import MembershipFactory, RoleFactory, SurveyFactory, UserFactory
from tests.practices.factories import PracticeFactory
from tests.suppliers.factories import ReviewFactory, SupplierFactory


def _seed(seed: int) -> dict:
    """Seeds a small share inside a transaction rolled back, and returns what it made."""
    with transaction.atomic():
        call_command("seed_scale", seed=seed, fraction=0.01, stdout=StringIO())
        made = {
            "libraries": Organisation.objects.filter(kind=OrganisationKind.LIBRARY).count(),
            "systems": list(
                Organisation.objects.filter(kind=OrganisationKind.LIBRARY_SYSTEM)
                .order_by("slug")
                .values_list("name", "status")
            ),
            "suppliers": list(Supplier.objects.order_by("slug").values_list("name", "status")),
            "practices": list(
                Practice.objects.order_by("slug").values_list("title", "status", "tag_text")
            ),
            "practice_states": set(Practice.objects.values_list("status", flat=True)),
            "role_states": set(Role.objects.values_list("status", flat=True)),
            "tiers": set(Membership.objects.values_list("tier", "status")),
            "reviews": Review.objects.count(),
            "hidden_reviews": Review.objects.filter(status="hidden").count(),
            "rated": Supplier.objects.filter(review_count__gt=0).count(),
            "searchable": Practice.objects.published().search("lettura").count(),
            "survey_years": set(Survey.objects.values_list("year", flat=True)),
            "derived": Practice.objects.filter(derived_from__isnull=False).count(),
            "documents": list(
                Document.objects.order_by("slug").values_list("title", "access_level")
            ),
            "document_levels": set(Document.objects.values_list("access_level", flat=True)),
            "documents_without_file": Document.objects.filter(current_version=None).count(),
            "documents_found_by_their_text": Document.objects.search(
                AnonymousUser(), "lettura"
            ).count(),
            "requests": sorted(
                ServiceRequest.objects.values_list(
                    "organisation__slug", "service__slug", "status", "credits_taken"
                )
            ),
            "request_states": set(ServiceRequest.objects.values_list("status", flat=True)),
            "requests_without_steps": ServiceRequest.objects.filter(events=None).count(),
            "credits_taken": CreditEntry.objects.filter(kind="take").count(),
            "lowest_balance": min(
                membership.credit_balance()
                for membership in Membership.objects.filter(tier="package", credits__isnull=False)
            ),
            "experts": Expert.objects.count(),
            "events": sorted(Event.objects.values_list("title", "kind", "access_level")),
            "event_registrations": Registration.objects.count(),
            "waiting_lists": Registration.objects.filter(status="waiting").count(),
            "events_found": Event.objects.search("catalogazione").count(),
        }
        transaction.set_rollback(True)
    return made


@pytest.mark.django_db
def test_seed_scale_fills_every_state_and_the_same_seed_gives_the_same_rows():
    first = _seed(7)

    assert first["libraries"] > 11_000  # the whole national registry
    assert len(first["systems"]) == 20
    assert len(first["suppliers"]) == 100
    assert len(first["practices"]) == 200
    assert len(first["documents"]) == 200
    assert first["document_levels"] == {"public", "registered", "member", "package"}
    assert first["documents_without_file"] == 0
    assert first["documents_found_by_their_text"] > 0
    assert first["reviews"] == 1_000
    assert first["hidden_reviews"] > 0
    assert first["rated"] > 0
    assert first["searchable"] > 0
    assert first["derived"] > 0
    assert first["practice_states"] == {"published", "draft", "submitted", "returned"}
    assert {"approved", "pending", "left", "rejected"} <= first["role_states"]
    assert ("official", "active") in first["tiers"]
    assert ("package", "active") in first["tiers"]
    assert len(first["survey_years"]) == 3
    assert len(first["requests"]) == 50
    assert first["request_states"] == set(ServiceRequest.Status.values)
    assert first["requests_without_steps"] == 0
    assert first["credits_taken"] > 0
    assert first["lowest_balance"] >= 0
    assert first["experts"] == 10
    assert len(first["events"]) == 20
    assert 0 < first["event_registrations"] <= 500
    assert first["waiting_lists"] > 0
    assert first["events_found"] > 0
    assert _seed(7) == first
    assert _seed(8)["practices"] != first["practices"]


@pytest.mark.django_db
def test_seed_scale_refuses_a_database_with_real_people():
    UserFactory(email="bibliotecaria@comune.vimercate.mb.it")
    with pytest.raises(CommandError, match=r"not under \.example"):
        call_command("seed_scale", fraction=0.01, stdout=StringIO())
    assert not Supplier.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_serves_pages_with_gunicorn_against_the_baseline(reference_data):
    member = MembershipFactory().organisation
    RoleFactory(organisation=member)
    SurveyFactory(organisation=member)
    supplier = SupplierFactory()
    ReviewFactory(supplier=supplier)
    PracticeFactory(organisation=member)
    make_document(member, file_format="txt")
    make_event(organisation=member)
    out = StringIO()

    call_command("benchmark", duration=1, only="home", stdout=out, stderr=StringIO())

    table = out.getvalue()
    assert "gunicorn (2 sync workers, DEBUG off)" in table
    baseline = next(line for line in table.splitlines() if line.startswith("baseline"))
    assert baseline.split()[-3:-1] == ["1", "1"]  # one query, cold and warm
    rows = [line.split() for line in table.splitlines() if line.startswith("home ")]
    assert [row[1] for row in rows] == ["visitor", "member"]
    for row in rows:
        assert float(row[2]) > 0  # requests per second
        assert "errors" not in " ".join(row)
