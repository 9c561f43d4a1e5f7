"""Caching what many people see alike: whole pages for visitors, fragments for everyone.

Everything cached is keyed by the content version, a value in the shared cache that every
change of the portal's rows replaces, when it is written and again when it commits: a saved,
deleted or re-linked row of the portal's apps, and any form sent to the portal (POST and the
other unsafe methods), since some actions write with `update()`, which sends no signal. A
change is therefore visible on the next request, on every server process. Cached entries live
in the "pages" cache: the process's own memory, or Redis when CACHE_URL names one, so a hit
costs no query but the version's read.

- `cache_for_visitors` stores a view's whole page for people who are not logged in, per
  address (path and query) and language. Pages a logged-in person sees are never served from
  it. The CSRF token a form on the page carries is put back per visitor.
- In templates, `{% fragment "name" key… %}…{% endfragment %}` (portal/templatetags/fragments.py)
  keeps a part of a page that is the same for everyone who reaches it with the same key: the
  content version, the language and the page's address, and what the tag's arguments add, such
  as the person's access levels. It may hold forms: their CSRF token is put back per person,
  as on cached pages.
- `CachedCountPaginator` keeps the count of a list (its SQL and parameters are the key).
- Rows saved ahead of time, such as a news post scheduled for a later date, change what pages
  show without any write: `scheduled_change` registers where to read the next such moment, and
  the content version expires then.
- `remember` keeps any value computed from the rows (a person's tier, their organisations)
  under the content version, and `VersionedSessionStore` keeps a logged-in person's session
  the same way: a logged-in request then costs the version's read, as a visitor's does.
"""

import hashlib
import math
import re
import time
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language

PAGES = "pages"
VERSION_KEY = "portal:content-version"
# A cached page or fragment lives this long at most, whatever the version says.
TIMEOUT = 600

# The apps whose rows pages show (set at start-up): the project's own, and the tags.
CONTENT_APPS: set[str] = set()

# Callables (now) -> the next moment when rows already saved start to show, or None.
SCHEDULED_CHANGES: list[Callable] = []

_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
_TOKEN_PLACEHOLDER = b'name="csrfmiddlewaretoken" value="\x00csrf\x00"'
_TOKEN_TEXT = re.compile(_TOKEN.pattern.decode())
_TOKEN_PLACEHOLDER_TEXT = _TOKEN_PLACEHOLDER.decode()


_in_request: ContextVar[bool] = ContextVar("in_request", default=False)
# The version read by the current request (ContentVersionMiddleware clears it between them).
_request_version: ContextVar[str | None] = ContextVar("content_version", default=None)


def content_version() -> str:
    """The current version, read once per request."""
    version = _request_version.get()
    if version is None:
        version = caches["default"].get(VERSION_KEY) or _new_version(after_write=False)
        if _in_request.get():
            _request_version.set(version)
    return version


def bump_content_version() -> None:
    """Replaces the version now, for the rest of this transaction, and again once it commits:
    a page rendered by another request in between, from the rows as they were, is then kept
    under a version nobody asks for any more."""
    _new_version()
    transaction.on_commit(_new_version)


def _new_version(*, after_write: bool = True) -> str:
    # A write may schedule a row: the version expires when the next one is due. A version
    # made because none was found (at start, or when the last expired) lives at most as long
    # as a cached page, so that reading pages costs no query of the schedule.
    timeout = _seconds_to_next_scheduled_change() if after_write else TIMEOUT
    version = str(time.time_ns())
    caches["default"].set(VERSION_KEY, version, timeout)
    if _in_request.get():  # what this request renders after its own write is not stale
        _request_version.set(version)
    return version


def scheduled_change(source: Callable) -> Callable:
    """Registers `source(now)`, which returns when the next row saved ahead of time starts to
    show (None when none waits): the content version expires at that moment, so every cached
    page and fragment is made again from the rows as they then are. Called at start-up."""
    SCHEDULED_CHANGES.append(source)
    return source


def _seconds_to_next_scheduled_change() -> int | None:
    """Read whenever the version is replaced, so that a row scheduled by a write is counted."""
    now = timezone.now()
    moments = [moment for source in SCHEDULED_CHANGES if (moment := source(now)) is not None]
    if not moments:
        return None
    return max(1, math.ceil((min(moments) - now).total_seconds()))


