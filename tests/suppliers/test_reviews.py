"""Writing, editing and deleting reviews through the actions, and the rating summary they keep."""

import datetime
import io
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext

from suppliers.actions import (
    SupplierError,
    delete_review,
    edit_review,
    hide_review,
    restore_review,
    write_review,
)
from suppliers.models import Review, Supplier
from tests.factories import MembershipFactory, RoleFactory, UserFactory
from tests.suppliers.factories import ClaimFactory, ReviewFactory, SupplierFactory, review_data

pytestmark = pytest.mark.django_db


def _summary(supplier):
    supplier = Supplier.objects.get(pk=supplier.pk)
    return {
        "count": supplier.review_count,
        "average": supplier.rating_average,
        "quality": supplier.quality_average,
        "stars": [
            supplier.stars_1,
            supplier.stars_2,
            supplier.stars_3,
            supplier.stars_4,
            supplier.stars_5,
        ],
        "score": supplier.bayesian_score,
    }


def test_a_registered_person_reviews_a_supplier_and_it_is_counted(base_user):
    supplier = SupplierFactory()

    review = write_review(
        supplier=supplier, author=base_user, data=review_data(rating=5, quality=3)
    )

    assert review.status == Review.Status.VISIBLE
    summary = _summary(supplier)
    assert summary["count"] == 1
    assert summary["average"] == Decimal("5.00")
    assert summary["quality"] == Decimal("3.00")
    assert summary["stars"] == [0, 0, 0, 0, 1]
    # (1 * 5 + 7 * 3.5) / (1 + 7)
    assert summary["score"] == Decimal("3.6875")


def test_a_person_reviews_a_supplier_only_once(base_user):
    supplier = SupplierFactory()
    write_review(supplier=supplier, author=base_user, data=review_data())

    with pytest.raises(SupplierError) as refused:
        write_review(supplier=supplier, author=base_user, data=review_data(rating=1))

    assert refused.value.code == "already_reviewed"
    assert _summary(supplier)["count"] == 1


def test_editing_a_review_updates_the_summary(base_user):
    supplier = SupplierFactory()
    review = write_review(supplier=supplier, author=base_user, data=review_data(rating=2))
    write_review(supplier=supplier, author=UserFactory(), data=review_data(rating=4))

    edit_review(review=review, by=base_user, data=review_data(rating=5, communication=1))

    summary = _summary(supplier)
    assert summary["average"] == Decimal("4.50")
    assert summary["stars"] == [0, 0, 0, 1, 1]
    assert Supplier.objects.get(pk=supplier.pk).communication_average == Decimal("2.50")


def test_only_its_author_edits_or_deletes_a_review(base_user, staff):
    review = write_review(supplier=SupplierFactory(), author=base_user, data=review_data())

    for person in (UserFactory(), staff):
        with pytest.raises(SupplierError):
            edit_review(review=review, by=person, data=review_data(rating=1))
        with pytest.raises(SupplierError):
            delete_review(review=review, by=person)
    assert Review.objects.get(pk=review.pk).rating == 4


def test_deleting_a_review_takes_it_out_of_the_summary(base_user):
    supplier = SupplierFactory()
    review = write_review(supplier=supplier, author=base_user, data=review_data(rating=1))
    write_review(supplier=supplier, author=UserFactory(), data=review_data(rating=5))

    delete_review(review=review, by=base_user)

    summary = _summary(supplier)
    assert summary["count"] == 1
    assert summary["average"] == Decimal("5.00")
    assert summary["stars"] == [0, 0, 0, 0, 1]


def test_hiding_a_review_takes_it_out_of_the_summary_and_restoring_brings_it_back(base_user, staff):
    supplier = SupplierFactory()
    review = write_review(supplier=supplier, author=base_user, data=review_data(rating=1))
    write_review(supplier=supplier, author=UserFactory(), data=review_data(rating=5))

    hide_review(review=review, by=staff, reason="Linguaggio offensivo.")
    assert _summary(supplier)["count"] == 1
    assert _summary(supplier)["average"] == Decimal("5.00")

    restore_review(review=review, by=staff, reason="Riformulata dall'autore.")
    assert _summary(supplier)["count"] == 2
    assert _summary(supplier)["average"] == Decimal("3.00")


