"""Plans: what a subscription line subscribes to (a SKU billed every month, quarter or
year, its trial and what the customer may do in the portal). Created and changed with
subscriptions:plans, read with subscriptions:read (and by the portal)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

import catalog.services as catalog
from audit import services as audit
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from core.pagination import Page, keyset_page
from subscriptions.errors import SubscriptionErrorCode
from subscriptions.models import SubscriptionLine, SubscriptionPlan
from subscriptions.rules import MAX_CODE, MAX_NAME, MAX_TRIAL_DAYS, BillingPeriod

CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]*$")


@dataclass(frozen=True)
class PlanInfo:
    """A plan as other domains (quotes) see it. Its price per billing period is the
    price-book price of its SKU for the customer on the day."""

    id: uuid.UUID
    code: str
    name: str
    sku_id: uuid.UUID
    billing_period: BillingPeriod
    trial_days: int
    active: bool
    customer_may_cancel: bool
    customer_may_change_quantity: bool


@dataclass(frozen=True)
class PlanData:
    code: str
    name: str
    sku_id: uuid.UUID
    billing_period: BillingPeriod
    trial_days: int = 0
    customer_may_cancel: bool = True
    customer_may_change_quantity: bool = True
    active: bool = True


def info_of(plan: SubscriptionPlan) -> PlanInfo:
    return PlanInfo(
        id=plan.id,
        code=plan.code,
        name=plan.name,
        sku_id=plan.sku_id,
        billing_period=BillingPeriod(plan.billing_period),
        trial_days=plan.trial_days,
        active=plan.active,
        customer_may_cancel=plan.customer_may_cancel,
        customer_may_change_quantity=plan.customer_may_change_quantity,
    )


def check_plan(data: PlanData) -> list[UserError]:
    errors = []
    code = data.code.strip().upper()
    if not code or len(code) > MAX_CODE or not CODE.match(code):
        errors.append(
            UserError(
                SubscriptionErrorCode.INVALID_CODE,
                f"A code of letters, digits, '.', '_' or '-', up to {MAX_CODE} characters.",
                ("code",),
            )
        )
    if not data.name.strip() or len(data.name.strip()) > MAX_NAME:
        errors.append(
            UserError(SubscriptionErrorCode.INVALID_NAME, f"1 to {MAX_NAME} characters.", ("name",))
        )
    if not 0 <= data.trial_days <= MAX_TRIAL_DAYS:
        errors.append(
            UserError(
                SubscriptionErrorCode.INVALID_TRIAL_DAYS,
                f"0 to {MAX_TRIAL_DAYS} days.",
                ("trialDays",),
            )
        )
    return errors


async def _check_sku(actor: Actor, sku_id: uuid.UUID) -> list[UserError]:
    [sku] = await catalog.skus_by_id(actor, [sku_id])
    if sku is None:
        return [UserError(SubscriptionErrorCode.UNKNOWN_SKU, "No such SKU.", ("skuId",))]
    return []


def _values(data: PlanData) -> dict[str, Any]:
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    values["code"] = data.code.strip().upper()
    values["name"] = data.name.strip()
    values["billing_period"] = data.billing_period.value
    return values


async def create_plan(actor: Actor, data: PlanData) -> SubscriptionPlan:
    await actor.require("subscriptions", "plans")
    errors = check_plan(data) + await _check_sku(actor, data.sku_id)
    if errors:
        raise BusinessRuleError(*errors)
    plan = SubscriptionPlan(tenant_id=actor.tenant_id, id=uuid.uuid4(), **_values(data))
    actor.session.add(plan)
    await _flush_code(actor)
    await audit.record(
        actor, "subscriptions.create_plan", "subscription_plan", plan.id, after=_summary(plan)
    )
    return plan


async def update_plan(actor: Actor, plan_id: uuid.UUID, data: PlanData) -> SubscriptionPlan:
    """Change a plan; subscriptions on it keep their agreed prices and period."""
    await actor.require("subscriptions", "plans")
    plan = await access.get_scoped(actor, SubscriptionPlan, plan_id, "plans", lock=True)
    errors = check_plan(data) + await _check_sku(actor, data.sku_id)
    if data.billing_period.value != plan.billing_period and await _in_use(actor, plan.id):
        errors.append(
            UserError(
                SubscriptionErrorCode.MIXED_BILLING_PERIODS,
                "Subscriptions use this plan: its billing period stays.",
                ("billingPeriod",),
            )
        )
    if errors:
        raise BusinessRuleError(*errors)
    before = _summary(plan)
    for name, value in _values(data).items():
        setattr(plan, name, value)
    plan.updated_at = datetime.now(UTC)
    await _flush_code(actor)
    await audit.record(
        actor,
        "subscriptions.update_plan",
        "subscription_plan",
        plan.id,
        before=before,
        after=_summary(plan),
    )
    return plan


async def _in_use(actor: Actor, plan_id: uuid.UUID) -> bool:
    found = await actor.session.scalar(
        select(SubscriptionLine.id)
        .where(SubscriptionLine.tenant_id == actor.tenant_id, SubscriptionLine.plan_id == plan_id)
        .limit(1)
    )
    return found is not None


async def _flush_code(actor: Actor) -> None:
    try:
        async with actor.session.begin_nested():
            await actor.session.flush()
    except IntegrityError as error:
        if "uq_subscription_plans_tenant_id_code" not in str(error.orig):
            raise
        raise BusinessRuleError.single(
            SubscriptionErrorCode.CODE_TAKEN, "Another plan has this code.", "code"
        ) from error


def _summary(plan: SubscriptionPlan) -> dict[str, Any]:
    return {
        "code": plan.code,
        "name": plan.name,
        "skuId": str(plan.sku_id),
        "billingPeriod": plan.billing_period,
        "trialDays": plan.trial_days,
        "customerMayCancel": plan.customer_may_cancel,
        "customerMayChangeQuantity": plan.customer_may_change_quantity,
        "active": plan.active,
    }


async def list_plans(
    actor: Actor, active_only: bool, first: int | None, after: str | None
) -> Page[SubscriptionPlan]:
    statement = await access.restrict(actor, SubscriptionPlan, _read_action(actor))
    if active_only:
        statement = statement.where(SubscriptionPlan.active.is_(True))
    return await keyset_page(
        actor.session,
        statement,
        [SubscriptionPlan.code, SubscriptionPlan.id],
        first=first,
        after=after,
        descending=False,
    )


def _read_action(actor: Actor) -> str:
    principal = actor.require_principal()
    return access.PORTAL if principal.kind.value == "portal" else "read"


async def visible_plans_by_id(
    actor: Actor, ids: Sequence[uuid.UUID]
) -> list[SubscriptionPlan | None]:
    """A DataLoader batch of plans the caller may read."""
    return await access.rows_by_id(actor, SubscriptionPlan, ids, _read_action(actor))


async def plan_rows(actor: Actor, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, SubscriptionPlan]:
    """The tenant's plans by id, for use cases that have authorised their caller."""
    rows = await actor.session.scalars(
        select(SubscriptionPlan).where(
            SubscriptionPlan.tenant_id == actor.tenant_id, SubscriptionPlan.id.in_(list(ids))
        )
    )
    return {row.id: row for row in rows.all()}


async def plans_by_id(actor: Actor, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, PlanInfo]:
    """The tenant's plans with these ids (missing ones left out), for other domains' use
    cases (quotes), which have authorised their caller."""
    return {plan_id: info_of(plan) for plan_id, plan in (await plan_rows(actor, ids)).items()}
