"""GraphQL for recurring revenue (revenue:read): MRR, ARR and the months' movements and
churn (`recurringRevenue`), and the movements ledger (`mrrMovements`)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

import customers.services as customers
from core.context import Actor
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.pagination import Connection, to_connection
from core.gql.types import id_of, optional_input_row_id
from core.money import Money
from customers import CustomerType
from subscriptions import revenue, revenue_reading
from subscriptions.revenue_models import MrrMovement


def rounded(amount: Decimal, currency: str) -> MoneyType:
    """An amount of the ledger (kept to 4 places, as monthly shares of yearly prices are) as
    people read money: to the currency's minor units."""
    return MoneyType.of(Money(amount, currency).rounded())


async def _customers(actor: Actor, ids: list[uuid.UUID]) -> list[Any]:
    return await customers.customers_by_id(actor, ids)


@strawberry.enum(name="MrrMovementKind", description="What a change did to a customer's MRR.")
class MrrMovementKindEnum(Enum):
    NEW = "new"
    EXPANSION = "expansion"
    CONTRACTION = "contraction"
    CHURN = "churn"
    REACTIVATION = "reactivation"


@strawberry.type(name="RevenueMonth", description="A month of recurring revenue, in one currency.")
class RevenueMonthType:
    month: date = strawberry.field(description="The month's first day.")
    mrr_start: MoneyType = strawberry.field(description="MRR at the month's start.")
    new: MoneyType = strawberry.field(description="MRR of customers who started paying.")
    expansion: MoneyType = strawberry.field(description="MRR added by paying customers.")
    reactivation: MoneyType = strawberry.field(
        description="MRR of customers who came back after churning."
    )
    contraction: MoneyType = strawberry.field(description="MRR paying customers reduced.")
    churn: MoneyType = strawberry.field(description="MRR of customers who stopped paying.")
    mrr_end: MoneyType = strawberry.field(
        description="MRR at the month's end: start + new + expansion + reactivation - "
        "contraction - churn."
    )
    customers_start: int = strawberry.field(description="Paying customers at the start.")
    customers_new: int = strawberry.field(description="Customers who started paying.")
    customers_reactivated: int = strawberry.field(description="Customers who came back.")
    customers_churned: int = strawberry.field(description="Customers who stopped paying.")
    customers_end: int = strawberry.field(description="Paying customers at the end.")
    logo_churn_rate: Decimal | None = strawberry.field(
        description="customersChurned / customersStart (null without customers at the start)."
    )
    revenue_churn_rate: Decimal | None = strawberry.field(
        description="(churn + contraction) / mrrStart (null when mrrStart is zero)."
    )
    net_revenue_retention: Decimal | None = strawberry.field(
        description="(mrrStart + expansion - contraction - churn) / mrrStart: what the "
        "customers of the month's start pay at its end (null when mrrStart is zero)."
    )

    @classmethod
    def of(cls, figures: revenue.MonthFigures, currency: str) -> RevenueMonthType:
        def money(amount: Decimal) -> MoneyType:
            return rounded(amount, currency)

        return cls(
            month=figures.month,
            mrr_start=money(figures.mrr_start),
            new=money(figures.new),
            expansion=money(figures.expansion),
            reactivation=money(figures.reactivation),
            contraction=money(figures.contraction),
            churn=money(figures.churn),
            mrr_end=money(figures.mrr_end),
            customers_start=figures.customers_start,
            customers_new=figures.customers_new,
            customers_reactivated=figures.customers_reactivated,
            customers_churned=figures.customers_churned,
            customers_end=figures.customers_end,
            logo_churn_rate=figures.logo_churn_rate,
            revenue_churn_rate=figures.revenue_churn_rate,
            net_revenue_retention=figures.net_revenue_retention,
        )


@strawberry.type(
    name="RecurringRevenue",
    description="Recurring revenue in one currency, read from the movements ledger.",
)
class RecurringRevenueType:
    currency: str = strawberry.field(description="The currency of every amount here.")
    currencies: list[str] = strawberry.field(
        description="Every currency the tenant has recurring revenue in."
    )
    mrr: MoneyType = strawberry.field(
        description="Monthly recurring revenue now: active recurring lines, tax excluded, "
        "yearly / 12 and quarterly / 3. Amounts here are rounded to the currency's minor "
        "units; the ledger keeps 4 places."
    )
    arr: MoneyType = strawberry.field(
        description="Annual recurring revenue: MRR x 12 (from the unrounded MRR)."
    )
    active_customers: int = strawberry.field(description="Customers paying now.")
    months: list[RevenueMonthType] = strawberry.field(description="The months asked for.")


