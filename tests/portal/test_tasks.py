"""Background work on the tasks framework, kept in PostgreSQL: nothing runs for a change that was
rolled back, a mail server that fails is tried again later and, when it keeps failing, the
failure is there for staff to see; and a real worker process does the work."""

import datetime
import os
import smtplib
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from portal.lib.notify import notify
from tests.documents.factories import make_document
from tests.factories import UserFactory

TEST_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
ROOT = Path(django_settings.BASE_DIR)


class BrokenMailServer(BaseEmailBackend):
    """A mail server that refuses every message, as one that is down would."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def database_tasks(settings):
    """Tasks kept in the database, as in production, instead of run at once."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEST_TEMPLATES]}]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_RETRY_DELAY = 60


@pytest.fixture
def run_worker(monkeypatch):
    """What `manage.py db_worker` does, in this process: run every task that is due, then stop.
    The worker recycles database connections between tasks; here that would close the test's
    own transaction, so it keeps the connection (the test below runs the real command)."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        db_worker.Worker(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
        ).run()

    return run


def send_notice(person):
    notify(to=person, template="tests/emails/notice", context={"when": datetime.date(2026, 1, 5)})


@pytest.mark.django_db
def test_an_email_queued_in_a_change_that_rolls_back_never_runs(
    database_tasks, mailoutbox, committing, run_worker
):
    person = UserFactory()

    def failing_action():
        with transaction.atomic():
            send_notice(person)
            raise RuntimeError("the action failed")

    with committing(), pytest.raises(RuntimeError):
        failing_action()
    run_worker()

    assert not DBTaskResult.objects.exists()
    assert mailoutbox == []


@pytest.mark.django_db
def test_an_email_is_sent_by_the_worker_not_by_the_request(
    database_tasks, mailoutbox, committing, run_worker
):
    person = UserFactory()

    with committing():
        send_notice(person)
    assert mailoutbox == []  # queued, not sent: the request did not wait for the mail server
    run_worker()

    assert [message.to for message in mailoutbox] == [[person.email]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db
def test_a_mail_server_down_is_tried_again_later_and_the_message_leaves_once_it_is_back(
    database_tasks, settings, mailoutbox, committing, run_worker
):
    person = UserFactory()
    mailers = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.BrokenMailServer"}}
    with committing():
        send_notice(person)

    run_worker()

    failed = DBTaskResult.objects.get(status="FAILED")
    assert "SMTPServerDisconnected" in failed.traceback
    retry = DBTaskResult.objects.get(status="READY")
    wait = retry.run_after - failed.finished_at
    assert datetime.timedelta(seconds=55) < wait <= datetime.timedelta(seconds=61)

    settings.MAILERS = mailers
    run_worker()  # too early: the next try waits for its time
    assert mailoutbox == []
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()

    assert [message.to for message in mailoutbox] == [[person.email]]
    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"


@pytest.mark.django_db
def test_an_email_that_keeps_failing_stops_and_staff_see_its_error(
    database_tasks, settings, committing, staff_client, run_worker
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.BrokenMailServer"}}
    settings.TASKS_MAX_ATTEMPTS = 3
    with committing():
        send_notice(UserFactory())

    for _attempt in range(3):
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_worker()

    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED"] * 3
    changelist = staff_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_changelist"), {"status__exact": "FAILED"}
    )
    assert "send_message" in changelist.text
    last = DBTaskResult.objects.order_by("-enqueued_at").first()
    detail = staff_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_change", args=[last.pk])
    )
    assert "Connection unexpectedly closed" in detail.text


def test_a_worker_process_reads_a_shared_document_against_the_database(
    reference_data, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    document = make_document(title="Convenzione", text="I locali sono concessi in comodato.")
    assert document.current_version.text_status == "pending"

    database = connection.settings_dict
    environment = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        ),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "TASKS_BACKEND": "database",
        "DEBUG": "true",
        "PYTHONPATH": str(ROOT),
    }
    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        timeout=120,
        check=False,
    )

    assert worker.returncode == 0, worker.stderr.decode()
    version = document.current_version
    version.refresh_from_db()
    assert version.text_status == "extracted"
    assert "comodato" in version.text
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
