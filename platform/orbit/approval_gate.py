"""Approvals as the approval gate order submission passes (orders' `ApprovalGate` port):
orders builds on nothing of approvals, approvals builds on orders."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any

import approvals.submission as submission
import orders.services as orders
from approvals.rules import OrderFacts
from core.context import Actor


class ApprovalsGate:
    async def credit_check_enabled(self, actor: Actor) -> bool:
        return await submission.credit_check_enabled(actor)

    async def required_steps(self, actor: Actor, facts: orders.ApprovalFacts) -> Sequence[Any]:
        return await submission.required_steps(actor, OrderFacts(**asdict(facts)))

    async def step_planner(
        self, actor: Actor
    ) -> tuple[bool, Callable[[orders.ApprovalFacts], Sequence[Any]]]:
        credit_check, plan = await submission.step_planner(actor)

        def steps_of(facts: orders.ApprovalFacts) -> Sequence[Any]:
            return plan(OrderFacts(**asdict(facts)))

        return credit_check, steps_of

    async def preview(
        self, actor: Actor, facts: orders.ApprovalFacts
    ) -> Sequence[orders.ApprovalNeed]:
        steps = await submission.required_steps(actor, OrderFacts(**asdict(facts)))
        return [
            orders.ApprovalNeed(
                step.level.value,
                tuple(
                    orders.ApprovalNeedReason(r.code.value, r.message, dict(r.params))
                    for r in step.reasons
                ),
            )
            for step in steps
        ]

    async def open_request(
        self, actor: Actor, order: orders.OrderToApprove, steps: Sequence[Any]
    ) -> None:
        await submission.open_request(
            actor, submission.OrderToApprove(**asdict(order)), list(steps)
        )
