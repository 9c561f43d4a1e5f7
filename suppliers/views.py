"""The pages of the supplier catalogue: list, export, a supplier's page, proposals, claims and
profile edits, and the review pages (write, edit, delete, helpful, report, reply).

Every page that works on a supplier or a review fetches it through the helpers at the top, so
that the access rules live in the models (`visible_to()`, `can_edit()`, `review_refusal()`,
`can_reply()`) alone; a refused person is told why and how to get the right.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView
from django_filters.views import FilterView

from portal.lib.downloads import protected_download
from portal.lib.errors import Refused, refuse_on_form
from portal.lib.exports import streaming_csv_response
from portal.lib.pagecache import CachedCountPaginator
from portal.lib.pagination import LenientPaginationMixin
from portal.lib.ratelimit import ANY, limited
from suppliers.actions import (
    SupplierError,
    claim_supplier,
    delete_review,
    edit_review,
    flag_review,
    mark_helpful,
    propose_supplier,
    reply_to_review,
    update_supplier,
    write_review,
)
from suppliers.exchange import export_filename, public_rows
from suppliers.filters import SupplierFilter
from suppliers.forms import ClaimForm, FlagForm, ReplyForm, ReviewForm, SupplierForm
from suppliers.models import HelpfulVote, Review, Supplier

REVIEWS_PER_PAGE = 10
REVIEW_ORDERINGS = {
    "newest": ("-created_at", "-pk"),
    "helpful": ("-helpful_count", "-created_at", "-pk"),
}


def _get_supplier_for_user(request, slug, queryset=None) -> Supplier:
    """The supplier, if the person may see it; 404 otherwise, whatever the slug."""
    queryset = Supplier.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.visible_to(request.user), slug=slug)


def _get_editable_supplier(request, slug) -> Supplier:
    """The supplier, for its representatives and staff: 404 when the person cannot see it, 403
    when they see it but may not edit it."""
    supplier = _get_supplier_for_user(request, slug)
    if not supplier.can_edit(request.user):
        raise Refused(
            _("Only the supplier's representatives and the network's staff edit its profile."),
            **_claim_remedy(
                supplier,
                _(
                    "If you work for this supplier, claim it: once the network's staff approve "
                    "the claim, you keep its profile up to date."
                ),
            ),
        )
    return supplier


def _claim_remedy(supplier, remedy) -> dict:
    """The way to the rights a supplier's representatives have: claiming it."""
    return {
        "remedy": remedy,
        "remedy_url": reverse("suppliers:supplier-claim", args=[supplier.slug]),
        "remedy_label": _("Claim this profile"),
    }


def _get_review_for_user(request, pk) -> Review:
    queryset = Review.objects.visible_to(request.user).select_related("supplier", "author")
    return get_object_or_404(queryset, pk=pk)


def _get_own_review(request, pk) -> Review:
    review = _get_review_for_user(request, pk)
    if review.author_id != request.user.pk:
        raise Refused(_("Only its author can change a review."))
    return review


# The catalogue -------------------------------------------------------------------------------


def _listed(request):
    return Supplier.objects.visible_to(request.user).published()


class SupplierListView(LenientPaginationMixin, FilterView):
    filterset_class = SupplierFilter
    template_name = "suppliers/supplier_list.html"
    paginate_by = 20
    ordering_parameters = ("order",)

    def get_queryset(self):
        # Best rated first unless the filters order otherwise (a search ranks its matches).
        return _listed(self.request).best_rated().prefetch_related("categories", "regions")

    def list_scope(self):
        return ""  # published suppliers: the same for everyone


@limited("export", method=ANY)
def supplier_export(request):
    """The current filtered list as CSV, in the words of the page, whatever its length,
    streamed."""
    filterset = SupplierFilter(request.GET, queryset=_listed(request), request=request)
    # Invalid filters show an empty list: the export matches it.
    queryset = filterset.qs if filterset.is_valid() else Supplier.objects.none()
    return streaming_csv_response(export_filename("csv"), public_rows(queryset))


