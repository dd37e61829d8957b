"""The worker's job charging saved cards for renewals (and retrying failed charges)."""

from __future__ import annotations

from typing import Any

from core.context import Services
from subscriptions import charging

CARD_CHARGES_JOB = "charge_subscription_cards"
# Every hour at :35 (after the renewal run at :05 billed the orders): charges are due on
# days, not minutes, and a run with nothing due is one indexed range scan.
CARD_CHARGES_MINUTE = 35
CARD_CHARGES_TIMEOUT_SECONDS = 900


async def charge_subscription_cards(ctx: dict[str, Any]) -> None:
    services: Services = ctx["services"]
    await charging.run_card_charges(services)
