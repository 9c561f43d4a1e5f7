"""The members app in the Django admin: where network staff run organisations, memberships,
roles, the admission policy and the reference data. Workflow actions call members.actions."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.actions.memberships import (
    adjust_credits,
    approve_membership,
    cancel_membership,
    reject_membership,
)
from members.actions.organisations import (
    approve_organisation,
    confirm_library_link,
    decline_library_link,
    reject_organisation,
    store_logo_thumbnail,
)
from members.actions.roles import approve_role, reject_role, remove_role
from members.forms import (
    CreditAdjustmentForm,
    MembershipStartForm,
    UserChangeAdminForm,
    UserCreationAdminForm,
)
from members.models import (
    AdmissionRule,
    CreditEntry,
    EffectiveTier,
    LibraryLink,
    Membership,
    Organisation,
    Province,
    Region,
    Role,
    ServiceArea,
    User,
)
from members.registry_admin import registry_import_urls
from portal.lib.admin import (
    SavedThroughActionsMixin,
    run_action,
    run_action_with_form,
    run_action_with_reason,
)


class RoleInline(admin.TabularInline):
    model = Role
    fk_name = "user"
    extra = 0
    fields = ["organisation", "kind", "status", "created_at"]
    readonly_fields = ["organisation", "kind", "status", "created_at"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # A role starts as a request and ends through the actions, from the roles' own list.
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
    inlines = [RoleInline]
    # Who works for the network, and with what rights, is decided by superusers alone.
    PRIVILEGE_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return [*fields, *self.PRIVILEGE_FIELDS]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


class OrganisationRoleInline(admin.TabularInline):
    model = Role
    fk_name = "organisation"
    extra = 0
    fields = ["user", "kind", "status", "created_at"]
    readonly_fields = ["user", "kind", "status", "created_at"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["tier", "status", "starts_on", "ends_on", "fee"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


class SystemLinkInline(admin.TabularInline):
    """A library's links to systems, as its page in the admin shows them: they are asked for on
    the system's page and decided from the links' own list, through the actions."""

    model = LibraryLink
    fk_name = "library"
    extra = 0
    fields = ["system", "status", "requested_by", "requested_at", "decided_by", "decided_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("library systems it belongs to")

    def has_add_permission(self, request, obj=None):
        return False


class TierTodayFilter(admin.SimpleListFilter):
    """Organisations by the tier of their active membership today, or none."""

    title = _("membership today")
    parameter_name = "tier"

    def lookups(self, request, model_admin):
        return [*Membership.Tier.choices, ("none", _("No active membership"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.with_current_tier().filter(current_tier=EffectiveTier.NONE)
        if self.value() in Membership.Tier.values:
            return queryset.with_tier(self.value())
        return queryset


class InNoSystemFilter(admin.SimpleListFilter):
    """Libraries linked to no library system (`OrganisationQuerySet.in_no_system`)."""

    title = _("library system")
    parameter_name = "no_system"

    def lookups(self, request, model_admin):
        return [("yes", _("Libraries in no system"))]

    def queryset(self, request, queryset):
        return queryset.in_no_system() if self.value() == "yes" else queryset


@admin.register(Organisation)
class OrganisationAdmin(SavedThroughActionsMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "status", "province", "isil_code", "in_registry"]
    list_filter = [
        "status",
        "kind",
        TierTodayFilter,
        InNoSystemFilter,
        "region__macro_area",
        "region",
        "in_registry",
        "missing_from_registry",
    ]
    search_fields = ["name", "isil_code", "municipality", "fiscal_code"]
    list_select_related = ["province"]
    prepopulated_fields = {"slug": ["name"]}
    # Approval and rejection go through the actions, which also decide the referents' roles.
    readonly_fields = [
        "status",
        "in_registry",
        "missing_from_registry",
        "created_at",
        "updated_at",
    ]
    show_full_result_count = False
    inlines = [OrganisationRoleInline, MembershipInline, SystemLinkInline]
    actions = ["approve", "reject"]

    @admin.action(description=_("Approve the selected organisations and their referents"))
    def approve(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            approve_organisation,
            "organisation",
            gettext("Organisations approved: %(count)d."),
        )

    @admin.action(description=_("Reject the selected organisations, with a reason"))
    def reject(self, request, queryset):
        return run_action_with_reason(
            self,
            request,
            queryset,
            reject_organisation,
            "organisation",
            gettext("Organisations rejected: %(count)d."),
            gettext("Reject organisations"),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "logo" in form.changed_data:
            store_logo_thumbnail(organisation=obj)

    def get_urls(self):
        return [*registry_import_urls(self), *super().get_urls()]


@admin.register(LibraryLink)
class LibraryLinkAdmin(admin.ModelAdmin):
    """Where staff confirm or decline the links of libraries that have no referent (and any
    other): a system's referent asks for a link on the portal, the library answers."""

    list_display = ["library", "system", "status", "requested_by", "requested_at", "decided_at"]
    list_filter = ["status", "system__region"]
    search_fields = ["library__name", "library__isil_code", "system__name"]
    list_select_related = ["library", "system", "requested_by"]
    actions = ["confirm", "decline"]

    def has_add_permission(self, request):
        # A link is asked for on the system's page, which tells the library.
        return False

    def has_change_permission(self, request, obj=None):
        # Its status moves through the actions below, which tell the people concerned.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Confirm the selected links"))
    def confirm(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            confirm_library_link,
            "link",
            gettext("Links confirmed: %(count)d."),
        )

    @admin.action(description=_("Decline the selected links"))
    def decline(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            decline_library_link,
            "link",
            gettext("Links declined: %(count)d."),
        )


