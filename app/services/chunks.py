"""Big imports in chunks: each chunk is one command (one short transaction with its own key).

Why: a file of 100,000 rows written in one transaction held SQLite's write lock for 85-92 s, so every
station's scan and every API call waited (and one got "database is locked"). In chunks the lock is held
for a fraction of a second at a time and other work goes in between. A run that stopped half-way (a
crash, Ctrl-C, a race) is resumed by running the same import again: a chunk already written is a command
already done, so it returns its stored answer and writes nothing.

How to use it for another import (products, stock, users by CSV):
1. parse and check the whole file first, outside any write transaction (every problem listed, nothing
   written if there is one), skipping the items of chunks already done (`done_chunks`);
2. `run_chunks(uow, actor, key, "product.import", chunked(items, 250), write_chunk, ChunkResult)`, where
   `key` is stable for the file (e.g. "csv:" + a digest of its bytes) and `write_chunk(uow, items)` checks
   its items again inside its transaction (the database may have changed since step 1) and writes them
   with bulk statements; it raises to roll back its own chunk only.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from sqlalchemy import select

from app.db.models import Command
from app.db.uow import UnitOfWork
from app.domain.roles import Actor
from app.services import commands

T = TypeVar("T")
R = TypeVar("R")
CHUNK_ITEMS = 250   # ~0.1 s of writing on SQLite: the write lock is free again in well under a second
# SQLite: a writer in another process (the server, while `floor import` runs) waits in SQLite's busy handler,
# which sleeps up to 100 ms between tries; with no gap the import's next chunk takes the lock first every
# time (measured: server writes waited 1.4 s). A gap as long as that sleep lets every waiting writer in.
SQLITE_GAP_SECONDS = 0.1


def chunked(items: Sequence[T], size: int = CHUNK_ITEMS) -> list[Sequence[T]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def chunk_key(key: str, index: int) -> str:
    return f"{key}:c{index}"


def done_chunks(uow: UnitOfWork, key: str, count: int) -> set[int]:
    """Which of `count` chunks of the import `key` are written already (a run that stopped half-way)."""
    keys = {chunk_key(key, i): i for i in range(count)}
    done: set[int] = set()
    with uow.reading() as reader:
        names = list(keys)
        for start in range(0, len(names), 500):
            found = reader.session.execute(select(Command.key).where(Command.key.in_(names[start:start + 500])))
            done |= {keys[k] for k in found.scalars()}
    return done


def digest(chunk: Sequence) -> dict:
    """A chunk's payload as one digest of its items' reprs (frozen dataclasses of plain values): the same
    chunk again gives the same digest, and 1,000 items cost ~1 ms instead of ~50 ms through to_json."""
    return {"items": len(chunk), "sha256": hashlib.sha256(repr(list(chunk)).encode()).hexdigest()}


def run_chunks(uow: UnitOfWork, actor: Actor, key: str, name: str, chunks: Sequence[Sequence[T]],
               write: Callable[[UnitOfWork, Sequence[T]], R], result_type: type[R],
               payload: Callable[[Sequence[T]], object] | None = None) -> list[R]:
    """Write each chunk as its own command `name` with key `key:cN`; returns every chunk's answer. `payload`
    makes what the command's fingerprint covers (default: the items themselves; `digest` for big chunks)."""
    gap = SQLITE_GAP_SECONDS if uow.dialect == "sqlite" else 0.0
    results = []
    for i, chunk in enumerate(chunks):
        if i and gap:
            time.sleep(gap)   # between chunks: the server's writers go first
        results.append(commands.run(uow, actor, chunk_key(key, i), name,
                                    payload(chunk) if payload else {"items": list(chunk)}, result_type,
                                    lambda uow, chunk=chunk: write(uow, chunk)))
    return results
