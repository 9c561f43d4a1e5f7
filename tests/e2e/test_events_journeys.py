"""Events in the browser: a registered person takes a seat, finds it among their registrations
and gives it up; the person first on the waiting list moves up and is told by e-mail."""

import pytest
from playwright.sync_api import expect

from events import actions
from events.models import Registration
from tests.events.factories import make_event
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_a_person_registers_sees_it_among_their_registrations_and_cancels(
    open_page, axe, mailoutbox
):
    event = make_event(title="Corso sulla catalogazione dei fondi locali", capacity=1)
    person = UserFactory(first_name="Lucia", last_name="Conti")
    waiting = UserFactory(first_name="Sara", last_name="Colombo")

    page = open_page(person, phone=True).page
    page.goto("/eventi/")
    page.get_by_role("link", name="Corso sulla catalogazione dei fondi locali").click()
    page.get_by_role("button", name="Iscriviti").click()
    expect(page.get_by_text("Sei iscritto: ti abbiamo inviato la conferma")).to_be_visible()
    assert mailoutbox[-1].to == [person.email]
    assert mailoutbox[-1].attachments

    # Someone else comes when the only seat is taken, and waits.
    actions.register(event=event, person=waiting)
    assert Registration.objects.get(person=waiting).status == "waiting"

    page.goto("/eventi/le-mie-iscrizioni/")
    expect(
        page.get_by_role("link", name="Corso sulla catalogazione dei fondi locali", exact=True)
    ).to_be_visible()
    expect(page.get_by_text("Confermato")).to_be_visible()
    page.get_by_role("button", name="Annulla la mia iscrizione").click()
    expect(page.get_by_text("La tua iscrizione è annullata")).to_be_visible()
    expect(page.get_by_text("Non sei iscritto a nessun evento in programma")).to_be_visible()

    # The seat goes to the first on the waiting list, who is told and sees it on the event.
    assert Registration.objects.get(person=waiting).status == "confirmed"
    assert mailoutbox[-1].to == [waiting.email]
    waiting_page = open_page(waiting).page
    waiting_page.goto(event.get_absolute_url())
    expect(waiting_page.get_by_text("Sei iscritto.")).to_be_visible()

    failures = []
    for url in ("/eventi/", "/eventi/le-mie-iscrizioni/", event.get_absolute_url()):
        failures.extend(axe(person).violations(url))
    failures.extend(axe().violations("/eventi/verifica-attestato/?code=ABCD-EFGH-JKMN"))
    failures.extend(axe().violations("/eventi/passati/"))
    assert failures == []


def test_a_person_on_the_waiting_list_sees_their_place_and_moves_up(open_page):
    event = make_event(title="Webinar sulle statistiche di prestito", capacity=1)
    first = UserFactory()
    seat = actions.register(event=event, person=first)
    person = UserFactory(first_name="Anna", last_name="Russo")

    page = open_page(person).page
    page.goto(event.get_absolute_url())
    expect(page.get_by_text("L'evento è al completo")).to_be_visible()
    page.get_by_role("button", name="Iscriviti alla lista d'attesa").click()
    expect(page.get_by_text("Sei in lista d'attesa, in posizione 1.")).to_be_visible()

    actions.cancel_registration(registration=seat, by=first)
    page.goto("/eventi/le-mie-iscrizioni/")
    expect(page.get_by_text("Confermato")).to_be_visible()
