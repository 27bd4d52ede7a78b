"""The return evidence pack: what was recorded reads back in any script, the photos are in it (scaled
down, upright), an unreadable upload is a placeholder, and bad data names its field."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime

import pypdf
import pytest
from PIL import Image

from printing import EvidenceLine, EvidencePack, EvidenceUnit, LabelDataError, render_pdf
from printing.layouts.evidence import summary
from printing.samples import demo_photo, evidence_pack

from .scanning import page_text, reads_back, squeeze

SAMPLE = evidence_pack()


def images(pdf: bytes) -> list[tuple[int, int]]:
    """(width, height) in pixels of every image XObject of the document, each counted once."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    seen = {}
    for page in reader.pages:
        for ref in (page["/Resources"].get("/XObject") or {}).values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                seen[ref.idnum] = (int(obj["/Width"]), int(obj["/Height"]))
    return list(seen.values())


def unit(**changes) -> EvidenceUnit:
    return replace(SAMPLE.units[0], **changes)


def test_grades_notes_clerks_and_stations_read_back_in_their_scripts():
    odd = unit(grade="Z-unheard-of", notes="Kratzer am Griff; 傷あり", photos=())
    pack = replace(SAMPLE, units=SAMPLE.units + (odd,))
    raw = page_text(render_pdf(pack, page="Letter"))
    text = squeeze(raw)
    for wanted in ("D: damaged", "C: used", "Missing", "Z-unheard-of", "Damaged in transit", "Dispose", "Liquidate",
                   "Pęknięcie na szyjce, ok. 3 cm.", "Outer carton dented on one corner; inner wrap intact.",
                   "開封済み、約半分使用。", "Kratzer am Griff; 傷あり", "Seller asked to keep it as evidence",
                   "RMA-7F3K2Q", "SO-2024-000815", "Vase arrived broken; tea was not what I ordered."):
        assert squeeze(wanted) in text, wanted
    for u in pack.units:
        assert reads_back(u.clerk, raw) and squeeze(u.station) in text and squeeze(u.name) in text
    assert reads_back(pack.buyer.name, raw) and reads_back(pack.warehouse.name, raw)


def test_the_summary_counts_expected_received_missing_and_extra_per_sku():
    extra = unit(sku="MUG-UNEXPECTED", name="Kubek 0,3 l", grade="not_ours", photos=())
    pack = replace(SAMPLE, units=SAMPLE.units + (extra,))
    assert summary(pack) == [
        ("KR-VASE-GL-20", "Wazon szklany 20 cm – ręcznie dmuchany", 2, 1, 1, 0),
        ("TEA-SENCHA-100", "静岡県産 煎茶 100g", 1, 1, 0, 0),
        ("MUG-UNEXPECTED", "Kubek 0,3 l", 0, 1, 0, 1),
    ]
    text = squeeze(page_text(render_pdf(pack)))
    assert "EXPECTEDANDRECEIVED" in text and "Total3311" in text


def test_every_decodable_photo_is_an_image_and_the_unreadable_one_a_labelled_placeholder():
    pdf = render_pdf(SAMPLE)
    shown = sum(1 for u in SAMPLE.units for p in u.photos if not p.startswith(b"%PDF"))
    assert len(images(pdf)) == shown == 6
    text = squeeze(page_text(pdf))
    assert "Photo4couldnotbeshown" in text and "notaJPEG,PNGorWebPimage(35bytes)" in text
    assert "Nophotos:theunitdidnotarrive." in text


# The RMA's Code 128 on page 1 (and no other symbol in any photo) decoding at 203 and 300 dpi with bars on
# the dot grid is checked with every other layout's barcodes in test_barcodes_scan.py ("evidence-pack-a4").


def test_twenty_units_with_three_big_photos_each_stay_small_with_photos_at_about_150_dpi():
    big = [demo_photo(100 + n, size=(1280, 960)) for n in range(60)]  # ~0.4 MB each, as a phone at low quality
    units = tuple(unit(sku=f"SKU-{i:02d}", photos=tuple(big[3 * i:3 * i + 3])) for i in range(20))
    pack = replace(SAMPLE, units=units, expected=(EvidenceLine("SKU-00", "Vase", 20),))
    pdf = render_pdf(pack)
    found = images(pdf)
    assert len(found) == 60
    assert len(pdf) < 3_000_000 and len(pdf) < sum(map(len, big)) / 4
    # a photo prints at most ~58 mm wide (three a row on A4) or 62 mm high: 150 dpi is ~343 x 367 px
    assert all(w <= 345 and h <= 370 for w, h in found), found[:5]
    texts = page_text(pdf)
    assert squeeze("Unit 20 of 20") in squeeze(texts)


