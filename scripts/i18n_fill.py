"""Fill the es, fr and zh_Hans catalogues from a translator's sheet: lines `N ‖ es ‖ fr ‖ zh`, where N numbers the
English catalogue's messages in order, or is the English message itself, plural forms split by ⁂, a line break as \\n.
Used once to bring in the first translations; `make i18n` and the catalogue test keep them complete after."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from app.i18n.catalog import compiled, po_path

LOCALES = ("es", "fr", "zh_Hans")


def english_ids() -> list:
    with po_path("en").open("rb") as f:
        return [m.id for m in read_po(f) if m.id]


def fill(sheets: list[Path]) -> None:
    ids = english_ids()
    rows: dict[object, list[str]] = {}
    for sheet in sheets:
        for line in sheet.read_text(encoding="utf-8").splitlines():
            if line.strip():
                n, *texts = [part.strip() for part in line.split("‖")]
                if len(texts) != len(LOCALES):
                    raise SystemExit(f"{sheet}: line {n} has {len(texts)} languages")
                rows[int(n) if n.isdigit() else n] = [t.replace("\\n", "\n") for t in texts]
    for i, locale in enumerate(LOCALES):
        path = po_path(locale)
        with path.open("rb") as f:
            catalog = read_po(f, locale=locale, domain="floor")
        for n, texts in rows.items():
            msgid = ids[n] if isinstance(n, int) else next((i for i in ids if i == n or (
                isinstance(i, tuple) and i[0] == n)), n)
            msg = catalog.get(msgid)
            if msg is None:
                raise SystemExit(f"message {n} is not in the {locale} catalogue: run make i18n")
            forms = texts[i].split("⁂")
            if isinstance(msgid, tuple):
                forms = (forms + forms[-1:] * catalog.num_plurals)[: catalog.num_plurals]
                msg.string = tuple(forms)
            else:
                msg.string = forms[0]
        with path.open("wb") as f:
            write_po(f, catalog, width=100, omit_header=False, sort_output=True)
        path.with_suffix(".mo").write_bytes(compiled(locale))


if __name__ == "__main__":
    fill([Path(p) for p in sys.argv[1:]])
