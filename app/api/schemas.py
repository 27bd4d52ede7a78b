"""The API's shared vocabulary: strict request bodies, safe text, ids, problem details and pages.

Every endpoint (and the products and stock endpoints to come) builds on these, so a client generator
sees one Problem and one Page shape and every string field refuses control characters (a NUL cannot
reach PostgreSQL, which refuses it with an error of its own).
"""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field, StrictStr, StringConstraints

# no control characters (C0 and DEL): NUL breaks PostgreSQL text, the rest break labels and CSVs
PRINTABLE = r"^[^\x00-\x1F\x7F]*$"
MAX_ID = 2**31 - 1   # ids are INTEGER (int4 on PostgreSQL): a bigger one cannot exist, and is refused as invalid


def Text(max_length: int, min_length: int = 0) -> type[str]:  # noqa: N802 (reads as a type)
    """A string of printable characters, `min_length` to `max_length` long."""
    return Annotated[StrictStr, StringConstraints(min_length=min_length, max_length=max_length,  # type: ignore
                                                  pattern=PRINTABLE)]


def IdPath(description: str) -> object:  # noqa: N802
    """A numeric id in the path: 1 to 2^31-1."""
    return Path(ge=1, le=MAX_ID, description=description, examples=[1042])


class Strict(BaseModel):
    """A request body: unknown fields are refused (a typo in a field name is not silently ignored)."""

    model_config = ConfigDict(extra="forbid", str_max_length=500)


class Problem(BaseModel):
    """RFC 9457 problem details, with Floor's stable `error` code and, for bad input, `fields`."""

    type: str = Field(description="A URI naming the kind of problem: `urn:floor:problem:<error>`.",
                      examples=["urn:floor:problem:invalid"])
    title: str = Field(description="Short summary of the kind of problem (the same for every occurrence).",
                       examples=["The request is not valid"])
    status: int = Field(description="The HTTP status code.", examples=[422])
    detail: str = Field(description="What went wrong this time, in words a person can act on.",
                        examples=["The request is not valid; see the fields."])
    instance: str | None = Field(default=None, description="The path of the request that failed.",
                                 examples=["/api/v1/orders"])
    error: str = Field(description="Stable machine-readable code (not_found, invalid, key_reused, ...).",
                       examples=["invalid"])
    message: str = Field(description="The same text as `detail` (kept for clients of the first version).",
                         examples=["The request is not valid; see the fields."])
    fields: dict[str, str] | None = Field(default=None, description="Field path -> what is wrong with it.",
                                          examples=[{"lines[0].quantity": "must be a whole number"}])


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list, oldest change first; pass `next_cursor` back as `cursor` for the next page."""

    items: list[T]
    next_cursor: str | None = Field(description="Opaque; null on the last page. Valid with the same filters only.",
                                    examples=["eyJ1IjoiMjAyNi0xMi0wMVQxNTowMDowMCswMDowMCIsImkiOjEwNDJ9"])
