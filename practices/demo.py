"""The demo bank of good practices: about forty practices and projects of the demo systems, across
the network's service areas, with attachments that really download, adoptions, derivatives and
comments. Everything goes through the actions, as on the portal. Safe to run again: a practice
already there (same organisation, same title) is left alone.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction

from members.models import Organisation, ServiceArea, User
from portal.lib.samples import odt_bytes, pdf_bytes, png_bytes
from practices import actions
from practices.models import Audience, Licence, Practice

# (system slug, kind, title, summary, theme slugs, audiences, licence, start year, ongoing)
PRACTICES = [
    (
        "sistema-bibliotecario-vimercatese",
        "project",
        "Nati per leggere in ambulatorio",
        "Lettori volontari nelle sale d'attesa dei pediatri, con un kit di libri per la fascia 0-6 anni.",  # noqa: E501
        ["progetti-partecipativi", "formazione"],
        ["children", "families"],
        "cc-by-4.0",
        2022,
        True,
    ),
    (
        "sistema-bibliotecario-vimercatese",
        "practice",
        "Una gara unica per gli arredi di dodici biblioteche",
        "Un capitolato condiviso e una sola procedura per rinnovare gli arredi, con risparmi del 18%.",  # noqa: E501
        ["gare-condivise", "architettura-spazi"],
        [],
        "cc-by-sa-4.0",
        2021,
        False,
    ),
    (
        "sistema-bibliotecario-vimercatese",
        "practice",
        "Campagna grafica «La biblioteca è tua»",
        "Manifesti, cartoline e post social coordinati per tutte le biblioteche del sistema, con i file sorgente riutilizzabili.",  # noqa: E501
        ["comunicazione"],
        ["adults", "teenagers"],
        "cc-by-4.0",
        2023,
        False,
    ),
    (
        "sistema-bibliotecario-vimercatese",
        "project",
        "Biblioteca diffusa nei quartieri",
        "Punti prestito nei centri anziani e nei circoli, riforniti ogni settimana dal servizio di interprestito.",  # noqa: E501
        ["logistica", "progetti-partecipativi"],
        ["seniors"],
        "cc0-1.0",
        2020,
        True,
    ),
    (
        "sistema-bibliotecario-vimercatese",
        "practice",
        "Bilancio sociale del sistema in dieci pagine",
        "Un modello di rendicontazione sociale breve e leggibile, pensato per i consigli comunali.",
        ["rendicontazione-sociale", "benchmarking"],
        [],
        "cc-by-4.0",
        2024,
        False,
    ),
    (
        "sistema-bibliotecario-vimercatese",
        "practice",
        "Selezione condivisa degli aiuto bibliotecari",
        "Una graduatoria unica per dodici comuni, con prove comuni e una commissione del sistema.",
        ["reclutamento", "supporto-giuridico-amministrativo"],
        [],
        "all-rights-reserved",
        2023,
        False,
    ),
    (
        "sistema-bibliotecario-vimercatese",
        "project",
        "Gruppo di lettura per adolescenti «Pagine ribelli»",
        "Un gruppo di lettura gestito dai ragazzi stessi, con incontri serali e un podcast.",
        ["progetti-partecipativi"],
        ["teenagers"],
        "cc-by-sa-4.0",
        2023,
        True,
    ),
    (
        "sistema-bibliotecario-vimercatese",
        "practice",
        "Migrazione del catalogo senza chiudere il prestito",
        "Il piano di lavoro che ha permesso di cambiare gestionale in un fine settimana.",
        ["servizi-informatici"],
        [],
        "cc-by-4.0",
        2022,
        False,
    ),
    (
        "sistema-bibliotecario-lecchese",
        "project",
        "Biblioteca in montagna: il bibliobus delle valli",
        "Un furgone attrezzato porta libri e connessione nelle frazioni senza biblioteca.",
        ["logistica"],
        ["seniors", "families"],
        "cc-by-4.0",
        2019,
        True,
    ),
    (
        "sistema-bibliotecario-lecchese",
        "practice",
        "Formazione in rete per i nuovi assunti",
        "Un percorso di quaranta ore comune a tutto il sistema, con tutoraggio tra colleghi.",
        ["formazione", "scambi-tirocini"],
        [],
        "cc-by-4.0",
        2021,
        True,
    ),
    (
        "sistema-bibliotecario-lecchese",
        "practice",
        "Tirocini incrociati tra biblioteche",
        "Scambi di una settimana tra bibliotecari di sistemi diversi per imparare sul campo.",
        ["scambi-tirocini"],
        [],
        "cc0-1.0",
        2022,
        False,
    ),
    (
        "sistema-bibliotecario-lecchese",
        "project",
        "Lettura facile per persone con disabilità intellettiva",
        "Scaffali in lingua facile, laboratori e materiali in CAA in sei biblioteche.",
        ["progetti-partecipativi", "formazione"],
        ["disabilities", "families"],
        "cc-by-sa-4.0",
        2023,
        True,
    ),
    (
        "sistema-bibliotecario-lecchese",
        "practice",
        "Indicatori comuni per confrontare le biblioteche",
        "Dieci indicatori, raccolti ogni anno nello stesso modo, per confrontarsi senza classifiche.",  # noqa: E501
        ["benchmarking", "rendicontazione-sociale"],
        [],
        "cc-by-4.0",
        2020,
        True,
    ),
    (
        "sistema-bibliotecario-lecchese",
        "project",
        "Un bando per la biblioteca come terzo luogo",
        "Come abbiamo scritto il progetto che ha finanziato tre nuovi spazi studio.",
        ["bandi", "coprogettazione-fundraising"],
        ["teenagers", "adults"],
        "cc-by-4.0",
        2022,
        False,
    ),
    (
        "sistema-bibliotecario-lecchese",
        "practice",
        "Newsletter unica del sistema",
        "Una sola newsletter settimanale al posto di venti, con un calendario condiviso.",
        ["comunicazione"],
        ["adults"],
        "cc-by-4.0",
        2021,
        True,
    ),
    (
        "rete-documentaria-senese",
        "project",
        "Archivi di famiglia in biblioteca",
        "Giornate di raccolta e digitalizzazione di fotografie e lettere delle famiglie del territorio.",  # noqa: E501
        ["progetti-partecipativi"],
        ["seniors", "families"],
        "cc-by-sa-4.0",
        2021,
        False,
    ),
    (
        "rete-documentaria-senese",
        "practice",
        "Progettazione partecipata della nuova biblioteca di Poggibonsi",
        "Laboratori con cittadini, scuole e associazioni prima di scrivere il progetto architettonico.",  # noqa: E501
        ["architettura-spazi", "progetti-partecipativi"],
        ["adults", "schools"],
        "cc-by-4.0",
        2022,
        False,
    ),
    (
        "rete-documentaria-senese",
        "practice",
        "Convenzione tipo per i volontari",
        "Un testo di convenzione con le associazioni di volontariato, verificato dall'ufficio legale.",  # noqa: E501
        ["supporto-giuridico-amministrativo"],
        [],
        "cc0-1.0",
        2020,
        False,
    ),
    (
        "rete-documentaria-senese",
        "project",
        "Leggere in ospedale",
        "Un servizio di prestito nei reparti di degenza e nelle sale d'attesa dell'ospedale.",
        ["progetti-partecipativi", "logistica"],
        ["adults", "seniors"],
        "cc-by-4.0",
        2023,
        True,
    ),
    (
        "rete-documentaria-senese",
        "practice",
        "Il prestito di strumenti musicali",
        "Chitarre, tastiere e ukulele in prestito come i libri, con una piccola scuola di accordatura.",  # noqa: E501
        ["progetti-partecipativi"],
        ["teenagers", "adults"],
        "cc-by-4.0",
        2024,
        True,
    ),
    (
        "rete-documentaria-senese",
        "practice",
        "Fundraising con le imprese del territorio",
        "Un programma di mecenatismo con ricevute fiscali chiare e una targa in biblioteca.",
        ["coprogettazione-fundraising", "consulenza-fiscale"],
        [],
        "all-rights-reserved",
        2021,
        True,
    ),
    (
        "rete-documentaria-senese",
        "project",
        "Caffè letterari multilingue",
        "Incontri di conversazione in biblioteca per imparare l'italiano leggendo insieme.",
        ["progetti-partecipativi"],
        ["new-citizens", "adults"],
        "cc-by-sa-4.0",
        2022,
        True,
    ),
    (
        "sistema-bibliotecario-salentino",
        "project",
        "Estate in biblioteca sulle spiagge",
        "Postazioni di prestito negli stabilimenti balneari, con letture per bambini al tramonto.",
        ["logistica", "comunicazione"],
        ["children", "families"],
        "cc-by-4.0",
        2021,
        True,
    ),
    (
        "sistema-bibliotecario-salentino",
        "practice",
        "Gara condivisa per i servizi di catalogazione",
        "Un accordo quadro per la catalogazione in outsourcing, con lotti per territorio.",
        ["gare-condivise"],
        [],
        "cc-by-4.0",
        2022,
        False,
    ),
    (
        "sistema-bibliotecario-salentino",
        "project",
        "Biblioteche e scuole: il patto per la lettura",
        "Un patto locale per la lettura che mette in rete scuole, biblioteche e librerie.",
        ["progetti-partecipativi", "coprogettazione-fundraising"],
        ["schools", "children", "teenagers"],
        "cc-by-sa-4.0",
        2020,
        True,
    ),
    (
        "sistema-bibliotecario-salentino",
        "practice",
        "Wi-fi e postazioni per la cittadinanza digitale",
        "Facilitatori digitali in biblioteca per SPID, fascicolo sanitario e pagamenti online.",
        ["servizi-informatici", "formazione"],
        ["seniors", "new-citizens"],
        "cc-by-4.0",
        2023,
        True,
    ),
    (
        "sistema-bibliotecario-salentino",
        "practice",
        "Rendicontare i progetti PNRR",
        "Schede e scadenzario per tenere in ordine la rendicontazione dei fondi europei.",
        ["bandi", "rendicontazione-sociale"],
        [],
        "cc0-1.0",
        2022,
        True,
    ),
    (
        "sistema-bibliotecario-salentino",
        "project",
        "Mappa delle biblioteche del Salento",
        "Una mappa illustrata delle biblioteche del sistema, distribuita negli uffici turistici.",
        ["comunicazione"],
        ["adults", "families"],
        "cc-by-4.0",
        2024,
        False,
    ),
    (
        "sistema-bibliotecario-salentino",
        "practice",
        "Consulenza fiscale condivisa per le associazioni culturali",
        "Uno sportello mensile con un commercialista per le associazioni che collaborano con le biblioteche.",  # noqa: E501
        ["consulenza-fiscale", "supporto-giuridico-amministrativo"],
        [],
        "all-rights-reserved",
        2023,
        True,
    ),
    (
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "project",
        "Biblioteche per i nuovi cittadini",
        "Corsi di italiano, scaffali multilingue e mediatori culturali in cinque biblioteche.",
        ["progetti-partecipativi", "formazione"],
        ["new-citizens"],
        "cc-by-4.0",
        2021,
        True,
    ),
    (
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "practice",
        "Catalogo unico e tessera unica",
        "Una sola tessera per diciassette comuni, con la circolazione dei libri in tre giorni.",
        ["servizi-informatici", "logistica"],
        ["adults"],
        "cc-by-4.0",
        2019,
        False,
    ),
    (
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "project",
        "Fumetti in biblioteca: il festival dei ragazzi",
        "Un festival del fumetto organizzato con i ragazzi delle scuole medie.",
        ["progetti-partecipativi", "comunicazione"],
        ["teenagers", "schools"],
        "cc-by-sa-4.0",
        2022,
        False,
    ),
    (
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "practice",
        "Ristrutturare una biblioteca con i fondi regionali",
        "Il percorso, dal bando al cantiere, per adeguare una biblioteca degli anni Settanta.",
        ["architettura-spazi", "bandi"],
        [],
        "cc-by-4.0",
        2020,
        False,
    ),
    (
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "practice",
        "Reclutare bibliotecari con un elenco di idonei",
        "Un elenco di idonei condiviso tra comuni, aggiornato ogni anno.",
        ["reclutamento"],
        [],
        "cc0-1.0",
        2023,
        True,
    ),
    (
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "project",
        "Audiolibri e lettura ad alta voce per ipovedenti",
        "Un servizio di audiolibri a domicilio e gruppi di ascolto in biblioteca.",
        ["progetti-partecipativi"],
        ["disabilities", "seniors"],
        "cc-by-4.0",
        2021,
        True,
    ),
    (
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "practice",
        "Benchmarking dei costi del servizio",
        "Quanto costa un prestito: un metodo semplice per calcolarlo e confrontarlo.",
        ["benchmarking"],
        [],
        "cc-by-4.0",
        2024,
        False,
    ),
    (
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "practice",
        "Baby pit-stop in biblioteca",
        "Spazi per l'allattamento e il cambio, con scaffali per i genitori.",
        ["architettura-spazi"],
        ["families", "children"],
        "cc-by-4.0",
        2022,
        True,
    ),
    (
        "sistema-bibliotecario-lecchese",
        "practice",
        "Lettura ad alta voce nelle RSA",
        "Volontari formati leggono ogni settimana nelle residenze per anziani.",
        ["formazione", "progetti-partecipativi"],
        ["seniors"],
        "cc-by-4.0",
        2021,
        True,
    ),
    (
        "rete-documentaria-senese",
        "practice",
        "Scuola di catalogazione per volontari",
        "Un corso breve per aiutare i volontari nelle biblioteche più piccole.",
        ["formazione"],
        ["adults"],
        "cc-by-sa-4.0",
        2020,
        False,
    ),
    (
        "sistema-bibliotecario-salentino",
        "project",
        "Biblioteca in carcere",
        "Un servizio di prestito e un gruppo di lettura nella casa circondariale.",
        ["progetti-partecipativi"],
        ["adults"],
        "cc-by-4.0",
        2022,
        True,
    ),
]

FEATURED = {
    "Nati per leggere in ambulatorio",
    "Campagna grafica «La biblioteca è tua»",
    "Progettazione partecipata della nuova biblioteca di Poggibonsi",
    "Biblioteche per i nuovi cittadini",
    "Biblioteche e scuole: il patto per la lettura",
}
# Left out of the bank: one waiting for review, one draft, one returned with a reason.
NOT_PUBLISHED = {
    "Baby pit-stop in biblioteca": "submitted",
    "Biblioteca in carcere": "draft",
    "Scuola di catalogazione per volontari": "returned",
}
# (title of the practice, slug of the adopting system, note)
ADOPTIONS = [
    (
        "Nati per leggere in ambulatorio",
        "sistema-bibliotecario-salentino",
        "Con i pediatri di Lecce.",
    ),
    ("Nati per leggere in ambulatorio", "rete-documentaria-senese", "In tre ambulatori."),
    ("Nati per leggere in ambulatorio", "sistema-bibliotecario-area-metropolitana-cagliari", ""),
    (
        "Una gara unica per gli arredi di dodici biblioteche",
        "sistema-bibliotecario-salentino",
        "Per sette biblioteche.",
    ),
    (
        "Campagna grafica «La biblioteca è tua»",
        "sistema-bibliotecario-lecchese",
        "Abbiamo cambiato solo i colori.",
    ),
    ("Campagna grafica «La biblioteca è tua»", "rete-documentaria-senese", ""),
    (
        "Biblioteca in montagna: il bibliobus delle valli",
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "Nei comuni dell'interno.",
    ),
    ("Caffè letterari multilingue", "sistema-bibliotecario-vimercatese", "Ogni giovedì sera."),
    ("Indicatori comuni per confrontare le biblioteche", "sistema-bibliotecario-salentino", ""),
    (
        "Catalogo unico e tessera unica",
        "sistema-bibliotecario-lecchese",
        "Con la tessera dei musei.",
    ),
]
# (title of the origin, slug of the deriving system, what the derivative changes)
DERIVATIVES = [
    (
        "Gruppo di lettura per adolescenti «Pagine ribelli»",
        "sistema-bibliotecario-salentino",
        "Gruppo di lettura per adolescenti nel Salento",
    ),
    ("Leggere in ospedale", "sistema-bibliotecario-lecchese", "Leggere in ospedale a Lecco"),
]
COMMENTS = [
    (
        "Nati per leggere in ambulatorio",
        "paolo.esposito@retebibliotechesalento.example",
        "Come avete convinto i pediatri? Noi ci stiamo provando da un anno.",
    ),
    (
        "Nati per leggere in ambulatorio",
        "marco.bellini@sbvimercatese.example",
        "Con una lettera dell'ASL e una presentazione in ogni studio: la mettiamo tra gli allegati.",  # noqa: E501
    ),
    (
        "Campagna grafica «La biblioteca è tua»",
        "luca.galli@sblecco.example",
        "I file Scribus sono comodissimi, grazie!",
    ),
]

BODY = """## Da dove siamo partiti

