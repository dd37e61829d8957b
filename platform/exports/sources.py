"""The lists an export can read, each registered by the composition root (which knows
every domain's list function): its permission, how its GraphQL filter (as JSON) becomes
the list's filter, how a page is read and which columns the file has."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from strawberry import relay

from core.context import Actor
from core.pagination import Page


class ExportList(StrEnum):
    """The console lists an export can read (stored as its value)."""

    ORDERS = "orders"
    CUSTOMERS = "customers"
    PRODUCTS = "products"
    INVOICES = "invoices"
    RECEIVABLES = "receivables"
    PAYMENTS = "payments"
    AUDIT = "audit"


class InvalidFilter(ValueError):
    """A filter the list does not understand; the message says which key and why."""


Cell = str | int | Decimal | bool | None


@dataclass(frozen=True)
class Column:
    header: str
    header_zh: str
    value: Callable[[Any], Cell]


@dataclass(frozen=True)
class ListSource:
    filter_keys: tuple[str, ...]
    parse: Callable[[FilterReader], Any]
    fetch: Callable[[Actor, Any, int, str | None], Awaitable[Page[Any]]]
    columns: Sequence[Column]


_sources: dict[ExportList, ListSource] = {}


def register(kind: ExportList, source: ListSource) -> None:
    _sources[kind] = source


def source_of(kind: ExportList) -> ListSource:
    return _sources[kind]


def iso(value: date | datetime | None) -> str | None:
    """Dates and times as ISO 8601 text (times in UTC as stored)."""
    return None if value is None else value.isoformat()


class FilterReader:
    """Reads a list's filter given as JSON in its GraphQL input's camelCase keys; a key the
    list does not know, or a value of the wrong shape, is InvalidFilter."""

    def __init__(self, raw: Mapping[str, Any], known: Sequence[str]) -> None:
        unknown = sorted(set(raw) - set(known))
        if unknown:
            raise InvalidFilter(f"Unknown filter key {unknown[0]}; known: {', '.join(known)}.")
        self.raw = {key: value for key, value in raw.items() if value is not None}

    def text(self, key: str) -> str | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise InvalidFilter(f"{key} must be text.")
        return value

    def texts(self, key: str) -> list[str]:
        value = self.raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidFilter(f"{key} must be a list of text.")
        return list(value)

    def flag(self, key: str) -> bool | None:
        value = self.raw.get(key)
        if value is not None and not isinstance(value, bool):
            raise InvalidFilter(f"{key} must be true or false.")
        return value

    def choice(self, key: str, choices: Sequence[str]) -> str | None:
        """An enum value, given as GraphQL spells it (CONFIRMED) or as stored (confirmed)."""
        value = self.text(key)
        if value is None:
            return None
        if value.lower() not in choices:
            raise InvalidFilter(f"{key} must be one of {', '.join(c.upper() for c in choices)}.")
        return value.lower()

    def choices(self, key: str, choices: Sequence[str]) -> list[str]:
        values = [value.lower() for value in self.texts(key)]
        if any(value not in choices for value in values):
            raise InvalidFilter(f"{key} must hold only {', '.join(c.upper() for c in choices)}.")
        return values

    def moment(self, key: str) -> datetime | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            return datetime.fromisoformat(value)
        except ValueError as error:
            raise InvalidFilter(f"{key} must be an ISO 8601 date and time.") from error

    def node_id(self, key: str, *type_names: str) -> uuid.UUID | None:
        """The row id behind a global id of one of `type_names`."""
        value = self.text(key)
        if value is None:
            return None
        try:
            parsed = relay.GlobalID.from_id(value)
            if parsed.type_name not in type_names:
                raise ValueError(parsed.type_name)
            return uuid.UUID(parsed.node_id)
        except (ValueError, TypeError) as error:
            raise InvalidFilter(f"{key} must be the global id of a {type_names[0]}.") from error
