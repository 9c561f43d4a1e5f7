"""The admin pages that read several apps at once (what each official member gave the network
in the last twelve months against the working time it pledged), and the portal's own news and
pages."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.db.models.functions import Upper
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from documents.models import contributions as document_contributions
from members.models import Membership, OfficialMember, last_twelve_months, pledged_hours
from portal.lib.exports import csv_response
from portal.models import News, Page
from practices.models import contributions as practice_contributions
from suppliers.models import contributions as review_contributions

# The counts, in the list's and the CSV's order after the name.
FIGURES = {
    "pledged_hours": _("Working time pledged (hours)"),
    "practices_published": _("Practices published"),
    "practices_adopted": _("Practices adopted or derived from others"),
    "documents_added": _("Documents shared"),
    "reviews_written": _("Supplier reviews written by its people"),
}


# Those that gave nothing first, then by name.
ORDER = ["contributed", Upper("name"), "pk"]


def _figure(name):
    @admin.display(description=FIGURES[name], ordering=name)
    def column(obj):
        return getattr(obj, name)

    return column


@admin.register(OfficialMember)
class OfficialMemberAdmin(admin.ModelAdmin):
    """Every official member, those that gave nothing in the last twelve months first, with a
    CSV of the same rows. Read-only: the figures come from the other apps' records."""

    list_display = ["organisation", *(_figure(name) for name in FIGURES)]
    list_display_links = None
    list_filter = ["region__macro_area", "region"]
    search_fields = ["name"]
    show_full_result_count = False
    change_list_template = "admin/members/officialmember/change_list.html"

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            # Not "choose an official member to change": the list is to read.
            "title": capfirst(self.model._meta.verbose_name_plural),
            "contributions_since": last_twelve_months()[0],
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def get_ordering(self, request):
        # The admin orders by the model's names otherwise: those that gave nothing come first.
        return ORDER

    def get_queryset(self, request):
        start, end = last_twelve_months()
        # Not the admin's own queryset, which is already ordered by the figures it lacks.
        return official_members_with_figures(OfficialMember.objects.all(), start, end)

    @admin.display(description=_("organisation"), ordering=Upper("name"))
    def organisation(self, obj):
        url = reverse("admin:members_organisation_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.name)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        opts = self.model._meta
        export = self.admin_site.admin_view(self.export_csv)
        return [
            path("csv/", export, name=f"{opts.app_label}_{opts.model_name}_csv"),
            *super().get_urls(),
        ]

    def export_csv(self, request):
        """The list as a CSV file: every official member, in the list's order."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        start, end = last_twelve_months()
        rows = official_members_with_figures(OfficialMember.objects.all(), start, end)
        header = [gettext("Organisation"), gettext("Province"), *map(str, FIGURES.values())]
        lines = (
            [
                row.name,
                row.province.name if row.province else "",
                *(getattr(row, n) for n in FIGURES),
            ]
            for row in rows.select_related("province")
        )
        filename = f"contributi-soci-ufficiali-{timezone.localdate():%Y-%m-%d}.csv"
        return csv_response(filename, [header, *lines])


def official_members_with_figures(queryset, start, end):
    """The organisations of `queryset` with an active official membership today, each with the
    hours it pledged and what it gave from `start` to `end`; those that gave nothing first."""
    figures = {
        "pledged_hours": pledged_hours(start, end),
        **practice_contributions(start, end),
        **document_contributions(start, end),
        **review_contributions(start, end),
    }
    return (
        queryset.with_tier(Membership.Tier.OFFICIAL)
        .annotate(**figures)
        .annotate(
            contributed=F("practices_published")
            + F("practices_adopted")
            + F("documents_added")
            + F("reviews_written")
        )
        .order_by(*ORDER)
    )


@admin.register(News)
class NewsAdmin(admin.ModelAdmin):
    """Staff write the news here, and the form saves them, as the services catalogue does: the
    news are staff's own content, with no workflow to keep."""

    list_display = ["title", "published_at", "is_published", "author"]
    list_filter = ["published_at", "tags"]
    search_fields = ["title", "summary"]
    list_select_related = ["author"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    fields = [
        "title",
        "slug",
        "summary",
        "body",
        "image",
        "image_alt",
        "tags",
        "published_at",
        "author",
    ]
    autocomplete_fields = ["author"]

    @admin.display(description=_("published"), boolean=True)
    def is_published(self, obj):
        return not obj.is_scheduled

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The vector reads the tags, which are saved only now.
        News.objects.filter(pk=form.instance.pk).refresh_search_vectors()


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    """The network's own pages: one per address, so staff change them but never remove one."""

    list_display = ["title_it", "key", "updated_at"]
    fields = [
        "key",
        "title_it",
        "summary_it",
        "body_it",
        "title_en",
        "summary_en",
        "body_en",
        "updated_at",
    ]
    readonly_fields = ["updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # The key is the page's address: it does not change once the page exists.
        return [*self.readonly_fields, "key"] if obj else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False
