"""The demo catalogue: about sixty suppliers across categories and regions, a few hundred
reviews, and every state a page can show; loading it again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from suppliers.models import Claim, Flag, Reply, Review, Supplier

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Supplier.objects.count(),
        Review.objects.count(),
        Reply.objects.count(),
        Claim.objects.count(),
        Flag.objects.count(),
    )


def test_the_demo_catalogue_is_varied_and_loading_it_twice_changes_nothing():
    call_command("seed_demo", stdout=StringIO())

    published = Supplier.objects.published()
    assert 55 <= published.count() <= 65
    assert 250 <= Review.objects.count() <= 500
    assert published.filter(is_nationwide=True).exists()
    assert published.values("regions").distinct().count() >= 15
    assert published.values("categories__parent").distinct().count() >= 5
    assert Review.objects.filter(is_for_member=True).exists()
    assert Supplier.objects.filter(status=Supplier.Status.PROPOSED).exists()
    assert Claim.objects.filter(status=Claim.Status.APPROVED).exists()
    assert Reply.objects.exists()
    assert Review.objects.filter(open_flag_count__gt=0).exists()
    for supplier in published.filter(review_count__gt=0)[:5]:
        assert supplier.review_count == supplier.reviews.visible().count()
    counts = _counts()

    call_command("seed_demo", stdout=StringIO())

    assert _counts() == counts
