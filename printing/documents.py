"""What goes on each label: frozen dataclasses, checked when they are made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from .errors import LabelDataError
from .fonts import check_printable
from .validators import check_code128, check_gtin, check_sscc

NAME_MAX = 120   # longer than any real name; the layout may still find it too long to fit
LINE_MAX = 160


def _text(field: str, value, *, required: bool = True, max_length: int = LINE_MAX) -> None:
    """Check one text field: a string, present if required, not absurdly long, printable."""
    if not isinstance(value, str):
        raise LabelDataError(field, f"must be text, got {type(value).__name__}")
    if required and not value.strip():
        raise LabelDataError(field, "is empty")
    if len(value) > max_length:
        raise LabelDataError(field, f"is {len(value)} characters long, at most {max_length}")
    if "\n" in value or "\r" in value:
        raise LabelDataError(field, "must be one line (put address lines in separate entries)")
    check_printable(field, value)


def _positive_int(field: str, value) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise LabelDataError(field, f"must be a whole number >= 1, got {value!r}")


@dataclass(frozen=True)
class Address:
    """A postal address as printed: name, street lines, city, postal code, ISO country code."""

    name: str
    lines: tuple[str, ...]
    city: str
    postal_code: str
    country: str
    region: str = ""
    company: str = ""
    phone: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.lines, (list, str)):
            object.__setattr__(self, "lines", (self.lines,) if isinstance(self.lines, str) else tuple(self.lines))

    def check(self, prefix: str) -> None:
        """Raise LabelDataError naming `prefix.field` for the first bad field."""
        _text(f"{prefix}.name", self.name, max_length=NAME_MAX)
        if not isinstance(self.lines, tuple) or not any(isinstance(l, str) and l.strip() for l in self.lines):
            raise LabelDataError(f"{prefix}.lines", "needs at least one street line")
        if len(self.lines) > 4:
            raise LabelDataError(f"{prefix}.lines", f"has {len(self.lines)} lines, at most 4")
        for i, line in enumerate(self.lines):
            _text(f"{prefix}.lines[{i}]", line, required=False)
        _text(f"{prefix}.city", self.city, max_length=80)
        _text(f"{prefix}.postal_code", self.postal_code, required=False, max_length=16)
        _text(f"{prefix}.country", self.country, max_length=2)
        if not (len(self.country) == 2 and self.country.isascii() and self.country.isalpha()):
            raise LabelDataError(f"{prefix}.country", f"must be an ISO 3166 two-letter code, got {self.country!r}")
        _text(f"{prefix}.region", self.region, required=False, max_length=60)
        _text(f"{prefix}.company", self.company, required=False, max_length=NAME_MAX)
        _text(f"{prefix}.phone", self.phone, required=False, max_length=32)


def _check_address(prefix: str, value) -> None:
    if not isinstance(value, Address):
        raise LabelDataError(prefix, f"must be an Address, got {type(value).__name__}")
    value.check(prefix)


def _check_package(index, count) -> None:
    _positive_int("package_index", index)
    _positive_int("package_count", count)
    if index > count:
        raise LabelDataError("package_index", f"package {index} of {count} does not exist")


WORDS_MAX = 160


def _check_words(words) -> None:
    """A document's captions in its reader's language(s): (key, text) pairs; a key left out prints English."""
    if not isinstance(words, tuple):
        raise LabelDataError("words", f"must be a tuple of (key, text) pairs, got {type(words).__name__}")
    for pair in words:
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)):
            raise LabelDataError("words", f"must be (key, text) pairs, got {pair!r}")
        _text(f"words.{pair[0]}", pair[1], max_length=WORDS_MAX)


def word(document, key: str, english: str, **values) -> str:
    """The caption `key` of a document in its reader's language (`words`), else `english`; {values} filled in."""
    found = dict(getattr(document, "words", ()) or ()).get(key, english)
    return found.format(**values) if values else found


