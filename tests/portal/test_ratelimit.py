"""The abuse limits: past a write's rate a person gets a 429 page that says what happened and
when to try again and shows back what they typed; nothing is saved and nobody is e-mailed.
Another person, or another address, keeps writing.

Texts are checked on the English site, whose words are the msgids.
"""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from members.models import Role
from portal.lib.env import env_rate, parse_rate
from practices.models import Comment
from suppliers.models import Flag
from tests.factories import OrganisationFactory, RoleFactory, UserFactory
from tests.practices.factories import PracticeFactory
from tests.suppliers.factories import ReviewFactory, SupplierFactory

pytestmark = pytest.mark.django_db


def _en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def _limit(settings, **rates):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, **rates}


def assert_limited(response, what, *typed):
    """A 429 page naming the limit and when to try again, with the typed texts shown back."""
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = " ".join(response.content.decode().split())
    assert what in html
    assert "has not been saved or sent" in html
    assert "You can try again in" in html
    for text in typed:
        assert f">{escape(text)}</textarea>" in html
    # Only the typed texts: no CSRF token, hidden field or choice.
    assert html.count("<textarea") == len(typed)


def test_the_comment_past_the_limit_is_shown_back_and_neither_saved_nor_sent(
    client, settings, base_user, official_referent, mailoutbox, committing
):
    _limit(settings, comments="2/h")
    practice = PracticeFactory(organisation=official_referent.roles.get().organisation)
    url = _en("practices:comment-add", practice.slug)
    client.force_login(base_user)
    with committing():
        for number in (1, 2):
            assert client.post(url, {"body": f"Commento {number}"}).status_code == 302
    assert len(mailoutbox) == 2

    with committing():
        response = client.post(url, {"body": "Il terzo, <b>lungo</b> commento."})

    assert_limited(
        response,
        "Comments on practices are limited to 2 an hour per person",
        "Il terzo, <b>lungo</b> commento.",
    )
    assert Comment.objects.count() == 2
    assert len(mailoutbox) == 2


def test_another_person_is_not_held_back_by_someone_elses_limit(client, settings, base_user):
    _limit(settings, comments="1/h")
    practice = PracticeFactory()
    url = reverse("practices:comment-add", args=[practice.slug])
    client.force_login(base_user)
    client.post(url, {"body": "Primo."})
    assert client.post(url, {"body": "Secondo."}).status_code == 429

    client.force_login(UserFactory())
    assert client.post(url, {"body": "Di un'altra persona."}).status_code == 302
    assert Comment.objects.count() == 2


def test_the_report_past_the_limit_reaches_nobody(
    client, settings, base_user, staff, mailoutbox, committing
):
    _limit(settings, flags="1/h")
    first, second = ReviewFactory(), ReviewFactory()
    client.force_login(base_user)
    with committing():
        client.post(_en("suppliers:review-flag", first.pk), {"reason": "spam"})
        response = client.post(
            _en("suppliers:review-flag", second.pk),
            {"reason": "offensive", "note": "Insulta il personale."},
        )

    assert_limited(response, "Reports of reviews are limited to 1 an hour", "Insulta il personale.")
    assert Flag.objects.count() == 1
    assert len(mailoutbox) == 1


def test_the_form_page_itself_is_not_counted(client, settings, base_user):
    _limit(settings, flags="1/h")
    review = ReviewFactory()
    client.force_login(base_user)
    url = reverse("suppliers:review-flag", args=[review.pk])
    for _ in range(3):
        assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "spam"}).status_code == 302


def test_the_role_request_past_the_limit_keeps_its_message(
    client, settings, base_user, mailoutbox, committing
):
    _limit(settings, role_requests="1/d")
    first, second = (RoleFactory().organisation for _ in range(2))
    client.force_login(base_user)
    with committing():
        client.post(_en("members:role-request", first.slug), {"kind": "collaborator"})
        response = client.post(
            _en("members:role-request", second.slug),
            {"kind": "referent", "message": "Sono la nuova direttrice.", "next": "/evil/"},
        )

    assert_limited(
        response,
        "Requests to join an organisation are limited to 1 a day",
        "Sono la nuova direttrice.",
    )
    html = response.content.decode()
    assert "/evil/" not in html  # a hidden field is not something the person typed
    assert list(Role.objects.filter(user=base_user).values_list("organisation", flat=True)) == [
        first.pk
    ]
    assert len(mailoutbox) == 1


