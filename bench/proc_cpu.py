"""CPU time of processes from /proc (Linux): a process tree (a server and its workers), or
PostgreSQL's backends serving one database, read before and after a measured round."""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from pathlib import Path

import asyncpg

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # gone
        return None
    # The command name (field 2) is in parentheses and may hold spaces.
    return text[text.rindex(")") + 2 :].split()


def own_ticks(pid: int) -> int | None:
    """User + system ticks of the process itself (not its children); None once it is gone."""
    fields = _stat(pid)
    return None if fields is None else int(fields[11]) + int(fields[12])


def cpu_seconds(pid: int) -> float:
    """User + system time of a process and of its children it has waited for."""
    fields = _stat(pid)
    if fields is None:
        return 0.0
    # After the name: state ppid … utime(14) stime(15) cutime(16) cstime(17), 1-based from
    # the pid; here 0-based from the state field.
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / TICKS


def _parent(pid: int) -> int | None:
    fields = _stat(pid)
    return int(fields[1]) if fields else None


def tree(root: int) -> list[int]:
    """The process and all its descendants alive now."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            parent = _parent(int(entry))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


def tree_cpu_seconds(root: int) -> float:
    return sum(cpu_seconds(pid) for pid in tree(root))


def pause(root: int) -> None:
    for pid in tree(root):
        os.kill(pid, signal.SIGSTOP)


def resume(root: int) -> None:
    for pid in tree(root):
        os.kill(pid, signal.SIGCONT)


@dataclass
class BackendSnapshot:
    seconds: dict[int, float]


async def backends(owner_dsn: str, database: str) -> BackendSnapshot:
    """CPU so far of every PostgreSQL backend connected to `database` (but this reader)."""
    conn = await asyncpg.connect(owner_dsn)
    try:
        rows = await conn.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            database,
        )
    finally:
        await conn.close()
    return BackendSnapshot({row["pid"]: cpu_seconds(row["pid"]) for row in rows})


def backend_delta(before: BackendSnapshot, after: BackendSnapshot) -> float:
    """CPU the backends spent between two snapshots; one that connected in between counts
    from zero, one that left in between is lost (the pools keep theirs open)."""
    return sum(
        seconds - before.seconds.get(pid, 0.0)
        for pid, seconds in after.seconds.items()
        if seconds >= before.seconds.get(pid, 0.0)
    )
