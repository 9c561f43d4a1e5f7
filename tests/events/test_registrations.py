"""Registering to events: a seat or the waiting list, cancellations that move the list up, and
the moments when registrations are closed."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events import actions
from events.models import Registration
from members.access import AccessLevel
from tests.events.factories import make_event, registered
from tests.factories import UserFactory


@pytest.mark.django_db
def test_registering_confirms_a_seat_and_mails_the_event_as_a_calendar_file(
    client, base_user, committing
):
    event = make_event(title="Corso sul prestito digitale")
    client.force_login(base_user)
    with committing():
        response = client.post(reverse("events:event-register", args=[event.slug]), follow=True)
    assert "Sei iscritto" in response.text or "iscrizione" in response.text.lower()
    registration = Registration.objects.get(event=event, person=base_user)
    assert registration.status == Registration.Status.CONFIRMED
    [message] = mail.outbox
    assert message.to == [base_user.email]
    assert "Corso sul prestito digitale" in message.subject
    [(filename, content, mimetype)] = message.attachments
    assert filename.endswith(".ics")
    assert mimetype == "text/calendar"
    assert "SUMMARY:Corso sul prestito digitale" in str(content)


@pytest.mark.django_db
def test_a_full_event_puts_the_next_person_on_the_waiting_list(committing):
    event = make_event(capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    with committing():
        actions.register(event=event, person=first)
        waiting = actions.register(event=event, person=second)
        actions.register(event=event, person=third)
    assert waiting.status == Registration.Status.WAITING
    positions = dict(
        Registration.objects.with_waiting_position()
        .filter(status="waiting")
        .values_list("person", "waiting_position")
    )
    assert positions == {second.pk: 1, third.pk: 2}
    assert [len(message.attachments) for message in mail.outbox] == [1, 0, 0]


@pytest.mark.django_db
def test_cancelling_a_seat_gives_it_to_the_first_on_the_waiting_list_who_is_mailed(committing):
    event = make_event(capacity=1, title="Convegno sulle biblioteche scolastiche")
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    seat = actions.register(event=event, person=first)
    actions.register(event=event, person=second)
    actions.register(event=event, person=third)
    mail.outbox.clear()
    with committing():
        actions.cancel_registration(registration=seat, by=first)
    statuses = dict(Registration.objects.values_list("person", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: "confirmed", third.pk: "waiting"}
    [message] = mail.outbox
    assert message.to == [second.email]
    assert "Convegno sulle biblioteche scolastiche" in message.subject
    assert message.attachments


@pytest.mark.django_db
def test_the_person_on_the_waiting_list_sees_their_position_on_the_page(client):
    event = make_event(capacity=1)
    actions.register(event=event, person=UserFactory())
    person = UserFactory()
    actions.register(event=event, person=person)
    client.force_login(person)
    response = client.get(event.get_absolute_url())
    assert "posizione 1" in response.text


@pytest.mark.django_db
def test_one_registration_per_person_per_event(refused, base_user):
    event = make_event()
    actions.register(event=event, person=base_user)
    with refused("already_registered"):
        actions.register(event=event, person=base_user)
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_a_person_who_cancelled_can_register_again(base_user):
    event = make_event()
    registration = actions.register(event=event, person=base_user)
    actions.cancel_registration(registration=registration, by=base_user)
    again = actions.register(event=event, person=base_user)
    assert again.pk == registration.pk
    assert again.status == Registration.Status.CONFIRMED


@pytest.mark.django_db
def test_registrations_close_at_the_deadline(refused, base_user):
    event = make_event(registration_deadline=timezone.now() - datetime.timedelta(hours=1))
    with refused("closed"):
        actions.register(event=event, person=base_user)


@pytest.mark.django_db
def test_no_registration_after_the_start(refused, base_user):
    event = make_event(starts_in=-datetime.timedelta(hours=1), registration_deadline=None)
    with refused("started"):
        actions.register(event=event, person=base_user)


@pytest.mark.django_db
def test_no_registration_to_a_cancelled_event(refused, base_user, client):
    event = make_event(is_cancelled=True)
    with refused("cancelled"):
        actions.register(event=event, person=base_user)
    client.force_login(base_user)
    page = client.get(event.get_absolute_url())
    assert "Iscriviti</button>" not in page.text


@pytest.mark.django_db
def test_no_registration_below_the_level(refused, base_user):
    event = make_event(level=AccessLevel.MEMBER)
    with refused("access"):
        actions.register(event=event, person=base_user)


@pytest.mark.django_db
def test_closed_event_page_says_so(client, base_user):
    event = make_event(registration_deadline=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(base_user)
    response = client.get(event.get_absolute_url())
    assert "Le iscrizioni sono chiuse" in response.text


@pytest.mark.django_db
def test_visitor_is_asked_to_log_in_to_register(client):
    event = make_event()
    response = client.get(event.get_absolute_url())
    assert "Accedi per iscriverti" in response.text


@pytest.mark.django_db
def test_someone_else_cannot_cancel_a_registration(refused, base_user):
    event = make_event()
    registration = registered(event)
    with refused("not_yours"):
        actions.cancel_registration(registration=registration, by=base_user)


@pytest.mark.django_db
def test_my_registrations_lists_upcoming_and_past_with_certificates(client, base_user, staff):
    upcoming = make_event(title="Webinar sul bilancio sociale")
    past = make_event(title="Corso di lettura ad alta voce", starts_in=-datetime.timedelta(days=3))
    actions.register(event=upcoming, person=base_user)
    attended = registered(past, base_user)
    actions.mark_attendance(registrations=[attended], attended=True, by=staff)
    client.force_login(base_user)
    response = client.get(reverse("events:my-registrations"))
    assert "Webinar sul bilancio sociale" in response.text
    assert "Corso di lettura ad alta voce" in response.text
    assert reverse("events:certificate-download", args=[past.slug]) in response.text


@pytest.mark.django_db
def test_registrations_are_rate_limited_with_the_429_page(client, base_user, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "event_registrations": "1/d"}
    first, second = make_event(), make_event()
    client.force_login(base_user)
    client.post(reverse("events:event-register", args=[first.slug]))
    response = client.post(reverse("events:event-register", args=[second.slug]))
    assert response.status_code == 429
    assert not second.registrations.exists()
