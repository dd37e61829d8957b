"""Reading quotes: the staff list with its filters, lookups by id and number, versions and
lines (DataLoader batches), the portal contact's own quotes, and the quote of orders."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Select

from core import access
from core.context import Actor
from core.pagination import Page, keyset_page
from core.tenancy import PrincipalKind
from quotes.models import Quote, QuoteLine, QuoteVersion
from quotes.rules import QuoteStatus


@dataclass(frozen=True)
class QuoteFilter:
    """The staff list's filters; every one given must match."""

    statuses: tuple[QuoteStatus, ...] = ()
    customer_id: uuid.UUID | None = None
    number: str | None = None


def _staff(actor: Actor) -> bool:
    return actor.require_principal().kind is not PrincipalKind.PORTAL


def _action(actor: Actor) -> str:
    return "read" if _staff(actor) else access.PORTAL


def _filtered(statement: Select[Quote], flt: QuoteFilter) -> Select[Quote]:
    if flt.statuses:
        statement = statement.where(Quote.status.in_([s.value for s in flt.statuses]))
    if flt.customer_id is not None:
        statement = statement.where(Quote.customer_id == flt.customer_id)
    if flt.number:
        statement = statement.where(Quote.number == flt.number.strip())
    return statement


async def list_quotes(
    actor: Actor, flt: QuoteFilter, first: int | None, after: str | None
) -> Page[Quote]:
    """Quotes of customers in the caller's data scope (quotes:read), newest first."""
    actor.require_staff()
    statement = _filtered(await access.restrict(actor, Quote), flt)
    return await keyset_page(
        actor.session, statement, [Quote.created_at, Quote.id], first=first, after=after
    )


async def quotes_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Quote | None]:
    """A DataLoader batch of staff quotes; portal contacts reach theirs as PortalQuote."""
    if not _staff(actor):
        return [None] * len(ids)
    return await access.rows_by_id(actor, Quote, ids)


async def portal_quotes(actor: Actor, first: int | None, after: str | None) -> Page[Quote]:
    """The signed-in contact's customer's quotes that were sent to them (never drafts of
    a first version), newest first."""
    actor.require_portal()
    statement = (await access.restrict(actor, Quote, access.PORTAL)).where(
        Quote.sent_at.is_not(None)
    )
    return await keyset_page(
        actor.session, statement, [Quote.created_at, Quote.id], first=first, after=after
    )


async def portal_quote(actor: Actor, quote_id: uuid.UUID) -> Quote | None:
    """One of the contact's customer's sent quotes, or None (another customer's too)."""
    actor.require_portal()
    statement = (await access.restrict(actor, Quote, access.PORTAL)).where(
        Quote.id == quote_id, Quote.sent_at.is_not(None)
    )
    return await actor.session.scalar(statement)


async def versions_of_quotes(actor: Actor, quote_ids: list[uuid.UUID]) -> list[list[QuoteVersion]]:
    """Versions of quotes the caller already reached, oldest first (a DataLoader batch); a
    portal contact sees sent versions only."""
    statement = (await access.restrict(actor, QuoteVersion, _action(actor))).where(
        QuoteVersion.quote_id.in_(quote_ids)
    )
    if not _staff(actor):
        statement = statement.where(QuoteVersion.sent_at.is_not(None))
    rows = (await actor.session.scalars(statement.order_by(QuoteVersion.version))).all()
    grouped: dict[uuid.UUID, list[QuoteVersion]] = {i: [] for i in quote_ids}
    for row in rows:
        grouped[row.quote_id].append(row)
    return [grouped[i] for i in quote_ids]


async def lines_of_versions(actor: Actor, version_ids: list[uuid.UUID]) -> list[list[QuoteLine]]:
    """Lines of versions the caller already reached, by line number (a DataLoader batch)."""
    rows = (
        await actor.session.scalars(
            (await access.restrict(actor, QuoteLine, _action(actor)))
            .where(QuoteLine.version_id.in_(version_ids))
            .order_by(QuoteLine.version_id, QuoteLine.line_no)
        )
    ).all()
    grouped: dict[uuid.UUID, list[QuoteLine]] = {i: [] for i in version_ids}
    for row in rows:
        grouped[row.version_id].append(row)
    return [grouped[i] for i in version_ids]


async def quotes_of_orders(actor: Actor, order_ids: list[uuid.UUID]) -> list[Quote | None]:
    """Per order, the accepted quote that entered it (a DataLoader batch); None for other
    orders and for callers without quotes:read."""
    if not _staff(actor) or not await actor.can("quotes", "read"):
        return [None] * len(order_ids)
    rows = (
        await actor.session.scalars(
            (await access.restrict(actor, Quote)).where(Quote.order_id.in_(order_ids))
        )
    ).all()
    found = {row.order_id: row for row in rows}
    return [found.get(i) for i in order_ids]
