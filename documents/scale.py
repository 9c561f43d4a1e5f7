"""The documents part of `seed_scale`: years of working documents and templates, in bulk.

Every type and access level is there, with themes, tags, related documents, one to three
versions with a few paragraphs of extracted text each, some superseded, hidden or held for
review. The versions point to a handful of real sample files stored once, so that downloads
work without writing 20,000 files; search vectors are computed in SQL by the queryset's own
`refresh_search_vectors()`.
"""

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from documents.models import Document, DocumentVersion, Kind, Language, Licence
from members.access import AccessLevel
from members.models import ServiceArea
from portal.lib.samples import docx_bytes, odt_bytes, pdf_bytes
from portal.lib.scale import BATCH_SIZE, Text, batches, create_in_batches

TITLES = {
    Kind.AGREEMENT: "Convenzione per la gestione associata",
    Kind.DELIBERATION: "Delibera di approvazione",
    Kind.REGULATION: "Regolamento della biblioteca",
    Kind.MODEL_REGULATION: "Regolamento tipo",
    Kind.TENDER_CALL: "Bando di gara per la fornitura",
    Kind.TENDER_SPECIFICATION: "Capitolato speciale d'appalto",
    Kind.RECRUITMENT_CALL: "Avviso di selezione del personale",
    Kind.TEMPLATE: "Modulo",
    Kind.GUIDELINES: "Linee guida",
    Kind.REPORT: "Relazione annuale",
    Kind.POSITION_PAPER: "Documento di posizione",
    Kind.OTHER: "Documento di lavoro",
}
SUBJECTS = [
    "del prestito interbibliotecario", "dei servizi al pubblico", "degli acquisti coordinati",
    "del trasporto dei libri", "della catalogazione", "degli spazi per le associazioni",
    "della promozione della lettura", "del servizio civile", "delle sezioni ragazzi",
    "dell'archivio storico", "del fondo locale", "dei servizi digitali",
]  # fmt: skip
TAGS = [
    "prestito", "gara", "personale", "convenzione", "privacy", "catalogo", "arredi",
    "trasporto", "scuole", "digitale", "regolamento", "bilancio",
]  # fmt: skip
SAMPLE_FORMATS = ("pdf", "odt", "docx")


def _sample_files() -> dict[str, tuple[str, int, str]]:
    """One stored sample file per format: its name, size and checksum."""
    contents = {
        "pdf": pdf_bytes(pages=["Documento di esempio", "Art. 1 - Oggetto"]),
        "odt": odt_bytes("Documento di esempio\nArt. 1 - Oggetto"),
        "docx": docx_bytes(["Documento di esempio", "Art. 1 - Oggetto"]),
    }
    stored = {}
    for file_format, content in contents.items():
        name = default_storage.save(f"documents/scale/sample.{file_format}", ContentFile(content))
        stored[file_format] = (name, len(content), hashlib.sha256(content).hexdigest())
    return stored


def create_documents(rng, count: int, organisations, people, staff, progress) -> list[Document]:
    text = Text(rng)
    themes = list(ServiceArea.objects.values_list("pk", flat=True))
    samples = _sample_files()
    now = timezone.now()
    levels = [AccessLevel.PUBLIC, AccessLevel.REGISTERED, AccessLevel.MEMBER, AccessLevel.PACKAGE]
    documents = []
    for number in range(1, count + 1):
        organisation = rng.choice(organisations)
        kind = rng.choice(Kind.values)
        act_date = datetime.date(rng.randint(2005, now.year), rng.randint(1, 12), 1)
        tags = sorted(rng.sample(TAGS, rng.randint(1, 3)))
        hidden = rng.random() < 0.01
        documents.append(
            Document(
                title=f"{TITLES[kind]} {rng.choice(SUBJECTS)} - {organisation.municipality}",
                slug=f"documento-scala-{number}",
                description=text.paragraph(3),
                kind=kind,
                organisation=organisation,
                adopted_by=f"Giunta comunale di {organisation.municipality}",
                act_number=f"{rng.randint(1, 300)}/{act_date.year}",
                act_date=act_date,
                legal_basis=rng.choice(["d.lgs. 36/2023", "d.lgs. 267/2000", "d.P.R. 487/1994"]),
                region_id=organisation.region_id,
                language=Language.ITALIAN,
                licence=rng.choice(Licence.values),
                tag_text=", ".join(tags),
                access_level=rng.choices(levels, [60, 20, 15, 5])[0],
                is_template=rng.random() < 0.2,
                is_hidden=hidden,
                hidden_reason="Contiene dati personali." if hidden else "",
                is_held=not hidden and rng.random() < 0.005,
                download_count=rng.randint(0, 400),
                created_by=rng.choice(people),
                created_at=now - datetime.timedelta(days=rng.randint(0, 3650)),
            )
        )
    documents = create_in_batches(Document, documents, count, progress)
    _versions(rng, documents, samples, text)
    _relations(rng, documents, themes)
    _superseded(rng, documents)
    Document.objects.filter(pk__gte=documents[0].pk).refresh_search_vectors()
    return documents


