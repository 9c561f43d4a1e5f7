"""Upload checks: allow-list, content matching the extension, size caps, zip bombs, SVG safety
and generated storage names. Every sample is a real file of its format, written to disk."""

import gzip
import io
import re
import wave
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.migrations.writer import MigrationWriter
from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation

from portal.lib.samples import pdf_bytes, png_bytes
from portal.lib.uploads import (
    ASSET_FORMATS,
    CHECKERS,
    DOCUMENT_FORMATS,
    IMAGE_FORMATS,
    FileTypeValidator,
    generated_upload_to,
)

# --- Real sample files -------------------------------------------------------------------------


def jpeg_bytes() -> bytes:
    """A 1x1 grey baseline JPEG: one quantisation table, one-code Huffman tables, one block."""
    return (
        b"\xff\xd8"
        + b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\xff\xdb\x00\x43\x00" + b"\x01" * 64
        + b"\xff\xc0\x00\x0b\x08\x00\x01\x00\x01\x01\x01\x11\x00"
        + b"\xff\xc4\x00\x14\x00\x01" + b"\x00" * 15 + b"\x00"
        + b"\xff\xc4\x00\x14\x10\x01" + b"\x00" * 15 + b"\x00"
        + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00"
        + b"\x3f"
        + b"\xff\xd9"
    )  # fmt: skip


def gif_bytes() -> bytes:
    """The classic 1x1 transparent GIF."""
    return (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00"
        b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )


def webp_bytes() -> bytes:
    """A 1x1 lossless WebP."""
    return (
        b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00"
        b"\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
    )


