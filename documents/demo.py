"""The demo document library: about fifty working documents and model templates of the demo
systems, of every type, with real small files (PDF, ODT, DOCX, TXT) whose text is searchable,
some restricted, some with a second version, one superseded, one scanned without a text layer and
one reported. Everything goes through the actions, as on the portal. Safe to run again: a
document already there (same organisation, same title) is left alone.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction

from documents import actions
from documents.models import Document, Flag, Kind
from members.access import AccessLevel
from members.models import Organisation, ServiceArea, User
from portal.lib.samples import docx_bytes, odt_bytes, pdf_bytes, scanned_pdf_bytes

SYSTEMS = [
    "sistema-bibliotecario-vimercatese",
    "sistema-bibliotecario-lecchese",
    "rete-documentaria-senese",
    "sistema-bibliotecario-salentino",
    "sistema-bibliotecario-area-metropolitana-cagliari",
]

# (kind, title, themes, access level, model template, legal basis, format, the words inside)
SPECS = [
    (
        Kind.AGREEMENT,
        "Convenzione per la gestione associata del sistema bibliotecario",
        ["supporto-giuridico-amministrativo"],
        AccessLevel.PUBLIC,
        False,
        "d.lgs. 267/2000, art. 30",
        "pdf",
        "I Comuni aderenti affidano al Comune capofila la gestione del catalogo collettivo e "
        "del prestito interbibliotecario. Le quote di adesione sono calcolate per abitante. "
        "I beni acquistati con fondi comuni restano in comodato d'uso gratuito alle biblioteche.",
    ),
    (
        Kind.MODEL_REGULATION,
        "Regolamento tipo della biblioteca comunale",
        ["supporto-giuridico-amministrativo"],
        AccessLevel.PUBLIC,
        True,
        "Manifesto IFLA-UNESCO sulla biblioteca pubblica 2022",
        "odt",
        "La biblioteca garantisce l'accesso libero e gratuito ai servizi di base. L'iscrizione "
        "al prestito richiede un documento d'identità. Sono ammessi fino a dieci prestiti "
        "contemporanei per trenta giorni, rinnovabili se il documento non è prenotato.",
    ),
    (
        Kind.TENDER_SPECIFICATION,
        "Capitolato speciale per il servizio di interprestito e trasporto libri",
        ["logistica", "gare-condivise"],
        AccessLevel.MEMBER,
        True,
        "d.lgs. 36/2023",
        "docx",
        "Il servizio di trasporto collega settimanalmente tutte le sedi del sistema con un "
        "furgone attrezzato. L'operatore economico garantisce la tracciabilità delle casse e "
        "risponde dei danni ai volumi. Il prezzo a base d'asta è calcolato sui chilometri annui.",
    ),
    (
        Kind.TENDER_CALL,
        "Avviso di gara per la fornitura di arredi per biblioteche",
        ["gare-condivise", "architettura-spazi"],
        AccessLevel.PUBLIC,
        False,
        "d.lgs. 36/2023, art. 50",
        "pdf",
        "Procedura negoziata per la fornitura di scaffalature, tavoli e sedute per dodici "
        "biblioteche. Criterio dell'offerta economicamente più vantaggiosa con punteggio "
        "tecnico su ergonomia, sostenibilità ambientale e criteri ambientali minimi (CAM).",
    ),
    (
        Kind.RECRUITMENT_CALL,
        "Avviso di selezione per bibliotecario a tempo determinato",
        ["reclutamento"],
        AccessLevel.REGISTERED,
        True,
        "d.P.R. 487/1994; d.lgs. 165/2001",
        "docx",
        "Selezione pubblica per titoli e colloquio per un posto di istruttore bibliotecario, "
        "categoria C. Il colloquio verte su catalogazione, servizi di reference e promozione "
        "della lettura. La graduatoria resta valida due anni.",
    ),
    (
        Kind.DELIBERATION,
        "Delibera di adesione alla rete delle reti",
        ["supporto-giuridico-amministrativo"],
        AccessLevel.PUBLIC,
        False,
        "d.lgs. 267/2000",
        "pdf",
        "La Giunta approva l'adesione del sistema bibliotecario alla Rete delle Reti come "
        "membro ufficiale e impegna il personale a dedicare ore di lavoro alla condivisione "
        "di buone pratiche.",
    ),
    (
        Kind.TEMPLATE,
        "Modulo di iscrizione al prestito con informativa privacy",
        ["supporto-giuridico-amministrativo"],
        AccessLevel.PUBLIC,
        True,
        "Regolamento (UE) 2016/679",
        "odt",
        "Il modulo raccoglie i dati strettamente necessari al servizio di prestito. "
        "L'informativa indica il titolare del trattamento, la base giuridica e i tempi di "
        "conservazione dei dati degli utenti.",
    ),
    (
        Kind.GUIDELINES,
        "Linee guida per la revisione e lo scarto delle collezioni",
        ["buone-pratiche"],
        AccessLevel.REGISTERED,
        False,
        "",
        "pdf",
        "Lo scarto segue il metodo CREW e i criteri MUSTIE. I documenti scartati sono offerti "
        "prima alle altre biblioteche del sistema, poi alle associazioni del territorio.",
    ),
    (
        Kind.REPORT,
        "Relazione annuale sui servizi del sistema bibliotecario",
        ["rendicontazione-sociale", "benchmarking"],
        AccessLevel.PUBLIC,
        False,
        "",
        "pdf",
        "Nell'anno i prestiti sono cresciuti dell'otto per cento e gli utenti attivi del "
        "cinque. Gli indicatori seguono le linee guida per la misurazione dei servizi delle "
        "biblioteche pubbliche.",
    ),
    (
        Kind.POSITION_PAPER,
        "Documento di posizione sul diritto di prestito pubblico",
        ["supporto-giuridico-amministrativo"],
        AccessLevel.PUBLIC,
        False,
        "Direttiva 2006/115/CE",
        "txt",
        "La remunerazione del prestito pubblico non deve gravare sui bilanci delle biblioteche "
        "comunali. Si propone un fondo nazionale alimentato dallo Stato.",
    ),
    (
        Kind.AGREEMENT,
        "Accordo con le scuole per il prestito di classe",
        ["progetti-partecipativi", "formazione"],
        AccessLevel.PUBLIC,
        True,
        "",
        "docx",
        "Le scuole aderenti ricevono casse di libri per il prestito di classe. Gli insegnanti "
        "partecipano a due incontri di formazione all'anno sulla lettura ad alta voce.",
    ),
    (
        Kind.TENDER_SPECIFICATION,
        "Capitolato per l'affidamento del servizio di catalogazione",
        ["gare-condivise"],
        AccessLevel.PACKAGE,
        True,
        "d.lgs. 36/2023",
        "odt",
        "La catalogazione avviene in SBN secondo REICAT e le norme di soggettazione del Nuovo "
        "soggettario. Il fornitore garantisce almeno ottomila record l'anno con controllo di "
        "qualità a campione.",
    ),
    (
        Kind.REGULATION,
        "Regolamento per l'uso degli spazi della biblioteca da parte di associazioni",
        ["progetti-partecipativi", "architettura-spazi"],
        AccessLevel.PUBLIC,
        False,
        "",
        "pdf",
        "Le associazioni possono usare la sala conferenze gratuitamente per iniziative aperte "
        "al pubblico e senza fini di lucro, su richiesta presentata quindici giorni prima.",
    ),
    (
        Kind.GUIDELINES,
        "Linee guida per la comunicazione social delle biblioteche",
        ["comunicazione"],
        AccessLevel.MEMBER,
        False,
        "",
        "docx",
        "Un calendario editoriale condiviso, immagini con testo alternativo, nessun dato "
        "personale degli utenti nelle foto senza liberatoria firmata.",
    ),
    (
        Kind.TEMPLATE,
        "Schema di relazione per la rendicontazione di un progetto finanziato",
        ["coprogettazione-fundraising", "rendicontazione-sociale"],
        AccessLevel.REGISTERED,
        True,
        "",
        "odt",
        "La relazione descrive obiettivi, attività, risultati e indicatori, e allega il "
        "prospetto delle spese sostenute con i giustificativi.",
    ),
    (
        Kind.OTHER,
        "Glossario dei termini della cooperazione bibliotecaria",
        ["buone-pratiche"],
        AccessLevel.PUBLIC,
        False,
        "",
        "txt",
        "Interprestito, catalogo collettivo, acquisto coordinato, comodato, gestione associata: "
        "le parole della cooperazione spiegate a chi arriva nei sistemi bibliotecari.",
    ),
]

# The first spec's organisation-by-organisation variants give the fifty documents; these are
# the words that make each system's copy its own.
PLACES = {
    "sistema-bibliotecario-vimercatese": ("Vimercate", "Giunta comunale di Vimercate"),
    "sistema-bibliotecario-lecchese": ("Lecco", "Consiglio provinciale di Lecco"),
    "rete-documentaria-senese": ("Siena", "Assemblea dei sindaci della Rete"),
    "sistema-bibliotecario-salentino": ("Lecce", "Giunta comunale di Lecce"),
    "sistema-bibliotecario-area-metropolitana-cagliari": (
        "Cagliari",
        "Conferenza dei sindaci dell'area metropolitana",
    ),
}

DESCRIPTION = (
    "{words}\n\n"
    "**Come riusarlo.** Il testo è stato scritto per {place}: sostituite i nomi degli enti, "
    "verificate i riferimenti normativi e adattate gli importi.\n\n"
    "- Adottato da: {adopted_by}\n"
    "- Riferimenti: {legal}\n"
)

# The words of the superseded template and of the one that replaced it.
OLD_CODE_TITLE = "Capitolato tipo per servizi bibliotecari (d.lgs. 50/2016)"
NEW_CODE_TITLE = "Capitolato tipo per servizi bibliotecari (d.lgs. 36/2023)"
SCANNED_TITLE = "Delibera istitutiva del sistema bibliotecario (scansione)"


def _pages(title: str, words: str, place: str) -> list[str]:
    """A few pages of an act: the heading, the premises, then articles; the document's own
    words on a later page, as in a real act."""
    premises = (
        f"{title}\n\nComune di {place}\n\nPremesso che la cooperazione tra biblioteche\n"
        "consente servizi che un solo ente non potrebbe offrire;\nvisto lo statuto del sistema."
    )
    articles = [
        "Art. 1 - Oggetto\nIl presente atto disciplina i rapporti tra gli enti aderenti.",
        "Art. 2 - Durata\nL'atto ha durata quinquennale ed è rinnovabile.",
        "Art. 3 - Contenuti\n" + "\n".join(_lines(words)),
        "Art. 4 - Norme finali\nPer quanto non previsto si rinvia alla normativa vigente.",
    ]
    return [premises, *articles]


def _lines(text: str, width: int = 80) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def _file(file_format: str, title: str, words: str, place: str, name: str) -> ContentFile:
    pages = _pages(title, words, place)
    if file_format == "pdf":
        content = pdf_bytes(pages=pages)
    elif file_format == "odt":
        content = odt_bytes("\n".join(pages))
    elif file_format == "docx":
        content = docx_bytes("\n\n".join(pages).split("\n"), title=title)
    else:
        content = "\n\n".join(pages).encode()
    return ContentFile(content, name=f"{name}.{file_format}")


def seed_documents(people: dict[str, User], systems: dict[str, Organisation]) -> int:
    """Loads the demo documents; returns how many were created this time."""
    staff = User.objects.filter(is_staff=True).order_by("pk").first()
    themes = {area.slug: area for area in ServiceArea.objects.all()}
    created = 0
    with transaction.atomic():
        number = 0
        for offset, slug in enumerate(SYSTEMS):
            organisation = systems[slug]
            for index in range(len(SPECS) - 6):
                spec = SPECS[(index + offset * 2) % len(SPECS)]
                created += _document(organisation, spec, number, themes)
                number += 1
        created += _superseded_pair(systems, themes, staff)
        created += _scanned(systems[SYSTEMS[3]], themes)
        _second_versions(systems)
        _report(people, systems)
    return created


def _document(
    organisation, spec, number, themes, *, title=None, file_format=None, legal=None, act_date=None
) -> int:
    kind, base_title, theme_slugs, level, is_template, spec_legal, default_format, words = spec
    legal = spec_legal if legal is None else legal
    place, adopted_by = PLACES[organisation.slug]
    title = title or f"{base_title} - {place}"
    if Document.objects.filter(organisation=organisation, title=title).exists():
        return 0
    file_format = file_format or default_format
    act_date = act_date or datetime.date(2019 + number % 7, 1 + number % 12, 1 + number % 27)
    actions.create_document(
        organisation=organisation,
        by=organisation.referents().first(),
        data={
            "title": title,
            "description": DESCRIPTION.format(
                words=words, place=place, adopted_by=adopted_by, legal=legal or "—"
            ),
            "kind": kind,
            "themes": [themes[theme] for theme in theme_slugs],
            "adopted_by": adopted_by,
            "act_number": f"{10 + number}/{act_date.year}",
            "act_date": act_date,
            "legal_basis": legal,
            "region": organisation.region,
            "language": "it",
            "licence": "public-act" if number % 3 else "cc-by-4.0",
            "tags": [kind.label.split()[0].lower(), place.lower()],
            "access_level": level,
            "is_template": is_template,
            "related": list(Document.objects.filter(organisation=organisation)[:1]),
        },
        file=_file(file_format, title, words, place, f"documento-{number}"),
        change_note="Testo approvato",
        personal_data_removed=True,
    )
    return 1


def _superseded_pair(systems, themes, staff) -> int:
    """A template written under the old public contracts code, replaced by the new one's."""
    organisation = systems[SYSTEMS[0]]
    spec = SPECS[2]
    created = _document(
        organisation,
        spec,
        90,
        themes,
        title=OLD_CODE_TITLE,
        file_format="pdf",
        legal="d.lgs. 50/2016",
        act_date=datetime.date(2018, 5, 21),
    ) + _document(
        organisation,
        spec,
        91,
        themes,
        title=NEW_CODE_TITLE,
        file_format="docx",
        legal="d.lgs. 36/2023",
        act_date=datetime.date(2024, 2, 12),
    )
    old = Document.objects.get(organisation=organisation, title=OLD_CODE_TITLE)
    new = Document.objects.get(organisation=organisation, title=NEW_CODE_TITLE)
    if old.superseded_by_id is None:
        actions.mark_superseded(
            document=old,
            by=staff,
            replacement=new,
            note="Scritto secondo il d.lgs. 50/2016, abrogato dal nuovo codice dei contratti.",
        )
    return created


