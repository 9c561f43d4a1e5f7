"""Who may open and register to which event: every kind of person against every level."""

import pytest
from django.urls import reverse

from members.access import AccessLevel
from tests.events.factories import make_event
from tests.people import OPENS, PEOPLE


@pytest.mark.django_db
@pytest.mark.parametrize("level", list(AccessLevel))
@pytest.mark.parametrize("person", PEOPLE)
def test_each_person_opens_exactly_the_events_of_levels_they_reach(login, person, level):
    event = make_event(level=level)
    client = login(person)
    page = client.get(event.get_absolute_url())
    calendar = client.get(reverse("events:event-calendar", args=[event.slug]))
    if person in OPENS[level]:
        assert page.status_code == 200
        assert "Il corso <strong>introduce</strong>" in page.text
        assert calendar.status_code == 200
    else:
        for response in (page, calendar):
            assert response.status_code == 403
            assert "Contenuto riservato" in response.text
            assert "introduce" not in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["visitor", "base_user"])
def test_member_only_event_refuses_registration_with_the_locked_page(login, person):
    event = make_event(level=AccessLevel.MEMBER)
    client = login(person)
    response = client.post(reverse("events:event-register", args=[event.slug]))
    if person == "visitor":
        assert response.status_code == 302
        assert "/login/" in response["Location"] or "accedi" in response["Location"]
    else:
        assert response.status_code == 403
        assert "Contenuto riservato" in response.text
    assert not event.registrations.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("person", PEOPLE)
def test_unpublished_event_is_404_to_all_but_staff(login, person):
    event = make_event(is_published=False, title="Convegno in preparazione")
    client = login(person)
    response = client.get(event.get_absolute_url())
    listing = client.get(reverse("events:event-list"))
    if person == "staff":
        assert response.status_code == 200
        assert "Non pubblicato" in response.text
    else:
        assert response.status_code == 404
        assert "Convegno in preparazione" not in listing.text
        assert client.get(reverse("events:event-calendar", args=[event.slug])).status_code == 404


@pytest.mark.django_db
def test_member_only_event_is_listed_to_visitors_with_its_level(client):
    make_event(level=AccessLevel.MEMBER, title="Seminario riservato ai soci")
    response = client.get(reverse("events:event-list"))
    assert "Seminario riservato ai soci" in response.text
    assert "Organizzazioni aderenti" in response.text or "Member organisations" in response.text