def wav_bytes() -> bytes:
    """A RIFF file too, but sound: a WebP impostor that starts the same way."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(1)
        sound.setframerate(8000)
        sound.writeframes(b"\x80" * 80)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A zip archive; a `mimetype` member is stored uncompressed, as ODF and IDML want."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            compression = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compression)
    return buffer.getvalue()


def plain_zip_bytes() -> bytes:
    return zip_bytes({"leggimi.txt": b"Materiali del corso", "logo.png": png_bytes()})


OOXML_MAIN = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "xlsm": "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
OOXML_PARTS = {
    "docx": (
        "word/document.xml",
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>Buone pratiche</w:t></w:r></w:p></w:body></w:document>",
    ),
    "xlsx": (
        "xl/workbook.xml",
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheets><sheet name="Foglio1" sheetId="1"/></sheets></workbook>',
    ),
    "pptx": (
        "ppt/presentation.xml",
        b'<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
    ),
}


def ooxml_bytes(kind: str, *, main_type: str | None = None) -> bytes:
    """A DOCX, XLSX or PPTX package: content types, package relationships, main part."""
    part, body = OOXML_PARTS[kind]
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{main_type or OOXML_MAIN[kind]}"/>'
        "</Types>"
    )
    relationships = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="' + part + '" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument"/></Relationships>'
    )
    return zip_bytes(
        {
            "[Content_Types].xml": content_types.encode(),
            "_rels/.rels": relationships.encode(),
            part: body,
        }
    )


def odf_bytes(kind: str) -> bytes:
    """An ODF package of the given kind: text, spreadsheet or presentation."""
    mimetype = f"application/vnd.oasis.opendocument.{kind}"
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' office:version="1.3"><office:body/></office:document-content>'
    )
    return zip_bytes(
        {
            "mimetype": mimetype.encode(),
            "META-INF/manifest.xml": manifest.encode(),
            "content.xml": content.encode(),
        }
    )


def idml_bytes() -> bytes:
    container = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<rootfiles><rootfile full-path="designmap.xml" media-type="text/xml"/></rootfiles>'
        "</container>"
    )
    return zip_bytes(
        {
            "mimetype": b"application/vnd.adobe.indesign-idml-package",
            "designmap.xml": b'<?xml version="1.0"?>\n<Document DOMVersion="19.0"/>',
            "META-INF/container.xml": container.encode(),
        }
    )


SLA = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<SCRIBUSUTF8NEW Version="1.6.1"><DOCUMENT ANZPAGES="1" PAGEWIDTH="595.28"'
    b' PAGEHEIGHT="841.89" LANGUAGE="it"/></SCRIBUSUTF8NEW>\n'
)

SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10">'
    b'<rect width="10" height="10" fill="#06c"/></svg>\n'
)
TEXT = "Titolo;Città;Anno\nLettura ad alta voce;Cagliari;2025\n".encode()

VALID_SAMPLES = {
    "pdf": pdf_bytes,
    "png": png_bytes,
    "jpg": jpeg_bytes,
    "jpeg": jpeg_bytes,
    "gif": gif_bytes,
    "webp": webp_bytes,
    "zip": plain_zip_bytes,
    "odt": lambda: odf_bytes("text"),
    "ods": lambda: odf_bytes("spreadsheet"),
    "odp": lambda: odf_bytes("presentation"),
    "odg": lambda: odf_bytes("graphics"),
    "docx": lambda: ooxml_bytes("docx"),
    "xlsx": lambda: ooxml_bytes("xlsx"),
    "pptx": lambda: ooxml_bytes("pptx"),
    "idml": idml_bytes,
    "sla": lambda: SLA,
    "svg": lambda: SVG,
    "rtf": lambda: rb"{\rtf1\ansi Regolamento del prestito\par}",
    "txt": lambda: TEXT,
    "csv": lambda: TEXT,
    "md": lambda: b"# Progetto\n\nUna *buona pratica* di Nati per Leggere.\n",
}

# For every accepted extension, another real file renamed to it.
RENAMED = {
    "pdf": ("PNG image", png_bytes),
    "png": ("JPEG image", jpeg_bytes),
    "jpg": ("GIF image", gif_bytes),
    "jpeg": ("PDF", pdf_bytes),
    "gif": ("WebP image", webp_bytes),
    "webp": ("WAV sound", wav_bytes),
    "zip": ("gzip file", lambda: gzip.compress(TEXT)),
    "odt": ("DOCX", lambda: ooxml_bytes("docx")),
    "ods": ("ODT", lambda: odf_bytes("text")),
    "odp": ("IDML", idml_bytes),
    "odg": ("ODP", lambda: odf_bytes("presentation")),
    "docx": ("plain ZIP", plain_zip_bytes),
    "xlsx": ("macro-enabled XLSM", lambda: ooxml_bytes("xlsx", main_type=OOXML_MAIN["xlsm"])),
    "pptx": ("DOCX", lambda: ooxml_bytes("docx")),
    "idml": ("ODT", lambda: odf_bytes("text")),
    "sla": ("SVG drawing", lambda: SVG),
    "svg": (
        "XHTML page",
        lambda: (
            b'<html xmlns="http://www.w3.org/1999/xhtml"><body>'
            b'<svg xmlns="http://www.w3.org/2000/svg"/></body></html>'
        ),
    ),
    "rtf": ("plain text", lambda: TEXT),
    "txt": ("PNG image with NUL bytes", png_bytes),
    "csv": ("Latin-1 text", lambda: "Città;Anno\nForlì;2025\n".encode("latin-1")),
    "md": ("UTF-16 text", lambda: "# Progetto\n".encode("utf-16")),
}


@pytest.fixture
def on_disk(tmp_path):
    """Write bytes to a real file and open it under the name the person gave it."""
    opened: list[File] = []

    def open_file(name: str, content: bytes) -> File:
        path = tmp_path / "incoming" / str(len(opened)) / "upload"
        path.parent.mkdir(parents=True)
        path.write_bytes(content)
        file = File(path.open("rb"), name=name)
        opened.append(file)
        return file

    yield open_file
    for file in opened:
        file.close()


def refusal(validator: FileTypeValidator, file: File) -> ValidationError:
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        validator(file)
    return caught.value


def message(error: ValidationError) -> str:
    with translation.override("en"):
        return " ".join(error.messages)


# --- Content matches the extension -------------------------------------------------------------


@pytest.mark.parametrize("extension", sorted(VALID_SAMPLES))
def test_real_file_is_accepted_under_its_own_extension(on_disk, extension):
    file = on_disk(f"materiale.{extension}", VALID_SAMPLES[extension]())

    FileTypeValidator([extension])(file)


def test_samples_and_impostors_cover_every_registered_format():
    assert VALID_SAMPLES.keys() == RENAMED.keys() == CHECKERS.keys()


@pytest.mark.parametrize(
    ("extension", "impostor"),
    [pytest.param(ext, make, id=f"{label} as .{ext}") for ext, (label, make) in RENAMED.items()],
)
def test_file_of_another_type_renamed_to_an_allowed_extension_is_refused(
    on_disk, extension, impostor
):
    error = refusal(FileTypeValidator([extension]), on_disk(f"documento.{extension}", impostor()))

    assert error.code == "content_mismatch"
    assert message(error) == (
        f"This file is not a valid {extension.upper()}: its content is of another type."
    )


def test_upper_case_extension_is_accepted(on_disk):
    FileTypeValidator(["pdf"])(on_disk("RELAZIONE FINALE.PDF", pdf_bytes()))


def test_text_with_a_utf8_byte_order_mark_is_accepted(on_disk):
    FileTypeValidator(["csv"])(on_disk("iscritti.csv", b"\xef\xbb\xbf" + TEXT))


def test_text_with_a_character_split_across_read_chunks_is_accepted(on_disk):
    # 64 KiB of ASCII then "à": the two bytes of the accented letter straddle two reads.
    content = b"a" * (64 * 1024 - 1) + "à\n".encode()

    FileTypeValidator(["txt"])(on_disk("lungo.txt", content))


def test_truncated_docx_is_refused(on_disk):
    content = ooxml_bytes("docx")

    error = refusal(
        FileTypeValidator(["docx"]), on_disk("rotto.docx", content[: len(content) // 2])
    )

    assert error.code == "content_mismatch"


# --- Allow-list --------------------------------------------------------------------------------


def test_extension_outside_the_allow_list_is_refused_with_the_accepted_list(on_disk):
    error = refusal(FileTypeValidator(["pdf", "odt"]), on_disk("programma.exe", pdf_bytes()))

    assert error.code == "extension_not_allowed"
    assert message(error) == "Files of type .exe are not accepted here. Accepted: .pdf, .odt."


def test_allowed_extension_hidden_before_the_real_one_is_refused(on_disk):
    error = refusal(FileTypeValidator(["pdf"]), on_disk("fattura.pdf.html", b"<html></html>"))

    assert error.code == "extension_not_allowed"


def test_file_without_an_extension_is_refused(on_disk):
    error = refusal(FileTypeValidator(["pdf"]), on_disk("relazione", pdf_bytes()))

    assert error.code == "missing_extension"
    assert message(error) == "The file name has no extension. Accepted: .pdf."


def test_validator_cannot_allow_a_format_that_has_no_content_check():
    with pytest.raises(ValueError, match="exe"):
        FileTypeValidator(["pdf", "exe"])


def test_format_groups_only_name_checked_formats_and_keep_svg_out_of_images():
    assert set(DOCUMENT_FORMATS + IMAGE_FORMATS + ASSET_FORMATS) <= CHECKERS.keys()
    assert "svg" not in IMAGE_FORMATS


# --- Size cap ----------------------------------------------------------------------------------


def test_file_over_the_fields_own_limit_is_refused(on_disk):
    error = refusal(FileTypeValidator(["txt"], max_bytes=1000), on_disk("nota.txt", b"a" * 1001))

    assert error.code == "too_large"
    assert message(error) == "The file is 1001\xa0bytes; the limit is 1000\xa0bytes."


def test_file_exactly_at_the_limit_is_accepted(on_disk):
    FileTypeValidator(["txt"], max_bytes=1000)(on_disk("nota.txt", b"a" * 1000))


def test_limit_comes_from_the_upload_max_bytes_setting_by_default(on_disk, settings):
    settings.UPLOAD_MAX_BYTES = 2048

    error = refusal(FileTypeValidator(["txt"]), on_disk("nota.txt", b"a" * 2049))

    assert error.code == "too_large"
    assert "the limit is 2.0\xa0KB" in message(error)


def test_fields_own_limit_wins_over_the_setting(on_disk, settings):
    settings.UPLOAD_MAX_BYTES = 100

    FileTypeValidator(["txt"], max_bytes=1000)(on_disk("nota.txt", b"a" * 500))


def test_empty_file_is_refused(on_disk):
    error = refusal(FileTypeValidator(["txt"]), on_disk("vuoto.txt", b""))

    assert error.code == "empty"


# --- Zip bombs ---------------------------------------------------------------------------------


def with_extra_members(content: bytes, count: int) -> bytes:
    buffer = io.BytesIO(content)
    with zipfile.ZipFile(buffer, "a") as archive:
        for number in range(count):
            archive.writestr(f"extra/{number}.txt", b"")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("extension", "make"),
    [("zip", lambda: zip_bytes({})), ("docx", lambda: ooxml_bytes("docx"))],
)
def test_archive_with_more_than_1000_entries_is_refused(on_disk, extension, make):
    content = make()
    entries = len(zipfile.ZipFile(io.BytesIO(content)).infolist())

    error = refusal(
        FileTypeValidator([extension]),
        on_disk(f"molti.{extension}", with_extra_members(content, 1001 - entries)),
    )

    assert error.code == "zip_too_many_entries"
    assert message(error) == "This archive holds 1001 files; the limit is 1000."


def test_archive_with_exactly_1000_entries_is_accepted(on_disk):
    FileTypeValidator(["zip"])(on_disk("mille.zip", with_extra_members(zip_bytes({}), 1000)))


def test_office_file_that_unpacks_beyond_100_mb_is_refused(on_disk):
    # 101 MiB of zeros deflate to about 100 KiB: small on the wire, huge once opened.
    buffer = io.BytesIO(ooxml_bytes("docx"))
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("word/media/zeros.bin", "w", force_zip64=True) as member,
    ):
        zeros = bytes(1024 * 1024)
        for _ in range(101):
            member.write(zeros)
    assert len(buffer.getvalue()) < 1024 * 1024

    error = refusal(FileTypeValidator(["docx"]), on_disk("bomba.docx", buffer.getvalue()))

    assert error.code == "zip_too_large_unpacked"
    assert "the limit is 100.0\xa0MB" in message(error)


# --- SVG ---------------------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&lol3;</text></svg>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&secret;</text></svg>
"""
PUBLIC_DOCTYPE = b"""<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" version="1.1"/>
"""


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(BILLION_LAUGHS, id="entity expansion"),
        pytest.param(EXTERNAL_ENTITY, id="external entity"),
        pytest.param(PUBLIC_DOCTYPE, id="public doctype"),
        pytest.param(BILLION_LAUGHS.decode().replace('"1.0"?', '"1.0" encoding="UTF-16"?')
                     .encode("utf-16"), id="entities in UTF-16"),
    ],
)  # fmt: skip
def test_svg_with_a_doctype_or_entities_is_refused(on_disk, content):
    error = refusal(FileTypeValidator(["svg"]), on_disk("disegno.svg", content))

    assert error.code == "svg_doctype"
    assert message(error).startswith("SVG files with a DOCTYPE or entity declarations")


