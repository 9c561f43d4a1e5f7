"""The demo expert roster: colleagues the demo systems offered through the competence exchange
(approved, with one offer awaiting review and one declined) and external consultants, across
the network's service areas and regions. Everything goes through the actions, as on the portal.
Safe to run again: an offer already there (same organisation, same e-mail) and an expert already
on the roster (same e-mail) are left alone.
"""

from django.db import transaction

from members.models import Organisation, Region, ServiceArea, User
from services.actions.experts import add_expert, approve_offer, decline_offer, offer_competence
from services.models import CompetenceOffer, Expert

STAFF = "staff@retedellereti.example"

# The referent who offers, per system.
REFERENTS = {
    "sistema-bibliotecario-vimercatese": "marco.bellini@sbvimercatese.example",
    "sistema-bibliotecario-lecchese": "luca.galli@sblecco.example",
    "rete-documentaria-senese": "chiara.marini@sbsiena.example",
    "sistema-bibliotecario-salentino": "paolo.esposito@retebibliotechesalento.example",
    "sistema-bibliotecario-area-metropolitana-cagliari": "anna.russo@sbcagliari.example",
}

# (system, name, e-mail, competences, regions (ISTAT), days a year, conditions, profile, status)
OFFERS = [
    (
        "sistema-bibliotecario-vimercatese",
        "Sara Colombo",
        "sara.colombo@sbvimercatese.example",
        ["formazione", "servizi-informatici"],
        ["03"],
        10,
        "In presenza in Lombardia, altrove da remoto.",
        "Bibliotecaria del centro sistema, cura il catalogo collettivo e la formazione dei "
        "volontari sulle piattaforme di prestito digitale.",
        CompetenceOffer.Status.APPROVED,
    ),
    (
        "sistema-bibliotecario-vimercatese",
        "Davide Brambilla",
        "davide.brambilla@sbvimercatese.example",
        ["gare-condivise", "supporto-giuridico-amministrativo"],
        ["03", "01"],
        6,
        "Rimborso delle spese di viaggio a carico del richiedente.",
        "Funzionario amministrativo, ha scritto i capitolati del sistema per l'interprestito, "
        "la catalogazione in outsourcing e le forniture librarie.",
        CompetenceOffer.Status.APPROVED,
    ),
    (
        "sistema-bibliotecario-lecchese",
        "Elena Sala",
        "elena.sala@sblecco.example",
        ["logistica"],
        ["03"],
        8,
        "",
        "Coordina il servizio di trasporto interbibliotecario di novanta biblioteche: "
        "percorsi, frequenze, contratti con i vettori.",
        CompetenceOffer.Status.APPROVED,
    ),
    (
        "sistema-bibliotecario-lecchese",
        "Giorgio Rota",
        "giorgio.rota@sblecco.example",
        ["benchmarking", "rendicontazione-sociale"],
        [],
        5,
        "Solo da remoto.",
        "Statistico, prepara ogni anno il rapporto del sistema sugli indicatori di servizio e "
        "il bilancio sociale.",
        CompetenceOffer.Status.APPROVED,
    ),
    (
        "rete-documentaria-senese",
        "Francesca Bindi",
        "francesca.bindi@sbsiena.example",
        ["progetti-partecipativi", "comunicazione"],
        ["09", "10"],
        12,
        "",
        "Ha avviato i gruppi di lettura e i laboratori partecipati della rete, e cura la "
        "comunicazione sui social delle biblioteche senesi.",
        CompetenceOffer.Status.APPROVED,
    ),
    (
        "rete-documentaria-senese",
        "Tommaso Guidi",
        "tommaso.guidi@sbsiena.example",
        ["architettura-spazi"],
        ["09"],
        4,
        "Sopralluoghi in Toscana; pareri sui progetti anche da remoto.",
        "Architetto dell'ufficio tecnico comunale, ha seguito il riallestimento di sei "
        "biblioteche della provincia.",
        CompetenceOffer.Status.APPROVED,
    ),
    (
        "sistema-bibliotecario-salentino",
        "Giulia De Santis",
        "giulia.desantis@retebibliotechesalento.example",
        ["bandi", "coprogettazione-fundraising"],
        ["16", "17"],
        10,
        "",
        "Progettista, ha portato al sistema tre finanziamenti regionali e un bando PNRR per "
        "l'inclusione digitale.",
        CompetenceOffer.Status.APPROVED,
    ),
    (
        "sistema-bibliotecario-salentino",
        "Antonio Greco",
        "antonio.greco@retebibliotechesalento.example",
        ["scambi-tirocini", "formazione"],
        ["16"],
        6,
        "",
        "Tutor dei tirocini universitari del sistema, organizza gli scambi di personale con le "
        "biblioteche pugliesi.",
        CompetenceOffer.Status.APPROVED,
    ),
    (
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "Maria Pisu",
        "maria.pisu@sbcagliari.example",
        ["reclutamento", "supporto-giuridico-amministrativo"],
        ["20"],
        5,
        "Da remoto fuori dalla Sardegna.",
        "Responsabile del personale del sistema, ha curato i concorsi per bibliotecari di "
        "diciassette comuni.",
        CompetenceOffer.Status.APPROVED,
    ),
    (
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "Stefano Melis",
        "stefano.melis@sbcagliari.example",
        ["servizi-informatici"],
        [],
        8,
        "Solo da remoto.",
        "Sistemista, gestisce il software gestionale e l'OPAC del sistema, e la migrazione dei "
        "dati tra piattaforme.",
        CompetenceOffer.Status.PENDING,
    ),
    (
        "rete-documentaria-senese",
        "Lorenzo Ceccarelli",
        "lorenzo.ceccarelli@sbsiena.example",
        ["consulenza-fiscale"],
        ["09"],
        2,
        "",
        "Ragioniere del comune capofila.",
        CompetenceOffer.Status.DECLINED,
    ),
]
DECLINE_REASON = (
    "Due giornate l'anno non bastano per seguire una richiesta di consulenza fiscale: "
    "riproponetelo con almeno cinque giornate."
)

