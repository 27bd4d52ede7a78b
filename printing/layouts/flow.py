"""Documents longer than a page: measure blocks first, lay them out on pages, then draw them knowing
how many pages there are ("page n of m"), with a table's head repeated on every page it continues on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .kit import Page

Draw = Callable[[Page, float], None]  # draws with its top at y (dots from the top of the page)


@dataclass(frozen=True)
class Block:
    """A piece of a document that is never split across pages: `height` dots tall."""

    height: float
    draw: Draw
    table: str = ""              # blocks of one table: its head goes above the first of them on each page
    keep_with_next: bool = False  # a title stays on the page of what it titles
    info: object = None          # what the layout wants to know about the block after pagination


@dataclass(frozen=True)
class Head:
    """A table's column titles, drawn again on every page the table continues on."""

    height: float
    draw: Draw


@dataclass(frozen=True)
class Body:
    """Where blocks may go on a page, in dots from the top: page 1 may start lower (a bigger header)."""

    first_top: float
    top: float
    bottom: float


Placed = list[list[tuple["Block | Head", float]]]


def paginate(blocks: Sequence[Block], body: Body, heads: dict[str, Head] | None = None) -> Placed:
    """Each page's blocks (and table heads) with their y, in order. A block that does not fit goes to the
    next page; one taller than a whole page gets a page of its own (the layouts keep blocks smaller)."""
    heads = heads or {}
    pages: Placed = [[]]
    y = body.first_top
    table_on_page = ""

    def cost(i: int, at_table: str) -> float:
        block = blocks[i]
        head = heads.get(block.table) if block.table and block.table != at_table else None
        return block.height + (head.height if head else 0)

    for i, block in enumerate(blocks):
        need = cost(i, table_on_page)
        if block.keep_with_next and i + 1 < len(blocks):
            need += cost(i + 1, block.table or table_on_page)
        if y + need > body.bottom and pages[-1]:
            pages.append([])
            y = body.top
            table_on_page = ""
        if block.table and block.table != table_on_page and block.table in heads:
            head = heads[block.table]
            pages[-1].append((head, y))
            y += head.height
        table_on_page = block.table or table_on_page
        pages[-1].append((block, y))
        y += block.height
    return pages


def draw_pages(first: Page, new_page: Callable[[], Page], pages: Placed,
               frame: Callable[[Page, int, int], None]) -> None:
    """Draw every page, `first` (already begun, used to measure) then new ones: its frame (header,
    footer, "page n of m") and then its blocks."""
    for number, content in enumerate(pages, start=1):
        page = first if number == 1 else new_page()
        frame(page, number, len(pages))
        for item, y in content:
            item.draw(page, y)
