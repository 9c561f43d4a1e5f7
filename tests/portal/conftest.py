"""A clock tests can move forward, for what the portal shows on a date."""

import datetime
import time

import pytest
from django.utils import timezone


@pytest.fixture
def clock(monkeypatch):
    """`clock.advance(timedelta)` moves the time of the database queries' dates and of the
    caches' expiry forward together, as if that much time had passed."""

    class Clock:
        offset = datetime.timedelta(0)

        def advance(self, delta):
            self.offset += delta

    moved = Clock()
    real_now, real_time = timezone.now, time.time
    monkeypatch.setattr(timezone, "now", lambda: real_now() + moved.offset)
    monkeypatch.setattr(time, "time", lambda: real_time() + moved.offset.total_seconds())
    return moved
