"""Staff see in the admin which submitted answers the mapping report leaves out, and why: the
same rule the report's queryset applies.

The admin speaks Italian: texts are looked up through gettext.
"""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from mapping.access import ReportScope
from mapping.models import Survey
from members.models import Organisation, OrganisationKind
from tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers(db):
    """One survey the report counts, and one for each reason it leaves one out."""
    return {
        "counted": SurveyFactory(organisation__name="Sistema approvato"),
        "draft": SurveyFactory(organisation__name="Sistema in bozza", draft=True),
        "pending": SurveyFactory(
            organisation__name="Sistema in attesa", organisation__status="pending"
        ),
        "rejected": SurveyFactory(
            organisation__name="Sistema respinto", organisation__status="rejected"
        ),
        "not_a_system": SurveyFactory(
            organisation__name="Biblioteca che ha risposto",
            organisation__kind=OrganisationKind.LIBRARY,
        ),
    }


def _changelist(client, **params):
    return client.get(reverse("admin:mapping_survey_changelist"), params)


def _not_counted(reason, **params):
    return escape(gettext("No: %(reason)s") % {"reason": gettext(reason) % params})


def _rows(response):
    """(system, counted in the report) per row of the changelist."""
    html = response.content.decode()
    rows = re.findall(r"<tr>.*?</tr>", html, flags=re.S)
    found = []
    for row in rows:
        name = re.search(r'<th class="field-organisation[^"]*"><a [^>]+>([^<]+)</a>', row)
        counted = re.search(r'<td class="field-counted_in_report">([^<]*)</td>', row)
        if name and counted:
            found.append((name.group(1), counted.group(1)))
    return sorted(found)


def test_changelist_says_which_answers_the_report_leaves_out_and_why(staff_client, answers):
    response = _changelist(staff_client)

    not_a_system = "The organisation is not a library system: it is registered as %(kind)s."
    assert _rows(response) == [
        (
            "Biblioteca che ha risposto",
            _not_counted(not_a_system, kind=gettext("Library").lower()),
        ),
        ("Sistema approvato", gettext("Yes")),
        ("Sistema in attesa", _not_counted("The organisation is awaiting the staff's approval.")),
        ("Sistema in bozza", _not_counted("Not submitted: still being filled in.")),
        ("Sistema respinto", _not_counted("The organisation was rejected by the staff.")),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", ["Sistema approvato"]),
        (
            "no",
            [
                "Biblioteca che ha risposto",
                "Sistema in attesa",
                "Sistema in bozza",
                "Sistema respinto",
            ],
        ),
    ],
)
def test_staff_filter_the_answers_by_whether_the_report_counts_them(
    staff_client, answers, value, expected
):
    response = _changelist(staff_client, counted=value)

    assert [name for name, _counted in _rows(response)] == expected


def test_the_reason_and_the_report_apply_the_same_rule(answers):
    counted = set(Survey.objects.in_report(ReportScope()))

    for survey in Survey.objects.select_related("organisation"):
        assert (survey in counted) == (survey.report_exclusion() == ""), survey


def test_the_report_leaves_out_the_answers_of_an_organisation_that_is_no_longer_a_system(
    client, staff, answers
):
    client.force_login(staff)
    response = client.get(reverse("mapping:survey-report"))

    assert response.context["report"].total == 1
    assert "Biblioteca che ha risposto" not in response.text


def test_approving_the_organisation_brings_its_answers_into_the_report(answers):
    survey = answers["pending"]
    Organisation.objects.filter(pk=survey.organisation_id).update(status="approved")
    survey.refresh_from_db()

    assert survey.report_exclusion() == ""
    assert survey in Survey.objects.in_report(ReportScope())


def test_a_survey_page_in_the_admin_says_why_it_is_not_counted(staff_client, answers):
    survey = answers["rejected"]

    response = staff_client.get(reverse("admin:mapping_survey_change", args=[survey.pk]))

    reason = _not_counted("The organisation was rejected by the staff.")
    assert reason in response.content.decode()
