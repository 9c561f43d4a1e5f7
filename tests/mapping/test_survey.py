"""The mapping survey: who fills it in, saving and resuming, pre-filling from last year, and the
single-use link staff send to systems outside the network.

Texts are checked on the English site, whose words are the msgids.
"""

import datetime
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from mapping.actions import SurveyError, invite_to_survey, survey_year
from mapping.models import GovernanceModel, Survey, SurveyInvitation, SystemElement
from members.actions.organisations import add_organisation
from members.models import Organisation, OrganisationKind, Province, Region, Role, ServiceArea
from tests.factories import OrganisationFactory, RoleFactory, SurveyFactory

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def english(url_name, *args):
    with translation.override("en"):
        return reverse(url_name, args=args)


def survey_url(organisation):
    return english("mapping:survey-edit", organisation.slug)


@pytest.fixture
def referent(official_referent):
    return official_referent


@pytest.fixture
def system(referent):
    return referent.roles.get().organisation


def half_filled_answers():
    return {
        "governance": GovernanceModel.objects.get(slug="consorzio").pk,
        "libraries_count": "34",
        "software": "Clavis",
        "support_needed": [ServiceArea.objects.get(slug="formazione").pk],
        "needs": "Formazione sulla catalogazione condivisa.",
    }


def test_referent_saves_a_half_filled_survey_and_finds_it_when_back(client, referent, system):
    client.force_login(referent)

    response = client.post(survey_url(system), {**half_filled_answers(), "save": ""}, follow=True)

    assert "Your answers are saved" in response.text
    survey = Survey.objects.get(organisation=system, year=YEAR)
    assert survey.status == Survey.Status.DRAFT
    assert survey.libraries_count == 34
    assert list(survey.support_needed.values_list("slug", flat=True)) == ["formazione"]
    page = client.get(survey_url(system)).text
    assert "Not submitted yet" in page
    assert 'value="34"' in page
    assert 'value="Clavis"' in page
    consorzio = GovernanceModel.objects.get(slug="consorzio").pk
    assert re.search(rf'name="governance" value="{consorzio}"[^>]*checked', page)
    assert "Formazione sulla catalogazione condivisa." in page


def test_resumed_survey_is_submitted_once_finished(client, referent, system, committing):
    client.force_login(referent)
    client.post(survey_url(system), {**half_filled_answers(), "save": ""})

    finished = {
        **half_filled_answers(),
        "management": "mixed",
        "municipalities_count": "28",
        "population_served": "190000",
        "submit": "",
    }
    with committing():
        response = client.post(survey_url(system), finished, follow=True)

    assert f"the {YEAR} survey is submitted" in response.text
    survey = Survey.objects.get(organisation=system, year=YEAR)
    assert survey.is_submitted
    assert survey.submitted_at is not None
    assert survey.libraries_count == 34
    assert survey.municipalities_count == 28
    assert [message.to for message in mail.outbox] == [[referent.email]]
    assert system.name in mail.outbox[0].body
    with translation.override(referent.language):
        assert reverse("mapping:survey-edit", args=[system.slug]) in mail.outbox[0].body


def test_submitting_asks_for_what_the_report_needs_and_keeps_the_answers(client, referent, system):
    client.force_login(referent)

    response = client.post(survey_url(system), {**half_filled_answers(), "submit": ""})

    assert response.status_code == 200
    assert "Please correct the errors below." in response.text
    assert response.context["form"].errors.keys() == {
        "management",
        "municipalities_count",
        "population_served",
    }
    assert 'value="Clavis"' in response.text
    assert not Survey.objects.exists()


def test_draft_refuses_a_number_that_is_not_one(client, referent, system):
    client.force_login(referent)

    response = client.post(survey_url(system), {"libraries_count": "trenta", "save": ""})

    assert "Enter a whole number." in response.text
    assert 'value="trenta"' in response.text
    assert not Survey.objects.exists()


def test_decimals_are_written_the_italian_way(client, referent, system):
    client.force_login(referent)

    italian_url = reverse("mapping:survey-edit", args=[system.slug])

    client.post(italian_url, {"staff_fte": "58,5", "save": ""})

    assert Survey.objects.get().staff_fte == Decimal("58.5")
    assert 'value="58,5"' in client.get(italian_url).text


