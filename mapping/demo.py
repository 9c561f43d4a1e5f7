"""Demo surveys for the mapping report, loaded by `seed_demo` after the demo systems.

This year's surveys come from systems in the North, the Centre and the South (four of them
outside the network, as if they had answered a staff-sent link); the Vimercatese system
answered last year only, so that its referent finds the new form pre-filled; the Lecco system
left a draft; a system awaiting the staff's approval has answered, which the report leaves out
until it is approved; a Tuscan regional office's referent sees the report of Tuscany alone. Every
system that submitted also answered the two years before, so that the benchmark shows trends and
groups; two of them share their figures openly. Rows are
written directly, as in the rest of `seed_demo`: the actions would e-mail every referent.
"""

import datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.utils import timezone

from mapping.models import GovernanceModel, Survey, SurveyInvitation, SystemElement
from members.models import Organisation, OrganisationKind, Province, Role, ServiceArea, User

# Systems outside the network that answered through a link: (slug, name, province, municipality)
OTHER_SYSTEMS = [
    ("sistema-bibliotecario-canavese", "Sistema Bibliotecario del Canavese", "001", "Ivrea"),
    (
        "sistema-bibliotecario-bassa-romagna",
        "Sistema Bibliotecario della Bassa Romagna",
        "039",
        "Lugo",
    ),
    (
        "rete-biblioteche-campi-flegrei",
        "Rete delle Biblioteche dei Campi Flegrei",
        "063",
        "Pozzuoli",
    ),
    ("sistema-bibliotecario-lametino", "Sistema Bibliotecario Lametino", "079", "Lamezia Terme"),
    ("sistema-bibliotecario-ibleo", "Sistema Bibliotecario Ibleo", "088", "Ragusa"),
    ("sistema-bibliotecario-valdelsa", "Sistema Bibliotecario della Valdelsa", "052", "Poggibonsi"),
    ("rete-bibliotecaria-fermana", "Rete Bibliotecaria della Marca Fermana", "109", "Fermo"),
    ("polo-bibliotecario-aquilano", "Polo Bibliotecario Aquilano", "066", "L'Aquila"),
]

