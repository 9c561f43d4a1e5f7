"""The migration that gives links of libraries to systems a status keeps every link made
before it, as confirmed, and going back keeps the confirmed ones."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("members", "0009_official_member_contributions")]
AFTER = [("members", "0010_library_link_confirmation")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _migrate_everything():
    """Going back to members 0009 also undoes every app's migration that needs 0010
    (documents, for one): the tests after this one need all of them applied again."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def back_to_the_latest_migrations(reference_data):
    """Migrates every app forward again after the test. The services' catalogue migration needs
    the service areas, which an earlier test that commits may have emptied: `reference_data`
    loads them first."""
    yield
    _migrate_everything()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_migrations")
def test_links_made_before_become_confirmed_and_come_back_when_undone():
    apps = _migrate(BEFORE)
    Organisation = apps.get_model("members", "Organisation")

    def organisation(slug, kind):
        return Organisation.objects.create(name=slug, slug=slug, kind=kind, status="approved")

    system = organisation("sistema", "system")
    libraries = [organisation(f"biblioteca-{number}", "library") for number in range(2)]
    for library in libraries:
        library.systems.add(system)

    apps = _migrate(AFTER)
    LibraryLink = apps.get_model("members", "LibraryLink")
    links = LibraryLink.objects.order_by("library_id")
    assert [(link.library_id, link.system_id, link.status) for link in links] == [
        (library.pk, system.pk, "confirmed") for library in libraries
    ]
    # One of them is only asked for when the migration is undone: it does not come back.
    LibraryLink.objects.filter(library_id=libraries[1].pk).update(status="pending")

    apps = _migrate(BEFORE)
    Organisation = apps.get_model("members", "Organisation")
    assert list(
        Organisation.objects.filter(systems__isnull=False).values_list("pk", flat=True)
    ) == [libraries[0].pk]
