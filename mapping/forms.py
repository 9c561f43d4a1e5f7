"""The mapping survey's form and the report's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mapping.actions import ANSWER_FIELDS
from mapping.benchmark import GROUPS
from mapping.models import Survey
from members.models import MacroArea


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
            "figures_year": _("Which year are these figures from?"),
            "needs": _("What does the system need most?"),
            "proposals": _("What would you propose to the network?"),
        }
        help_texts = {
            "figures_year": _("Usually the year before the survey's, the last complete one."),
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

    def __init__(self, *args, year, submitting=False, **kwargs):
        """`year` is the survey's: its figures are, unless said otherwise, of the year before."""
        super().__init__(*args, **kwargs)
        self.year = year
        self.submitting = submitting
        if self.instance.figures_year is None:
            self.initial.setdefault("figures_year", year - 1)
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
        figures_year = cleaned.get("figures_year")
        if figures_year is not None and figures_year > self.year:
            self.add_error(
                "figures_year",
                _("The figures cannot be of a year after the survey's (%(year)s).")
                % {"year": self.year},
            )
        if not self.submitting:
            return cleaned
        if figures_year is None and any(
            cleaned.get(name) is not None for name in Survey.FIGURE_FIELDS
        ):
            self.add_error("figures_year", _("Say which year the figures are from."))
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


class BenchmarkForm(forms.Form):
    """The benchmark's choices: the year of the figures, the peer group and, for a group of
    one's own, the systems picked by name."""

    year = forms.TypedChoiceField(label=_("Year of the figures"), coerce=int, required=False)
    group = forms.ChoiceField(
        label=_("Compare with"), choices=GROUPS, required=False, widget=forms.RadioSelect
    )
    # Its label and help only: the page draws its many options itself, from
    # `SystemBenchmark.pickable()`.
    peers = forms.MultipleChoiceField(
        label=_("Systems to compare with"),
        required=False,
        help_text=_("Hold Ctrl (or ⌘) to pick several. Used when comparing with systems you pick."),
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in reversed(years)]