def _check_weight(field: str, value, required: bool = True) -> None:
    if value is None and not required:
        return
    if not isinstance(value, (int, float, Decimal)) or isinstance(value, bool) or not 0 < value <= 1000:
        raise LabelDataError(field, f"must be a weight in kg between 0 and 1000, got {value!r}")


@dataclass(frozen=True)
class ShippingLabel:
    """A 4x6 inch shipping label for one package of a shipment."""

    ship_from: Address
    ship_to: Address
    carrier: str
    service: str
    tracking_number: str
    sscc: str
    order_ref: str
    seller_name: str
    weight_kg: float
    ship_date: date
    package_index: int
    package_count: int
    reference: str = ""
    words: tuple[tuple[str, str], ...] = ()   # captions in the warehouse's language (and the destination's)
    weight_text: str = ""                     # the weight as the warehouse reads it ("2.76 lb"); "" = kg

    def __post_init__(self) -> None:
        _check_words(self.words)
        _text("weight_text", self.weight_text, required=False, max_length=30)
        _check_address("ship_from", self.ship_from)
        _check_address("ship_to", self.ship_to)
        _text("carrier", self.carrier, max_length=40)
        _text("service", self.service, max_length=60)
        check_code128("tracking_number", self.tracking_number, max_length=34)
        check_sscc("sscc", self.sscc)
        check_code128("order_ref", self.order_ref, max_length=40)
        _text("seller_name", self.seller_name, max_length=NAME_MAX)
        _check_weight("weight_kg", self.weight_kg)
        if not isinstance(self.ship_date, date):
            raise LabelDataError("ship_date", f"must be a date, got {self.ship_date!r}")
        _check_package(self.package_index, self.package_count)
        _text("reference", self.reference, required=False, max_length=60)


@dataclass(frozen=True)
class ReturnLabel:
    """A prepaid 4x6 return label: the buyer ships to the returns warehouse."""

    buyer: Address
    returns_to: Address
    rma_number: str
    order_ref: str
    seller_name: str
    carrier: str
    service: str
    tracking_number: str = ""
    issued_on: date | None = None
    reason: str = ""
    words: tuple[tuple[str, str], ...] = ()   # captions in the buyer's language

    def __post_init__(self) -> None:
        _check_words(self.words)
        _check_address("buyer", self.buyer)
        _check_address("returns_to", self.returns_to)
        check_code128("rma_number", self.rma_number, max_length=30)
        check_code128("order_ref", self.order_ref, max_length=40)
        _text("seller_name", self.seller_name, max_length=NAME_MAX)
        _text("carrier", self.carrier, max_length=40)
        _text("service", self.service, max_length=60)
        if self.tracking_number:
            check_code128("tracking_number", self.tracking_number, max_length=34)
        if self.issued_on is not None and not isinstance(self.issued_on, date):
            raise LabelDataError("issued_on", f"must be a date, got {self.issued_on!r}")
        _text("reason", self.reason, required=False, max_length=80)


@dataclass(frozen=True)
class CartonLabel:
    """A GS1 logistic label for a carton or pallet, identified by its SSCC."""

    sscc: str
    ship_from: Address
    ship_to: Address
    gtin: str | None = None          # the trade item inside, printed as AI (02) with its count (37)
    count: int | None = None
    lot: str | None = None
    best_before: date | None = None
    po: str | None = None            # the customer's purchase order, AI (400)
    order_ref: str = ""
    carrier: str = ""
    weight_kg: float | None = None
    package_index: int = 1
    package_count: int = 1

    def __post_init__(self) -> None:
        check_sscc("sscc", self.sscc)
        _check_address("ship_from", self.ship_from)
        _check_address("ship_to", self.ship_to)
        if self.gtin is not None:
            check_gtin("gtin", self.gtin)
            _positive_int("count", self.count)
        elif self.count is not None:
            raise LabelDataError("count", "a count needs the GTIN of the items it counts")
        if self.lot is not None:
            check_code128("lot", self.lot, max_length=20)
        if self.best_before is not None and not isinstance(self.best_before, date):
            raise LabelDataError("best_before", f"must be a date, got {self.best_before!r}")
        if self.po is not None:
            check_code128("po", self.po, max_length=30)
        if self.order_ref:
            check_code128("order_ref", self.order_ref, max_length=40)
        _text("carrier", self.carrier, required=False, max_length=40)
        _check_weight("weight_kg", self.weight_kg, required=False)
        _check_package(self.package_index, self.package_count)


