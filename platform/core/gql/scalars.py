"""Scalars whose parsing Orbit tightens: a DateTime must name an instant PostgreSQL and
Python can both hold once it is turned into UTC."""

from __future__ import annotations

import datetime as dt

import dateutil.parser  # type: ignore[import-untyped]  # Strawberry's own parser
from strawberry.schema.types.base_scalars import DateTimeDefinition, wrap_parser
from strawberry.types.scalar import ScalarDefinition


def parse_instant(text: str) -> dt.datetime:
    """ISO 8601, as Strawberry reads it; 9999-12-31T23:59-14:00 is refused because in UTC
    it falls past the year 9999 (the database driver would fail on it)."""
    parsed: dt.datetime = dateutil.parser.isoparse(text)
    if parsed.tzinfo is not None:
        parsed.astimezone(dt.UTC)  # raises OverflowError past the representable range
    return parsed


BOUNDED_DATETIME: ScalarDefinition = ScalarDefinition(
    name=DateTimeDefinition.name,
    description=DateTimeDefinition.description,
    specified_by_url=DateTimeDefinition.specified_by_url,
    serialize=DateTimeDefinition.serialize,
    parse_value=wrap_parser(parse_instant, "DateTime", exceptions=(ValueError, OverflowError)),
    parse_literal=None,
    origin=dt.datetime,
)