class SupplierDetailView(DetailView):
    template_name = "suppliers/supplier_detail.html"
    context_object_name = "supplier"

    def get_object(self, queryset=None):
        # Its categories, regions and tags are read by a cached fragment, only when it is not.
        supplier = _get_supplier_for_user(self.request, self.kwargs["slug"])
        return supplier.load_state_of(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        supplier, user = self.object, self.request.user
        sort = self.request.GET.get("sort")
        sort = sort if sort in REVIEW_ORDERINGS else "newest"
        own_review_pk = getattr(supplier, "own_review_pk", None)
        can_edit = supplier.can_edit(user)
        context.update(
            sort=sort,
            page_obj=SimpleLazyObject(lambda: self.paginate(self.reviews(sort), user)),
            reviewer_key=_reviewer_key(supplier, user, can_edit),
            can_edit=can_edit,
            can_reply=supplier.can_reply_to_reviews(user),
            refusal=supplier.review_refusal(user),
            own_review_pk=own_review_pk,
            has_open_claim=bool(getattr(supplier, "open_claim_status", None)),
        )
        return context

    def reviews(self, sort):
        supplier, user = self.object, self.request.user
        hidden_own_review = getattr(supplier, "own_review_status", None) == Review.Status.HIDDEN
        if user.is_staff or hidden_own_review:
            reviews = Review.objects.visible_to(user).filter(supplier=supplier)
        else:
            # The same list for everyone else who sees the supplier, so its count is kept.
            reviews = supplier.reviews.visible()
        return reviews.select_related("author", "organisation", "reply").order_by(
            *REVIEW_ORDERINGS[sort]
        )

    def paginate(self, reviews, user):
        """The page of reviews, counted once per change of the content; each marked
        `found_helpful` when the person voted it helpful, in the query that fetches them."""
        paginator = CachedCountPaginator(reviews, REVIEWS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("page"))
        if user.is_authenticated and paginator.count:
            votes = HelpfulVote.objects.filter(user=user, review=OuterRef("pk"))
            start = (page.number - 1) * REVIEWS_PER_PAGE
            page.object_list = reviews.annotate(found_helpful=Exists(votes))[
                start : start + REVIEWS_PER_PAGE
            ]
        return page


def _reviewer_key(supplier, user, can_edit) -> str:
    """What the reviews' fragment is kept under for the person. The reviews carry what the
    person did with them (their vote, their own review, the replies they may write): those who
    did anything with this supplier's reviews, or speak for it, or moderate, see their own list;
    every other logged-in person sees the same one, and so does every visitor."""
    if not user.is_authenticated:
        return "visitor"
    if user.is_staff or can_edit or supplier.own_review_pk or supplier.has_voted:
        return f"person:{user.pk}"
    return "member"


def supplier_logo(request, slug):
    supplier = _get_supplier_for_user(request, slug)
    if not supplier.logo:
        raise Http404
    extension = supplier.logo.name.rsplit(".", 1)[-1]
    return protected_download(supplier.logo, filename=f"{supplier.slug}.{extension}")


@login_required
@limited("proposals", form=SupplierForm)
def supplier_propose(request):
    form = SupplierForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            supplier = propose_supplier(by=request.user, data=form.changes())
        except SupplierError as error:
            refuse_on_form(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you: the network's staff will check the supplier and publish it. "
                    "Until then only you see this page."
                ),
            )
            return redirect(supplier)
    return render(request, "suppliers/supplier_form.html", {"form": form})


@login_required
def supplier_edit(request, slug):
    supplier = _get_editable_supplier(request, slug)
    saved_name = supplier.name
    form = SupplierForm(request.POST or None, request.FILES or None, instance=supplier)
    if request.method == "POST" and form.is_valid():
        if changes := form.changes():
            try:
                update_supplier(supplier=supplier, data=changes, by=request.user)
            except SupplierError as error:
                refuse_on_form(form, error)
            else:
                messages.success(request, _("The supplier's profile has been saved."))
                return redirect(supplier)
        else:
            messages.info(request, _("Nothing was changed."))
            return redirect(supplier)
    return render(
        request,
        "suppliers/supplier_form.html",
        {"form": form, "supplier": supplier, "saved_name": saved_name},
    )


