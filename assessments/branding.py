"""A consultancy's branding: its logo, checked by content and re-encoded, and its accent colour's contrast.

A logo is accepted only if Pillow reads it as PNG or JPEG, whatever the file's name or declared type; it is
then re-encoded as a PNG of at most ``LOGO_MAX_SIZE`` pixels a side, without the upload's metadata (EXIF,
text chunks, colour profile), so that what is stored and served is an image Pillow wrote, never the upload.
"""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from cxmaturity.colours import GRAPHICS_CONTRAST

from .models.consultancies import LOGO_MAX_BYTES

ACCEPTED_FORMATS = {"PNG", "JPEG"}
LOGO_MAX_SIZE = (800, 800)
# A logo wider or taller than a large poster is refused before its pixels are decoded: a small compressed
# file can claim billions of pixels (a "decompression bomb"). Pillow's own limit (Image.MAX_IMAGE_PIXELS,
# about 89 million, an error at twice that) is far above what a logo needs.
LOGO_MAX_PIXELS = 25_000_000
# The contrast with white that an accent colour needs: it colours headings and rules on white reports
# (WCAG 2.1, 1.4.11 and large text in 1.4.3).
ACCENT_MIN_CONTRAST = GRAPHICS_CONTRAST


def logo_png(data: bytes) -> bytes:
    """The uploaded logo as a clean PNG; ``ValidationError`` with a message for the person otherwise."""
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is larger than %(limit)s MB. Save it smaller and upload it again."),
            code="too_large",
            params={"limit": LOGO_MAX_BYTES // (1024 * 1024)},
        )
    image_format = _checked_format(data)
    try:
        with Image.open(BytesIO(data)) as image:
            image.draft("RGB", LOGO_MAX_SIZE)  # JPEG: decode at a reduced scale when the image is large
            image.load()
            return _reencoded(image)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("This %(format)s file is damaged or incomplete, so it cannot be used as a logo."),
            code="unreadable",
            params={"format": image_format},
        ) from error


def _checked_format(data: bytes) -> str:
    """PNG or JPEG, read from the content, of a size safe to decode; ``ValidationError`` otherwise."""
    try:
        with Image.open(BytesIO(data)) as image:
            image_format, pixels = image.format, image.width * image.height
            image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow's error, or its warning where warnings are errors; otherwise the check below refuses it.
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This file is not a PNG or JPEG image. Upload the logo as PNG or JPEG."), code="not_an_image"
        ) from error
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("Only PNG and JPEG logos are accepted; this file is a %(format)s image."),
            code="format",
            params={"format": image_format},
        )
    if pixels > LOGO_MAX_PIXELS:
        raise _too_many_pixels()
    return image_format


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _(
            "The logo has too many pixels to be processed safely. "
            "Use an image of at most 5,000 × 5,000 pixels."
        ),
        code="too_many_pixels",
    )


def _reencoded(image: Image.Image) -> bytes:
    image = ImageOps.exif_transpose(image)  # a photo's orientation lives in the metadata dropped below
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        has_alpha = image.mode in ("P", "PA", "La", "RGBa") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail(LOGO_MAX_SIZE)
    image.info = {}
    output = BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()
