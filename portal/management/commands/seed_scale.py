"""Fills a database with the whole country and years of content, to measure the portal at scale.

    ./run manage seed_scale [--seed N]

Deterministic: the same seed gives the same rows. It runs only on a database that holds demo
data or nothing: every person must have an address under `.example` (the domain RFC 2606
keeps for examples), so it cannot be run by mistake against a real portal. See the README's
"Performance" section for the benchmark that reads this data.
"""

import random
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from documents.models import Document
from documents.scale import create_documents
from events.models import Event
from events.scale import create_events, create_registrations
from mapping.scale import create_surveys
from members.models import Organisation, OrganisationKind, Province, User
from members.scale import create_memberships, create_people, create_systems, load_registry
from portal.lib.progress import ProgressBar
from practices.scale import create_practices
from services.models import ServiceRequest
from services.scale import create_experts, create_service_requests
from suppliers.scale import create_reviews, create_suppliers

SIZES = {
    "systems": 2_000,
    "people": 5_000,
    "suppliers": 10_000,
    "reviews": 100_000,
    "practices": 20_000,
    "documents": 20_000,
    "service_requests": 5_000,
    "experts": 300,
    "events": 2_000,
    "event_registrations": 50_000,
    "survey_years": 3,
}


class Command(BaseCommand):
    help = (
        "Fill the database with the whole national registry, 2,000 systems with three years of "
        "surveys, 5,000 people, 10,000 suppliers, 100,000 reviews, 20,000 practices, 20,000 "
        "documents, 5,000 service requests, 300 experts and 2,000 events with 50,000 "
        "registrations, for the benchmark. Refuses a "
        "database with real people in it; on a database seeded before documents or services "
        "existed, adds them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="The same seed, the same data.")
        parser.add_argument(
            "--fraction",
            type=float,
            default=1.0,
            help="A share of the sizes (0.01 for a quick try); the registry is always whole.",
        )
        parser.add_argument(
            "--check-seeded",
            action="store_true",
            help="Only say, by the exit status, whether the database is already seeded at scale.",
        )

    def handle(self, *args, seed: int, fraction: float, check_seeded: bool, **options):
        if check_seeded:
            sys.exit(0 if is_seeded() else 1)
        real = User.objects.exclude(email__iendswith=".example")
        if real.exists():
            raise CommandError(
                f"This database has {real.count()} people whose address is not under .example: "
                "it looks like a real portal, and seed_scale would fill it with invented "
                "content. Run it on an empty or demo database (DATABASE_URL=...)."
            )
        if is_seeded():
            raise CommandError("This database is already seeded at scale.")
        if not 0 < fraction <= 1:
            raise CommandError("--fraction is a share between 0 and 1.")
        sizes = {
            name: value if name == "survey_years" else max(10, int(value * fraction))
            for name, value in SIZES.items()
        }
        rng = random.Random(seed)
        started = time.monotonic()
        staff = User.objects.filter(is_staff=True).order_by("pk").first()
        if has_systems():
            # Seeded by a version of the portal that had no documents or services yet: add
            # what is missing alone.
            with transaction.atomic():
                if not has_documents():
                    self.seed_documents(random.Random(seed + 1), sizes["documents"], staff)
                if not has_service_requests():
                    self.seed_services(random.Random(seed + 2), sizes, staff)
                if not has_events():
                    self.seed_events(random.Random(seed + 3), sizes)
            self.analyze(started)
            return
        with transaction.atomic():
            self.step("Registry libraries", load_registry)
            systems = self.step(
                "Library systems", lambda p: create_systems(rng, sizes["systems"], p)
            )
            approved = [s for s in systems if s.status == Organisation.Status.APPROVED]
            libraries = list(
                Organisation.objects.filter(kind=OrganisationKind.LIBRARY).order_by("pk")[::20]
            )
            people = self.step(
                "People and roles",
                lambda p: create_people(rng, sizes["people"], approved + libraries, p),
            )
            create_memberships(rng, systems, staff)
            suppliers = self.step(
                "Suppliers", lambda p: create_suppliers(rng, sizes["suppliers"], p)
            )
            self.step(
                "Reviews",
                lambda p: create_reviews(rng, sizes["reviews"], suppliers, people, approved, p),
            )
            self.step(
                "Practices",
                lambda p: create_practices(
                    rng, sizes["practices"], approved + libraries[:200], people, staff, p
                ),
            )
            self.step("Surveys", lambda p: create_surveys(rng, systems, sizes["survey_years"], p))
            self.seed_documents(rng, sizes["documents"], staff)
            self.seed_services(rng, sizes, staff)
            self.seed_events(rng, sizes)
        self.analyze(started)

    def seed_documents(self, rng, count, staff):
        organisations = list(
            Organisation.objects.filter(
                kind=OrganisationKind.LIBRARY_SYSTEM, status=Organisation.Status.APPROVED
            ).order_by("pk")
        )
        people = list(User.objects.filter(is_staff=False).order_by("pk")[:2000])
        self.step(
            "Documents",
            lambda p: create_documents(rng, count, organisations, people, staff, p),
        )

    def seed_services(self, rng, sizes, staff):
        organisations = list(
            Organisation.objects.filter(
                kind=OrganisationKind.LIBRARY_SYSTEM, status=Organisation.Status.APPROVED
            ).order_by("pk")
        )
        experts = self.step(
            "Experts", lambda p: create_experts(rng, sizes["experts"], organisations, p)
        )
        self.step(
            "Service requests",
            lambda p: create_service_requests(
                rng, sizes["service_requests"], organisations, staff, experts, p
            ),
        )

    def seed_events(self, rng, sizes):
        organisations = list(
            Organisation.objects.filter(
                kind=OrganisationKind.LIBRARY_SYSTEM, status=Organisation.Status.APPROVED
            ).order_by("pk")
        )
        provinces = {p.istat_code: p for p in Province.objects.select_related("region")}
        people = list(User.objects.filter(is_staff=False).order_by("pk")[:5000])
        events = self.step(
            "Events",
            lambda p: create_events(rng, sizes["events"], organisations, provinces, p),
        )
        self.step(
            "Event registrations",
            lambda p: create_registrations(rng, sizes["event_registrations"], events, people, p),
        )

    def analyze(self, started):
        self.stdout.write("Updating the planner's statistics (ANALYZE)")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Seeded at scale in {time.monotonic() - started:.0f} s.")
        )

    def step(self, label, function):
        progress = ProgressBar(self.stdout, label)
        try:
            return function(progress)
        finally:
            progress.finish()


def has_systems() -> bool:
    return Organisation.objects.filter(kind=OrganisationKind.LIBRARY_SYSTEM).count() > 1000


def has_documents() -> bool:
    return Document.objects.count() > 1000


def has_service_requests() -> bool:
    return ServiceRequest.objects.count() > 1000


def has_events() -> bool:
    return Event.objects.count() > 1000


def is_seeded() -> bool:
    return has_systems() and has_documents() and has_service_requests() and has_events()
