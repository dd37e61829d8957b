"""Money: exact decimal amounts with an explicit currency, rounded in one place; and the
one check every decimal a client sends passes before any arithmetic.

Amounts are `Decimal` (never float) and stored as NUMERIC(18, 4); unit prices may carry up
to four decimal places (a screw at 0.0125). A computed total is rounded once, at the end,
to the currency's minor units with ROUND_HALF_UP: 3 x 0.3333 is 1.00, not 3 x 0.33 = 0.99.

GraphQL's Decimal scalar turns any numeric string into a Decimal, NaN, Infinity and
1e999999 included; comparing, quantizing or storing those raises. `check_decimal` reads
only the digits as written, so it cannot raise, and refuses what the column cannot hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

from core.errors import CommonErrorCode, ErrorCode, UserError

# ISO 4217 minor units where they are not 2.
_MINOR_UNITS = {
    "JPY": 0,
    "KRW": 0,
    "VND": 0,
    "CLP": 0,
    "ISK": 0,
    "KWD": 3,
    "BHD": 3,
    "JOD": 3,
    "OMR": 3,
    "TND": 3,
}
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
    """Decimal places a finite `value` needs (10.50 needs 1, 3 needs 0)."""
    return _digits_needed(value)[1]


# --- checking a decimal input ----------------------------------------------------------------


@dataclass(frozen=True)
class Digits:
    """How many digits a number may have: `integer` before the decimal point and `places`
    after it (a NUMERIC(p, s) column holds p - s and s)."""

    integer: int
    places: int

    def with_places(self, places: int) -> Digits:
        """The same column, where a rule allows fewer decimals (a currency's minor units)."""
        return Digits(self.integer, min(places, self.places))


AMOUNT = Digits(18 - AMOUNT_PLACES, AMOUNT_PLACES)  # NUMERIC(18, 4): prices, costs, payments
QUANTITY = Digits(18 - QUANTITY_PLACES, QUANTITY_PLACES)  # NUMERIC(18, 3): quantities
PERCENT = Digits(3, 4)  # NUMERIC(7, 4): discounts and thresholds in percent (12.5)
RATE = Digits(2, 4)  # NUMERIC(6, 4): tax rates as fractions (0.13)
# A number written with longer digits or exponent than this is refused even when its value
# fits: PostgreSQL cannot take 1.5 followed by 20,000 zeros, or 0E+999999, as written.
MAX_WRITTEN = 40
INVALID_NUMBER = CommonErrorCode.INVALID_NUMBER
TOO_MANY_DIGITS = CommonErrorCode.TOO_MANY_DIGITS
TOO_MANY_DECIMALS = CommonErrorCode.TOO_MANY_DECIMALS


def _digits_needed(value: Decimal) -> tuple[int, int]:
    """(digits before the point, decimal places) of a finite value, trailing zeros dropped.
    It reads the digits as written, so no context can round, overflow or trap."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int), "only finite values have digits"
    written = "".join(map(str, digits))
    significant = written.rstrip("0")
    if not significant:
        return 0, 0
    exponent += len(written) - len(significant)
    return max(len(significant) + exponent, 0), max(-exponent, 0)


def check_decimal(
    value: Decimal,
    field: Sequence[str],
    digits: Digits,
    *,
    code: ErrorCode | None = None,
    decimals_code: ErrorCode | None = None,
) -> list[UserError]:
    """The one check a decimal input passes before it is compared, rounded or stored: a
    finite number (INVALID_NUMBER) with at most `digits.integer` digits before the point
    (TOO_MANY_DIGITS) and `digits.places` after it (TOO_MANY_DECIMALS); trailing zeros do
    not count. A domain whose clients already know one code for the field passes it as
    `code` (INVALID_PRICE for every refusal), or its own precision code as `decimals_code`.
    The error is on `field`, the input's path as the client sent it (lines.0.quantity)."""
    path = tuple(field)
    if not value.is_finite():
        return [
            UserError(
                code or INVALID_NUMBER, "Enter a number; NaN and Infinity are not numbers.", path
            )
        ]
    integer, places_needed = _digits_needed(value)
    _, written, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    too_long = len(written) > MAX_WRITTEN or abs(exponent) > MAX_WRITTEN
    if integer > digits.integer or (too_long and exponent > 0):
        return [
            UserError(
                code or TOO_MANY_DIGITS,
                f"Use at most {digits.integer} digits before the decimal point.",
                path,
            )
        ]
    if places_needed > digits.places or too_long:
        message = (
            f"Use at most {digits.places} decimal places."
            if digits.places
            else "Use a whole number."
        )
        return [UserError(code or decimals_code or TOO_MANY_DECIMALS, message, path)]
    return []


def is_well_formed(value: Decimal, digits: Digits) -> bool:
    """Whether `value` passes `check_decimal` (for checks that report their own error)."""
    return not check_decimal(value, (), digits)


# Precise enough that normalizing or padding an amount never rounds it: amounts are at most
# MAX_WRITTEN digits (inputs are checked; columns are NUMERIC(18, 4)).
_EXACT = Context(prec=4 * MAX_WRITTEN)
_QUANTA = [Decimal(1).scaleb(-shown) for shown in range(2 * MAX_WRITTEN + 1)]
_CANONICAL_CACHE_SIZE = 4096


def canonical_amount(amount: Decimal, currency: str) -> Decimal:
    """The amount as clients see it: at least the currency's minor units, no trailing zeros
    beyond them (10.5000 → 10.50, 0.3333 → 0.3333, JPY 1200.0000 → 1200). Never rounds.
    Every amount a list shows passes here, so the places are read from the normalized
    exponent rather than from the digits as text (`places`), and the answers are kept: a
    page repeats the same prices and totals. Equal amounts have the same answer, except
    zero and minus zero, which are not kept."""
    if not amount:
        return _canonical(amount, currency)
    return _remembered_canonical(amount, currency)


def _canonical(amount: Decimal, currency: str) -> Decimal:
    exponent = amount.normalize(_EXACT).as_tuple().exponent
    assert isinstance(exponent, int), "only finite amounts are shown"
    shown = max(minor_units(currency), -exponent)
    return amount.quantize(_QUANTA[shown], context=_EXACT)


_remembered_canonical = lru_cache(maxsize=_CANONICAL_CACHE_SIZE)(_canonical)


def require_decimal(amount: object) -> None:
    """Money's one rule on its amount: a Decimal, never a float."""
    if not isinstance(amount, Decimal):
        raise TypeError("Money amounts are Decimal, never float.")


@dataclass(frozen=True)
class Money:
    """An exact amount in one currency."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        require_decimal(self.amount)

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
