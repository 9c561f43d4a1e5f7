"""Thumbnails of uploaded pictures, made once when a picture is uploaded and stored beside it, so
that pages send a small image instead of the original for the browser to scale down.

The upload has already passed `portal.lib.uploads.FileTypeValidator` (extension, size, magic
bytes); this module decodes it, which is where a picture that only looks valid is caught.
"""

import io
import warnings
from typing import IO

from PIL import Image, ImageOps

# A logo of this many pixels is already far larger than any page shows; beyond it, decoding
# would cost memory for nothing (and a small file can declare a huge picture).
MAX_PIXELS = 40_000_000


class UnreadableImage(ValueError):
    """The file is not a picture that can be decoded, or it declares too many pixels."""


def thumbnail_png(file: IO[bytes], *, size: int) -> bytes:
    """A PNG of the picture in `file`, fitting in a square `size` pixels a side (never enlarged),
    upright as the camera meant it, transparency kept. The first frame of an animation.

    Raises `UnreadableImage` when the content cannot be decoded.
    """
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            output = _thumbnail(file, size)
    except UnreadableImage:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise UnreadableImage(str(error)) from error
    except Image.DecompressionBombWarning as error:
        raise UnreadableImage(str(error)) from error
    finally:
        file.seek(0)
    return output


def _thumbnail(file: IO[bytes], size: int) -> bytes:
    with Image.open(file) as image:
        if image.width * image.height > MAX_PIXELS:
            raise UnreadableImage("The picture declares too many pixels.")
        image.seek(0)
        picture = ImageOps.exif_transpose(image)
        has_alpha = picture.mode in {"RGBA", "LA", "PA"} or (
            picture.mode == "P" and "transparency" in picture.info
        )
        picture = picture.convert("RGBA" if has_alpha else "RGB")
        picture.thumbnail((size, size), Image.Resampling.LANCZOS)
        output = io.BytesIO()
        picture.save(output, format="PNG", optimize=True)
    return output.getvalue()