def remember(key: str, compute, timeout: int = TIMEOUT):
    """The value `compute()` returns, kept in the pages cache under `key` and the content
    version: computed again after any change of the rows, or after `timeout` seconds (a value
    that also depends on the date, such as which memberships are active, is at most that
    late)."""
    cache = caches[PAGES]
    versioned = f"remember:{content_version()}:{key}"
    value = cache.get(versioned, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(versioned, value, timeout)
    return value


_MISSING = object()


def _changed(sender, **kwargs) -> None:
    # Migrations save through historical models (module "__fake__"), before the cache's table
    # may exist: no page is served from that state.
    if sender._meta.app_label not in CONTENT_APPS or sender.__module__ == "__fake__":
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= {"last_login"}:
        return
    bump_content_version()


def connect_signals() -> None:
    """Called once at start-up (PortalConfig.ready)."""
    CONTENT_APPS.update(
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR) and "-packages" not in config.path
    )
    CONTENT_APPS.add("taggit")
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"pagecache-{signal}")


class ContentVersionMiddleware:
    """Replaces the version after every request that may have written (POST and the like)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        in_request = _in_request.set(True)
        try:
            response = self.get_response(request)
        finally:
            _in_request.reset(in_request)
            _request_version.set(None)
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            bump_content_version()
        return response


def cache_for_visitors(view):
    """Serves the view's page from the cache to people who are not logged in.

    Only complete HTML pages that answer 200 and set no cookie but the CSRF one are stored,
    and only for requests that carry no session (so no message waits to be shown)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _may_use_cache(request):
            return view(request, *args, **kwargs)
        cache = caches[PAGES]
        key = _page_key(request)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(_with_token(content, request), content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _may_store(response):
            content = _TOKEN.sub(_TOKEN_PLACEHOLDER, response.content)
            cache.set(key, (content, response["Content-Type"]), TIMEOUT)
        return response

    return wrapper


def _may_use_cache(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def _may_store(response) -> bool:
    cookies = set(response.cookies) - {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return (
        response.status_code == 200
        and not response.streaming
        and not cookies
        and response.get("Content-Type", "").startswith("text/html")
        and "no-store" not in response.get("Cache-Control", "")
    )


def fragment_key(request) -> str:
    """The content version, the language and the page's address (path and query)."""
    return f"{content_version()}:{get_language()}:{request.get_full_path()}"


def kept_fragment(request, name: str, parts, render: Callable[[], str]) -> str:
    """The fragment `render()` makes, kept under `name`, `fragment_key` and `parts` (what else
    it depends on). A form's CSRF token is stored as a placeholder and put back for the person
    who asks, whose own token it must be."""
    identity = ":".join([name, fragment_key(request), *map(str, parts)])
    key = "fragment:" + hashlib.sha256(identity.encode()).hexdigest()
    cache = caches[PAGES]
    stored = cache.get(key)
    if stored is None:
        content = render()
        cache.set(key, _TOKEN_TEXT.sub(_TOKEN_PLACEHOLDER_TEXT, content), TIMEOUT)
        return content
    if _TOKEN_PLACEHOLDER_TEXT not in stored:
        return stored
    token = f'name="csrfmiddlewaretoken" value="{get_token(request)}"'
    return stored.replace(_TOKEN_PLACEHOLDER_TEXT, token)


def _page_key(request) -> str:
    return "page:" + hashlib.sha256(fragment_key(request).encode()).hexdigest()


def _with_token(content: bytes, request) -> bytes:
    if _TOKEN_PLACEHOLDER not in content:
        return content
    token = f'name="csrfmiddlewaretoken" value="{get_token(request)}"'.encode()
    return content.replace(_TOKEN_PLACEHOLDER, token)


class CachedCountPaginator(Paginator):
    """A paginator whose count is kept in the pages cache, keyed by the content version and
    the list's SQL, or `count_key` when the view names who sees the same list at an address
    (its address and scope, as its stored fragment is keyed): a long list is counted once per
    change, not once per request."""

    def __init__(self, *args, count_key: str | None = None, **kwargs):
        self.count_key = count_key
        super().__init__(*args, **kwargs)

    def _check_object_list_is_ordered(self):
        # A list keyed by its scope is built only when its rows are read: Django's warning
        # about unordered lists would build it on every request.
        if self.count_key is None:
            super()._check_object_list_is_ordered()

    @cached_property
    def count(self):
        if self.count_key is not None:
            identity = self.count_key
        else:
            query = getattr(self.object_list, "query", None)
            if query is None:
                return super().count
            try:
                identity = repr(query.sql_with_params())
            except EmptyResultSet:  # a list that is empty by construction: nothing to count
                return super().count
        digest = hashlib.sha256(identity.encode()).hexdigest()
        key = f"count:{content_version()}:{digest}"
        cache = caches[PAGES]
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, TIMEOUT)
        return count
