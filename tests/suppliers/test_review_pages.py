"""The review pages: write, edit, delete, mark helpful, report and reply, as people use them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from suppliers.actions import write_review
from suppliers.models import Flag, HelpfulVote, Reply, Review, Supplier
from tests.factories import MembershipFactory, RoleFactory, UserFactory
from tests.suppliers.factories import (
    REVIEW_TEXT,
    ClaimFactory,
    ReviewFactory,
    SupplierFactory,
    review_data,
)

pytestmark = pytest.mark.django_db


def _form(**overrides):
    return {
        "rating": "5",
        "quality": "4",
        "value": "4",
        "reliability": "5",
        "communication": "3",
        "text": REVIEW_TEXT,
        **overrides,
    }


def _create_url(supplier):
    return reverse("suppliers:review-create", args=[supplier.slug])


def test_a_visitor_is_sent_to_log_in_to_review(client):
    supplier = SupplierFactory()

    response = client.get(_create_url(supplier))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_person_writes_a_review_and_sees_it_counted(client, base_user):
    supplier = SupplierFactory()
    client.force_login(base_user)

    response = client.post(_create_url(supplier), _form(cig="8123456abc", work_year="2024"))

    assert response.status_code == 302
    page = client.get(supplier.get_absolute_url()).content.decode()
    assert "Laboratori di lettura ben preparati" in page
    assert "8123456ABC" in page
    assert Supplier.objects.get(pk=supplier.pk).review_count == 1
    assert escape(gettext("Edit your review")) in page


def test_a_short_review_is_refused_next_to_the_field_and_keeps_what_was_typed(client, base_user):
    supplier = SupplierFactory()
    client.force_login(base_user)

    response = client.post(_create_url(supplier), _form(text="Troppo corta.", cig="abc"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Troppo corta." in html
    assert 'id="id_text-error"' in html
    assert 'id="id_cig-error"' in html
    assert not Review.objects.exists()


def test_a_second_review_is_turned_into_an_edit(client, base_user):
    supplier = SupplierFactory()
    review = ReviewFactory(supplier=supplier, author=base_user)
    client.force_login(base_user)

    response = client.get(_create_url(supplier))

    assert response["Location"] == reverse("suppliers:review-edit", args=[review.pk])


def test_the_author_edits_and_deletes_the_review(client, base_user):
    supplier = SupplierFactory()
    review = write_review(supplier=supplier, author=base_user, data=review_data())
    client.force_login(base_user)

    client.post(reverse("suppliers:review-edit", args=[review.pk]), _form(rating="2"))
    assert Supplier.objects.get(pk=supplier.pk).rating_average == 2

    client.post(reverse("suppliers:review-delete", args=[review.pk]))
    assert not Review.objects.exists()
    assert Supplier.objects.get(pk=supplier.pk).review_count == 0


def test_someone_else_cannot_edit_or_delete_a_review_and_is_told_why(client, base_user, staff):
    review = ReviewFactory()
    edit_url = reverse("suppliers:review-edit", args=[review.pk])
    reason = escape(gettext("Only its author can change a review."))

    for person in (base_user, staff):
        client.force_login(person)
        edit = client.get(edit_url)
        delete = client.post(reverse("suppliers:review-delete", args=[review.pk]))
        assert (edit.status_code, delete.status_code) == (403, 403)
        assert reason in edit.content.decode()
        assert reason in delete.content.decode()

    assert Review.objects.filter(pk=review.pk).exists()
    client.force_login(review.author)
    own = client.get(edit_url)
    assert own.status_code == 200
    assert reason not in own.content.decode()


def test_the_form_offers_only_organisations_where_the_person_holds_a_role(client, base_user):
    mine = RoleFactory(user=base_user).organisation
    MembershipFactory(organisation=mine)
    other = RoleFactory().organisation
    client.force_login(base_user)

    html = client.get(_create_url(SupplierFactory())).content.decode()

    assert mine.name in html
    assert other.name not in html


def test_a_review_for_a_member_organisation_shows_the_badge(client, official_referent):
    supplier = SupplierFactory()
    organisation = official_referent.roles.get().organisation
    client.force_login(official_referent)

    client.post(_create_url(supplier), _form(organisation=str(organisation.pk)))

    html = client.get(supplier.get_absolute_url()).content.decode()
    assert escape(gettext("Member organisation")) in html


def test_a_representative_sees_why_they_cannot_review(client):
    claim = ClaimFactory()
    client.force_login(claim.user)

    page = client.get(claim.supplier.get_absolute_url()).content.decode()
    response = client.get(_create_url(claim.supplier))

    assert escape(gettext("You represent this supplier, so you cannot review it.")) in page
    assert response.status_code == 302
    assert not Review.objects.exists()


def test_a_review_is_marked_helpful_once_per_person(client, base_user):
    review = ReviewFactory()
    client.force_login(base_user)
    url = reverse("suppliers:review-helpful", args=[review.pk])

    client.post(url)
    client.post(url)

    assert Review.objects.get(pk=review.pk).helpful_count == 1
    assert HelpfulVote.objects.count() == 1


def test_the_author_cannot_mark_their_own_review_helpful(client):
    review = ReviewFactory()
    client.force_login(review.author)

    client.post(reverse("suppliers:review-helpful", args=[review.pk]))

    assert Review.objects.get(pk=review.pk).helpful_count == 0


def test_a_report_reaches_the_staff_and_the_moderation_queue(
    client, base_user, staff, mailoutbox, committing
):
    review = ReviewFactory()
    client.force_login(base_user)

    with committing():
        response = client.post(
            reverse("suppliers:review-flag", args=[review.pk]),
            {"reason": "offensive", "note": "Insulta il personale."},
        )

    assert response.status_code == 302
    assert Review.objects.get(pk=review.pk).open_flag_count == 1
    assert [message.to for message in mailoutbox] == [[staff.email]]
    assert "Insulta il personale." in mailoutbox[0].body
    client.force_login(staff)
    queue = client.get(reverse("admin:suppliers_reviewinmoderation_changelist"))
    assert review.supplier.name in queue.content.decode()


def test_a_review_is_reported_once_per_person(client, base_user):
    review = ReviewFactory()
    client.force_login(base_user)
    url = reverse("suppliers:review-flag", args=[review.pk])

    client.post(url, {"reason": "spam"})
    response = client.post(url, {"reason": "false"})

    assert Flag.objects.count() == 1
    assert escape(gettext("You have already reported this review: the staff will look at it.")) in (
        response.content.decode()
    )


def test_a_representative_cannot_report_a_review_of_their_supplier(client):
    claim = ClaimFactory()
    review = ReviewFactory(supplier=claim.supplier)
    client.force_login(claim.user)

    client.post(reverse("suppliers:review-flag", args=[review.pk]), {"reason": "false"})

    assert not Flag.objects.exists()


def test_a_representative_replies_once_and_the_author_is_told(client, mailoutbox, committing):
    claim = ClaimFactory()
    review = ReviewFactory(supplier=claim.supplier, author__email="autrice@biblioteca.example")
    client.force_login(claim.user)
    url = reverse("suppliers:review-reply", args=[review.pk])

    with committing():
        client.post(url, {"text": "Grazie, ci fa piacere che il laboratorio sia piaciuto."})
    second = client.post(url, {"text": "Una seconda risposta."})

    assert Reply.objects.get().text.startswith("Grazie")
    assert second.status_code == 302
    assert Reply.objects.count() == 1
    assert [message.to for message in mailoutbox] == [["autrice@biblioteca.example"]]
    page = client.get(review.supplier.get_absolute_url()).content.decode()
    assert escape(gettext("Reply of the supplier")) in page


def test_staff_reply_to_a_review(client, staff):
    review = ReviewFactory()
    client.force_login(staff)

    client.post(
        reverse("suppliers:review-reply", args=[review.pk]),
        {"text": "La segreteria ha contattato il fornitore."},
    )

    assert Reply.objects.get().is_from_staff


@pytest.mark.parametrize("who", ["reviewer", "stranger", "pending_claimant"])
def test_only_representatives_and_staff_may_reply_and_others_are_told_why(client, who):
    review = ReviewFactory()
    people = {
        "reviewer": review.author,
        "stranger": UserFactory(),
        "pending_claimant": ClaimFactory(supplier=review.supplier, status="pending").user,
    }
    url = reverse("suppliers:review-reply", args=[review.pk])
    client.force_login(people[who])

    response = client.post(url, {"text": "Risposta non autorizzata."})

    assert response.status_code == 403
    html = response.content.decode()
    reason = escape(
        gettext("Only the supplier's representatives and the network's staff reply to its reviews.")
    )
    assert reason in html
    assert f'href="{reverse("suppliers:supplier-claim", args=[review.supplier.slug])}"' in html
    assert not Reply.objects.exists()
    client.force_login(ClaimFactory(supplier=review.supplier).user)
    allowed = client.get(url)
    assert allowed.status_code == 200
    assert reason not in allowed.content.decode()


@pytest.mark.parametrize(
    ("person", "may_reply"),
    [
        ("visitor", False),
        ("base_user", False),
        ("author", False),
        ("pending_claimant", False),
        ("other_supplier_representative", False),
        ("representative", True),
        ("staff", True),
    ],
)
def test_who_may_reply_to_a_review(request, person, may_reply):
    review = ReviewFactory()
    people = {
        "visitor": lambda: AnonymousUser(),
        "author": lambda: review.author,
        "pending_claimant": lambda: ClaimFactory(supplier=review.supplier, status="pending").user,
        "other_supplier_representative": lambda: ClaimFactory().user,
        "representative": lambda: ClaimFactory(supplier=review.supplier).user,
    }
    user = people[person]() if person in people else request.getfixturevalue(person)

    assert review.can_reply(user) is may_reply
    assert Review.objects.get(pk=review.pk).can_reply(user) is may_reply


def test_the_reply_link_shows_to_who_may_reply_under_reviews_without_a_reply(
    client, base_user, staff
):
    claim = ClaimFactory()
    waiting = ReviewFactory(supplier=claim.supplier)
    answered = ReviewFactory(supplier=claim.supplier)
    Reply.objects.create(review=answered, author=claim.user, text="Grazie della recensione.")
    reply_url = reverse("suppliers:review-reply", args=[waiting.pk])
    answered_url = reverse("suppliers:review-reply", args=[answered.pk])

    for person, shown in [(claim.user, True), (staff, True), (base_user, False)]:
        client.force_login(person)
        response = client.get(claim.supplier.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert f'id="review-{answered.pk}"' in html
        assert (f'href="{reply_url}"' in html) is shown
        assert f'href="{answered_url}"' not in html


def test_a_review_of_an_invisible_supplier_is_a_404(client, base_user):
    review = ReviewFactory(supplier__status=Supplier.Status.HIDDEN)
    client.force_login(base_user)

    for name in ("review-helpful", "review-flag", "review-reply"):
        assert client.post(reverse(f"suppliers:{name}", args=[review.pk])).status_code == 404


def test_a_representative_cannot_mark_a_review_of_their_supplier_helpful(client):
    claim = ClaimFactory()
    review = ReviewFactory(supplier=claim.supplier)
    client.force_login(claim.user)

    client.post(reverse("suppliers:review-helpful", args=[review.pk]))

    assert not HelpfulVote.objects.exists()
