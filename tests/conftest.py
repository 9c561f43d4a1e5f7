"""Fixtures every test can use: the named people of the access matrix, refusals, commits, and
test-friendly settings."""

import os
from contextlib import contextmanager

import pytest
from django.utils import translation

from mapping import models as mapping_models
from mapping.reference import load_survey_lists
from members import models as members_models
from members.reference import load_reference_data
from portal import models as portal_models
from portal.lib.errors import ActionError
from portal.reference import load_pages
from services import models as services_models
from services.reference import load_services
from tests.factories import MembershipFactory, RoleFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    # Lets two test runs share one PostgreSQL server without sharing a test database.
    suffix = os.environ.get("TEST_DB_SUFFIX")
    if suffix:
        from pytest_django.fixtures import _set_suffix_to_test_databases

        _set_suffix_to_test_databases(suffix)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Static files straight from the finders (no collectstatic), plain HTTP for the live server,
    # uploads in a folder of the test's own, a cache no other test sees, and background tasks
    # run at once when the transaction that queued them commits.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.SECURE_SSL_REDIRECT = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(tmp_path),
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"{tmp_path}-pages",
        },
    }


@pytest.fixture(autouse=True)
def _italian_by_default():
    # A request in English leaves English active in the thread; each test starts in Italian.
    with translation.override("it"):
        yield


@pytest.fixture
def reference_data(transactional_db):
    """Regions, provinces, service areas, admission rules, survey lists, services and the
    editable pages for tests that commit: a transactional test empties the database when it
    ends, migrations' data included."""
    load_reference_data(
        Region=members_models.Region,
        Province=members_models.Province,
        ServiceArea=members_models.ServiceArea,
        AdmissionRule=members_models.AdmissionRule,
    )
    load_survey_lists(
        GovernanceModel=mapping_models.GovernanceModel,
        SystemElement=mapping_models.SystemElement,
    )
    load_services(Service=services_models.Service, ServiceArea=members_models.ServiceArea)
    load_pages(Page=portal_models.Page)


@pytest.fixture
def visitor(client):
    """Someone who is not logged in."""
    return client


@pytest.fixture
def base_user(db):
    """A registered person with a verified e-mail and no organisation."""
    return UserFactory(first_name="Lucia", last_name="Conti")


@pytest.fixture
def staff(db):
    """A member of the network's staff."""
    return UserFactory(first_name="Giulia", last_name="Ferraris", is_staff=True, is_superuser=True)


@pytest.fixture
def official_referent(db):
    """The referent of a library system that is an official member this year."""
    membership = MembershipFactory(organisation__name="Sistema bibliotecario Vimercatese")
    return RoleFactory(organisation=membership.organisation, user__first_name="Marco").user


@pytest.fixture
def package_referent(db):
    """The referent of a library system that holds a service package this year."""
    membership = MembershipFactory(package=True, organisation__name="Rete bibliotecaria Salento")
    return RoleFactory(organisation=membership.organisation, user__first_name="Paolo").user


@pytest.fixture
def other_referent(db):
    """The referent of another organisation, one with no membership."""
    return RoleFactory(organisation__name="Sistema bibliotecario Valdelsa").user


@pytest.fixture
def login(client, request):
    """`login("base_user")` is the test client logged in as that named person (none for
    "visitor"), for the access matrices."""

    def as_person(name):
        if name != "visitor":
            client.force_login(request.getfixturevalue(name))
        return client

    return as_person


@pytest.fixture
def refused():
    """`with refused("code"): action(...)` expects the action to refuse with an `ActionError` of
    that code (and about that form field, when `field` is given); `as refusal` gives the error,
    to read its message."""

    @contextmanager
    def block(code, *, field=None):
        with pytest.raises(ActionError) as caught:
            yield caught
        assert caught.value.code == code
        if field is not None:
            assert caught.value.field == field

    return block


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """`with committing(): ...` runs what the block's transactions do after commit (e-mails),
    as a real request would, although the test's own transaction never commits."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block


@pytest.fixture
def staff_client(client, staff):
    """The test client, logged in as the network's staff (for the admin)."""
    client.force_login(staff)
    return client
