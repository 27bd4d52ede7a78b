"""One of every layout with realistic demo data (accents, Polish, CJK, Thai, Arabic names)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from .documents import (
    Address,
    BinLabel,
    CartonLabel,
    EvidenceLine,
    EvidencePack,
    EvidenceUnit,
    Manifest,
    ManifestRow,
    PackingSlip,
    PackingSlipLine,
    ProductLabel,
    ReturnLabel,
    ShippingLabel,
)
from .validators import gs1_check_digit, make_sscc

WAREHOUSE_DE = Address("Floor Fulfilment DE1", ("Logistikpark 7", "Halle B"), "Großbeeren", "14979", "DE",
                       company="Floor Logistics GmbH", phone="+49 33701 0000")
RETURNS_PL = Address("Floor Returns Centre PL2", ("ul. Magazynowa 12",), "Stryków", "95-010", "PL",
                     company="Floor Logistics Sp. z o.o.")

BUYERS = {
    "polish": Address("Małgorzata Wójcik-Żółkiewska", ("ul. Świętokrzyska 18 m. 4",), "Łódź", "90-001", "PL",
                      phone="+48 600 100 200"),
    "czech": Address("Jiří Dvořák", ("Náměstí Míru 1205/3",), "Brno", "602 00", "CZ"),
    "german": Address("Zoë Müller-Lüdenscheidt", ("Königsallee 92a", "3. OG"), "Düsseldorf", "40212", "DE"),
    "chinese": Address("张伟", ("朝阳区建国路88号", "SOHO现代城 5号楼 1203室"), "北京市", "100022", "CN",
                       phone="+86 10 5869 0000"),
    "japanese": Address("山田 花子", ("渋谷区神南1-2-3", "ハイツ渋谷 405"), "東京都", "150-0041", "JP"),
    "korean": Address("김민준", ("강남구 테헤란로 152",), "서울특별시", "06236", "KR"),
    "thai": Address("สมชาย ใจดี", ("99/1 ถนนสุขุมวิท", "แขวงคลองเตย"), "กรุงเทพมหานคร", "10110", "TH"),
    "arabic": Address("محمد العلي", ("شارع الشيخ زايد 12",), "دبي", "00000", "AE"),
}


def sscc(serial: int) -> str:
    """A demo SSCC under the GS1 example company prefix 4012345."""
    return make_sscc(0, "4012345", serial)


def gtin(body: str) -> str:
    """A GTIN with its check digit appended."""
    return body + gs1_check_digit(body)


def shipping_label(buyer: str = "polish") -> ShippingLabel:
    return ShippingLabel(
        ship_from=WAREHOUSE_DE, ship_to=BUYERS[buyer], carrier="DHL", service="Paket International",
        tracking_number="JJD0001234567890", sscc=sscc(1000001), order_ref="SO-2024-000815",
        seller_name="Kwiaciarnia Róża & Syn", weight_kg=1.25, ship_date=date(2024, 11, 27),
        package_index=1, package_count=2, reference="Gift, leave with neighbour")


def return_label(buyer: str = "chinese") -> ReturnLabel:
    return ReturnLabel(
        buyer=BUYERS[buyer], returns_to=RETURNS_PL, rma_number="RMA-7F3K2Q", order_ref="SO-2024-000815",
        seller_name="Kwiaciarnia Róża & Syn", carrier="DPD", service="Return Prepaid",
        tracking_number="05222800049786", issued_on=date(2024, 12, 2), reason="Wrong size")


def carton_label() -> CartonLabel:
    return CartonLabel(
        sscc=sscc(2000042), ship_from=WAREHOUSE_DE, ship_to=RETURNS_PL, gtin=gtin("1401234500001"), count=24,
        lot="L2411-07", best_before=date(2026, 5, 31), po="PO-88213", order_ref="TR-DE1-PL2-0042",
        carrier="Raben", weight_kg=12.4, package_index=3, package_count=8)


def bin_labels() -> list[BinLabel]:
    """An A4 sheet's worth of location labels for aisle A of warehouse DE1 (short enough for 2x1 at 203 dpi)."""
    return [BinLabel(code=f"A-{bay:02d}-{level:02d}", barcode=f"LOC-A-{bay:02d}-{level:02d}", zone="DE1 / Zone A",
                     caption="Pick face" if level == 1 else "Reserve")
            for bay in range(1, 9) for level in range(1, 4)]


def thermal_bin_label() -> BinLabel:
    """A bin label sized for a 2x1 inch thermal label (a short barcode fits 203 dpi)."""
    return BinLabel(code="Q-01", barcode="LOC-Q-01", zone="Quarantäne", caption="Returns cage")


