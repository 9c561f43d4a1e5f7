"""The practices in the Django admin: where network staff review, publish, return and feature
practices and hide comments. Every workflow step calls practices.actions."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.lib.admin import run_action, run_action_with_reason
from practices.actions import hide_comment, publish_practice, return_practice, set_featured
from practices.models import Adoption, Comment, Practice, PracticeAttachment


class AttachmentInline(admin.TabularInline):
    model = PracticeAttachment
    extra = 0
    fields = ["caption", "original_name", "size", "created_at"]
    readonly_fields = ["original_name", "size", "created_at"]
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        # Attachments are uploaded and checked on the practice's own page.
        return False


class AdoptionInline(admin.TabularInline):
    model = Adoption
    extra = 0
    fields = ["organisation", "note", "created_by", "created_at"]
    readonly_fields = ["organisation", "created_by", "created_at"]
    autocomplete_fields = []

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "organisation",
        "kind",
        "status",
        "is_featured",
        "revision_of",
        "submitted_at",
        "published_at",
    ]
    list_filter = ["status", "kind", "is_featured", "licence", "region__macro_area", "themes"]
    search_fields = ["title", "organisation__name", "summary"]
    list_select_related = ["organisation", "revision_of"]
    autocomplete_fields = ["organisation", "partners"]
    filter_horizontal = ["themes"]
    date_hierarchy = "created_at"
    inlines = [AttachmentInline, AdoptionInline]
    # The workflow moves only through the actions, which notify the people concerned.
    readonly_fields = [
        "status",
        "is_featured",
        "revision_of",
        "derived_from",
        "return_reason",
        "consent_confirmed_at",
        "created_by",
        "submitted_by",
        "submitted_at",
        "published_at",
        "created_at",
        "updated_at",
    ]
    actions = ["publish", "return_with_reason", "feature", "unfeature"]

    def get_readonly_fields(self, request, obj=None):
        # The text belongs to the organisation, and its actions keep the search vector and the
        # licence rules: staff who want a change return the practice with a reason.
        fields = [field.name for field in Practice._meta.get_fields() if field.concrete]
        return [*fields, "tags"]

    def has_add_permission(self, request):
        # A practice starts as a draft written by its organisation's referents.
        return False

    @admin.action(description=_("Publish the selected practices"))
    def publish(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            publish_practice,
            "practice",
            gettext("Practices published: %(count)d."),
        )

    @admin.action(description=_("Return the selected practices, with a reason"))
    def return_with_reason(self, request, queryset):
        return run_action_with_reason(
            self,
            request,
            queryset,
            return_practice,
            "practice",
            gettext("Practices returned: %(count)d."),
            gettext("Return practices"),
        )

    @admin.action(description=_("Feature the selected practices (eccellenza)"))
    def feature(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            set_featured,
            "practice",
            gettext("Practices featured: %(count)d."),
            featured=True,
        )

    @admin.action(description=_("Stop featuring the selected practices"))
    def unfeature(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            set_featured,
            "practice",
            gettext("Practices no longer featured: %(count)d."),
            featured=False,
        )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["practice", "author", "created_at", "is_hidden"]
    list_filter = ["is_hidden"]
    search_fields = ["body", "author__email", "practice__title"]
    list_select_related = ["practice", "author"]
    readonly_fields = ["practice", "author", "body", "is_hidden", "created_at", "edited_at"]
    actions = ["hide", "show"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Hide the selected comments"))
    def hide(self, request, queryset):
        run_action(
            self, request, queryset, hide_comment, "comment", gettext("Comments hidden: %(count)d.")
        )

    @admin.action(description=_("Show the selected comments again"))
    def show(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            hide_comment,
            "comment",
            gettext("Comments shown again: %(count)d."),
            hidden=False,
        )
