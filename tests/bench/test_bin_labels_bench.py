"""Benchmark: labels for 5,000 bins (a generated range) as one PDF, on A4 and Letter sheets and 2x1 thermal
labels at 203 and 300 dpi, next to the base revision's printing package in the same run.

Run with `make bench` (or `pytest tests/bench/test_bin_labels_bench.py -m bench -s`); prints a table and writes
tests/bench/results/bin-labels.md. Target: 5,000 bin labels in < 20 s (issue 13).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from app.services.documents import bin_labels_pdf
from tests.bench.test_labels_bench import Baseline

RESULTS = Path(__file__).parent / "results" / "bin-labels.md"
BINS = 5_000
TARGET_S = 20.0
ROUNDS = 5
PAGES = (("A4", 203), ("A4", 300), ("Letter", 203), ("Letter", 300), ("2x1", 203), ("2x1", 300))
PER_PAGE = {"A4": 24, "Letter": 30, "2x1": 1}
# The printing package before the layout registry and whole-dot pages; FLOOR_BENCH_BASELINE_BINS picks another.
BASELINE = os.environ.get("FLOOR_BENCH_BASELINE_BINS", "e5ffd69")


def codes(n: int = BINS) -> list[str]:
    """Aisles A01-A50, racks 01-20, levels 1-5: what `floor bins add` makes, in walking order."""
    return [f"A{a:02d}-{r:02d}-{lv}" for a in range(1, 51) for r in range(1, 21) for lv in range(1, 6)][:n]


# Runs in a child process on the same core with the baseline's `printing` first on sys.path: reads "page dpi"
# per round from stdin, makes the same 5,000 bin labels and renders them into one PDF, prints the seconds it
# took. (It cannot import this module: this module imports the app, which needs today's printing.)
_WORKER = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
os.sched_setaffinity(0, {int(sys.argv[2])})
sys.path.insert(1, sys.argv[3])
import printing
assert printing.__file__.startswith(sys.argv[1]), printing.__file__
from printing import BinLabel, render_pdf
codes = [f"A{a:02d}-{r:02d}-{lv}" for a in range(1, 51) for r in range(1, 21) for lv in range(1, 6)]
render_pdf([BinLabel(code=c, barcode="LOC-" + c) for c in codes[:30]], page="A4")
for line in sys.stdin:
    page, dpi = line.split()
    start, cpu = time.perf_counter(), time.process_time()
    labels = [BinLabel(code=c, barcode="LOC-" + c, zone="DE1 Pick", caption=f"#{i * 10}") for i, c in enumerate(codes)]
    render_pdf(labels, dpi=int(dpi), page=page)
    print(time.perf_counter() - start, time.process_time() - cpu, flush=True)
"""


def ours(page: str, dpi: int, all_codes: list[str], captions: list[str]) -> tuple[float, float, bytes]:
    """Wall and CPU seconds of one run, and its PDF."""
    start, cpu = time.perf_counter(), time.process_time()
    pdf = bin_labels_pdf(all_codes, page=page, dpi=dpi, zone="DE1 Pick", captions=captions)
    return time.perf_counter() - start, time.process_time() - cpu, pdf


@pytest.mark.bench
def test_labels_for_5000_bins_on_sheets_and_2x1_labels():
    try:
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})  # one core
    except (AttributeError, OSError):
        pass
    all_codes = codes()
    captions = [f"#{i * 10}" for i in range(len(all_codes))]
    bin_labels_pdf(all_codes[:30], page="A4")  # fonts registered, caches warm
    rows = []
    with tempfile.TemporaryDirectory(prefix="floor-bench-baseline-") as folder:
        try:
            baseline = Baseline(BASELINE, Path(folder), _WORKER)
        except (subprocess.CalledProcessError, FileNotFoundError):
            baseline = None  # no git or no such revision here: no before column
        today = Baseline(None, Path(folder), _WORKER)  # this printing, in a child process just like the baseline's
        try:
            for page, dpi in PAGES:
                now, now_cpu, before_cpu, pdf = [], [], [], b""
                for _ in range(ROUNDS):  # one round of each in turn: the box's noise hits both
                    if baseline is not None:
                        before_cpu.append(baseline.ask(f"{page} {dpi}")[1])
                    now_cpu.append(today.ask(f"{page} {dpi}")[1])
                    seconds, _, pdf = ours(page, dpi, all_codes, captions)
                    now.append(seconds)
                pages = len(pdfium.PdfDocument(pdf))
                assert pages == -(-BINS // PER_PAGE[page])
                # wall clock: the median a person waits (bin_labels_pdf, in this process); CPU: the best round of
                # printing alone, today's and the baseline's in twin child processes (a busy box only ever adds)
                rows.append((page, dpi, statistics.median(now), min(now_cpu), min(before_cpu) if before_cpu else None,
                             pages, len(pdf)))
        finally:
            today.close()
            if baseline is not None:
                baseline.close()

    table = ["| page | dpi | seconds for 5,000 | labels/s | CPU s | CPU s before, same run | speed now / before | "
             "pages | PDF MB |", "|---|---|---|---|---|---|---|---|---|"]
    for page, dpi, now, cpu, before, pages, size in rows:
        then = f"{before:.2f}" if before is not None else "-"
        ratio = f"{before / cpu:.2f}x" if before is not None else "-"
        table.append(f"| {page} | {dpi} | **{now:.2f}** | {BINS / now:,.0f} | {cpu:.2f} | {then} | {ratio} | {pages} | "
                     f"{size / 1e6:.1f} |")
    note = (f"\n5,000 bin labels (LOC-A01-01-1 ... LOC-A50-20-5, zone and caption lines) in one PDF through "
            f"`app.services.documents.bin_labels_pdf`, one core, {ROUNDS} rounds: median wall clock, best CPU time "
            f"of printing alone (the ratio: a shared box moves it less), today's and the baseline's ({BASELINE}) "
            f"each in a child process on the same core making and rendering the same labels, round by round; "
            f"target < {TARGET_S:.0f} s; load average {os.getloadavg()[0]:.1f}, {time.strftime('%Y-%m-%d')}, "
            f"{os.cpu_count()} CPU box.\n")
    report = "# Bin labels benchmark\n\n" + "\n".join(table) + "\n" + note
    print("\n" + report)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(report)
    assert all(now < TARGET_S for _, _, now, *_ in rows)
