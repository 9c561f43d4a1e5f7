"""Checks for every file the portal accepts, and the generated names it stores them under.

A file is accepted when its extension is on the field's allow-list, its size is under the cap
and its content really is of the type the extension claims. `FileTypeValidator` goes in a
model field's or form field's `validators=[...]`; `generated_upload_to` is the `upload_to` of
every FileField, so no part of a stored name comes from the person who uploaded it.

SVG can carry scripts. It is accepted as an upload because the portal only ever sends user
files as attachments with `nosniff` (see `portal.lib.downloads`); it is kept out of
`IMAGE_FORMATS` so that no field meant for pictures shown inline (logos) accepts it.
"""

import codecs
import copy
import re
import uuid
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import PurePosixPath
from typing import IO
from xml.parsers import expat

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from filetype.types import archive as filetype_archive
from filetype.types import image as filetype_image

# A zip archive may declare at most this much content and this many members: ZIP-based
# office files are read by the people who download them, and a zip bomb would hurt them.
ZIP_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
ZIP_MAX_ENTRIES = 1_000
# A member read to recognise a format may unpack to at most this many times its compressed
# size, beyond a floor that lets small members compress well: text rarely passes 20 times.
ZIP_MAX_RATIO = 100
ZIP_RATIO_FLOOR = 64 * 1024

_CHUNK_BYTES = 64 * 1024
# filetype reads this much of a file's head; every signature it knows fits in it.
_HEAD_BYTES = 8192
# The members read to recognise a format are tiny in real files; anything bigger is not one.
_MIMETYPE_MAX_BYTES = 256
_CONTENT_TYPES_MAX_BYTES = 1024 * 1024
# Compressed bytes fed to the inflater at a time: each feeds at most a bounded output.
_ZIP_RAW_CHUNK_BYTES = 16 * 1024
_SVG_ROOTS = {"svg", "http://www.w3.org/2000/svg svg"}
# Scribus 1.4 and later save documents as UTF-8 XML under this root element.
_SCRIBUS_ROOT = "SCRIBUSUTF8NEW"
_SAFE_EXTENSION = re.compile(r"[a-z0-9]{1,16}")

# Says whether a file, read from its start, has the content of one format. A checker may
# raise ValidationError itself when it has a more precise reason to give (a zip bomb).
type Checker = Callable[[IO[bytes]], bool]


def _extension(name: str | None) -> str:
    return PurePosixPath(name or "").suffix.removeprefix(".").lower()


def _chunks(file: IO[bytes]) -> Iterator[bytes]:
    return iter(partial(file.read, _CHUNK_BYTES), b"")


def _has_signature(matcher) -> Checker:
    """A format `filetype` recognises by the magic bytes at the start of the file."""

    def check(file: IO[bytes]) -> bool:
        return bool(matcher.match(file.read(_HEAD_BYTES)))

    return check


_ZIP_SIGNATURE = _has_signature(filetype_archive.Zip())
# What zipfile raises on archives that are damaged or built to mislead a reader.
_BROKEN_ZIP = (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, zlib.error)


