"""Two people review the same supplier at the same moment: both reviews count.

The threads commit for real, so the test runs in a transactional database; a barrier makes both
reach the action together, and the supplier row's lock serialises their recomputations.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from suppliers.actions import write_review
from suppliers.models import Supplier
from tests.factories import UserFactory
from tests.suppliers.factories import SupplierFactory, review_data

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_two_reviews_written_at_the_same_moment_are_both_counted():
    supplier = SupplierFactory()
    authors = [UserFactory(), UserFactory()]
    ratings = [5, 2]
    barrier = threading.Barrier(len(authors))
    errors = []

    def review(author, rating):
        try:
            barrier.wait(timeout=10)
            write_review(supplier=supplier, author=author, data=review_data(rating=rating))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=review, args=(author, rating))
        for author, rating in zip(authors, ratings, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    supplier = Supplier.objects.get(pk=supplier.pk)
    assert supplier.review_count == 2
    assert supplier.rating_average == Decimal("3.50")
    assert (supplier.stars_2, supplier.stars_5) == (1, 1)


def test_the_same_person_submitting_twice_at_once_gets_one_review():
    supplier = SupplierFactory()
    author = UserFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def review():
        try:
            barrier.wait(timeout=10)
            write_review(supplier=supplier, author=author, data=review_data())
            outcomes.append("written")
        except Exception as error:
            outcomes.append(getattr(error, "code", repr(error)))
        finally:
            connection.close()

    threads = [threading.Thread(target=review) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already_reviewed", "written"]
    assert Supplier.objects.get(pk=supplier.pk).review_count == 1