def test_other_governance_and_union_catalogue_need_their_details(client, referent, system):
    client.force_login(referent)
    answers = {
        "governance": GovernanceModel.objects.get(is_other=True).pk,
        "management": "direct",
        "libraries_count": "5",
        "municipalities_count": "5",
        "population_served": "30000",
        "has_union_catalogue": "True",
        "submit": "",
    }

    response = client.post(survey_url(system), answers)

    errors = response.context["form"].errors
    assert errors.keys() == {"governance_other", "union_catalogue_name"}


def test_new_year_starts_from_last_years_answers(client, referent, system):
    SurveyFactory(
        organisation=system,
        year=YEAR - 1,
        libraries_count=31,
        software="Sebina Next",
        has_union_catalogue=True,
        union_catalogue_name="REDOS",
        needs="Più formazione.",
        support_needed=["bandi"],
        elements=["catalogo-condiviso"],
    )
    client.force_login(referent)

    page = client.get(survey_url(system)).text

    assert f"Pre-filled with your {YEAR - 1} answers" in page
    assert 'value="31"' in page
    assert 'value="Sebina Next"' in page
    assert "Più formazione." in page
    assert re.search(r'name="has_union_catalogue" value="True"[^>]*checked', page)
    bandi = ServiceArea.objects.get(slug="bandi").pk
    assert re.search(rf'name="support_needed" value="{bandi}"[^>]*checked', page)
    assert not Survey.objects.filter(year=YEAR).exists(), "opening the form saves nothing"


def _figures_year_field(page):
    return re.search(r'<input[^>]*name="figures_year"[^>]*>', page).group()


def test_the_figures_year_defaults_to_the_year_before_the_survey(client, referent, system):
    client.force_login(referent)

    field = _figures_year_field(client.get(survey_url(system)).text)

    assert f'value="{YEAR - 1}"' in field


def test_a_new_year_does_not_copy_last_years_figures_year(client, referent, system):
    SurveyFactory(organisation=system, year=YEAR - 1, figures_year=YEAR - 2, loans=1000)
    client.force_login(referent)

    field = _figures_year_field(client.get(survey_url(system)).text)

    assert f'value="{YEAR - 1}"' in field


def test_the_figures_year_is_saved_with_the_figures(client, referent, system):
    client.force_login(referent)
    answers = {**half_filled_answers(), "figures_year": str(YEAR - 2), "loans": "5000"}

    client.post(survey_url(system), {**answers, "save": ""})

    survey = Survey.objects.get(organisation=system, year=YEAR)
    assert (survey.figures_year, survey.loans) == (YEAR - 2, 5000)


def test_figures_cannot_be_of_a_year_after_the_survey(client, referent, system):
    client.force_login(referent)
    answers = {**half_filled_answers(), "figures_year": str(YEAR + 1), "save": ""}

    response = client.post(survey_url(system), answers)

    assert "figures_year" in response.context["form"].errors
    assert not Survey.objects.exists()


def test_submitted_survey_can_be_corrected_during_the_year(client, referent, system, committing):
    survey = SurveyFactory(organisation=system, libraries_count=10)
    submitted_at = survey.submitted_at
    client.force_login(referent)
    answers = {
        "governance": survey.governance.pk,
        "management": "direct",
        "libraries_count": "12",
        "municipalities_count": "15",
        "population_served": "200000",
        "submit": "",
    }

    with committing():
        client.post(survey_url(system), answers)

    survey.refresh_from_db()
    assert survey.libraries_count == 12
    assert survey.submitted_at == submitted_at
    assert mail.outbox == [], "only the first submission is announced"


def test_submitted_survey_cannot_be_emptied_by_saving_it_as_a_draft(client, referent, system):
    survey = SurveyFactory(organisation=system, libraries_count=10)
    client.force_login(referent)

    response = client.post(survey_url(system), {"libraries_count": "", "save": ""})

    assert response.status_code == 200
    assert "libraries_count" in response.context["form"].errors
    survey.refresh_from_db()
    assert survey.is_submitted
    assert survey.libraries_count == 10


@pytest.mark.parametrize(
    ("person", "expected"),
    [("other_referent", 403), ("collaborator", 403), ("base_user", 403), ("staff", 200)],
)
def test_only_the_systems_referents_and_staff_open_its_survey(
    request, client, system, person, expected
):
    if person == "collaborator":
        user = RoleFactory(organisation=system, kind=Role.Kind.COLLABORATOR).user
    else:
        user = request.getfixturevalue(person)
    client.force_login(user)

    assert client.get(survey_url(system)).status_code == expected
    assert client.post(survey_url(system), {"libraries_count": "1", "save": ""}).status_code == (
        expected if expected != 200 else 302
    )
    assert Survey.objects.exists() == (expected == 200)


