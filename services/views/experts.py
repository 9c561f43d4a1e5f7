"""The pages of the expert roster and of the competence exchange: the roster members browse and
filter, the form where a referent offers a colleague's competence, and the list of their
organisations' offers with what staff decided.

Who sees what is decided by `Expert.objects.visible_to`, `CompetenceOffer.objects.visible_to` and
`Organisation.objects.managed_by` alone.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from members.access import AccessLevel, can_access, locked, managed_organisations_or_refused
from members.models import managed_organisation_ids
from portal.lib.errors import refuse_on_form
from portal.lib.pagination import LenientPaginationMixin
from portal.lib.ratelimit import limited
from services.actions import ServiceError
from services.actions.experts import offer_competence
from services.filters import ExpertFilter
from services.forms import CompetenceOfferForm
from services.models import CompetenceOffer, Expert

OFFERS_PER_PAGE = 20


def _managed_organisations(user):
    """The organisations the person may offer competences for; the explaining 403 page when
    there is none."""
    return managed_organisations_or_refused(
        user,
        reason=_("Competences are offered to the network by the referents of its organisations."),
    )


class ExpertListView(LenientPaginationMixin, FilterView):
    """The roster, for the people of member organisations and staff."""

    filterset_class = ExpertFilter
    template_name = "services/expert_list.html"
    paginate_by = 12

    def dispatch(self, request, *args, **kwargs):
        if not can_access(request.user, AccessLevel.MEMBER):
            return locked(request, AccessLevel.MEMBER, subject=_("The network's experts"))
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Expert.objects.visible_to(self.request.user)
            .select_related("organisation")
            .prefetch_related("competences", "regions")
            .order_by("name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_offer"] = bool(managed_organisation_ids(self.request.user))
        return context


@login_required
@limited("competence_offers", form=CompetenceOfferForm)
def offer_create(request):
    organisations = _managed_organisations(request.user)
    form = CompetenceOfferForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            offer_competence(
                organisation=form.cleaned_data["organisation"],
                by=request.user,
                data=form.offer_data(),
            )
        except ServiceError as error:
            refuse_on_form(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you: the offer is sent. The network's staff review it and write to "
                    "the referents when they decide."
                ),
            )
            return redirect("services:offer-list")
    return render(request, "services/competence_offer_form.html", {"form": form})


@login_required
def offer_list(request):
    """The offers of the organisations the person manages, newest first, with their status."""
    organisations = _managed_organisations(request.user)
    offers = (
        CompetenceOffer.objects.visible_to(request.user)
        .filter(organisation__in=organisations)
        .select_related("organisation", "expert")
        .prefetch_related("competences")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(offers, OFFERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "services/competence_offer_list.html", {"page_obj": page, "offers": page}
    )
