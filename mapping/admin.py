"""The mapping survey in the Django admin: staff read the answers, edit the survey's lists and
send systems outside the network a link to answer. Invitations go through mapping.actions."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mapping.actions import invitation_refusal, invite_new_system_to_survey, invite_to_survey
from mapping.models import GovernanceModel, Survey, SurveyInvitation, SystemElement
from members.admin import ServiceAreaAdmin
from members.models import Province, Region
from portal.lib.admin import SavedThroughActionsMixin
from portal.lib.ratelimit import limited


@admin.register(GovernanceModel)
class GovernanceModelAdmin(ServiceAreaAdmin):
    list_display = ["name", "name_en", "slug", "position", "is_other"]


@admin.register(SystemElement)
class SystemElementAdmin(ServiceAreaAdmin):
    pass


class CountedInReportFilter(admin.SimpleListFilter):
    title = _("counted in the report")
    parameter_name = "counted"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.counted_in_report()
        if self.value() == "no":
            return queryset.not_counted_in_report()
        return queryset


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """Staff read the answers here; the systems write them on the portal. Which answers the
    report leaves out, and why, is on each row (`Survey.report_exclusion`)."""

    list_display = ["organisation", "counted_in_report", "year", "status", "submitted_at"]
    list_filter = [
        "year",
        "status",
        CountedInReportFilter,
        "organisation__region__macro_area",
        "organisation__region",
    ]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation"]
    readonly_fields = ["counted_in_report"]

    @admin.display(description=_("counted in the report"))
    def counted_in_report(self, survey):
        reason = survey.report_exclusion()
        if not reason:
            return gettext("Yes")
        return gettext("No: %(reason)s") % {"reason": reason}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SurveyInvitationForm(forms.ModelForm):
    """A system to invite, chosen among those on the portal or, when it is not on the portal
    yet, named with its region: the invitation then adds it too."""

    name = forms.CharField(
        label=_("Name of the system"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
        help_text=_("For a system that is not on the portal yet: it is added, approved."),
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.order_by("name"),
        required=False,
    )
    municipality = forms.CharField(
        label=_("Municipality"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )

    NEW_SYSTEM_FIELDS = ["name", "region", "province", "municipality"]

    class Meta:
        model = SurveyInvitation
        fields = ["organisation", "email", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].required = False
        self.fields["organisation"].help_text = _(
            "A system already on the portal. For one that is not, type its name and region "
            "below instead."
        )

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        if organisation is not None:
            refusal = invitation_refusal(organisation)
            if refusal:
                raise ValidationError(refusal)
        return organisation

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        cleaned_data = super().clean()
        organisation = cleaned_data.get("organisation")
        name = cleaned_data.get("name")
        if "organisation" in self.errors:
            return cleaned_data
        if organisation is not None and name:
            self.add_error(
                "name",
                _("Choose a system on the portal or type a new one's name, not both."),
            )
        elif organisation is None and not name:
            self.add_error(
                "organisation",
                _("Choose the system, or type the name of one that is not on the portal yet."),
            )
        elif name and cleaned_data.get("region") is None:
            self.add_error("region", _("Choose the region of the new system."))
        return cleaned_data

    def new_system(self) -> dict | None:
        """The new system's name, region, province and municipality; None for one on the
        portal."""
        if self.cleaned_data["organisation"] is not None:
            return None
        return {name: self.cleaned_data[name] for name in self.NEW_SYSTEM_FIELDS}


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(SavedThroughActionsMixin, admin.ModelAdmin):
    """Staff send a system outside the network a single-use link to the year's survey, adding
    the system first when it is not on the portal yet."""

    form = SurveyInvitationForm
    list_display = ["organisation", "email", "year", "created_at", "used_at", "created_by"]
    list_filter = ["year"]
    search_fields = ["organisation__name", "email"]
    list_select_related = ["organisation", "created_by"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (_("A system on the portal"), {"fields": ["organisation"]}),
        (
            _("Or a system that is not on the portal yet"),
            {"fields": SurveyInvitationForm.NEW_SYSTEM_FIELDS},
        ),
        (_("The invitation"), {"fields": ["email", "language"]}),
    ]

    def has_change_permission(self, request, obj=None):
        return False

    @method_decorator(limited("survey_links", form=SurveyInvitationForm))
    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        # A refusal (a race since the form's checks, or a new system's name already taken)
        # shows the form again with the refusal, and nothing is added.
        invitation_fields = {name: form.cleaned_data[name] for name in ["email", "language"]}
        new_system = form.new_system()
        if new_system is None:
            invitation = invite_to_survey(
                organisation=form.cleaned_data["organisation"],
                by=request.user,
                **invitation_fields,
            )
        else:
            invitation = invite_new_system_to_survey(
                by=request.user, **new_system, **invitation_fields
            )
        obj.pk, obj.year, obj.created_at = invitation.pk, invitation.year, invitation.created_at
        obj.organisation = invitation.organisation
