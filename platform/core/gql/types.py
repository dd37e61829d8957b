"""Types every domain's schema uses: user errors, mutation outcomes, global ids."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info
from strawberry.types.base import get_object_definition

from core.context import Actor
from core.errors import BusinessRuleError, CommonErrorCode, ErrorCode, NotFound, UserError
from core.gql.context import context_of

T = TypeVar("T")


@strawberry.interface(
    name="UserError",
    description="A business rule the input broke. Each domain's error type implements it "
    "with `code` typed by that domain's enum (OrderError.code: OrderErrorCode).",
)
class UserErrorInterface:
    field: list[str] | None = strawberry.field(
        description="Path to the input field at fault, or null when no single field is."
    )
    message: str = strawberry.field(description="Human-readable explanation.")
    params: JSON | None = strawberry.field(
        description="The facts the message states, by name (values are text), for clients "
        "that word the error themselves; null when the code says it all. "
        'INSUFFICIENT_STOCK: {"line", "sku", "requested", "available", "warehouse"}.',
        default=None,
    )


@dataclass
class UserErrorType:
    """What services' user errors become in a payload. Payloads expose them under their
    domain's error type (`error_list_field(OrderError)`), whose `code` is that domain's enum."""

    field: list[str] | None
    code: ErrorCode
    message: str
    params: dict[str, str] | None = None

    @classmethod
    def of(cls, error: UserError) -> UserErrorType:
        return cls(
            field=list(error.field) if error.field else None,
            code=error.code,
            message=error.message,
            params=error.params,
        )


def user_error_type(name: str, *families: type[ErrorCode], description: str) -> type:
    """A GraphQL error type `name` whose `code` is the enum `{name}Code`: the codes of
    `families` and the shared plumbing's (CommonErrorCode), with their existing values."""
    every: tuple[type[ErrorCode], ...] = (*families, CommonErrorCode)
    codes = {member.value: member.value for family in every for member in family}
    enum = strawberry.enum(
        ErrorCode(f"{name}Code", codes),  # type: ignore[call-overload]
        name=f"{name}Code",
        description=f"The codes of {name}.",
    )
    namespace: dict[str, Any] = {
        "__annotations__": {"code": enum},
        "code": strawberry.field(description="Stable machine-readable code to branch on."),
        # Services' errors arrive as UserErrorType; this type only names and types them.
        "is_type_of": classmethod(lambda cls, obj, info: isinstance(obj, UserErrorType)),
    }
    error_type = type(name, (UserErrorInterface,), namespace)
    return strawberry.type(error_type, name=name, description=description)


def error_list_field(error_type: type, description: str = "Why nothing changed.") -> Any:
    """A payload's `userErrors` field, typed as its domain's error type."""
    return strawberry.field(description=description, graphql_type=list[error_type])  # type: ignore[valid-type]


@dataclass
class Outcome(Generic[T]):
    """A mutation's result, or the user errors that stopped it (nothing written then)."""

    value: T | None
    user_errors: list[UserErrorType]


P = TypeVar("P")


def payload_of(
    payload_type: type[P], outcome: Outcome[T], convert: Callable[[T], Any] | None = None
) -> P:
    """A mutation payload from its outcome: the payload's one result field holds the
    converted value (null when the mutation was refused), `userErrors` the errors."""
    result_fields = [name for name in _data_fields(payload_type) if name != "user_errors"]
    if len(result_fields) != 1:
        raise TypeError(f"{payload_type.__name__} has {len(result_fields)} result fields")
    value = outcome.value
    converted = None if value is None else (convert(value) if convert else value)
    return payload_type(  # type: ignore[call-arg]
        **{result_fields[0]: converted}, user_errors=outcome.user_errors
    )


def from_row(object_type: type[P], row: Any, /, **values: Any) -> P:
    """A Strawberry object type filled from the row's attributes of the same names (`id`
    as text, sequences as lists); `values` give the fields that need converting. Fields
    with resolvers are left to them."""
    arguments: dict[str, Any] = {}
    for name in _data_fields(object_type):
        if name in values:
            continue
        value = getattr(row, name)
        if name == "id":
            value = str(value)
        elif isinstance(value, list | tuple):
            value = list(value)
        arguments[name] = value
    return object_type(**arguments, **values)