@contextmanager
def _open_zip(file: IO[bytes]) -> Iterator[zipfile.ZipFile | None]:
    """The archive, after checking its central directory against the zip-bomb limits.

    Only the central directory is read: nothing is extracted to learn how big the content is.
    The sizes it declares may be false, so the members the checks read are bounded again as
    they are unpacked (`_read_member`). Yields None when the file is not a readable zip archive.
    """
    if not _ZIP_SIGNATURE(file):
        yield None
        return
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
    except _BROKEN_ZIP:
        yield None
        return
    with archive:
        members = archive.infolist()
        if len(members) > ZIP_MAX_ENTRIES:
            raise ValidationError(
                _("This archive holds %(count)s files; the limit is %(limit)s."),
                code="zip_too_many_entries",
                params={"count": len(members), "limit": ZIP_MAX_ENTRIES},
            )
        unpacked = sum(member.file_size for member in members)
        if unpacked > ZIP_MAX_UNPACKED_BYTES:
            raise ValidationError(
                _("This archive unpacks to %(size)s; the limit is %(limit)s."),
                code="zip_too_large_unpacked",
                params={
                    "size": filesizeformat(unpacked),
                    "limit": filesizeformat(ZIP_MAX_UNPACKED_BYTES),
                },
            )
        yield archive


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """A member's content, or None when it is missing, unreadable or over `limit` bytes.

    The sizes the archive declares are not trusted: the member's compressed bytes are read raw
    and inflated here, a piece at a time, so that no more than `limit` bytes are ever produced.
    Raises ValidationError when the member unpacks to more than it declares, or to more than
    ZIP_MAX_RATIO times its compressed size beyond ZIP_RATIO_FLOOR.
    """
    try:
        declared = archive.getinfo(name)
    except KeyError:
        return None
    if declared.compress_type == zipfile.ZIP_STORED:
        inflater = None
    elif declared.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    else:
        return None
    # The same entry read as stored and without its checksum gives the compressed bytes.
    raw_info = copy.copy(declared)
    raw_info.compress_type = zipfile.ZIP_STORED
    raw_info.file_size = declared.compress_size
    del raw_info.CRC
    data = bytearray()
    consumed = 0
    try:
        with archive.open(raw_info) as raw:
            while chunk := raw.read(_ZIP_RAW_CHUNK_BYTES):
                if inflater is None:
                    consumed += len(chunk)
                    data += chunk
                    if len(data) > limit:
                        return None
                    continue
                while chunk and not inflater.eof:
                    data += inflater.decompress(chunk, limit + 1 - len(data))
                    consumed += len(chunk) - len(inflater.unconsumed_tail)
                    chunk = inflater.unconsumed_tail
                    _check_unpacked(declared, len(data), consumed)
                    if len(data) > limit:
                        return None
                if inflater.eof:
                    break
    except (RuntimeError, *_BROKEN_ZIP):
        return None
    if inflater is not None and not inflater.eof:
        return None
    if len(data) != declared.file_size or zlib.crc32(data) != declared.CRC:
        return None
    return bytes(data)


def _check_unpacked(declared: zipfile.ZipInfo, unpacked: int, compressed: int) -> None:
    """Refuses a member that, while it is read, proves bigger or denser than allowed."""
    if unpacked > declared.file_size:
        raise ValidationError(
            _("This archive declares false sizes for its files: it may be a zip bomb."),
            code="zip_false_size",
        )
    if unpacked > ZIP_MAX_RATIO * compressed + ZIP_RATIO_FLOOR:
        raise ValidationError(
            _(
                "A file in this archive is compressed more than %(ratio)s times: "
                "it may be a zip bomb."
            ),
            code="zip_too_compressed",
            params={"ratio": ZIP_MAX_RATIO},
        )


class _DoctypeFound(Exception):
    """The XML declares a DOCTYPE or an entity, which no file we accept needs."""


def _parse_xml(
    chunks: Iterable[bytes],
    on_element: Callable[[str, dict[str, str]], object],
    on_text: Callable[[str], object] | None = None,
    on_end: Callable[[str], object] | None = None,
) -> None:
    """Parse XML without a DOCTYPE, so without entities: no billion laughs, no external files.

    Element names come as "namespace local-name". Raises expat.ExpatError on XML that is not
    well-formed and _DoctypeFound on a DOCTYPE or entity declaration.
    """

    def refuse(*args):
        raise _DoctypeFound

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    # Entities can only be declared inside a DOCTYPE, so refusing it refuses them all;
    # the entity handler is a second lock on the same door.
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = on_element
    if on_text is not None:
        parser.CharacterDataHandler = on_text
    if on_end is not None:
        parser.EndElementHandler = on_end
    for chunk in chunks:
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _is_zip(file: IO[bytes]) -> bool:
    with _open_zip(file) as archive:
        return archive is not None


def _zip_with_mimetype(mimetype: str) -> Checker:
    """ODF and IDML packages name their type in a `mimetype` member."""

    def check(file: IO[bytes]) -> bool:
        with _open_zip(file) as archive:
            if archive is None:
                return False
            return _read_member(archive, "mimetype", _MIMETYPE_MAX_BYTES) == mimetype.encode()

    return check


