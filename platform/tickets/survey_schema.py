"""GraphQL for satisfaction surveys: the tenant's survey settings, the CSAT results page,
each ticket's survey as staff and the portal see it, and the public survey page (a link's
token, no sign-in) with its answer."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

import customers.services as customers
import identity.services as identity
from core.context import Actor
from core.gql.context import context_of
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    id_of,
    payload_of,
    run_mutation,
    user_error_type,
)
from customers import CustomerType
from identity import UserType
from tickets import csat, survey_answers, surveys
from tickets.errors import TicketErrorCode
from tickets.survey_answers import AnswerInput, SurveyView
from tickets.survey_errors import SurveyErrorCode
from tickets.survey_rules import RATINGS, SurveyReason, SurveyScale, SurveyTerms


@cache
def register_enums() -> None:
    strawberry.enum(
        SurveyScale,
        name="SurveyScale",
        description="How customers rate: GOOD_BAD (good or bad) or FIVE_POINT (1 to 5).",
    )
    strawberry.enum(
        SurveyReason, name="SurveyReason", description="What went wrong, with a bad rating."
    )


register_enums()

SurveyError = user_error_type(
    "SurveyError",
    SurveyErrorCode,
    TicketErrorCode,
    description="Why a survey answer or the survey settings were not saved.",
)


def _reason(value: str | None) -> SurveyReason | None:
    return SurveyReason(value) if value else None


@strawberry.type(
    name="TicketSurveySettings",
    description="When the satisfaction survey goes out and how customers rate.",
)
class TicketSurveySettingsType:
    delay_hours: int = strawberry.field(description="Hours after solving (0: at once).")
    validity_days: int = strawberry.field(description="Days the survey link stays open.")
    scale: SurveyScale = strawberry.field(description="Good/bad or 1 to 5.")

    @classmethod
    def of(cls, terms: SurveyTerms) -> TicketSurveySettingsType:
        return cls(
            delay_hours=terms.delay_hours, validity_days=terms.validity_days, scale=terms.scale
        )


@strawberry.type(
    name="CustomerSurvey",
    description="A satisfaction survey as the customer sees it (survey page and portal).",
)
class CustomerSurveyType:
    ticket_number: str = strawberry.field(description="The ticket it asks about.")
    ticket_subject: str = strawberry.field(description="That ticket's subject.")
    tenant_name: str = strawberry.field(description="The seller asking.")
    scale: SurveyScale = strawberry.field(description="How to rate.")
    ratings: list[str] = strawberry.field(description="The ratings to choose from.")
    answered: bool = strawberry.field(description="Whether it has been answered.")
    rating: str | None = strawberry.field(description="The current answer's rating.")
    reason: SurveyReason | None = strawberry.field(description="Its reason (bad ratings).")
    comment: str | None = strawberry.field(description="Its comment.")
    answered_at: datetime | None = strawberry.field(description="When it was last answered.")
    expires_at: datetime | None = strawberry.field(description="When the survey closes.")
    expired: bool = strawberry.field(description="Closed: answers are no longer taken.")

    @classmethod
    def of(cls, view: SurveyView) -> CustomerSurveyType:
        answer = view.answer
        return cls(
            ticket_number=view.ticket_number,
            ticket_subject=view.ticket_subject,
            tenant_name=view.tenant_name,
            scale=view.scale,
            ratings=list(RATINGS[view.scale]),
            answered=answer is not None,
            rating=answer.rating if answer else None,
            reason=_reason(answer.reason) if answer else None,
            comment=answer.comment if answer else None,
            answered_at=view.survey.answered_at,
            expires_at=view.survey.expires_at,
            expired=view.expired,
        )


@strawberry.type(name="TicketSurvey", description="A ticket's satisfaction survey (staff).")
class TicketSurveyType:
    send_at: datetime = strawberry.field(description="When it is (or was) due to go out.")
    sent_at: datetime | None = strawberry.field(description="When it was emailed.")
    expires_at: datetime | None = strawberry.field(description="When it closes.")
    scale: SurveyScale | None = strawberry.field(description="Its scale, once sent.")
    answered: bool = strawberry.field(description="Whether the customer answered.")
    rating: str | None = strawberry.field(description="GOOD, BAD or 1-5: the current answer.")
    good: bool | None = strawberry.field(description="Whether it counts as good (GOOD, 4, 5).")
    reason: SurveyReason | None = strawberry.field(description="What went wrong, if bad.")
    comment: str | None = strawberry.field(description="The customer's comment.")
    answered_at: datetime | None = strawberry.field(description="When last answered.")
    version: int | None = strawberry.field(description="1, then one more per change.")
    owner_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    def of(cls, view: SurveyView) -> TicketSurveyType:
        survey, answer = view.survey, view.answer
        return cls(
            send_at=survey.send_at,
            sent_at=survey.sent_at,
            expires_at=survey.expires_at,
            scale=SurveyScale(survey.scale) if survey.scale else None,
            answered=answer is not None,
            rating=answer.rating if answer else None,
            good=answer.good if answer else None,
            reason=_reason(answer.reason) if answer else None,
            comment=answer.comment if answer else None,
            answered_at=survey.answered_at,
            version=answer.version if answer else None,
            owner_id=survey.owner_id,
        )

    @strawberry.field(description="Whom it is attributed to: the owner when it was solved.")
    async def owner(self, info: Info) -> UserType | None:
        if self.owner_id is None:
            return None
        found = await context_of(info).loader(identity.users_by_id).load(self.owner_id)
        return UserType.of(found) if found else None


async def survey_of_ticket(info: Info, ticket_id: uuid.UUID) -> SurveyView | None:
    """Ticket.survey and PortalTicket.survey, batched."""
    return await context_of(info).loader(survey_answers.surveys_of_tickets).load(ticket_id)


@strawberry.type(
    name="CsatFigures",
    description="Satisfaction of surveys sent in a period, overall or of one owner.",
)
class CsatFiguresType:
    sent: int = strawberry.field(description="Surveys sent.")
    answered: int = strawberry.field(description="Of those, answered.")
    good: int = strawberry.field(description="Of the answers, good ones (GOOD, 4 or 5).")
    csat_percent: Decimal | None = strawberry.field(
        description="100 * good / answered; null without answers."
    )
    response_rate: Decimal | None = strawberry.field(
        description="100 * answered / sent; null when none was sent."
    )
    key: strawberry.Private[uuid.UUID | None]

    @classmethod
    def of(cls, figures: csat.CsatFigures) -> CsatFiguresType:
        return cls(
            sent=figures.sent,
            answered=figures.answered,
            good=figures.good,
            csat_percent=figures.csat_percent,
            response_rate=figures.response_rate,
            key=figures.key,
        )

    @strawberry.field(description="The owner (null: overall, or surveys of nobody's tickets).")
    async def owner(self, info: Info) -> UserType | None:
        if self.key is None:
            return None
        found = await context_of(info).loader(identity.users_by_id).load(self.key)
        return UserType.of(found) if found else None


async def _customers(actor: Actor, ids: list[uuid.UUID]) -> list[Any]:
    return await customers.customers_by_id(actor, ids)


@strawberry.type(name="CsatAnswer", description="One answered survey on the CSAT page.")
class CsatAnswerType:
    ticket_id: strawberry.ID = strawberry.field(description="Global id of the Ticket.")
    ticket_number: str = strawberry.field(description="The ticket's number.")
    ticket_subject: str = strawberry.field(description="The ticket's subject.")
    rating: str = strawberry.field(description="GOOD, BAD or 1-5.")
    good: bool = strawberry.field(description="Whether it counts as good.")
    reason: SurveyReason | None = strawberry.field(description="What went wrong, if bad.")
    comment: str | None = strawberry.field(description="The customer's comment.")
    answered_at: datetime = strawberry.field(description="When last answered.")
    version: int = strawberry.field(description="How many times it was answered.")
    owner_id: strawberry.Private[uuid.UUID | None]
    customer_id: strawberry.Private[uuid.UUID]

    @classmethod
    def of(cls, row: csat.CsatRow) -> CsatAnswerType:
        return cls(
            ticket_id=id_of("Ticket", row.ticket.id),
            ticket_number=row.ticket.number,
            ticket_subject=row.ticket.subject,
            rating=row.answer.rating,
            good=row.answer.good,
            reason=_reason(row.answer.reason),
            comment=row.answer.comment,
            answered_at=row.answer.created_at,
            version=row.answer.version,
            owner_id=row.survey.owner_id,
            customer_id=row.survey.customer_id,
        )

    @strawberry.field(description="The owner when the ticket was solved.")
    async def owner(self, info: Info) -> UserType | None:
        if self.owner_id is None:
            return None
        found = await context_of(info).loader(identity.users_by_id).load(self.owner_id)
        return UserType.of(found) if found else None

    @strawberry.field(description="The customer who answered.")
    async def customer(self, info: Info) -> CustomerType | None:
        found = await context_of(info).loader(_customers).load(self.customer_id)
        return CustomerType.of(found) if found else None


@strawberry.type(name="CsatResults", description="The CSAT page: figures and answers.")
class CsatResultsType:
    figures: CsatFiguresType = strawberry.field(description="Overall.")
    by_owner: list[CsatFiguresType] = strawberry.field(description="Per owner.")
    answers: list[CsatAnswerType] = strawberry.field(
        description="Answered surveys, latest answer first (at most 500)."
    )

    @classmethod
    def of(cls, results: csat.CsatResults) -> CsatResultsType:
        return cls(
            figures=CsatFiguresType.of(results.overall),
            by_owner=[CsatFiguresType.of(f) for f in results.by_owner],
            answers=[CsatAnswerType.of(row) for row in results.rows],
        )


@strawberry.input(description="The tenant's survey settings, replaced as a whole.")
class SaveTicketSurveySettingsInput:
    delay_hours: int = strawberry.field(description="Hours after solving (0 to 720).")
    validity_days: int = strawberry.field(description="Days the link stays open (1 to 365).")
    scale: SurveyScale = strawberry.field(description="Good/bad or 1 to 5.")


@strawberry.input(description="The customer's answer through the survey link.")
class AnswerSurveyInput:
    token: str = strawberry.field(description="The token from the survey link.")
    rating: str = strawberry.field(description="GOOD or BAD, or 1 to 5 (the survey's scale).")
    reason: SurveyReason | None = strawberry.field(
        default=None, description="Required with a bad rating (BAD, 1 or 2); else not allowed."
    )
    comment: str | None = strawberry.field(default=None, description="Anything to add.")


@strawberry.input(description="A signed-in portal contact's answer on one of their tickets.")
class PortalAnswerSurveyInput:
    ticket_id: strawberry.ID = strawberry.field(description="The PortalTicket's id.")
    rating: str = strawberry.field(description="GOOD or BAD, or 1 to 5 (the survey's scale).")
    reason: SurveyReason | None = strawberry.field(
        default=None, description="Required with a bad rating (BAD, 1 or 2); else not allowed."
    )
    comment: str | None = strawberry.field(default=None, description="Anything to add.")


@strawberry.type(description="Result of saveTicketSurveySettings.")
class TicketSurveySettingsPayload:
    settings: TicketSurveySettingsType | None = strawberry.field(description="As saved.")
    user_errors: list[UserErrorType] = error_list_field(SurveyError)


@strawberry.type(description="Result of answerSurvey and portalAnswerSurvey.")
class AnswerSurveyPayload:
    survey: CustomerSurveyType | None = strawberry.field(description="The survey, answered.")
    user_errors: list[UserErrorType] = error_list_field(SurveyError)


def _portal_ticket_id(value: strawberry.ID) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return uuid.UUID(int=0)


@strawberry.type
class Query:
    @strawberry.field(
        description="When satisfaction surveys go out and their scale (tickets:read)."
    )
    async def ticket_survey_settings(self, info: Info) -> TicketSurveySettingsType:
        actor = await context_of(info).reader()
        return TicketSurveySettingsType.of(await surveys.survey_settings(actor))

    @strawberry.field(
        description="CSAT results of surveys sent in [from, to), optionally of one owner "
        "(tickets:read, within your data scope)."
    )
    async def csat_results(
        self,
        info: Info,
        from_: Annotated[
            datetime, strawberry.argument(name="from", description="Start (included).")
        ],
        to: Annotated[datetime, strawberry.argument(description="End (excluded).")],
        owner_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this User's.")
        ] = None,
    ) -> CsatResultsType:
        owner = decode_id(owner_id, "User") if owner_id else None
        actor = await context_of(info).reader()
        return CsatResultsType.of(await csat.csat_results(actor, from_, to, owner))

    @strawberry.field(
        description="The survey a link's token opens (no sign-in needed); null for an "
        "unknown or forged token."
    )
    async def survey(
        self,
        info: Info,
        token: Annotated[str, strawberry.argument(description="The token from the link.")],
    ) -> CustomerSurveyType | None:
        tenant_id = survey_answers.token_tenant(token)
        if tenant_id is None:
            return None
        services = context_of(info).services
        # Its own transaction in the token's tenant, whoever is signed in.
        async with services.db.transaction(tenant_id) as session:
            actor = Actor(services=services, session=session, system_tenant_id=tenant_id)
            view = await survey_answers.survey_by_token(actor, token)
            return CustomerSurveyType.of(view) if view else None


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Change when surveys go out, how long they stay open and their scale "
        "(tickets:configure)."
    )
    async def save_ticket_survey_settings(
        self, info: Info, input: SaveTicketSurveySettingsInput
    ) -> TicketSurveySettingsPayload:
        terms = SurveyTerms(input.delay_hours, input.validity_days, input.scale)
        outcome = await run_mutation(info, lambda actor: surveys.save_survey_settings(actor, terms))
        return payload_of(TicketSurveySettingsPayload, outcome, TicketSurveySettingsType.of)

    @strawberry.mutation(
        description="Answer a satisfaction survey through its link (no sign-in needed; a "
        "signed-in portal contact of the same customer may too; staff cannot rate). "
        "Answering again keeps the earlier answer as an older version."
    )
    async def answer_survey(self, info: Info, input: AnswerSurveyInput) -> AnswerSurveyPayload:
        data = AnswerInput(input.rating, input.reason, input.comment)
        outcome = await run_mutation(
            info, lambda actor: survey_answers.answer_by_token(actor, input.token, data)
        )
        return payload_of(AnswerSurveyPayload, outcome, CustomerSurveyType.of)

    @strawberry.mutation(
        description="Answer the survey of one of your solved tickets (portal only)."
    )
    async def portal_answer_survey(
        self, info: Info, input: PortalAnswerSurveyInput
    ) -> AnswerSurveyPayload:
        data = AnswerInput(input.rating, input.reason, input.comment)
        ticket_id = _portal_ticket_id(input.ticket_id)
        outcome = await run_mutation(
            info, lambda actor: survey_answers.portal_answer(actor, ticket_id, data)
        )
        return payload_of(AnswerSurveyPayload, outcome, CustomerSurveyType.of)
