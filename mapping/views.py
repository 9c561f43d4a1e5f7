"""The mapping survey of library systems: filling it in (as a referent, or through a staff-sent
link) and the report of its answers.

Every change is made by `mapping.actions`; who sees the report, and of which regions, is
decided by `mapping.access.mapping_report_scope` alone.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mapping.access import benchmarked_systems, mapping_report_scope
from mapping.actions import (
    SurveyError,
    invitation_from_token,
    previous_answers,
    save_survey,
    survey_year,
)
from mapping.benchmark import GROUPS, SystemBenchmark
from mapping.forms import BenchmarkForm, SurveyForm, SurveyReportForm
from mapping.models import Survey
from mapping.networkmap import NetworkMap
from mapping.report import MappingReport, report_surveys
from members.access import AccessLevel, locked
from members.models import MacroArea, Organisation
from members.views import get_managed_organisation
from portal.lib.errors import refuse_on_form
from portal.lib.exports import csv_response
from portal.lib.pagecache import remember


def _survey_form(request, *, organisation, year, surveys):
    """The survey form: bound on POST; otherwise showing this year's answers so far, or last
    year's to start from. Returns (form, survey or None, year of the pre-filled answers).

    `surveys` is where the survey may be found: the visible ones for a person on the portal,
    all of them for the holder of an invitation, whose link is their right to answer."""
    survey = (
        surveys.filter(organisation=organisation, year=year)
        .prefetch_related("services_provided", "support_needed", "elements")
        .first()
    )
    # A submitted survey stays submitted: every save of it checks what submitting checks.
    submitting = request.method == "POST" and (
        "submit" in request.POST or (survey is not None and survey.is_submitted)
    )
    if request.method == "POST":
        form = SurveyForm(request.POST, instance=survey, year=year, submitting=submitting)
        return form, survey, None
    if survey is not None:
        return SurveyForm(instance=survey, year=year), survey, None
    previous = previous_answers(organisation=organisation, year=year)
    if previous is None:
        return SurveyForm(year=year), None, None
    prefilled_year, answers = previous
    return SurveyForm(initial=answers, year=year), None, prefilled_year


def _save(request, form, *, organisation, year, invitation=None):
    """Calls the action with the form's answers; returns the survey, or None on a refusal
    (added to the form)."""
    try:
        return save_survey(
            organisation=organisation,
            year=year,
            answers=form.cleaned_data,
            submit=form.submitting,
            by=request.user if request.user.is_authenticated else None,
            invitation=invitation,
        )
    except SurveyError as error:
        refuse_on_form(form, error)
        return None


@login_required
def survey_edit(request, slug):
    """A system's referent fills in, saves and submits the year's survey."""
    organisation = get_managed_organisation(
        request, slug, Organisation.objects.select_related("region")
    )
    if not organisation.is_system:
        raise Http404("Only library systems answer the mapping survey.")
    year = survey_year()
    form, survey, prefilled_year = _survey_form(
        request,
        organisation=organisation,
        year=year,
        surveys=Survey.objects.visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, organisation=organisation, year=year)
        if saved is not None:
            if form.submitting:
                messages.success(
                    request,
                    _("Thank you: the %(year)s survey is submitted. You can still correct it.")
                    % {"year": year},
                )
            else:
                messages.success(
                    request,
                    _("Your answers are saved. Come back whenever you like to finish."),
                )
            return redirect("mapping:survey-edit", slug=organisation.slug)
    return render(
        request,
        "mapping/survey_form.html",
        {
            "organisation": organisation,
            "form": form,
            "survey": survey,
            "year": year,
            "prefilled_year": prefilled_year,
        },
    )


def survey_invited(request, token):
    """Someone outside the portal answers the survey through a staff-sent, single-use link."""
    try:
        invitation = invitation_from_token(token)
    except SurveyError as error:
        invitation = getattr(error, "invitation", None)
        if request.method == "POST" and invitation is not None:
            # The link ran out while the form was open: show what was typed, so it is not lost.
            form = SurveyForm(request.POST, year=invitation.year)
            form.is_valid()
            refuse_on_form(form, error)
            context = {
                "organisation": invitation.organisation,
                "form": form,
                "year": invitation.year,
                "invitation": invitation,
                "closed": True,
            }
            return render(request, "mapping/survey_form.html", context, status=410)
        status = 404 if error.code == "invalid" else 410
        return render(request, "mapping/survey_link_unusable.html", {"error": error}, status=status)
    organisation = invitation.organisation
    form, survey, prefilled_year = _survey_form(
        request, organisation=organisation, year=invitation.year, surveys=Survey.objects.all()
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(
            request, form, organisation=organisation, year=invitation.year, invitation=invitation
        )
        if saved is not None:
            if form.submitting:
                return render(
                    request,
                    "mapping/survey_thanks.html",
                    {"organisation": organisation, "survey": saved},
                )
            messages.success(
                request,
                _(
                    "Your answers are saved. Open the link of the invitation again to finish, "
                    "before it expires on %(date)s."
                )
                % {"date": date_format(invitation.expires_at, "DATE_FORMAT")},
            )
            return redirect("mapping:survey-invited", token=token)
    return render(
        request,
        "mapping/survey_form.html",
        {
            "organisation": organisation,
            "form": form,
            "survey": survey,
            "year": invitation.year,
            "prefilled_year": prefilled_year,
            "invitation": invitation,
        },
    )


def _report(request):
    """The scope, the filter form and the report, or the locked page for people outside it."""
    scope = mapping_report_scope(request.user)
    if scope is None:
        return None, locked(request, AccessLevel.MEMBER)
    answered = remember(  # every request reads them; kept under the content version
        f"report-years:{scope.cache_key}",
        lambda: set(Survey.objects.in_report(scope).values_list("year", flat=True).distinct()),
    )
    years = sorted({survey_year(), *answered}, reverse=True)
    data = request.GET.copy()
    data.setdefault("year", str(max(answered, default=survey_year())))
    form = SurveyReportForm(data, years=years)
    if not form.is_valid():
        # A stale or mistyped filter falls back on its default; the others still apply.
        for name in form.errors:
            data.pop(name, None)
        data.setdefault("year", str(max(answered, default=survey_year())))
        form = SurveyReportForm(data, years=years)
        form.is_valid()
    filters = form.cleaned_data
    surveys = report_surveys(
        scope=scope,
        year=filters["year"],
        macro_area=filters["macro_area"],
        mezzogiorno=filters["mezzogiorno"],
    )
    report = MappingReport(
        surveys, scope=scope, macro_area=filters["macro_area"], mezzogiorno=filters["mezzogiorno"]
    )
    return (form, filters["year"], report), None


def survey_report(request):
    """The report of the year's surveys for members, staff and regional offices."""
    found, refusal = _report(request)
    if refusal:
        return refusal
    form, year, report = found
    return render(
        request,
        "mapping/survey_report.html",
        {
            "form": form,
            "year": year,
            "report": report,
            "scope": report.scope,
            "macro_areas": list(MacroArea),
        },
    )


