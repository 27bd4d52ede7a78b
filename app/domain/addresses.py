"""Ship-to addresses and phone numbers checked at order intake, so a bad one is a field error for the shop,
not a label the carrier refuses at the pack bench: US addresses normalised to USPS Publication 28
(usaddress-scourgify), phone numbers read for the ship-to country and kept in E.164 (phonenumbers)."""

from __future__ import annotations

from dataclasses import replace

from app.domain.orders import AddressIn
from app.i18n import _


def check_ship_to(address: AddressIn) -> tuple[AddressIn, dict[str, str]]:
    """The address as it should be stored (normalised) and field path -> what is wrong (empty: fine)."""
    errors: dict[str, str] = {}
    phone = _phone(address, errors)
    if phone is not None:
        address = replace(address, phone=phone)
    if address.country == "US" and not errors:
        address = _us(address, errors)
    return address, errors


def _phone(address: AddressIn, errors: dict[str, str]) -> str | None:
    if not address.phone or not isinstance(address.phone, str):
        return None
    import phonenumbers  # its metadata is large: loaded on the first order with a phone, not at start-up

    try:
        number = phonenumbers.parse(address.phone, address.country if isinstance(address.country, str) else None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        errors["ship_to.phone"] = _("{phone} is not a phone number in {country}; give it with its country code, "
                                    "e.g. +49 30 1234567", phone=repr(address.phone), country=address.country)
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _us(address: AddressIn, errors: dict[str, str]) -> AddressIn:
    from scourgify import normalize_address_record
    from scourgify.exceptions import AddressNormalizationError

    if not address.region:
        errors["ship_to.region"] = _("the state (two letters, e.g. NY) for a US address")
    if not address.postal_code:
        errors["ship_to.postal_code"] = _("the ZIP code for a US address")
    if errors:
        return address
    lines = list(address.lines)
    try:
        clean = normalize_address_record({"address_line_1": lines[0], "address_line_2": " ".join(lines[1:]) or None,
                                          "city": address.city, "state": address.region,
                                          "postal_code": address.postal_code})
    except AddressNormalizationError:
        errors["ship_to.lines[0]"] = _("{line} cannot be read as a US street address (number, street, unit), "
                                       "so no carrier would take it", line=repr(lines[0]))
        return address
    except Exception:   # scourgify raises plain errors for some inputs (e.g. a state it does not know)
        errors["ship_to.region"] = _("{state} with ZIP {zip} is not a US state and ZIP code",
                                     state=repr(address.region), zip=repr(address.postal_code))
        return address
    new_lines = tuple(l for l in (clean.get("address_line_1"), clean.get("address_line_2")) if l)
    return replace(address, lines=new_lines or address.lines, city=clean.get("city") or address.city,
                   region=clean.get("state") or address.region,
                   postal_code=clean.get("postal_code") or address.postal_code)
