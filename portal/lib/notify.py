"""Workflow e-mail: one helper that tells people what happened to something that concerns them.

Every action that moves a workflow on (a practice returned, a membership approved, a service
request accepted) calls `notify()`. Each recipient gets a message of their own, written in their
own language, and nothing leaves before the action's transaction commits: a rolled-back action
sends nothing, and no one is told about a change that did not happen.

Templates come in two or three parts, `<template>.subject.txt` (one line), `<template>.txt` (the
body) and optionally `<template>.html`. Their context holds what the caller passes, plus
`recipient` (the person the message is for) and `site_url` (to build absolute links). A message
may carry files (an invitation to add to a calendar), the same for every recipient.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation


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
    for message in messages:
        # robust: the action has already committed, so a mail server that is down must not turn
        # its success into an error page; Django logs the failure instead.
        transaction.on_commit(message.send, robust=True)
    return len(messages)


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
