"""Limits on the writes that e-mail someone or land in a staff queue, and on costly exports.

`@limited("comments")` counts a view's POSTs (or, with `method=ANY`, every request) per person,
or per IP address for someone not logged in, in the shared cache through django-ratelimit, at
the rate `settings.PORTAL_RATE_LIMITS` gives that name. Past it the view does not run: the
person gets a 429 page that says what happened and when to try again, and shows back what they
typed, so that nothing is lost.
"""

import datetime
from functools import wraps

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit import ALL, UNSAFE
from django_ratelimit.core import get_usage

from portal.lib.env import parse_rate

ANY = ALL

# What each limit counts, as the 429 page names it.
WHAT = {
    "comments": gettext_lazy("Comments on practices"),
    "submissions": gettext_lazy("Practices submitted for review"),
    "reviews": gettext_lazy("Reviews of suppliers"),
    "flags": gettext_lazy("Reports of reviews"),
    "helpful": gettext_lazy("Votes for helpful reviews"),
    "replies": gettext_lazy("Replies to reviews"),
    "proposals": gettext_lazy("Proposals of new suppliers"),
    "claims": gettext_lazy("Claims of supplier profiles"),
    "registrations": gettext_lazy("Registrations of organisations"),
    "role_requests": gettext_lazy("Requests to join an organisation"),
    "library_links": gettext_lazy("Libraries linked to a system"),
    "memberships": gettext_lazy("Membership applications"),
    "survey_links": gettext_lazy("Survey invitation links"),
    "export": gettext_lazy("Downloads of the supplier catalogue"),
    "uploads": gettext_lazy("Documents and versions shared"),
    "document_flags": gettext_lazy("Reports of documents"),
    "service_requests": gettext_lazy("Requests for services"),
    "service_messages": gettext_lazy("Messages and cancellations of service requests"),
    "competence_offers": gettext_lazy("Competences offered to the network"),
    "event_registrations": gettext_lazy("Registrations to events and their cancellations"),
}

# Fields a person picks rather than types, or that must never be shown back.
_NOT_TYPED = (
    forms.HiddenInput,
    forms.PasswordInput,
    forms.FileInput,
    forms.Select,
    forms.RadioSelect,
    forms.CheckboxInput,
    forms.CheckboxSelectMultiple,
)


def limited(name, *, method=UNSAFE, form=None):
    """Counts the view's requests of `method` (POST and the other writes unless told) against
    the rate `PORTAL_RATE_LIMITS[name]`; `form`, the view's form class, labels the typed texts
    the 429 page shows back."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            usage = get_usage(
                request,
                group=f"portal.{name}",
                key="user_or_ip",
                rate=settings.PORTAL_RATE_LIMITS[name],
                method=method,
                increment=True,
            )
            if usage and usage["should_limit"]:
                return too_many_requests(request, name, usage, form)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def too_many_requests(request, name, usage, form=None):
    """The 429 page: what was limited, at what rate, when to try again, and the typed texts."""
    seconds = max(usage["time_left"], 1)
    response = render(
        request,
        "429.html",
        {
            "limit_what": WHAT[name],
            "limit_rate": describe_rate(settings.PORTAL_RATE_LIMITS[name]),
            "retry_at": timezone.now() + datetime.timedelta(seconds=seconds),
            "typed": typed_texts(request, form),
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def describe_rate(rate: str) -> str:
    count, period = parse_rate(rate)
    if period == 24 * 60 * 60:
        return _("%(count)d a day") % {"count": count}
    if period == 60 * 60:
        return _("%(count)d an hour") % {"count": count}
    return _("%(count)d in %(minutes)d minutes") % {
        "count": count,
        "minutes": max(period // 60, 1),
    }


def typed_texts(request, form) -> list[tuple[str, str]]:
    """(label, text) for each field of `form` the person typed into, in the form's order."""
    if form is None or request.method != "POST":
        return []
    typed = []
    for field_name, field in form.base_fields.items():
        text = "\n".join(value for value in request.POST.getlist(field_name) if value.strip())
        if text and not isinstance(field.widget, _NOT_TYPED):
            typed.append((field.label or field_name.replace("_", " ").capitalize(), text))
    return typed