def test_svg_that_is_not_well_formed_is_refused(on_disk):
    content = b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>'

    error = refusal(FileTypeValidator(["svg"]), on_disk("rotto.svg", content))

    assert error.code == "content_mismatch"


def test_scribus_file_with_a_doctype_is_refused_without_expanding_entities(on_disk):
    content = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<SCRIBUSUTF8NEW>&a;</SCRIBUSUTF8NEW>'

    error = refusal(FileTypeValidator(["sla"]), on_disk("volantino.sla", content))

    assert error.code == "sla_doctype"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"<SCRIBUSUTF8NEW><DOCUMENT></SCRIBUSUTF8NEW>", id="not well-formed"),
        pytest.param(b"<SCRIBUSUTF8><DOCUMENT/></SCRIBUSUTF8>", id="old Scribus 1.2 root"),
        pytest.param(SLA.decode().encode("utf-16"), id="UTF-16"),
    ],
)
def test_scribus_file_that_is_not_a_current_scribus_document_is_refused(on_disk, content):
    error = refusal(FileTypeValidator(["sla"]), on_disk("volantino.sla", content))

    assert error.code == "content_mismatch"


def test_svg_root_without_a_namespace_is_accepted(on_disk):
    FileTypeValidator(["svg"])(on_disk("semplice.svg", b'<svg width="1" height="1"/>'))


