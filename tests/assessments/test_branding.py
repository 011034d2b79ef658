"""A consultancy's logo, checked by its content and re-encoded as PNG."""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile, PngImagePlugin

from assessments.branding import LOGO_MAX_SIZE, logo_png
from assessments.models.consultancies import LOGO_MAX_BYTES


def image_bytes(image_format: str, size=(120, 60), mode="RGB", **save) -> bytes:
    output = BytesIO()
    Image.new(mode, size, "#0b5c6b" if mode == "RGB" else 0).save(output, image_format, **save)
    return output.getvalue()


def opened(data: bytes) -> Image.Image:
    image = Image.open(BytesIO(data))
    image.load()
    return image


def refusal(data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        logo_png(data)
    return error.value


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width`` × ``height`` pixels (its pixel data is not that large)."""
    data = bytearray(image_bytes("PNG", size=(1, 1)))
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(data)


def test_a_png_is_re_encoded_as_png():
    logo = opened(logo_png(image_bytes("PNG")))
    assert (logo.format, logo.size) == ("PNG", (120, 60))
    assert logo.getpixel((0, 0))[:3] == (11, 92, 107)


def test_a_jpeg_becomes_a_png():
    logo = opened(logo_png(image_bytes("JPEG")))
    assert (logo.format, logo.size) == ("PNG", (120, 60))


def test_a_png_with_transparency_keeps_it():
    logo = opened(logo_png(image_bytes("PNG", mode="RGBA")))
    assert logo.mode == "RGBA"
    assert logo.getpixel((0, 0))[3] == 0


def test_a_palette_png_with_a_transparent_colour_keeps_it():
    palette = Image.new("P", (10, 10), 0)
    palette.putpalette([11, 92, 107, 255, 255, 255])
    palette.putpixel((0, 0), 1)
    output = BytesIO()
    palette.save(output, "PNG", transparency=1)
    logo = opened(logo_png(output.getvalue()))
    assert logo.mode == "RGBA"
    assert (logo.getpixel((0, 0))[3], logo.getpixel((5, 5))[3]) == (0, 255)


def test_a_cmyk_jpeg_is_converted_to_rgb():
    assert opened(logo_png(image_bytes("JPEG", mode="CMYK"))).mode == "RGB"


def test_a_large_logo_is_scaled_down_keeping_its_proportions():
    logo = opened(logo_png(image_bytes("PNG", size=(3200, 800))))
    assert logo.size == (LOGO_MAX_SIZE[0], 200)


def test_metadata_is_not_kept():
    exif = Image.Exif()
    exif[0x013B] = "Photographer's name"  # Artist
    jpeg = opened(logo_png(image_bytes("JPEG", exif=exif)))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Someone")
    png = opened(logo_png(image_bytes("PNG", pnginfo=info)))
    assert not jpeg.getexif()
    assert "exif" not in jpeg.info
    assert "Author" not in png.info


def test_a_photo_is_turned_the_way_its_metadata_says():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    logo = opened(logo_png(image_bytes("JPEG", size=(120, 60), exif=exif)))
    assert logo.size == (60, 120)


def test_a_png_named_jpg_is_fine_as_the_content_decides():
    # logo_png never sees the name: the content alone decides.
    assert opened(logo_png(image_bytes("PNG"))).format == "PNG"


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><rect width="9" height="9"/></svg>',
        b"This is a text file, whatever its name says.",
        b"\x89PNG\r\n\x1a\n but not much of one",
        bytes(range(256)) * 8,
        b"",
    ],
    ids=["svg", "text", "png-signature-only", "garbage", "empty"],
)
def test_what_is_not_an_image_is_refused(data):
    error = refusal(data)
    assert error.code == "not_an_image"
    assert "not a PNG or JPEG image" in error.messages[0]


@pytest.mark.parametrize("image_format", ["GIF", "WEBP", "BMP", "TIFF"])
def test_other_image_formats_are_refused_by_name(image_format):
    error = refusal(image_bytes(image_format))
    assert error.code == "format"
    assert f"this file is a {image_format} image" in error.messages[0]


def test_a_file_over_1_mb_is_refused_before_it_is_read_as_an_image():
    data = image_bytes("PNG") + bytes(LOGO_MAX_BYTES)
    error = refusal(data)
    assert error.code == "too_large"
    assert "larger than 1 MB" in error.messages[0]


def test_a_file_of_exactly_1_mb_is_accepted():
    data = image_bytes("PNG")
    padded = data + bytes(LOGO_MAX_BYTES - len(data))  # what follows a PNG's end is ignored
    assert opened(logo_png(padded)).format == "PNG"


@pytest.mark.parametrize(
    "size",
    [(6000, 6000), (10000, 10000), (30000, 30000)],
    ids=["above-the-logo-limit", "above-pillows-warning", "above-pillows-decompression-bomb-error"],
)
def test_an_image_claiming_too_many_pixels_is_refused_before_it_is_decoded(size):
    error = refusal(png_claiming(*size))
    assert error.code == "too_many_pixels"
    assert "too many pixels" in error.messages[0]


def test_a_truncated_image_is_refused_as_damaged(monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", False)  # Pillow's default
    data = image_bytes("JPEG", size=(400, 400))
    error = refusal(data[: len(data) // 2])
    assert error.code == "unreadable"
    assert "This JPEG file is damaged or incomplete" in error.messages[0]


def test_once_weasyprint_is_loaded_a_truncated_image_is_completed_not_refused(monkeypatch):
    # WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process; what is stored is still a PNG
    # that Pillow wrote.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = image_bytes("JPEG", size=(400, 400))
    assert opened(logo_png(data[: len(data) // 2])).format == "PNG"
