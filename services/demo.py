"""The demo services: the expert roster and a dozen service requests.

The roster: colleagues the demo systems offered through the competence exchange (approved, with
one offer awaiting review and one declined) and external consultants, across the network's
service areas and regions. The requests: sent by the demo systems' referents and moved on by
the staff into every state of the workflow, so that the ledger of the package with credits
shows what acceptance takes and what a refusal gives back. Everything goes through the actions,
as on the portal. Safe to run again: an offer already there (same organisation, same e-mail), an
expert already on the roster (same e-mail) and a request already sent (same organisation, same
subject) are left alone.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from members.models import Organisation, Region, ServiceArea, User
from portal.lib.samples import pdf_bytes
from services.actions import requests as request_actions
from services.actions.experts import add_expert, approve_offer, decline_offer, offer_competence
from services.models import CompetenceOffer, Expert, Service, ServiceRequest

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


# (system's slug, service's slug, subject, description, where the workflow stops, conversation)
REQUESTS = [
    (
        "sistema-bibliotecario-salentino",
        "reclutamento-personale",
        "Concorso per due istruttori bibliotecari",
        "Dobbiamo assumere due istruttori bibliotecari (cat. C) per le biblioteche di Nardò e "
        "Galatina. Chiediamo supporto per il **bando di concorso**, la commissione e le prove.",
        "in-progress",
        ["Potete inviarci la delibera di programmazione del fabbisogno?", "Eccola in allegato."],
    ),
    (
        "sistema-bibliotecario-salentino",
        "capitolati-condivisi",
        "Capitolato condiviso per il servizio di prestito interbibliotecario",
        "Vorremmo scrivere insieme ad altri sistemi del Sud il capitolato per la navetta del "
        "prestito interbibliotecario, per la gara del prossimo anno.",
        "submitted",
        [],
    ),
    (
        "sistema-bibliotecario-salentino",
        "rendicontazione-sociale",
        "Primo bilancio sociale del sistema",
        "Vorremmo pubblicare il primo bilancio sociale del sistema entro giugno.",
        "declined",
        [],
    ),
    (
        "sistema-bibliotecario-salentino",
        "benchmarking",
        "Lettura degli indicatori 2025",
        "Chiediamo un incontro per leggere insieme gli indicatori del sistema a confronto con "
        "i sistemi simili del Mezzogiorno.",
        "completed",
        ["Vi mandiamo il rapporto con il piano di miglioramento.", "Grazie, molto utile."],
    ),
    (
        "sistema-bibliotecario-vimercatese",
        "formazione",
        "Corso sul prestito digitale",
        "Un corso di due giornate per 25 bibliotecari sul prestito digitale e su MLOL.",
        "accepted",
        ["Quali date preferite?"],
    ),
    (
        "sistema-bibliotecario-vimercatese",
        "supporto-amministrativo-legale",
        "Rinnovo della convenzione tra i Comuni",
        "La convenzione del sistema scade a dicembre: chiediamo un parere sul nuovo testo.",
        "completed",
        [],
    ),
    (
        "sistema-bibliotecario-vimercatese",
        "consulenza-bandi",
        "Bando regionale per la lettura",
        "Vorremmo partecipare al bando regionale per la promozione della lettura con i Comuni "
        "del sistema.",
        "submitted",
        [],
    ),
    (
        "sistema-bibliotecario-vimercatese",
        "architettura-spazi",
        "Nuovo allestimento della sezione ragazzi",
        "Studio di fattibilità per la nuova sezione ragazzi della biblioteca di Arcore.",
        "cancelled",
        [],
    ),
    (
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "supporto-comunicazione",
        "Campagna per le iscrizioni in biblioteca",
        "Una campagna sui social e in città per le iscrizioni alle biblioteche del sistema.",
        "in-progress",
        [],
    ),
    (
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "progetti-partecipativi",
        "Percorso partecipativo per la nuova biblioteca di quartiere",
        "Coinvolgere gli abitanti del quartiere nella progettazione della nuova biblioteca.",
        "accepted",
        [],
    ),
    (
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "servizi-informatici",
        "Migrazione del gestionale",
        "Passiamo a un nuovo gestionale: chiediamo supporto per portare i dati senza perderli.",
        "declined",
        [],
    ),
    (
        "sistema-bibliotecario-lecchese",
        "gare-centralizzate",
        "Informazioni sulla gara per l'acquisto di libri",
        "Vorremmo sapere come partecipare alla prossima gara centralizzata per i libri.",
        "submitted",
        [],
    ),
]

DECLINE_REASONS = {
    "rendicontazione-sociale": "Gli esperti di rendicontazione sono impegnati fino a settembre: "
    "ripresentate la richiesta in autunno.",
    "servizi-informatici": "Il partner non copre il gestionale che avete scelto: vi scriviamo "
    "con un'alternativa.",
}


def seed_service_requests(staff) -> int:
    """The demo requests not yet made; returns how many were made."""
    made = 0
    today = timezone.localdate()
    for slug, service_slug, subject, description, stop, thread in REQUESTS:
        organisation = Organisation.objects.get(slug=slug)
        if ServiceRequest.objects.filter(organisation=organisation, subject=subject).exists():
            continue
        referent = organisation.referents().first()
        request = request_actions.submit_request(
            service=Service.objects.get(slug=service_slug),
            organisation=organisation,
            by=referent,
            data={
                "subject": subject,
                "description": description,
                "desired_start": today + datetime.timedelta(days=30),
                "desired_end": today + datetime.timedelta(days=120),
            },
            files=[ContentFile(pdf_bytes(subject), name="richiesta.pdf")],
        )
        _move(
            request, stop, staff=staff, referent=referent, reason=DECLINE_REASONS.get(service_slug)
        )
        for number, body in enumerate(thread):
            request_actions.post_message(
                request=request, by=staff if number % 2 == 0 else referent, body=body
            )
        if stop in ("accepted", "in-progress"):
            request_actions.post_message(
                request=request,
                by=staff,
                body="Verificare la disponibilità degli esperti prima di fissare le date.",
                is_internal=True,
            )
        made += 1
    return made


def _move(request, stop, *, staff, referent, reason):
    if stop == "submitted":
        return
    if stop == "cancelled":
        request_actions.cancel_request(
            request=request, by=referent, note="Il Comune ha rinviato i lavori."
        )
        return
    if stop == "declined":
        request_actions.decline_request(request=request, by=staff, reason=reason)
        return
    request_actions.assign_request(request=request, by=staff, staff_member=staff)
    request_actions.accept_request(request=request, by=staff)
    if stop == "accepted":
        return
    request_actions.start_request(request=request, by=staff)
    if stop == "completed":
        request_actions.complete_request(request=request, by=staff, note="Lavoro consegnato.")
