"""The GraphQL `Money` type every domain exposes amounts with."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from core.money import Money, canonical_amount, require_decimal


@strawberry.type(
    name="Money",
    description="An exact amount of money in one currency. The "
    "amount is a decimal string (never a float): at least the currency's minor "
    "units, more only where a unit price carries them (up to 4 places).",
)
class MoneyType:
    amount: Decimal = strawberry.field(description='The amount, e.g. "1299.50".')
    currency: str = strawberry.field(description='ISO 4217 currency code, e.g. "EUR".')

    @classmethod
    def of(cls, money: Money) -> MoneyType:
        return cls(amount=canonical_amount(money.amount, money.currency), currency=money.currency)

    @classmethod
    def from_amount(cls, amount: Decimal, currency: str) -> MoneyType:
        # Every amount of a list page comes here: Money's rule without making a Money.
        require_decimal(amount)
        return cls(amount=canonical_amount(amount, currency), currency=currency)
