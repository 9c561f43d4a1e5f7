"""The timing loop of the benchmark commands: each page's median time and its SQL queries.

These numbers are taken in-process, with Django's test client: they show what the queries and
the templates cost, not what a person waits for behind a server.
"""

import statistics
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext


def time_pages(client: Client, urls: Iterable[str], repeat: int) -> Iterator[str]:
    """Requests each URL `repeat` times (reading the whole body, streamed or not) and yields one
    line per URL: median milliseconds, queries of the last request, status, URL.

    Benchmarks add their rows inside a transaction that they roll back; a request's end would
    close a connection inside a transaction, so the loop keeps it open as the test runner does.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        for url in urls:
            timings = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    if response.streaming:
                        b"".join(response.streaming_content)
                    timings.append(time.perf_counter() - started)
            yield (
                f"{statistics.median(timings) * 1000:7.1f} ms  {len(queries):2d} queries  "
                f"{response.status_code}  {url}"
            )
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Runs the block in a transaction that is rolled back when it ends: a benchmark adds its
    rows, times its pages and leaves the database as it was."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass
