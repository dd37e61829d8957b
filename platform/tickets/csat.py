"""Customer satisfaction figures (tickets:read, within the caller's data scope): the
answered surveys of a period with their ticket, customer, owner and current answer, and the
CSAT % and response rate, overall and per owner.

Definitions (docs/tickets.md): the period holds surveys *sent* in it; response rate is
answered / sent; CSAT % is good answers / answers, where good is GOOD, 4 or 5 (the current
version of each answer counts). Owner: the ticket's owner when it was solved."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from core import access
from core.context import Actor
from tickets.models import Ticket
from tickets.survey_models import TicketSurvey, TicketSurveyAnswer

RESULTS_LIMIT = 500


def _percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class CsatFigures:
    """Surveys sent, answered and answered good by one owner (key), or overall (None)."""

    key: uuid.UUID | None
    sent: int
    answered: int
    good: int

    @property
    def csat_percent(self) -> Decimal | None:
        return _percent(self.good, self.answered)

    @property
    def response_rate(self) -> Decimal | None:
        return _percent(self.answered, self.sent)


@dataclass(frozen=True)
class CsatRow:
    survey: TicketSurvey
    answer: TicketSurveyAnswer
    ticket: Ticket


@dataclass(frozen=True)
class CsatResults:
    overall: CsatFigures
    by_owner: list[CsatFigures]
    rows: list[CsatRow]


def _figures(
    key: uuid.UUID | None, sent: list[tuple[TicketSurvey, TicketSurveyAnswer | None]]
) -> CsatFigures:
    answered = [answer for _, answer in sent if answer is not None]
    return CsatFigures(key, len(sent), len(answered), sum(1 for a in answered if a.good))


async def _sent_in(
    actor: Actor, start: datetime, end: datetime, owner_id: uuid.UUID | None
) -> list[tuple[TicketSurvey, TicketSurveyAnswer | None, Ticket]]:
    statement = (
        (await access.restrict(actor, TicketSurvey, "read"))
        .add_columns(TicketSurveyAnswer, Ticket)
        .join(
            Ticket,
            (Ticket.tenant_id == TicketSurvey.tenant_id) & (Ticket.id == TicketSurvey.ticket_id),
        )
        .outerjoin(
            TicketSurveyAnswer,
            (TicketSurveyAnswer.tenant_id == TicketSurvey.tenant_id)
            & (TicketSurveyAnswer.id == TicketSurvey.current_answer_id),
        )
        .where(TicketSurvey.sent_at >= start, TicketSurvey.sent_at < end)
    )
    if owner_id is not None:
        statement = statement.where(TicketSurvey.owner_id == owner_id)
    rows = (await actor.session.execute(statement)).all()
    return [(survey, answer, ticket) for survey, answer, ticket in rows]


async def csat_figures(
    actor: Actor, start: datetime, end: datetime
) -> tuple[CsatFigures, list[CsatFigures]]:
    """Overall and per-owner figures of surveys sent in [start, end) (tickets:read)."""
    await actor.require("tickets", "read")
    found = await _sent_in(actor, start, end, None)
    return _overall_and_owners(found)


def _overall_and_owners(
    found: list[tuple[TicketSurvey, TicketSurveyAnswer | None, Ticket]],
) -> tuple[CsatFigures, list[CsatFigures]]:
    groups: dict[uuid.UUID | None, list[tuple[TicketSurvey, TicketSurveyAnswer | None]]] = (
        defaultdict(list)
    )
    for survey, answer, _ in found:
        groups[survey.owner_id].append((survey, answer))
    overall = _figures(None, [(survey, answer) for survey, answer, _ in found])
    return overall, [_figures(key, sent) for key, sent in groups.items()]


async def csat_results(
    actor: Actor, start: datetime, end: datetime, owner_id: uuid.UUID | None = None
) -> CsatResults:
    """The CSAT page: figures and the answered surveys (latest answers first, at most
    RESULTS_LIMIT) of surveys sent in [start, end), optionally of one owner (tickets:read)."""
    await actor.require("tickets", "read")
    found = await _sent_in(actor, start, end, owner_id)
    overall, by_owner = _overall_and_owners(found)
    rows = sorted(
        (CsatRow(survey, answer, ticket) for survey, answer, ticket in found if answer),
        key=lambda row: (row.answer.created_at, row.answer.id),
        reverse=True,
    )
    return CsatResults(overall, by_owner, rows[:RESULTS_LIMIT])


async def bad_ratings_by_customer(actor: Actor, since: datetime) -> dict[uuid.UUID, str]:
    """For the lifecycle segments (run by the system, no caller's scope): each customer whose
    current answer to a survey answered since `since` is bad, with the ticket's number."""
    rows = await actor.session.execute(
        select(TicketSurveyAnswer.customer_id, Ticket.number)
        .join(
            TicketSurvey,
            (TicketSurvey.tenant_id == TicketSurveyAnswer.tenant_id)
            & (TicketSurvey.current_answer_id == TicketSurveyAnswer.id),
        )
        .join(
            Ticket,
            (Ticket.tenant_id == TicketSurvey.tenant_id) & (Ticket.id == TicketSurvey.ticket_id),
        )
        .where(
            TicketSurveyAnswer.tenant_id == actor.tenant_id,
            TicketSurveyAnswer.good.is_(False),
            TicketSurvey.answered_at >= since,
        )
        .order_by(TicketSurvey.answered_at)
    )
    return {customer_id: number for customer_id, number in rows}
