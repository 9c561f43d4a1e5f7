"""The pages of the bank of good practices: list, detail, drafting and review, attachments,
adoptions, derivations and comments.

Every page fetches a practice through `_get_practice_for_user` (404 when the person cannot see
it) or `_get_editable_practice` (a 403 page that says who may, when they see it but may not
change it), so the access rules
live in `Practice.objects.visible_to()` and `Practice.can_edit()` alone.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from members.access import managed_organisations_or_refused, require_manager
from members.models import Organisation, managed_organisation_ids
from portal.lib.downloads import protected_download
from portal.lib.errors import Refused, refuse_on_form
from portal.lib.pagecache import remember
from portal.lib.pagination import LenientPaginationMixin
from portal.lib.ratelimit import limited
from practices import actions
from practices.actions import PracticeError
from practices.filters import ORDERINGS, PracticeFilter
from practices.forms import (
    AdoptionForm,
    AttachmentForm,
    CommentForm,
    DeriveForm,
    NewPracticeForm,
    PracticeForm,
    SubmitForm,
)
from practices.models import Comment, Practice

# How many practices on the same themes the detail page suggests.
RELATED_SHOWN = 3
# How many comments a page of a practice's comments shows.
COMMENTS_PER_PAGE = 20


def _get_practice_for_user(request, slug, queryset=None) -> Practice:
    queryset = Practice.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.visible_to(request.user), slug=slug)


def _get_editable_practice(request, slug) -> Practice:
    practice = _get_practice_for_user(
        request, slug, Practice.objects.select_related("organisation", "derived_from")
    )
    require_manager(request.user, practice.organisation, doing=_("change its practices"))
    return practice


def _refusal(request, error: PracticeError):
    messages.error(request, str(error))


# Finding practices -------------------------------------------------------------------------


class PracticeListView(LenientPaginationMixin, FilterView):
    filterset_class = PracticeFilter
    template_name = "practices/practice_list.html"
    paginate_by = 12

    def get_queryset(self):
        return (
            Practice.objects.visible_to(self.request.user)
            .published()
            .for_cards()
            .order_by(*ORDERINGS["newest"])
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_propose"] = bool(managed_organisation_ids(self.request.user))
        return context

    def list_scope(self):
        return ""  # published practices: the same for everyone


def practice_detail(request, slug):
    """A practice's page. What is the same for everyone who opens it is in fragments kept per
    content version (the text, the facts, the adoptions, the comments of people other than the
    reader); what they read (its organisation, themes, partners, attachments, comments and
    related practices) are querysets and lazy values, read only when a fragment is not kept.
    The person's own parts are the management card, their comments' edit links and the
    adoption and derive forms, kept per set of organisations they manage."""
    practice = _get_practice_for_user(request, slug, Practice.objects.defer("search_vector"))
    user = request.user
    managed = managed_organisation_ids(user) if practice.is_published else frozenset()
    context = {
        "practice": practice,
        "can_edit": practice.can_edit(user),
        "adoptions": SimpleLazyObject(lambda: practice.adoptions.select_related("organisation")),
        "derivatives": SimpleLazyObject(
            lambda: (
                Practice.objects.visible_to(user)
                .published()
                .filter(derived_from=practice)
                .select_related("organisation")
            )
        ),
        "comments": SimpleLazyObject(lambda: _comments(practice, user, request.GET.get("page"))),
        "commenter": _commenter_key(practice, user),
        "can_moderate_comments": Comment.can_moderate(user),
        "related": SimpleLazyObject(lambda: _related(practice, user)),
        "managed_key": ",".join(map(str, sorted(managed))),
        "adoption_form": SimpleLazyObject(lambda: _adoption_form(practice, managed)),
        "derive_form": SimpleLazyObject(lambda: _derive_form(practice, managed)),
        "comment_form": SimpleLazyObject(CommentForm),
    }
    if context["can_edit"]:
        if practice.is_published:
            context["open_revision"] = practice.revisions.first()
        if practice.is_editable:
            context["submit_form"] = SubmitForm()
    return render(request, "practices/practice_detail.html", context)


def _comments(practice, user, number):
    """A page of the comments: the newest first, each page read oldest first, so that the
    latest comments sit right above the form that adds one; older ones on the next pages."""
    comments = (
        Comment.objects.visible_to(user)
        .filter(practice=practice)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(comments, COMMENTS_PER_PAGE).get_page(number)
    page.object_list = list(reversed(page.object_list))
    for comment in page:
        comment.is_editable = comment.can_edit(user)
    return page


def _commenter_key(practice, user) -> str:
    """What the comments' fragment is kept under for the person: their pk when they wrote one
    of the comments (theirs carry an edit link), staff alike (they hide and show comments),
    and nothing for everyone else, who all see the same list."""
    if not user.is_authenticated:
        return ""
    if user.is_staff:
        return "staff"
    authors = remember(
        f"practice-commenters:{practice.pk}",
        lambda: frozenset(practice.comments.values_list("author_id", flat=True)),
    )
    return str(user.pk) if user.pk in authors else ""


def _adoption_form(practice, managed):
    """The form to record an adoption, for the organisations the person manages that have not
    adopted the practice yet and did not write it; None when there are none."""
    if not managed:
        return None
    can_adopt = (
        Organisation.objects.filter(pk__in=managed)
        .exclude(pk=practice.organisation_id)
        .exclude(adoptions__practice=practice)
    )
    form = AdoptionForm(organisations=can_adopt)
    return form if can_adopt else None  # read once, by the form


def _derive_form(practice, managed):
    if not managed or not practice.is_derivable:
        return None
    # Its own ids: the adoption form on the same page has a field of the same name.
    return DeriveForm(
        organisations=Organisation.objects.filter(pk__in=managed), auto_id="id_derive_%s"
    )


def _related(practice, user):
    """Other published practices that share a theme, newest first."""
    if not practice.is_published:
        return []
    theme_ids = [theme.pk for theme in practice.themes.all()]
    if not theme_ids:
        return []
    # EXISTS rather than a join and DISTINCT: the newest published practices are read in index
    # order until three share a theme, instead of sorting every practice of those themes.
    shares_a_theme = Practice.themes.through.objects.filter(
        practice=OuterRef("pk"), servicearea__in=theme_ids
    )
    return list(
        Practice.objects.visible_to(user)
        .published()
        .filter(Exists(shares_a_theme))
        .exclude(pk=practice.pk)
        .select_related("organisation")
        .order_by("-published_at", "-pk")[:RELATED_SHOWN]
    )


@login_required
def practice_mine(request):
    """The practices of the person's organisations, in every state."""
    practices = (
        Practice.objects.managed_by(request.user)
        .select_related("organisation", "revision_of")
        .annotate(adoption_count=Count("adoptions"))
        .order_by("-updated_at", "-pk")
    )
    return render(
        request,
        "practices/practice_mine.html",
        {
            "practices": practices,
            "can_propose": Organisation.objects.managed_by(request.user).exists(),
        },
    )


