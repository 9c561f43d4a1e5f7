"""'La mia area': one page with what waits for the person, each section from its own app."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from events.actions import register
from members.models import Role
from practices.models import Practice
from services.actions.requests import post_message
from tests.events.factories import make_event
from tests.factories import RoleFactory, SurveyFactory, UserFactory
from tests.practices.factories import PracticeFactory
from tests.services.factories import credit_package, make_request
from tests.suppliers.factories import ClaimFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def _en(name, *args):
    with override("en"):
        return reverse(name, args=args)


def _waiting_for(referent, staff, *, suffix=""):
    """Everything that can wait for a referent: a package ending soon, a person asking to join,
    a returned and a submitted practice, a review of the supplier they represent, a request
    with a question from staff, this year's survey half filled in, and a course they are
    registered to."""
    today = timezone.localdate()
    package = credit_package(
        credits=12,
        organisation__name=f"Sistema bibliotecario Nord Ovest{suffix}",
        ends_on=today + datetime.timedelta(days=20),
    )
    system = package.organisation
    RoleFactory(organisation=system, user=referent)
    RoleFactory(
        organisation=system,
        user__first_name="Teresa",
        user__last_name=f"Galli{suffix}",
        kind=Role.Kind.COLLABORATOR,
        status=Role.Status.PENDING,
    )
    PracticeFactory(
        organisation=system,
        title=f"Biblioteca diffusa nei quartieri{suffix}",
        status=Practice.Status.RETURNED,
        published_at=None,
        return_reason="Mancano i costi del progetto.",
    )
    PracticeFactory(
        organisation=system, title=f"Nati per leggere in pediatria{suffix}", submitted=True
    )
    claim = ClaimFactory(user=referent, supplier__name=f"Cooperativa Il Tarlo{suffix}")
    ReviewFactory(supplier=claim.supplier, rating=2)
    request = make_request(system, by=referent, subject=f"Corso di inglese{suffix}")
    post_message(request=request, by=staff, body="Quante persone?")
    SurveyFactory(organisation=system, status="draft", submitted_at=None)
    register(event=make_event(title=f"Corso di catalogazione RDA{suffix}"), person=referent)
    return system


def test_the_dashboard_shows_everything_that_waits_for_a_referent(client, staff):
    referent = UserFactory(first_name="Chiara", last_name="Rinaldi")
    _waiting_for(referent, staff)
    client.force_login(referent)
    html = client.get(_en("portal:dashboard")).content.decode()
    assert "Welcome, Chiara Rinaldi." in html
    assert "Sistema bibliotecario Nord Ovest" in html
    assert "ends in 20 days: ask for its renewal" in html
    assert "12 service credits left" in html
    assert "Teresa Galli" in html  # waiting for the referent's approval
    assert "Biblioteca diffusa nei quartieri" in html
    assert "Why it was returned: Mancano i costi del progetto." in html
    assert "Nati per leggere in pediatria" in html
    assert "Cooperativa Il Tarlo: a review of 2 out of 5" in html
    assert "Corso di inglese" in html
    assert f"Mapping survey {timezone.localdate().year} to fill in" in html
    assert "started, not submitted yet" in html
    assert "Corso di catalogazione RDA" in html


def test_a_base_profile_sees_how_to_find_their_organisation_and_nothing_waiting(client, base_user):
    client.force_login(base_user)
    html = client.get(_en("portal:dashboard")).content.decode()
    assert "You do not manage any organisation on the portal" in html
    for heading in (
        "Service requests waiting for your reply",
        "Practices returned or under review",
        "Reviews waiting for your reply",
        "to fill in",
        "People waiting for your approval",
        "Your upcoming events",
    ):
        assert heading not in html


def test_a_submitted_survey_and_a_replied_review_no_longer_wait(client, staff):
    referent = UserFactory()
    system = _waiting_for(referent, staff)
    system.surveys.update(status="submitted", submitted_at=timezone.now())
    client.force_login(referent)
    html = client.get(_en("portal:dashboard")).content.decode()
    assert "to fill in" not in html


def test_the_dashboard_is_only_for_people_who_logged_in(client):
    response = client.get(_en("portal:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(_en("account_login"))


def test_logging_in_leads_to_the_dashboard(client):
    UserFactory(email="anna@example.org", password="una-password-lunga-9")
    response = client.post(
        _en("account_login"), {"login": "anna@example.org", "password": "una-password-lunga-9"}
    )
    assert response.url == _en("portal:dashboard")


def test_the_dashboard_runs_a_constant_number_of_queries(client, staff, django_assert_num_queries):
    referent = UserFactory()
    _waiting_for(referent, staff)
    client.force_login(referent)
    url = _en("portal:dashboard")
    client.get(url)
    # The session, the person and their roles come from the pages cache after the first visit;
    # then one query per section: the requests, the practices, the reviews, the surveys, the
    # event registrations, the memberships with their credits, and the roles waiting for
    # approval.
    with django_assert_num_queries(7):
        client.get(url)
    _waiting_for(referent, staff, suffix=" 2")
    client.get(url)
    with django_assert_num_queries(7):
        response = client.get(url)
    assert "Corso di inglese 2" in response.content.decode()
