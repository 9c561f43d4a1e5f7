"""Moderation holds: a review the staff hid stays, with its flags and their decision, and its
author reads that it is hidden and why."""

import pytest
from django.urls import reverse

from suppliers.actions import delete_review, flag_review, hide_review, write_review
from suppliers.models import Flag, Review
from tests.factories import UserFactory
from tests.suppliers.factories import SupplierFactory, review_data

pytestmark = pytest.mark.django_db

REASON = "Linguaggio offensivo verso il personale."


def _hidden_review(author, staff):
    supplier = SupplierFactory()
    review = write_review(supplier=supplier, author=author, data=review_data(rating=1))
    flag_review(review=review, by=UserFactory(), reason="offensive")
    hide_review(review=review, by=staff, reason=REASON)
    return review


def test_the_author_deletes_a_visible_review(base_user):
    review = write_review(supplier=SupplierFactory(), author=base_user, data=review_data())

    delete_review(review=review, by=base_user)

    assert not Review.objects.filter(pk=review.pk).exists()


def test_a_hidden_review_cannot_be_deleted_and_written_again(base_user, staff, refused):
    review = _hidden_review(base_user, staff)

    with refused("hidden"):
        delete_review(review=review, by=base_user)
    with refused("already_reviewed"):
        write_review(supplier=review.supplier, author=base_user, data=review_data(rating=5))

    review.refresh_from_db()
    assert review.status == Review.Status.HIDDEN
    assert review.moderation_reason == REASON
    assert review.moderated_by == staff
    assert review.flags.get().status == Flag.Status.UPHELD
    assert review.supplier.reviews.count() == 1


def test_the_author_sees_on_the_supplier_page_that_the_review_is_hidden_and_why(
    client, base_user, staff
):
    review = _hidden_review(base_user, staff)
    client.force_login(base_user)

    html = client.get(review.supplier.get_absolute_url()).content.decode()

    assert f'id="review-{review.pk}-hidden"' in html
    assert REASON in html
    assert reverse("suppliers:review-delete", args=[review.pk]) not in html


def test_the_author_sees_on_the_review_page_that_it_is_hidden_and_why(client, base_user, staff):
    review = _hidden_review(base_user, staff)
    client.force_login(base_user)

    html = client.get(reverse("suppliers:review-edit", args=[review.pk])).content.decode()

    assert f'id="review-{review.pk}-hidden"' in html
    assert REASON in html


def test_other_people_do_not_read_the_hidden_review_nor_the_reason(client, base_user, staff):
    review = _hidden_review(base_user, staff)
    client.force_login(UserFactory())

    html = client.get(review.supplier.get_absolute_url()).content.decode()

    assert review.supplier.name in html
    assert REASON not in html


def test_the_delete_page_of_a_hidden_review_is_refused_and_keeps_it(client, base_user, staff):
    review = _hidden_review(base_user, staff)
    visible = write_review(supplier=SupplierFactory(), author=base_user, data=review_data())
    client.force_login(base_user)

    assert client.get(reverse("suppliers:review-delete", args=[visible.pk])).status_code == 200
    response = client.post(reverse("suppliers:review-delete", args=[review.pk]))

    assert response.status_code == 403
    assert Review.objects.filter(pk=review.pk).exists()
