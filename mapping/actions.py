"""Every change to the mapping survey goes through a function here: saving and submitting a
system's yearly answers, and inviting systems outside the network to answer through a single-use
link. Views, the admin and commands call them."""

import datetime

from django.core import signing
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mapping.models import Survey, SurveyInvitation
from members.actions.organisations import add_organisation
from members.models import Organisation, OrganisationKind, User
from portal.lib.errors import ActionError
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
    "figures_year",
    "loans",
    "active_users",
    "opening_hours_per_week",
    "staff_fte",
    "acquisitions_spending",
    "shares_figures",
    "needs",
    "proposals",
]
_MANY_TO_MANY = {"services_provided", "support_needed", "elements"}

# The salt signed the links already sent: changing it would void them.
_INVITATION_SALT = "members.survey-invitation"


class SurveyError(ActionError):
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
    # Last year's figures were of an earlier year: the new survey asks its own (the form's
    # default), never repeats that one.
    fields = [name for name in ANSWER_FIELDS if name != "figures_year"]
    return previous.year, model_to_dict(previous, fields=fields)


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

    A submitted survey can still be corrected during its year, by submitting it again: it never
    goes back to a draft, so the report never counts half an answer. `by` is the person saving,
    or None when someone outside the portal answers through `invitation`, which submitting uses
    up; an invitation never changes a survey already submitted.
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
        if survey.is_submitted and invitation is not None:
            raise SurveyError(
                _("The %(year)s survey of %(organisation)s has already been submitted."),
                code="already_answered",
                params={"year": year, "organisation": organisation.name},
            )
        if survey.is_submitted and not submit:
            raise SurveyError(
                _("A submitted survey is corrected by submitting it again."),
                code="submitted",
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
            _announce_submission(survey, by=by, invitation=invitation)
    return survey


def _announce_submission(survey: Survey, *, by, invitation) -> None:
    """The system's referents hear of a submission; through a link, the person who answered
    and the staff member who sent it do too."""
    context = {"organisation": survey.organisation, "survey": survey, "by": by}
    notify(
        to=survey.organisation.referents(),
        template="mapping/emails/survey_submitted",
        context=context,
    )
    if invitation is not None:
        notify(
            to=invitation,
            template="mapping/emails/survey_received",
            context={**context, "invitation": invitation},
        )
        if invitation.created_by is not None:
            notify(
                to=invitation.created_by,
                template="mapping/emails/survey_answered",
                context={**context, "invitation": invitation},
            )


def invitation_refusal(organisation: Organisation) -> str | None:
    """Why `organisation` cannot be invited to this year's survey, or None when it can: only
    systems without referents on the portal (those answer from the system's page), that have
    not answered yet and hold no link still usable."""
    if not organisation.is_system:
        return _("Only library systems answer the mapping survey.")
    if organisation.referents().exists():
        return _(
            "%(organisation)s has referents on the portal: they answer the survey from the "
            "system's page."
        ) % {"organisation": organisation.name}
    year = survey_year()
    if Survey.objects.submitted().filter(organisation=organisation, year=year).exists():
        return _("%(organisation)s has already answered the %(year)s survey.") % {
            "organisation": organisation.name,
            "year": year,
        }
    pending = (
        SurveyInvitation.objects.filter(
            organisation=organisation,
            used_at__isnull=True,
            created_at__gt=timezone.now() - datetime.timedelta(SurveyInvitation.INVITATION_DAYS),
        )
        .order_by("-created_at")
        .first()
    )
    if pending is not None:
        return _(
            "A link sent to %(email)s on %(date)s is still usable: it works until %(until)s."
        ) % {
            "email": pending.email,
            "date": date_format(timezone.localtime(pending.created_at), "DATE_FORMAT"),
            "until": date_format(timezone.localtime(pending.expires_at), "DATE_FORMAT"),
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
            template="mapping/emails/survey_invitation",
            context={
                "invitation": invitation,
                "organisation": organisation,
                "token": invitation_token(invitation),
            },
        )
    return invitation


def invite_new_system_to_survey(
    *,
    name: str,
    region,
    province=None,
    municipality: str = "",
    email: str,
    language: str,
    by: User,
) -> SurveyInvitation:
    """Invites a library system the portal does not have yet, in one step: staff vouch for it,
    so it is added approved (through `members`' own action), then sent the link. Nothing is
    added when either step refuses."""
    with transaction.atomic():
        organisation = add_organisation(
            by=by,
            name=name,
            kind=OrganisationKind.LIBRARY_SYSTEM,
            region=region,
            province=province,
            municipality=municipality,
        )
        return invite_to_survey(organisation=organisation, email=email, language=language, by=by)


def invitation_token(invitation: SurveyInvitation) -> str:
    return signing.dumps(invitation.pk, salt=_INVITATION_SALT)


def invitation_from_token(token: str) -> SurveyInvitation:
    """The invitation a link carries, while it can still be used; SurveyError says why not
    (code "invalid", "expired" or "used"; the last two carry the `invitation`).

    The signature proves the link was made here; the invitation's row says whether it is
    still usable, so that its age and its use are checked in one place.
    """
    try:
        pk = signing.loads(token, salt=_INVITATION_SALT)
    except signing.BadSignature:
        raise SurveyError(_("This link is not valid."), code="invalid") from None
    invitation = (
        SurveyInvitation.objects.select_related("organisation__region").filter(pk=pk).first()
    )
    if invitation is None:
        raise SurveyError(_("This link is not valid."), code="invalid")
    try:
        _refuse_unusable(invitation)
    except SurveyError as error:
        # Lets the page show what was typed in the form when the link ran out meanwhile.
        error.invitation = invitation
        raise
    return invitation


def _refuse_unusable(invitation: SurveyInvitation) -> None:
    if invitation.used_at is not None:
        raise SurveyError(_("This link has already been used."), code="used")
    if invitation.expires_at <= timezone.now():
        raise SurveyError(_("This link has expired."), code="expired")
