"""Every text a person reads goes through `_`, and every shipped catalogue holds all of them, translated."""

from __future__ import annotations

import contextvars
from datetime import UTC, date, datetime, timedelta

import pytest
from babel.messages.pofile import read_po

from app import i18n
from app.i18n import LANGUAGES, catalog, formats, units


def test_the_english_catalog_holds_every_text_in_the_code():
    in_code = {m.id for m in catalog.extract() if m.id}
    with catalog.po_path("en").open("rb") as f:
        shipped = {m.id for m in read_po(f) if m.id}
    missing = sorted(str(m) for m in in_code - shipped)
    assert not missing, f"run `make i18n`; not in the catalog: {missing[:10]}"


@pytest.mark.parametrize("locale", [code for code in LANGUAGES if code != "en"])
def test_every_language_translates_every_message_with_its_fields_and_plural_forms(locale):
    problems = catalog.problems(locale)
    assert not problems, (f"{len(problems)} messages of {locale} need a translator (`make i18n` merges new "
                          f"texts; `.venv/bin/python -m app.i18n.catalog --missing` lists them):\n"
                          + "\n".join(problems[:25]))


@pytest.mark.parametrize("locale", list(LANGUAGES))
def test_the_compiled_catalog_is_up_to_date_with_its_source(locale):
    shipped = catalog.po_path(locale).with_suffix(".mo").read_bytes()
    assert shipped == catalog.compiled(locale), "run `make i18n` to recompile floor.mo"


def test_the_missing_message_check_finds_a_gap_a_wrong_field_and_a_missing_plural_form(tmp_path, monkeypatch):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    po = tmp_path / "es" / "LC_MESSAGES" / "floor.po"
    po.parent.mkdir(parents=True)
    cat = Catalog(locale="es", domain="floor")
    for msg in catalog.extract():
        if msg.id:
            text = "Ningún pedido {ident}." if msg.id == "No order {id}." else msg.id
            cat.add(msg.id, (msg.id[0], "") if isinstance(msg.id, tuple) else text, flags=msg.flags)
    with po.open("wb") as f:
        write_po(f, cat)
    monkeypatch.setattr(catalog, "po_path", lambda locale: po)
    found = "\n".join(catalog.problems("es"))
    assert len(catalog.problems("es")) == 1 + sum(isinstance(m.id, tuple) for m in catalog.extract())
    assert "fields ['ident'] instead of ['id']: 'No order {id}.'" in found
    assert "untranslated: 'Badge or PIN not recognised. {n} more try before this badge locks.'" in found
    with po.open("wb") as f:   # one message gone altogether
        write_po(f, Catalog(locale="es", domain="floor"))
    assert "missing: 'Log out'" in catalog.problems("es")


def test_values_are_filled_in_after_translation_and_plurals_follow_the_count():
    assert i18n._("No order {id}.", id=7) == "No order 7."
    one = i18n.n_("Badge or PIN not recognised. {n} more try before this badge locks.",
                  "Badge or PIN not recognised. {n} more tries before this badge locks.", 1)
    many = i18n.n_("Badge or PIN not recognised. {n} more try before this badge locks.",
                   "Badge or PIN not recognised. {n} more tries before this badge locks.", 3)
    assert (one, many) == ("Badge or PIN not recognised. 1 more try before this badge locks.",
                           "Badge or PIN not recognised. 3 more tries before this badge locks.")


def test_plurals_follow_each_languages_rule():
    tries = ("Badge or PIN not recognised. {n} more try before this badge locks.",
             "Badge or PIN not recognised. {n} more tries before this badge locks.")
    with i18n.using("fr"):   # French: 0 and 1 are singular
        assert i18n.n_(*tries, 0) != i18n.n_(*tries, 2) and "0" in i18n.n_(*tries, 0)
        assert i18n.n_(*tries, 1).replace("1", "0") == i18n.n_(*tries, 0)
    with i18n.using("es"):
        assert i18n.n_(*tries, 1).replace("1", "2") != i18n.n_(*tries, 2)
    with i18n.using("zh_Hans"):   # one form
        assert i18n.n_(*tries, 1).replace("1", "3") == i18n.n_(*tries, 3)


def test_an_unknown_locale_falls_back_to_english():
    with i18n.using("xx"):
        assert i18n.current_locale() == "en"
        assert i18n._("Badge or PIN not recognised.") == "Badge or PIN not recognised."


