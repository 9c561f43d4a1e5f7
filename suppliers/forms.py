"""Forms of the supplier catalogue: they validate and normalise, the actions decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField
from taggit.utils import edit_string_for_tags

from members.models import Organisation, Region
from portal.lib.tags import validate_tags
from portal.lib.uploads import IMAGE_FORMATS, FileTypeValidator
from suppliers.identifiers import (
    canonical_cig,
    canonical_eu_vat_number,
    canonical_fiscal_code,
    canonical_vat_number,
)
from suppliers.models import (
    RATING_CHOICES,
    REVIEW_MAX_LENGTH,
    REVIEW_MIN_LENGTH,
    Category,
    Flag,
    Supplier,
)

IMPORT_MAX_BYTES = 10 * 1024 * 1024
MARKDOWN_HELP = _("Markdown works: **bold**, *italic*, lists and links.")


def category_choices():
    """Every area followed by its specialities, labelled "Area — Speciality"."""
    return [(category.pk, category.full_name()) for category in Category.objects.in_tree_order()]


class IdentifierFields(forms.Form):
    """The partita IVA, codice fiscale and EU VAT number, put in canonical form (None when
    empty) so the model's unique check compares like with like. Longer than the stored values,
    since people type spaces and the country prefix."""

    vat_number = forms.CharField(
        label=_("Partita IVA"),
        max_length=20,
        required=False,
        help_text=_("11 digits. Leave it empty if it has none."),
    )
    fiscal_code = forms.CharField(
        label=_("Codice fiscale"),
        max_length=24,
        required=False,
        help_text=_("For associations and others without a partita IVA."),
    )
    eu_vat_number = forms.CharField(
        label=_("EU VAT number"),
        max_length=24,
        required=False,
        help_text=_("For suppliers based in another EU country, such as FR12345678901."),
    )

    def clean_vat_number(self):
        return canonical_vat_number(self.cleaned_data.get("vat_number")) or None

    def clean_fiscal_code(self):
        return canonical_fiscal_code(self.cleaned_data.get("fiscal_code")) or None

    def clean_eu_vat_number(self):
        return canonical_eu_vat_number(self.cleaned_data.get("eu_vat_number")) or None


class SupplierForm(IdentifierFields, forms.ModelForm):
    """A supplier's profile, as someone proposes it or a representative edits it."""

    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)
    tags = TagField(
        label=_("Tags"),
        required=False,
        help_text=_("Words that describe what it does, separated by commas."),
    )

    class Meta:
        model = Supplier
        fields = Supplier.PROFILE_FIELDS
        widgets = {
            "categories": forms.CheckboxSelectMultiple,
            "regions": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 8}),
            # A plain file input: the form does not link the stored file.
            "logo": forms.FileInput(attrs={"accept": ",".join(f".{f}" for f in IMAGE_FORMATS)}),
        }
        help_texts = {
            "regions": _("Leave them empty when it serves all of Italy."),
            "is_in_runts": _("The national register of the third sector, for associations."),
            "description": MARKDOWN_HELP,
            "logo": _("PNG, JPEG, GIF or WebP, at most 2 MB."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = category_choices()
        self.fields["regions"].queryset = Region.objects.order_by("name")
        if self.instance.pk:
            # The widget quotes tags with spaces or commas only when given Tag objects.
            self.initial["tags"] = edit_string_for_tags(self.instance.tags.all())
        if not self.instance.logo:
            del self.fields["remove_logo"]

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        validate_tags(tags)
        return tags

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("remove_logo") and not self.files.get(self.add_prefix("logo")):
            cleaned_data["logo"] = False
        return cleaned_data

    def changes(self) -> dict:
        """The fields the person changed, with their clean values, for the actions."""
        if not self.instance.pk:
            return {
                name: self.cleaned_data[name]
                for name in self.Meta.fields
                if name in self.cleaned_data
            }
        changes = {name: self.cleaned_data[name] for name in self.changed_data}
        changes.pop("remove_logo", None)
        if self.cleaned_data.get("logo") is False:
            changes["logo"] = False
        return changes


class SupplierAdminForm(IdentifierFields, forms.ModelForm):
    """A supplier in the admin: its address on the portal, what staff set, and the profile."""

    class Meta:
        model = Supplier
        fields = ["slug", *Supplier.STAFF_FIELDS, *Supplier.PROFILE_FIELDS]


class RatingField(forms.TypedChoiceField):
    def __init__(self, label, **kwargs):
        super().__init__(
            label=label,
            choices=[("", _("Choose…")), *RATING_CHOICES],
            coerce=int,
            **kwargs,
        )


class ReviewForm(forms.Form):
    """A review: an overall rating, four criteria, a text, and what it is about."""

    rating = RatingField(_("Overall rating"))
    quality = RatingField(_("Quality"), help_text=_("Of the work, goods or service."))
    value = RatingField(_("Value for money"))
    reliability = RatingField(_("Reliability"), help_text=_("Deadlines and promises kept."))
    communication = RatingField(_("Communication"))
    text = forms.CharField(
        label=_("Your review"),
        min_length=REVIEW_MIN_LENGTH,
        max_length=REVIEW_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "From %(min)s to %(max)s characters: what the supplier did, how it went, what "
            "another library should know. Markdown works."
        )
        % {"min": REVIEW_MIN_LENGTH, "max": REVIEW_MAX_LENGTH},
    )
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Only myself"),
        help_text=_("An organisation where you hold a role, if you write for it."),
    )
    cig = forms.CharField(
        label=_("CIG of the contract (optional)"),
        max_length=20,
        required=False,
        help_text=_("The code of the public contract the review is about: 10 letters and digits."),
    )
    work_year = forms.TypedChoiceField(
        label=_("Year of the work (optional)"),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.with_approved_role(user).order_by("name")
        self.fields["organisation"].queryset = organisations
        if not organisations.exists():
            del self.fields["organisation"]
        this_year = timezone.localdate().year
        self.fields["work_year"].choices = [("", _("Not said"))] + [
            (year, str(year)) for year in range(this_year, this_year - 15, -1)
        ]

    def clean_cig(self):
        return canonical_cig(self.cleaned_data["cig"])


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why should the staff look at it?"), choices=Flag.Reason)
    note = forms.CharField(
        label=_("Details (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply"),
        max_length=REVIEW_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Shown under the review. You can reply once. Markdown works."),
    )


class ClaimForm(forms.Form):
    role = forms.CharField(
        label=_("Your role at the supplier"),
        max_length=120,
        help_text=_("For example: owner, sales manager, president of the association."),
    )
    message = forms.CharField(
        label=_("Message to the network's staff"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How the staff can check that you work there: a phone number, a web page."),
    )


class ImportForm(forms.Form):
    """A CSV or XLSX file of suppliers, for the first load of the catalogue."""

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8, comma-separated) or XLSX, with the columns of the export. Rows are "
            "matched by slug, partita IVA, codice fiscale or EU VAT number; others are added."
        ),
        validators=[FileTypeValidator(["csv", "xlsx"], max_bytes=IMPORT_MAX_BYTES)],
    )