def survey_report_csv(request):
    """The same report, with the same filters, as a CSV file."""
    found, refusal = _report(request)
    if refusal:
        return refusal
    _form, year, report = found
    return csv_response(f"mappatura-sistemi-{year}.csv", report.csv_rows(year=year))


# A group picked by name is for comparing with a few known systems, not with the country.
MAX_PICKED = 200


def _get_benchmarked_system(request, slug):
    """The library system `slug`, if the person may open its benchmark; 404 otherwise."""
    systems = benchmarked_systems(request.user).select_related("region")
    return get_object_or_404(systems, slug=slug)


def _benchmark(request, slug) -> SystemBenchmark:
    system = _get_benchmarked_system(request, slug)
    year = request.GET.get("year", "")
    group = request.GET.get("group", "")
    return SystemBenchmark(
        system,
        user=request.user,
        year=int(year) if year.isdigit() else None,
        group=group if group in dict(GROUPS) else "band",
        picked=request.GET.getlist("peers")[:MAX_PICKED],
    )


@login_required
def system_benchmark(request, slug):
    """A system's indicators beside its peers', the country's and its macro-area's, for its
    own people and for staff."""
    benchmark = _benchmark(request, slug)
    form = BenchmarkForm(
        initial={"year": benchmark.year, "group": benchmark.group}, years=benchmark.years
    )
    return render(
        request,
        "mapping/system_benchmark.html",
        {
            "benchmark": benchmark,
            "system": benchmark.system,
            "form": form,
            "pickable": benchmark.pickable(),
        },
    )


@login_required
def system_benchmark_csv(request, slug):
    """The same comparison as a CSV file."""
    benchmark = _benchmark(request, slug)
    if benchmark.survey is None:
        raise Http404("The system has no figures to compare.")
    return csv_response(
        f"confronto-{benchmark.system.slug}-{benchmark.year}.csv", benchmark.csv_rows()
    )


def network_map(request):
    """The map of the network: each region shaded by the share of the registry's libraries
    that belong to a system, the systems at their seat, and the same figures as a table."""
    return render(request, "mapping/network_map.html", {"map": NetworkMap()})
