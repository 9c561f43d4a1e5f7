"""The global search: every app's visible, searchable querysets composed in one page.

Each app, when it lands, adds a `SearchSource` here that calls
`Model.objects.visible_to(user).search(text)`; the page shows one section per source.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models.functions import Upper
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from documents.models import Document, access_scope
from events.models import Event
from members.models import Organisation
from portal.lib.pagecache import remember
from practices.models import Practice
from services.models import Service
from suppliers.models import Supplier


def _everyone(user) -> str:
    return "everyone"


def _staff_or_everyone(user) -> str:
    return "staff" if user.is_authenticated and user.is_staff else "everyone"


@dataclass(frozen=True)
class SearchSource:
    name: str
    title: str | Promise
    search: Callable  # (user, text) -> queryset of results, best first
    limit: int = 10
    # (user) -> who sees the same results as the person: the key their results are kept under.
    scope: Callable = _everyone


@dataclass
class SearchSection:
    title: str | Promise
    results: list = field(default_factory=list)


def _organisations(user, text):
    return (
        Organisation.objects.visible_to(user)
        .listed()
        .search(text)
        .select_related("province")
        .order_by(Upper("name"), "pk")
    )


def _practices(user, text):
    # Drafts and revisions would show as twins of the published practice: only published ones.
    return Practice.objects.visible_to(user).published().search(text)


def _documents(user, text):
    # Documents the person may not open match by title and tags only, without a snippet.
    return Document.objects.listed_to(user).search(user, text).select_related("organisation")


def _services(user, text):
    return Service.objects.visible_to(user).search(text)


def _events(user, text):
    return Event.objects.visible_to(user).search(text)


def _suppliers(user, text):
    return Supplier.objects.visible_to(user).search(text)


SOURCES: list[SearchSource] = [
    # Listed organisations and published practices: the same for everyone.
    SearchSource("organisations", _("Organisations"), _organisations),
    SearchSource("practices", _("Good practices"), _practices),
    # Documents: the same for everyone who opens the same levels.
    SearchSource("documents", _("Documents"), _documents, scope=access_scope),
    SearchSource("suppliers", _("Suppliers"), _suppliers, scope=Supplier.objects.visibility_scope),
    # The catalogue: active services for everyone, retired ones for staff too.
    SearchSource("services", _("Services"), _services, scope=_staff_or_everyone),
    # Events: the same for everyone who opens the same levels.
    SearchSource("events", _("Events"), _events, scope=access_scope),
]


def search_everything(user, text: str) -> list[SearchSection]:
    """Each source's results, kept under the content version for everyone in the same scope:
    the words people look for most are searched once per change of the content."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    sections = []
    for source in SOURCES:
        results = remember(
            f"search:{source.name}:{source.scope(user)}:{digest}",
            lambda source=source: list(source.search(user, text)[: source.limit]),
        )
        if results:
            sections.append(SearchSection(source.title, results))
    return sections
