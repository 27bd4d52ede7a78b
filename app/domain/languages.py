"""Which languages a person, a station or a buyer may be given: the ones Floor speaks."""

from __future__ import annotations

from app.domain.errors import InvalidInput
from app.i18n import LANGUAGES, N_, _, normalize

UNIT_NAMES = {"metric": N_("metric (kg, cm)"), "imperial": N_("imperial (lb, in)")}


def checked(language: str | None, *, field: str = "language", empty_ok: bool = False) -> str:
    """The language code for `language` ("es", "es-MX", "zh-CN"...), or a refusal that names the choices."""
    if empty_ok and not (language or "").strip():
        return ""
    code = normalize(language)
    if code is None:
        raise InvalidInput(_("Floor does not speak {language}. Choose one of: {choices}.",
                             language=repr(language), choices=", ".join(LANGUAGES)),
                           {field: ", ".join(LANGUAGES)})
    return code


def buyer_language(language: str | None) -> str:
    """A buyer's language for their documents: one Floor speaks, else "" (the warehouse's is used)."""
    return normalize(language) or ""
