"""The practice actions write only the fields a referent edits, from the list the forms read."""

import pytest

from practices.actions import create_practice, update_practice
from practices.forms import PracticeForm
from practices.models import Practice
from tests.factories import OrganisationFactory
from tests.practices.factories import PracticeFactory

pytestmark = pytest.mark.django_db

DATA = {"title": "Nati per leggere in biblioteca", "summary": "Letture 0-6 anni."}
FORBIDDEN = [
    {"status": Practice.Status.PUBLISHED},
    {"slug": "altro-indirizzo"},
    {"organisation": None},
    {"is_featured": True},
    {"published_at": None},
]


def test_the_form_and_the_actions_read_one_list_of_fields():
    assert PracticeForm._meta.fields == Practice.EDITABLE_FIELDS


@pytest.mark.parametrize("extra", FORBIDDEN)
def test_a_new_draft_with_another_field_is_refused(official_referent, refused, extra):
    organisation = official_referent.roles.get().organisation
    if "organisation" in extra:
        extra = {"organisation": OrganisationFactory()}

    with refused("field_not_editable"):
        create_practice(organisation=organisation, by=official_referent, data={**DATA, **extra})

    assert not Practice.objects.exists()


@pytest.mark.parametrize("extra", FORBIDDEN)
def test_changes_to_another_field_are_refused(official_referent, refused, extra):
    organisation = official_referent.roles.get().organisation
    draft = create_practice(organisation=organisation, by=official_referent, data=DATA)
    if "organisation" in extra:
        extra = {"organisation": OrganisationFactory()}
    before = Practice.objects.values().get(pk=draft.pk)

    with refused("field_not_editable"):
        update_practice(practice=draft, by=official_referent, data={"title": "Altro", **extra})

    assert Practice.objects.values().get(pk=draft.pk) == before


def test_the_fields_on_the_list_are_saved(official_referent):
    organisation = official_referent.roles.get().organisation
    draft = create_practice(organisation=organisation, by=official_referent, data=DATA)

    update_practice(practice=draft, by=official_referent, data={"title": "Altro titolo"})

    draft.refresh_from_db()
    assert draft.title == "Altro titolo"
    assert draft.status == Practice.Status.DRAFT


def test_staff_too_are_refused_a_field_off_the_list(staff, refused):
    published = PracticeFactory()

    with refused("field_not_editable"):
        update_practice(practice=published, by=staff, data={"status": Practice.Status.DRAFT})

    published.refresh_from_db()
    assert published.status == Practice.Status.PUBLISHED