def test_svg_with_a_script_is_accepted_because_downloads_are_never_inline(on_disk):
    # Safe only because portal.lib.downloads sends every file as an attachment with nosniff;
    # tests/portal/test_downloads.py holds that side of the bargain.
    content = SVG.replace(b"</svg>", b"<script>alert(document.cookie)</script></svg>")

    FileTypeValidator(["svg"])(on_disk("animato.svg", content))


# --- The file is left as it was found ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "outcome"),
    [
        ("relazione.pdf", pdf_bytes(), "accepted"),
        ("relazione.pdf", png_bytes(), "content_mismatch"),
        ("bilancio.xlsx", b"PK\x03\x04 not really a zip", "content_mismatch"),
    ],
)
def test_file_is_rewound_after_the_check(on_disk, name, content, outcome):
    file = on_disk(name, content)
    file.read(3)

    try:
        FileTypeValidator(["pdf", "xlsx"])(file)
        result = "accepted"
    except ValidationError as error:
        result = error.code

    assert result == outcome
    assert file.read() == content


def test_file_already_in_storage_is_checked_and_closed_again():
    name = default_storage.save("documents/relazione.odt", ContentFile(odf_bytes("text")))
    stored = FieldFile(None, models.FileField(), name)

    FileTypeValidator(["odt"])(stored)

    assert stored.closed


