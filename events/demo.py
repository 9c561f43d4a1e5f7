"""The demo events: a season of the network's training courses, conferences, meetings and
webinars, some full with a waiting list, some past with attendance recorded and certificates.

Everything goes through the actions, as on the portal: a past event is planned, people register
to it, then it is moved to its real dates and the staff record who attended. Safe to run again:
an event already there (same title) is left alone.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from events import actions
from events.models import ROME, Event, Kind
from members.access import AccessLevel
from members.models import Province

STAFF = "staff@retedellereti.example"

# (days from today, hour, duration in hours, days long, kind, title, description, tags, level,
#  seats, hours of training, province ISTAT code or None for online, venue, address, system)
EVENTS = [
    (
        -95,
        9,
        7,
        1,
        Kind.COURSE,
        "Catalogare con RDA in SBN: corso base",
        "Una giornata per chi comincia a catalogare con le regole **RDA** nell'Indice SBN: "
        "elementi fondamentali, relazioni tra opere ed espressioni, esercitazioni su casi "
        "reali portati dai partecipanti.\n\nDocente: Elena Riva, catalogatrice del Polo "
        "regionale lombardo.",
        ["catalogazione", "RDA", "SBN"],
        AccessLevel.REGISTERED,
        25,
        "7",
        "108",
        "Sala conferenze del Centro sistema",
        "Piazza Unità d'Italia 2",
        "sistema-bibliotecario-vimercatese",
    ),
    (
        -60,
        10,
        3,
        1,
        Kind.WEBINAR,
        "Il prestito digitale nelle biblioteche di pubblica lettura",
        "Come i sistemi bibliotecari organizzano il prestito di ebook e audiolibri: "
        "contratti con le piattaforme, statistiche d'uso, promozione presso i lettori.",
        ["prestito digitale", "MLOL"],
        AccessLevel.PUBLIC,
        None,
        "3",
        None,
        "",
        "",
        "sistema-bibliotecario-lecchese",
    ),
    (
        -40,
        9,
        8,
        2,
        Kind.CONFERENCE,
        "Convegno nazionale della Rete delle Reti 2026",
        "Due giornate di confronto tra i sistemi bibliotecari italiani: governance, "
        "cooperazione interistituzionale, finanziamenti regionali e buone pratiche.\n\n"
        "Il programma completo è pubblicato sul portale.",
        ["cooperazione", "governance"],
        AccessLevel.PUBLIC,
        4,
        "12",
        "052",
        "Complesso museale Santa Maria della Scala",
        "Piazza del Duomo 1",
        "rete-documentaria-senese",
    ),
    (
        -20,
        14,
        3,
        1,
        Kind.MEETING,
        "Incontro dei referenti dei sistemi aderenti",
        "Incontro di lavoro riservato ai referenti delle organizzazioni aderenti: "
        "programmazione dei servizi condivisi e calendario della formazione.",
        ["referenti"],
        AccessLevel.MEMBER,
        40,
        "0",
        None,
        "",
        "",
        "",
    ),
    (
        -10,
        9,
        4,
        1,
        Kind.COURSE,
        "Leggere ad alta voce ai più piccoli: Nati per Leggere in biblioteca",
        "Corso pratico per bibliotecari e volontari: scelta dei libri, tecniche di lettura, "
        "organizzazione degli incontri con le famiglie.",
        ["Nati per Leggere", "ragazzi"],
        AccessLevel.PUBLIC,
        3,
        "4",
        "075",
        "Biblioteca comunale",
        "Via Palmieri 31",
        "sistema-bibliotecario-salentino",
    ),
    (
        6,
        10,
        2,
        1,
        Kind.WEBINAR,
        "Accessibilità dei siti delle biblioteche: le linee guida AgID",
        "Cosa chiedono le linee guida AgID ai siti delle biblioteche pubbliche e come "
        "verificarne l'accessibilità con strumenti gratuiti.",
        ["accessibilità", "web"],
        AccessLevel.PUBLIC,
        None,
        "2",
        None,
        "",
        "",
        "",
    ),
    (
        12,
        9,
        7,
        1,
        Kind.COURSE,
        "Gestire i periodici elettronici e le risorse in abbonamento",
        "Licenze, accessi da remoto, statistiche COUNTER e rinnovi: un corso per chi "
        "gestisce le risorse elettroniche di un sistema.",
        ["risorse elettroniche", "acquisti"],
        AccessLevel.MEMBER,
        2,
        "7",
        "097",
        "Biblioteca civica Pozzoli",
        "Via Bovara 58",
        "sistema-bibliotecario-lecchese",
    ),
    (
        18,
        15,
        2,
        1,
        Kind.MEETING,
        "Tavolo regionale sulla cooperazione bibliotecaria in Sardegna",
        "Incontro aperto ai sistemi e alle biblioteche della Sardegna per condividere "
        "i progetti finanziati dalla legge regionale.",
        ["cooperazione", "Sardegna"],
        AccessLevel.REGISTERED,
        60,
        "0",
        "092",
        "Mediateca del Mediterraneo",
        "Via Mameli 164",
        "sistema-bibliotecario-area-metropolitana-cagliari",
    ),
    (
        25,
        9,
        7,
        2,
        Kind.COURSE,
        "Progettare i servizi per gli adolescenti in biblioteca",
        "Due giornate di laboratorio sul coinvolgimento dei ragazzi dai 13 ai 18 anni: "
        "spazi, gruppi di lettura, collaborazioni con le scuole.",
        ["ragazzi", "progettazione"],
        AccessLevel.REGISTERED,
        30,
        "14",
        "108",
        "Biblioteca civica di Vimercate",
        "Piazza Unità d'Italia 2/G",
        "sistema-bibliotecario-vimercatese",
    ),
    (
        33,
        10,
        6,
        1,
        Kind.CONFERENCE,
        "Biblioteche e Agenda 2030: convegno di primavera",
        "Il contributo delle biblioteche agli obiettivi di sviluppo sostenibile: "
        "esperienze dei sistemi, indicatori, comunicazione.",
        ["Agenda 2030", "sostenibilità"],
        AccessLevel.PUBLIC,
        150,
        "5",
        "015",
        "Palazzo Sormani, Sala del Grechetto",
        "Corso di Porta Vittoria 6",
        "",
    ),
    (
        41,
        11,
        2,
        1,
        Kind.WEBINAR,
        "Statistiche e misurazione dei servizi: il questionario della mappatura",
        "Come compilare il questionario annuale della mappatura dei sistemi e leggere "
        "il rapporto di confronto con i sistemi simili.",
        ["mappatura", "statistiche"],
        AccessLevel.REGISTERED,
        None,
        "2",
        None,
        "",
        "",
        "",
    ),
    (
        48,
        9,
        4,
        1,
        Kind.COURSE,
        "Il codice dei contratti pubblici per le biblioteche",
        "Affidamenti diretti, MEPA e accordi quadro per acquisti di libri e servizi dopo "
        "il d.lgs. 36/2023: casi pratici e modelli di atti.",
        ["appalti", "acquisti"],
        AccessLevel.MEMBER,
        35,
        "4",
        "052",
        "Biblioteca comunale degli Intronati",
        "Via della Sapienza 5",
        "rete-documentaria-senese",
    ),
    (
        60,
        14,
        3,
        1,
        Kind.MEETING,
        "Assemblea della Rete delle Reti",
        "Assemblea annuale delle organizzazioni aderenti: bilancio delle attività, "
        "programma dell'anno, rinnovo del comitato di coordinamento.",
        ["assemblea"],
        AccessLevel.MEMBER,
        None,
        "0",
        "015",
        "Sala Bausch",
        "Via Vivaio 1",
        "",
    ),
    (
        72,
        9,
        7,
        1,
        Kind.COURSE,
        "Volontari in biblioteca: accoglienza, formazione, assicurazione",
        "Il quadro normativo del volontariato nelle biblioteche comunali e un percorso "
        "di formazione pronto da riusare.",
        ["volontariato"],
        AccessLevel.PUBLIC,
        40,
        "6",
        "075",
        "Biblioteca Bernardini",
        "Piazzetta Carducci",
        "sistema-bibliotecario-salentino",
    ),
    (
        85,
        10,
        2,
        1,
        Kind.WEBINAR,
        "Comunicare la biblioteca sui social network",
        "Piano editoriale, immagini, tono di voce e misurazione dei risultati per i profili "
        "social delle biblioteche e dei sistemi.",
        ["comunicazione", "social network"],
        AccessLevel.PUBLIC,
        1,
        "2",
        None,
        "",
        "",
        "sistema-bibliotecario-lecchese",
    ),
]

MUNICIPALITIES = {
    "108": "Vimercate",
    "097": "Lecco",
    "052": "Siena",
    "075": "Lecce",
    "092": "Cagliari",
    "015": "Milano",
}


def seed_events(people, systems) -> int:
    """Creates the season's events and their registrations; returns how many events are new."""
    staff = people[STAFF]
    others = [person for email, person in sorted(people.items()) if email != STAFF]
    today = timezone.localtime(timezone.now(), ROME).date()
    created = 0
    for number, row in enumerate(EVENTS):
        (
            days,
            hour,
            duration,
            span,
            kind,
            title,
            description,
            tags,
            level,
            seats,
            hours,
            province_code,
            venue,
            address,
            system_slug,
        ) = row
        if Event.objects.filter(title=title).exists():
            continue
        day = today + datetime.timedelta(days=days)
        starts_at = datetime.datetime.combine(day, datetime.time(hour), tzinfo=ROME)
        ends_at = starts_at + datetime.timedelta(days=span - 1, hours=duration)
        province = (
            Province.objects.select_related("region").get(istat_code=province_code)
            if province_code
            else None
        )
        data = {
            "title": title,
            "description": description,
            "kind": kind,
            "venue": venue,
            "address": address,
            "municipality": MUNICIPALITIES.get(province_code, ""),
            "province": province,
            "region": province.region if province else None,
            "online_url": "" if province else f"https://webinar.retedellereti.example/{number + 1}",
            "organisation": systems.get(system_slug),
            "capacity": seats,
            "training_hours": Decimal(hours),
            "access_level": level,
            "tags": tags,
            "is_published": True,
            "is_cancelled": False,
        }
        # Planned ahead, as every event is; a past one is moved to its dates once people are in.
        planned = timezone.now() + datetime.timedelta(days=30) if days < 0 else starts_at
        event = actions.save_event(
            by=staff,
            data={
                **data,
                "starts_at": planned,
                "ends_at": planned + (ends_at - starts_at),
                "registration_deadline": planned - datetime.timedelta(days=2),
            },
        )
        created += 1
        wanted = len(others) if seats is None else min(len(others), seats + 2)
        registrations = []
        for person in others[number % 3 :][:wanted]:
            try:
                registrations.append(actions.register(event=event, person=person))
            except actions.EventError:
                continue  # below the event's level
        if days < 0:
            event = actions.save_event(
                event=event,
                by=staff,
                data={
                    "starts_at": starts_at,
                    "ends_at": ends_at,
                    "registration_deadline": starts_at - datetime.timedelta(days=2),
                },
            )
            confirmed = [r for r in registrations if r.status == "confirmed"]
            if confirmed:
                actions.mark_attendance(
                    registrations=confirmed[:-1] or confirmed, attended=True, by=staff
                )
                if len(confirmed) > 1:
                    actions.mark_attendance(registrations=confirmed[-1:], attended=False, by=staff)
    return created
