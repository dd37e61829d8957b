"""docs/events.md and the event catalogue describe the same events: each declared event is in
the doc's table with every payload key, and each event the table names is declared."""

from __future__ import annotations

import importlib
import re
from dataclasses import fields
from pathlib import Path

from core.event_types import Event, catalogue

REPO = Path(__file__).resolve().parent.parent
EVENTS_DOC = REPO / "docs" / "events.md"


def _declared() -> dict[str, type[Event]]:
    for module in sorted((REPO / "platform").glob("*/events.py")):
        if module.parent.name == "core":
            continue
        importlib.import_module(f"{module.parent.name}.events")
    return catalogue()


def _table_rows() -> list[str]:
    return [line for line in EVENTS_DOC.read_text().splitlines() if line.startswith("| `")]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def test_every_declared_event_is_documented_with_its_payload() -> None:
    rows = _table_rows()
    problems = []
    for name, event_type in _declared().items():
        row = next((r for r in rows if f"`{name}`" in r.split("|")[1]), None)
        if row is None:
            problems.append(f"{name}: no row in docs/events.md")
            continue
        payload_column = row.split("|")[2]
        missing = [
            k for k in (_camel(f.name) for f in fields(event_type)) if k not in payload_column
        ]
        if missing:
            problems.append(f"{name}: payload keys {missing} not in its row")
    assert problems == []


def test_every_documented_event_is_declared() -> None:
    declared = _declared()
    named = {n for r in _table_rows() for n in re.findall(r"`([a-z_]+\.[a-z_]+)`", r.split("|")[1])}
    assert sorted(named - declared.keys()) == []
