"""Times the mapping report with many submitted surveys, as staff see it.

It adds `--systems` library systems with a submitted survey each, spread over the regions,
times the report's pages and its CSV, and rolls everything back: the database is left as it
was. Import the whole registry first (`import_registry`) so that the table of libraries in no
system has every province. It prints the median time of several requests and the number of
SQL queries, which tests pin too.
"""

import random

from django.core.management.base import BaseCommand
from django.test import Client
from django.utils import timezone

from mapping.actions import survey_year
from mapping.models import GovernanceModel, Survey, SystemElement
from members.models import Organisation, OrganisationKind, Province, ServiceArea, User
from portal.lib.benchmark import rolled_back, time_pages

PAGES = [
    "/mappatura/",
    "/mappatura/?mezzogiorno=on",
    "/mappatura/?macro_area=centro",
    "/mappatura/report.csv",
]


class Command(BaseCommand):
    help = "Time the mapping report with many surveys (the data it adds is rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--systems", type=int, default=2000)
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, systems, repeat, **options):
        with rolled_back():
            self.add_surveys(systems)
            self.time_pages(repeat)
        self.stdout.write("The surveys added for the benchmark were rolled back.")

    def add_surveys(self, count):
        chooser = random.Random(2789)
        provinces = list(Province.objects.select_related("region"))
        governance = list(GovernanceModel.objects.all())
        areas = list(ServiceArea.objects.all())
        elements = list(SystemElement.objects.all())
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Sistema di prova {number}",
                slug=f"benchmark-sistema-{number}",
                kind=OrganisationKind.LIBRARY_SYSTEM,
                status=Organisation.Status.APPROVED,
                province=(province := chooser.choice(provinces)),
                region=province.region,
            )
            for number in range(count)
        )
        surveys = Survey.objects.bulk_create(
            Survey(
                organisation=organisation,
                year=survey_year(),
                status=Survey.Status.SUBMITTED,
                submitted_at=timezone.now(),
                governance=chooser.choice(governance),
                management=chooser.choice(Survey.Management.values),
                libraries_count=chooser.randint(3, 90),
                municipalities_count=chooser.randint(3, 90),
                population_served=chooser.randint(10_000, 900_000),
                loans=chooser.randint(5_000, 900_000),
                needs="Formazione e personale." if chooser.random() < 0.3 else "",
            )
            for organisation in organisations
        )
        for relation, choices in (
            (Survey.support_needed, areas),
            (Survey.services_provided, areas),
            (Survey.elements, elements),
        ):
            through = relation.through
            target = relation.field.m2m_reverse_field_name()
            through.objects.bulk_create(
                through(survey=survey, **{target: choice})
                for survey in surveys
                for choice in chooser.sample(choices, 4)
            )
        self.stdout.write(
            f"{len(surveys):,} surveys added; "
            f"{Organisation.objects.filter(kind=OrganisationKind.LIBRARY).count():,} libraries "
            "in the database."
        )

    def time_pages(self, repeat):
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(User.objects.filter(is_staff=True).first())
        for line in time_pages(client, PAGES, repeat):
            self.stdout.write(line)
