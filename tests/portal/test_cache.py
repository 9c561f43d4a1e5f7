"""The shared cache the logins' and the portal's rate limits count in: the database cache's
table comes with `migrate`, and a Redis cache (CACHE_URL=redis://…) works against a real server."""

import importlib
import shutil
import socket
import subprocess
import threading
import time

import pytest
from django.apps import apps
from django.core.cache import caches
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from portal.lib.env import parse_cache_url, parse_pages_cache_url
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _log_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def test_migrate_creates_the_missing_cache_table_and_logins_work(client, settings):
    settings.CACHES = {"default": parse_cache_url(""), "pages": parse_pages_cache_url("")}
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE portal_cache")
    migration = importlib.import_module("portal.migrations.0002_cache_table")

    with connection.schema_editor() as schema_editor:
        migration.create_cache_table(apps, schema_editor)

    assert "portal_cache" in connection.introspection.table_names()
    response = _log_in(client, UserFactory())
    assert response.status_code == 302
    assert client.get(reverse("portal:profile")).status_code == 200


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _accepts_connections(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def redis_server():
    """A Redis server of the tests' own on a free port, stopped when they end."""
    executable = shutil.which("redis-server")
    if executable is None:
        pytest.fail(
            "redis-server is missing: `./run test` installs it (apt-get install redis-server)"
        )
    port = _free_port()
    process = subprocess.Popen(
        [
            executable,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not _accepts_connections(port):
            if time.monotonic() > deadline:
                pytest.fail(f"redis-server did not listen on port {port} within 10 seconds")
            # Gives the server a moment to start listening, and notices if it stopped instead.
            try:
                process.wait(timeout=0.02)
            except subprocess.TimeoutExpired:
                continue
            pytest.fail(f"redis-server stopped with exit code {process.returncode}")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def redis_cache(redis_server, settings):
    """The cache of a deployment with CACHE_URL pointing at the test server, emptied."""
    settings.CACHES = {
        "default": parse_cache_url(redis_server),
        "pages": parse_pages_cache_url(redis_server),
    }
    from django.core.cache import cache

    cache.clear()
    return cache


def test_a_login_and_its_session_work_through_redis(client, redis_cache):
    user = UserFactory()

    assert _log_in(client, user).status_code == 302

    assert client.get(reverse("portal:profile")).context["person"] == user
    assert redis_cache._cache.get_client().dbsize() > 0


def test_a_rate_limit_counted_in_redis_holds_across_clients(client, redis_cache, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "export": "1/h"}
    url = reverse("suppliers:supplier-export")

    assert client.get(url).status_code == 200
    assert Client().get(url).status_code == 429


def on_another_node(function):
    """Runs `function` as another server would: in a thread of its own, which has its own cache
    connections (Django keeps them per thread) and its own database connection."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function()
        except BaseException as error:  # handed back to the test's thread
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.mark.django_db(transaction=True)
def test_two_nodes_share_a_login_and_a_rate_limit_through_redis(redis_cache, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "export": "1/h"}
    user = UserFactory()
    first = Client()
    assert _log_in(first, user).status_code == 302
    assert first.get(reverse("suppliers:supplier-export")).status_code == 200
    cookie = first.cookies[settings.SESSION_COOKIE_NAME].value

    def second_node():
        second = Client()
        second.cookies[settings.SESSION_COOKIE_NAME] = cookie
        assert caches["default"] is not redis_cache  # a connection of this node's own
        profile = second.get(reverse("portal:profile"))
        export = second.get(reverse("suppliers:supplier-export"))
        return profile.status_code, profile.context["person"], export.status_code

    status, person, export_status = on_another_node(second_node)

    assert (status, person, export_status) == (200, user, 429)
