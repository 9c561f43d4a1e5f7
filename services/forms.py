"""The forms of the services app. They validate and normalise; the views call the actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Region, ServiceArea
from services.models import CompetenceOffer

# The expert roster and the competence exchange


class CompetenceOfferForm(forms.ModelForm):
    """A referent's offer of a colleague's competence, on behalf of one of the organisations
    they manage (`organisations`)."""

    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=None)

    class Meta:
        model = CompetenceOffer
        fields = ["organisation", *CompetenceOffer.EDITABLE_FIELDS]
        widgets = {
            "competences": forms.CheckboxSelectMultiple,
            "regions": forms.CheckboxSelectMultiple,
            "days_per_year": forms.NumberInput(attrs={"min": 1, "max": 365}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "profile": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "email": _("The network's staff write to this address to agree on each request."),
            "competences": _("The service areas where your colleague can help other members."),
            "regions": _(
                "Where they can work in person; leave empty if they work remotely anywhere."
            ),
            "days_per_year": _("How many working days a year the organisation gives."),
            "profile": _(
                "Their experience in a few lines: role, projects, what they can teach. Markdown."
            ),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = (
            None if len(organisations) == 1 else _("Choose the organisation")
        )
        self.fields["competences"].queryset = ServiceArea.objects.all()
        self.fields["regions"].queryset = Region.objects.all()
        self.fields["regions"].required = False

    def clean_days_per_year(self):
        days = self.cleaned_data["days_per_year"]
        if days is not None and not 1 <= days <= 365:
            raise forms.ValidationError(_("Give a number of days between 1 and 365."))
        return days

    def offer_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in CompetenceOffer.EDITABLE_FIELDS}