def test_the_last_review_gone_leaves_an_empty_summary_at_the_prior(base_user):
    supplier = SupplierFactory()
    review = write_review(supplier=supplier, author=base_user, data=review_data(rating=5))

    delete_review(review=review, by=base_user)

    summary = _summary(supplier)
    assert summary["count"] == 0
    assert summary["average"] is None
    assert summary["score"] == Decimal("3.5000")


def test_one_five_star_review_does_not_outrank_forty_at_four_point_six():
    lucky = SupplierFactory(name="Una recensione")
    steady = SupplierFactory(name="Quaranta recensioni")
    write_review(supplier=lucky, author=UserFactory(), data=review_data(rating=5))
    for number in range(40):
        # 24 fives and 16 fours: a mean of 4.6.
        write_review(
            supplier=steady, author=UserFactory(), data=review_data(rating=5 if number < 24 else 4)
        )

    assert _summary(steady)["average"] == Decimal("4.60")
    assert list(Supplier.objects.best_rated()) == [steady, lucky]


def test_the_prior_is_a_setting(settings, base_user):
    settings.SUPPLIERS_RATING_PRIOR_REVIEWS = 1
    settings.SUPPLIERS_RATING_PRIOR_MEAN = 3.0
    supplier = SupplierFactory()

    write_review(supplier=supplier, author=base_user, data=review_data(rating=5))

    assert _summary(supplier)["score"] == Decimal("4.0000")


@pytest.mark.parametrize(
    ("text", "accepted"),
    [("x" * 49, False), ("x" * 50, True), ("x" * 5000, True), ("x" * 5001, False)],
)
def test_a_review_text_is_fifty_to_five_thousand_characters(base_user, text, accepted):
    supplier = SupplierFactory()
    if accepted:
        write_review(supplier=supplier, author=base_user, data=review_data(text=text))
    else:
        with pytest.raises(SupplierError) as refused:
            write_review(supplier=supplier, author=base_user, data=review_data(text=text))
        assert refused.value.field == "text"


def test_ratings_are_from_one_to_five(base_user):
    with pytest.raises(SupplierError) as refused:
        write_review(supplier=SupplierFactory(), author=base_user, data=review_data(value=6))
    assert refused.value.field == "value"


def test_a_person_writes_at_most_ten_reviews_a_day(base_user, refused):
    for _ in range(10):
        write_review(supplier=SupplierFactory(), author=base_user, data=review_data())

    with refused("too_many_reviews"):
        write_review(supplier=SupplierFactory(), author=base_user, data=review_data())

    Review.objects.filter(author=base_user).update(
        created_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    write_review(supplier=SupplierFactory(), author=base_user, data=review_data())


def test_a_person_without_a_verified_email_cannot_review(refused):
    person = UserFactory(verified=False)
    EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)

    with refused("may_not_review"):
        write_review(supplier=SupplierFactory(), author=person, data=review_data())


def test_a_supplier_representative_cannot_review_it(refused):
    claim = ClaimFactory()

    with refused("may_not_review"):
        write_review(supplier=claim.supplier, author=claim.user, data=review_data())
    assert not Review.objects.exists()


REVIEW_REFUSALS = {
    "visitor": "Log in to review this supplier.",
    "unverified": "Verify your e-mail address to review suppliers.",
    "representative": "You represent this supplier, so you cannot review it.",
}


