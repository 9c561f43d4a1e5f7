"""The public directory of organisations, an organisation's page, what its referents edit, and the
registration of a new organisation."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Upper
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView
from django_filters.views import FilterView

from members.access import access_scope, require_manager
from members.actions.organisations import (
    OrganisationError,
    confirm_library_link,
    decline_library_link,
    link_library,
    register_organisation,
    unlink_library,
    update_organisation,
)
from members.actions.roles import RoleError
from members.filters import OrganisationFilter
from members.forms import (
    LinkLibraryForm,
    OrganisationForm,
    OrganisationRegistrationForm,
    UnlinkLibraryForm,
)
from members.models import (
    EffectiveTier,
    LibraryLink,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    last_twelve_months,
    managed_organisation_ids,
    pledged_hours,
)
from members.views import get_managed_organisation, get_organisation_for_user
from portal.lib.downloads import protected_download
from portal.lib.errors import refuse_on_form
from portal.lib.pagination import LenientPaginationMixin
from portal.lib.ratelimit import limited
from portal.lib.search import MAX_QUERY_LENGTH

# An organisation's page lists this many of a system's libraries; the rest are counted.
MEMBER_LIBRARIES_SHOWN = 50
# The page that links libraries lists this many of the system's libraries at a time, and this
# many search results (a longer list means the search needs another word).
LINKED_LIBRARIES_PER_PAGE = 50
LIBRARY_RESULTS_SHOWN = 20

# The directory's order, served by the index `organisation_name_order`.
BY_NAME = (Upper("name"), "pk")


def _with_membership_facts():
    """Organisations with their tier today, the working time the active membership pledges a
    month and the hours their memberships pledged over the last twelve months."""
    pledged_hours_a_month = Membership.objects.active().filter(organisation=OuterRef("pk"))
    return (
        Organisation.objects.select_related("region", "province")
        .with_current_tier()
        .annotate(
            pledged_hours=Subquery(pledged_hours_a_month.values("pledged_hours_per_month")[:1]),
            pledged_hours_last_year=pledged_hours(*last_twelve_months()),
        )
    )


class OrganisationListView(LenientPaginationMixin, FilterView):
    """The public directory: approved organisations, filtered by GET parameters, by name."""

    filterset_class = OrganisationFilter
    template_name = "members/organisation_list.html"
    paginate_by = 20

    def get_queryset(self):
        return (
            Organisation.objects.visible_to(self.request.user)
            .listed()
            .select_related("province")
            .with_current_tier()
            .order_by(*BY_NAME)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tiers"] = EffectiveTier
        # Read by the list's fragment only: a stored list validates no filter.
        context["province"] = SimpleLazyObject(self._province)
        context["system"] = self.system
        return context

    def _province(self):
        # Already fetched to validate the parameter: no query of its own.
        if not self.filterset.is_valid():
            return None
        return self.filterset.form.cleaned_data.get("province")

    @cached_property
    def system(self):
        """The system whose libraries `?system=` asks for, when the person may see it."""
        if slug := self.request.GET.get("system"):
            return (
                Organisation.objects.visible_to(self.request.user)
                .filter(slug=slug, kind=OrganisationKind.LIBRARY_SYSTEM)
                .first()
            )
        return None

    def list_scope(self):
        # A pending system is seen by its referents alone: its libraries are listed for them.
        return str(self.system.pk) if self.system else ""


class OrganisationDetailView(DetailView):
    """An organisation's page: its profile, its tier today, its libraries or systems, and the
    links for the people who may act on it."""

    template_name = "members/organisation_detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None):
        return get_organisation_for_user(self.request, self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation, user = self.object, self.request.user
        context["tiers"] = EffectiveTier
        context["can_edit"] = organisation.can_edit(user)
        context["scope"] = self.scope(context["can_edit"])
        # The page's profile and sections are a fragment kept per scope: what they read is
        # read only when it is not kept.
        context["facts"] = SimpleLazyObject(
            lambda: _with_membership_facts().get(pk=organisation.pk)
        )
        context["contributions_since"] = last_twelve_months()[0]
        if user.is_authenticated:
            context["role"] = (
                Role.objects.open()
                .filter(user=user, organisation=organisation)
                .order_by("kind", "pk")
                .first()
            )
        if organisation.is_system:
            shown = MEMBER_LIBRARIES_SHOWN
            context["libraries"] = SimpleLazyObject(lambda: self.libraries()[:shown])
            context["libraries_count"] = SimpleLazyObject(lambda: self.libraries().count())
        else:
            context["systems"] = SimpleLazyObject(
                lambda: (
                    Organisation.objects.systems_of(organisation)
                    .visible_to(user)
                    .order_by(*BY_NAME)
                )
            )
            if context["can_edit"]:
                # What the library's referents are asked to decide: systems that count it.
                context["pending_links"] = (
                    organisation.system_links.pending()
                    .select_related("system", "requested_by")
                    .order_by("requested_at", "pk")
                )
        return context

    def libraries(self):
        return (
            Organisation.objects.in_system(self.object)
            .visible_to(self.request.user)
            .select_related("province")
            .order_by(*BY_NAME)
        )

    def scope(self, can_edit) -> str:
        """Who sees the same profile and sections: the organisations they see, the content
        levels they open (documents, events), the organisations they manage (the practices they
        see) and whether they manage this one (the links to share a document or offer a
        colleague; a pending organisation's referent manages it without it being listed)."""
        user = self.request.user
        managed = ",".join(map(str, sorted(managed_organisation_ids(user))))
        visible = Organisation.objects.visibility_scope(user)
        return "|".join([visible, access_scope(user), managed, str(can_edit)])


@login_required
def organisation_edit(request, slug):
    organisation = get_managed_organisation(request, slug)
    # The form writes what was typed into its instance even when it is invalid: keep the name
    # as saved for the page's title.
    saved_name = organisation.name
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            if changes := form.changes():
                update_organisation(organisation=organisation, data=changes, by=request.user)
                messages.success(request, _("The organisation's profile has been saved."))
            else:
                messages.info(request, _("Nothing was changed."))
        except OrganisationError as error:
            refuse_on_form(form, error)
        else:
            return redirect(organisation)
    return render(
        request,
        "members/organisation_form.html",
        {"organisation": organisation, "saved_name": saved_name, "form": form},
    )


def organisation_logo(request, slug):
    """The thumbnail of the organisation's logo, for its page and its card in the directory; a
    raster image, so safe in an <img>."""
    organisation = get_organisation_for_user(request, slug)
    if not organisation.logo_thumbnail:
        raise Http404
    return protected_download(organisation.logo_thumbnail, filename=f"{organisation.slug}.png")


def _libraries_url(system, query=""):
    url = reverse("members:organisation-libraries", args=[system.slug])
    return f"{url}?{urlencode({'q': query})}" if query else url


def _get_managed_system(request, slug) -> Organisation:
    system = get_managed_organisation(request, slug)
    if not system.is_system:
        raise Http404
    return system


# Pending links first, where the system's referents look for them; declined ones last.
_BY_STATUS = Case(
    When(status=LibraryLink.Status.PENDING, then=Value(0)),
    When(status=LibraryLink.Status.CONFIRMED, then=Value(1)),
    default=Value(2),
)


@login_required
@limited("library_links", form=LinkLibraryForm)
def organisation_libraries(request, slug):
    """Where a system's referents add libraries to it (by ISIL code or by name), see which ones
    await the library's confirmation, and remove them."""
    system = _get_managed_system(request, slug)
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    form = LinkLibraryForm(user=request.user)

    if request.method == "POST":
        query = request.POST.get("q", "").strip()[:MAX_QUERY_LENGTH]
        form = LinkLibraryForm(request.POST, user=request.user)
        if form.is_valid():
            library = form.cleaned_data["library"]
            try:
                link, changed = link_library(system=system, library=library, by=request.user)
            except OrganisationError as error:
                form.add_error("isil" if form.cleaned_data["isil"] else None, error)
            else:
                messages.success(request, _link_message(link, changed))
                return redirect(_libraries_url(system, query))

    links = LibraryLink.objects.filter(
        system=system, library__in=Organisation.objects.visible_to(request.user)
    )
    counts = links.aggregate(
        confirmed=Count("pk", filter=Q(status=LibraryLink.Status.CONFIRMED)),
        pending=Count("pk", filter=Q(status=LibraryLink.Status.PENDING)),
    )
    ordered = links.select_related("library__province").order_by(
        _BY_STATUS, Upper("library__name"), "library__pk"
    )
    page = Paginator(ordered, LINKED_LIBRARIES_PER_PAGE).get_page(request.GET.get("page"))
    results = results_count = None
    if query:
        asked = LibraryLink.objects.open().filter(library=OuterRef("pk"), system=system)
        candidates = (
            Organisation.objects.visible_to(request.user)
            .filter(kind=OrganisationKind.LIBRARY)
            .exclude(Exists(asked))
            .search(query)
        )
        results_count = candidates.count()
        results = candidates.select_related("province").order_by(*BY_NAME)[:LIBRARY_RESULTS_SHOWN]
    return render(
        request,
        "members/organisation_libraries.html",
        {
            "organisation": system,
            "form": form,
            "page_obj": page,
            "confirmed_count": counts["confirmed"],
            "pending_count": counts["pending"],
            "search": query,
            "results": results,
            "results_count": results_count,
            "results_shown": LIBRARY_RESULTS_SHOWN,
        },
    )


def _link_message(link, changed) -> str:
    names = {"library": link.library.name, "system": link.system.name}
    if link.status == LibraryLink.Status.CONFIRMED:
        if changed:
            return _("%(library)s now belongs to %(system)s.") % names
        return _("%(library)s already belonged to %(system)s.") % names
    if changed:
        return (
            _(
                "%(library)s has been asked to confirm that it belongs to %(system)s: it counts "
                "among the system's libraries once its referents (or the network's staff, when "
                "it has none) confirm it."
            )
            % names
        )
    return _("%(library)s has already been asked to confirm that it belongs to %(system)s.") % names


@login_required
@require_POST
def organisation_library_remove(request, slug):
    """A system's referent takes a library off the system's list, or withdraws a request."""
    system = _get_managed_system(request, slug)
    query = request.POST.get("q", "").strip()[:MAX_QUERY_LENGTH]
    unlink_form = UnlinkLibraryForm(request.POST, system=system)
    if unlink_form.is_valid():
        library = unlink_form.cleaned_data["library"]
        unlink_library(system=system, library=library, by=request.user)
        messages.success(
            request,
            _("%(library)s no longer belongs to %(system)s.")
            % {"library": library.name, "system": system.name},
        )
    else:
        messages.error(request, _("That library was not linked to this system."))
    return redirect(_libraries_url(system, query))


def _get_link_to_decide(request, pk) -> LibraryLink:
    """A link the person sees (as a referent of the library or of the system, or staff), when
    they may decide on it: a 403 that says who may, for the system's referents."""
    link = get_object_or_404(
        LibraryLink.objects.visible_to(request.user).select_related("library", "system"), pk=pk
    )
    if not link.can_decide(request.user):
        require_manager(
            request.user,
            link.library,
            doing=_("say whether it belongs to %(system)s") % {"system": link.system.name},
        )
    return link


@login_required
@require_POST
def library_link_confirm(request, pk):
    link = _get_link_to_decide(request, pk)
    try:
        confirm_library_link(link=link, by=request.user)
    except OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(library)s belongs to %(system)s: the system's referents have been told.")
            % {"library": link.library.name, "system": link.system.name},
        )
    return redirect(link.library)


@login_required
@require_POST
def library_link_decline(request, pk):
    link = _get_link_to_decide(request, pk)
    try:
        decline_library_link(link=link, by=request.user)
    except OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "%(library)s does not belong to %(system)s: the link is declined and the "
                "system's referents have been told."
            )
            % {"library": link.library.name, "system": link.system.name},
        )
    return redirect(link.library)


@login_required
@limited("registrations", form=OrganisationRegistrationForm)
def organisation_register(request):
    form = OrganisationRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = register_organisation(by=request.user, **form.cleaned_data)
        except (OrganisationError, RoleError) as error:
            refuse_on_form(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you: %(organisation)s has been registered. The network's staff will "
                    "review it and write to you when it is approved; then you will be its "
                    "referent."
                )
                % {"organisation": organisation.name},
            )
            return redirect("portal:profile")
    return render(request, "members/organisation_register.html", {"form": form})
