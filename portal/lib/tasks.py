"""Background work: what need not make a person wait runs on Django's tasks framework.

Tasks are kept in PostgreSQL (django-tasks-db) and run by `manage.py db_worker` processes; the
request that queues one never waits for it. `enqueue_on_commit` queues a task only once the
current transaction commits, so an action that rolls back leaves nothing to run. A task that
fails for a passing reason (a mail server down, a timeout) calls `retry_later` before raising:
its next try is queued after a wait that doubles each time, and each failed try stays in the
admin ("Task results") with its error, so staff see one that keeps failing.
"""

import datetime
import logging
import smtplib
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# Errors that may not happen on the next try: the network, a server busy or down, a timeout.
TRANSIENT_ERRORS = (smtplib.SMTPException, TimeoutError, ConnectionError, OSError)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Queue `task` when the current transaction commits (at once outside one)."""
    # robust: the action has already committed, so a failure to queue is logged rather than
    # turning its success into an error page.
    transaction.on_commit(partial(task.enqueue, *args, **kwargs), robust=True)


def retry_later(context) -> bool:
    """Queue the running task's next try, after `TASKS_RETRY_DELAY` seconds doubled for each
    try so far; False, and nothing queued, once `TASKS_MAX_ATTEMPTS` tries have been made or
    when the backend runs tasks at once (it has no later). The task takes `context` and an
    `attempt` keyword argument (1 on the first try)."""
    result = context.task_result
    attempt = result.kwargs.get("attempt", 1)
    task = result.task
    if attempt >= settings.TASKS_MAX_ATTEMPTS or not task.get_backend().supports_defer:
        logger.error("Task %s failed on try %s, the last one.", task.name, attempt)
        return False
    delay = datetime.timedelta(seconds=settings.TASKS_RETRY_DELAY * 2 ** (attempt - 1))
    task.using(run_after=timezone.now() + delay).enqueue(
        *result.args, **{**result.kwargs, "attempt": attempt + 1}
    )
    logger.warning("Task %s failed on try %s; tried again in %s.", task.name, attempt, delay)
    return True
