"""The document library in the Django admin: where network staff hide documents and versions,
mark a document superseded, and work the queue of reports. Every change calls documents.actions.
"""

from django import forms
from django.contrib import admin
from django.db.models import Case, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from documents.actions import (
    clear_superseded,
    dismiss_flag,
    hide_document,
    hide_version,
    mark_superseded,
    show_document,
    show_version,
    uphold_flag,
)
from documents.models import Document, DocumentVersion, Flag
from portal.lib.admin import run_action, run_action_with_form, run_action_with_reason


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = [
        "number",
        "original_name",
        "format",
        "size",
        "sha256",
        "change_note",
        "text_status",
        "is_hidden",
        "download_count",
        "created_at",
    ]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # Versions are uploaded and checked on the document's own page.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SupersededForm(forms.Form):
    replacement = forms.ModelChoiceField(
        label=_("Replaced by"),
        queryset=Document.objects.filter(superseded_by__isnull=True).order_by("title"),
        help_text=_("The current document that takes its place."),
    )
    note = forms.CharField(
        label=_("Why"),
        required=False,
        max_length=300,
        help_text=_("Shown in the banner, e.g. “written under d.lgs. 50/2016, repealed”."),
    )


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "organisation",
        "kind",
        "access_level",
        "is_template",
        "is_hidden",
        "is_held",
        "superseded_by",
        "download_count",
        "created_at",
    ]
    list_filter = ["kind", "access_level", "is_template", "is_hidden", "is_held", "themes"]
    search_fields = ["title", "organisation__name", "tag_text"]
    list_select_related = ["organisation", "superseded_by"]
    date_hierarchy = "created_at"
    inlines = [VersionInline]
    actions = ["hide", "show", "supersede", "unsupersede"]

    def get_readonly_fields(self, request, obj=None):
        # The text belongs to the organisation and moderation moves through the actions, which
        # keep the search vectors and tell the referents.
        fields = [field.name for field in Document._meta.get_fields() if field.concrete]
        return [*fields, "tags", "themes", "related"]

    def has_add_permission(self, request):
        # A document is shared, with its file checked, from the site.
        return False

    @admin.action(description=_("Hide the selected documents, with a reason"))
    def hide(self, request, queryset):
        return run_action_with_reason(
            self,
            request,
            queryset,
            hide_document,
            "document",
            gettext("Documents hidden: %(count)d."),
            gettext("Hide documents"),
        )

    @admin.action(description=_("Show the selected documents again"))
    def show(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            show_document,
            "document",
            gettext("Documents shown again: %(count)d."),
        )

    @admin.action(description=_("Mark the selected documents as superseded"))
    def supersede(self, request, queryset):
        return run_action_with_form(
            self,
            request,
            queryset,
            mark_superseded,
            "document",
            gettext("Documents marked as superseded: %(count)d."),
            gettext("Mark documents as superseded"),
            SupersededForm,
            intro=gettext(
                "Their pages will point to the replacement, and search will rank them after "
                "current documents."
            ),
        )

    @admin.action(description=_("They are current again (not superseded)"))
    def unsupersede(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            clear_superseded,
            "document",
            gettext("Documents current again: %(count)d."),
        )


@admin.register(DocumentVersion)
class DocumentVersionAdmin(admin.ModelAdmin):
    list_display = ["document", "number", "format", "size", "text_status", "is_hidden"]
    list_filter = ["text_status", "is_hidden", "format"]
    search_fields = ["document__title", "original_name", "sha256"]
    list_select_related = ["document"]
    actions = ["hide", "show"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in DocumentVersion._meta.get_fields() if field.concrete]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Hide the selected versions, with a reason"))
    def hide(self, request, queryset):
        return run_action_with_reason(
            self,
            request,
            queryset,
            hide_version,
            "version",
            gettext("Versions hidden: %(count)d."),
            gettext("Hide versions"),
        )

    @admin.action(description=_("Show the selected versions again"))
    def show(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            show_version,
            "version",
            gettext("Versions shown again: %(count)d."),
        )


class FlaggedDocumentForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Sent to the referents of the organisation that shared it."),
    )


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    """The moderation queue: open reports first."""

    list_display = ["document", "reason", "status", "user", "created_at"]
    list_filter = ["status", "reason"]
    search_fields = ["document__title", "note", "user__email"]
    list_select_related = ["document", "user"]
    readonly_fields = [
        "document",
        "user",
        "reason",
        "note",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
    ]
    actions = ["uphold", "dismiss"]

    def get_queryset(self, request):
        open_first = Case(When(status=Flag.Status.OPEN, then=0), default=1)
        return super().get_queryset(request).order_by(open_first, "-created_at")

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Uphold: hide the reported documents, with a reason"))
    def uphold(self, request, queryset):
        return run_action_with_form(
            self,
            request,
            queryset,
            uphold_flag,
            "flag",
            gettext("Documents hidden: %(count)d."),
            gettext("Hide the reported documents"),
            FlaggedDocumentForm,
        )

    @admin.action(description=_("Dismiss: nothing wrong, show the documents again"))
    def dismiss(self, request, queryset):
        run_action(
            self,
            request,
            queryset.filter(status=Flag.Status.OPEN),
            dismiss_flag,
            "flag",
            gettext("Reports dismissed: %(count)d."),
        )
