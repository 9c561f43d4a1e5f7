"""Staff add credits to a package or take some away, with a reason the referents read.

Adjustments go through `adjust_credits`, which the admin's action on memberships calls; the
referents find them, with their reason, among the movements on their memberships' page.
"""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from members.actions.memberships import CreditError, adjust_credits, take_credits
from members.models import CreditEntry, Membership
from tests.factories import MembershipFactory, RoleFactory
from tests.pages import run_admin_action

pytestmark = pytest.mark.django_db


def _package_of(person) -> Membership:
    return person.roles.get().organisation.memberships.get()


def _granted(membership, credits=20) -> Membership:
    """A package as approval leaves it: its credits granted."""
    CreditEntry.objects.create(membership=membership, kind=CreditEntry.Kind.GRANT, amount=credits)
    return membership


def _ledger(membership):
    return list(membership.credit_entries.values_list("kind", "amount", "reason"))


def test_an_adjustment_shows_on_the_referents_page_with_its_reason(
    client, package_referent, staff, mailoutbox, committing
):
    package = _granted(_package_of(package_referent))

    with committing():
        adjust_credits(
            membership=package,
            amount=5,
            reason="Credito per il corso annullato a marzo",
            by=staff,
        )
    client.force_login(package_referent)
    response = client.get(reverse("members:membership-list", args=[package.organisation.slug]))

    html = response.content.decode()
    assert "Rettifica dello staff della rete" in html
    assert "Motivo: Credito per il corso annullato a marzo" in html
    assert "+5" in html
    assert "Saldo: 25 crediti disponibili" in html
    [message] = mailoutbox
    assert message.to == [package_referent.email]
    assert "Credito per il corso annullato a marzo" in message.body
    assert "aggiunto 5 crediti" in message.body


def test_staff_may_take_credits_away_down_to_zero(package_referent, staff):
    package = _granted(_package_of(package_referent), 20)
    take_credits(organisation=package.organisation, amount=12, reference="r1", by=staff)

    adjust_credits(membership=package, amount=-8, reason="Servizio pagato a parte", by=staff)

    assert package.credit_balance() == 0
    assert _ledger(package)[-1] == ("adjust", -8, "Servizio pagato a parte")


@pytest.mark.parametrize(
    ("amount", "reason", "code", "field"),
    [
        (0, "Nessun motivo di cambiare", "bad_amount", "amount"),
        (5, "", "no_reason", "reason"),
        (5, "   ", "no_reason", "reason"),
        (-21, "Rettifica oltre il saldo", "not_enough_credits", "amount"),
        (True, "Un sì non è un numero", "bad_amount", "amount"),
    ],
)
def test_a_refused_adjustment_leaves_the_ledger_unchanged(
    package_referent, staff, refused, amount, reason, code, field
):
    package = _granted(_package_of(package_referent), 20)
    before = _ledger(package)

    with refused(code, field=field) as refusal:
        adjust_credits(membership=package, amount=amount, reason=reason, by=staff)

    assert isinstance(refusal.value, CreditError)
    assert _ledger(package) == before
    assert package.credit_balance() == 20


def test_the_refusal_below_zero_says_how_many_credits_are_left(package_referent, staff, refused):
    package = _granted(_package_of(package_referent), 20)

    with refused("not_enough_credits") as refusal:
        adjust_credits(membership=package, amount=-25, reason="Troppi", by=staff)

    assert "20 crediti" in str(refusal.value)
    assert "25" in str(refusal.value)


def test_only_staff_adjust_credits(package_referent, refused):
    package = _granted(_package_of(package_referent))

    with refused("not_staff"):
        adjust_credits(membership=package, amount=50, reason="Ce li regaliamo", by=package_referent)

    assert package.credit_balance() == 20


@pytest.mark.parametrize(
    "terms",
    [
        {},  # official membership
        {"tier": Membership.Tier.PACKAGE, "credits": None, "is_flat_rate": True},
        {"package": True, "status": Membership.Status.PENDING},
        {"package": True, "status": Membership.Status.EXPIRED},
        {
            "package": True,
            "starts_on": datetime.date(2020, 1, 1),
            "ends_on": datetime.date(2020, 12, 31),
        },
    ],
)
def test_only_an_active_package_with_credits_is_adjusted(staff, refused, terms):
    membership = MembershipFactory(**terms)

    with refused("no_credit_package"):
        adjust_credits(membership=membership, amount=5, reason="Rettifica", by=staff)

    assert not membership.credit_entries.exists()


def test_the_database_refuses_an_adjustment_of_zero_or_without_a_reason(package_referent):
    package = _package_of(package_referent)

    for amount, reason in [(0, "Rettifica"), (3, "")]:
        with pytest.raises(IntegrityError), transaction.atomic():
            CreditEntry.objects.create(
                membership=package, kind=CreditEntry.Kind.ADJUST, amount=amount, reason=reason
            )


# The admin


def test_staff_adjust_credits_from_the_admin_after_giving_the_reason(
    staff_client, committing, mailoutbox
):
    package = _granted(MembershipFactory(package=True, organisation__name="Rete Salento"))
    referent = RoleFactory(organisation=package.organisation).user

    page = run_admin_action(staff_client, "adjust", [package])
    html = page.content.decode()
    assert 'name="amount"' in html
    assert 'name="reason"' in html
    assert "Rete Salento" in html
    assert package.credit_balance() == 20

    with committing():
        response = run_admin_action(
            staff_client, "adjust", [package], amount="-4", reason="Doppio addebito", _confirmed="1"
        )

    assert "Pacchetti rettificati: 1." in response.content.decode()
    assert package.credit_balance() == 16
    assert _ledger(package)[-1] == ("adjust", -4, "Doppio addebito")
    assert any(referent.email in message.to for message in mailoutbox)


def test_the_admin_asks_again_without_a_reason(staff_client):
    package = _granted(MembershipFactory(package=True))

    page = run_admin_action(staff_client, "adjust", [package], amount="5", _confirmed="1")

    assert page.context["form"].errors["reason"]
    assert package.credit_balance() == 20


def test_the_admin_says_why_an_adjustment_is_refused(staff_client):
    package = _granted(MembershipFactory(package=True), 3)

    response = run_admin_action(
        staff_client, "adjust", [package], amount="-10", reason="Rettifica", _confirmed="1"
    )

    html = response.content.decode()
    assert f"{package}:" in html
    assert "3 crediti" in html
    assert package.credit_balance() == 3


def test_people_without_staff_rights_cannot_adjust_credits_through_the_admin(
    client, package_referent
):
    package = _granted(_package_of(package_referent))
    client.force_login(package_referent)

    response = client.post(
        reverse("admin:members_membership_changelist"),
        {
            "action": "adjust",
            "_selected_action": [package.pk],
            "amount": "100",
            "reason": "Me li aggiungo da solo",
            "_confirmed": "1",
        },
    )

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert package.credit_balance() == 20
    assert not package.credit_entries.filter(kind=CreditEntry.Kind.ADJUST).exists()


def test_an_adjustment_counts_in_todays_balance_for_the_services(package_referent, staff):
    package = _granted(_package_of(package_referent), 2)
    adjust_credits(membership=package, amount=4, reason="Integrazione", by=staff)

    take_credits(organisation=package.organisation, amount=6, reference="r1", by=staff)

    assert package.credit_balance() == 0
    assert timezone.localdate() <= package.ends_on
