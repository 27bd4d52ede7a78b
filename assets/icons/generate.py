"""Floor's own app icon (home screens, the browser tab, the loading screen), drawn with Pillow.

    python assets/icons/generate.py assets

A white bin label on the brand navy (#0B3D91): a bold "F" over barcode bars. Maskable variants keep
everything inside the middle 80 % (Android crops the rest to its own shape).
"""

import json
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

NAVY, WHITE, AMBER = (11, 61, 145), (255, 255, 255), (255, 193, 7)
FONT = Path(__file__).resolve().parents[1] / "fonts" / "DejaVuSans-Bold.ttf"
BARS = (3, 1, 2, 1, 1, 3, 2, 1, 1, 2, 3, 1, 1, 2)   # bar, gap, bar, gap... in modules


def icon(size: int, *, safe: float = 1.0, round_corners: bool = True) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    radius = int(size * 0.18) if round_corners else 0
    d.rounded_rectangle((0, 0, size - 1, size - 1), radius=radius, fill=NAVY)
    inner = size * safe
    x0, y0 = (size - inner) / 2, (size - inner) / 2
    label = (x0 + inner * 0.16, y0 + inner * 0.14, x0 + inner * 0.84, y0 + inner * 0.86)
    d.rounded_rectangle(label, radius=int(inner * 0.06), fill=WHITE)
    font = ImageFont.truetype(str(FONT), int(inner * 0.42))
    d.text(((label[0] + label[2]) / 2, label[1] + inner * 0.27), "F", font=font, fill=NAVY, anchor="mm")
    module = (label[2] - label[0] - inner * 0.12) / sum(BARS)
    x, top, bottom = label[0] + inner * 0.06, label[1] + inner * 0.48, label[3] - inner * 0.07
    for i, width in enumerate(BARS):
        if i % 2 == 0:
            d.rectangle((x, top, x + width * module - 1, bottom), fill=NAVY)
        x += width * module
    d.rectangle((label[0], label[3] - inner * 0.035, label[2], label[3]), fill=AMBER)
    return img


def main(assets: Path) -> None:
    out = assets / "icons"
    out.mkdir(exist_ok=True)
    icon(192).save(out / "icon-192.png")
    icon(512).save(out / "icon-512.png")
    icon(192, safe=0.8, round_corners=False).save(out / "icon-maskable-192.png")
    icon(512, safe=0.8, round_corners=False).save(out / "icon-maskable-512.png")
    icon(192, round_corners=False).convert("RGB").save(out / "apple-touch-icon-192.png")
    icon(192).save(out / "loading-animation.png")
    icon(64).save(assets / "favicon.png")
    manifest = {
        "name": "Floor", "short_name": "Floor", "start_url": ".", "display": "standalone",
        "background_color": "#FFFFFF", "theme_color": "#0B3D91", "description": "Warehouse floor stations",
        "orientation": "natural", "prefer_related_applications": False,
        "icons": [{"src": f"icons/icon-{s}.png", "sizes": f"{s}x{s}", "type": "image/png"} for s in (192, 512)]
        + [{"src": f"icons/icon-maskable-{s}.png", "sizes": f"{s}x{s}", "type": "image/png", "purpose": "maskable"}
           for s in (192, 512)],
    }
    (assets / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]))