def test_visitor_is_sent_to_log_in(client, system):
    response = client.get(survey_url(system))

    assert response.status_code == 302
    assert "/login/" in response.url


def test_libraries_and_other_kinds_have_no_survey(client, staff):
    library = OrganisationFactory(kind=OrganisationKind.LIBRARY)
    client.force_login(staff)

    assert client.get(survey_url(library)).status_code == 404


def test_system_page_leads_its_referent_to_the_survey(client, referent, system, base_user):
    library = OrganisationFactory(kind=OrganisationKind.LIBRARY)
    RoleFactory(organisation=library, user=referent)
    client.force_login(referent)
    with translation.override("en"):
        system_page = client.get(system.get_absolute_url()).text
        library_page = client.get(library.get_absolute_url()).text
    client.force_login(base_user)
    with translation.override("en"):
        outsider_page = client.get(system.get_absolute_url()).text

    assert f'href="{survey_url(system)}"' in system_page
    assert "Mapping survey" in system_page
    assert "Mapping survey" not in library_page
    assert survey_url(system) not in outsider_page


def test_survey_page_belongs_to_the_organisations_section(client, referent, system):
    client.force_login(referent)

    html = client.get(reverse("mapping:survey-edit", args=[system.slug])).text

    assert '<a class="nav-link active" href="/organizzazioni/" aria-current="page">' in html


def test_pending_organisation_of_someone_else_is_a_404(client, referent):
    hidden = OrganisationFactory(status="pending")
    client.force_login(referent)

    assert client.get(survey_url(hidden)).status_code == 404


# The single-use link ------------------------------------------------------------------------


@pytest.fixture
def invite(staff, committing):
    """Sends an invitation as staff would, with its e-mail."""

    def send(organisation=None):
        organisation = organisation or OrganisationFactory(name="Sistema bibliotecario del Vulture")
        with committing():
            return invite_to_survey(
                organisation=organisation,
                email="biblioteche@vulture.example",
                language="en",
                by=staff,
            )

    return send


def link_in(message):
    return urlsplit(re.search(r"https?://\S+", message.body).group(0)).path


def test_invitation_e_mails_a_link_that_opens_the_survey_without_an_account(client, invite):
    invitation = invite()

    assert mail.outbox[0].to == ["biblioteche@vulture.example"]
    assert "Sistema bibliotecario del Vulture" in mail.outbox[0].body
    link = link_in(mail.outbox[0])
    assert link.startswith("/en/mapping/invitation/")
    response = client.get(link)
    assert response.status_code == 200
    assert "Sistema bibliotecario del Vulture" in response.text
    assert invitation.year == survey_year()


def test_link_saves_a_draft_then_submits_once(client, invite):
    invitation = invite()
    link = link_in(mail.outbox[0])
    answers = {
        "governance": GovernanceModel.objects.get(slug="unione-montana").pk,
        "management": "outsourced",
        "libraries_count": "12",
        "municipalities_count": "20",
        "population_served": "55000",
    }

    client.post(link, {"libraries_count": "12", "save": ""})
    assert 'value="12"' in client.get(link).text
    response = client.post(link, {**answers, "submit": ""})

    assert "Thank you for answering the survey" in response.text
    survey = Survey.objects.get(organisation=invitation.organisation)
    assert survey.is_submitted
    assert survey.updated_by is None
    again = client.get(link)
    assert again.status_code == 410
    assert "This link has already been used." in again.text
    assert client.post(link, {**answers, "libraries_count": "99", "submit": ""}).status_code == 410
    survey.refresh_from_db()
    assert survey.libraries_count == 12


def test_link_expires_after_thirty_days(client, invite):
    invitation = invite()
    link = link_in(mail.outbox[0])
    invitation.created_at = timezone.now() - datetime.timedelta(days=30, minutes=1)
    invitation.save()

    response = client.get(link)

    assert response.status_code == 410
    assert "This link has expired." in response.text


def test_altered_link_is_refused(client, invite):
    invite()
    link = link_in(mail.outbox[0])

    response = client.get(link.replace("/invitation/", "/invitation/x"))

    assert response.status_code == 404
    assert "This link is not valid." in response.text


def test_only_systems_that_have_not_answered_are_invited(invite):
    answered = SurveyFactory().organisation
    with translation.override("en"):
        with pytest.raises(SurveyError, match="Only library systems"):
            invite(OrganisationFactory(kind=OrganisationKind.LIBRARY))
        with pytest.raises(SurveyError, match="has already answered"):
            invite(answered)
    assert mail.outbox == []