def _ooxml(folder: str, main_content_type: str) -> Checker:
    """OOXML packages list their parts' types in `[Content_Types].xml`.

    Asking for the main part's exact type also refuses the macro-enabled variants (docm,
    xlsm, pptm) renamed to the plain extension.
    """

    def check(file: IO[bytes]) -> bool:
        with _open_zip(file) as archive:
            if archive is None:
                return False
            if not any(name.startswith(folder) for name in archive.namelist()):
                return False
            manifest = _read_member(archive, "[Content_Types].xml", _CONTENT_TYPES_MAX_BYTES)
        if manifest is None:
            return False
        content_types = set()

        def collect(name: str, attrs: dict[str, str]) -> None:
            content_types.add(attrs.get("ContentType"))

        try:
            _parse_xml([manifest], collect)
        except (expat.ExpatError, _DoctypeFound):
            return False
        return main_content_type in content_types

    return check


def _is_svg(file: IO[bytes]) -> bool:
    elements: list[str] = []

    def collect(name: str, attrs: dict[str, str]) -> None:
        if not elements:
            elements.append(name)

    try:
        _parse_xml(_chunks(file), collect)
    except _DoctypeFound:
        raise ValidationError(
            _(
                "SVG files with a DOCTYPE or entity declarations are not accepted: "
                "export the drawing again as plain SVG."
            ),
            code="svg_doctype",
        ) from None
    except expat.ExpatError:
        return False
    return bool(elements) and elements[0] in _SVG_ROOTS


def _is_scribus(file: IO[bytes]) -> bool:
    """A Scribus document (.sla): UTF-8 XML whose root element is SCRIBUSUTF8NEW."""
    elements: list[str] = []

    def collect(name: str, attrs: dict[str, str]) -> None:
        if not elements:
            elements.append(name)

    try:
        _parse_xml(_chunks(file), collect)
    except _DoctypeFound:
        raise ValidationError(
            _(
                "Scribus files with a DOCTYPE or entity declarations are not accepted: "
                "save the document again from Scribus."
            ),
            code="sla_doctype",
        ) from None
    except expat.ExpatError:
        return False
    return elements == [_SCRIBUS_ROOT]


def _is_rtf(file: IO[bytes]) -> bool:
    """Rich Text Format: plain text that opens with the `{\\rtf` control word."""
    return file.read(5) == b"{\\rtf"


def read_zip_member(file: IO[bytes], name: str, limit: int) -> bytes | None:
    """A member of a zip archive (an OpenDocument's `content.xml`), read with the same
    zip-bomb limits as the upload check; None when the file is not an archive, or the member
    is missing or over `limit` bytes."""
    with _open_zip(file) as archive:
        if archive is None:
            return None
        return _read_member(archive, name, limit)


def xml_text(data: bytes, *, breaks: Collection[str] = ()) -> str:
    """The character data of an XML document, with a line break after each element whose
    local name is in `breaks` (paragraphs, headings). Parsed like the upload check parses:
    no DOCTYPE, so no entities. Raises ValueError on XML that is not well-formed."""
    parts: list[str] = []

    def ignore(name: str, attrs: dict[str, str]) -> None:
        pass

    def end(name: str) -> None:
        if name.rpartition(" ")[2] in breaks:
            parts.append("\n")

    try:
        _parse_xml([data], ignore, on_text=parts.append, on_end=end)
    except (expat.ExpatError, _DoctypeFound) as error:
        raise ValueError(f"Not readable XML: {error}") from None
    return "".join(parts)


def _is_utf8_text(file: IO[bytes]) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in _chunks(file):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


