"""Times the bank of practices with many rows: the list, its filters and search, a detail page.

With `--create N` it first adds N published practices (bulk, in a transaction that is rolled
back at the end, so the database is left as it was). It prints, for each page, the median time
of several requests and the number of SQL queries, which tests pin too.
"""

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from members.models import Organisation, Region, ServiceArea
from portal.lib.benchmark import time_pages
from practices.models import Audience, Licence, Practice

PAGES = [
    "/buone-pratiche/",
    "/buone-pratiche/?page=500",
    "/buone-pratiche/?q=lettura",
    "/buone-pratiche/?q=biblioteca+ragazzi",
    "/buone-pratiche/?q=letura",
    "/buone-pratiche/?macro_area=sud&kind=project",
    "/buone-pratiche/?audience=teenagers&order=adopted",
    "/buone-pratiche/?theme=comunicazione&featured=on",
    "/buone-pratiche/?order=title&page=100",
    "/buone-pratiche/feed/rss/",
    "/",
]
WORDS = [
    "lettura",
    "biblioteca",
    "ragazzi",
    "scuole",
    "prestito",
    "catalogo",
    "anziani",
    "famiglie",
    "volontari",
    "gara",
    "arredi",
    "campagna",
    "comunicazione",
    "formazione",
    "spazi",
    "partecipazione",
    "archivio",
    "digitale",
]


class Command(BaseCommand):
    help = "Time the practices pages on the current database; --create adds rows for the run."

    def add_arguments(self, parser):
        parser.add_argument("--create", type=int, default=0)
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, create, repeat, **options):
        with transaction.atomic():
            if create:
                self._create(create)
            self._time(repeat)
            transaction.set_rollback(True)

    def _create(self, count):
        organisations = list(Organisation.objects.listed()[:200])
        regions = list(Region.objects.all())
        themes = list(ServiceArea.objects.all())
        if not organisations:
            raise CommandError("Load the demo data first: no organisation to write practices.")
        rng = random.Random(2026)
        now = timezone.now()
        practices = Practice.objects.bulk_create(
            Practice(
                title=" ".join(rng.sample(WORDS, 4)).capitalize() + f" {number}",
                slug=f"benchmark-{number}",
                summary=" ".join(rng.sample(WORDS, 12)),
                body=" ".join(rng.choices(WORDS, k=200)),
                organisation=rng.choice(organisations),
                region=rng.choice(regions),
                kind=rng.choice(Practice.Kind.values),
                audiences=rng.sample(Audience.values, 2),
                licence=rng.choice(Licence.values),
                status=Practice.Status.PUBLISHED,
                is_featured=number % 50 == 0,
                published_at=now - timezone.timedelta(minutes=number),
            )
            for number in range(count)
        )
        Through = Practice.themes.through
        Through.objects.bulk_create(
            Through(practice_id=practice.pk, servicearea_id=rng.choice(themes).pk)
            for practice in practices
        )
        Practice.objects.filter(slug__startswith="benchmark-").refresh_search_vector()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE practices_practice")
        self.stdout.write(f"Added {count:,} practices for this run.")

    def _time(self, repeat):
        total = Practice.objects.published().count()
        self.stdout.write(f"{total:,} published practices in the database.")
        pages = list(PAGES)
        if practice := Practice.objects.published().order_by("-pk").first():
            pages.append(practice.get_absolute_url())
        client = Client(SERVER_NAME="127.0.0.1")
        for line in time_pages(client, pages, repeat):
            self.stdout.write(line)
