"""The one response that sends a stored user file to a browser: always as a download.

User files are never served as static files or inline. Sending them as attachments with
`nosniff` is what makes it safe to accept formats that a browser could run (SVG with a script,
HTML renamed to .txt): they are saved to disk, never rendered from the portal's origin.
"""

import mimetypes
import re
import unicodedata

from django.db.models.fields.files import FieldFile
from django.http import FileResponse

_FALLBACK_NAME = "download"
_MAX_NAME_LENGTH = 150
# Characters that Windows refuses in file names; replaced so that every system saves the
# same name, and so that a quote never has to travel through the header.
_RESERVED = re.compile(r'[<>:"|?*]')


def _is_visible(char: str) -> bool:
    category = unicodedata.category(char)
    # C*: control, format, surrogate, private and unassigned; Zl/Zp: line and paragraph breaks.
    return not category.startswith("C") and category not in {"Zl", "Zp"}


def safe_filename(name: str) -> str:
    """The name to offer for saving: no folders, no control or invisible characters.

    Unicode letters are kept (FileResponse encodes them with RFC 5987). Invisible format
    characters go too: a right-to-left override (U+202E) makes `fattura<U+202E>fdp.exe`
    look like `fatturaexe.pdf`.
    """
    name = unicodedata.normalize("NFC", name)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if _is_visible(char))
    name = _RESERVED.sub("_", name)
    # Leading dots would hide the file; trailing dots and spaces are dropped by Windows.
    name = name.strip(" .")
    if len(name) > _MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and len(extension) <= 16:
            name = stem[: _MAX_NAME_LENGTH - len(extension) - 1].rstrip(" .") + "." + extension
        else:
            name = name[:_MAX_NAME_LENGTH].rstrip(" .")
    return name or _FALLBACK_NAME


def protected_download(file_field_file: FieldFile, *, filename: str) -> FileResponse:
    """Stream a stored file as an attachment named `filename` (cleaned by `safe_filename`).

    This function checks no access: the calling view must have fetched the object through the
    model's `visible_to(user)` before calling it. The file is read through the storage API
    and its body streamed, the same on disk and on S3-compatible storage (STORAGE_URL).

    The body is streamed rather than redirected to a signed URL of the bucket: a signed URL
    would let whoever holds it download the file until it expires, and would leave the
    portal's origin, so the logos and covers that pages show in an `<img>` would need the
    bucket in the Content-Security-Policy, and the headers below would be up to the storage
    service. Streaming keeps the bucket private and reachable from the nodes only; the price
    is that the bytes pass through the portal, which the upload size cap keeps small.
    """
    if not file_field_file:
        raise ValueError("This field has no file to download.")
    name = safe_filename(filename)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    stored = file_field_file.storage.open(file_field_file.name, "rb")
    response = FileResponse(stored, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Access depends on who asks: no shared cache may keep a copy for the next person.
    response["Cache-Control"] = "private"
    return response
