"""One translation function for every text a person reads: gettext catalogs, English first.

`_("Scan the bin {bin}", bin=code)` translates, then fills in the values. The locale is per
browser session (a context variable), so two stations may speak different languages.
"""

from __future__ import annotations

import contextvars
import gettext
from functools import lru_cache
from pathlib import Path

from babel.support import Translations

DOMAIN = "floor"
LOCALES = Path(__file__).parent / "locales"
DEFAULT = "en"
_locale: contextvars.ContextVar[str] = contextvars.ContextVar("floor_locale", default=DEFAULT)


@lru_cache(maxsize=16)
def translations(locale: str) -> gettext.NullTranslations:
    return Translations.load(str(LOCALES), [locale, DEFAULT], DOMAIN)


def available() -> list[str]:
    return sorted(p.name for p in LOCALES.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.mo").exists())


def set_locale(locale: str) -> None:
    _locale.set(locale if locale in available() else DEFAULT)


def current_locale() -> str:
    return _locale.get()


def _(message: str, **values: object) -> str:
    """Translate `message` for the current locale, then fill in `{name}` values."""
    text = translations(_locale.get()).gettext(message)
    return text.format(**values) if values else text


def N_(message: str) -> str:  # noqa: N802 (gettext's name for it)
    """Mark a text for the catalog without translating it now (labels kept in tables, translated when shown)."""
    return message


def n_(singular: str, plural: str, n: int, **values: object) -> str:
    """Translate with plural forms; `{n}` is available in the text."""
    text = translations(_locale.get()).ngettext(singular, plural, n)
    return text.format(n=n, **values)
