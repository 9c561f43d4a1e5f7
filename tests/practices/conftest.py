"""Fixtures of the practices tests."""

import pytest


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """`with committing(): ...` runs what the block's transactions do after commit (e-mails),
    as a real request would, although the test's own transaction never commits."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block


@pytest.fixture
def refused():
    """`with refused("code"): action(...)` expects the action to refuse with that error code."""
    from contextlib import contextmanager

    from practices.actions import PracticeError

    @contextmanager
    def block(code):
        with pytest.raises(PracticeError) as caught:
            yield
        assert caught.value.code == code

    return block