# External consultants: (name, e-mail, competences, regions, availability, days, conditions,
# profile)
CONSULTANTS = [
    (
        "Roberta Ferri",
        "roberta.ferri@consulenze.example",
        ["supporto-giuridico-amministrativo", "gare-condivise"],
        ["12", "11", "10"],
        Expert.Availability.AVAILABLE,
        20,
        "Tariffa giornaliera concordata con la Rete.",
        "Avvocata amministrativista, assiste gli enti locali nelle convenzioni tra comuni e "
        "nelle gare per servizi bibliotecari.",
    ),
    (
        "Paolo Martini",
        "paolo.martini@formazionebiblio.example",
        ["formazione", "comunicazione"],
        [],
        Expert.Availability.AVAILABLE,
        30,
        "Corsi in presenza o in videoconferenza.",
        "Formatore, tiene corsi su reference digitale, promozione della lettura e "
        "comunicazione delle biblioteche.",
    ),
    (
        "Ilaria Fontana",
        "ilaria.fontana@studiofontana.example",
        ["architettura-spazi"],
        ["08", "05", "03"],
        Expert.Availability.LIMITED,
        10,
        "",
        "Architetta, progetta biblioteche come terzo luogo: arredi, accessibilità, spazi per "
        "ragazzi.",
    ),
    (
        "Marco Lombardi",
        "marco.lombardi@fundraisingcultura.example",
        ["coprogettazione-fundraising", "bandi"],
        [],
        Expert.Availability.AVAILABLE,
        25,
        "Compenso in parte legato al finanziamento ottenuto.",
        "Consulente di fundraising per la cultura, ha seguito bandi di fondazioni bancarie e "
        "programmi europei.",
    ),
    (
        "Chiara Esposito",
        "chiara.esposito@datiperlacultura.example",
        ["benchmarking", "rendicontazione-sociale"],
        ["15", "18"],
        Expert.Availability.LIMITED,
        8,
        "",
        "Ricercatrice, misura l'impatto sociale delle biblioteche e scrive bilanci sociali.",
    ),
    (
        "Giovanni Russo",
        "giovanni.russo@logisticalibri.example",
        ["logistica"],
        ["19", "18"],
        Expert.Availability.UNAVAILABLE,
        None,
        "Disponibile dal prossimo anno.",
        "Esperto di logistica, ha disegnato reti di interprestito in Sicilia e Calabria.",
    ),
    (
        "Alessandra Conti",
        "alessandra.conti@fiscoenti.example",
        ["consulenza-fiscale"],
        [],
        Expert.Availability.AVAILABLE,
        15,
        "Da remoto.",
        "Commercialista, segue IVA e fatturazione elettronica di associazioni e biblioteche "
        "con attività commerciali.",
    ),
    (
        "Federico Bianchi",
        "federico.bianchi@opensourcebib.example",
        ["servizi-informatici"],
        ["01", "07"],
        Expert.Availability.AVAILABLE,
        12,
        "",
        "Sviluppatore di software libero per biblioteche: Koha, SBN, siti accessibili.",
    ),
    (
        "Valentina Moretti",
        "valentina.moretti@selezionepa.example",
        ["reclutamento"],
        ["06", "04"],
        Expert.Availability.LIMITED,
        6,
        "",
        "Psicologa del lavoro, ha fatto parte di commissioni di concorso per bibliotecari.",
    ),
    (
        "Nicola Ferrara",
        "nicola.ferrara@partecipazione.example",
        ["progetti-partecipativi", "buone-pratiche"],
        ["15", "13", "14"],
        Expert.Availability.AVAILABLE,
        15,
        "",
        "Facilitatore, accompagna le biblioteche nei percorsi partecipativi con i quartieri e "
        "le scuole.",
    ),
    (
        "Laura Ricci",
        "laura.ricci@comunicarelabiblioteca.example",
        ["comunicazione"],
        [],
        Expert.Availability.LIMITED,
        6,
        "Da remoto.",
        "Giornalista, cura newsletter, siti e campagne social di biblioteche e sistemi.",
    ),
]


