"""Forms for people's accounts, organisations, roles and memberships."""

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.it import codicefiscale

from members.actions.organisations import canonical_isil_code
from members.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Province,
    Region,
    Role,
    User,
    italian_isil,
)
from members.validators import canonical_code, validate_cig, validate_ipa_office_code
from portal.lib.forms import DateInput
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
        fields = Organisation.EDITABLE_FIELDS
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

    Official members pledge hours of work a month; a package grants credits or is a flat rate,
    and a public body buying one records its purchase (`Membership.PURCHASE_FIELDS`). The fields
    of the tier not chosen are dropped, so the action receives only what applies.
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
    cig = forms.CharField(
        label=_("CIG"),
        required=False,
        validators=[validate_cig],
        help_text=_(
            "For a public body: the Codice Identificativo Gara that ANAC gave the purchase, "
            "10 letters and digits."
        ),
    )
    determina_number = forms.CharField(
        label=_("Number of the determina"),
        required=False,
        max_length=30,
        help_text=_("The act by which your organisation decided the purchase."),
    )
    determina_date = forms.DateField(
        label=_("Date of the determina"), required=False, widget=DateInput
    )
    ipa_code = forms.CharField(
        label=_("IPA code of the invoicing office"),
        required=False,
        validators=[validate_ipa_office_code],
        help_text=_(
            "The codice univoco ufficio, 6 letters and digits, of the office that receives "
            "the electronic invoices."
        ),
    )
    starts_on = forms.DateField(
        label=_("Desired start date"),
        required=False,
        widget=DateInput,
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

    def clean_cig(self):
        return canonical_code(self.cleaned_data["cig"])

    def clean_ipa_code(self):
        return canonical_code(self.cleaned_data["ipa_code"])

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
            cleaned_data.update(cig="", determina_number="", determina_date=None, ipa_code="")
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


class MembershipStartForm(forms.Form):
    """The day from which staff approve an application that replaces or upgrades the current
    membership (`approve_membership(starts_on=...)`)."""

    starts_on = forms.DateField(
        label=_("Starts on"),
        widget=DateInput,
        help_text=_(
            "The new membership runs for a year from this day. An active membership of the same "
            "organisation that covers the day ends the day before."
        ),
    )


class CreditAdjustmentForm(forms.Form):
    """How many credits staff add to a package or take away from it, and why
    (`adjust_credits`)."""

    amount = forms.IntegerField(
        label=_("Credits"),
        help_text=_("A positive number adds credits, a negative one takes them away."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("The organisation's referents read it next to the movement."),
    )