def test_pages_are_numbered_n_of_m():
    pdf = render_pdf(replace(SAMPLE, units=SAMPLE.units * 3))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    assert total >= 3
    for number, page in enumerate(reader.pages, start=1):
        assert f"page{number}of{total}" in squeeze(page.extract_text())


def test_a_photo_taken_on_its_side_prints_upright():
    image = Image.new("RGB", (800, 400), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to view
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    pdf = render_pdf(replace(SAMPLE, units=(unit(photos=(out.getvalue(),)),)))
    [(w, h)] = images(pdf)
    assert h > w


def test_an_image_too_big_to_decode_safely_is_a_placeholder():
    out = io.BytesIO()
    Image.new("1", (7000, 7000)).save(out, "PNG")  # 49 megapixels in a few KB
    pdf = render_pdf(replace(SAMPLE, units=(unit(photos=(out.getvalue(), b"", b"\xff\xd8\xff\xe0 truncated")),)))
    assert images(pdf) == []
    text = squeeze(page_text(pdf))
    assert "7000x7000pixelsistoolargetoprint" in text and text.count("couldnotbeshown") == 3


def test_an_open_rma_with_nothing_received_yet_renders():
    pack = replace(SAMPLE, received_at=None, closed_at=None, units=(), buyer_reason="")
    text = squeeze(page_text(render_pdf(pack)))
    assert "Receivednotyet" in text and "Closedstillopen" in text and "UNITS:nonerecorded" in text
    assert "Total" in text and "KR-VASE-GL-20" in text


@pytest.mark.parametrize("make,field", [
    (lambda: replace(SAMPLE, rma_number=""), "rma_number"),
    (lambda: replace(SAMPLE, rma_number="RMA 7F3K2Q ü"), "rma_number"),
    (lambda: replace(SAMPLE, seller_name=None), "seller_name"),
    (lambda: replace(SAMPLE, warehouse=None), "warehouse"),
    (lambda: replace(SAMPLE, buyer=replace(SAMPLE.buyer, name="")), "buyer.name"),
    (lambda: replace(SAMPLE, authorised_at=None), "authorised_at"),
    (lambda: replace(SAMPLE, received_at="2024-12-09"), "received_at"),
    (lambda: replace(SAMPLE, generated_at=None), "generated_at"),
    (lambda: replace(SAMPLE, expected=(EvidenceLine("SKU", "Vase", -1),)), "expected[0].quantity"),
    (lambda: replace(SAMPLE, expected=(EvidenceLine("", "Vase", 1),)), "expected[0].sku"),
    (lambda: replace(SAMPLE, units=(unit(), unit(clerk=""))), "units[1].clerk"),
    (lambda: replace(SAMPLE, units=(unit(sku=None),)), "units[0].sku"),
    (lambda: replace(SAMPLE, units=(unit(grade=""),)), "units[0].grade"),
    (lambda: replace(SAMPLE, units=(unit(at=None),)), "units[0].at"),
    (lambda: replace(SAMPLE, units=(unit(notes="x" * 501),)), "units[0].notes"),
    (lambda: replace(SAMPLE, units=(unit(photos=("photo.jpg",)),)), "units[0].photos[0]"),
    (lambda: replace(SAMPLE, units=("unit",)), "units[0]"),
])
def test_missing_or_bad_required_fields_name_the_field(make, field):
    with pytest.raises(LabelDataError) as caught:
        make()
    assert caught.value.field == field


def test_optional_fields_may_be_empty():
    bare = EvidenceUnit(sku="S1", name="Mug", grade="A", observed_reason="", notes="", disposition="",
                        override_reason="", clerk="Ann", station="", at=datetime(2024, 12, 9, 10, 0))
    pack = EvidencePack(rma_number="RMA-1", order_ref="SO-1", seller_name="Ceramika", warehouse=SAMPLE.warehouse,
                        buyer=SAMPLE.buyer, buyer_reason="", authorised_at=datetime(2024, 12, 1, 9, 0),
                        received_at=None, closed_at=None, expected=[], units=[bare],
                        generated_at=datetime(2024, 12, 9, 11, 0))
    assert isinstance(pack.units, tuple) and isinstance(pack.expected, tuple)
    text = squeeze(page_text(render_pdf(pack, page="Letter")))
    assert "notdecided" in text and "Nophotosweretaken." in text
