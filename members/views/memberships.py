"""An organisation's memberships: the referents apply for one and follow them and their credits.

Staff decide on applications in the admin. Every change is made by an action in
`members.actions.memberships`; these views fetch what the person may reach and call them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Sum, Window
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from members.actions.memberships import (
    MembershipError,
    admission_refusal,
    apply_for_membership,
    next_start,
)
from members.forms import MembershipApplicationForm
from members.models import Membership
from members.views import get_managed_organisation
from portal.lib.errors import refuse_on_form
from portal.lib.ratelimit import limited


@login_required
@limited("memberships", form=MembershipApplicationForm)
def membership_apply(request, slug):
    organisation = get_managed_organisation(request, slug)
    # What the admission policy says for this kind of organisation, shown before the form.
    refusals = {tier: admission_refusal(organisation.kind, tier) for tier in Membership.Tier.values}
    form = MembershipApplicationForm(
        request.POST or None,
        initial={"tier": next((tier for tier, refusal in refusals.items() if not refusal), None)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            apply_for_membership(organisation=organisation, by=request.user, **form.cleaned_data)
        except MembershipError as error:
            refuse_on_form(form, error)
        else:
            messages.success(
                request,
                _(
                    "The application of %(organisation)s has been sent. The network's staff will "
                    "review it and write to you."
                )
                % {"organisation": organisation},
            )
            return redirect("members:membership-list", slug=organisation.slug)
    return render(
        request,
        "members/membership_form.html",
        {
            "organisation": organisation,
            "form": form,
            "refusals": [refusal for refusal in refusals.values() if refusal],
            "nothing_open": all(refusals.values()),
            "pending": organisation.memberships.filter(status=Membership.Status.PENDING).first(),
            "next_start": next_start(organisation),
        },
    )


@login_required
def membership_list(request, slug):
    organisation = get_managed_organisation(request, slug)
    memberships = Membership.objects.visible_to(request.user).filter(organisation=organisation)
    package = memberships.active().filter(tier=Membership.Tier.PACKAGE).first()
    ledger = []
    if package and package.credits is not None:
        # The balance after each movement, so the page reads like a bank statement.
        ledger = list(
            package.credit_entries.select_related("created_by").annotate(
                balance=Window(Sum("amount"), order_by=[F("created_at").asc(), F("pk").asc()])
            )
        )
    return render(
        request,
        "members/membership_list.html",
        {
            "organisation": organisation,
            "memberships": memberships,
            "package": package,
            "ledger": ledger,
            "balance": ledger[-1].balance if ledger else 0,
        },
    )
