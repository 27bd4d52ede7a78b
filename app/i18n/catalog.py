"""Keep the gettext catalogs in step with the code: extract, update, compile (`make i18n`)."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from app.i18n import DOMAIN, LOCALES

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
    if locale == "en":
        for msg in catalog:
            if msg.id and not msg.string:
                msg.string = msg.id
    with path.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, sort_output=True)
    with path.with_suffix(".mo").open("wb") as f:
        write_mo(f, catalog)
    return catalog


def compiled(locale: str) -> bytes:
    with po_path(locale).open("rb") as f:
        catalog = read_po(f, locale=locale, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


if __name__ == "__main__":
    for loc in sorted(p.name for p in LOCALES.iterdir() if p.is_dir()):
        cat = update(loc)
        print(f"{loc}: {len(cat)} messages")