@login_required
@limited("claims", form=ClaimForm)
def supplier_claim(request, slug):
    supplier = _get_supplier_for_user(request, slug)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim_supplier(supplier=supplier, by=request.user, **form.cleaned_data)
        except SupplierError as error:
            refuse_on_form(form, error)
        else:
            messages.success(
                request,
                _("Your claim has been sent: the network's staff will check it and tell you."),
            )
            return redirect(supplier)
    return render(request, "suppliers/claim_form.html", {"form": form, "supplier": supplier})


# Reviews -------------------------------------------------------------------------------------


@login_required
@limited("reviews", form=ReviewForm)
def review_create(request, slug):
    supplier = _get_supplier_for_user(request, slug)
    own = supplier.reviews.filter(author=request.user).first()
    if own is not None:
        messages.info(request, _("You have already reviewed this supplier: edit your review."))
        return redirect("suppliers:review-edit", pk=own.pk)
    if refusal := supplier.review_refusal(request.user):
        messages.error(request, refusal)
        return redirect(supplier)
    form = ReviewForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            review = write_review(supplier=supplier, author=request.user, data=form.cleaned_data)
        except SupplierError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("Thank you: your review is online."))
            return redirect(review.get_absolute_url())
    return render(request, "suppliers/review_form.html", {"form": form, "supplier": supplier})


@login_required
def review_edit(request, pk):
    review = _get_own_review(request, pk)
    initial = {name: getattr(review, name) for name in ReviewForm.base_fields}
    form = ReviewForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            edit_review(review=review, by=request.user, data=form.cleaned_data)
        except SupplierError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("Your review has been saved."))
            return redirect(review.get_absolute_url())
    return render(
        request,
        "suppliers/review_form.html",
        {"form": form, "supplier": review.supplier, "review": review},
    )


@login_required
def review_delete(request, pk):
    review = _get_own_review(request, pk)
    if refusal := review.deletion_refusal():
        raise Refused(refusal)
    if request.method == "POST":
        delete_review(review=review, by=request.user)
        messages.success(request, _("Your review has been deleted."))
        return redirect(review.supplier)
    return render(request, "suppliers/review_delete.html", {"review": review})


@login_required
@require_POST
@limited("helpful")
def review_helpful(request, pk):
    review = _get_review_for_user(request, pk)
    try:
        if mark_helpful(review=review, by=request.user):
            messages.success(request, _("Thank you: your vote has been counted."))
        else:
            messages.info(request, _("You had already marked this review as helpful."))
    except SupplierError as error:
        messages.error(request, str(error))
    return redirect(review.get_absolute_url())


@login_required
@limited("flags", form=FlagForm)
def review_flag(request, pk):
    review = _get_review_for_user(request, pk)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flag_review(review=review, by=request.user, **form.cleaned_data)
        except SupplierError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("Thank you: the network's staff will look at the review."))
            return redirect(review.get_absolute_url())
    return render(request, "suppliers/review_flag.html", {"form": form, "review": review})


@login_required
@limited("replies", form=ReplyForm)
def review_reply(request, pk):
    review = _get_review_for_user(request, pk)
    if not review.can_reply(request.user):
        raise Refused(
            _("Only the supplier's representatives and the network's staff reply to its reviews."),
            **_claim_remedy(
                review.supplier,
                _(
                    "If you work for this supplier, claim it: once the network's staff approve "
                    "the claim, you reply to its reviews."
                ),
            ),
        )
    if hasattr(review, "reply"):
        messages.info(request, _("This review already has a reply."))
        return redirect(review.get_absolute_url())
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reply_to_review(review=review, by=request.user, text=form.cleaned_data["text"])
        except SupplierError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("Your reply is online, under the review."))
            return redirect(review.get_absolute_url())
    return render(request, "suppliers/review_reply.html", {"form": form, "review": review})
