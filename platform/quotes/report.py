"""The quote-to-order conversion figure for reports: quotes first sent in a period and how
many of them were accepted (so far)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from core import access
from core.context import Actor
from core.errors import BusinessRuleError
from quotes.errors import QuoteErrorCode
from quotes.models import Quote
from quotes.rules import QuoteStatus


@dataclass(frozen=True)
class QuoteConversion:
    sent: int
    accepted: int

    @property
    def rate(self) -> Decimal | None:
        """Accepted per sent, to four places; None when none was sent."""
        if self.sent == 0:
            return None
        return (Decimal(self.accepted) / Decimal(self.sent)).quantize(
            Decimal("0.0001"), ROUND_HALF_UP
        )


def _in_utc(moment: datetime) -> datetime:
    """A time given without a zone is read as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


async def quote_conversion(actor: Actor, start: datetime, end: datetime) -> QuoteConversion:
    """Quotes of customers in the caller's scope first sent in [start, end) (quotes:read),
    and how many of them were accepted."""
    start, end = _in_utc(start), _in_utc(end)
    if end <= start:
        raise BusinessRuleError.single(
            QuoteErrorCode.INVALID_PERIOD, "The period ends before it starts.", "to"
        )
    visible = await access.visible_ids(actor, Quote)
    accepted = func.count().filter(Quote.status == QuoteStatus.ACCEPTED.value)
    row = (
        await actor.session.execute(
            select(func.count(), accepted).where(
                Quote.tenant_id == actor.tenant_id,
                Quote.id.in_(visible),
                Quote.sent_at >= start,
                Quote.sent_at < end,
            )
        )
    ).one()
    return QuoteConversion(sent=int(row[0]), accepted=int(row[1]))
