"""Money: exact decimal amounts with an explicit currency, rounded in one place.

Amounts are `Decimal` (never float) and stored as NUMERIC(18, 4); unit prices may carry up
to four decimal places (a screw at 0.0125). A computed total is rounded once, at the end,
to the currency's minor units with ROUND_HALF_UP: 3 x 0.3333 is 1.00, not 3 x 0.33 = 0.99.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# ISO 4217 minor units where they are not 2.
_MINOR_UNITS = {"JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "KWD": 3, "BHD": 3,
                "JOD": 3, "OMR": 3, "TND": 3}
# How many decimal places a stored amount (a unit price, a cost, a delta) may carry.
AMOUNT_PLACES = 4
QUANTITY_PLACES = 3


def minor_units(currency: str) -> int:
    """Decimal places of the currency's smallest unit (JPY 0, most others 2)."""
    return _MINOR_UNITS.get(currency.upper(), 2)


def quantize_money(amount: Decimal, currency: str) -> Decimal:
    """Round a computed amount to the currency's minor units, half up: the one rounding rule."""
    return amount.quantize(Decimal(1).scaleb(-minor_units(currency)), rounding=ROUND_HALF_UP)


def places(value: Decimal) -> int:
    """Decimal places `value` needs (10.50 needs 1, 3 needs 0)."""
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def has_at_most_places(value: Decimal, limit: int) -> bool:
    return value.is_finite() and places(value) <= limit


def canonical_amount(amount: Decimal, currency: str) -> Decimal:
    """The amount as clients see it: at least the currency's minor units, no trailing zeros
    beyond them (10.5000 → 10.50, 0.3333 → 0.3333, JPY 1200.0000 → 1200). Never rounds."""
    shown = max(minor_units(currency), places(amount))
    return amount.quantize(Decimal(1).scaleb(-shown))


@dataclass(frozen=True)
class Money:
    """An exact amount in one currency."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money amounts are Decimal, never float.")

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def times(self, quantity: Decimal) -> Money:
        """The exact product (unrounded); round the final total with `rounded()`."""
        return Money(self.amount * quantity, self.currency)

    def rounded(self) -> Money:
        return Money(quantize_money(self.amount, self.currency), self.currency)

    def canonical(self) -> Money:
        return Money(canonical_amount(self.amount, self.currency), self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"Cannot combine {self.currency} with {other.currency}.")
