"""PostgreSQL's CPU over a while, by kind of process (client backends, autovacuum, the WAL
writer, the checkpointer, ...), read from /proc by each process's title. Run it beside a
benchmark to see where the database's CPU goes; processes that start meanwhile (an
autovacuum worker) count from their start.

    .venv/bin/python bench/relay_benchmark.py --orders 300 --rounds 2 &
    .venv/bin/python bench/postgres_cpu_by_kind.py --seconds 80
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from proc_cpu import TICKS, own_ticks

KINDS = (
    "autovacuum",
    "walwriter",
    "checkpointer",
    "background writer",
    "logical replication",
    "archiver",
)
SAMPLE_SECONDS = 0.2


def postgres_processes() -> dict[int, tuple[str, int]]:
    """Each PostgreSQL process: its title and its user + system ticks so far."""
    found: dict[int, tuple[str, int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except (OSError, UnicodeDecodeError):  # gone meanwhile
            continue
        used = own_ticks(int(entry.name)) if title.startswith("postgres") else None
        if used is not None:
            found[int(entry.name)] = (title, used)
    return found


def kind_of(title: str) -> str:
    named = next((kind for kind in KINDS if kind in title), None)
    if named:
        return named
    return "client backend" if ":" in title else "postmaster"


def measure(seconds: float) -> Counter[str]:
    ticks: Counter[str] = Counter()
    seen = postgres_processes()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(SAMPLE_SECONDS)
        now = postgres_processes()
        for pid, (title, used) in now.items():
            ticks[kind_of(title)] += used - seen[pid][1] if pid in seen else used
        seen = now
    return ticks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    ticks = measure(parser.parse_args().seconds)
    total = sum(ticks.values()) or 1
    for kind, used in ticks.most_common():
        print(f"{kind:20s} {used / TICKS:7.2f} s  {100 * used / total:5.1f} %")


if __name__ == "__main__":
    main()
