"""Staff review practices and hide comments in the admin, through the practices actions."""

import pytest
from django.urls import reverse

from practices.models import Practice
from tests.factories import UserFactory
from tests.pages import run_admin_action
from tests.practices.factories import CommentFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def test_staff_publish_a_submitted_practice_and_refusals_are_reported_one_by_one(
    staff_client, committing, mailoutbox
):
    submitter = UserFactory()
    submitted = PracticeFactory(submitted=True, submitted_by=submitter, title="In attesa")
    draft = PracticeFactory(draft=True, title="Ancora bozza")

    with committing():
        response = run_admin_action(staff_client, "publish", [submitted, draft])

    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert submitted.status == Practice.Status.PUBLISHED
    assert draft.status == Practice.Status.DRAFT
    assert "Pratiche pubblicate: 1." in response.text
    assert "«Ancora bozza» non è in attesa di revisione." in response.text
    assert [message.to for message in mailoutbox] == [[submitter.email]]


def test_returning_asks_for_the_reason_then_tells_the_submitter(
    staff_client, committing, mailoutbox
):
    submitter = UserFactory()
    practice = PracticeFactory(submitted=True, submitted_by=submitter)

    page = run_admin_action(staff_client, "return_with_reason", [practice])
    assert 'name="reason"' in page.text
    with committing():
        run_admin_action(staff_client, "return_with_reason", [practice], reason="Manca il budget.")

    practice.refresh_from_db()
    assert practice.status == Practice.Status.RETURNED
    assert practice.return_reason == "Manca il budget."
    assert "Manca il budget." in mailoutbox[0].body


def test_staff_feature_a_practice_and_hide_a_comment(staff_client):
    practice = PracticeFactory()
    comment = CommentFactory(practice=practice)

    run_admin_action(staff_client, "feature", [practice])
    run_admin_action(staff_client, "hide", [comment])

    practice.refresh_from_db()
    comment.refresh_from_db()
    assert practice.is_featured
    assert comment.is_hidden


def test_admin_pages_open(staff_client):
    practice = PracticeFactory()
    CommentFactory(practice=practice)

    for url in [
        reverse("admin:practices_practice_changelist"),
        reverse("admin:practices_practice_change", args=[practice.pk]),
        reverse("admin:practices_comment_changelist"),
    ]:
        assert staff_client.get(url).status_code == 200


def test_staff_read_a_practice_in_the_admin_but_do_not_rewrite_it(client, staff):
    practice = PracticeFactory(title="Leggere in ospedale")
    client.force_login(staff)
    url = reverse("admin:practices_practice_change", args=[practice.pk])

    page = client.get(url)
    client.post(url, {"title": "Riscritto dalla segreteria"})

    assert page.status_code == 200
    assert "Leggere in ospedale" in page.text
    practice.refresh_from_db()
    assert practice.title == "Leggere in ospedale"
