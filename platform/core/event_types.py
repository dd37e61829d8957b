"""The event catalogue: one frozen dataclass per event type, declared in its domain's
`events.py` with `@event("order.confirmed")`; docs/events.md documents every one and a test
holds the two together. Emitters build the dataclass and `core.outbox.emit` stores its payload
(camelCase keys, JSON values); handlers read it back with `core.events.event_of`."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import MISSING, dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from types import UnionType
from typing import Any, ClassVar, TypeVar, Union, get_args, get_origin, get_type_hints

EventT = TypeVar("EventT", bound="Event")
_catalogue: dict[str, type[Event]] = {}


@dataclass(frozen=True)
class Event:
    """One event type of the catalogue: a frozen dataclass per event, declared in its domain's
    `events.py` with `@event("order.confirmed")`. Emitters build it, `emit` stores its
    payload (camelCase keys, JSON values), and handlers read it back with `event_of`."""

    name: ClassVar[str]

    def payload(self) -> dict[str, Any]:
        return {_camel(f.name): _to_json(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def parse(cls: type[EventT], payload: dict[str, Any]) -> EventT:
        values = {
            name: _from_json(hint, payload.get(key))
            for name, key, hint, required in _fields_of(cls)
            if required or key in payload
        }
        return cls(**values)


_FieldPlan = tuple[tuple[str, str, Any, bool], ...]
_field_plans: dict[type[Event], _FieldPlan] = {}


def _fields_of(cls: type[Event]) -> _FieldPlan:
    """Per field: its name, payload key, resolved type and whether it is required. Resolving
    the hints is most of a parse's cost, and the relay parses every event it delivers."""
    plan = _field_plans.get(cls)
    if plan is None:
        hints = get_type_hints(cls)
        plan = tuple(
            (f.name, _camel(f.name), hints[f.name], f.default is MISSING) for f in fields(cls)
        )
        _field_plans[cls] = plan
    return plan


def event(name: str) -> Callable[[type[EventT]], type[EventT]]:
    """Register an event type in the catalogue under its stable `name`."""

    def register(cls: type[EventT]) -> type[EventT]:
        if name in _catalogue and _catalogue[name] is not cls:
            raise ValueError(f"event {name} is declared twice")
        cls.name = name
        _catalogue[name] = cls
        return cls

    return register


def catalogue() -> dict[str, type[Event]]:
    """Every declared event type by name (the domains' events modules must be imported)."""
    return dict(sorted(_catalogue.items()))


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part.title() for part in rest)


def _to_json(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _to_json(item) for key, item in value.items()}
    return value


def _from_json(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, UnionType):
        return _from_json(next(a for a in args if a is not type(None)), value)
    if origin in (list, tuple):
        items = [_from_json(args[0] if args else Any, item) for item in value]
        return tuple(items) if origin is tuple else items
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    for kind, parse in _PARSERS:
        if hint is kind:
            return parse(value)
    return value


_PARSERS: tuple[tuple[type, Callable[[Any], Any]], ...] = (
    (uuid.UUID, uuid.UUID),
    (Decimal, Decimal),
    (datetime, datetime.fromisoformat),
    (date, date.fromisoformat),
)