def test_staff_send_an_invitation_from_the_admin(client, staff, committing):
    system = OrganisationFactory(name="Sistema bibliotecario Murgiano")
    client.force_login(staff)

    with committing():
        response = client.post(
            reverse("admin:mapping_surveyinvitation_add"),
            {"organisation": system.pk, "email": "info@murgiano.example", "language": "it"},
            follow=True,
        )

    assert response.status_code == 200
    invitation = system.survey_invitations.get()
    assert invitation.created_by == staff
    assert invitation.year == survey_year()
    assert mail.outbox[0].to == ["info@murgiano.example"]
    assert "Sistema bibliotecario Murgiano" in mail.outbox[0].body


def test_admin_refuses_to_invite_a_system_that_answered(client, staff):
    answered = SurveyFactory(organisation__name="Sistema bibliotecario Murgiano").organisation
    client.force_login(staff)

    response = client.post(
        reverse("admin:mapping_surveyinvitation_add"),
        {"organisation": answered.pk, "email": "info@murgiano.example", "language": "it"},
    )

    assert response.status_code == 200
    assert f"Sistema bibliotecario Murgiano ha già risposto al questionario {YEAR}." in (
        response.text
    )
    assert not answered.survey_invitations.exists()


def test_systems_with_referents_answer_from_the_portal_not_through_a_link(invite, system):
    with translation.override("en"), pytest.raises(SurveyError, match="has referents"):
        invite(system)


def test_a_second_link_waits_until_the_first_is_used_or_expired(invite):
    first = invite()
    with translation.override("en"), pytest.raises(SurveyError, match="is still usable"):
        invite(first.organisation)
    first.created_at -= datetime.timedelta(days=31)
    first.save()

    assert invite(first.organisation).pk != first.pk


def test_answering_through_a_link_thanks_the_sender_and_the_person_who_answered(
    client, invite, staff, committing
):
    invite()
    link = link_in(mail.outbox[0])
    mail.outbox.clear()
    answers = {
        "governance": GovernanceModel.objects.get(slug="consorzio").pk,
        "management": "direct",
        "libraries_count": "8",
        "municipalities_count": "8",
        "population_served": "40000",
        "submit": "",
    }

    with committing():
        client.post(link, answers)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["biblioteche@vulture.example", staff.email]
    )


def test_link_does_not_overwrite_a_survey_submitted_meanwhile(client, invite):
    invitation = invite()
    link = link_in(mail.outbox[0])
    SurveyFactory(organisation=invitation.organisation, libraries_count=40)
    answers = {
        "governance": GovernanceModel.objects.get(slug="consorzio").pk,
        "management": "direct",
        "libraries_count": "8",
        "municipalities_count": "8",
        "population_served": "40000",
        "submit": "",
    }

    with translation.override("en"):
        response = client.post(link, answers)

    assert "has already been submitted" in response.text
    assert Survey.objects.get().libraries_count == 40


def test_link_that_expires_while_the_form_is_open_keeps_what_was_typed(client, invite):
    invitation = invite()
    link = link_in(mail.outbox[0])
    invitation.created_at -= datetime.timedelta(days=31)
    invitation.save()

    response = client.post(link, {"software": "Sebina Next", "needs": "Un furgone.", "save": ""})

    assert response.status_code == 410
    assert "This link has expired." in response.text
    assert 'value="Sebina Next"' in response.text
    assert "Un furgone." in response.text
    assert "Save and finish later" not in response.text
    assert not Survey.objects.exists()


def test_survey_page_runs_a_constant_number_of_queries(
    client, referent, system, django_assert_num_queries
):
    survey = SurveyFactory(
        organisation=system,
        support_needed=["bandi"],
        elements=["catalogo-condiviso"],
        services_provided=["comunicazione"],
    )
    client.force_login(referent)
    with django_assert_num_queries(11):
        client.get(survey_url(system))

    for number in range(5):
        GovernanceModel.objects.create(slug=f"modello-{number}", name=f"Modello {number}")
        SystemElement.objects.create(slug=f"elemento-{number}", name=f"Elemento {number}")
    survey.support_needed.set(ServiceArea.objects.all())
    survey.elements.set(SystemElement.objects.all())
    # The new rows replaced the content version: the person's roles are read again, once.
    with django_assert_num_queries(12):
        response = client.get(survey_url(system))
    assert response.text.count('name="elements"') == SystemElement.objects.count()


