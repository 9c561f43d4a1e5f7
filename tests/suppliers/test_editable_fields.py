"""The supplier actions accept only the fields on `Supplier.PROFILE_FIELDS` and
`Supplier.STAFF_FIELDS`, the lists the forms read, whoever calls them."""

import pytest

from suppliers.actions import create_supplier, propose_supplier, update_supplier
from suppliers.forms import SupplierAdminForm, SupplierForm
from suppliers.models import Supplier, SupplierKind
from tests.factories import UserFactory
from tests.suppliers.factories import CategoryFactory, ClaimFactory, SupplierFactory

pytestmark = pytest.mark.django_db

FORBIDDEN = [
    {"status": Supplier.Status.PUBLISHED},
    {"slug": "altro-indirizzo"},
    {"review_count": 100},
    {"bayesian_score": 5},
]


def _profile():
    return {
        "name": "Biblioteca Vivente APS",
        "kind": SupplierKind.ASSOCIATION,
        "categories": [CategoryFactory()],
    }


def test_the_forms_read_the_models_lists():
    assert SupplierForm._meta.fields == Supplier.PROFILE_FIELDS
    assert SupplierAdminForm._meta.fields == [
        "slug",
        *Supplier.STAFF_FIELDS,
        *Supplier.PROFILE_FIELDS,
    ]


@pytest.mark.parametrize("extra", [*FORBIDDEN, {"is_verified": True}, {"proposed_by": None}])
def test_a_proposal_with_another_field_is_refused(base_user, refused, extra):
    with refused("field_not_editable"):
        propose_supplier(by=base_user, data={**_profile(), **extra})

    assert not Supplier.objects.exists()


def test_a_proposal_with_the_profile_is_saved(base_user):
    supplier = propose_supplier(by=base_user, data=_profile())

    assert supplier.status == Supplier.Status.PROPOSED


@pytest.mark.parametrize("extra", FORBIDDEN)
def test_staff_adding_a_supplier_with_another_field_are_refused(staff, refused, extra):
    with refused("field_not_editable"):
        create_supplier(by=staff, data={**_profile(), **extra})

    assert not Supplier.objects.exists()


@pytest.mark.parametrize("extra", FORBIDDEN)
@pytest.mark.parametrize("who", ["representative", "staff"])
def test_changes_to_another_field_are_refused_whoever_asks(staff, refused, extra, who):
    claim = ClaimFactory()
    supplier = Supplier.objects.get(pk=claim.supplier_id)
    before = Supplier.objects.values().get(pk=supplier.pk)

    with refused("field_not_editable"):
        update_supplier(
            supplier=supplier,
            data={"description": "Nuovo.", **extra},
            by=claim.user if who == "representative" else staff,
        )

    assert Supplier.objects.values().get(pk=supplier.pk) == before


def test_a_representative_changes_the_profile():
    claim = ClaimFactory()

    update_supplier(supplier=claim.supplier, data={"description": "Nuovo."}, by=claim.user)

    assert Supplier.objects.get(pk=claim.supplier_id).description == "Nuovo."


def test_someone_else_is_still_refused_the_profile(refused):
    supplier = SupplierFactory()

    with refused("not_representative"):
        update_supplier(supplier=supplier, data={"description": "Nuovo."}, by=UserFactory())
