"""Satisfaction surveys, from solving to the email: the tenant's survey settings (read with
tickets:read, changed with tickets:configure), scheduling a survey when a ticket is solved
(attributed to its owner at that moment), dropping it when the ticket is reopened before it
was sent, and the worker's job that sends due surveys, once each.

Sending happens inside the transaction that marks the survey sent: a failed email rolls the
mark back and the next run tries again; the survey's unique ticket and the row lock keep a
second worker from sending it too. The link's token is made only then and only its hash is
stored, so the raw token exists nowhere but in the email."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import structlog
from sqlalchemy import delete, select

import customer_notices.services as customer_notices
import tenants.services as tenants
from audit import services as audit
from core.context import Actor, Services
from core.errors import BusinessRuleError
from core.mail_layout import send_branded
from core.outbox import emit
from core.security import hash_token, new_tenant_token
from tickets import survey_mail
from tickets.events import TicketSurveySent
from tickets.mailing import Recipient, recipient_of
from tickets.models import Ticket
from tickets.reading import ticket_for_system
from tickets.recording import now
from tickets.survey_models import TicketSurvey, TicketSurveyDue, TicketSurveySettings
from tickets.survey_rules import SurveyScale, SurveyTerms, expiry, send_time, terms_errors

log = structlog.get_logger("orbit.tickets.surveys")

SEND_BATCH = 200


# --- settings --------------------------------------------------------------------------------


async def terms_of(actor: Actor) -> SurveyTerms:
    row = await actor.session.get(TicketSurveySettings, actor.tenant_id)
    if row is None:
        return SurveyTerms()
    return SurveyTerms(row.delay_hours, row.validity_days, SurveyScale(row.scale))


async def survey_settings(actor: Actor) -> SurveyTerms:
    await actor.require("tickets", "read")
    return await terms_of(actor)


async def save_survey_settings(actor: Actor, terms: SurveyTerms) -> SurveyTerms:
    """Change when surveys go out, how long they stay open and their scale
    (tickets:configure); surveys already sent keep the scale and expiry they were sent with."""
    await actor.require("tickets", "configure")
    errors = terms_errors(terms)
    if errors:
        raise BusinessRuleError(*errors)
    row = await actor.session.get(TicketSurveySettings, actor.tenant_id, with_for_update=True)
    before = _settings_summary(await terms_of(actor)) if row else None
    if row is None:
        row = TicketSurveySettings(tenant_id=actor.tenant_id)
        actor.session.add(row)
    row.delay_hours, row.validity_days, row.scale = (
        terms.delay_hours,
        terms.validity_days,
        terms.scale.value,
    )
    row.updated_at = now()
    await actor.session.flush()
    await audit.record(
        actor,
        "tickets.save_survey_settings",
        "ticket_survey_settings",
        None,
        before=before,
        after=_settings_summary(terms),
    )
    return terms


def _settings_summary(terms: SurveyTerms) -> dict[str, object]:
    return {
        "delayHours": terms.delay_hours,
        "validityDays": terms.validity_days,
        "scale": terms.scale.value,
    }


# --- scheduling --------------------------------------------------------------------------------


async def _survey_of_ticket(actor: Actor, ticket_id: uuid.UUID) -> TicketSurvey | None:
    return await actor.session.scalar(
        select(TicketSurvey)
        .where(TicketSurvey.tenant_id == actor.tenant_id, TicketSurvey.ticket_id == ticket_id)
        .with_for_update()
    )


async def ticket_solved(actor: Actor, ticket: Ticket) -> None:
    """Schedule the ticket's survey (called by the solving transaction, the ticket locked).
    A ticket is surveyed once: when one was sent before, solving again asks nothing new."""
    if ticket.solved_at is None or await _survey_of_ticket(actor, ticket.id) is not None:
        return
    terms = await terms_of(actor)
    survey = TicketSurvey(
        tenant_id=actor.tenant_id,
        ticket_id=ticket.id,
        customer_id=ticket.customer_id,
        owner_id=ticket.owner_id,
        solved_at=ticket.solved_at,
        send_at=send_time(ticket.solved_at, terms),
        created_at=now(),
    )
    actor.session.add(survey)
    await actor.session.flush()
    actor.session.add(
        TicketSurveyDue(tenant_id=actor.tenant_id, survey_id=survey.id, send_at=survey.send_at)
    )
    await audit.record(
        actor,
        "tickets.schedule_survey",
        "ticket",
        ticket.id,
        after={"sendAt": survey.send_at.isoformat(), "ownerId": _text(ticket.owner_id)},
    )


async def ticket_reopened(actor: Actor, ticket: Ticket) -> None:
    """Drop the ticket's survey if it has not been sent yet (a later solve schedules anew)."""
    survey = await _survey_of_ticket(actor, ticket.id)
    if survey is None or survey.sent_at is not None:
        return
    await _forget_due(actor, survey.id)
    await actor.session.delete(survey)
    await actor.session.flush()
    await audit.record(
        actor,
        "tickets.drop_survey",
        "ticket",
        ticket.id,
        before={"sendAt": survey.send_at.isoformat()},
    )