def product_labels() -> list[ProductLabel]:
    return [
        ProductLabel(sku="KR-ROSE-RED-12", name="Bukiet róż czerwonych, 12 szt.", seller_name="Kwiaciarnia Róża & Syn",
                     gtin="4006381333931"),
        ProductLabel(sku="TEA-SENCHA-100", name="静岡県産 煎茶 100g", seller_name="お茶の山田園", gtin="036000291452"),
        ProductLabel(sku="CASE-24-CERAMIC", name="Ceramic mug, case of 24", seller_name="Ceramika Bolesławiec",
                     gtin=gtin("1590123412345")),
        ProductLabel(sku="TH-SILK-SCARF", name="ผ้าไหมไทย ผ้าพันคอ", seller_name="บ้านไหม", barcode="FLR-000123"),
    ]


def packing_slip() -> PackingSlip:
    lines = (
        PackingSlipLine("KR-ROSE-RED-12", "Bukiet róż czerwonych, 12 szt.", 1, "4006381333931"),
        PackingSlipLine("KR-VASE-GL-20", "Wazon szklany 20 cm – ręcznie dmuchany", 2),
        PackingSlipLine("TEA-SENCHA-100", "静岡県産 煎茶 100g", 3, "036000291452"),
        PackingSlipLine("GIFT-CARD-KR", "Kartka z życzeniami / 카드 / بطاقة تهنئة", 1),
    )
    return PackingSlip(order_ref="SO-2024-000815", seller_name="Kwiaciarnia Róża & Syn", ship_to=BUYERS["polish"],
                       ship_from=WAREHOUSE_DE, lines=lines, package_index=1, package_count=2, sscc=sscc(1000001),
                       notes="Dziękujemy za zakupy! Thank you for your order.")


SELLERS = ("Kwiaciarnia Róża & Syn", "お茶の山田園", "Ceramika Bolesławiec", "บ้านไหม", "Müller Bürobedarf GmbH",
           "서울 문구", "دار العطور", "Jiří Novák s.r.o.")
CET = timezone(timedelta(hours=1), "CET")


def manifest_rows(count: int, start: int = 0) -> tuple[ManifestRow, ...]:
    """`count` packages for one carrier: buyers in every script, S10-style, DHL and UPS tracking numbers."""
    buyers = list(BUYERS.values())
    services = ("Paket", "Paket International", "Warenpost", "Express 12:00")
    rows = []
    for i in range(start, start + count):
        buyer = buyers[i % len(buyers)]
        tracking = (f"JJD{14_000_000_000_000 + i * 7919:014d}" if i % 3 else
                    f"1Z999AA1{i:010d}" if i % 2 else f"RR{i:08d}{(i * 7) % 10}DE")
        rows.append(ManifestRow(tracking_number=tracking, sscc=sscc(5_000_000 + i) if i % 5 else "",
                                order_ref=f"SO-2024-{1000 + i:06d}", seller=SELLERS[i % len(SELLERS)],
                                ship_to_name=buyer.name, postal_code=buyer.postal_code, country=buyer.country,
                                service=services[i % len(services)], weight_kg=round(0.35 + (i * 37 % 200) / 40, 2)))
    return tuple(rows)


def manifest(count: int = 16) -> Manifest:
    """A DHL hand-off from DE1 with `count` packages (16 spill onto a second page)."""
    return Manifest(carrier="DHL", warehouse=WAREHOUSE_DE, day=date(2024, 11, 27), rows=manifest_rows(count),
                    generated_at=datetime(2024, 11, 27, 17, 45, tzinfo=CET))


