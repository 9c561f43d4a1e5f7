"""`update_organisation` changes only the profile fields a referent edits, whoever calls it."""

import pytest

from members.actions.organisations import update_organisation
from members.forms import OrganisationForm
from members.models import Organisation, OrganisationKind
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_form_and_the_action_read_one_list_of_fields():
    assert OrganisationForm._meta.fields == Organisation.EDITABLE_FIELDS


def test_a_referent_changes_the_profile(official_referent):
    organisation = official_referent.roles.get().organisation

    update_organisation(
        organisation=organisation, data={"phone": "039 123456"}, by=official_referent
    )

    organisation.refresh_from_db()
    assert organisation.phone == "039 123456"


@pytest.mark.parametrize(
    "data",
    [
        {"status": Organisation.Status.REJECTED},
        {"kind": OrganisationKind.MUSEUM},
        {"slug": "altro-indirizzo"},
        {"isil_code": "IT-MI0001"},
        {"phone": "039 123456", "in_registry": True},
    ],
)
@pytest.mark.parametrize("who", ["referent", "staff"])
def test_any_other_field_is_refused_whoever_asks(official_referent, staff, refused, data, who):
    organisation = official_referent.roles.get().organisation
    before = Organisation.objects.values().get(pk=organisation.pk)

    with refused("field_not_editable"):
        update_organisation(
            organisation=organisation,
            data=data,
            by=official_referent if who == "referent" else staff,
        )

    assert Organisation.objects.values().get(pk=organisation.pk) == before


def test_someone_who_is_not_a_referent_is_refused(other_referent, refused):
    organisation = OrganisationFactory(phone="")

    with refused("not_a_referent"):
        update_organisation(organisation=organisation, data={"phone": "1"}, by=other_referent)

    organisation.refresh_from_db()
    assert organisation.phone == ""