# Drafting and review -----------------------------------------------------------------------


@login_required
def practice_create(request):
    organisations = managed_organisations_or_refused(
        request.user,
        reason=_("Practices are shared by the referents of the organisations on the portal."),
    )
    form = NewPracticeForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        initial={"organisation": organisations.first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            practice = actions.create_practice(
                organisation=form.cleaned_data["organisation"],
                by=request.user,
                data=form.data_for_action(),
            )
        except PracticeError as error:
            refuse_on_form(form, error)
        else:
            messages.success(
                request,
                _("The draft is saved. Add attachments if you have any, then submit it."),
            )
            return redirect(practice)
    return render(request, "practices/practice_form.html", {"form": form, "practice": None})


@login_required
def practice_edit(request, slug):
    practice = _get_editable_practice(request, slug)
    if practice.is_published:
        # A published practice is changed through a revision that goes through review again.
        return redirect("practices:practice-revise", slug=practice.slug)
    if not practice.is_editable:
        messages.info(request, _("The practice is awaiting review: it cannot be changed now."))
        return redirect(practice)
    saved_title = practice.title
    form = PracticeForm(request.POST or None, request.FILES or None, instance=practice)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_practice(practice=practice, by=request.user, data=form.data_for_action())
        except PracticeError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(practice)
    practice.title = saved_title
    return render(request, "practices/practice_form.html", {"form": form, "practice": practice})


@login_required
def practice_revise(request, slug):
    """Opens (or reopens) the draft revision of a published practice."""
    practice = _get_editable_practice(request, slug)
    if request.method == "POST":
        try:
            revision = actions.start_revision(practice=practice, by=request.user)
        except PracticeError as error:
            _refusal(request, error)
            return redirect(practice)
        return redirect("practices:practice-edit", slug=revision.slug)
    return render(request, "practices/practice_revise.html", {"practice": practice})


@login_required
@require_POST
@limited("submissions", form=SubmitForm)
def practice_submit(request, slug):
    practice = _get_editable_practice(request, slug)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["consent"][0])
        return redirect(practice)
    try:
        actions.submit_practice(
            practice=practice, by=request.user, consent=form.cleaned_data["consent"]
        )
    except PracticeError as error:
        _refusal(request, error)
    else:
        messages.success(
            request,
            _("The practice has been submitted: the network staff will review it."),
        )
    return redirect(practice)


@login_required
def practice_delete(request, slug):
    practice = _get_editable_practice(request, slug)
    if request.method == "POST":
        try:
            actions.delete_draft(practice=practice, by=request.user)
        except PracticeError as error:
            _refusal(request, error)
            return redirect(practice)
        messages.success(request, _("The draft has been deleted."))
        return redirect("practices:practice-mine")
    return render(request, "practices/practice_delete.html", {"practice": practice})


