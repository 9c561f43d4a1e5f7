"""Workflow e-mail: one helper that tells people what happened to something that concerns them.

Every action that moves a workflow on (a practice returned, a membership approved, a service
request accepted) calls `notify()`. Each recipient gets a message of their own, written in their
own language, and nothing leaves before the action's transaction commits: a rolled-back action
sends nothing, and no one is told about a change that did not happen. The message is written
when the action runs, from the state it saw, and sent by a background task (portal/lib/tasks.py):
the request never waits for the mail server, and a server that is down is tried again later.

Templates come in two or three parts, `<template>.subject.txt` (one line), `<template>.txt` (the
body) and optionally `<template>.html`. Their context holds what the caller passes, plus
`recipient` (the person the message is for) and `site_url` (to build absolute links). A message
may carry files (an invitation to add to a calendar), the same for every recipient.
"""

import base64
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation

from portal.lib.tasks import TRANSIENT_ERRORS, enqueue_on_commit, retry_later


def notify(
    *,
    to,
    template: str,
    context: dict | None = None,
    language: str | None = None,
    attachments: Iterable[tuple[str, bytes | str, str]] = (),
) -> int:
    """Queue one e-mail per recipient, sent when the current transaction commits.

    `to` is a person or an iterable of people: anything with an `email` attribute and, ideally,
    a `language` one (the portal's users). `language` overrides every recipient's own, for the
    rare message that must be in one language whatever the reader prefers. `attachments` are
    (filename, content, MIME type) triples attached to every message. Returns how many
    messages were queued; recipients without an address are skipped.
    """
    if isinstance(to, str):
        raise TypeError("notify() writes to people (users), not to bare addresses.")
    recipients = [to] if hasattr(to, "email") else list(to)
    attachments = list(attachments)
    messages = [
        _build_message(recipient, template, context or {}, language)
        for recipient in _unique_by_address(recipients)
    ]
    for message in messages:
        for filename, content, mimetype in attachments:
            message.attach(filename, content, mimetype)
        enqueue_on_commit(send_message, message=_as_json(message))
    return len(messages)


@task(takes_context=True)
def send_message(context, *, message: dict, attempt: int = 1) -> None:
    """Send one message written by `notify()`; a mail server that fails is tried again later."""
    try:
        _from_json(message).send()
    except TRANSIENT_ERRORS:
        retry_later(context)
        raise


def _as_json(message: EmailMultiAlternatives) -> dict:
    """The message as a task's arguments (JSON): whatever it carries, attachments included."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": message.to,
        "headers": message.extra_headers,
        "alternatives": [[content, mimetype] for content, mimetype in message.alternatives],
        "attachments": [
            [name, base64.b64encode(_bytes(content)).decode("ascii"), mimetype]
            for name, content, mimetype in message.attachments
        ],
    }


def _from_json(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for name, content, mimetype in data["attachments"]:
        message.attach(name, base64.b64decode(content), mimetype)
    return message


def _bytes(content) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else bytes(content)


def staff_to_notify():
    """The network's staff who hear of what lands in a staff queue: every active staff account."""
    return get_user_model().objects.filter(is_staff=True, is_active=True)


def _unique_by_address(recipients: Iterable) -> list:
    """Drop people with no address, and send once to someone listed twice."""
    seen = set()
    unique = []
    for recipient in recipients:
        address = (getattr(recipient, "email", "") or "").strip()
        if address and address.lower() not in seen:
            seen.add(address.lower())
            unique.append(recipient)
    return unique


def _build_message(recipient, template: str, context: dict, language: str | None):
    """Render the message now, in the recipient's language, from the state the action saw."""
    language = language or getattr(recipient, "language", "") or settings.LANGUAGE_CODE
    context = {
        **context,
        "recipient": recipient,
        "site_url": settings.PORTAL_SITE_URL.rstrip("/"),
    }
    with translation.override(language):
        # A subject is a single header line: whatever line breaks the template has are folded.
        subject = " ".join(_render_text(f"{template}.subject.txt", context).split())
        body = _render_text(f"{template}.txt", context)
        html = _render_html(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=settings.EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        to=[recipient.email],
        # RFC 3834: tells out-of-office responders not to answer an automatic message.
        headers={"Auto-Submitted": "auto-generated"},
    )
    if html is not None:
        message.attach_alternative(html, "text/html")
    return message


def _render_text(name: str, context: dict) -> str:
    """Render a plain-text template without HTML escaping.

    Autoescaping is for HTML; in a text e-mail it would turn "D'Angelo" into "D&#x27;Angelo".
    """
    template = get_template(name)
    return template.template.render(Context(context, autoescape=False))


def _render_html(name: str, context: dict) -> str | None:
    try:
        template = get_template(name)
    except TemplateDoesNotExist:
        return None
    return template.render(context)
