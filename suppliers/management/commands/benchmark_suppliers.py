"""Times the supplier catalogue's pages with a large synthetic catalogue, then rolls it back.

Inside one transaction it adds --suppliers suppliers (10,000 by default) spread over the
categories and regions, and --reviews reviews (100,000) by a thousand people, then prints for
each page the median time of several requests, as a visitor, and its number of SQL queries
(which tests pin too). Nothing is kept: the database is as it was afterwards.
"""

import random
import time
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from members.models import Region, User
from portal.lib.benchmark import time_pages
from suppliers.models import SEARCH_VECTOR, Category, Review, Supplier, SupplierKind

WORDS = ["letture", "laboratori", "arredi", "catalogo", "formazione", "eventi", "grafica"]
BATCH = 5_000


class Command(BaseCommand):
    help = "Time the supplier pages with a large synthetic catalogue (rolled back at the end)."

    def add_arguments(self, parser):
        parser.add_argument("--suppliers", type=int, default=10_000)
        parser.add_argument("--reviews", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, suppliers, reviews, repeat, **options):
        with transaction.atomic():
            started = time.perf_counter()
            busiest = self._fill(suppliers, reviews)
            self.stdout.write(
                f"{suppliers:,} suppliers and {reviews:,} reviews added in "
                f"{time.perf_counter() - started:.1f} s (rolled back at the end)."
            )
            self._time_pages(busiest, repeat)
            transaction.set_rollback(True)

    def _fill(self, count, review_count) -> Supplier:
        rng = random.Random(1)
        categories = list(Category.objects.all())
        regions = list(Region.objects.all())
        created = []
        for start in range(0, count, BATCH):
            batch = []
            for number in range(start, min(start + BATCH, count)):
                reviewed = rng.randint(0, 30)
                average = Decimal(rng.uniform(1, 5)).quantize(Decimal("0.01"))
                batch.append(
                    Supplier(
                        name=f"Fornitore di prova {number} {rng.choice(WORDS)}",
                        slug=f"fornitore-di-prova-{number}",
                        kind=rng.choice(SupplierKind.values),
                        status=Supplier.Status.PUBLISHED,
                        description=" ".join(rng.choices(WORDS, k=30)),
                        search_terms=rng.choice(WORDS),
                        review_count=reviewed,
                        rating_average=average if reviewed else None,
                        bayesian_score=(reviewed * average + 7 * Decimal("3.5")) / (reviewed + 7),
                        is_nationwide=rng.random() < 0.2,
                        is_verified=rng.random() < 0.3,
                    )
                )
            created.extend(Supplier.objects.bulk_create(batch))
        Supplier.objects.filter(pk__in=[s.pk for s in created]).update(search_vector=SEARCH_VECTOR)
        Supplier.categories.through.objects.bulk_create(
            (
                Supplier.categories.through(supplier=supplier, category=category)
                for supplier in created
                for category in rng.sample(categories, 2)
            ),
            batch_size=BATCH,
        )
        Supplier.regions.through.objects.bulk_create(
            (
                Supplier.regions.through(supplier=supplier, region=region)
                for supplier in created
                for region in rng.sample(regions, 3)
            ),
            batch_size=BATCH,
        )
        people = User.objects.bulk_create(
            User(email=f"benchmark-{number}@example.invalid", password="!")
            for number in range(1_000)
        )
        # Each person reviews a run of consecutive suppliers: no pair twice.
        per_person = max(1, review_count // len(people))
        Review.objects.bulk_create(
            (
                Review(
                    supplier=created[(index * per_person + offset) % len(created)],
                    author=person,
                    rating=rng.randint(1, 5),
                    quality=3,
                    value=3,
                    reliability=3,
                    communication=3,
                    text="Recensione di prova per misurare le pagine del catalogo. " * 2,
                    helpful_count=rng.randint(0, 20),
                )
                for index, person in enumerate(people)
                for offset in range(min(per_person, len(created)))
            ),
            batch_size=BATCH,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE suppliers_supplier, suppliers_review")
        return created[0]

    def _time_pages(self, busiest, repeat) -> None:
        list_url = reverse("suppliers:supplier-list")
        pages = [
            list_url,
            f"{list_url}?page=200",
            f"{list_url}?q=laboratori",
            f"{list_url}?q=letture+catalogo",
            f"{list_url}?category=promozione-lettura&region=03",
            f"{list_url}?min_rating=4&order=reviews&verified=on",
            f"{list_url}?kind=cooperative&order=name&page=50",
            busiest.get_absolute_url(),
            f"{busiest.get_absolute_url()}?sort=helpful",
        ]
        client = Client(SERVER_NAME="127.0.0.1")
        for line in time_pages(client, pages, repeat):
            self.stdout.write(line)