class CreditEntryInline(admin.TabularInline):
    model = CreditEntry
    extra = 0
    fields = ["created_at", "kind", "amount", "reference", "reason", "created_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Credits move only through the actions (take, refund, expire, and the adjustment staff
        # make from the list of memberships), never by hand.
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "tier", "status", "starts_on", "ends_on", "fee"]
    list_filter = [
        "status",
        "tier",
        "organisation__region__macro_area",
        "organisation__region",
        "organisation__kind",
    ]
    search_fields = ["organisation__name", "organisation__isil_code"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "starts_on"
    inlines = [CreditEntryInline]

    def get_readonly_fields(self, request, obj=None):
        # The workflow (status, credits granted, the period once decided) moves only through the
        # actions, which grant credits, keep periods apart and tell the people concerned.
        fields = ["status", "applied_by", "decided_by", "decided_at", "reminder_sent_at"]
        fields += ["created_at"]
        if obj is not None and obj.status != Membership.Status.PENDING:
            # Once decided, a membership stays with its organisation: moving an active one
            # would open another organisation's tier without an application.
            fields += ["organisation", "tier", "starts_on", "ends_on", "credits", "is_flat_rate"]
        return fields

    def get_fieldsets(self, request, obj=None):
        [(_name, options)] = super().get_fieldsets(request, obj)
        fields = [name for name in options["fields"] if name not in Membership.PURCHASE_FIELDS]
        return [
            (None, {"fields": fields}),
            (_("Purchase by a public body"), {"fields": Membership.PURCHASE_FIELDS}),
        ]

    def has_add_permission(self, request):
        # A membership starts as an application from the organisation's page.
        return False

    actions = ["approve", "approve_from", "reject", "cancel", "adjust"]

    @admin.action(description=_("Approve the selected applications"))
    def approve(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            approve_membership,
            "membership",
            gettext("Memberships approved: %(count)d."),
        )

    @admin.action(
        description=_("Approve the selected applications from a chosen day (replace or upgrade)")
    )
    def approve_from(self, request, queryset):
        return run_action_with_form(
            self,
            request,
            queryset,
            approve_membership,
            "membership",
            gettext("Memberships approved: %(count)d."),
            gettext("Approve from a chosen day"),
            MembershipStartForm,
            intro=gettext(
                "Each application is approved from the day you choose: the organisation's "
                "current membership, if it covers that day, ends the day before, so that the new "
                "one replaces or upgrades it. The referents are told."
            ),
        )

    @admin.action(description=_("Reject the selected applications, with a reason"))
    def reject(self, request, queryset):
        return run_action_with_reason(
            self,
            request,
            queryset,
            reject_membership,
            "membership",
            gettext("Applications rejected: %(count)d."),
            gettext("Reject applications"),
        )

    @admin.action(description=_("Cancel the selected memberships"))
    def cancel(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            cancel_membership,
            "membership",
            gettext("Memberships cancelled: %(count)d."),
        )

    @admin.action(
        description=_("Add or take away credits of the selected packages, with a reason"),
        permissions=["change"],
    )
    def adjust(self, request, queryset):
        return run_action_with_form(
            self,
            request,
            queryset,
            adjust_credits,
            "membership",
            gettext("Packages adjusted: %(count)d."),
            gettext("Adjust credits"),
            CreditAdjustmentForm,
            intro=gettext(
                "The balance of each selected package changes by the number of credits you "
                "give: a positive number adds credits, a negative one takes them away, never "
                "below zero. The organisation's referents read the reason in the package's "
                "movements and are told by e-mail."
            ),
        )


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]
    # Approval, rejection and removal go through the actions (the last referent stays).
    actions = ["approve", "reject", "remove"]

    def get_readonly_fields(self, request, obj=None):
        fields = ["status", "decided_by", "decided_at", "created_at"]
        if obj is not None and obj.status != Role.Status.PENDING:
            # A decided role is who did what where: another person, organisation or kind is a
            # new request.
            fields += ["user", "organisation", "kind"]
        return fields

    def has_delete_permission(self, request, obj=None):
        # Deleting would skip the action that keeps the last referent: see `remove`.
        return False

    @admin.action(description=_("Remove the selected people from their roles"))
    def remove(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            remove_role,
            "role",
            gettext("Roles removed: %(count)d."),
        )

    @admin.action(description=_("Approve the selected requests"))
    def approve(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            approve_role,
            "role",
            gettext("Roles approved: %(count)d."),
        )

    @admin.action(description=_("Reject the selected requests, with a reason"))
    def reject(self, request, queryset):
        return run_action_with_reason(
            self,
            request,
            queryset,
            reject_role,
            "role",
            gettext("Requests rejected: %(count)d."),
            gettext("Reject requests"),
        )


@admin.register(AdmissionRule)
class AdmissionRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "tier", "is_open"]
    list_editable = ["is_open"]
    list_filter = ["tier", "is_open"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "istat_code", "macro_area"]
    list_filter = ["macro_area"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "istat_code", "region"]
    list_filter = ["region__macro_area", "region"]
    search_fields = ["name", "istat_code"]


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
