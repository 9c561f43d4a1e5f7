"""Forms for people's accounts, organisations, roles, memberships and the mapping survey."""

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.it import codicefiscale

from members.actions.organisations import canonical_isil_code
from members.actions.surveys import ANSWER_FIELDS
from members.models import (
    MacroArea,
    Membership,
    Organisation,
    OrganisationKind,
    Province,
    Region,
    Role,
    Survey,
    User,
    italian_isil,
)
from portal.lib.uploads import IMAGE_FORMATS


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class ProfileForm(forms.ModelForm):
    """What a person edits about themselves: name and the language of their e-mails."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "language"]


class OrganisationForm(forms.ModelForm):
    """What a referent edits about their organisation. Registry codes (ISIL, ISTAT) and the
    kind stay with staff."""

    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "description",
            "address",
            "postal_code",
            "municipality",
            "phone",
            "website",
            "email",
            "pec",
            "fiscal_code",
            "ipa_code",
            "logo",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            # A plain file input: the stored logo has no public URL to link to.
            "logo": forms.FileInput(attrs={"accept": ",".join(f".{f}" for f in IMAGE_FORMATS)}),
        }
        help_texts = {
            "description": _(
                "A few lines about the organisation. Markdown works: **bold**, *italic*, "
                "lists and links."
            ),
            "fiscal_code": _("11 digits (the same as the partita IVA) or 16 characters."),
            "ipa_code": _("The code of the organisation in the index of public administrations."),
            "logo": _("PNG, JPEG, GIF or WebP, at most 2 MB."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postal_code"].validators.append(
            RegexValidator(r"^\d{5}$", _("A postal code (CAP) is five digits."))
        )
        self.fields["postal_code"].widget.attrs["inputmode"] = "numeric"
        if self.instance.logo:
            self.fields["logo"].help_text = _(
                "A logo has been uploaded: choose another file to replace it. "
                "PNG, JPEG, GIF or WebP, at most 2 MB."
            )
        else:
            del self.fields["remove_logo"]

    def clean_fiscal_code(self):
        value = self.cleaned_data["fiscal_code"].strip()
        if not value:
            return ""
        try:
            return codicefiscale.validate(value)
        except StdnumValidationError:
            raise ValidationError(
                _(
                    "This is not a valid codice fiscale: an organisation's is 11 digits, "
                    "a person's 16 letters and digits."
                ),
                code="invalid",
            ) from None

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("remove_logo") and not self.files.get(self.add_prefix("logo")):
            cleaned_data["logo"] = False
        return cleaned_data

    def changes(self) -> dict:
        """The model fields whose value the person changed, with their clean values."""
        changes = {name: self.cleaned_data[name] for name in self.changed_data}
        changes.pop("remove_logo", None)
        if self.cleaned_data.get("logo") is False:
            changes["logo"] = False
        return changes


class LinkLibraryForm(forms.Form):
    """Names a library to add to a system: by its ISIL code, or (from the search results) by id.

    The library is looked up among the organisations the person may see; whether it is a
    library the action decides.
    """

    isil = forms.CharField(
        label=_("ISIL code of the library"),
        required=False,
        max_length=16,
        help_text=_("As in the national registry, for example IT-MI0123."),
    )
    library = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.visible = Organisation.objects.visible_to(user)
        self.fields["library"].queryset = self.visible

    def clean_isil(self):
        try:
            return italian_isil(self.cleaned_data["isil"])
        except ValueError:
            raise forms.ValidationError(
                _("Enter an Italian ISIL code such as IT-MI0001."), code="invalid"
            ) from None

    def clean(self):
        cleaned_data = super().clean()
        isil = cleaned_data.get("isil")
        if isil:
            library = self.visible.filter(isil_code=isil).first()
            if library is None:
                self.add_error(
                    "isil",
                    _("No organisation on the portal has the ISIL code %(isil)s.") % {"isil": isil},
                )
            cleaned_data["library"] = library
        elif "library" in self.errors:
            # The field is hidden: say what went wrong where the person reads it.
            self.add_error(None, self.errors.pop("library"))
        elif not cleaned_data.get("library"):
            self.add_error("isil", _("Enter the ISIL code of the library."))
        return cleaned_data


# Roles and new organisations ---------------------------------------------------------------


class OrganisationRegistrationForm(forms.Form):
    """A new organisation, as the person who registers it describes it; staff review it."""

    name = forms.CharField(label=_("Name"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all())
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.all(), help_text=_("Grouped by region.")
    )
    municipality = forms.CharField(label=_("Municipality"), max_length=120)
    website = forms.URLField(label=_("Website"), max_length=500, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    isil_code = forms.CharField(
        label=_("ISIL code"),
        max_length=16,
        required=False,
        help_text=_(
            "For a library: its code in the national registry of libraries, such as IT-MI0001."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Provinces under their region: the list is long, and the region narrows it at a glance.
        groups = {}
        for province in Province.objects.select_related("region").order_by("region__name", "name"):
            groups.setdefault(province.region.name, []).append((province.pk, province.name))
        field = self.fields["province"]
        field.choices = [("", field.empty_label), *groups.items()]

    def clean_isil_code(self):
        return canonical_isil_code(self.cleaned_data["isil_code"])

    def clean(self):
        cleaned_data = super().clean()
        region, province = cleaned_data.get("region"), cleaned_data.get("province")
        if region and province and province.region_id != region.pk:
            self.add_error(
                "province",
                _("%(province)s is not in %(region)s.")
                % {"province": province.name, "region": region.name},
            )
        return cleaned_data


class RoleRequestForm(forms.Form):
    """A person asks to join an organisation."""

    kind = forms.ChoiceField(
        label=_("Role"),
        choices=Role.Kind.choices,
        help_text=_(
            "A referent manages the organisation on the portal; a collaborator works there and "
            "sees what its membership opens."
        ),
    )
    message = forms.CharField(
        label=_("Message to the referents"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=_("Who you are and what you do in the organisation."),
    )


class RoleRejectForm(forms.Form):
    """The reason a request is turned down; the person reads it."""

    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class UnlinkLibraryForm(forms.Form):
    """Names one of the system's libraries to take off its list."""

    library = forms.ModelChoiceField(queryset=Organisation.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, system, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = system.member_libraries.all()


class MembershipApplicationForm(forms.Form):
    """An organisation's application for official membership or a service package.

    Official members pledge hours of work a month; a package grants credits or is a flat rate.
    The fields of the tier not chosen are dropped, so the action receives only what applies.
    """

    tier = forms.ChoiceField(
        label=_("Membership"), choices=Membership.Tier.choices, widget=forms.RadioSelect
    )
    pledged_hours_per_month = forms.IntegerField(
        label=_("Working time pledged (hours per month)"),
        min_value=1,
        max_value=200,
        required=False,
        help_text=_("For official membership: the time your staff will give to the network."),
    )
    credits = forms.IntegerField(
        label=_("Service credits"),
        min_value=1,
        max_value=10_000,
        required=False,
        help_text=_("For a package with credits: how many you need for the year."),
    )
    is_flat_rate = forms.BooleanField(
        label=_("Flat-rate package, covering a set of services instead of credits"),
        required=False,
    )
    starts_on = forms.DateField(
        label=_("Desired start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Leave it empty to start as soon as possible: today, or the day after your current "
            "membership ends."
        ),
    )
    note = forms.CharField(
        label=_("Note for the network's staff"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_starts_on(self):
        starts_on = self.cleaned_data.get("starts_on")
        if starts_on and starts_on < timezone.localdate():
            raise forms.ValidationError(_("The membership cannot start in the past."))
        return starts_on

    def clean(self):
        cleaned_data = super().clean()
        tier = cleaned_data.get("tier")
        if tier == Membership.Tier.OFFICIAL:
            cleaned_data["credits"] = None
            cleaned_data["is_flat_rate"] = False
            if not cleaned_data.get("pledged_hours_per_month") and not self.has_error(
                "pledged_hours_per_month"
            ):
                self.add_error(
                    "pledged_hours_per_month",
                    _("Official members pledge working time: say how many hours a month."),
                )
        elif tier == Membership.Tier.PACKAGE:
            cleaned_data["pledged_hours_per_month"] = None
            credits = cleaned_data.get("credits")
            if cleaned_data.get("is_flat_rate"):
                if credits:
                    self.add_error(
                        "credits", _("A flat-rate package has no credits: leave this empty.")
                    )
            elif not credits and not self.has_error("credits"):
                self.add_error(
                    "credits", _("Say how many credits you need, or choose a flat-rate package.")
                )
        return cleaned_data


class SurveyForm(forms.ModelForm):
    """The mapping survey. Saving a draft checks only what was typed (a number is a number);
    submitting (`submitting=True`) also asks for the answers the report cannot do without."""

    REQUIRED_TO_SUBMIT = [
        "governance",
        "management",
        "libraries_count",
        "municipalities_count",
        "population_served",
    ]

    has_union_catalogue = forms.TypedChoiceField(
        label=_("Do the system's libraries share a union catalogue?"),
        choices=[("True", _("Yes")), ("False", _("No"))],
        coerce=lambda value: value == "True",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Survey
        fields = ANSWER_FIELDS
        # Italian decimals are written with a comma: "58,5" staff in full-time equivalents.
        localized_fields = ["opening_hours_per_week", "staff_fte", "acquisitions_spending"]
        widgets = {
            "governance": forms.RadioSelect,
            "management": forms.RadioSelect,
            "services_provided": forms.CheckboxSelectMultiple,
            "support_needed": forms.CheckboxSelectMultiple,
            "elements": forms.CheckboxSelectMultiple,
            "needs": forms.Textarea(attrs={"rows": 5}),
            "proposals": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {
            "governance": _("How is the system governed?"),
            "management": _("How are its services managed?"),
            "services_provided": _("Which services does the system provide to its libraries?"),
            "support_needed": _("In which areas would the system like the network's support?"),
            "elements": _("What do the system's libraries have in common?"),
            "needs": _("What does the system need most?"),
            "proposals": _("What would you propose to the network?"),
        }
        help_texts = {
            "population_served": _("Residents of the municipalities the system serves."),
            "software": _("For example Sebina, Clavis, Koha, Aleph."),
            "elements": _(
                "Sharing a software or a catalogue alone does not make a system: tick everything "
                "your libraries really share."
            ),
            "loans": _(
                "Loans in the year across the system's libraries, renewals included (ISO 2789)."
            ),
            "active_users": _(
                "Registered users who borrowed or used a service at least once in the year "
                "(ISO 2789)."
            ),
            "opening_hours_per_week": _(
                "Hours a week the system's libraries are open in a typical week, added up."
            ),
            "staff_fte": _(
                "Paid staff of the libraries and the coordination, as full-time equivalents "
                "(ISO 2789): two half-time people make 1.0."
            ),
            "acquisitions_spending": _(
                "What the libraries spent on documents in the year, in any format (ISO 2789)."
            ),
        }

    def __init__(self, *args, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.fields["governance"].empty_label = None
        self.fields["management"].choices = Survey.Management.choices
        self.fields["management"].required = False
        if submitting:
            for name in self.REQUIRED_TO_SUBMIT:
                self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        governance = cleaned.get("governance")
        # A detail whose question no longer applies would mislead the report: drop it.
        if governance and not governance.is_other:
            cleaned["governance_other"] = ""
        if cleaned.get("has_union_catalogue") is False:
            cleaned["union_catalogue_name"] = ""
        if not self.submitting:
            return cleaned
        if governance and governance.is_other and not cleaned.get("governance_other"):
            self.add_error(
                "governance_other", _("Describe the governance model, since you chose “other”.")
            )
        if cleaned.get("has_union_catalogue") and not cleaned.get("union_catalogue_name"):
            self.add_error("union_catalogue_name", _("Give the union catalogue's name."))
        return cleaned


class SurveyReportForm(forms.Form):
    """The report's filters: a year and, optionally, a part of Italy."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    macro_area = forms.ChoiceField(
        label=_("Macro-area"),
        choices=[("", _("All macro-areas")), *MacroArea.choices],
        required=False,
    )
    mezzogiorno = forms.BooleanField(
        label=_("Only the Mezzogiorno (South and Islands)"), required=False
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]
