"""The mapping survey: saving and submitting a system's yearly answers, and inviting systems
outside the network to answer through a single-use link."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organisation, Survey, SurveyInvitation, User
from portal.lib.notify import notify

# The answers a survey holds, in the order the form asks them.
ANSWER_FIELDS = [
    "governance",
    "governance_other",
    "management",
    "libraries_count",
    "municipalities_count",
    "population_served",
    "software",
    "has_union_catalogue",
    "union_catalogue_name",
    "services_provided",
    "support_needed",
    "elements",
    "loans",
    "active_users",
    "opening_hours_per_week",
    "staff_fte",
    "acquisitions_spending",
    "needs",
    "proposals",
]
_MANY_TO_MANY = {"services_provided", "support_needed", "elements"}

_INVITATION_SALT = "members.survey-invitation"


class SurveyError(ValidationError):
    """A survey change refused, with a message for the person who asked for it."""


def survey_year() -> int:
    """Surveys are yearly: the one being filled in is the current calendar year's."""
    return timezone.localdate().year


def previous_answers(*, organisation: Organisation, year: int) -> tuple[int, dict] | None:
    """The organisation's latest survey before `year` as (its year, its answers), to pre-fill
    the form of a new year; None when there is none."""
    previous = (
        Survey.objects.filter(organisation=organisation, year__lt=year)
        .prefetch_related("services_provided", "support_needed", "elements")
        .order_by("-year")
        .first()
    )
    if previous is None:
        return None
    return previous.year, model_to_dict(previous, fields=ANSWER_FIELDS)


def save_survey(
    *,
    organisation: Organisation,
    year: int,
    answers: dict,
    submit: bool,
    by: User | None = None,
    invitation: SurveyInvitation | None = None,
) -> Survey:
    """Saves the answers (field name → value, as the survey form cleans them) to the
    organisation's survey of `year`, creating it on first save; `submit` submits it too.

    A submitted survey can still be corrected during its year. `by` is the person saving, or
    None when someone outside the portal answers through `invitation`, which submitting uses up.
    """
    if not organisation.is_system:
        raise SurveyError(_("Only library systems answer the mapping survey."), code="not_a_system")
    with transaction.atomic():
        if invitation is not None:
            invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
            _refuse_unusable(invitation)
        survey, _created = Survey.objects.select_for_update().get_or_create(
            organisation=organisation, year=year
        )
        for name in ANSWER_FIELDS:
            if name in answers and name not in _MANY_TO_MANY:
                setattr(survey, name, answers[name])
        survey.updated_by = by
        newly_submitted = submit and not survey.is_submitted
        if newly_submitted:
            survey.status = Survey.Status.SUBMITTED
            survey.submitted_at = timezone.now()
        survey.save()
        for name in _MANY_TO_MANY & answers.keys():
            getattr(survey, name).set(answers[name])
        if invitation is not None and submit:
            invitation.used_at = timezone.now()
            invitation.save(update_fields=["used_at"])
        if newly_submitted:
            notify(
                to=organisation.referents(),
                template="members/emails/survey_submitted",
                context={"organisation": organisation, "survey": survey, "by": by},
            )
    return survey


def invitation_refusal(organisation: Organisation) -> str | None:
    """Why `organisation` cannot be invited to this year's survey, or None when it can."""
    if not organisation.is_system:
        return _("Only library systems answer the mapping survey.")
    year = survey_year()
    if Survey.objects.submitted().filter(organisation=organisation, year=year).exists():
        return _("%(organisation)s has already answered the %(year)s survey.") % {
            "organisation": organisation.name,
            "year": year,
        }
    return None


def invite_to_survey(
    *, organisation: Organisation, email: str, language: str, by: User
) -> SurveyInvitation:
    """Sends a single-use link to the year's survey to `email`, for a system outside the network."""
    refusal = invitation_refusal(organisation)
    if refusal:
        raise SurveyError(refusal, code="refused")
    year = survey_year()
    with transaction.atomic():
        invitation = SurveyInvitation.objects.create(
            organisation=organisation, year=year, email=email, language=language, created_by=by
        )
        notify(
            to=invitation,
            template="members/emails/survey_invitation",
            context={
                "invitation": invitation,
                "organisation": organisation,
                "token": invitation_token(invitation),
            },
        )
    return invitation


def invitation_token(invitation: SurveyInvitation) -> str:
    return signing.dumps(invitation.pk, salt=_INVITATION_SALT)


def invitation_from_token(token: str) -> SurveyInvitation:
    """The invitation a link carries, while it can still be used; SurveyError says why not
    (code "invalid", "expired" or "used")."""
    max_age = SurveyInvitation.INVITATION_DAYS * 24 * 60 * 60
    try:
        pk = signing.loads(token, salt=_INVITATION_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise SurveyError(_("This link has expired."), code="expired") from None
    except signing.BadSignature:
        raise SurveyError(_("This link is not valid."), code="invalid") from None
    invitation = (
        SurveyInvitation.objects.select_related("organisation__region").filter(pk=pk).first()
    )
    if invitation is None:
        raise SurveyError(_("This link is not valid."), code="invalid")
    _refuse_unusable(invitation)
    return invitation


def _refuse_unusable(invitation: SurveyInvitation) -> None:
    if invitation.used_at is not None:
        raise SurveyError(_("This link has already been used."), code="used")
    if invitation.expires_at <= timezone.now():
        raise SurveyError(_("This link has expired."), code="expired")
