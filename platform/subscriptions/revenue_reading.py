"""Reading recurring revenue for people: the currency and months a report covers when the
caller leaves them out, and a clear error for a range that runs backwards or too long."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import catalog.services as catalog
import tenants.services as tenants
from core.context import Actor
from core.errors import BusinessRuleError, ErrorCode
from subscriptions import revenue

# Ten years of months: longer ranges are a mistake, not a report.
MAX_MONTHS = 120


class RevenueErrorCode(ErrorCode):
    INVALID_PERIOD = "INVALID_PERIOD"
    PERIOD_TOO_LONG = "PERIOD_TOO_LONG"


@dataclass(frozen=True)
class RevenueReport:
    figures: revenue.RevenueFigures
    currencies: list[str]


async def recurring_revenue(
    actor: Actor, currency: str | None, from_month: date | None, to_month: date | None
) -> RevenueReport:
    """The figures of [from_month, to_month] (default: the twelve months to this one) in
    `currency` (default: the tenant's) (revenue:read)."""
    currencies = await revenue.ledger_currencies(actor)
    this_month = revenue.month_of(await catalog.today(actor))
    last = revenue.month_of(to_month or this_month)
    first = revenue.month_of(from_month or _months_before(last, 11))
    _check_range(first, last)
    if currency is None:
        currency = (await tenants.current_tenant(actor)).currency
    figures = await revenue.revenue_figures(actor, currency.upper(), first, last, this_month)
    return RevenueReport(figures, sorted({*currencies, currency.upper()}))


def _check_range(first: date, last: date) -> None:
    if last < first:
        raise BusinessRuleError.single(
            RevenueErrorCode.INVALID_PERIOD,
            "`toMonth` must not come before `fromMonth`.",
            "toMonth",
        )
    if (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
        raise BusinessRuleError.single(
            RevenueErrorCode.PERIOD_TOO_LONG,
            f"A report covers at most {MAX_MONTHS} months.",
            "fromMonth",
        )


def _months_before(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)