def seed_experts(people: dict[str, User], systems: dict[str, Organisation]) -> int:
    """Loads the demo roster and offers; returns how many experts were added this time."""
    staff = people[STAFF]
    areas = {area.slug: area for area in ServiceArea.objects.all()}
    regions = {region.istat_code: region for region in Region.objects.all()}
    added = 0
    with transaction.atomic():
        for spec in OFFERS:
            added += _offer(spec, people, systems, staff, areas, regions)
        for spec in CONSULTANTS:
            added += _consultant(spec, staff, areas, regions)
    return added


def _offer(spec, people, systems, staff, areas, regions) -> int:
    slug, name, email, competences, region_codes, days, conditions, profile, status = spec
    organisation = systems[slug]
    if CompetenceOffer.objects.filter(organisation=organisation, email=email).exists():
        return 0
    offer = offer_competence(
        organisation=organisation,
        by=people[REFERENTS[slug]],
        data={
            "name": name,
            "email": email,
            "competences": [areas[code] for code in competences],
            "regions": [regions[code] for code in region_codes],
            "days_per_year": days,
            "conditions": conditions,
            "profile": profile,
        },
    )
    if status == CompetenceOffer.Status.APPROVED:
        approve_offer(offer=offer, by=staff)
        return 1
    if status == CompetenceOffer.Status.DECLINED:
        decline_offer(offer=offer, by=staff, reason=DECLINE_REASON)
    return 0


def _consultant(spec, staff, areas, regions) -> int:
    name, email, competences, region_codes, availability, days, conditions, profile = spec
    if Expert.objects.filter(email=email).exists():
        return 0
    add_expert(
        by=staff,
        data={
            "name": name,
            "email": email,
            "competences": [areas[code] for code in competences],
            "regions": [regions[code] for code in region_codes],
            "availability": availability,
            "days_per_year": days,
            "conditions": conditions,
            "profile": profile,
        },
    )
    return 1
