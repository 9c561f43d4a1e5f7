"""The expert roster and the competence exchange: who browses the roster and how it filters, how
a referent offers a colleague, how staff decide in the admin, and what each person is told."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from members.models import Region, ServiceArea
from services.actions.experts import approve_offer, decline_offer, offer_competence
from services.models import CompetenceOffer, Expert
from tests.factories import OrganisationFactory, RoleFactory, UserFactory
from tests.services.factories import CompetenceOfferFactory, ExpertFactory

pytestmark = pytest.mark.django_db

ROSTER = "/servizi/esperti/"
OFFER_FORM = "/servizi/scambio-competenze/offri/"
OFFERS = "/servizi/scambio-competenze/"


@pytest.fixture
def login(client, request):
    def as_person(name):
        if name != "visitor":
            client.force_login(request.getfixturevalue(name))
        return client

    return as_person


def _organisation(user):
    return user.roles.get().organisation


def _offer_data(organisation, **fields):
    return {
        "organisation": organisation.pk,
        "name": "Elena Sala",
        "email": "elena.sala@sblecco.example",
        "competences": [ServiceArea.objects.get(slug="logistica").pk],
        "regions": [Region.objects.get(istat_code="03").pk],
        "days_per_year": "8",
        "conditions": "Solo da remoto fuori dalla Lombardia.",
        "profile": "Coordina il trasporto interbibliotecario di novanta biblioteche.",
        **fields,
    }


# The roster ----------------------------------------------------------------------------------


def test_urls_are_italian_and_translated():
    assert reverse("services:expert-list") == ROSTER
    assert reverse("services:offer-create") == OFFER_FORM
    assert reverse("services:offer-list") == OFFERS
    with translation.override("en"):
        assert reverse("services:expert-list") == "/en/services/experts/"
        assert reverse("services:offer-create") == "/en/services/competence-exchange/offer/"


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("visitor", 403),
        ("base_user", 403),
        ("other_referent", 403),
        ("official_referent", 200),
        ("package_referent", 200),
        ("staff", 200),
    ],
)
def test_the_roster_is_open_to_member_organisations_and_staff(login, person, status):
    ExpertFactory(name="Roberta Ferri", profile="Avvocata amministrativista.")
    response = login(person).get(ROSTER)
    assert response.status_code == status
    if status == 200:
        assert "Roberta Ferri" in response.text
        assert "Avvocata amministrativista." in response.text
    else:
        assert "Roberta Ferri" not in response.text
        assert "Contenuto riservato" in response.text
        assert "Gli esperti della Rete" in response.text


def test_the_english_roster_speaks_english(client, official_referent):
    ExpertFactory(name="Roberta Ferri", competences=["logistica"], organisation=None)
    client.force_login(official_referent)
    response = client.get("/en/services/experts/")
    assert response.status_code == 200
    assert "The network's experts" in response.text
    assert "External consultant" in response.text


def test_experts_off_the_roster_are_seen_by_staff_only(client, official_referent, staff):
    ExpertFactory(name="Giovanni Russo", is_active=False)
    client.force_login(official_referent)
    assert "Giovanni Russo" not in client.get(ROSTER).text
    client.force_login(staff)
    assert "Giovanni Russo" in client.get(ROSTER).text


def test_a_card_shows_the_experts_competences_regions_and_organisation(client, official_referent):
    system = OrganisationFactory(name="Sistema bibliotecario Lecchese")
    ExpertFactory(
        name="Elena Sala",
        organisation=system,
        competences=["logistica", "formazione"],
        regions=["03", "07"],
        availability=Expert.Availability.LIMITED,
        days_per_year=8,
    )
    ExpertFactory(name="Paolo Martini", organisation=None, is_offered=False, regions=[])
    client.force_login(official_referent)
    text = client.get(ROSTER).text
    assert "Offerto da" in text
    assert "Sistema bibliotecario Lecchese" in text
    assert "Formazione, Logistica" in text or "Logistica, Formazione" in text
    assert "Liguria, Lombardia" in text
    assert "Disponibilità limitata" in text
    assert "Consulente esterno" in text
    assert "Ovunque, da remoto" in text


def _names(response):
    return [expert.name for expert in response.context["page_obj"]]


def test_members_filter_the_roster_by_competence_region_and_availability(client, official_referent):
    ExpertFactory(name="A Logistica Lombardia", competences=["logistica"], regions=["03"])
    ExpertFactory(name="B Formazione Toscana", competences=["formazione"], regions=["09"])
    ExpertFactory(name="C Logistica ovunque", competences=["logistica"], regions=[])
    ExpertFactory(
        name="D Logistica occupata",
        competences=["logistica"],
        regions=["09"],
        availability=Expert.Availability.UNAVAILABLE,
    )
    client.force_login(official_referent)

    response = client.get(ROSTER, {"competence": "logistica"})
    assert _names(response) == [
        "A Logistica Lombardia",
        "C Logistica ovunque",
        "D Logistica occupata",
    ]
    # Who works remotely anywhere also works in Tuscany.
    response = client.get(ROSTER, {"region": "09"})
    assert _names(response) == [
        "B Formazione Toscana",
        "C Logistica ovunque",
        "D Logistica occupata",
    ]
    response = client.get(
        ROSTER, {"competence": "logistica", "region": "09", "availability": "available"}
    )
    assert _names(response) == ["C Logistica ovunque"]
    assert "1 esperto" in response.text
    response = client.get(ROSTER, {"competence": "reclutamento"})
    assert "Nessun esperto corrisponde a questi filtri." in response.text


def test_the_roster_runs_the_same_queries_whatever_the_number_of_experts(
    client, official_referent, django_assert_num_queries
):
    for number in range(16):
        ExpertFactory(
            name=f"Esperto {number:02d}",
            competences=["logistica", "formazione"],
            regions=["03", "09"],
        )
    client.force_login(official_referent)
    client.get(ROSTER)  # the session, the person and their tier are then kept

    # The chosen competence, the count, the filters' areas and regions, the page, its experts'
    # competences and regions (whether the person manages an organisation is kept with them).
    with django_assert_num_queries(7):
        response = client.get(ROSTER, {"competence": "logistica", "page": "2"})
    assert len(response.context["page_obj"]) == 4


# Offering a colleague ------------------------------------------------------------------------


def test_a_visitor_is_asked_to_log_in_to_offer(client):
    response = client.get(OFFER_FORM)
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_someone_who_manages_no_organisation_is_told_who_offers(client, base_user):
    client.force_login(base_user)
    for url in (OFFER_FORM, OFFERS):
        response = client.get(url)
        assert response.status_code == 403
        assert "dai referenti delle sue organizzazioni" in response.text


def test_a_referent_offers_a_colleague_and_staff_are_told(
    client, official_referent, staff, committing
):
    organisation = _organisation(official_referent)
    client.force_login(official_referent)
    assert "Offri la competenza di un collega" in client.get(OFFER_FORM).text
    with committing():
        response = client.post(OFFER_FORM, _offer_data(organisation), follow=True)
    assert response.redirect_chain[-1][0] == OFFERS
    assert "Grazie: l&#x27;offerta è inviata." in response.text
    assert "Elena Sala" in response.text
    assert "In attesa di verifica" in response.text
    offer = CompetenceOffer.objects.get()
    assert offer.organisation == organisation
    assert offer.offered_by == official_referent
    assert offer.status == CompetenceOffer.Status.PENDING
    assert [area.slug for area in offer.competences.all()] == ["logistica"]
    assert [region.istat_code for region in offer.regions.all()] == ["03"]
    assert offer.days_per_year == 8
    assert not Expert.objects.exists()
    [message] = mail.outbox
    assert message.to == [staff.email]
    assert "Elena Sala" in message.body
    assert f"/admin/services/competenceoffer/{offer.pk}/change/" in message.body


def test_an_invalid_offer_keeps_what_was_typed(client, official_referent):
    organisation = _organisation(official_referent)
    client.force_login(official_referent)
    response = client.post(
        OFFER_FORM,
        _offer_data(organisation, competences=[], days_per_year="400", email="non-un-indirizzo"),
    )
    assert response.status_code == 200
    assert "Correggi gli errori indicati qui sotto." in response.text
    assert "Indica un numero di giornate tra 1 e 365." in response.text
    assert 'value="Elena Sala"' in response.text
    assert "Coordina il trasporto interbibliotecario di novanta biblioteche." in response.text
    assert "Solo da remoto fuori dalla Lombardia." in response.text
    assert not CompetenceOffer.objects.exists()


def test_a_referent_cannot_offer_for_an_organisation_they_do_not_manage(
    client, official_referent, other_referent
):
    client.force_login(official_referent)
    response = client.post(OFFER_FORM, _offer_data(_organisation(other_referent)))
    assert response.status_code == 200
    assert not CompetenceOffer.objects.exists()


def test_offers_are_limited_per_person_and_keep_what_was_typed(client, official_referent, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "competence_offers": "2/d"}
    organisation = _organisation(official_referent)
    client.force_login(official_referent)
    for number in range(2):
        client.post(OFFER_FORM, _offer_data(organisation, email=f"collega{number}@sb.example"))
    response = client.post(OFFER_FORM, _offer_data(organisation, profile="Esperta di gare."))
    assert response.status_code == 429
    assert "Competenze offerte alla Rete" in response.text
    assert "Esperta di gare." in response.text
    assert CompetenceOffer.objects.count() == 2


def test_a_referent_sees_only_their_organisations_offers(client, official_referent, other_referent):
    CompetenceOfferFactory(organisation=_organisation(official_referent), name="Elena Sala")
    CompetenceOfferFactory(
        organisation=_organisation(other_referent),
        name="Lorenzo Ceccarelli",
        status=CompetenceOffer.Status.DECLINED,
        decline_reason="Troppo poche giornate.",
    )
    client.force_login(official_referent)
    response = client.get(OFFERS)
    assert "Elena Sala" in response.text
    assert "Lorenzo Ceccarelli" not in response.text
    assert "Troppo poche giornate." not in response.text


def test_the_actions_refuse_people_without_the_role(official_referent, other_referent, refused):
    organisation = _organisation(official_referent)
    with refused("not_a_referent", field="organisation"):
        offer_competence(
            organisation=organisation,
            by=other_referent,
            data={"name": "X", "email": "x@sb.example", "competences": [], "days_per_year": 2},
        )
    offer = CompetenceOfferFactory(organisation=organisation)
    with refused("not_staff"):
        approve_offer(offer=offer, by=official_referent)
    with refused("not_staff"):
        decline_offer(offer=offer, by=official_referent, reason="No.")
    with refused("field_not_editable"):
        offer_competence(
            organisation=organisation, by=official_referent, data={"status": "approved"}
        )


# Staff decide --------------------------------------------------------------------------------


def test_staff_approve_an_offer_in_the_admin_and_the_colleague_joins_the_roster(
    staff_client, official_referent, committing
):
    organisation = _organisation(official_referent)
    colleague = UserFactory(email="elena.sala@sblecco.example")
    offer = CompetenceOfferFactory(
        organisation=organisation,
        offered_by=official_referent,
        name="Elena Sala",
        email="Elena.Sala@sblecco.example",
        competences=["logistica", "formazione"],
        regions=["03", "07"],
    )
    changelist = reverse("admin:services_competenceoffer_changelist")
    assert "Elena Sala" in staff_client.get(changelist).text
    with committing():
        response = staff_client.post(
            changelist, {"action": "approve", "_selected_action": [offer.pk]}, follow=True
        )
    assert response.status_code == 200
    offer.refresh_from_db()
    assert offer.status == CompetenceOffer.Status.APPROVED
    assert offer.decided_at is not None
    expert = offer.expert
    assert expert.name == "Elena Sala"
    assert expert.user == colleague
    assert expert.organisation == organisation
    assert expert.is_offered
    assert expert.days_per_year == offer.days_per_year
    assert expert.profile == offer.profile
    assert sorted(area.slug for area in expert.competences.all()) == ["formazione", "logistica"]
    assert sorted(region.istat_code for region in expert.regions.all()) == ["03", "07"]
    [message] = mail.outbox
    assert message.to == [official_referent.email]
    assert "Elena Sala entra tra gli esperti della Rete" in message.subject


def test_staff_decline_an_offer_with_a_reason_and_no_expert_is_made(
    staff_client, official_referent, committing, refused, staff
):
    offer = CompetenceOfferFactory(organisation=_organisation(official_referent))
    changelist = reverse("admin:services_competenceoffer_changelist")
    form = staff_client.post(changelist, {"action": "decline", "_selected_action": [offer.pk]})
    assert "Non accogliere offerte di competenze" in form.text
    assert 'name="reason"' in form.text
    offer.refresh_from_db()
    assert offer.status == CompetenceOffer.Status.PENDING
    with committing():
        staff_client.post(
            changelist,
            {
                "action": "decline",
                "_selected_action": [offer.pk],
                "reason": "Servono almeno cinque giornate.",
                "_confirmed": "1",
            },
            follow=True,
        )
    offer.refresh_from_db()
    assert offer.status == CompetenceOffer.Status.DECLINED
    assert offer.decline_reason == "Servono almeno cinque giornate."
    assert not Expert.objects.exists()
    [message] = mail.outbox
    assert message.to == [official_referent.email]
    assert "Servono almeno cinque giornate." in message.body
    with refused("already_decided"):
        approve_offer(offer=offer, by=staff)


def test_staff_add_an_external_consultant_in_the_admin(staff_client):
    response = staff_client.post(
        reverse("admin:services_expert_add"),
        {
            "name": "Roberta Ferri",
            "email": "roberta.ferri@consulenze.example",
            "competences": [ServiceArea.objects.get(slug="gare-condivise").pk],
            "availability": "available",
            "days_per_year": "20",
            "profile": "Avvocata amministrativista.",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    expert = Expert.objects.get()
    assert expert.organisation is None
    assert [area.slug for area in expert.competences.all()] == ["gare-condivise"]


# The organisation's page ---------------------------------------------------------------------


def test_the_organisation_page_counts_its_approved_offers_and_their_competences(visitor):
    organisation = OrganisationFactory()
    staff = UserFactory(is_staff=True)
    for competences in (["logistica"], ["logistica", "formazione"]):
        approve_offer(
            offer=CompetenceOfferFactory(organisation=organisation, competences=competences),
            by=staff,
        )
    CompetenceOfferFactory(organisation=organisation, competences=["bandi"])
    text = visitor.get(organisation.get_absolute_url()).text
    assert "Offre 2 esperti all'albo della Rete." in text
    assert "<li>Formazione</li>" in text
    assert "<li>Logistica</li>" in text
    assert "Bandi e finanziamenti" not in text


def test_the_organisation_page_invites_its_referents_to_offer(client, official_referent):
    organisation = _organisation(official_referent)
    client.force_login(official_referent)
    text = client.get(organisation.get_absolute_url()).text
    assert "Questa organizzazione non offre ancora esperti alla Rete." in text
    assert OFFER_FORM in text
    other = RoleFactory().organisation
    assert "Scambio di competenze" not in client.get(other.get_absolute_url()).text


def test_staff_filter_the_roster_in_the_admin(staff_client):
    lecco = OrganisationFactory(name="Sistema bibliotecario Lecchese")
    ExpertFactory(name="Elena Sala", organisation=lecco, competences=["logistica"])
    ExpertFactory(name="Paolo Martini", organisation=None, is_offered=False)
    changelist = reverse("admin:services_expert_changelist")
    page = staff_client.get(changelist)
    assert "Elena Sala" in page.text
    assert "Sistema bibliotecario Lecchese" in page.text
    logistics = ServiceArea.objects.get(slug="logistica")
    filtered = staff_client.get(changelist, {"competences__id__exact": logistics.pk})
    assert "Elena Sala" in filtered.text
    assert "Paolo Martini" not in filtered.text
    found = staff_client.get(changelist, {"q": "Martini"})
    assert "Paolo Martini" in found.text
    assert "Elena Sala" not in found.text