# slug -> (governance, management, libraries, municipalities, population, software, union
# catalogue or "", services, support, elements, loans, active users, hours a week, staff FTE,
# acquisitions, needs, proposals)
ANSWERS = {
    "sistema-bibliotecario-vimercatese": (
        "convenzione", "mixed", 29, 29, 185_000, "Clavis NG", "Catalogo CUBI",
        ["formazione", "comunicazione", "logistica", "gare-condivise"],
        ["bandi", "rendicontazione-sociale", "architettura-spazi"],
        ["accordo-formale", "catalogo-condiviso", "software-condiviso", "circolazione",
         "acquisti", "formazione", "coordinamento", "comunicazione"],
        612_000, 41_500, "780.0", "58.5", "410000.00",
        "Ripensare gli spazi delle biblioteche più piccole e misurare l'impatto sociale "
        "dei servizi.",
        "Un gruppo di lavoro nazionale sugli indicatori di impatto.",
    ),
    "sistema-bibliotecario-lecchese": (
        "provincia", "direct", 88, 84, 335_000, "Sebina Next", "OPAC provinciale",
        ["formazione", "logistica"], ["reclutamento", "bandi"],
        ["catalogo-condiviso", "software-condiviso", "circolazione"],
        None, None, None, None, None, "", "",
    ),
    "rete-documentaria-senese": (
        "convenzione", "direct", 41, 35, 265_000, "Sebina Next", "REDOS",
        ["formazione", "servizi-informatici", "logistica"],
        ["bandi", "coprogettazione-fundraising", "formazione"],
        ["accordo-formale", "catalogo-condiviso", "software-condiviso", "circolazione",
         "formazione", "programmazione"],
        390_000, 27_800, "690.5", "44.0", "185000.00",
        "Personale qualificato per le biblioteche dei comuni più piccoli.",
        "Condividere i bandi di selezione tra sistemi vicini.",
    ),
    "sistema-bibliotecario-salentino": (
        "unione-comuni", "outsourced", 46, 46, 410_000, "Koha", "Catalogo del Salento",
        ["comunicazione", "progetti-partecipativi"],
        ["formazione", "bandi", "coprogettazione-fundraising", "servizi-informatici",
         "supporto-giuridico-amministrativo"],
        ["accordo-formale", "catalogo-condiviso", "programmazione", "comunicazione"],
        145_000, 12_300, "640.0", "21.5", "62000.00",
        "Aprire le biblioteche più ore: oggi molte sono aperte solo al mattino.",
        "Un servizio di progettazione condivisa per i bandi europei e regionali.",
    ),
    "sistema-bibliotecario-area-metropolitana-cagliari": (
        "regione", "mixed", 22, 17, 420_000, "SBN Web", "Catalogo unico regionale",
        ["formazione", "servizi-informatici"], ["bandi", "reclutamento", "benchmarking"],
        ["catalogo-condiviso", "software-condiviso", "circolazione", "formazione"],
        210_000, 19_000, "420.0", "36.0", "120000.00",
        "Sostituire il personale che va in pensione.",
        "",
    ),
    "sistema-bibliotecario-canavese": (
        "convenzione", "mixed", 54, 60, 180_000, "Clavis NG", "Librinlinea",
        ["formazione", "logistica", "comunicazione"],
        ["bandi", "servizi-informatici", "scambi-tirocini"],
        ["accordo-formale", "catalogo-condiviso", "software-condiviso", "circolazione",
         "formazione", "programmazione", "coordinamento"],
        280_000, 19_500, "900.0", "40.0", "130000.00",
        "Volontari e personale per tenere aperte le biblioteche dei comuni montani.",
        "Tirocini condivisi tra sistemi per i giovani bibliotecari.",
    ),
    "sistema-bibliotecario-bassa-romagna": (
        "unione-comuni", "direct", 10, 9, 101_000, "Sebina Next", "Scoprirete",
        ["formazione", "comunicazione", "gare-condivise"],
        ["benchmarking", "rendicontazione-sociale"],
        ["accordo-formale", "catalogo-condiviso", "software-condiviso", "circolazione",
         "acquisti", "bilancio", "coordinamento"],
        350_000, 21_000, "310.0", "32.0", "150000.00",
        "Confrontarci con sistemi simili su indicatori comuni.",
        "Un cruscotto nazionale dei dati delle biblioteche.",
    ),
    "rete-biblioteche-campi-flegrei": (
        "convenzione", "outsourced", 7, 6, 190_000, "", "",
        ["comunicazione"], ["formazione", "bandi", "servizi-informatici", "logistica"],
        ["accordo-formale", "programmazione"],
        24_000, 3_100, "160.0", "6.0", "8000.00",
        "Un catalogo comune: oggi ogni biblioteca ha il suo, e alcune non ne hanno.",
        "Formazione a distanza per chi lavora da solo in biblioteca.",
    ),
    "sistema-bibliotecario-lametino": (
        "convenzione", "direct", 12, 12, 95_000, "SBN Web", "Polo SBN",
        ["formazione"], ["bandi", "coprogettazione-fundraising", "reclutamento"],
        ["accordo-formale", "catalogo-condiviso", "software-condiviso"],
        31_000, 4_200, "230.0", "9.5", "15000.00",
        "Risorse stabili: il sistema vive di progetti a termine.",
        "",
    ),
    "sistema-bibliotecario-ibleo": (
        "altro", "mixed", 13, 12, 320_000, "Sebina Next", "",
        ["logistica"], ["bandi", "architettura-spazi", "formazione"],
        ["software-condiviso"],
        58_000, 6_400, "260.0", "14.0", "22000.00",
        "Capire quale forma giuridica dare alla collaborazione tra i comuni.",
        "Modelli di convenzione già sperimentati da altri sistemi.",
    ),
    "sistema-bibliotecario-valdelsa": (
        "consorzio", "direct", 9, 6, 68_000, "Sebina Next", "REDOS",
        ["formazione", "comunicazione", "logistica"], ["rendicontazione-sociale"],
        ["accordo-formale", "catalogo-condiviso", "software-condiviso", "circolazione",
         "bilancio", "coordinamento"],
        160_000, 11_000, "240.0", "17.0", "70000.00",
        "",
        "Scambi di personale tra biblioteche di sistemi diversi.",
    ),
    "rete-bibliotecaria-fermana": (
        "convenzione", "direct", 18, 20, 120_000, "Sebina Next", "Polo SBN Marche Sud",
        ["formazione", "logistica"], ["benchmarking", "bandi"],
        ["accordo-formale", "catalogo-condiviso", "software-condiviso", "circolazione"],
        150_000, 11_500, "380.0", "19.0", "64000.00",
        "Misurare i servizi con gli stessi indicatori dei sistemi vicini.",
        "",
    ),
    "polo-bibliotecario-aquilano": (
        "provincia", "mixed", 24, 26, 140_000, "SBN Web", "Polo SBN",
        ["formazione"], ["architettura-spazi", "bandi", "reclutamento"],
        ["catalogo-condiviso", "software-condiviso"],
        70_000, 6_900, "410.0", "15.5", "30000.00",
        "Riaprire le biblioteche dei comuni del cratere.",
        "",
    ),
}  # fmt: skip