async def _forget_due(actor: Actor, survey_id: uuid.UUID) -> None:
    await actor.session.execute(
        delete(TicketSurveyDue).where(
            TicketSurveyDue.tenant_id == actor.tenant_id, TicketSurveyDue.survey_id == survey_id
        )
    )


def _text(value: uuid.UUID | None) -> str | None:
    return str(value) if value else None


# --- sending -----------------------------------------------------------------------------------


async def send_due_surveys(services: Services, batch_size: int = SEND_BATCH) -> int:
    """Send every survey whose time has come, across tenants; returns how many were sent.
    Each survey has its own transaction (its email is sent inside it), and one that fails
    is logged and left for the next run."""
    async with services.db.transaction() as session:
        due = (
            await session.execute(
                select(TicketSurveyDue.tenant_id, TicketSurveyDue.survey_id)
                .where(TicketSurveyDue.send_at <= now())
                .order_by(TicketSurveyDue.send_at)
                .limit(batch_size)
            )
        ).all()
    sent = 0
    for tenant_id, survey_id in due:
        try:
            async with services.db.transaction(tenant_id) as session:
                actor = Actor(services=services, session=session, system_tenant_id=tenant_id)
                sent += await _send(actor, survey_id)
        except Exception:
            log.exception("ticket.survey_send_failed", survey_id=str(survey_id))
    if sent:
        log.info("ticket.surveys_sent", sent=sent)
    return sent


async def _send(actor: Actor, survey_id: uuid.UUID) -> int:
    survey = await actor.session.scalar(
        select(TicketSurvey)
        .where(TicketSurvey.tenant_id == actor.tenant_id, TicketSurvey.id == survey_id)
        .with_for_update(skip_locked=True)
    )
    if survey is None:
        # Being sent by another worker right now, or dropped: either way not ours.
        if await actor.session.get(TicketSurvey, (actor.tenant_id, survey_id)) is None:
            await _forget_due(actor, survey_id)
        return 0
    await _forget_due(actor, survey_id)
    prepared = await _mark_sent(actor, survey)
    if prepared is None:
        return 0
    await _email(actor, prepared)
    return 1


@dataclass(frozen=True)
class _Prepared:
    survey: TicketSurvey
    ticket: Ticket
    recipient: Recipient
    tenant_name: str
    tenant_slug: str
    terms: SurveyTerms
    token: str


async def _mark_sent(actor: Actor, survey: TicketSurvey) -> _Prepared | None:
    """Make the link's token and record the survey as sent (hash, expiry, audit, event);
    None when it was sent before or there is nobody to send it to."""
    if survey.sent_at is not None:
        return None
    ticket = await ticket_for_system(actor, survey.ticket_id)
    tenant = await tenants.current_tenant(actor)
    recipient = await recipient_of(actor, ticket, tenant.locale) if ticket else None
    if ticket is None or recipient is None:
        log.info("ticket.survey_without_recipient", survey_id=str(survey.id))
        return None
    terms = await terms_of(actor)
    token = new_tenant_token(actor.tenant_id)
    moment = now()
    survey.token_hash, survey.sent_at, survey.sent_to = hash_token(token), moment, recipient.email
    survey.expires_at, survey.scale = expiry(moment, terms), terms.scale.value
    await actor.session.flush()
    await audit.record(
        actor,
        "tickets.send_survey",
        "ticket",
        ticket.id,
        after={"sentTo": recipient.email, "expiresAt": survey.expires_at.isoformat()},
    )
    await emit(
        actor,
        TicketSurveySent(
            ticket_id=ticket.id,
            number=ticket.number,
            customer_id=ticket.customer_id,
            survey_id=survey.id,
            owner_id=survey.owner_id,
            expires_at=survey.expires_at,
        ),
    )
    return _Prepared(survey, ticket, recipient, tenant.name, tenant.slug, terms, token)


async def _email(actor: Actor, prepared: _Prepared) -> None:
    ticket, recipient = prepared.ticket, prepared.recipient
    email = survey_mail.survey_email(
        recipient.locale,
        survey_mail.SurveyFacts(
            number=ticket.number,
            subject=ticket.subject,
            contact_name=recipient.name,
            tenant_name=prepared.tenant_name,
            valid_days=prepared.terms.validity_days,
            link=f"{actor.settings.public_url}/portal/{prepared.tenant_slug}/survey/{prepared.token}",
        ),
    )
    await send_branded(
        actor.settings,
        await customer_notices.email_letterhead(actor),
        email.body,
        to=recipient.email,
        subject=email.subject,
        message_key=f"{prepared.survey.id}.ticket-survey",
    )


async def send_now_without_email(actor: Actor, ticket_id: uuid.UUID) -> str | None:
    """Record the ticket's pending survey as sent now, as the job would, but leave the email
    out, and return the link's token: the demo's way to seed surveys (its customers have no
    mailboxes). None when the ticket has no pending survey."""
    survey = await _survey_of_ticket(actor, ticket_id)
    if survey is None:
        return None
    prepared = await _mark_sent(actor, survey)
    if prepared is None:
        return None
    await _forget_due(actor, survey.id)
    return prepared.token
