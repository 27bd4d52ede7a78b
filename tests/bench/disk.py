"""The disk's own commit latency, measured beside a benchmark in the same run.

A scan is durable when its commit is on disk (SQLite: WAL + fsync; PostgreSQL: its WAL), so a disk that
stalls on fsync stalls every scan queued behind that commit. This probe writes 4 KiB and fsyncs it every
20 ms in the folder given, and reports the percentiles, so a tail in the results can be told apart:
the application's, or the machine's disk.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path


class FsyncProbe:
    def __init__(self, folder: Path, every: float = 0.02) -> None:
        self.path = Path(folder) / "fsync-probe.bin"
        self.every = every
        self.samples: list[float] = []
        self.stalled: list[tuple[float, float]] = []   # (from, to) in time.perf_counter() of fsyncs over 25 ms
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fsync-probe", daemon=True)

    def __enter__(self) -> FsyncProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.path.unlink(missing_ok=True)

    def _run(self) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            block = b"\0" * 4096
            while not self._stop.wait(self.every):
                os.pwrite(fd, block, 0)
                t = time.perf_counter()
                os.fsync(fd)
                done = time.perf_counter()
                self.samples.append((done - t) * 1000)
                if done - t > 0.025:
                    self.stalled.append((t, done))
        finally:
            os.close(fd)

    def summary(self) -> str:
        s = sorted(self.samples)
        if not s:
            return "no fsync samples"
        return (f"p50 {s[len(s) // 2]:.2f} ms, p99 {s[max(0, int(len(s) * 0.99) - 1)]:.1f} ms, "
                f"max {s[-1]:.1f} ms ({len(s)} fsyncs)")

    def stalls(self, over_ms: float = 25.0) -> int:
        return sum(1 for v in self.samples if v > over_ms)

    def during_a_stall(self, begin: float, end: float) -> bool:
        """Did the disk stall (an fsync over 25 ms) while something ran from `begin` to `end`?"""
        return any(a < end and begin < b for a, b in self.stalled)


def filesystem_of(path: Path) -> str:
    """'ext4 on /dev/vda', 'tmpfs on /dev/shm'...: the mount holding `path` (from /proc/mounts)."""
    path = Path(path).resolve()
    best = ("", "?", "?")
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            device, mount, kind = line.split()[:3]
            if (path == Path(mount) or Path(mount) in path.parents) and len(mount) > len(best[0]):
                best = (mount, kind, device)
    except OSError:
        return "unknown filesystem"
    return f"{best[1]} ({best[2]} at {best[0]})"


class CpuMeter:
    """CPU used during a run: this process (the server: Python, one GIL) and the whole machine (/proc/stat),
    as cores busy on average, so a latency tail can be told apart: the server's own work, or the machine."""

    def __enter__(self) -> CpuMeter:
        self._wall, self._own, self._machine = time.perf_counter(), time.process_time(), self._busy()
        return self

    def __exit__(self, *exc) -> None:
        wall = time.perf_counter() - self._wall
        self.own = (time.process_time() - self._own) / wall
        busy, total = (b - a for a, b in zip(self._machine, self._busy(), strict=True))
        self.machine = busy / total * (os.cpu_count() or 1) if total else 0.0

    @staticmethod
    def _busy() -> tuple[int, int]:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + fields[4]   # idle + iowait
        return sum(fields) - idle, sum(fields)

    def summary(self) -> str:
        return (f"this process {self.own:.2f} cores, the whole machine {self.machine:.2f} of "
                f"{os.cpu_count()} cores")
