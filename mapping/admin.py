"""The mapping survey in the Django admin: staff read the answers, edit the survey's lists and
send systems outside the network a link to answer. Invitations go through mapping.actions."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mapping.actions import SurveyError, invitation_refusal, invite_to_survey
from mapping.models import GovernanceModel, Survey, SurveyInvitation, SystemElement
from members.admin import ServiceAreaAdmin
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

    list_display = ["organisation", "year", "status", "counted_in_report", "submitted_at"]
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
    class Meta:
        model = SurveyInvitation
        fields = ["organisation", "email", "language"]

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        refusal = invitation_refusal(organisation)
        if refusal:
            raise ValidationError(refusal)
        return organisation


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(admin.ModelAdmin):
    """Staff send a system outside the network a single-use link to the year's survey."""

    form = SurveyInvitationForm
    list_display = ["organisation", "email", "year", "created_at", "used_at", "created_by"]
    list_filter = ["year"]
    search_fields = ["organisation__name", "email"]
    list_select_related = ["organisation", "created_by"]
    autocomplete_fields = ["organisation"]

    def has_change_permission(self, request, obj=None):
        return False

    @method_decorator(limited("survey_links", form=SurveyInvitationForm))
    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        try:
            invitation = invite_to_survey(by=request.user, **form.cleaned_data)
        except SurveyError as error:
            # The form's check ran a moment ago; only a race ends up here.
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        obj.pk, obj.year, obj.created_at = invitation.pk, invitation.year, invitation.created_at