DRAFTS = {"sistema-bibliotecario-lecchese"}
LAST_YEAR_ONLY = {"sistema-bibliotecario-vimercatese"}
# Systems that chose to share their figures openly: other systems see them by name.
SHARING = {"sistema-bibliotecario-bassa-romagna", "sistema-bibliotecario-valdelsa"}
# The submitted surveys of the years before, so that the benchmark shows each system's trend:
# figures a little lower each year back, the first of them without opening hours.
EARLIER_YEARS = 2

REGIONAL_OFFICE = {
    "slug": "regione-toscana-settore-biblioteche",
    "name": "Regione Toscana — Settore Biblioteche e Archivi",
    "province": "048",
    "municipality": "Firenze",
}
REGIONAL_REFERENT = {
    "email": "elena.ricci@regione.toscana.example",
    "first_name": "Elena",
    "last_name": "Ricci",
}


def seed_surveys(*, staff, password: str) -> int:
    """Create or update the demo surveys; returns how many systems answered this year."""
    today = timezone.localdate()
    systems = {system.slug: system for system in Organisation.objects.filter(slug__in=ANSWERS)}
    for slug, name, province_code, municipality in OTHER_SYSTEMS:
        province = Province.objects.select_related("region").get(istat_code=province_code)
        systems[slug], _ = Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": OrganisationKind.LIBRARY_SYSTEM,
                "status": Organisation.Status.APPROVED,
                "province": province,
                "region": province.region,
                "municipality": municipality,
            },
        )
        invitation, _ = SurveyInvitation.objects.get_or_create(
            organisation=systems[slug],
            year=today.year,
            defaults={"email": f"info@{slug}.example", "created_by": staff},
        )
        if invitation.used_at is None:
            invitation.used_at = timezone.now()
            invitation.save(update_fields=["used_at"])

    governance = {model.slug: model for model in GovernanceModel.objects.all()}
    areas = {area.slug: area for area in ServiceArea.objects.all()}
    elements = {element.slug: element for element in SystemElement.objects.all()}
    answered = 0
    for slug, answers in ANSWERS.items():
        (
            governance_slug, management, libraries, municipalities, population, software,
            catalogue, services, support, shared, loans, users, hours, fte, spending, needs,
            proposals,
        ) = answers  # fmt: skip
        year = today.year - 1 if slug in LAST_YEAR_ONLY else today.year
        draft = slug in DRAFTS
        submitted_at = None if draft else timezone.now() - datetime.timedelta(days=len(slug))
        fields = {
            "status": Survey.Status.DRAFT if draft else Survey.Status.SUBMITTED,
            "governance": governance[governance_slug],
            "governance_other": "Accordo di programma tra comuni e libero consorzio"
            if governance_slug == "altro"
            else "",
            "management": management,
            "libraries_count": libraries,
            "municipalities_count": municipalities,
            "population_served": population,
            "software": software,
            "has_union_catalogue": bool(catalogue),
            "union_catalogue_name": catalogue,
            "figures_year": year - 1 if loans or users or hours or fte or spending else None,
            "loans": loans,
            "active_users": users,
            "opening_hours_per_week": Decimal(hours) if hours else None,
            "staff_fte": Decimal(fte) if fte else None,
            "acquisitions_spending": Decimal(spending) if spending else None,
            "needs": needs,
            "proposals": proposals,
            "shares_figures": slug in SHARING,
        }
        survey, _ = Survey.objects.update_or_create(
            organisation=systems[slug],
            year=year,
            defaults=fields,
            # Seeding again keeps the date a survey was first submitted.
            create_defaults={**fields, "submitted_at": submitted_at},
        )
        survey.services_provided.set([areas[area] for area in services])
        survey.support_needed.set([areas[area] for area in support])
        survey.elements.set([elements[element] for element in shared])
        answered += not draft and year == today.year
        if draft:
            continue
        for back in range(1, EARLIER_YEARS + 1):
            _seed_earlier_survey(survey, fields, year=year - back, back=back)

    _seed_answer_awaiting_approval(today.year)
    _seed_regional_office(password)
    return answered