def test_an_anonymous_export_is_limited_by_address(client, settings):
    _limit(settings, export="2/h")
    SupplierFactory()
    url = _en("suppliers:supplier-export")
    for _ in range(2):
        assert client.get(url, REMOTE_ADDR="203.0.113.7").status_code == 200

    response = client.get(url, REMOTE_ADDR="203.0.113.7")

    assert_limited(response, "Downloads of the supplier catalogue are limited to 2 an hour")
    assert "What you typed" not in response.content.decode()
    assert client.get(url, REMOTE_ADDR="203.0.113.8").status_code == 200


def test_a_logged_in_export_is_limited_by_person_not_by_address(client, settings, base_user):
    _limit(settings, export="1/h")
    client.get(reverse("suppliers:supplier-export"), REMOTE_ADDR="203.0.113.7")
    client.force_login(base_user)
    response = client.get(reverse("suppliers:supplier-export"), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200


def test_staff_sending_survey_links_are_limited_each(staff_client, settings):
    _limit(settings, survey_links="1/d")
    url = reverse("admin:mapping_surveyinvitation_add")
    organisation = OrganisationFactory()
    data = {"organisation": organisation.pk, "email": "sistema@example.org", "language": "it"}
    staff_client.post(url, data)

    response = staff_client.post(url, {**data, "email": "altro@example.org"})

    assert response.status_code == 429
    assert ">altro@example.org</textarea>" in response.content.decode()


def test_rates_read_from_the_environment_refuse_what_they_do_not_understand(monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_COMMENTS", "60/h")
    assert env_rate("RATE_LIMIT_COMMENTS", "30/h") == "60/h"
    assert parse_rate("5/15m") == (5, 900)
    monkeypatch.setenv("RATE_LIMIT_COMMENTS", "sixty an hour")
    with pytest.raises(ImproperlyConfigured, match="RATE_LIMIT_COMMENTS"):
        env_rate("RATE_LIMIT_COMMENTS", "30/h")


def test_behind_a_proxy_visitors_are_told_apart_by_the_header_it_sets(client, settings):
    _limit(settings, export="1/h")
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    url = reverse("suppliers:supplier-export")
    proxy = {"REMOTE_ADDR": "127.0.0.1"}

    assert client.get(url, HTTP_X_REAL_IP="203.0.113.7", **proxy).status_code == 200
    assert client.get(url, HTTP_X_REAL_IP="203.0.113.8", **proxy).status_code == 200
    assert client.get(url, HTTP_X_REAL_IP="203.0.113.7", **proxy).status_code == 429


def test_deleting_and_writing_a_review_again_is_limited_too(client, settings, base_user):
    _limit(settings, reviews="2/d")
    supplier = SupplierFactory()
    url = _en("suppliers:review-create", supplier.slug)
    form = {
        "rating": "5",
        "quality": "4",
        "value": "4",
        "reliability": "5",
        "communication": "3",
        "text": "Laboratori ben preparati e puntuali, con materiali adatti ai bambini. " * 2,
    }
    client.force_login(base_user)
    for _ in (1, 2):
        assert client.post(url, form).status_code == 302
        review = supplier.reviews.get(author=base_user)
        client.post(_en("suppliers:review-delete", review.pk))
        assert not supplier.reviews.exists()

    response = client.post(url, form)

    assert_limited(response, "Reviews of suppliers", form["text"])
    assert not supplier.reviews.exists()


def test_submitting_practices_for_review_is_limited(
    client, settings, official_referent, staff, mailoutbox, committing
):
    _limit(settings, submissions="1/d")
    organisation = official_referent.roles.get().organisation
    first, second = PracticeFactory.create_batch(2, organisation=organisation, draft=True)
    client.force_login(official_referent)
    with committing():
        client.post(_en("practices:practice-submit", first.slug), {"consent": "on"})
    first.refresh_from_db()
    assert first.status == first.Status.SUBMITTED

    with committing():
        response = client.post(_en("practices:practice-submit", second.slug), {"consent": "on"})

    assert_limited(response, "Practices submitted for review")
    second.refresh_from_db()
    assert second.status == second.Status.DRAFT
    assert len(mailoutbox) == 1
