"""Fields other domains contribute to a GraphQL type they do not own (issue 11): a
downstream domain declares its fields of `Order` in its own `order_fields.py`, and the
composition root adds them to the type before the schema is built, so the owning domain's
schema imports no downstream domain."""

from __future__ import annotations

from collections.abc import Mapping

from strawberry.types.base import get_object_definition
from strawberry.types.field import StrawberryField


def add_fields(
    target: type, fields: Mapping[str, StrawberryField], *, after: str | None = None
) -> None:
    """Add `fields` (python name -> field with its resolver) to the Strawberry type
    `target`, at the end or right after its field `after`, in the mapping's order."""
    definition = get_object_definition(target, strict=True)
    names = [field.python_name for field in definition.fields]
    clashes = set(fields) & set(names)
    if clashes:
        raise ValueError(f"{definition.name} already has {', '.join(sorted(clashes))}")
    for name, field in fields.items():
        field.name = name
        field.origin = field.origin or target
    position = len(names) if after is None else names.index(after) + 1
    definition.fields[position:position] = list(fields.values())
