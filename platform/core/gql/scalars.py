"""Scalars Orbit tightens: a DateTime must name an instant PostgreSQL and Python can both
hold once it is turned into UTC, and a Decimal always leaves as plain text."""

from __future__ import annotations

import datetime as dt
import decimal

import dateutil.parser  # type: ignore[import-untyped]  # Strawberry's own parser
from strawberry.schema.types.base_scalars import (
    DateTimeDefinition,
    DecimalDefinition,
    wrap_parser,
)
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


def plain_decimal(value: decimal.Decimal | int | str) -> str:
    """A Decimal as plain text: 10, 2.5, 0.0000001, never 1E+1 (what `str` gives for a
    normalised 10), which clients would not read as a number."""
    return format(decimal.Decimal(value), "f")


PLAIN_DECIMAL: ScalarDefinition = ScalarDefinition(
    name=DecimalDefinition.name,
    description=DecimalDefinition.description,
    specified_by_url=DecimalDefinition.specified_by_url,
    serialize=plain_decimal,
    parse_value=DecimalDefinition.parse_value,
    parse_literal=DecimalDefinition.parse_literal,
    origin=decimal.Decimal,
)