# --- In forms and model fields -----------------------------------------------------------------


class PosterForm(forms.Form):
    poster = forms.FileField(validators=[FileTypeValidator(["pdf", "png"])])


def test_form_shows_the_refusal_next_to_the_field():
    upload = SimpleUploadedFile("locandina.pdf", png_bytes(), content_type="application/pdf")

    with translation.override("en"):
        form = PosterForm(files={"poster": upload})
        assert not form.is_valid()
        assert form.errors["poster"] == [
            "This file is not a valid PDF: its content is of another type."
        ]


def test_form_accepts_a_real_upload():
    upload = SimpleUploadedFile("locandina.png", png_bytes(), content_type="image/png")

    assert PosterForm(files={"poster": upload}).is_valid()


def test_file_field_with_validator_and_upload_to_survives_a_migration_round_trip():
    field = models.FileField(
        upload_to=generated_upload_to("documents"),
        validators=[FileTypeValidator(DOCUMENT_FORMATS, max_bytes=5 * 1024 * 1024)],
    )
    _name, _path, args, kwargs = field.deconstruct()
    rebuilt = models.FileField(*args, **kwargs)

    assert rebuilt.deconstruct()[3] == kwargs
    serialised, imports = MigrationWriter.serialize(field)
    assert "portal.lib.uploads.FileTypeValidator(" in serialised
    assert "portal.lib.uploads.generated_upload_to('documents')" in serialised
    assert "import portal.lib.uploads" in imports


def test_validators_with_different_settings_are_different_for_migrations():
    assert FileTypeValidator(["pdf"]) == FileTypeValidator([".PDF"])
    assert FileTypeValidator(["pdf"]) != FileTypeValidator(["pdf"], max_bytes=10)
    assert generated_upload_to("documents") != generated_upload_to("logos")


