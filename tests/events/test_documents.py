"""What events hand out: calendar files and feeds, certificates of attendance and their public
verification, the staff's list of attendees, and the structured data of an event's page."""

import csv
import datetime
import io
import json
import re
import zoneinfo
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from events import actions
from events.models import Event, Registration
from members.access import AccessLevel
from tests.events.factories import make_event, registered
from tests.factories import UserFactory

ROME = zoneinfo.ZoneInfo("Europe/Rome")
HOSTILE = "</script><script>alert(1)</script>"


def _attended(staff, **fields):
    event = make_event(starts_in=-datetime.timedelta(days=2), **fields)
    person = UserFactory(first_name="Giovanna", last_name="D'Amico")
    registration = registered(event, person)
    actions.mark_attendance(registrations=[registration], attended=True, by=staff)
    registration.refresh_from_db()
    return registration


@pytest.mark.django_db
def test_the_calendar_file_holds_the_title_the_hour_in_rome_and_the_place(client):
    starts = datetime.datetime(2031, 3, 30, 9, 30, tzinfo=ROME)  # the day summer time starts
    event = make_event(title="Corso sul restauro del libro antico")
    actions.save_event(
        event=event,
        by=UserFactory(is_staff=True),
        data={
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=4),
            "registration_deadline": starts - datetime.timedelta(days=1),
        },
    )
    response = client.get(reverse("events:event-calendar", args=[event.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment")
    text = response.content.decode()
    assert "SUMMARY:Corso sul restauro del libro antico" in text
    assert "DTSTART;TZID=Europe/Rome:20310330T093000" in text
    [component] = Calendar.from_ical(response.content).walk("VEVENT")
    assert component.decoded("dtstart") == starts
    assert "Sormani" in str(component["location"])
    assert str(component["url"]).endswith(event.get_absolute_url())


@pytest.mark.django_db
def test_the_calendar_feed_and_rss_hold_only_public_events(client):
    make_event(title="Webinar aperto a tutti")
    make_event(title="Corso per gli utenti registrati", level=AccessLevel.REGISTERED)
    make_event(title="Incontro riservato ai soci", level=AccessLevel.MEMBER)
    make_event(title="Convegno non ancora pubblicato", is_published=False)
    for name in ("events:event-feed-ics", "events:event-feed-rss", "events:event-feed-atom"):
        text = client.get(reverse(name)).content.decode()
        assert "Webinar aperto a tutti" in text
        assert "utenti registrati" not in text
        assert "riservato ai soci" not in text
        assert "non ancora pubblicato" not in text


@pytest.mark.django_db
def test_the_list_page_advertises_its_feeds_in_the_head(client):
    response = client.get(reverse("events:event-list"))
    head = response.text.split("</head>")[0]
    assert reverse("events:event-feed-rss") in head
    assert reverse("events:event-feed-atom") in head


@pytest.mark.django_db
def test_an_attendee_downloads_a_certificate_with_name_event_date_hours_and_code(client, staff):
    registration = _attended(staff, title="Corso di catalogazione dei manoscritti", hours=5)
    client.force_login(registration.person)
    response = client.get(reverse("events:certificate-download", args=[registration.event.slug]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert "Attestato di partecipazione" in text
    assert "Giovanna D'Amico" in text
    assert "Corso di catalogazione dei manoscritti" in text
    day = registration.event.local_start
    assert f"{day.day} " in text
    assert str(day.year) in text
    assert "Ore di formazione: 5" in text
    assert registration.certificate_code in text


@pytest.mark.django_db
def test_no_certificate_for_someone_who_did_not_attend(client, staff):
    event = make_event(starts_in=-datetime.timedelta(days=2))
    absent = registered(event)
    actions.mark_attendance(registrations=[absent], attended=False, by=staff)
    client.force_login(absent.person)
    assert client.get(reverse("events:certificate-download", args=[event.slug])).status_code == 404


@pytest.mark.django_db
def test_anyone_verifies_a_certificate_by_its_code_however_typed(client, staff):
    registration = _attended(staff, title="Convegno sulla conservazione digitale", hours=6)
    typed = registration.certificate_code.replace("-", " ").lower()
    response = client.get(reverse("events:certificate-verify"), {"code": typed})
    assert "Attestato valido" in response.text
    assert "Giovanna D&#x27;Amico" in response.text
    assert "Convegno sulla conservazione digitale" in response.text
    assert registration.certificate_code in response.text


@pytest.mark.django_db
def test_an_unknown_code_is_clearly_not_found(client):
    response = client.get(reverse("events:certificate-verify"), {"code": "ABCD-EFGH-JKMN"})
    assert "Attestato non trovato" in response.text
    response = client.get(reverse("events:certificate-verify"), {"code": "<b>nonsense"})
    assert "12 lettere e cifre" in response.text


@pytest.mark.django_db
def test_staff_mark_attendance_from_the_admin_and_codes_are_issued(staff_client):
    event = make_event(starts_in=-datetime.timedelta(hours=2))
    registrations = [registered(event) for _ in range(2)]
    response = staff_client.post(
        reverse("admin:events_registration_changelist"),
        {"action": "mark_attended", "_selected_action": [r.pk for r in registrations]},
        follow=True,
    )
    assert response.status_code == 200
    codes = set(Registration.objects.values_list("certificate_code", flat=True))
    assert None not in codes
    assert len(codes) == 2


@pytest.mark.django_db
def test_staff_download_the_attendees_as_csv(staff_client):
    event = make_event(title="Corso sulla gestione delle raccolte")
    registered(event, UserFactory(first_name="Marta", last_name="=SUM(A1)"))
    registered(event, status=Registration.Status.WAITING)
    response = staff_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "download_attendees", "_selected_action": [event.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Evento", "Data", "Cognome"]
    assert len(rows) == 3
    assert rows[1][2] == "'=SUM(A1)"
    assert sorted(row[5] for row in rows[1:]) == ["Confermato", "In lista d'attesa"]


@pytest.mark.django_db
def test_a_hostile_title_stays_text_in_the_json_ld_and_the_pages(client):
    event = make_event(title=HOSTILE)
    response = client.get(event.get_absolute_url())
    assert "<script>alert(1)" not in response.text
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    data = json.loads(block)
    assert data["@type"] == "Event"
    assert data["name"] == HOSTILE
    assert data["startDate"].endswith(("+01:00", "+02:00"))
    listing = client.get(reverse("events:event-list"))
    assert "<script>alert(1)" not in listing.text
    assert "&lt;/script&gt;" in listing.text


@pytest.mark.django_db
def test_staff_create_an_event_in_the_admin_through_the_action(staff_client):
    starts = timezone.now() + datetime.timedelta(days=10)
    response = staff_client.post(
        reverse("admin:events_event_add"),
        {
            "title": "Webinar sulle statistiche di prestito",
            "description": "Come leggere i dati.",
            "kind": "webinar",
            "starts_at_0": starts.strftime("%d/%m/%Y"),
            "starts_at_1": "10:00:00",
            "ends_at_0": starts.strftime("%d/%m/%Y"),
            "ends_at_1": "12:00:00",
            "online_url": "https://meet.example.org/statistiche",
            "training_hours": "2",
            "access_level": "public",
            "tags": "statistiche",
            "is_published": "on",
            "registrations-TOTAL_FORMS": "0",
            "registrations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.slug == "webinar-sulle-statistiche-di-prestito"
    assert event.training_hours == Decimal(2)
    assert Event.objects.search("statistiche").get() == event