def _versions(rng, documents, samples, text) -> None:
    for batch in batches(documents, BATCH_SIZE // 2):
        rows = []
        for document in batch:
            file_format = rng.choice(SAMPLE_FORMATS)
            name, size, checksum = samples[file_format]
            for number in range(1, rng.choices([1, 2, 3], [70, 25, 5])[0] + 1):
                rows.append(
                    DocumentVersion(
                        document_id=document.pk,
                        number=number,
                        file=name,
                        original_name=f"documento.{file_format}",
                        format=file_format,
                        size=size,
                        sha256=checksum,
                        change_note="Prima stesura" if number == 1 else "Testo aggiornato",
                        uploaded_by_id=document.created_by_id,
                        personal_data_removed=True,
                        text=text.paragraphs(rng.randint(3, 6)),
                        text_status=DocumentVersion.TextStatus.EXTRACTED,
                    )
                )
        DocumentVersion.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{Document._meta.db_table}" d SET current_version_id = v.id '
            f'FROM "{DocumentVersion._meta.db_table}" v WHERE v.document_id = d.id '
            "AND v.number = (SELECT max(number) FROM "
            f'"{DocumentVersion._meta.db_table}" w WHERE w.document_id = d.id) '
            "AND d.id >= %s",
            [documents[0].pk],
        )


def _relations(rng, documents, themes) -> None:
    Themes, Related = Document.themes.through, Document.related.through
    Tagged = Document.tags.through
    Tag = Tagged.tag.field.related_model
    tags = {name: Tag.objects.get_or_create(name=name, defaults={"slug": name})[0] for name in TAGS}
    for batch in batches(documents, BATCH_SIZE // 4):
        theme_rows, related_rows, tag_rows = [], [], []
        for document in batch:
            for theme in rng.sample(themes, rng.randint(1, 2)):
                theme_rows.append(Themes(document_id=document.pk, servicearea_id=theme))
            if rng.random() < 0.2:
                other = rng.choice(documents)
                if other.pk != document.pk:
                    related_rows.append(
                        Related(from_document_id=document.pk, to_document_id=other.pk)
                    )
                    related_rows.append(
                        Related(from_document_id=other.pk, to_document_id=document.pk)
                    )
            for name in document.tag_text.split(", "):
                tag_rows.append(Tagged(content_object=document, tag=tags[name]))
        Themes.objects.bulk_create(theme_rows)
        Related.objects.bulk_create(related_rows, ignore_conflicts=True)
        Tagged.objects.bulk_create(tag_rows)


def _superseded(rng, documents) -> None:
    """One document in a hundred was replaced by a later one."""
    pairs = [(rng.choice(documents).pk, old.pk) for old in documents[::100]]
    with connection.cursor() as cursor:
        cursor.executemany(
            f'UPDATE "{Document._meta.db_table}" SET superseded_by_id = %s, '
            "superseded_note = 'Sostituito dal nuovo codice dei contratti.' "
            "WHERE id = %s AND id <> %s",
            [(new, old, new) for new, old in pairs],
        )