# --- Generated names ---------------------------------------------------------------------------


def test_stored_name_is_generated_and_keeps_only_the_lower_case_extension():
    field = models.FileField(upload_to=generated_upload_to("documents"))

    # The month is read before and after, so that a run at midnight on the 1st still passes.
    before = timezone.localdate()
    path = field.generate_filename(None, "Verbale assemblea soci.PDF")
    after = timezone.localdate()

    assert path.startswith(tuple(f"documents/{day:%Y/%m}/" for day in (before, after)))
    assert re.fullmatch(r"documents/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", path)


@pytest.mark.parametrize("hostile", ["../../etc/passwd.pdf", "/tmp/x.pdf", "a\\..\\b.pdf"])
def test_stored_name_keeps_nothing_of_a_hostile_upload_name(hostile):
    path = generated_upload_to("documents")(None, hostile)

    assert ".." not in path
    assert "passwd" not in path
    assert "tmp" not in path
    assert path.startswith("documents/")
    assert path.endswith(".pdf")


def test_two_uploads_with_the_same_name_get_different_stored_names():
    upload_to = generated_upload_to("logos")

    assert upload_to(None, "logo.png") != upload_to(None, "logo.png")


def test_stored_name_drops_an_extension_that_is_not_plain_letters_and_digits():
    path = generated_upload_to("documents")(None, "nota.t xt")

    assert re.fullmatch(r"documents/\d{4}/\d{2}/[0-9a-f]{32}", path)


def test_upload_folder_must_stay_inside_the_storage():
    with pytest.raises(ValueError, match="folder"):
        generated_upload_to("../outside")


def with_false_size(content: bytes, name: str, file_size: int) -> bytes:
    """The archive with `name`'s uncompressed size patched in the central directory, which is
    what a reader checks first: the sizes it declares then say something the data does not."""
    start = zipfile.ZipFile(io.BytesIO(content)).start_dir
    header = content.index(b"PK\x01\x02", start)
    while content[header + 46 : header + 46 + len(name)] != name.encode():
        header = content.index(b"PK\x01\x02", header + 1)
    # A central directory header keeps the uncompressed size at byte 24.
    patched = bytearray(content)
    patched[header + 24 : header + 28] = file_size.to_bytes(4, "little")
    return bytes(patched)


def test_office_file_that_lies_about_a_members_size_is_refused(on_disk):
    # The manifest claims 1 KiB, but 50 MiB of spaces follow: the central directory adds up
    # to almost nothing, so only reading the member tells the truth.
    content_types = (
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + b" " * (50 * 1024 * 1024)
        + b"</Types>"
    )
    honest = zip_bytes({"[Content_Types].xml": content_types, "word/document.xml": b"<w/>"})
    lying = with_false_size(honest, "[Content_Types].xml", 1024)
    assert sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(lying)).infolist()) < 2048

    error = refusal(FileTypeValidator(["docx"]), on_disk("bugiardo.docx", lying))

    assert error.code == "zip_false_size"
    assert "false sizes" in message(error)


def test_office_file_with_a_member_compressed_beyond_100_times_is_refused(on_disk):
    # An honest 900 KiB manifest of spaces deflates to about 1 KiB: far past 100 times.
    content_types = (
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + b" " * (900 * 1024)
        + b"</Types>"
    )
    content = zip_bytes({"[Content_Types].xml": content_types, "word/document.xml": b"<w/>"})

    error = refusal(FileTypeValidator(["docx"]), on_disk("denso.docx", content))

    assert error.code == "zip_too_compressed"
    assert "more than 100 times" in message(error)


def test_odf_file_whose_mimetype_lies_about_its_size_is_refused(on_disk):
    mimetype = b"application/vnd.oasis.opendocument.text"
    content = with_false_size(odf_bytes("text"), "mimetype", len(mimetype) - 5)

    error = refusal(FileTypeValidator(["odt"]), on_disk("bugiardo.odt", content))

    assert error.code == "content_mismatch"
