"""One translation function for every text a person reads: gettext catalogs, English first.

`_("Scan the bin {bin}", bin=code)` translates, then fills in the values. Which language: a scope set
with `using(locale)` (a label in the buyer's language, a CLI run), else what the entry point says
(`resolve_with`: the browser session's person or station, so two stations side by side speak
different languages), else English.
"""

from __future__ import annotations

import contextvars
import gettext
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from babel.support import Translations

DOMAIN = "floor"
LOCALES = Path(__file__).parent / "locales"
DEFAULT = "en"
# the languages Floor speaks, each named in itself (what the language switch shows)
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español", "fr": "Français", "zh_Hans": "简体中文"}
_ALIASES = {"zh": "zh_Hans", "zh_cn": "zh_Hans", "zh_hans_cn": "zh_Hans", "zh_sg": "zh_Hans"}
_locale: contextvars.ContextVar[str | None] = contextvars.ContextVar("floor_locale", default=None)
_resolver: Callable[[], str | None] | None = None


@lru_cache(maxsize=16)
def translations(locale: str) -> gettext.NullTranslations:
    return Translations.load(str(LOCALES), [locale, DEFAULT], DOMAIN)


def available() -> list[str]:
    return sorted(p.name for p in LOCALES.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.mo").exists())


def normalize(language: str | None) -> str | None:
    """A language Floor speaks for `language` ("es", "es-MX", "zh-CN", "fr_FR"...), or None."""
    if not language:
        return None
    tag = language.strip().replace("-", "_")
    if tag in LANGUAGES:
        return tag
    low = tag.lower()
    if low in _ALIASES:
        return _ALIASES[low]
    if low.startswith("zh_hant") or low in ("zh_tw", "zh_hk", "zh_mo"):
        return None   # traditional script: not shipped, English rather than the wrong script
    base = low.split("_")[0]
    return _ALIASES.get(base, base if base in LANGUAGES else None)


def set_locale(locale: str) -> None:
    """Speak `locale` in this context from now on (an unknown one: English)."""
    _locale.set(locale if locale in available() else DEFAULT)


@contextmanager
def using(locale: str | None) -> Iterator[str]:
    """Speak `locale` inside the block (None: leave it as it is), then as before."""
    if locale is None:
        yield current_locale()
        return
    token = _locale.set(normalize(locale) or DEFAULT)
    try:
        yield _locale.get()
    finally:
        _locale.reset(token)


def resolve_with(resolver: Callable[[], str | None] | None) -> None:
    """Let an entry point say which language the current context speaks (the UI: its session's)."""
    global _resolver
    _resolver = resolver


def current_locale() -> str:
    chosen = _locale.get()
    if chosen is None and _resolver is not None:
        chosen = _resolver()
    return chosen if chosen in LANGUAGES else DEFAULT


def _(message: str, **values: object) -> str:
    """Translate `message` for the current locale, then fill in `{name}` values."""
    text = translations(current_locale()).gettext(message)
    return text.format(**values) if values else text


def N_(message: str) -> str:  # noqa: N802 (gettext's name for it)
    """Mark a text for the catalog without translating it now (labels kept in tables, translated when shown)."""
    return message


def n_(singular: str, plural: str, n: int, **values: object) -> str:
    """Translate with plural forms; `{n}` is available in the text."""
    text = translations(current_locale()).ngettext(singular, plural, n)
    return text.format(n=n, **values)
