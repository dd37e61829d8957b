"""Reading and answering satisfaction surveys: by the emailed link's token (nobody signed
in, or the customer's own portal contact), from the portal's ticket page, and the survey of
each ticket as staff and the portal see it.

Staff never rate: a staff user or API client calling in gets STAFF_CANNOT_RATE. A token is
looked up only in the tenant its prefix names, by its hash; a forged, unknown or other
tenant's token is SURVEY_NOT_FOUND, whoever asks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

import tenants.services as tenants
from audit import services as audit
from core.context import Actor
from core.db import bind_tenant
from core.errors import BusinessRuleError
from core.outbox import emit
from core.security import hash_token, tenant_of_token
from core.tenancy import PrincipalKind
from tickets.events import TicketSurveyAnswered
from tickets.models import Ticket
from tickets.reading import portal_ticket, ticket_for_system
from tickets.recording import now
from tickets.survey_errors import SurveyErrorCode
from tickets.survey_models import TicketSurvey, TicketSurveyAnswer
from tickets.survey_rules import SurveyReason, SurveyScale, checked_rating


@dataclass(frozen=True)
class SurveyView:
    """A survey as its readers see it; `answer` is the current version, if any."""

    survey: TicketSurvey
    answer: TicketSurveyAnswer | None
    ticket_number: str
    ticket_subject: str
    tenant_name: str

    @property
    def scale(self) -> SurveyScale:
        return SurveyScale(self.survey.scale or SurveyScale.GOOD_BAD.value)

    @property
    def expired(self) -> bool:
        expires = self.survey.expires_at
        return expires is not None and expires <= now()


@dataclass(frozen=True)
class AnswerInput:
    rating: str
    reason: SurveyReason | None = None
    comment: str | None = None


def _not_found() -> BusinessRuleError:
    return BusinessRuleError.single(
        SurveyErrorCode.SURVEY_NOT_FOUND,
        "This survey link is not valid. Check that it was copied whole.",
        "token",
    )


async def _current_answers(
    actor: Actor, surveys: list[TicketSurvey]
) -> dict[uuid.UUID, TicketSurveyAnswer]:
    ids = [s.current_answer_id for s in surveys if s.current_answer_id]
    if not ids:
        return {}
    rows = await actor.session.scalars(
        select(TicketSurveyAnswer).where(
            TicketSurveyAnswer.tenant_id == actor.tenant_id, TicketSurveyAnswer.id.in_(ids)
        )
    )
    return {row.id: row for row in rows}


async def _view(actor: Actor, survey: TicketSurvey, ticket: Ticket) -> SurveyView:
    answers = await _current_answers(actor, [survey])
    tenant = await tenants.current_tenant(actor)
    answer = answers.get(survey.current_answer_id) if survey.current_answer_id else None
    return SurveyView(survey, answer, ticket.number, ticket.subject, tenant.name)


def _link_actor(actor: Actor, tenant_id: uuid.UUID) -> Actor:
    """Whoever holds the link acts in the token's tenant: the signed-in contact as
    themselves, else as the link's anonymous holder."""
    if actor.principal is not None:
        return actor
    return Actor(
        services=actor.services,
        session=actor.session,
        system_tenant_id=tenant_id,
        request_id=actor.request_id,
        client_ip=actor.client_ip,
        actor_label="customer (survey link)",
    )


async def _survey_by_token(actor: Actor, raw_token: str, lock: bool) -> TicketSurvey | None:
    statement = select(TicketSurvey).where(
        TicketSurvey.tenant_id == actor.tenant_id,
        TicketSurvey.token_hash == hash_token(raw_token.strip()),
    )
    if lock:
        statement = statement.with_for_update()
    return await actor.session.scalar(statement)


async def survey_by_token(actor: Actor, raw_token: str) -> SurveyView | None:
    """What the survey page shows (no sign-in needed); None for an unknown link. `actor`
    must be bound to the token's tenant only (see `token_tenant`)."""
    survey = await _survey_by_token(actor, raw_token, lock=False)
    if survey is None:
        return None
    ticket = await ticket_for_system(actor, survey.ticket_id)
    return await _view(actor, survey, ticket) if ticket else None


def token_tenant(raw_token: str) -> uuid.UUID | None:
    return tenant_of_token(raw_token.strip())


def _refuse_staff(actor: Actor) -> None:
    principal = actor.principal
    if principal is not None and principal.kind is not PrincipalKind.PORTAL:
        raise BusinessRuleError.single(
            SurveyErrorCode.STAFF_CANNOT_RATE,
            "Only the customer can answer a satisfaction survey; staff cannot rate.",
        )


async def answer_by_token(actor: Actor, raw_token: str, data: AnswerInput) -> SurveyView:
    """Answer (or change the answer to) the survey the link belongs to."""
    _refuse_staff(actor)
    tenant_id = token_tenant(raw_token)
    principal = actor.principal
    if tenant_id is None or (principal is not None and principal.tenant_id != tenant_id):
        raise _not_found()
    if principal is None:
        await bind_tenant(actor.session, tenant_id)
    own = _link_actor(actor, tenant_id)
    survey = await _survey_by_token(own, raw_token, lock=True)
    if survey is None or (principal is not None and principal.customer_id != survey.customer_id):
        raise _not_found()
    return await _answer(own, survey, data, "link")


