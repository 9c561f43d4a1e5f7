"""Workflow e-mail: one message per person, in their language, sent once the change is saved."""

import datetime
from pathlib import Path

import pytest
from django.db import transaction

from portal.lib.notify import notify
from tests.factories import UserFactory

TEST_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
WHEN = datetime.date(2025, 11, 3)


@pytest.fixture(autouse=True)
def _test_templates(settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEST_TEMPLATES]}]
    settings.PORTAL_SITE_URL = "https://portale.example/"


@pytest.fixture
def italian(db):
    return UserFactory(first_name="Chiara", last_name="D'Angelo", language="it")


@pytest.fixture
def english(db):
    return UserFactory(first_name="Anna", last_name="Smith", language="en")


def send_notice(to, **kwargs):
    return notify(to=to, template="tests/emails/notice", context={"when": WHEN}, **kwargs)


def test_message_leaves_when_the_transaction_commits(
    italian, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_notice(italian)
        assert mailoutbox == []

    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [italian.email]


def test_nothing_is_sent_when_the_transaction_rolls_back(
    italian, mailoutbox, django_capture_on_commit_callbacks
):
    def failing_action():
        with transaction.atomic():
            send_notice(italian)
            raise RuntimeError("the action failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        failing_action()

    assert callbacks == []
    assert mailoutbox == []


def test_each_recipient_reads_the_notice_in_their_own_language(
    italian, english, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_notice([italian, english])

    by_address = {message.to[0]: message for message in mailoutbox}
    in_italian, in_english = by_address[italian.email], by_address[english.email]
    assert "Sì, Chiara" in in_italian.body
    assert "novembre" in in_italian.body
    assert "novembre" in in_italian.subject
    assert "Yes, Anna" in in_english.body
    assert "November" in in_english.body
    assert "November" in in_english.subject


def test_language_argument_overrides_the_recipients_own(
    english, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_notice(english, language="it")

    assert "Sì, Anna" in mailoutbox[0].body


def test_every_recipient_gets_a_message_of_their_own(
    italian, english, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queued = send_notice([italian, english, italian])

    assert queued == 2
    assert sorted(message.to[0] for message in mailoutbox) == sorted([italian.email, english.email])
    for message in mailoutbox:
        assert message.recipients() == message.to
        other = english if message.to == [italian.email] else italian
        assert other.email not in str(message.message())


def test_subject_is_one_line_with_the_site_prefix(
    italian, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_notice(italian)

    subject = mailoutbox[0].subject
    assert subject == "[Rete delle Reti] Sì, Chiara: novembre"
    assert "\n" not in subject


def test_text_body_is_not_html_escaped_and_links_to_the_site(
    italian, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_notice(italian)

    assert "Chiara D'Angelo." in mailoutbox[0].body
    assert "Link: https://portale.example/profilo/" in mailoutbox[0].body


def test_html_part_is_attached_and_escaped_when_the_template_exists(
    italian, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_notice(italian)
        notify(to=italian, template="tests/emails/plain", context={})

    with_html, text_only = mailoutbox
    [(html, mimetype)] = with_html.alternatives
    assert mimetype == "text/html"
    assert "<p>Sì, D&#x27;Angelo: novembre</p>" in html
    assert text_only.alternatives == []
    assert text_only.body == f"Only text for {italian.email}.\n"


def test_recipients_without_an_address_are_skipped(
    italian, mailoutbox, django_capture_on_commit_callbacks
):
    nobody = UserFactory.build(email="")
    with django_capture_on_commit_callbacks(execute=True):
        queued = send_notice([nobody, italian])

    assert queued == 1
    assert [message.to for message in mailoutbox] == [[italian.email]]


def test_a_bare_address_is_refused(db):
    with pytest.raises(TypeError):
        send_notice("someone@biblioteca.example")