CHECKERS: dict[str, Checker] = {
    "pdf": _has_signature(filetype_archive.Pdf()),
    "png": _has_signature(filetype_image.Png()),
    "jpg": _has_signature(filetype_image.Jpeg()),
    "jpeg": _has_signature(filetype_image.Jpeg()),
    "gif": _has_signature(filetype_image.Gif()),
    "webp": _has_signature(filetype_image.Webp()),
    "zip": _is_zip,
    "odt": _zip_with_mimetype("application/vnd.oasis.opendocument.text"),
    "ods": _zip_with_mimetype("application/vnd.oasis.opendocument.spreadsheet"),
    "odp": _zip_with_mimetype("application/vnd.oasis.opendocument.presentation"),
    "docx": _ooxml(
        "word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    ),
    "xlsx": _ooxml(
        "xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    ),
    "pptx": _ooxml(
        "ppt/",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
    "odg": _zip_with_mimetype("application/vnd.oasis.opendocument.graphics"),
    "idml": _zip_with_mimetype("application/vnd.adobe.indesign-idml-package"),
    "sla": _is_scribus,
    "svg": _is_svg,
    "rtf": _is_rtf,
    "txt": _is_utf8_text,
    "csv": _is_utf8_text,
    "md": _is_utf8_text,
}
"""Extension -> the check of its content. A new format is one line here."""

DOCUMENT_FORMATS = ("pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "txt", "csv", "md")
# Raster pictures only: safe to show inline, in an <img> or straight from a URL.
IMAGE_FORMATS = ("png", "jpg", "jpeg", "gif", "webp")
# Reusable graphic and layout material; SVG may hold scripts, so download-only.
ASSET_FORMATS = ("svg", "idml", "zip")


@deconstructible
class FileTypeValidator:
    """Accept a file only if its extension is allowed, its size is under the cap and its
    content matches its extension.

    `max_bytes` defaults to `settings.UPLOAD_MAX_BYTES`, read when a file is checked. Works on
    uploaded files and on files already in storage, and leaves the file rewound.
    """

    def __init__(self, allowed: Collection[str], max_bytes: int | None = None):
        self.allowed = tuple(extension.lower().removeprefix(".") for extension in allowed)
        if not self.allowed:
            raise ValueError("FileTypeValidator needs at least one allowed extension.")
        if unknown := sorted(set(self.allowed) - CHECKERS.keys()):
            raise ValueError(f"No content check is registered for: {', '.join(unknown)}.")
        self.max_bytes = max_bytes

    def __call__(self, value: File) -> None:
        accepted = ", ".join(f".{extension}" for extension in self.allowed)
        extension = _extension(value.name)
        if not extension:
            raise ValidationError(
                _("The file name has no extension. Accepted: %(allowed)s."),
                code="missing_extension",
                params={"allowed": accepted},
            )
        if extension not in self.allowed:
            raise ValidationError(
                _("Files of type .%(extension)s are not accepted here. Accepted: %(allowed)s."),
                code="extension_not_allowed",
                params={"extension": extension, "allowed": accepted},
            )

        limit = settings.UPLOAD_MAX_BYTES if self.max_bytes is None else self.max_bytes
        if value.size == 0:
            raise ValidationError(_("The file is empty."), code="empty")
        if value.size > limit:
            raise ValidationError(
                _("The file is %(size)s; the limit is %(limit)s."),
                code="too_large",
                params={"size": filesizeformat(value.size), "limit": filesizeformat(limit)},
            )

        # A stored file that nobody opened yet is opened here, and closed again afterwards so
        # that re-validating saved objects does not leak file handles.
        opened_here = value.closed
        if opened_here:
            value.open("rb")
        try:
            value.seek(0)
            matches = CHECKERS[extension](value)
        finally:
            if opened_here:
                value.close()
            else:
                value.seek(0)
        if not matches:
            raise ValidationError(
                _("This file is not a valid %(format)s: its content is of another type."),
                code="content_mismatch",
                params={"format": extension.upper()},
            )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, FileTypeValidator)
            and self.allowed == other.allowed
            and self.max_bytes == other.max_bytes
        )


@deconstructible
class generated_upload_to:
    """`upload_to` for FileFields: `folder/YYYY/MM/<random hex>.<extension>`.

    Only the extension of the uploaded name is kept, lower-cased; the validator has already
    checked it against the field's allow-list. A class rather than a closure so that
    migrations can serialise it, named like the function it stands for.
    """

    def __init__(self, folder: str):
        self.folder = folder.strip("/")
        if not self.folder or ".." in self.folder.split("/"):
            raise ValueError(f"{folder!r} is not a folder inside the storage.")

    def __call__(self, instance: object, filename: str) -> str:
        extension = _extension(filename)
        name = uuid.uuid4().hex
        if _SAFE_EXTENSION.fullmatch(extension):
            name = f"{name}.{extension}"
        return f"{self.folder}/{timezone.localdate():%Y/%m}/{name}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, generated_upload_to) and self.folder == other.folder
