"""The tenant's return settings: the return window (read with returns:read, or by any
portal contact, who is told how long they have), the requested value above which approval
goes through the approval machinery, and the address returns are sent to (printed on
labels). Changing them needs settings:write and is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import audit.services as audit
from core.context import Actor
from core.errors import BusinessRuleError
from core.money import AMOUNT, check_decimal
from returns import rules
from returns.errors import ReturnErrorCode
from returns.models import ReturnSettings

ADDRESS_FIELDS = ("name", "line1", "line2", "city", "region", "postalCode", "country", "phone")
MAX_ADDRESS_FIELD = 200


@dataclass(frozen=True)
class ReturnRules:
    window_days: int
    approval_threshold: Decimal | None
    return_address: dict[str, str] | None


async def _row(actor: Actor, lock: bool = False) -> ReturnSettings | None:
    return await actor.session.get(ReturnSettings, actor.tenant_id, with_for_update=lock)


def _rules(row: ReturnSettings | None) -> ReturnRules:
    if row is None:
        return ReturnRules(rules.DEFAULT_WINDOW_DAYS, None, None)
    return ReturnRules(row.window_days, row.approval_threshold, row.return_address)


async def window_days(actor: Actor) -> int:
    """Days after delivery a return may be asked for: the tenant's, or the default."""
    return _rules(await _row(actor)).window_days


async def return_rules(actor: Actor) -> ReturnRules:
    return _rules(await _row(actor))


async def return_address(actor: Actor) -> dict[str, str] | None:
    return _rules(await _row(actor)).return_address


async def read_window_days(actor: Actor) -> int:
    await actor.require("returns", "read")
    return await window_days(actor)


async def read_return_rules(actor: Actor) -> ReturnRules:
    await actor.require("returns", "read")
    return await return_rules(actor)


def _check(days: int, threshold: Decimal | None, address: dict[str, str] | None) -> None:
    if not 0 <= days <= rules.MAX_WINDOW_DAYS:
        raise BusinessRuleError.single(
            ReturnErrorCode.INVALID_WINDOW,
            f"The return window is 0 to {rules.MAX_WINDOW_DAYS} days.",
            "windowDays",
        )
    if threshold is not None:
        malformed = check_decimal(
            threshold,
            ("approvalThreshold",),
            AMOUNT.with_places(2),
            code=ReturnErrorCode.INVALID_THRESHOLD,
        )
        if malformed:
            raise BusinessRuleError(*malformed)
        if threshold < 0:
            raise BusinessRuleError.single(
                ReturnErrorCode.INVALID_THRESHOLD,
                "The approval threshold is an amount of 0 or more.",
                "approvalThreshold",
            )
    if address is not None and any(len(v) > MAX_ADDRESS_FIELD for v in address.values()):
        raise BusinessRuleError.single(
            ReturnErrorCode.INVALID_ADDRESS,
            f"Keep each part of the address under {MAX_ADDRESS_FIELD} characters.",
            "returnAddress",
        )


def _clean_address(address: dict[str, str] | None) -> dict[str, str] | None:
    if address is None:
        return None
    kept = {k: v.strip() for k, v in address.items() if k in ADDRESS_FIELDS and (v or "").strip()}
    return kept or None


def _view(found: ReturnRules) -> dict[str, Any]:
    threshold = found.approval_threshold
    return {
        "windowDays": found.window_days,
        "approvalThreshold": None if threshold is None else f"{threshold.normalize():f}",
        "returnAddress": found.return_address,
    }


async def update_return_rules(actor: Actor, wanted: ReturnRules) -> ReturnRules:
    """Set the window (0 to 3650 days), the approval threshold (None: every return is
    approved directly) and the returns address (None: the seller's own) (settings:write)."""
    await actor.require("settings", "write")
    address = _clean_address(wanted.return_address)
    _check(wanted.window_days, wanted.approval_threshold, address)
    row = await _row(actor, lock=True)
    before = _rules(row)
    if row is None:
        row = ReturnSettings(tenant_id=actor.tenant_id, window_days=wanted.window_days)
        actor.session.add(row)
    row.window_days, row.updated_at = wanted.window_days, datetime.now(UTC)
    row.approval_threshold, row.return_address = wanted.approval_threshold, address
    after = _rules(row)
    await audit.record(
        actor,
        "returns.update_settings",
        "return_settings",
        actor.tenant_id,
        before=_view(before),
        after=_view(after),
    )
    await actor.session.flush()
    return after


async def update_window_days(actor: Actor, days: int) -> int:
    """Set the window only (settings:write), keeping the other settings."""
    await actor.require("settings", "write")
    current = await return_rules(actor)
    changed = ReturnRules(days, current.approval_threshold, current.return_address)
    return (await update_return_rules(actor, changed)).window_days