# Inviting a system that is not on the portal yet --------------------------------------------


def _invite_from_admin(client, **data):
    return client.post(
        reverse("admin:mapping_surveyinvitation_add"),
        {"email": "info@vulture.example", "language": "it", **data},
        follow=True,
    )


def _form_errors(response):
    """The admin form's errors, field by field (None: at the top of the form)."""
    form = response.context["adminform"].form
    return {field: [str(error) for error in errors] for field, errors in form.errors.items()}


def test_staff_invite_a_system_not_on_the_portal_in_one_step(client, staff, committing):
    basilicata = Region.objects.get(istat_code="17")
    potenza = Province.objects.get(istat_code="076")
    client.force_login(staff)

    with committing():
        response = _invite_from_admin(
            client,
            name="  Sistema bibliotecario   del Vulture ",
            region=basilicata.pk,
            province=potenza.pk,
            municipality="Melfi",
        )

    assert response.redirect_chain[-1][0] == reverse("admin:mapping_surveyinvitation_changelist")
    system = Organisation.objects.get(name="Sistema bibliotecario del Vulture")
    assert (system.kind, system.status) == (OrganisationKind.LIBRARY_SYSTEM, "approved")
    assert (system.region, system.province, system.municipality) == (basilicata, potenza, "Melfi")
    assert not system.referents().exists()
    invitation = system.survey_invitations.get()
    assert invitation.created_by == staff
    [message] = mail.outbox
    assert message.to == ["info@vulture.example"]
    assert "Sistema bibliotecario del Vulture" in message.body
    assert "Sistema bibliotecario del Vulture" in response.content.decode()
    # The new system's page is public: staff vouched for it.
    assert client.get(system.get_absolute_url()).status_code == 200


def test_a_new_system_needs_its_region_and_a_name_not_taken_there(client, staff):
    lombardia = Region.objects.get(istat_code="03")
    OrganisationFactory(name="Sistema bibliotecario Nord-Ovest")
    client.force_login(staff)

    no_region = _invite_from_admin(client, name="Sistema bibliotecario Nuovo")
    taken = _invite_from_admin(client, name="sistema bibliotecario nord-ovest", region=lombardia.pk)
    elsewhere = _invite_from_admin(
        client,
        name="Sistema bibliotecario Nuovo",
        region=lombardia.pk,
        province=Province.objects.get(istat_code="052").pk,
    )

    assert _form_errors(no_region) == {"region": ["Scegli la regione del nuovo sistema."]}
    assert _form_errors(taken) == {
        "name": ["Sistema bibliotecario Nord-Ovest è già sul portale, in Lombardia: sceglilo."]
    }
    assert _form_errors(elsewhere) == {"province": ["Siena non appartiene alla regione Lombardia."]}
    assert 'value="sistema bibliotecario nord-ovest"' in taken.content.decode()
    assert Organisation.objects.filter(name__icontains="Nuovo").count() == 0
    assert Organisation.objects.filter(name__iexact="Sistema bibliotecario Nord-Ovest").count() == 1
    assert not SurveyInvitation.objects.exists()
    assert mail.outbox == []


def test_staff_choose_a_system_on_the_portal_or_name_a_new_one(client, staff):
    system = OrganisationFactory(name="Sistema bibliotecario Murgiano")
    client.force_login(staff)

    both = _invite_from_admin(
        client, organisation=system.pk, name="Sistema nuovo", region=system.region.pk
    )
    neither = _invite_from_admin(client)

    assert list(_form_errors(both)) == ["name"]
    assert list(_form_errors(neither)) == ["organisation"]
    assert not SurveyInvitation.objects.exists()
    assert Organisation.objects.count() == 1


def test_admin_keeps_refusing_systems_that_answer_from_the_portal(client, staff, system):
    client.force_login(staff)

    response = _invite_from_admin(client, organisation=system.pk)

    refusal = gettext(
        "%(organisation)s has referents on the portal: they answer the survey from the "
        "system's page."
    ) % {"organisation": system.name}
    assert _form_errors(response) == {"organisation": [refusal]}
    assert not SurveyInvitation.objects.exists()


def test_only_staff_add_a_system(base_user, refused):
    with refused("not_staff"):
        add_organisation(
            by=base_user,
            name="Sistema abusivo",
            kind=OrganisationKind.LIBRARY_SYSTEM,
            region=Region.objects.get(istat_code="03"),
        )
    assert not Organisation.objects.filter(name="Sistema abusivo").exists()
