"""The pages of the document library: list and search, detail, downloads, sharing, new versions
and reports.

A page fetches a document through `_get_listed_document` (404 when the person may not even see
that it exists) and, for its content, checks `Document.is_open_to` (the locked page, which says
what would open it); `_get_editable_document` adds the 403 page that says who may change it. The
rules themselves live in `DocumentQuerySet.listed_to/visible_to` and `Document.can_edit` alone.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from documents import actions
from documents.actions import DocumentError
from documents.filters import ORDERINGS, DocumentFilter
from documents.forms import DocumentForm, FlagForm, NewDocumentForm, VersionForm
from documents.models import Document
from members.access import (
    access_scope,
    locked,
    managed_organisations_or_refused,
    require_manager,
)
from members.models import managed_organisation_ids
from portal.lib.downloads import protected_download
from portal.lib.errors import refuse_on_form
from portal.lib.pagination import LenientPaginationMixin
from portal.lib.ratelimit import limited


def _get_listed_document(request, slug, queryset=None) -> Document:
    queryset = Document.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.listed_to(request.user), slug=slug)


def _get_editable_document(request, slug) -> Document:
    document = _get_listed_document(request, slug, Document.objects.select_related("organisation"))
    require_manager(request.user, document.organisation, doing=_("change its documents"))
    return document


def _locked(request, document):
    """The locked page for a document the person may not open, inside the library's crumbs."""
    return locked(
        request,
        document.access_level,
        subject=document.title,
        section=(_("Documents"), reverse("documents:document-list")),
    )


# Finding documents ---------------------------------------------------------------------------


class DocumentListView(LenientPaginationMixin, FilterView):
    filterset_class = DocumentFilter
    template_name = "documents/document_list.html"
    paginate_by = 12

    def get_queryset(self):
        user = self.request.user
        return Document.objects.listed_to(user).for_cards(user).order_by(*ORDERINGS["newest"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_share"] = bool(managed_organisation_ids(user))
        return context

    def list_scope(self):
        return access_scope(self.request.user)  # the levels the person opens


def document_detail(request, slug):
    document = _get_listed_document(
        request, slug, Document.objects.defer("search_vector", "title_vector")
    )
    user = request.user
    if not document.is_open_to(user):
        return _locked(request, document)
    # What the page shows of it is in fragments kept per access level: its organisation, region,
    # files, the document that replaced it, related documents, themes and tags are querysets
    # and lazy values, read only when a fragment is not kept.
    facts = SimpleLazyObject(
        lambda: Document.objects.select_related(
            "organisation", "region", "current_version", "superseded_by"
        ).get(pk=document.pk)
    )
    context = {
        "document": document,
        "facts": facts,
        "versions": SimpleLazyObject(
            lambda: document.versions.visible_to(user).order_by("-number")
        ),
        "tags": SimpleLazyObject(document.tags.all),
        "related": SimpleLazyObject(
            lambda: document.related.listed_to(user).for_cards(user).order_by("title")
        ),
        "supersedes": SimpleLazyObject(
            lambda: document.supersedes.listed_to(user).order_by("-created_at")
        ),
        "superseded_by": SimpleLazyObject(lambda: _open_replacement(facts, user)),
        "can_edit": document.can_edit(user),
        "access_key": access_scope(user),
    }
    return render(request, "documents/document_detail.html", context)


def _open_replacement(document, user):
    """The document that replaced this one, when the person may open it."""
    replacement = document.superseded_by
    return replacement if replacement and replacement.is_open_to(user) else None


def _send(request, document, version):
    actions.record_download(version=version)
    return protected_download(version.file, filename=version.download_name())


def document_download(request, slug):
    """The document's newest version, as an attachment; the locked page for whoever may not."""
    document = _get_listed_document(
        request, slug, Document.objects.select_related("current_version")
    )
    if not document.is_open_to(request.user):
        return _locked(request, document)
    if document.current_version is None:
        return redirect(document)
    version = document.current_version
    version.document = document
    return _send(request, document, version)


def version_download(request, slug, number):
    document = _get_listed_document(request, slug)
    if not document.is_open_to(request.user):
        return _locked(request, document)
    version = get_object_or_404(document.versions.visible_to(request.user), number=number)
    version.document = document
    return _send(request, document, version)


# Sharing -------------------------------------------------------------------------------------


@login_required
@limited("uploads", form=NewDocumentForm)
def document_create(request):
    organisations = managed_organisations_or_refused(
        request.user,
        reason=_("Documents are shared by the referents of the organisations on the portal."),
    )
    form = NewDocumentForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            document = actions.create_document(
                organisation=form.cleaned_data["organisation"],
                by=request.user,
                data=form.document_data(),
                file=form.cleaned_data["file"],
                change_note=form.cleaned_data["change_note"],
                personal_data_removed=form.cleaned_data["personal_data_removed"],
            )
        except DocumentError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The document is shared."))
            return redirect(document)
    return render(request, "documents/document_form.html", {"form": form, "document": None})


@login_required
def document_edit(request, slug):
    document = _get_editable_document(request, slug)
    saved_title = document.title
    form = DocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_document(
                document=document,
                by=request.user,
                data={name: form.cleaned_data[name] for name in Document.EDITABLE_FIELDS},
            )
        except DocumentError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(document)
    document.title = saved_title
    return render(request, "documents/document_form.html", {"form": form, "document": document})


@login_required
@limited("uploads", form=VersionForm)
def version_add(request, slug):
    document = _get_editable_document(request, slug)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.add_version(
                document=document,
                by=request.user,
                file=form.cleaned_data["file"],
                change_note=form.cleaned_data["change_note"],
                personal_data_removed=form.cleaned_data["personal_data_removed"],
            )
        except DocumentError as error:
            refuse_on_form(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)s is saved and is now the default download.")
                % {"number": version.number},
            )
            return redirect(document)
    return render(request, "documents/version_form.html", {"form": form, "document": document})


@login_required
@limited("document_flags", form=FlagForm)
def document_flag(request, slug):
    document = _get_listed_document(request, slug)
    if not document.is_open_to(request.user):
        return _locked(request, document)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flag = actions.flag_document(
                document=document,
                by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except DocumentError as error:
            refuse_on_form(form, error)
        else:
            if flag.reason == flag.Reason.PERSONAL_DATA:
                messages.success(
                    request,
                    _(
                        "Thank you: the document is out of sight until the network staff have "
                        "checked it."
                    ),
                )
                return redirect("documents:document-list")
            messages.success(request, _("Thank you: the network staff will look at it."))
            return redirect(document)
    return render(request, "documents/document_flag.html", {"form": form, "document": document})
