"""Times the directory of organisations on the current database, as a visitor sees it.

Import the whole registry first (`import_registry`) so that the numbers mean something; the
command only reads. It prints, for each page, the median time of several requests and the
number of SQL queries, which tests pin too.
"""

from django.core.management.base import BaseCommand
from django.test import Client

from members.models import Organisation, OrganisationKind
from portal.lib.benchmark import time_pages

PAGES = [
    "/organizzazioni/",
    "/organizzazioni/?page=300",
    "/organizzazioni/?q=biblioteca",
    "/organizzazioni/?q=citta",
    "/organizzazioni/?q=bibliteca+civca",
    "/organizzazioni/?macro_area=sud&kind=library",
    "/organizzazioni/?mezzogiorno=on&q=comunale",
    "/organizzazioni/?tier=official",
    "/organizzazioni/?region=03&q=monza",
]


class Command(BaseCommand):
    help = "Time the directory's pages on the current database (read only)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, repeat, **options):
        total = Organisation.objects.count()
        self.stdout.write(f"{total:,} organisations in the database.")
        pages = list(PAGES)
        system = (
            Organisation.objects.filter(kind=OrganisationKind.LIBRARY_SYSTEM)
            .order_by("-pk")
            .first()
        )
        if system:
            pages.append(system.get_absolute_url())
        client = Client(SERVER_NAME="127.0.0.1")
        for line in time_pages(client, pages, repeat):
            self.stdout.write(line)
