"""The events' pages: lists and filters, a constant number of queries, and the other pages'
sections (home page, the person's area, an organisation's page, the global search)."""

import datetime

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import actions
from events.models import Kind
from members.access import AccessLevel
from tests.events.factories import make_event, registered
from tests.factories import UserFactory
from tests.pages import browsers

LIST_QUERIES = 6  # the session, the person, their tier (which keys the stored list), the list
# The event and the person's registration: the rest of a page seen before is kept.
DETAIL_QUERIES = 3


@pytest.fixture
def many_events(db):
    events = [make_event(capacity=2) for _ in range(6)]
    for event in events:
        for _ in range(3):
            registered(event)
    return events


@pytest.mark.django_db
def test_list_runs_the_same_queries_whatever_the_number_of_events(
    client, base_user, many_events, django_assert_num_queries
):
    client.force_login(base_user)
    client.get(reverse("events:event-list"))  # the session and the tier, kept after this
    caches["pages"].clear()
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("events:event-list"))
    assert response.text.count("Al completo: lista d") == 6


@pytest.mark.django_db
def test_detail_runs_a_fixed_number_of_queries(
    client, base_user, many_events, django_assert_num_queries
):
    event = many_events[0]
    actions.register(event=event, person=base_user)
    client.force_login(base_user)
    client.get(event.get_absolute_url())
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(event.get_absolute_url())
    assert "in posizione 1" in response.text


@pytest.mark.django_db
def test_past_events_are_listed_apart(client):
    make_event(title="Corso che si terrà", starts_in=datetime.timedelta(days=3))
    make_event(title="Corso già svolto", starts_in=-datetime.timedelta(days=3))
    upcoming = client.get(reverse("events:event-list")).text
    past = client.get(reverse("events:past-list")).text
    assert "Corso che si terrà" in upcoming
    assert "Corso già svolto" not in upcoming
    assert "Corso già svolto" in past
    assert "Corso che si terrà" not in past


@pytest.mark.django_db
def test_filters_by_kind_region_month_and_access_are_shareable_urls(client):
    soon = timezone.now() + datetime.timedelta(days=40)
    make_event(title="Webinar di aprile", kind=Kind.WEBINAR, starts_in=soon - timezone.now())
    make_event(title="Corso riservato", level=AccessLevel.MEMBER)
    url = reverse("events:event-list")
    assert "Webinar di aprile" in client.get(url, {"kind": "webinar"}).text
    assert "Corso riservato" not in client.get(url, {"kind": "webinar"}).text
    month = soon.strftime("%Y-%m")
    assert "Webinar di aprile" in client.get(url, {"month": month}).text
    assert "Corso riservato" in client.get(url, {"access": "member"}).text
    assert "Webinar di aprile" not in client.get(url, {"access": "member"}).text
    assert "Webinar di aprile" in client.get(url, {"region": "03"}).text
    assert "Nessun evento trovato" in client.get(url, {"region": "20"}).text
    # A month that is no month, or a page past the end, still shows the list.
    assert client.get(url, {"month": "soon", "page": "99"}).status_code == 200


@pytest.mark.django_db
def test_empty_list_says_what_to_do(client):
    response = client.get(reverse("events:event-list"))
    assert "non ci sono eventi in programma" in response.text


@pytest.mark.django_db
def test_home_page_shows_the_next_public_events_only(client):
    make_event(title="Convegno pubblico di primavera")
    make_event(title="Incontro dei soci", level=AccessLevel.MEMBER)
    response = client.get(reverse("portal:home"))
    assert "Convegno pubblico di primavera" in response.text
    assert "Incontro dei soci" not in response.text


@pytest.mark.django_db
def test_the_persons_area_shows_their_registrations_and_waiting_places(client, base_user):
    full = make_event(title="Corso molto richiesto", capacity=1)
    actions.register(event=full, person=UserFactory())
    actions.register(event=full, person=base_user)
    actions.register(event=make_event(title="Webinar confermato"), person=base_user)
    client.force_login(base_user)
    response = client.get(reverse("portal:dashboard"))
    assert "Corso molto richiesto" in response.text
    assert "lista d'attesa, posizione 1" in response.text
    assert "Webinar confermato" in response.text


@pytest.mark.django_db
def test_an_organisations_page_lists_its_upcoming_events(client):
    event = make_event(title="Giornata di studio del sistema")
    response = client.get(event.organisation.get_absolute_url())
    assert "Giornata di studio del sistema" in response.text


@pytest.mark.django_db
def test_global_search_finds_events_the_person_may_open(client):
    make_event(title="Corso sulla conservazione preventiva")
    make_event(title="Conservazione per i soci", level=AccessLevel.MEMBER)
    response = client.get(reverse("portal:search"), {"q": "conservazione"})
    assert "Corso sulla conservazione preventiva" in response.text
    assert "Conservazione per i soci" not in response.text


@pytest.mark.django_db
def test_the_list_search_finds_a_locked_event_by_its_title_alone(client, official_referent):
    make_event(
        title="Corso riservato ai soci",
        description="La conservazione preventiva dei manoscritti miniati.",
        level=AccessLevel.MEMBER,
    )
    url = reverse("events:event-list")
    # Below the event's level, no word of its description finds it or shows...
    assert "Corso riservato ai soci" not in client.get(url, {"q": "manoscritti"}).text
    by_title = client.get(url, {"q": "corso riservato"}).text
    assert "Corso riservato ai soci" in by_title
    assert "manoscritti" not in by_title
    # ...while a member finds it by them, with the words that matched.
    client.force_login(official_referent)
    found = client.get(url, {"q": "manoscritti"}).text
    assert "Corso riservato ai soci" in found
    assert "<mark>manoscritti</mark>" in found


@pytest.mark.django_db
def test_a_list_stored_for_a_higher_level_never_reaches_a_member_below_it(
    official_referent, base_user
):
    make_event(
        title="Corso riservato ai soci",
        description="La conservazione preventiva dei manoscritti miniati.",
        level=AccessLevel.MEMBER,
    )
    url = reverse("events:event-list")
    member, below_member = Client(), Client()
    member.force_login(official_referent)
    below_member.force_login(base_user)  # logging in saves the person: both before the lists
    assert "<mark>manoscritti</mark>" in member.get(url, {"q": "manoscritti"}).text

    below = below_member.get(url, {"q": "manoscritti"}).text
    assert "Corso riservato ai soci" not in below
    assert "<mark>manoscritti</mark>" not in below


@pytest.mark.django_db
def test_the_kept_page_of_an_event_shows_its_online_link_to_the_registered_alone():
    event = make_event()
    registered_browser, other = browsers(registered(event).person, UserFactory())

    assert "https://meet.example.org/rda" in registered_browser.get(event.get_absolute_url()).text
    page = other.get(event.get_absolute_url()).text
    assert "https://meet.example.org/rda" not in page
    assert reverse("events:event-register", args=[event.slug]) in page


@pytest.mark.django_db
def test_an_events_seats_left_follow_each_registration(client):
    event = make_event(capacity=2)
    client.force_login(UserFactory())
    assert "2 posti, 2 liberi" in client.get(event.get_absolute_url()).text

    registered(event)

    page = client.get(event.get_absolute_url()).text
    assert "2 posti, 1 libero" in page
