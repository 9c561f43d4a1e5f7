"""A comment the staff hid is seen by the staff alone, and its author can no longer edit it."""

import pytest
from django.urls import reverse

from practices.actions import edit_comment, hide_comment
from practices.models import Comment
from tests.factories import UserFactory
from tests.practices.factories import CommentFactory, PracticeFactory

pytestmark = pytest.mark.django_db

BODY = "Un commento che la segreteria ha nascosto."


def _hidden_comment(staff):
    comment = CommentFactory(practice=PracticeFactory(), body=BODY)
    return hide_comment(comment=comment, by=staff)


def _edit_url(comment):
    return reverse("practices:comment-edit", args=[comment.practice.slug, comment.pk])


def test_the_author_edits_a_shown_comment():
    comment = CommentFactory(practice=PracticeFactory())

    edit_comment(comment=comment, by=comment.author, body="Corretto.")

    comment.refresh_from_db()
    assert comment.body == "Corretto."


def test_the_author_cannot_edit_a_hidden_comment_through_the_action(staff, refused):
    comment = _hidden_comment(staff)

    with refused("hidden"):
        edit_comment(comment=comment, by=comment.author, body="Riscritto per sfuggire.")

    comment.refresh_from_db()
    assert comment.body == BODY


def test_an_action_given_a_stale_copy_still_refuses_a_hidden_comment(staff, refused):
    comment = CommentFactory(practice=PracticeFactory())
    stale = Comment.objects.get(pk=comment.pk)
    hide_comment(comment=comment, by=staff)

    with refused("hidden"):
        edit_comment(comment=stale, by=stale.author, body="Riscritto.")


@pytest.mark.parametrize("who", ["author", "someone else"])
def test_the_edit_page_of_a_hidden_comment_is_a_404(client, staff, who):
    comment = _hidden_comment(staff)
    shown = CommentFactory(practice=comment.practice, author=comment.author)
    client.force_login(comment.author if who == "author" else UserFactory())

    if who == "author":
        assert client.get(_edit_url(shown)).status_code == 200
    assert client.get(_edit_url(comment)).status_code == 404
    assert BODY not in client.get(comment.practice.get_absolute_url()).content.decode()


def test_staff_still_see_a_hidden_comment(client, staff):
    comment = _hidden_comment(staff)
    client.force_login(staff)

    response = client.get(comment.practice.get_absolute_url())

    assert response.status_code == 200
    assert BODY in response.content.decode()