def _seed_earlier_survey(survey: Survey, fields: dict, *, year: int, back: int) -> None:
    shrink = Decimal(1) - Decimal("0.05") * back
    earlier = {
        **fields,
        "status": Survey.Status.SUBMITTED,
        "figures_year": year - 1 if fields["figures_year"] else None,
        "needs": "",
        "proposals": "",
    }
    for name in ("loans", "active_users"):
        if fields[name] is not None:
            earlier[name] = int(fields[name] * shrink)
    if fields["acquisitions_spending"] is not None:
        earlier["acquisitions_spending"] = (fields["acquisitions_spending"] * shrink).quantize(
            Decimal("0.01")
        )
    if back == EARLIER_YEARS:
        earlier["opening_hours_per_week"] = None
    previous, _ = Survey.objects.update_or_create(
        organisation=survey.organisation,
        year=year,
        defaults=earlier,
        create_defaults={
            **earlier,
            "submitted_at": timezone.now() - datetime.timedelta(365 * back),
        },
    )
    previous.services_provided.set(survey.services_provided.all())
    previous.support_needed.set(survey.support_needed.all())
    previous.elements.set(survey.elements.all())


# A system registered on the portal and still awaiting the staff's approval, whose answers the
# report leaves out until then: the survey list in the admin says so.
AWAITING_APPROVAL = {
    "slug": "sistema-bibliotecario-alto-vicentino",
    "name": "Sistema Bibliotecario dell'Alto Vicentino",
    "province": "024",
    "municipality": "Schio",
}


def _seed_answer_awaiting_approval(year: int) -> None:
    province = Province.objects.select_related("region").get(
        istat_code=AWAITING_APPROVAL["province"]
    )
    system, _ = Organisation.objects.update_or_create(
        slug=AWAITING_APPROVAL["slug"],
        defaults={
            "name": AWAITING_APPROVAL["name"],
            "kind": OrganisationKind.LIBRARY_SYSTEM,
            "status": Organisation.Status.PENDING,
            "province": province,
            "region": province.region,
            "municipality": AWAITING_APPROVAL["municipality"],
        },
    )
    fields = {
        "status": Survey.Status.SUBMITTED,
        "management": Survey.Management.DIRECT,
        "libraries_count": 31,
        "municipalities_count": 31,
        "population_served": 190_000,
        "needs": "Un coordinamento stabile per la promozione della lettura.",
    }
    Survey.objects.update_or_create(
        organisation=system,
        year=year,
        defaults=fields,
        create_defaults={**fields, "submitted_at": timezone.now()},
    )


def _seed_regional_office(password: str) -> None:
    province = Province.objects.select_related("region").get(istat_code=REGIONAL_OFFICE["province"])
    office, _ = Organisation.objects.update_or_create(
        slug=REGIONAL_OFFICE["slug"],
        defaults={
            "name": REGIONAL_OFFICE["name"],
            "kind": OrganisationKind.REGIONAL_OFFICE,
            "status": Organisation.Status.APPROVED,
            "province": province,
            "region": province.region,
            "municipality": REGIONAL_OFFICE["municipality"],
        },
    )
    fields = dict(REGIONAL_REFERENT)
    email = fields.pop("email")
    person, created = User.objects.update_or_create(email=email, defaults=fields)
    if created:
        person.set_password(password)
        person.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=person, email=email, defaults={"verified": True, "primary": True}
    )
    Role.objects.update_or_create(
        user=person,
        organisation=office,
        defaults={"kind": Role.Kind.REFERENT, "status": Role.Status.APPROVED},
    )