def _scanned(organisation, themes) -> int:
    """An old act scanned without a text layer: searchable by its description only."""
    if Document.objects.filter(organisation=organisation, title=SCANNED_TITLE).exists():
        return 0
    actions.create_document(
        organisation=organisation,
        by=organisation.referents().first(),
        data={
            "title": SCANNED_TITLE,
            "description": "La delibera del 1998 che istituì il sistema, in scansione.",
            "kind": Kind.DELIBERATION,
            "themes": [themes["supporto-giuridico-amministrativo"]],
            "adopted_by": "Consiglio comunale di Lecce",
            "act_number": "45/1998",
            "act_date": datetime.date(1998, 3, 12),
            "region": organisation.region,
            "access_level": AccessLevel.PUBLIC,
            "tags": ["delibera", "storia"],
        },
        file=ContentFile(scanned_pdf_bytes(2), name="delibera-1998.pdf"),
        personal_data_removed=True,
    )
    return 1


def _second_versions(systems):
    """A few documents that were corrected after they were shared."""
    for slug in SYSTEMS[:3]:
        document = (
            Document.objects.filter(organisation=systems[slug], versions__number=1)
            .exclude(versions__number=2)
            .exclude(current_version__format="txt")
            .order_by("pk")
            .first()
        )
        if document is None:
            continue
        place, _ = PLACES[slug]
        actions.add_version(
            document=document,
            by=systems[slug].referents().first(),
            file=_file(
                document.current_version.format,
                document.title,
                "Testo aggiornato dopo le osservazioni dei Comuni: corretto l'articolo 3.",
                place,
                "versione-2",
            ),
            change_note="Corretto l'articolo 3 dopo le osservazioni dei Comuni",
            personal_data_removed=True,
        )


def _report(people, systems):
    """An open report in the staff's queue."""
    document = Document.objects.filter(organisation=systems[SYSTEMS[1]]).order_by("pk").first()
    reporter = next(person for person in people.values() if not person.is_staff)
    if not Flag.objects.filter(document=document, user=reporter).exists():
        actions.flag_document(
            document=document,
            by=reporter,
            reason=Flag.Reason.OUTDATED,
            note="Cita ancora il vecchio codice dei contratti all'articolo 2.",
        )
