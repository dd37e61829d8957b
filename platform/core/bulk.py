"""Bulk actions on selected rows: the same use case applied to each id in turn, each in its
own savepoint, so one refused row (a business rule, out of reach) leaves the others done and
is reported beside them. The whole call is still one transaction and one permission check."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from core.context import Actor
from core.errors import BusinessRuleError, CommonErrorCode, NotFound, UserError

MAX_ROWS = 200


@dataclass(frozen=True)
class RowResult:
    """What happened to one selected row: done when `errors` is empty."""

    id: uuid.UUID
    errors: list[UserError]

    @property
    def ok(self) -> bool:
        return not self.errors


_NOT_FOUND = UserError(CommonErrorCode.NOT_FOUND, "Not found, or out of your reach.")


def check_selection(
    ids: Sequence[uuid.UUID], code: CommonErrorCode | None = None
) -> list[uuid.UUID]:
    """The selected ids, each once in their order; 1 to MAX_ROWS of them."""
    unique = list(dict.fromkeys(ids))
    if not 1 <= len(unique) <= MAX_ROWS:
        raise BusinessRuleError.single(
            code or CommonErrorCode.INVALID_PAGE_SIZE,
            f"Select 1 to {MAX_ROWS} rows.",
            "ids",
        )
    return unique


async def each_row(
    actor: Actor, ids: Sequence[uuid.UUID], act: Callable[[uuid.UUID], Awaitable[object]]
) -> list[RowResult]:
    """`act` on every id in its own savepoint; a row it refuses is rolled back alone. Rows
    are taken in id order (the lock order every writer keeps, so two bulk calls cannot
    deadlock) and reported in the caller's order."""
    results: dict[uuid.UUID, RowResult] = {}
    for row_id in sorted(ids):
        try:
            async with actor.session.begin_nested():
                await act(row_id)
        except BusinessRuleError as refused:
            results[row_id] = RowResult(row_id, refused.errors)
        except NotFound:
            results[row_id] = RowResult(row_id, [_NOT_FOUND])
        else:
            results[row_id] = RowResult(row_id, [])
    return [results[row_id] for row_id in ids]
