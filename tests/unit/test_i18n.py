"""Every text a person reads goes through `_`, and the shipped catalogs hold all of them."""

from __future__ import annotations

from babel.messages.pofile import read_po

from app import i18n
from app.i18n import catalog


def test_the_english_catalog_holds_every_text_in_the_code():
    in_code = {m.id for m in catalog.extract() if m.id}
    with catalog.po_path("en").open("rb") as f:
        shipped = {m.id for m in read_po(f) if m.id}
    missing = sorted(str(m) for m in in_code - shipped)
    assert not missing, f"run `make i18n`; not in the catalog: {missing[:10]}"


def test_the_compiled_catalog_is_up_to_date_with_its_source():
    shipped = catalog.po_path("en").with_suffix(".mo").read_bytes()
    assert shipped == catalog.compiled("en"), "run `make i18n` to recompile floor.mo"


def test_values_are_filled_in_after_translation_and_plurals_follow_the_count():
    assert i18n._("No order {id}.", id=7) == "No order 7."
    one = i18n.n_("Badge or PIN not recognised. {n} more try before this badge locks.",
                  "Badge or PIN not recognised. {n} more tries before this badge locks.", 1)
    many = i18n.n_("Badge or PIN not recognised. {n} more try before this badge locks.",
                   "Badge or PIN not recognised. {n} more tries before this badge locks.", 3)
    assert (one, many) == ("Badge or PIN not recognised. 1 more try before this badge locks.",
                           "Badge or PIN not recognised. 3 more tries before this badge locks.")


def test_an_unknown_locale_falls_back_to_english():
    i18n.set_locale("xx")
    try:
        assert i18n.current_locale() == "en"
        assert i18n._("Badge or PIN not recognised.") == "Badge or PIN not recognised."
    finally:
        i18n.set_locale("en")
