"""Photos for documents: decoded from whatever bytes were uploaded, turned upright, scaled to the size
they print at (~150 dpi there, not the camera's 4000 px), re-encoded as JPEG and embedded as they are
(DCTDecode); bytes that are not a readable JPEG, PNG or WebP become a labelled placeholder instead."""

from __future__ import annotations

import hashlib
import io
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from .embedding import Raw

FORMATS = {"JPEG", "PNG", "WEBP"}
PRINT_DPI = 150
MAX_PIXELS = 40_000_000  # a 40 MP photo is the largest a phone makes; more is a decompression bomb
QUALITY = 80


@dataclass(frozen=True)
class Photo:
    """A photo ready to place: its printed size in points, and its JPEG (or why there is none)."""

    width_pt: float
    height_pt: float
    jpeg: bytes = b""
    pixels: tuple[int, int] = (0, 0)
    problem: str = ""  # set when the bytes could not be shown

    @property
    def shown(self) -> bool:
        return not self.problem


_CACHE: OrderedDict[tuple, Photo] = OrderedDict()  # the last photos prepared (a pack is often rendered again)
_CACHE_SIZE = 128                                   # ~20 KB each: the scaled JPEGs, never the uploads
_LOCK = threading.Lock()


def prepare(data: bytes, max_width_pt: float, max_height_pt: float, *, dpi: int = PRINT_DPI) -> Photo:
    """Fit the photo into max_width x max_height points keeping its aspect ratio, downscaled to `dpi` at
    that size; a placeholder of the full box if it cannot be decoded."""
    data = bytes(data)
    key = (hashlib.blake2b(data, digest_size=20).digest(), round(max_width_pt, 3), round(max_height_pt, 3), dpi)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    photo = _prepare(data, max_width_pt, max_height_pt, dpi)
    with _LOCK:
        _CACHE[key] = photo
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return photo


def _prepare(data: bytes, max_width_pt: float, max_height_pt: float, dpi: int) -> Photo:
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in FORMATS:
            return _placeholder(max_width_pt, max_height_pt, f"{image.format or 'unknown'} image, not JPEG/PNG/WebP")
        width, height = image.size
        if width * height > MAX_PIXELS:
            return _placeholder(max_width_pt, max_height_pt, f"{width} x {height} pixels is too large to print")
        if image.getexif().get(0x0112, 1) in (5, 6, 7, 8):  # EXIF orientation: a quarter turn
            width, height = height, width
        scale = min(max_width_pt / width, max_height_pt / height)
        width_pt, height_pt = width * scale, height * scale
        target = (max(1, math.ceil(width_pt / 72 * dpi)), max(1, math.ceil(height_pt / 72 * dpi)))
        if image.format == "JPEG":  # decode at 1/2, 1/4 or 1/8 size straight away when that is still enough
            image.draft("RGB", target if width == image.size[0] else target[::-1])
        image = ImageOps.exif_transpose(image)
        image = _rgb(image)
        if image.width > target[0] or image.height > target[1]:
            image = image.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=QUALITY)
        return Photo(width_pt, height_pt, out.getvalue(), image.size)
    except UnidentifiedImageError:
        return _placeholder(max_width_pt, max_height_pt, f"not a JPEG, PNG or WebP image ({len(data):,} bytes)")
    except Exception as error:  # noqa: BLE001 - any bytes at all may arrive; none may break the document
        return _placeholder(max_width_pt, max_height_pt,
                            f"damaged or unreadable image data ({len(data):,} bytes, {type(error).__name__})")


def _placeholder(width_pt: float, height_pt: float, problem: str) -> Photo:
    return Photo(width_pt, min(height_pt, width_pt * 0.6), problem=problem)


def _rgb(image: Image.Image) -> Image.Image:
    """RGB on white: transparency (PNG, WebP) would print black in a JPEG."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, image).convert("RGB")
    return image.convert("RGB") if image.mode != "RGB" else image


def draw(canvas, photo: Photo, x_pt: float, y_pt: float) -> None:
    """Place a prepared photo with its lower-left corner at (x, y) points, as an image XObject that a
    second use of the same photo in the document shares."""
    name = "Photo" + hashlib.sha1(photo.jpeg).hexdigest()[:20]  # noqa: S324 - a name, not security
    doc = canvas._doc  # noqa: SLF001
    internal = f"FormXob.{name}"
    if internal not in doc.idToObject:
        w, h = photo.pixels
        head = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (w, h, len(photo.jpeg)))
        doc.Reference(Raw(head + photo.jpeg + b"\nendstream"), internal)
    canvas._formsinuse.append(name)  # noqa: SLF001 - the page's XObject resources
    canvas._code.append(f"q {photo.width_pt:.3f} 0 0 {photo.height_pt:.3f} {x_pt:.3f} {y_pt:.3f} cm /{internal} Do Q")  # noqa: SLF001
