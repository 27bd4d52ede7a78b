"""Fonts are embedded the cheap way (fixed Latin subsets built once) without losing a character."""

from __future__ import annotations

import re
from dataclasses import replace

from printing import render_pdf
from printing.embedding import LATIN
from printing.samples import packing_slip, shipping_label, thermal_bin_label

from .scanning import page_text, squeeze


def base_fonts(pdf: bytes) -> set[str]:
    return {m.decode() for m in re.findall(rb"/BaseFont /([A-Z]{6}\+[\w-]+)", pdf)}


def streams(pdf: bytes) -> list[bytes]:
    return re.findall(rb"stream\n(.*?)\nendstream", pdf, re.S)


def test_the_fixed_latin_subsets_are_the_same_bytes_in_every_pdf():
    one = render_pdf(shipping_label("polish"))
    other = render_pdf(replace(shipping_label("czech"), tracking_number="1Z999AA10123456784", order_ref="SO-9"))
    shared = set(streams(one)) & set(streams(other))
    assert len([s for s in shared if len(s) > 5000]) >= 2  # font programs of DejaVu Sans and Bold


def test_a_fixed_subset_no_text_uses_is_left_out():
    pdf = render_pdf(thermal_bin_label(), page="2x1")  # ASCII and "ä": Latin-1 only
    assert "AAAAAA+DejaVuSans" in base_fonts(pdf)
    assert "AAAAAB+DejaVuSans" not in base_fonts(pdf) and "AAAAAB+DejaVuSans-Bold" not in base_fonts(pdf)


def test_every_character_of_the_fixed_subsets_reads_back():
    chars = "".join(c for c in "".join(LATIN) if c.isprintable() and not c.isspace() and c not in "\xad")
    base = shipping_label("german")
    for start in range(0, len(chars), 36):
        chunk = chars[start:start + 36]
        label = replace(base, ship_to=replace(base.ship_to, lines=(chunk[:18], chunk[18:]) if chunk[18:] else (chunk,)))
        text = squeeze(page_text(render_pdf(label)))
        assert squeeze(chunk[:18]) in text and squeeze(chunk[18:]) in text, chunk


def test_characters_beyond_the_fixed_subsets_get_subsets_of_their_own_and_read_back():
    base = shipping_label("german")
    label = replace(base, ship_to=replace(base.ship_to, name="Дмитрий Γιώργος Nguyễn", lines=("ул. Тверская 7",)))
    for pdf in (render_pdf(label), render_pdf([label, base])):
        assert "AAAAAC+DejaVuSans" in base_fonts(pdf) or "AAAAAC+DejaVuSans-Bold" in base_fonts(pdf)
        text = squeeze(page_text(pdf))
        assert "ДмитрийΓιώργοςNguyễn" in text and "ул.Тверская7" in text


def test_a_script_font_embeds_only_the_characters_drawn_with_it():
    pdf = render_pdf(shipping_label("chinese"))
    last_chars = re.findall(rb"/BaseFont /AAAAAA\+DroidSansFallback /FirstChar 0 /LastChar (\d+)", pdf)
    han = {c for c in "".join((shipping_label("chinese").ship_to.name, *shipping_label("chinese").ship_to.lines,
                               shipping_label("chinese").ship_to.city)) if ord(c) > 0x2E80}
    # codes 1-31 first, code 32 is always a space: ReportLab would also have copied in all of ASCII (127+)
    assert last_chars and int(last_chars[0]) <= max(32, len(han) + 1)


def test_a_batch_with_every_script_reads_back_page_by_page_compressed():
    from printing.samples import BUYERS
    labels = [shipping_label(buyer) for buyer in BUYERS]
    pdf = render_pdf(labels)
    assert b"/FlateDecode" in pdf
    import pypdfium2 as pdfium
    document = pdfium.PdfDocument(pdf)
    try:
        for page, label in zip(document, labels):
            text = squeeze(page.get_textpage().get_text_range())
            if not any("\u0600" <= c <= "\u06ff" for c in label.ship_to.name):
                assert squeeze(label.ship_to.name) in text
            assert squeeze(label.seller_name) in text
    finally:
        document.close()


def test_the_packing_slip_dash_and_accents_read_back():
    slip = packing_slip()
    text = squeeze(page_text(render_pdf(slip)))
    assert squeeze("Wazon szklany 20 cm – ręcznie dmuchany") in text