@strawberry.type(name="MrrMovement", description="One change of a customer's MRR.")
class MrrMovementType:
    id: strawberry.ID = strawberry.field(description="The movement's id.")
    customer_id: strawberry.ID = strawberry.field(description="Global id of the Customer.")
    subscription_id: strawberry.ID = strawberry.field(
        description="Global id of the Subscription whose change it was."
    )
    kind: MrrMovementKindEnum = strawberry.field(description="What it did to the MRR.")
    amount: MoneyType = strawberry.field(description="By how much (always positive).")
    customer_mrr_before: MoneyType = strawberry.field(description="The customer's MRR before.")
    customer_mrr_after: MoneyType = strawberry.field(description="The customer's MRR after.")
    effective_on: date = strawberry.field(description="The day it took effect.")
    cause: str = strawberry.field(
        description="What changed the subscription: start, trial_end, quantity, plan, renew "
        "(repriced at renewal), cancel, expire, pause, resume or reactivate."
    )
    recorded_at: datetime = strawberry.field(description="When it was recorded.")
    row: strawberry.Private[MrrMovement]

    @strawberry.field(description="The customer (null outside the caller's data scope).")
    async def customer(self, info: Info) -> CustomerType | None:
        found = await context_of(info).loader(_customers).load(self.row.customer_id)
        return CustomerType.of(found) if found else None

    @classmethod
    def of(cls, row: MrrMovement) -> MrrMovementType:
        def money(amount: Decimal) -> MoneyType:
            return rounded(amount, row.currency)

        return cls(
            id=strawberry.ID(str(row.id)),
            customer_id=id_of("Customer", row.customer_id),
            subscription_id=id_of("Subscription", row.subscription_id),
            kind=MrrMovementKindEnum(row.kind),
            amount=money(row.amount),
            customer_mrr_before=money(row.customer_mrr_before),
            customer_mrr_after=money(row.customer_mrr_after),
            effective_on=row.effective_on,
            cause=row.cause,
            recorded_at=row.created_at,
            row=row,
        )


@strawberry.input(description="Which movements to list.")
class MrrMovementFilterInput:
    currency: str | None = strawberry.field(default=None, description="Only this currency.")
    month: date | None = strawberry.field(default=None, description="Only the month of this day.")
    kind: MrrMovementKindEnum | None = strawberry.field(default=None, description="Only this kind.")
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this Customer's."
    )


@strawberry.type
class Query:
    @strawberry.field(
        description="MRR, ARR and each month's movements and churn of [fromMonth, toMonth] "
        "(default: the last 12 months) in one currency (default: the tenant's) (revenue:read)."
    )
    async def recurring_revenue(
        self,
        info: Info,
        currency: Annotated[
            str | None, strawberry.argument(description="ISO 4217 code; the tenant's by default.")
        ] = None,
        from_month: Annotated[
            date | None, strawberry.argument(description="A day of the first month.")
        ] = None,
        to_month: Annotated[
            date | None, strawberry.argument(description="A day of the last month.")
        ] = None,
    ) -> RecurringRevenueType:
        actor = await context_of(info).reader()
        report = await revenue_reading.recurring_revenue(actor, currency, from_month, to_month)
        figures = report.figures
        return RecurringRevenueType(
            currency=figures.currency,
            currencies=report.currencies,
            mrr=rounded(figures.mrr, figures.currency),
            arr=rounded(figures.arr, figures.currency),
            active_customers=figures.active_customers,
            months=[RevenueMonthType.of(m, figures.currency) for m in figures.months],
        )

    @strawberry.field(description="The MRR movements ledger, newest first (revenue:read).")
    async def mrr_movements(
        self,
        info: Info,
        filter: Annotated[
            MrrMovementFilterInput | None, strawberry.argument(description="Which movements.")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor to start after.")
        ] = None,
    ) -> Connection[MrrMovementType]:
        wanted = filter or MrrMovementFilterInput()
        actor = await context_of(info).reader()
        page = await revenue.list_movements(
            actor,
            revenue.MovementFilter(
                currency=wanted.currency,
                month=wanted.month,
                kind=revenue.MovementKind(wanted.kind.value) if wanted.kind else None,
                customer_id=optional_input_row_id(wanted.customer_id, "Customer"),
            ),
            first,
            after,
        )
        return to_connection(page, MrrMovementType.of)
