"""Times a system's benchmark page and the map of the network with many systems answering.

It adds `--systems` library systems, each with a submitted survey for `--years` years (some
figures missing, as in real answers), and a referent for one of them; times the benchmark page
against each kind of peer group, its CSV and the map; and rolls everything back: the database is
left as it was. Import the whole registry first (`import_registry`) for the map to count every
library. It prints the median time of several requests and the number of SQL queries, which
tests pin too.
"""

import random
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mapping.actions import survey_year
from mapping.models import GovernanceModel, Survey
from members.models import Organisation, OrganisationKind, Province, Role, User
from portal.lib.benchmark import rolled_back, time_pages


class Command(BaseCommand):
    help = "Time the benchmark page and the map with many systems (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--systems", type=int, default=2000)
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, systems, years, repeat, **options):
        with rolled_back():
            system, referent = self.add_surveys(systems, years)
            self.time_pages(system, referent, repeat)
        self.stdout.write("The systems and surveys added for the benchmark were rolled back.")

    def add_surveys(self, count, years):
        chooser = random.Random(11620)
        provinces = list(Province.objects.select_related("region"))
        governance = list(GovernanceModel.objects.all())
        systems = Organisation.objects.bulk_create(
            Organisation(
                name=f"Sistema di confronto {number}",
                slug=f"benchmark-peers-{number}",
                kind=OrganisationKind.LIBRARY_SYSTEM,
                status=Organisation.Status.APPROVED,
                province=(province := chooser.choice(provinces)),
                region=province.region,
                municipality=f"Comune {number}",
            )
            for number in range(count)
        )
        this_year = survey_year()

        def figure(value):
            return None if chooser.random() < 0.08 else value

        surveys = []
        for system in systems:
            libraries = chooser.randint(3, 80)
            population = libraries * chooser.randint(4_000, 25_000)
            model = chooser.choice(governance)
            shares = chooser.random() < 0.2
            for year in range(this_year - years + 1, this_year + 1):
                surveys.append(
                    Survey(
                        organisation=system,
                        year=year,
                        status=Survey.Status.SUBMITTED,
                        submitted_at=timezone.now(),
                        governance=model,
                        management=chooser.choice(Survey.Management.values),
                        libraries_count=libraries,
                        municipalities_count=libraries,
                        population_served=population,
                        figures_year=year - 1,
                        loans=figure(int(population * chooser.uniform(0.3, 3))),
                        active_users=figure(int(population * chooser.uniform(0.03, 0.25))),
                        opening_hours_per_week=figure(
                            Decimal(f"{libraries * chooser.uniform(12, 40):.1f}")
                        ),
                        staff_fte=figure(Decimal(f"{libraries * chooser.uniform(0.5, 3):.1f}")),
                        acquisitions_spending=figure(
                            Decimal(f"{population * chooser.uniform(0.2, 2.5):.2f}")
                        ),
                        shares_figures=shares,
                    )
                )
        Survey.objects.bulk_create(surveys, batch_size=2000)
        referent = User.objects.create_user(email="benchmark-peers@rete.example")
        Role.objects.create(
            user=referent,
            organisation=systems[0],
            kind=Role.Kind.REFERENT,
            status=Role.Status.APPROVED,
        )
        self.stdout.write(
            f"{len(systems):,} systems and {len(surveys):,} surveys added; "
            f"{Organisation.objects.filter(kind=OrganisationKind.LIBRARY).count():,} libraries "
            "in the database."
        )
        return systems[0], referent

    def time_pages(self, system, referent, repeat):
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(referent)
        page = reverse("mapping:system-benchmark", args=[system.slug])
        picked = "&".join(f"peers=benchmark-peers-{number}" for number in range(1, 21))
        urls = [
            page,
            f"{page}?group=macro_area",
            f"{page}?group=governance",
            f"{page}?group=picked&{picked}",
            reverse("mapping:system-benchmark-csv", args=[system.slug]),
            # Logged in, so the page is drawn each time and not served from the visitors' cache.
            reverse("mapping:network-map"),
        ]
        for line in time_pages(client, urls, repeat):
            self.stdout.write(line)
