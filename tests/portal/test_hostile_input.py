"""No parameter answers 500: every route of the portal, in both languages, is driven with
hostile parameters by a visitor, a member and staff, and must answer below 500."""

import sys

import pytest
from django.contrib import admin
from django.core.signals import got_request_exception
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from portal.middleware import MAX_QUERY_VALUE_LENGTH
from tests.documents.factories import make_document
from tests.factories import RoleFactory, SurveyFactory
from tests.portal.factories import NewsFactory
from tests.practices.factories import AttachmentFactory, CommentFactory, PracticeFactory
from tests.services.factories import make_request
from tests.suppliers.factories import ReviewFactory, SupplierFactory

pytestmark = pytest.mark.django_db

# Django's own pages of the admin are not the portal's; its index and changelists are.
PORTAL_APPS = {"members", "mapping", "suppliers", "practices", "documents", "services"}
# Logging out in the middle would turn the member into a visitor for the rest of the run.
NO_POST = {"account_logout"}

NAMES = (
    "page", "q", "year", "min_rating", "order", "kind", "region", "province", "system",
    "category", "categories", "regions", "status", "tags", "theme", "themes", "audience",
    "organisation", "rating", "text", "body", "title", "name", "email", "role", "reason",
    "next", "language", "o", "p", "e", "all",
)  # fmt: skip
HUGE = "99999999999999999999"
GET_PARAMETERS = [
    {"q": "a\x00b", "system": "\x00"},
    dict.fromkeys(("q", "system", "page", "tags", "name"), "x" * MAX_QUERY_VALUE_LENGTH),
    {"page": "-1", **dict.fromkeys(NAMES, "-1")},
    {"page": HUGE, **dict.fromkeys(NAMES, HUGE)},
    {**dict.fromkeys(NAMES, "abc"), "min_rating": "x", "order": "zzz", "kind": "zzz",
     "region": "zz"},
    {name: ["1", "zzz", "-1"] for name in NAMES},
]  # fmt: skip
POST_PARAMETERS = [
    dict.fromkeys(NAMES, "abc"),
    dict.fromkeys(NAMES, HUGE),
    {name: ["1", "zzz", "-1"] for name in NAMES},
    dict.fromkeys(NAMES, "x" * MAX_QUERY_VALUE_LENGTH),
]


@pytest.fixture
def rows(official_referent):
    """One of each object a route names, belonging to the member's organisation."""
    organisation = official_referent.roles.get().organisation
    SurveyFactory(organisation=organisation)
    practice = PracticeFactory(organisation=organisation, tags=["lettura", "scuole"])
    supplier = SupplierFactory(tags=["teatro"])
    return {
        "organisation": organisation,
        "practice": practice,
        "document": make_document(organisation, level="member", file_format="txt"),
        "supplier": supplier,
        "attachment": AttachmentFactory(practice=practice),
        "comment": CommentFactory(practice=practice, author=official_referent),
        "review": ReviewFactory(supplier=supplier),
        "role": RoleFactory(organisation=organisation, kind="collaborator", status="pending"),
        "service_request": make_request(organisation, by=official_referent),
        "news": NewsFactory(),
    }


def _routes(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, inner.strip(":"))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}".strip(":"), pattern


def _arguments(name, pattern, rows):
    """Valid values for the route's converters, from the rows the test made."""
    app = name.partition(":")[0]
    slugs = {
        "members": rows["organisation"].slug,
        "mapping": rows["organisation"].slug,
        "practices": rows["practice"].slug,
        "suppliers": rows["supplier"].slug,
        "documents": rows["document"].slug,
        "services": "reclutamento-personale",
        "portal": rows["news"].slug,
    }
    pks = {
        "members": rows["role"].pk,
        "suppliers": rows["review"].pk,
        "practices": rows["comment" if "comment" in name else "attachment"].pk,
        "services": rows["service_request"].pk,
    }
    values = {"slug": slugs.get(app), "pk": pks.get(app), "token": "no-such-invitation"}
    values |= {"key": "no-such-key", "uidb36": "1", "number": 1, "section": "news"}
    if app == "services":
        message = rows["service_request"].messages.get()
        values["attachment"] = message.attachments.get().pk
    return {key: values[key] for key in pattern.pattern.regex.groupindex}


def _urls(rows):
    urls = []
    for language in ("it", "en"):
        with translation.override(language):
            for name, pattern in _routes(get_resolver().url_patterns):
                url = reverse(name, kwargs=_arguments(name, pattern, rows))
                if url not in {u for u, _ in urls}:
                    urls.append((url, name))
    urls.append((reverse("admin:index"), "admin:index"))
    for model in admin.site._registry:
        if model._meta.app_label in PORTAL_APPS:
            info = (model._meta.app_label, model._meta.model_name)
            urls.append((reverse("admin:{}_{}_changelist".format(*info)), "admin:changelist"))
    return urls


@pytest.mark.parametrize("person", ["visitor", "official_referent", "staff"])
def test_no_hostile_parameter_answers_500(client, request, rows, person):
    if person != "visitor":
        client.force_login(request.getfixturevalue(person))
    client.raise_request_exception = False
    errors = []
    got_request_exception.connect(
        lambda sender, **kwargs: errors.append(repr(sys.exc_info()[1])), weak=False
    )
    failures = []

    def send(method, url, parameters):
        errors.clear()
        # Each request runs in a savepoint rolled back afterwards, so no request changes what
        # the next one sees and a database error does not spoil the rest of the run.
        with transaction.atomic():
            response = getattr(client, method)(url, parameters)
            transaction.set_rollback(True)
        if response.status_code >= 500:
            shown = dict(list(parameters.items())[:3])
            shown = {key: str(value)[:20] for key, value in shown.items()}
            cause = errors[-1] if errors else ""
            failures.append(f"{method.upper()} {url} {shown}…: {response.status_code} {cause}")

    try:
        for url, name in _urls(rows):
            for parameters in GET_PARAMETERS:
                send("get", url, parameters)
            if name not in NO_POST and not name.startswith("admin:"):
                for parameters in POST_PARAMETERS:
                    send("post", url, parameters)
    finally:
        got_request_exception.receivers.clear()

    assert not failures, "\n".join(failures)
