"""The approval gate a submitted order passes: the approvals domain decides whether an order
waits for approval and opens the request, but builds on orders, so orders only declares
what it hands over (this port) and the composition root plugs approvals in
(`set_approval_gate`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from core.context import Actor


@dataclass(frozen=True)
class ApprovalFacts:
    """What the approval rules look at. `credit_limit` is None when the credit check does
    not apply (the customer pays in advance or has no limit set)."""

    total: Decimal
    currency: str
    max_discount: Decimal
    credit_limit: Decimal | None = None
    open_receivables: Decimal = Decimal(0)


@dataclass(frozen=True)
class OrderToApprove:
    """The order as an approval request copies it."""

    order_id: uuid.UUID
    number: str
    customer_name: str
    total: Decimal
    currency: str
    created_by_id: uuid.UUID | None
    owner_id: uuid.UUID | None
    allow_backorder: bool


@dataclass(frozen=True)
class ApprovalNeedReason:
    """A rule asking for approval: its code, English sentence and figures by name."""

    code: str
    message: str
    params: dict[str, str]


@dataclass(frozen=True)
class ApprovalNeed:
    """One approval an order would wait for: the level that decides (finance, manager,
    director) and each rule that asked for it."""

    level: str
    reasons: tuple[ApprovalNeedReason, ...]


class ApprovalGate(Protocol):
    """The approvals domain, as order submission uses it."""

    async def credit_check_enabled(self, actor: Actor) -> bool:
        """Whether the tenant checks credit (orders then gathers limit and receivables)."""

    async def required_steps(self, actor: Actor, facts: ApprovalFacts) -> Sequence[object]:
        """The approval steps the tenant's rules require; none lets the order through."""

    async def step_planner(
        self, actor: Actor
    ) -> tuple[bool, Callable[[ApprovalFacts], Sequence[object]]]:
        """For many orders at once: whether the tenant checks credit, and `required_steps`
        as a plain function over the tenant's rules (read once)."""

    async def preview(self, actor: Actor, facts: ApprovalFacts) -> Sequence[ApprovalNeed]:
        """The approvals `required_steps` would ask for, described for the order form."""

    async def open_request(
        self, actor: Actor, order: OrderToApprove, steps: Sequence[object]
    ) -> None:
        """Open the approval request with these steps."""


_gate: list[ApprovalGate] = []


def set_approval_gate(gate: ApprovalGate) -> None:
    """Plug in the approvals domain (the composition root does, once)."""
    _gate[:] = [gate]


def approval_gate() -> ApprovalGate:
    if not _gate:
        raise LookupError("no approval gate is set (orbit.runtime sets approvals')")
    return _gate[0]