# Attachments -------------------------------------------------------------------------------


@login_required
def attachment_manage(request, slug):
    practice = _get_editable_practice(request, slug)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_attachment(
                practice=practice,
                by=request.user,
                file=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
            )
        except PracticeError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The file is attached."))
            return redirect("practices:attachment-manage", slug=practice.slug)
    return render(
        request,
        "practices/attachment_manage.html",
        {"practice": practice, "form": form, "attachments": practice.attachments.all()},
    )


@login_required
@require_POST
def attachment_remove(request, slug, pk):
    practice = _get_editable_practice(request, slug)
    attachment = get_object_or_404(practice.attachments, pk=pk)
    try:
        actions.remove_attachment(attachment=attachment, by=request.user)
    except PracticeError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("The file has been removed."))
    return redirect("practices:attachment-manage", slug=practice.slug)


def practice_cover(request, slug):
    """The cover image, for the practice's page; an image format, so safe in an <img>."""
    practice = _get_practice_for_user(request, slug)
    if not practice.cover:
        raise Http404
    extension = practice.cover.name.rsplit(".", 1)[-1]
    return protected_download(practice.cover, filename=f"{practice.slug}.{extension}")


def attachment_download(request, slug, pk):
    practice = _get_practice_for_user(request, slug)
    attachment = get_object_or_404(practice.attachments, pk=pk)
    return protected_download(attachment.file, filename=attachment.original_name)


# Reuse -------------------------------------------------------------------------------------


@login_required
@require_POST
def practice_adopt(request, slug):
    practice = _get_practice_for_user(request, slug)
    form = AdoptionForm(request.POST, organisations=Organisation.objects.managed_by(request.user))
    if not form.is_valid():
        messages.error(
            request, " ".join(error for errors in form.errors.values() for error in errors)
        )
        return redirect(practice)
    try:
        actions.adopt_practice(
            practice=practice,
            organisation=form.cleaned_data["organisation"],
            by=request.user,
            note=form.cleaned_data["note"],
        )
    except PracticeError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("Thank you: the adoption is recorded on the practice."))
    return redirect(practice)


@login_required
@require_POST
def practice_derive(request, slug):
    origin = _get_practice_for_user(request, slug, Practice.objects.select_related("organisation"))
    form = DeriveForm(request.POST, organisations=Organisation.objects.managed_by(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose one of your organisations."))
        return redirect(origin)
    try:
        practice = actions.derive_practice(
            origin=origin, organisation=form.cleaned_data["organisation"], by=request.user
        )
    except PracticeError as error:
        _refusal(request, error)
        return redirect(origin)
    messages.success(
        request,
        _("A new draft derived from «%(title)s» is ready: adapt it to your organisation.")
        % {"title": origin.title},
    )
    return redirect("practices:practice-edit", slug=practice.slug)


# Comments ----------------------------------------------------------------------------------


@login_required
@require_POST
@limited("comments", form=CommentForm)
def comment_add(request, slug):
    practice = _get_practice_for_user(
        request, slug, Practice.objects.select_related("organisation")
    )
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = actions.add_comment(
                practice=practice, author=request.user, body=form.cleaned_data["body"]
            )
        except PracticeError as error:
            _refusal(request, error)
        else:
            messages.success(request, _("Your comment is published."))
            return redirect(f"{practice.get_absolute_url()}#comment-{comment.pk}")
    else:
        messages.error(request, " ".join(form.errors["body"]))
    return redirect(f"{practice.get_absolute_url()}#comments")


def _get_comment(request, slug, pk) -> Comment:
    practice = _get_practice_for_user(request, slug)
    comments = Comment.objects.visible_to(request.user).filter(practice=practice)
    return get_object_or_404(comments.select_related("practice"), pk=pk)


@login_required
def comment_edit(request, slug, pk):
    comment = _get_comment(request, slug, pk)
    if not comment.can_edit(request.user):
        raise Refused(_("Only its author can change a comment."))
    form = CommentForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_comment(comment=comment, by=request.user, body=form.cleaned_data["body"])
        except PracticeError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("Your comment is saved."))
            return redirect(f"{comment.practice.get_absolute_url()}#comment-{comment.pk}")
    return render(request, "practices/comment_form.html", {"form": form, "comment": comment})


@login_required
@require_POST
def comment_hide(request, slug, pk):
    comment = _get_comment(request, slug, pk)
    if not Comment.can_moderate(request.user):
        raise Refused(_("Only the network's staff hide comments and show them again."))
    hidden = request.POST.get("hidden", "1") == "1"
    actions.hide_comment(comment=comment, by=request.user, hidden=hidden)
    messages.success(
        request, _("The comment is hidden.") if hidden else _("The comment is shown again.")
    )
    return redirect(f"{comment.practice.get_absolute_url()}#comment-{comment.pk}")