@pytest.mark.parametrize(
    "person",
    [*REVIEW_REFUSALS, "pending_claimant", "base_user", "official_referent", "staff"],
)
def test_who_may_review_a_supplier_and_why_not(request, refused, person):
    supplier = SupplierFactory()
    people = {
        "visitor": lambda: AnonymousUser(),
        "unverified": lambda: UserFactory(verified=False),
        "representative": lambda: ClaimFactory(supplier=supplier).user,
        "pending_claimant": lambda: ClaimFactory(supplier=supplier, status="pending").user,
    }
    user = people[person]() if person in people else request.getfixturevalue(person)
    refusal = gettext(REVIEW_REFUSALS[person]) if person in REVIEW_REFUSALS else None

    assert supplier.review_refusal(user) == refusal
    if refusal is None:
        assert write_review(supplier=supplier, author=user, data=review_data()).pk
    elif user.is_authenticated:
        with refused("may_not_review") as caught:
            write_review(supplier=supplier, author=user, data=review_data())
        assert str(caught.value) == refusal
        assert not Review.objects.exists()


def test_a_proposed_supplier_cannot_be_reviewed(base_user, refused):
    supplier = SupplierFactory(status=Supplier.Status.PROPOSED)
    refusal = gettext("Suppliers can be reviewed once the network's staff publish them.")

    assert supplier.review_refusal(base_user) == refusal
    with refused("may_not_review"):
        write_review(supplier=supplier, author=base_user, data=review_data())


def test_a_review_for_a_member_organisation_carries_the_badge(official_referent, other_referent):
    official = official_referent.roles.get().organisation
    other = other_referent.roles.get().organisation

    member_review = write_review(
        supplier=SupplierFactory(),
        author=official_referent,
        data=review_data(organisation=official),
    )
    plain_review = write_review(
        supplier=SupplierFactory(), author=other_referent, data=review_data(organisation=other)
    )

    assert member_review.is_for_member
    assert member_review.organisation == official
    assert not plain_review.is_for_member


def test_a_review_names_only_an_organisation_where_its_author_holds_a_role(base_user):
    somebody_elses = MembershipFactory().organisation
    pending = RoleFactory(user=base_user, status="pending").organisation

    for organisation in (somebody_elses, pending):
        with pytest.raises(SupplierError) as refused:
            write_review(
                supplier=SupplierFactory(),
                author=base_user,
                data=review_data(organisation=organisation),
            )
        assert refused.value.field == "organisation"


def test_a_cited_cig_is_checked_and_upper_cased(base_user):
    review = write_review(
        supplier=SupplierFactory(),
        author=base_user,
        data=review_data(cig=" 8123456abc ", work_year=2024),
    )
    assert review.cig == "8123456ABC"
    assert review.work_year == 2024

    with pytest.raises(SupplierError) as refused:
        write_review(
            supplier=SupplierFactory(), author=UserFactory(), data=review_data(cig="123-456")
        )
    assert refused.value.field == "cig"


def test_a_claimed_supplier_is_told_of_each_new_review(base_user, mailoutbox, committing):
    claim = ClaimFactory(user__email="titolare@cooperativa.example")

    with committing():
        write_review(supplier=claim.supplier, author=base_user, data=review_data())

    assert [message.to for message in mailoutbox] == [["titolare@cooperativa.example"]]
    assert claim.supplier.name in mailoutbox[0].subject


def test_an_unclaimed_supplier_sends_no_mail_on_a_review(base_user, mailoutbox, committing):
    with committing():
        write_review(supplier=SupplierFactory(), author=base_user, data=review_data())
    assert mailoutbox == []


def test_review_factory_rows_count_only_after_a_recomputation():
    # The factory writes straight into the table: the summary is the actions' job.
    review = ReviewFactory()
    assert Supplier.objects.get(pk=review.supplier.pk).review_count == 0


def test_a_new_supplier_scores_the_prior_mean():
    assert SupplierFactory().bayesian_score == Decimal("3.5")


def test_the_ratings_command_recomputes_scores_after_the_prior_changes(settings, base_user):
    supplier = SupplierFactory()
    write_review(supplier=supplier, author=base_user, data=review_data(rating=5))
    settings.SUPPLIERS_RATING_PRIOR_REVIEWS = 3
    settings.SUPPLIERS_RATING_PRIOR_MEAN = 4.0

    call_command("recompute_supplier_ratings", stdout=io.StringIO())

    # (1 * 5 + 3 * 4) / (1 + 3)
    assert _summary(supplier)["score"] == Decimal("4.2500")
