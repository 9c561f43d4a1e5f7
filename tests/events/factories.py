"""Events made the way the portal makes them: through `events.actions`, every field filled."""

import datetime
from decimal import Decimal

from django.utils import timezone

from events import actions
from events.models import Event, Kind, Registration
from members.access import AccessLevel
from members.models import Province, Region
from tests.factories import OrganisationFactory, UserFactory

_numbers = iter(range(1, 1_000_000))


def make_event(
    *,
    title=None,
    level=AccessLevel.PUBLIC,
    starts_in=datetime.timedelta(days=20),
    hours=3,
    capacity=30,
    **fields,
) -> Event:
    """A published course in Milan with every field filled, starting `starts_in` from now."""
    number = next(_numbers)
    starts_at = (timezone.now() + starts_in).replace(microsecond=0)
    data = {
        "title": title or f"Corso di catalogazione RDA, edizione {number}",
        "description": "Il corso **introduce** le regole RDA per la catalogazione in SBN.",
        "kind": Kind.COURSE,
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=hours),
        "venue": "Sala conferenze della Biblioteca Sormani",
        "address": "Corso di Porta Vittoria 6",
        "municipality": "Milano",
        "province": Province.objects.get(istat_code="015"),
        "region": Region.objects.get(istat_code="03"),
        "online_url": "https://meet.example.org/rda",
        "organisation": OrganisationFactory(),
        "capacity": capacity,
        "registration_deadline": starts_at - datetime.timedelta(days=1),
        "training_hours": Decimal(hours),
        "access_level": level,
        "tags": ["catalogazione", "RDA"],
        "is_published": True,
        "is_cancelled": False,
    }
    data.update(fields)
    staff = UserFactory(is_staff=True)
    return actions.save_event(by=staff, data=data)


def registered(event, person=None, status=Registration.Status.CONFIRMED, **fields):
    """A registration made directly, for tests that arrange what the action would refuse."""
    return Registration.objects.create(
        event=event, person=person or UserFactory(), status=status, **fields
    )