@dataclass(frozen=True)
class BinLabel:
    """A location (bin) label: the code people read and the barcode scanners read."""

    code: str
    barcode: str
    zone: str = ""
    caption: str = ""

    def __post_init__(self) -> None:
        _text("code", self.code, max_length=30)
        check_code128("barcode", self.barcode, max_length=30)
        _text("zone", self.zone, required=False, max_length=40)
        _text("caption", self.caption, required=False, max_length=80)


@dataclass(frozen=True)
class ProductLabel:
    """A unit label: SKU, product name, seller and its GTIN (or an internal barcode)."""

    sku: str
    name: str
    seller_name: str
    gtin: str | None = None
    barcode: str | None = None

    def __post_init__(self) -> None:
        check_code128("sku", self.sku, max_length=30)
        _text("name", self.name, max_length=NAME_MAX)
        _text("seller_name", self.seller_name, max_length=NAME_MAX)
        if self.gtin is not None:
            check_gtin("gtin", self.gtin)
        if self.barcode is not None:
            check_code128("barcode", self.barcode, max_length=30)


@dataclass(frozen=True)
class PackingSlipLine:
    """One product line of a package's contents."""

    sku: str
    name: str
    quantity: int
    gtin: str | None = None


@dataclass(frozen=True)
class PackingSlip:
    """The list of what is in one package, put inside the carton."""

    order_ref: str
    seller_name: str
    ship_to: Address
    ship_from: Address
    lines: tuple[PackingSlipLine, ...]
    package_index: int
    package_count: int
    sscc: str
    notes: str = ""
    words: tuple[tuple[str, str], ...] = ()   # captions in the buyer's language

    def __post_init__(self) -> None:
        if isinstance(self.lines, list):
            object.__setattr__(self, "lines", tuple(self.lines))
        _check_words(self.words)
        check_code128("order_ref", self.order_ref, max_length=40)
        _text("seller_name", self.seller_name, max_length=NAME_MAX)
        _check_address("ship_to", self.ship_to)
        _check_address("ship_from", self.ship_from)
        if not self.lines:
            raise LabelDataError("lines", "a packing slip lists at least one line")
        for i, line in enumerate(self.lines):
            f = f"lines[{i}]"
            if not isinstance(line, PackingSlipLine):
                raise LabelDataError(f, f"must be a PackingSlipLine, got {type(line).__name__}")
            _text(f"{f}.sku", line.sku, max_length=40)
            _text(f"{f}.name", line.name, max_length=200)
            _positive_int(f"{f}.quantity", line.quantity)
            if line.gtin is not None:
                check_gtin(f"{f}.gtin", line.gtin)
        _check_package(self.package_index, self.package_count)
        check_sscc("sscc", self.sscc)
        if not isinstance(self.notes, str) or len(self.notes) > 600:
            raise LabelDataError("notes", "must be text of at most 600 characters")
        check_printable("notes", self.notes.replace("\n", " "))




def _weight_or_zero(field: str, value) -> None:
    """A package's weight in kg on a manifest: 0 means not weighed (printed as such), never negative."""
    if not isinstance(value, (int, float, Decimal)) or isinstance(value, bool) or not 0 <= value <= 1000:
        raise LabelDataError(field, f"must be a weight in kg between 0 and 1000, got {value!r}")


def _moment(field: str, value, required: bool = True) -> None:
    if value is None and not required:
        return
    if not isinstance(value, datetime):
        raise LabelDataError(field, f"must be a date and time, got {value!r}")


