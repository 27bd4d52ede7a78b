"""One of every layout with realistic demo data (accents, Polish, CJK, Thai, Arabic names)."""

from __future__ import annotations

from datetime import date

from .documents import (Address, BinLabel, CartonLabel, PackingSlip, PackingSlipLine, ProductLabel, ReturnLabel,
                        ShippingLabel)
from .validators import gs1_check_digit, make_sscc

WAREHOUSE_DE = Address("Floor Fulfilment DE1", ("Logistikpark 7", "Halle B"), "Großbeeren", "14979", "DE",
                       company="Floor Logistics GmbH", phone="+49 33701 0000")
RETURNS_PL = Address("Floor Returns Centre PL2", ("ul. Magazynowa 12",), "Stryków", "95-010", "PL",
                     company="Floor Logistics Sp. z o.o.")

BUYERS = {
    "polish": Address("Małgorzata Wójcik-Żółkiewska", ("ul. Świętokrzyska 18 m. 4",), "Łódź", "90-001", "PL", phone="+48 600 100 200"),
    "czech": Address("Jiří Dvořák", ("Náměstí Míru 1205/3",), "Brno", "602 00", "CZ"),
    "german": Address("Zoë Müller-Lüdenscheidt", ("Königsallee 92a", "3. OG"), "Düsseldorf", "40212", "DE"),
    "chinese": Address("张伟", ("朝阳区建国路88号", "SOHO现代城 5号楼 1203室"), "北京市", "100022", "CN", phone="+86 10 5869 0000"),
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
    """A sheet's worth of location labels for aisle A of warehouse DE1."""
    return [BinLabel(code=f"A-{bay:02d}-{level:02d}", barcode=f"LOC-DE1-A-{bay:02d}-{level:02d}", zone="DE1 / Zone A",
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


def all_samples() -> dict[str, tuple[object, str | None]]:
    """Every layout once: name -> (document or documents, page)."""
    return {
        "shipping-label": (shipping_label("polish"), None),
        "shipping-label-cjk": (shipping_label("chinese"), None),
        "shipping-label-arabic": (shipping_label("arabic"), None),
        "return-label": (return_label("chinese"), None),
        "carton-label": (carton_label(), None),
        "bin-labels-a4": (bin_labels(), "A4"),
        "bin-labels-letter": (bin_labels(), "Letter"),
        "bin-label-2x1": (thermal_bin_label(), "2x1"),
        "product-label": (product_labels()[0], None),
        "product-labels": (product_labels(), None),
        "packing-slip-a4": (packing_slip(), "A4"),
        "packing-slip-letter": (packing_slip(), "Letter"),
    }


def write_samples(directory, dpis: tuple[int, ...] = (203, 300)) -> list:
    """Render every sample layout as PDF (and ZPL for thermal ones) into `directory`; returns the paths."""
    from pathlib import Path

    from .documents import THERMAL
    from .render import render_pdf
    from .zpl import render_zpl

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (doc, page) in all_samples().items():
        for dpi in dpis:
            path = out / f"{name}-{dpi}dpi.pdf"
            path.write_bytes(render_pdf(doc, dpi=dpi, page=page))
            written.append(path)
            one = doc[0] if isinstance(doc, list) else doc
            if isinstance(one, THERMAL) and page in (None, "2x1"):
                path = out / f"{name}-{dpi}dpi.zpl"
                path.write_text(render_zpl(doc, dpi=dpi), encoding="utf-8")
                written.append(path)
    return written