_DATA_FIELDS: dict[type, tuple[str, ...]] = {}


def _data_fields(object_type: type) -> tuple[str, ...]:
    """The fields of a Strawberry type its constructor fills (no resolver), in order; a
    type's fields are fixed once it is defined, so each is worked out once."""
    if object_type not in _DATA_FIELDS:
        _DATA_FIELDS[object_type] = tuple(
            field.python_name
            for field in get_object_definition(object_type, strict=True).fields
            if field.base_resolver is None and field.init
        )
    return _DATA_FIELDS[object_type]


async def run_mutation(
    info: Info[Any, Any], operation: Callable[[Actor], Awaitable[T]]
) -> Outcome[T]:
    """Run `operation` in its own transaction; business errors roll back and become data."""
    try:
        async with context_of(info).writer() as actor:
            value = await operation(actor)
    except BusinessRuleError as error:
        return Outcome(None, [UserErrorType.of(e) for e in error.errors])
    return Outcome(value, [])


def decode_id(global_id: str | relay.GlobalID, *expected_types: str) -> uuid.UUID:
    """The row id behind a global id of one of `expected_types`; anything else is NOT_FOUND,
    the same answer as for an id that exists in another tenant."""
    try:
        parsed = (
            global_id
            if isinstance(global_id, relay.GlobalID)
            else relay.GlobalID.from_id(global_id)
        )
        if expected_types and parsed.type_name not in expected_types:
            raise NotFound()
        return uuid.UUID(parsed.node_id)
    except (ValueError, TypeError) as error:
        raise NotFound() from error


# An id that never exists: a malformed or foreign global id inside an input is then reported
# by the service as an unknown object (a user error on its field), like another tenant's id.
NO_ROW = uuid.UUID(int=0)


def input_row_id(value: str | relay.GlobalID, *expected_types: str) -> uuid.UUID:
    """The row id behind a global id given in an input, or NO_ROW for one that cannot be."""
    try:
        return decode_id(value, *expected_types)
    except NotFound:
        return NO_ROW


def optional_input_row_id(
    value: str | relay.GlobalID | None, *expected_types: str
) -> uuid.UUID | None:
    """As input_row_id; None when the input leaves the id out (null or blank)."""
    if value is None or not str(value).strip():
        return None
    return input_row_id(value, *expected_types)


def global_id(type_name: str, row_id: uuid.UUID) -> relay.GlobalID:
    return relay.GlobalID(type_name=type_name, node_id=str(row_id))


def id_of(type_name: str, row_id: uuid.UUID) -> strawberry.ID:
    """A row's global id as an `ID` field's value."""
    return strawberry.ID(str(global_id(type_name, row_id)))


def optional_id_of(type_name: str, row_id: uuid.UUID | None) -> strawberry.ID | None:
    return id_of(type_name, row_id) if row_id is not None else None


def parse_node_ids(node_ids: Iterable[str]) -> list[uuid.UUID | None]:
    """Raw node ids from a decoded global id; malformed ones become None (not found)."""
    parsed: list[uuid.UUID | None] = []
    for node_id in node_ids:
        try:
            parsed.append(uuid.UUID(str(node_id)))
        except ValueError:
            parsed.append(None)
    return parsed


async def resolve_by_ids(
    info: Info[Any, Any],
    node_ids: Iterable[str],
    fetch: Callable[[Actor, list[uuid.UUID]], Awaitable[Sequence[Any | None]]],
    convert: Callable[[Any], T],
    required: bool,
) -> list[T | None]:
    """Shared `resolve_nodes`: load through a tenant-scoped service, keep request order."""
    ids = parse_node_ids(node_ids)
    valid = [i for i in ids if i is not None]
    actor = await context_of(info).reader()
    rows = await fetch(actor, valid) if valid else []
    found = {row.id: row for row in rows if row is not None}
    result = [convert(found[i]) if i is not None and i in found else None for i in ids]
    if required and any(r is None for r in result):
        raise NotFound()
    return result