def _paragraphs(field: str, value, *, required: bool = False, max_length: int = 600) -> None:
    """Free text that may hold line breaks (notes, reasons)."""
    if not isinstance(value, str):
        raise LabelDataError(field, f"must be text, got {type(value).__name__}")
    if required and not value.strip():
        raise LabelDataError(field, "is empty")
    if len(value) > max_length:
        raise LabelDataError(field, f"is {len(value)} characters long, at most {max_length}")
    check_printable(field, value.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def _as_tuple(obj, name: str) -> None:
    if isinstance(getattr(obj, name), list):
        object.__setattr__(obj, name, tuple(getattr(obj, name)))


@dataclass(frozen=True)
class ManifestRow:
    """One package handed to the carrier: its keys, who it is for, and its weight."""

    tracking_number: str
    sscc: str            # "" if the package has none
    order_ref: str
    seller: str
    ship_to_name: str
    postal_code: str
    country: str         # ISO 3166 two-letter code
    service: str
    weight_kg: float     # Decimal or float; 0 = not weighed

    def check(self, prefix: str) -> None:
        """Raise LabelDataError naming `prefix.field` for the first bad field."""
        check_code128(f"{prefix}.tracking_number", self.tracking_number, max_length=40)
        if not isinstance(self.sscc, str):
            raise LabelDataError(f"{prefix}.sscc", f"must be text, got {type(self.sscc).__name__}")
        if self.sscc:
            check_sscc(f"{prefix}.sscc", self.sscc)
        _text(f"{prefix}.order_ref", self.order_ref, max_length=60)
        _text(f"{prefix}.seller", self.seller, max_length=NAME_MAX)
        _text(f"{prefix}.ship_to_name", self.ship_to_name, max_length=NAME_MAX)
        _text(f"{prefix}.postal_code", self.postal_code, required=False, max_length=16)
        _text(f"{prefix}.country", self.country, max_length=2)
        if not (len(self.country) == 2 and self.country.isascii() and self.country.isalpha()):
            raise LabelDataError(f"{prefix}.country", f"must be an ISO 3166 two-letter code, got {self.country!r}")
        _text(f"{prefix}.service", self.service, required=False, max_length=60)
        _weight_or_zero(f"{prefix}.weight_kg", self.weight_kg)


@dataclass(frozen=True)
class Manifest:
    """A carrier's end-of-day hand-off list: every package one carrier takes from one warehouse on one day."""

    carrier: str
    warehouse: Address
    day: date
    rows: tuple[ManifestRow, ...]
    generated_at: datetime

    def __post_init__(self) -> None:
        _as_tuple(self, "rows")
        _text("carrier", self.carrier, max_length=40)
        _check_address("warehouse", self.warehouse)
        if not isinstance(self.day, date) or isinstance(self.day, datetime):
            raise LabelDataError("day", f"must be a date, got {self.day!r}")
        if not isinstance(self.rows, tuple):
            raise LabelDataError("rows", f"must be a tuple of ManifestRow, got {type(self.rows).__name__}")
        seen: dict[str, int] = {}
        for i, row in enumerate(self.rows):
            if not isinstance(row, ManifestRow):
                raise LabelDataError(f"rows[{i}]", f"must be a ManifestRow, got {type(row).__name__}")
            row.check(f"rows[{i}]")
            if row.tracking_number in seen:
                raise LabelDataError(f"rows[{i}].tracking_number",
                                     f"{row.tracking_number} is listed twice (also rows[{seen[row.tracking_number]}])")
            seen[row.tracking_number] = i
        _moment("generated_at", self.generated_at)

    @property
    def total_weight_kg(self) -> Decimal:
        """The rows' weights added exactly (floats through their shortest decimal form)."""
        return sum((Decimal(str(row.weight_kg)) for row in self.rows), Decimal(0))


@dataclass(frozen=True)
class EvidenceLine:
    """What the RMA authorised to come back: one SKU and how many."""

    sku: str
    name: str
    quantity: int

    def check(self, prefix: str) -> None:
        _text(f"{prefix}.sku", self.sku, max_length=60)
        _text(f"{prefix}.name", self.name, max_length=200)
        if not isinstance(self.quantity, int) or isinstance(self.quantity, bool) or self.quantity < 0:
            raise LabelDataError(f"{prefix}.quantity", f"must be a whole number >= 0, got {self.quantity!r}")


@dataclass(frozen=True)
class EvidenceUnit:
    """One returned unit as the returns desk recorded it: grade, what was seen, what was decided, who and
    where, and the photos taken (JPEG, PNG or WebP bytes). A unit recorded as missing has grade "missing"."""

    sku: str
    name: str
    grade: str                 # A | B | C | D | wrong_item | missing | not_ours; anything else prints as given
    observed_reason: str
    notes: str
    disposition: str
    override_reason: str
    clerk: str
    station: str
    at: datetime
    photos: tuple[bytes, ...] = ()

    def __post_init__(self) -> None:
        _as_tuple(self, "photos")

    def check(self, prefix: str) -> None:
        _text(f"{prefix}.sku", self.sku, max_length=120)
        _text(f"{prefix}.name", self.name, max_length=200)
        _text(f"{prefix}.grade", self.grade, max_length=40)
        _text(f"{prefix}.observed_reason", self.observed_reason, required=False, max_length=120)
        _paragraphs(f"{prefix}.notes", self.notes, max_length=500)
        _text(f"{prefix}.disposition", self.disposition, required=False, max_length=40)
        _paragraphs(f"{prefix}.override_reason", self.override_reason, max_length=300)
        _text(f"{prefix}.clerk", self.clerk, max_length=NAME_MAX)
        _text(f"{prefix}.station", self.station, required=False, max_length=60)
        _moment(f"{prefix}.at", self.at)
        if not isinstance(self.photos, tuple):
            raise LabelDataError(f"{prefix}.photos",
                                 f"must be a tuple of image bytes, got {type(self.photos).__name__}")
        if len(self.photos) > 24:
            raise LabelDataError(f"{prefix}.photos", f"{len(self.photos)} photos, at most 24 a unit")
        for j, photo in enumerate(self.photos):
            if not isinstance(photo, (bytes, bytearray, memoryview)):
                raise LabelDataError(f"{prefix}.photos[{j}]", f"must be image bytes, got {type(photo).__name__}")


@dataclass(frozen=True)
class EvidencePack:
    """What a seller or the platform is sent when a return is disputed: the RMA, what was expected,
    what arrived, and per unit its grade, notes, decision, who recorded it and its photos."""

    rma_number: str
    order_ref: str
    seller_name: str
    warehouse: Address
    buyer: Address
    buyer_reason: str
    authorised_at: datetime
    received_at: datetime | None
    closed_at: datetime | None
    expected: tuple[EvidenceLine, ...]
    units: tuple[EvidenceUnit, ...]
    generated_at: datetime

    def __post_init__(self) -> None:
        _as_tuple(self, "expected")
        _as_tuple(self, "units")
        check_code128("rma_number", self.rma_number, max_length=30)
        _text("order_ref", self.order_ref, max_length=60)
        _text("seller_name", self.seller_name, max_length=NAME_MAX)
        _check_address("warehouse", self.warehouse)
        _check_address("buyer", self.buyer)
        _paragraphs("buyer_reason", self.buyer_reason, max_length=300)
        _moment("authorised_at", self.authorised_at)
        _moment("received_at", self.received_at, required=False)
        _moment("closed_at", self.closed_at, required=False)
        for name, kind in (("expected", EvidenceLine), ("units", EvidenceUnit)):
            items = getattr(self, name)
            if not isinstance(items, tuple):
                raise LabelDataError(name, f"must be a tuple of {kind.__name__}, got {type(items).__name__}")
            for i, item in enumerate(items):
                if not isinstance(item, kind):
                    raise LabelDataError(f"{name}[{i}]", f"must be an {kind.__name__}, got {type(item).__name__}")
                item.check(f"{name}[{i}]")
        _moment("generated_at", self.generated_at)