{summary}

### Come abbiamo lavorato

- un gruppo di lavoro con un referente per ogni biblioteca;
- un calendario condiviso e una riunione al mese;
- materiali comuni, scaricabili dagli allegati.

### Cosa rifaremmo diversamente

Coinvolgeremmo prima gli uffici comunali: le delibere hanno richiesto più tempo del previsto.
"""


def seed_practices(people: dict[str, User], systems: dict[str, Organisation]) -> int:
    """Loads the demo practices; returns how many were created this time."""
    staff = User.objects.filter(is_staff=True).order_by("pk").first()
    themes = {area.slug: area for area in ServiceArea.objects.all()}
    created = 0
    with transaction.atomic():
        practices = {}
        for number, spec in enumerate(PRACTICES):
            practice, is_new = _practice(spec, number, systems, themes, staff)
            practices[practice.title] = practice
            created += is_new
        for title, slug, note in ADOPTIONS:
            organisation = systems[slug]
            practice = practices[title]
            if not practice.adoptions.filter(organisation=organisation).exists():
                actions.adopt_practice(
                    practice=practice,
                    organisation=organisation,
                    by=organisation.referents().first(),
                    note=note,
                )
        for title, slug, new_title in DERIVATIVES:
            _derivative(practices[title], systems[slug], new_title, staff)
        for title, email, body in COMMENTS:
            practice = practices[title]
            if not practice.comments.filter(author=people[email], body=body).exists():
                actions.add_comment(practice=practice, author=people[email], body=body)
    return created


def _practice(spec, number, systems, themes, staff):
    slug, kind, title, summary, theme_slugs, audiences, licence, year, ongoing = spec
    organisation = systems[slug]
    existing = Practice.objects.filter(
        organisation=organisation, title=title, revision_of__isnull=True
    ).first()
    if existing is not None:
        return existing, False
    referent = organisation.referents().first()
    practice = actions.create_practice(
        organisation=organisation,
        by=referent,
        data={
            "kind": kind,
            "title": title,
            "summary": summary,
            "body": BODY.format(summary=summary),
            "themes": [themes[theme] for theme in theme_slugs],
            "audiences": [Audience(audience) for audience in audiences],
            "region": organisation.region,
            "started_on": datetime.date(year, 1 + number % 12, 1),
            "ended_on": None if ongoing else datetime.date(year + 1, 6, 30),
            "is_ongoing": ongoing,
            "budget": 2_000 + 1_500 * (number % 9),
            "funding_sources": "Fondi del sistema; contributo regionale.",
            "results": f"Hanno partecipato **{120 + 37 * number}** persone nel primo anno.",
            "indicators": "Partecipanti per incontro\nNuovi iscritti alla biblioteca\nPrestiti",
            "replication": "Un referente per biblioteca, circa quattro ore al mese, e un budget "
            "per i materiali.",
            "contact_name": f"{referent.first_name} {referent.last_name}",
            "contact_email": referent.email,
            "licence": Licence(licence),
            "tags": _tags(title, kind),
            "links": f"https://{organisation.slug}.example/progetti",
        },
    )
    for name, content, caption in _attachments(number, title):
        actions.add_attachment(
            practice=practice, by=referent, file=ContentFile(content, name=name), caption=caption
        )
    status = NOT_PUBLISHED.get(title, "published")
    if status == "draft":
        return practice, True
    actions.submit_practice(practice=practice, by=referent, consent=True)
    if status == "returned":
        actions.return_practice(
            practice=practice,
            by=staff,
            reason="Aggiungi i risultati misurati e il consenso per le foto dei corsisti.",
        )
    elif status == "published":
        practice = actions.publish_practice(practice=practice, by=staff)
        if title in FEATURED:
            actions.set_featured(practice=practice, by=staff, featured=True)
    return practice, True


def _derivative(origin, organisation, new_title, staff):
    if Practice.objects.filter(derived_from=origin, organisation=organisation).exists():
        return
    referent = organisation.referents().first()
    derived = actions.derive_practice(origin=origin, organisation=organisation, by=referent)
    actions.update_practice(practice=derived, by=referent, data={"title": new_title})
    actions.submit_practice(practice=derived, by=referent, consent=True)
    actions.publish_practice(practice=derived, by=staff)


def _tags(title, kind):
    words = [word.strip("«»:,").lower() for word in title.split() if len(word) > 6]
    return sorted({*words[:2], "lettura" if kind == "project" else "organizzazione"})


def _attachments(number, title):
    files = [("scheda-progetto.pdf", pdf_bytes(title), "Scheda del progetto")]
    if number % 2 == 0:
        files.append(("locandina.png", png_bytes(number), "Locandina"))
    if number % 3 == 0:
        files.append(("modulo-adesione.odt", odt_bytes(), "Modulo di adesione, modificabile"))
    if number % 5 == 0:
        files.append(("logo.svg", svg_bytes(), "Logo della campagna (SVG)"))
    if number % 7 == 2:
        files.append(("volantino.sla", sla_bytes(), "Volantino, file sorgente Scribus"))
    return files


# Small real files, made here so that every demo download opens in its program. -------------


def svg_bytes() -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
        b'<rect width="120" height="40" rx="6" fill="#0066cc"/>'
        b'<text x="60" y="26" font-size="16" text-anchor="middle" fill="#fff">Biblioteca</text>'
        b"</svg>\n"
    )


def sla_bytes() -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<SCRIBUSUTF8NEW Version="1.6.1"><DOCUMENT ANZPAGES="1" PAGEWIDTH="595.28"'
        b' PAGEHEIGHT="841.89" LANGUAGE="it"/></SCRIBUSUTF8NEW>\n'
    )