async def portal_answer(actor: Actor, ticket_id: uuid.UUID, data: AnswerInput) -> SurveyView:
    """Answer the survey of one of the signed-in contact's own tickets (portal only)."""
    _refuse_staff(actor)
    ticket = await portal_ticket(actor, ticket_id)
    survey = await actor.session.scalar(
        select(TicketSurvey)
        .where(TicketSurvey.tenant_id == actor.tenant_id, TicketSurvey.ticket_id == ticket.id)
        .with_for_update()
    )
    if survey is None or survey.sent_at is None:
        raise BusinessRuleError.single(
            SurveyErrorCode.SURVEY_NOT_FOUND, "This ticket has no survey to answer.", "ticketId"
        )
    return await _answer(actor, survey, data, "portal")


async def _answer(actor: Actor, survey: TicketSurvey, data: AnswerInput, via: str) -> SurveyView:
    if survey.expires_at is None or survey.expires_at <= now():
        raise BusinessRuleError.single(
            SurveyErrorCode.SURVEY_EXPIRED,
            "This survey has closed; thank you all the same.",
            "token" if via == "link" else "ticketId",
        )
    view_scale = SurveyScale(survey.scale or SurveyScale.GOOD_BAD.value)
    checked = checked_rating(view_scale, data.rating, data.reason, data.comment)
    if isinstance(checked, list):
        raise BusinessRuleError(*checked)
    ticket = await ticket_for_system(actor, survey.ticket_id)
    assert ticket is not None  # the survey's foreign key holds it
    version = (
        await actor.session.scalar(
            select(func.coalesce(func.max(TicketSurveyAnswer.version), 0)).where(
                TicketSurveyAnswer.tenant_id == actor.tenant_id,
                TicketSurveyAnswer.survey_id == survey.id,
            )
        )
        or 0
    ) + 1
    principal = actor.principal
    moment = now()
    answer = TicketSurveyAnswer(
        tenant_id=actor.tenant_id,
        survey_id=survey.id,
        customer_id=survey.customer_id,
        version=version,
        rating=checked.rating,
        good=checked.good,
        reason=checked.reason.value if checked.reason else None,
        comment=checked.comment,
        answered_via=via,
        contact_id=principal.subject_id if principal else None,
        created_at=moment,
    )
    actor.session.add(answer)
    await actor.session.flush()
    survey.current_answer_id, survey.answered_at = answer.id, moment
    await actor.session.flush()
    await _record(actor, ticket, survey, answer)
    return await _view(actor, survey, ticket)


async def _record(
    actor: Actor, ticket: Ticket, survey: TicketSurvey, answer: TicketSurveyAnswer
) -> None:
    await audit.record(
        actor,
        "tickets.answer_survey",
        "ticket",
        ticket.id,
        after={
            "version": answer.version,
            "rating": answer.rating,
            "reason": answer.reason,
            "via": answer.answered_via,
        },
    )
    await emit(
        actor,
        TicketSurveyAnswered(
            ticket_id=ticket.id,
            number=ticket.number,
            customer_id=ticket.customer_id,
            survey_id=survey.id,
            owner_id=survey.owner_id,
            version=answer.version,
            rating=answer.rating,
            good=answer.good,
            reason=answer.reason,
        ),
    )


async def surveys_of_tickets(actor: Actor, ticket_ids: list[uuid.UUID]) -> list[SurveyView | None]:
    """Each ticket's survey (a batch for Ticket.survey and PortalTicket.survey): staff see
    scheduled ones too, a portal contact only those sent to their own customer. The caller
    has loaded the tickets within its reach."""
    statement = select(TicketSurvey, Ticket).join(
        Ticket,
        (Ticket.tenant_id == TicketSurvey.tenant_id) & (Ticket.id == TicketSurvey.ticket_id),
    )
    statement = statement.where(
        TicketSurvey.tenant_id == actor.tenant_id, TicketSurvey.ticket_id.in_(ticket_ids)
    )
    principal = actor.require_principal()
    if principal.kind is PrincipalKind.PORTAL:
        statement = statement.where(
            TicketSurvey.customer_id == principal.customer_id, TicketSurvey.sent_at.is_not(None)
        )
    rows = (await actor.session.execute(statement)).all()
    answers = await _current_answers(actor, [survey for survey, _ in rows])
    tenant = await tenants.current_tenant(actor)
    by_ticket = {
        survey.ticket_id: SurveyView(
            survey,
            answers.get(survey.current_answer_id) if survey.current_answer_id else None,
            ticket.number,
            ticket.subject,
            tenant.name,
        )
        for survey, ticket in rows
    }
    return [by_ticket.get(ticket_id) for ticket_id in ticket_ids]