@lru_cache(maxsize=64)
def demo_photo(seed: int, size: tuple[int, int] = (1280, 960), fmt: str = "JPEG") -> bytes:
    """A made-up photo of a parcel on the returns desk (a box, a dent, a label), distinct for each seed."""
    import io
    import random

    from PIL import Image, ImageDraw

    rnd = random.Random(seed)
    w, h = size
    base = (rnd.randrange(150, 230), rnd.randrange(140, 220), rnd.randrange(120, 200))
    image = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(image)
    for _ in range(12):  # desk grain
        y = rnd.randrange(h)
        draw.line((0, y, w, y + rnd.randrange(-40, 40)), fill=tuple(max(0, c - 25) for c in base),
                  width=rnd.randrange(2, 9))
    box = (w * 0.2 + rnd.randrange(60), h * 0.25, w * 0.78, h * 0.82 - rnd.randrange(60))
    draw.rectangle(box, fill=(196, 160, 110), outline=(110, 80, 40), width=max(3, w // 200))
    draw.polygon([(box[0] + 40, box[1] + 40), (box[0] + 180, box[1] + 90), (box[0] + 90, box[1] + 200)],
                 fill=(150, 115, 70))  # the dent
    draw.rectangle((box[2] - w * 0.22, box[3] - h * 0.2, box[2] - 20, box[3] - 20), fill=(250, 250, 250))
    grain = Image.frombytes("L", size, rnd.randbytes(w * h)).convert("RGB")  # sensor noise: real photos
    image = Image.blend(image, grain, 0.1)                                     # do not compress to nothing
    out = io.BytesIO()
    if fmt == "PNG":
        image = image.convert("RGBA")
        image.putalpha(255)
    image.save(out, fmt, **({"quality": 90} if fmt in ("JPEG", "WEBP") else {}))
    return out.getvalue()


def evidence_pack(units: int = 3, photos_per_unit: int = 3) -> EvidencePack:
    """A disputed return: two SKUs expected, one arrived damaged, one in Japanese arrived used, one missing;
    photos as JPEG, PNG and WebP, and one upload that is not an image at all."""
    at = datetime(2024, 12, 9, 10, 12, tzinfo=CET)
    expected = (
        EvidenceLine("KR-VASE-GL-20", "Wazon szklany 20 cm – ręcznie dmuchany", 2),
        EvidenceLine("TEA-SENCHA-100", "静岡県産 煎茶 100g", 1),
    )
    kinds = ("JPEG", "PNG", "WEBP")
    sizes = ((1280, 960), (640, 480), (960, 720))  # noisy PNG and WebP are slow to make: smaller ones
    made = []
    templates = [
        ("KR-VASE-GL-20", "Wazon szklany 20 cm – ręcznie dmuchany", "D", "damaged_in_transit",
         "Pęknięcie na szyjce, ok. 3 cm.\nOuter carton dented on one corner; inner wrap intact.", "dispose",
         "Seller asked to keep it as evidence", "Zoë Müller-Lüdenscheidt", "RET-02"),
        ("TEA-SENCHA-100", "静岡県産 煎茶 100g", "C", "used", "開封済み、約半分使用。 Seal broken, about half used.",
         "liquidate", "", "山田 花子", "RET-01"),
        ("KR-VASE-GL-20", "Wazon szklany 20 cm – ręcznie dmuchany", "missing", "", "Not in the parcel.", "missing",
         "", "Jiří Dvořák", "RET-02"),
    ]
    for i in range(units):
        sku, name, grade, reason, notes, disposition, override, clerk, station = templates[i % len(templates)]
        pictures = () if grade == "missing" else tuple(
            demo_photo(i * 10 + k, size=sizes[k % 3], fmt=kinds[k % 3]) for k in range(photos_per_unit))
        if i == 0 and pictures:
            pictures += (b"%PDF-1.4 this upload is not a photo",)
        made.append(EvidenceUnit(sku=sku, name=name, grade=grade, observed_reason=reason, notes=notes,
                                 disposition=disposition, override_reason=override, clerk=clerk, station=station,
                                 at=at + timedelta(minutes=7 * i), photos=pictures))
    return EvidencePack(
        rma_number="RMA-7F3K2Q", order_ref="SO-2024-000815", seller_name="Kwiaciarnia Róża & Syn",
        warehouse=RETURNS_PL, buyer=BUYERS["german"], buyer_reason="Vase arrived broken; tea was not what I ordered.",
        authorised_at=datetime(2024, 12, 2, 9, 30, tzinfo=CET), received_at=at,
        closed_at=at + timedelta(hours=3), expected=expected, units=tuple(made),
        generated_at=datetime(2024, 12, 11, 8, 0, tzinfo=CET))


def all_samples() -> dict[str, tuple[object, str]]:
    """Every layout's sample on every media it prints on, and the shipping label in two more scripts:
    name -> (document or documents, page)."""
    from .layouts import LAYOUTS

    out = {}
    for layout in LAYOUTS.values():
        for media in layout.media:
            name = layout.name.replace("_", "-") + (f"-{media.name.lower()}" if len(layout.media) > 1 else "")
            out[name] = (layout.sample(), media.name)
    out["shipping-label-cjk"] = (shipping_label("chinese"), "4x6")
    out["shipping-label-arabic"] = (shipping_label("arabic"), "4x6")
    return out


def write_samples(directory, dpis: tuple[int, ...] = (203, 300)) -> list:
    """Render every sample as PDF (and as ZPL on thermal media) into `directory`; returns the paths."""
    from pathlib import Path

    from .layouts import layout_of
    from .render import render_pdf
    from .zpl import render_zpl

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (doc, page) in all_samples().items():
        layout = layout_of(doc[0] if isinstance(doc, list) else doc)
        for dpi in dpis:
            path = out / f"{name}-{dpi}dpi.pdf"
            path.write_bytes(render_pdf(doc, dpi=dpi, page=page))
            written.append(path)
            if layout.thermal is not None and layout.thermal.name == page:
                path = out / f"{name}-{dpi}dpi.zpl"
                path.write_text(render_zpl(doc, dpi=dpi), encoding="utf-8")
                written.append(path)
    return written
