"""The yearly mapping survey of library systems: the answers, the lists staff edit for it
(governance models, defining elements) and the single-use invitations for systems outside the
network. Every change goes through `mapping.actions`; who reads the report is decided in
`mapping.access`.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import ListItem, Organisation, OrganisationKind, ServiceArea


class GovernanceModel(ListItem):
    """A legal form under which municipalities run a library system together (a convenzione,
    a consorzio, an unione di comuni…); staff edit the list."""

    is_other = models.BooleanField(
        _("asks for a description"),
        default=False,
        help_text=_("The catch-all entry: a system that picks it describes its model in words."),
    )

    class Meta(ListItem.Meta):
        verbose_name = _("governance model")
        verbose_name_plural = _("governance models")


class SystemElement(ListItem):
    """Something a library system may have in common among its libraries (a formal agreement,
    a shared catalogue…). The network is still defining which of them make a system a system,
    so staff edit the list."""

    class Meta(ListItem.Meta):
        verbose_name = _("defining element of a system")
        verbose_name_plural = _("defining elements of a system")


class SurveyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see every survey; people with an approved role see their organisations'.
        The report's wider, aggregated view is `in_report`."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(organisation__in=Organisation.objects.with_approved_role(user))

    def submitted(self):
        return self.filter(status=Survey.Status.SUBMITTED)

    def counted_in_report(self):
        """The surveys that meet `Survey.REPORT_REQUIRES`: those the report may count."""
        return self.filter(**Survey.REPORT_REQUIRES)

    def not_counted_in_report(self):
        """The others, each with its reason in `Survey.report_exclusion()`."""
        return self.exclude(Q(**Survey.REPORT_REQUIRES))

    def compared(self):
        """The surveys benchmarking compares: those the report counts that date their figures,
        one per system and year of the figures (the latest survey, when two gave the same)."""
        later = Survey.objects.counted_in_report().filter(
            organisation=OuterRef("organisation"),
            figures_year=OuterRef("figures_year"),
            year__gt=OuterRef("year"),
        )
        return self.counted_in_report().filter(figures_year__isnull=False).exclude(Exists(later))

    def figures_visible_to(self, user):
        """The surveys whose figures the person may see one by one, by the system's name: staff
        see every system's, people with a role see their own systems', and everyone sees those
        of the systems that chose to share them. Others only count inside a group's median."""
        if user.is_authenticated and user.is_staff:
            return self
        mine = Q(organisation__in=Organisation.objects.with_approved_role(user))
        return self.filter(mine | Q(shares_figures=True))

    def in_report(self, scope):
        """The surveys the mapping report aggregates for a person whose `scope` is given by
        `mapping.access.mapping_report_scope`: submitted answers of approved systems, of the
        whole country or of the scope's regions. The report shows them as counts and shares,
        and the free-text answers with the system's name, to a wider audience than
        `visible_to`, which gives access to a survey itself."""
        surveys = self.counted_in_report()
        if not scope.is_national:
            surveys = surveys.filter(organisation__region__in=scope.regions)
        return surveys


