"""Keep the gettext catalogs in step with the code: extract, update, compile (`make i18n`)."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from string import Formatter

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from app.i18n import DOMAIN, LANGUAGES, LOCALES

# gettext's usual rules (French: 0 and 1 singular), rather than CLDR's third form for round millions
PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);", "es": "nplurals=2; plural=(n != 1);"}
KEYWORDS = {"_": None, "n_": (1, 2), "N_": None}
APP = Path(__file__).resolve().parents[1]


def extract() -> Catalog:
    """Every translatable text in app/ (calls of `_` and `n_`)."""
    catalog = Catalog(project="Floor", domain=DOMAIN)
    method_map = [("**/migrations/**", "ignore"), ("**.py", "python")]
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(APP), method_map=method_map, keywords=KEYWORDS, comment_tags=("i18n:",)
    ):
        catalog.add(message, locations=[(f"app/{filename}", lineno)])
    return catalog


def po_path(locale: str) -> Path:
    return LOCALES / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def update(locale: str = "en") -> Catalog:
    """Merge the code's texts into a locale's .po (English: msgstr is the msgid) and compile its .mo."""
    template = extract()
    path = po_path(locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        with path.open("rb") as f:
            catalog = read_po(f, locale=locale, domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
    else:
        catalog = Catalog(locale=locale, domain=DOMAIN, project="Floor")
        catalog.update(template)
    catalog.fuzzy = False
    if locale in PLURAL_FORMS:
        catalog.mime_headers = [("Plural-Forms", PLURAL_FORMS[locale])]
    if locale == "en":
        for msg in catalog:
            if msg.id and not msg.string:
                msg.string = msg.id
    with path.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, sort_output=True)
    path.with_suffix(".mo").write_bytes(compiled(locale))   # from the file as written: what the test compares
    return catalog


def _fields(text: str) -> set[str]:
    """The `{name}` fields of a message (what `_` fills in): a translation must keep exactly these."""
    return {name for _lit, name, _spec, _conv in Formatter().parse(text) if name is not None}


def problems(locale: str) -> list[str]:
    """What a catalogue lacks against the code: a message not in it, not translated (each plural form),
    fuzzy, or with other `{fields}` than the English. Empty when it is complete."""
    with po_path(locale).open("rb") as f:
        catalog = read_po(f, locale=locale, domain=DOMAIN)
    found: list[str] = []
    for msg in extract():
        if not msg.id:
            continue
        have = catalog.get(msg.id)
        english = msg.id if isinstance(msg.id, tuple) else (msg.id,)
        if have is None:
            found.append(f"missing: {english[0]!r}")
            continue
        strings = have.string if isinstance(have.string, tuple) else (have.string,)
        if have.fuzzy or not all(strings) or len(strings) != (catalog.num_plurals if have.pluralizable else 1):
            found.append(f"untranslated: {english[0]!r}")
            continue
        want = set().union(*(_fields(e) for e in english))
        for text in strings:
            try:
                got = _fields(text)
            except ValueError:
                found.append(f"broken braces: {english[0]!r} -> {text!r}")
                break
            if got - want or (got != want and not have.pluralizable):
                found.append(f"fields {sorted(got)} instead of {sorted(want)}: {english[0]!r} -> {text!r}")
                break
    return found


def compiled(locale: str) -> bytes:
    with po_path(locale).open("rb") as f:
        catalog = read_po(f, locale=locale, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def main(argv: list[str]) -> int:
    """`make i18n`: merge the code's texts into every language's catalogue, compile, and say what is left
    to translate (`--missing` lists it; the test suite fails while anything is)."""
    left = 0
    for loc in LANGUAGES:
        cat = update(loc)
        todo = [] if loc == "en" else problems(loc)
        left += len(todo)
        print(f"{loc}: {len(cat)} messages, {len(todo)} to translate")
        if "--missing" in argv:
            for line in todo:
                print(f"  {line}")
    return 1 if left and "--strict" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
