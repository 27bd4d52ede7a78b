"""What labels and documents say, in their reader's language: the shipping label in the warehouse's language
with the destination country's beside it where it differs ("SHIP TO / DESTINATARIO", as carriers print
bilingual labels), the return label and packing slip in the buyer's. The layouts (printing/) stay English
by default and take these captions as (key, text) pairs."""

from __future__ import annotations

from app.i18n import N_, _, normalize, using

# the language a country's carriers and buyers read, where Floor speaks it (others: the warehouse's alone)
COUNTRY_LANGUAGE = {
    **dict.fromkeys(("US", "GB", "IE", "AU", "NZ"), "en"),
    **dict.fromkeys(("ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "GT", "CU", "BO", "DO", "HN", "PY", "SV",
                     "NI", "CR", "PA", "UY", "PR"), "es"),
    **dict.fromkeys(("FR", "MC"), "fr"),
    "CN": "zh_Hans",
}

SHIPPING = {"from": N_("FROM"), "ship_to": N_("SHIP TO"), "tracking": N_("{carrier} TRACKING #"),
            "order": N_("Order {ref}"), "seller": N_("Seller {name}"),
            "weight_date": N_("Weight {weight} · Date {date}"), "reference": N_("Ref {ref}"),
            "package": N_("PACKAGE {i} OF {n}")}
BILINGUAL = ("from", "ship_to", "tracking", "package")   # the captions a carrier's sorter reads
RETURN = {"buyer": N_("FROM (BUYER)"), "free_return": N_("FREE RETURN"), "returns_to": N_("RETURN TO"),
          "tracking": N_("{carrier} TRACKING #"), "order": N_("Order {ref}"), "seller": N_("Seller {name}"),
          "issued": N_("Issued {date}"), "reason": N_("Reason {reason}"),
          "postage_paid": N_("FREE RETURN - postage paid, no charge to the buyer")}
PACKING_SLIP = {"title": N_("PACKING SLIP"), "page": N_("(page {n})"), "order": N_("Order {ref}"),
                "package": N_("Package {i} of {n}"), "ship_to": N_("SHIP TO"), "from": N_("FROM"),
                "item": N_("ITEM"), "qty": N_("QTY"), "continued": N_("continued on the next page"),
                "summary": N_("{lines} line(s), {units} unit(s) in this package"),
                "footer": N_("Returns are free: keep this slip and use the return label from your order page.")}


def destination_language(country: str) -> str | None:
    return COUNTRY_LANGUAGE.get((country or "").upper())


def words(captions: dict[str, str], language: str, second: str | None = None,
          bilingual: tuple[str, ...] = ()) -> tuple[tuple[str, str], ...]:
    """The captions in `language`; those in `bilingual` followed by `second`'s where it is another language."""
    language = normalize(language) or "en"
    with using(language):
        first = {key: _(text) for key, text in captions.items()}
    second = normalize(second) if second else None
    if second and second != language:
        with using(second):
            for key in bilingual:
                other = _(captions[key])
                if other != first[key]:
                    first[key] = f"{first[key]} / {other}"
    return tuple(first.items())


def shipping_words(warehouse_language: str, country: str) -> tuple[tuple[str, str], ...]:
    return words(SHIPPING, warehouse_language, destination_language(country), BILINGUAL)


def buyer_words(captions: dict[str, str], buyer_language: str, warehouse_language: str) -> tuple[tuple[str, str], ...]:
    """A buyer's document: in their language when the order carries one Floor speaks, else the warehouse's."""
    return words(captions, buyer_language or warehouse_language)


def return_service_words(language: str, warehouse_name: str) -> tuple[str, str]:
    """The returns address's name and the service, as the buyer reads them."""
    with using(normalize(language) or "en"):
        return _("{warehouse} Returns", warehouse=warehouse_name)[:120], _("Free return")
