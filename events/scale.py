"""The events part of `seed_scale`: years of courses, conferences, meetings and webinars with
their registrations, in bulk.

Events spread from two years ago to a year ahead over the approved systems; each takes people up
to its capacity, the rest on its waiting list; past ones have attendance recorded and
certificate codes. The search vectors are computed in SQL, in one update.
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from events.models import CODE_ALPHABET, Event, Kind, Registration
from members.access import AccessLevel
from portal.lib.scale import Text, create_in_batches

TITLES = [
    "Corso di catalogazione RDA", "Convegno sulle biblioteche di pubblica lettura",
    "Webinar sul prestito digitale", "Incontro dei referenti di sistema",
    "Corso sui servizi per i ragazzi", "Webinar sull'accessibilità dei siti",
    "Giornata di studio sulla conservazione", "Corso sul codice dei contratti",
    "Laboratorio di lettura ad alta voce", "Convegno sulla cooperazione bibliotecaria",
]  # fmt: skip
PLACES = [
    ("Milano", "015"), ("Lecco", "097"), ("Siena", "052"), ("Lecce", "075"),
    ("Cagliari", "092"), ("Torino", "001"), ("Bologna", "037"), ("Napoli", "063"),
]  # fmt: skip


def _code(number: int) -> str:
    letters = ""
    for _ in range(12):
        number, digit = divmod(number, len(CODE_ALPHABET))
        letters += CODE_ALPHABET[digit]
    return f"{letters[:4]}-{letters[4:8]}-{letters[8:]}"


def create_events(rng, count: int, organisations, provinces: dict, progress) -> list[Event]:
    """`count` published events (one in twenty cancelled); `provinces` maps ISTAT codes to
    provinces with their region."""
    text = Text(rng)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    events = []
    for number in range(count):
        title = f"{rng.choice(TITLES)} n. {number + 1}"
        kind = rng.choice(Kind.values)
        starts_at = now + datetime.timedelta(days=rng.randint(-730, 365), hours=rng.randint(-4, 4))
        hours = rng.choice([2, 3, 4, 6, 7])
        online = kind == Kind.WEBINAR
        municipality, code = rng.choice(PLACES)
        province = None if online else provinces.get(code)
        events.append(
            Event(
                title=title,
                slug=f"{slugify(title)}",
                description=text.paragraphs(2),
                kind=kind,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=hours),
                venue="" if online else "Sala conferenze della biblioteca",
                address="" if online else "Piazza del Municipio 1",
                municipality="" if online else municipality,
                province=province,
                region=province.region if province else None,
                online_url=f"https://webinar.example/{number}" if online else "",
                organisation=rng.choice(organisations) if organisations else None,
                capacity=rng.choice([None, 20, 30, 50, 100]),
                registration_deadline=starts_at - datetime.timedelta(days=2),
                training_hours=Decimal(hours),
                access_level=rng.choices(AccessLevel.values, weights=[60, 25, 12, 3])[0],
                tag_text=kind,
                is_published=rng.random() < 0.97,
                is_cancelled=rng.random() < 0.05,
            )
        )
    events = create_in_batches(Event, events, count, progress)
    Event.objects.filter(pk__gte=events[0].pk).refresh_search_vectors()
    return events


def create_registrations(rng, count: int, events, people, progress) -> int:
    """About `count` registrations, spread over the events; each person once per event."""
    now = timezone.now()
    per_event = max(1, count // max(len(events), 1))
    rows = []
    for event in events:
        wanted = min(len(people), max(1, int(rng.gauss(per_event, per_event / 3))))
        confirmed = 0
        for person in rng.sample(people, wanted):
            full = event.capacity is not None and confirmed >= event.capacity
            status = Registration.Status.WAITING if full else Registration.Status.CONFIRMED
            # Every row draws the same numbers, past or not, so that the same seed gives the
            # same rows whatever the hour it runs.
            cancelled, present, code = rng.random() < 0.05, rng.random() < 0.85, rng.getrandbits(60)
            if cancelled:
                status = Registration.Status.CANCELLED
            attended = None
            if event.ends_at < now and status == Registration.Status.CONFIRMED:
                attended = present
            confirmed += status == Registration.Status.CONFIRMED
            rows.append(
                Registration(
                    event=event,
                    person=person,
                    status=status,
                    registered_at=event.starts_at - datetime.timedelta(days=rng.randint(3, 60)),
                    attended=attended,
                    attendance_marked_at=event.ends_at if attended is not None else None,
                    certificate_code=_code(code) if attended else None,
                )
            )
            if len(rows) >= count:
                break
        if len(rows) >= count:
            break
    create_in_batches(Registration, rows, len(rows), progress)
    return len(rows)
