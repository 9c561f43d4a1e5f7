"""Serves the portal the production way and measures what a person waits for.

    ./run bench [--duration 10] [--only suppliers,events] [--explain-only]

Against the database in DATABASE_URL (fill one with `seed_scale` first), it starts gunicorn
with 2 sync workers and DEBUG off, then for every page, as a visitor and as a logged-in member
of an official member organisation, runs wrk (one thread, 4 connections) and prints requests per
second, the ratio to the baseline page measured in the same run, the SQL queries of one
request and the 95th percentile latency. Then it prints `EXPLAIN ANALYZE` of each list page's
queries and flags sequential scans of tables over 10,000 rows.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from documents.models import Document
from events.models import Event
from mapping.models import Survey
from members.models import Membership, Organisation, OrganisationKind, Role, User
from portal.lib.pagecache import PAGES
from practices.models import Practice
from suppliers.models import Supplier

# Counts wrk's latencies in its `done` hook: wrk prints p50/75/90/99 only.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(95), summary.errors.status, summary.errors.connect
      + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""

SEQ_SCAN_ROWS = 10_000

# Requests made in this process, through Django's test client, to count and explain queries.
IN_PROCESS = override_settings(ROOT_URLCONF="portal.benchmark.urls", ALLOWED_HOSTS=["testserver"])


@dataclass
class Page:
    name: str
    url: str
    is_list: bool = False
    members_only: bool = False


@dataclass
class Result:
    page: Page
    person: str
    rps: float
    p95_ms: float
    queries: int
    warm_queries: int
    errors: int


class Command(BaseCommand):
    help = "Measure the portal's pages served by gunicorn against a one-query baseline page."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=10, help="Seconds per page.")
        parser.add_argument(
            "--only",
            default="",
            help="Measure the pages whose name has this; several, separated by commas.",
        )
        parser.add_argument("--explain-only", action="store_true", help="Only the query plans.")
        parser.add_argument("--port", type=int, default=0)

    def handle(self, *args, duration, only, explain_only, port, **options):
        if Organisation.objects.count() < 10_000:
            self.stderr.write(
                self.style.WARNING(
                    "This database is small: the numbers mean little until `seed_scale` fills it."
                )
            )
        wanted = only.split(",")
        pages = [page for page in self.pages() if any(name in page.name for name in wanted)]
        member = self.member()
        if not explain_only:
            if not shutil.which("wrk"):
                raise CommandError("wrk is needed: apt-get install wrk (./run bench installs it).")
            results = self.serve_and_measure(pages, member, duration, port or free_port())
            self.print_table(results)
        self.print_plans(pages, member)

    # The pages --------------------------------------------------------------------------------

    def pages(self) -> list[Page]:
        organisation = (
            Organisation.objects.listed().filter(kind=OrganisationKind.LIBRARY_SYSTEM).last()
        )
        supplier = Supplier.objects.published().order_by("-review_count").first()
        practice = Practice.objects.published().order_by("-published_at").first()
        document = (
            Document.objects.shown().filter(access_level="public").order_by("-created_at").first()
        )
        event = (
            Event.objects.filter(is_published=True, access_level="public")
            .upcoming()
            .order_by("-pk")
            .first()
        )
        if None in (organisation, supplier, practice, document, event):
            raise CommandError("The database has no content to measure: run seed_scale.")
        region = organisation.region
        year = Survey.objects.order_by("-year").values_list("year", flat=True).first()
        directory, suppliers = (
            reverse("members:organisation-list"),
            reverse("suppliers:supplier-list"),
        )
        practices, report = reverse("practices:practice-list"), reverse("mapping:survey-report")
        documents = reverse("documents:document-list")
        return [
            Page("home", reverse("portal:home")),
            Page("directory", directory, True),
            Page(
                "directory filtered", f"{directory}?region={region.istat_code}&kind=library", True
            ),
            Page("directory searched", f"{directory}?q=biblioteca+civica", True),
            Page("directory page 500", f"{directory}?page=500", True),
            Page("organisation", organisation.get_absolute_url()),
            Page("suppliers", suppliers, True),
            Page(
                "suppliers filtered", f"{suppliers}?region={region.istat_code}&order=reviews", True
            ),
            Page("suppliers searched", f"{suppliers}?q=libri+ragazzi", True),
            Page("suppliers page 200", f"{suppliers}?page=200", True),
            Page("supplier", supplier.get_absolute_url()),
            Page("practices", practices, True),
            Page(
                "practices filtered", f"{practices}?region={region.istat_code}&kind=project", True
            ),
            Page("practices searched", f"{practices}?q=lettura+famiglie", True),
            Page("practices page 500", f"{practices}?page=500", True),
            Page("practice", practice.get_absolute_url()),
            Page("documents", documents, True),
            Page(
                "documents filtered",
                f"{documents}?region={region.istat_code}&kind=regulation&templates=on",
                True,
            ),
            Page("documents searched", f"{documents}?q=prestito+interbibliotecario", True),
            Page("documents page 500", f"{documents}?page=500", True),
            Page("document", document.get_absolute_url()),
            Page("services", reverse("services:service-list")),
            Page(
                "service",
                reverse("services:service-detail", kwargs={"slug": "reclutamento-personale"}),
            ),
            Page("events", reverse("events:event-list"), True),
            Page("event", event.get_absolute_url()),
            Page("mapping report", f"{report}?year={year}", True, members_only=True),
            Page("network map", reverse("mapping:network-map")),
            Page("search", f"{reverse('portal:search')}?q=biblioteca", True),
            Page("search two words", f"{reverse('portal:search')}?q=lettura+scuole", True),
        ]

    def member(self) -> User:
        """A referent of an official member system: their pages carry tier and organisations."""
        official = Membership.objects.active().filter(tier=Membership.Tier.OFFICIAL)
        role = (
            Role.objects.approved()
            .filter(organisation__memberships__in=official, user__is_staff=False)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if role is None:
            raise CommandError("No referent of an official member: run seed_demo or seed_scale.")
        return role.user

    # Serving and measuring ----------------------------------------------------------------------

    def serve_and_measure(self, pages, member, duration, port) -> list[Result]:
        static_root = Path(tempfile.mkdtemp(prefix="portal-bench-static-"))
        environment = {
            **os.environ,
            # The database this command reads, for the server too (a test's own, for instance).
            "DATABASE_URL": database_url(connection.settings_dict),
            "DJANGO_SETTINGS_MODULE": "portal.benchmark.settings",
            "DEBUG": "false",
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "BEHIND_PROXY": "true",
            "STATIC_ROOT": str(static_root),
            "LOG_LEVEL": "WARNING",
        }
        python = sys.executable
        self.stdout.write("Collecting static files for the production settings")
        subprocess.run(
            [python, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            env=environment,
            check=True,
            cwd=settings.BASE_DIR,
        )
        cookie = f"{settings.SESSION_COOKIE_NAME}={session_for(member)}"
        gunicorn = [python, "-m", "gunicorn", "portal.wsgi", "--workers", "2"]
        gunicorn += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
        server = subprocess.Popen(gunicorn, env=environment, cwd=settings.BASE_DIR)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(base + "/healthz")
            self.stdout.write(
                f"gunicorn (2 sync workers, DEBUG off) on {base}; wrk -t1 -c4 -d{duration}s "
                f"per page; member: {member.email}"
            )
            results = []
            baseline = Page("baseline (one query)", "/benchmark-baseline/")
            for page in [baseline, *pages]:
                for person, headers in [("visitor", []), ("member", ["Cookie: " + cookie])]:
                    if page is baseline and person == "member":
                        continue
                    if page.members_only and person == "visitor":
                        continue
                    queries, warm = count_queries(page.url, member if person == "member" else None)
                    wrk(base + page.url, headers, 2)  # warm the caches and the workers
                    rps, p95, errors = wrk(base + page.url, headers, duration)
                    results.append(Result(page, person, rps, p95, queries, warm, errors))
                    self.stdout.write(f"  {page.name:<24} {person:<8} {rps:8.0f} req/s")
            return results
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
            shutil.rmtree(static_root, ignore_errors=True)

    def print_table(self, results: list[Result]) -> None:
        baseline = results[0].rps
        self.stdout.write("")
        self.stdout.write(
            f"{'page':<24} {'person':<8} {'req/s':>8} {'ratio':>6} {'queries':>7} {'warm':>4} "
            f"{'p95 ms':>7}"
        )
        for result in results:
            ratio = result.rps / baseline if baseline else 0
            flags = []
            if result.page.url != "/benchmark-baseline/" and ratio < 0.35:
                flags.append("below 35%")
            if result.queries > 10:
                flags.append("over 10 queries")
            if result.errors:
                flags.append(f"{result.errors} errors")
            self.stdout.write(
                f"{result.page.name:<24} {result.person:<8} {result.rps:8.0f} {ratio:6.0%} "
                f"{result.queries:7d} {result.warm_queries:4d} {result.p95_ms:7.1f}  "
                + ", ".join(flags)
            )

    # Query plans --------------------------------------------------------------------------------

    @IN_PROCESS
    def print_plans(self, pages, member) -> None:
        sizes = table_sizes()
        self.stdout.write("")
        self.stdout.write("EXPLAIN ANALYZE of the list pages' queries (ms, tables scanned)")
        for page in pages:
            if not page.is_list:
                continue
            client = Client()
            client.force_login(member)
            caches[PAGES].clear()  # the plans of the queries the page runs when not cached
            with CaptureQueriesContext(connection) as captured:
                client.get(page.url)
            for query in captured.captured_queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT") or "django_session" in sql:
                    continue
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                    plan = cursor.fetchone()[0]
                plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
                scans = [
                    f"SEQ SCAN {table} ({sizes.get(table, 0):,} rows)"
                    for table in seq_scans(plan["Plan"])
                    if sizes.get(table, 0) > SEQ_SCAN_ROWS
                ]
                summary = re.sub(r"\s+", " ", sql)[:90]
                line = f"  {page.name:<20} {plan['Execution Time']:7.1f}  {summary}"
                self.stdout.write(self.style.WARNING(line) if scans else line)
                for scan in scans:
                    self.stdout.write(self.style.WARNING(f"      {scan}"))


def database_url(database: dict) -> str:
    user = quote(database["USER"], safe="")
    password = quote(database["PASSWORD"], safe="")
    address = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    return f"postgres://{user}:{password}@{address}/{quote(database['NAME'], safe='')}"


def session_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


@IN_PROCESS
def count_queries(url, user) -> tuple[int, int]:
    """The queries of a first request of the page and of the same request again (the caches
    warm)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    counts = []
    caches[PAGES].clear()
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}.")
        counts.append(len(captured))
    return counts[0], counts[1]


def wrk(url, headers, duration) -> tuple[float, float, int]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT)
        script.flush()
        command = ["wrk", "-t1", "-c4", f"-d{duration}s", "-s", script.name]
        command += ["-H", "X-Forwarded-Proto: https"]
        for header in headers:
            command += ["-H", header]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    line = next(line for line in output.stdout.splitlines() if line.startswith("BENCH"))
    requests, micros, p95, bad_status, failed = map(int, line.split()[1:])
    return requests / (micros / 1e6), p95 / 1000, bad_status + failed


def wait_for(url, timeout=30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise CommandError(f"gunicorn did not answer at {url}.")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def table_sizes() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class "
            "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
        )
        return dict(cursor.fetchall())


def seq_scans(node) -> list[str]:
    found = [node["Relation Name"]] if node.get("Node Type") == "Seq Scan" else []
    for child in node.get("Plans", []):
        found += seq_scans(child)
    return found