class Survey(models.Model):
    """A library system's yearly answers to the network's mapping survey.

    A referent (or someone holding a staff-sent invitation) can save a half-filled survey and
    come back to it; the report counts submitted surveys only. The yearly figures follow the
    definitions of ISO 2789 (international library statistics), so that systems compare.
    """

    # The yearly figures, which `figures_year` dates: the form asks them together, the report adds
    # them up.
    FIGURE_FIELDS = [
        "loans",
        "active_users",
        "opening_hours_per_week",
        "staff_fte",
        "acquisitions_spending",
    ]

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being filled in")
        SUBMITTED = "submitted", pgettext_lazy("survey", "Submitted")

    # What a survey needs for the report to count it, the one statement of the rule:
    # `SurveyQuerySet.counted_in_report()` filters on it, `report_exclusion()` puts a survey
    # that misses it in words for staff.
    REPORT_REQUIRES = {
        "status": Status.SUBMITTED,
        "organisation__status": Organisation.Status.APPROVED,
        "organisation__kind": OrganisationKind.LIBRARY_SYSTEM,
    }

    class Management(models.TextChoices):
        DIRECT = "direct", _("Direct, by the system's own staff")
        OUTSOURCED = "outsourced", _("Outsourced to a contractor")
        MIXED = "mixed", _("Mixed")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="surveys",
        verbose_name=_("library system"),
        limit_choices_to={"kind": OrganisationKind.LIBRARY_SYSTEM},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )

    governance = models.ForeignKey(
        GovernanceModel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("governance model"),
    )
    governance_other = models.CharField(
        _("governance model, in your words"), max_length=200, blank=True
    )
    management = models.CharField(
        _("management of the services"), max_length=12, choices=Management.choices, blank=True
    )
    libraries_count = models.PositiveIntegerField(_("number of libraries"), null=True, blank=True)
    municipalities_count = models.PositiveIntegerField(
        _("number of municipalities"), null=True, blank=True
    )
    population_served = models.PositiveIntegerField(_("population served"), null=True, blank=True)
    software = models.CharField(_("library management software"), max_length=120, blank=True)
    has_union_catalogue = models.BooleanField(_("union catalogue"), null=True, blank=True)
    union_catalogue_name = models.CharField(
        _("name of the union catalogue"), max_length=200, blank=True
    )
    services_provided = models.ManyToManyField(
        ServiceArea,
        blank=True,
        related_name="surveys_providing",
        verbose_name=_("services the system provides"),
    )
    support_needed = models.ManyToManyField(
        ServiceArea,
        blank=True,
        related_name="surveys_needing",
        verbose_name=_("support the system needs"),
    )
    elements = models.ManyToManyField(
        SystemElement,
        blank=True,
        related_name="surveys",
        verbose_name=_("what the libraries share"),
    )

    # A survey usually gives the figures of the year before its own, the last complete one.
    figures_year = models.PositiveSmallIntegerField(
        _("year the figures refer to"), null=True, blank=True
    )
    loans = models.PositiveIntegerField(_("loans"), null=True, blank=True)
    active_users = models.PositiveIntegerField(_("active users"), null=True, blank=True)
    opening_hours_per_week = models.DecimalField(
        _("opening hours per week"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    staff_fte = models.DecimalField(
        _("staff in full-time equivalents"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    acquisitions_spending = models.DecimalField(
        _("spending on acquisitions (euros)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )

    # Off by default: a system's figures are shown, one by one, only to itself and to staff;
    # other systems see them inside a group's median. Sharing them shows them by name.
    shares_figures = models.BooleanField(
        _("share the figures openly"),
        default=False,
        help_text=_(
            "Other systems comparing themselves with yours see your indicators by name, not "
            "only inside a group's median."
        ),
    )

    needs = models.TextField(_("needs"), blank=True)
    proposals = models.TextField(_("proposals to the network"), blank=True)

    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("mapping survey")
        verbose_name_plural = _("mapping surveys")
        ordering = ["-year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="survey_one_per_year"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="survey_submitted_has_date",
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="survey_year_status")]

    def __str__(self):
        return f"{self.organisation} — {self.year}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    def report_exclusion(self) -> str:
        """Why the mapping report does not count this survey, in words; "" when it does.

        Checks `REPORT_REQUIRES` in order, so the first requirement missed is the reason.
        """
        for path, required in self.REPORT_REQUIRES.items():
            value = self
            for name in path.split("__"):
                value = getattr(value, name)
            if value != required:
                return self._exclusion_reason(path, value)
        return ""

    def _exclusion_reason(self, path, value) -> str:
        organisation = self.organisation
        if path == "status":
            return str(_("Not submitted: still being filled in."))
        if path == "organisation__status" and value == Organisation.Status.PENDING:
            return str(_("The organisation is awaiting the staff's approval."))
        if path == "organisation__status" and value == Organisation.Status.REJECTED:
            return str(_("The organisation was rejected by the staff."))
        if path == "organisation__kind":
            return str(
                _("The organisation is not a library system: it is registered as %(kind)s.")
                % {"kind": organisation.get_kind_display().lower()}
            )
        # A requirement added to REPORT_REQUIRES without its own words yet.
        return str(_("It does not meet the report's conditions."))


class SurveyInvitation(models.Model):
    """A single-use link that lets a system outside the network fill the year's survey.

    Staff send it to an address; the link is signed, so it cannot be guessed or altered, and
    it works for INVITATION_DAYS, until the survey is submitted through it.
    """

    INVITATION_DAYS = 30

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="survey_invitations",
        verbose_name=_("library system"),
        limit_choices_to={"kind": OrganisationKind.LIBRARY_SYSTEM},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    email = models.EmailField(_("sent to"))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.organisation} — {self.email}"

    @property
    def expires_at(self):
        return self.created_at + datetime.timedelta(days=self.INVITATION_DAYS)
