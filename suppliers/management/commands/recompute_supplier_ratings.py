"""Recomputes every supplier's rating summary, as after a change of the Bayesian prior."""

from django.core.management.base import BaseCommand

from suppliers.actions import recompute_ratings
from suppliers.models import Supplier


class Command(BaseCommand):
    help = (
        "Recompute the rating summary of every supplier from its visible reviews (run it after "
        "changing SUPPLIERS_RATING_PRIOR_REVIEWS or SUPPLIERS_RATING_PRIOR_MEAN)."
    )

    def handle(self, *args, **options):
        count = 0
        for pk in Supplier.objects.values_list("pk", flat=True).iterator():
            recompute_ratings(supplier=pk)
            count += 1
        self.stdout.write(self.style.SUCCESS(f"Ratings recomputed for {count} suppliers."))