def test_a_scope_speaks_its_language_and_then_the_one_before():
    with i18n.using("es"):
        assert i18n._("Log out") != "Log out"
        with i18n.using("zh_Hans"):
            assert i18n.current_locale() == "zh_Hans"
        assert i18n.current_locale() == "es"
    assert i18n.current_locale() == "en"


def test_two_sessions_side_by_side_each_speak_their_own_language():
    """The UI says which language a context speaks (its session's); two contexts, two languages."""
    session: contextvars.ContextVar[str | None] = contextvars.ContextVar("session", default=None)
    i18n.resolve_with(session.get)
    try:
        def speak(lang: str) -> str:
            session.set(lang)
            return i18n._("Log out")
        spanish = contextvars.copy_context().run(speak, "es")
        chinese = contextvars.copy_context().run(speak, "zh_Hans")
        assert spanish != chinese and "Log out" not in (spanish, chinese)
        assert i18n._("Log out") == "Log out"
    finally:
        i18n.resolve_with(None)


@pytest.mark.parametrize(("tag", "code"), [("es-MX", "es"), ("fr_CA", "fr"), ("zh-CN", "zh_Hans"), ("zh", "zh_Hans"),
                                           ("EN", "en"), ("zh-TW", None), ("de", None), ("", None)])
def test_language_tags_map_to_the_languages_floor_speaks(tag, code):
    assert i18n.normalize(tag) == code


def test_weights_sizes_and_numbers_read_in_each_language_and_the_warehouses_units():
    with i18n.using("en"):
        assert (formats.weight(350), formats.weight(1250), formats.weight(1250, "imperial"),
                formats.weight(200, "imperial")) == ("350 g", "1.25 kg", "2.76 lb", "7.1 oz")
        assert formats.size((400, 300, 200), "imperial") == "15.7 × 11.8 × 7.9 in"
        assert formats.number(1234.5) == "1,234.5"
    with i18n.using("es"):
        assert (formats.weight(1250), formats.number(1234.5)) == ("1,25 kg", "1.234,5")
    with i18n.using("fr"):
        assert formats.number(1234.5) == "1\u202f234,5" and formats.size((300,), "imperial") == "11,8\u202fpo"
    with i18n.using("zh_Hans"):
        assert formats.size((400, 300, 200)) == "40 × 30 × 20厘米"


def test_times_are_the_warehouses_wall_clock_and_relative_times_read_naturally():
    at = datetime(2026, 12, 3, 7, 30, tzinfo=UTC)   # 23:30 on the 2nd in Los Angeles
    assert formats.local_day(at, "America/Los_Angeles") == date(2026, 12, 2)
    with i18n.using("en"):
        assert formats.clock(at, "America/Los_Angeles") == "11:30\u202fPM"
        assert formats.ago(at - timedelta(minutes=5), at) == "5 minutes ago"
    with i18n.using("es"):
        assert formats.clock(at, "Europe/Madrid") == "8:30" and formats.ago(at - timedelta(minutes=5), at) == (
            "hace 5 minutos")
    with i18n.using("zh_Hans"):
        assert formats.ago(at - timedelta(hours=2), at) == "2小时前"
        assert formats.day(date(2026, 12, 2)) == "2026年12月2日"


def test_a_local_day_has_its_own_utc_bounds_and_a_dst_day_is_longer():
    start, end = formats.day_bounds(date(2026, 12, 2), "America/Los_Angeles")
    assert (start, end) == (datetime(2026, 12, 2, 8, tzinfo=UTC), datetime(2026, 12, 3, 8, tzinfo=UTC))
    start, end = formats.day_bounds(date(2026, 11, 1), "America/Los_Angeles")
    assert end - start == timedelta(hours=25)


@pytest.mark.parametrize(("typed", "units_", "grams"), [
    ("1.25", "metric", 1250), ("1,25", "metric", 1250), ("350 g", "metric", 350), ("2.5", "imperial", 1134),
    ("12 oz", "imperial", 340), ("2.5lb", "metric", 1134), ("0.4 kg", "imperial", 400)])
def test_a_typed_weight_is_taken_in_the_benches_unit_unless_it_names_one(typed, units_, grams):
    assert units.typed_weight(typed, units_) == grams


def test_a_scale_reading_in_pounds_or_ounces_becomes_whole_grams():
    assert units.to_grams("1.000", "lb") == 454 and units.to_grams("16", "oz") == 454
    with pytest.raises(ValueError):
        units.to_grams("1.0", "stone")
