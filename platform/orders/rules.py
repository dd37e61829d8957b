"""Order rules without I/O: the lifecycle's transition table, input checks, line and order
totals, number formats and discount caps. Services apply them; tests can call them."""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from core.errors import UserError
from core.money import AMOUNT, PERCENT, check_decimal, is_well_formed, quantize_money
from orders.errors import OrderErrorCode

Path = tuple[str, ...]
HUNDRED = Decimal(100)
MAX_TAGS = 20
MAX_TAG_LENGTH = 40
MAX_NOTES = 4000
MAX_LINES = 500
DEFAULT_NUMBER_FORMAT = "SO-{year}-{seq:06d}"
# Amounts are NUMERIC(18, 4): every line and order total stays below this.
AMOUNT_LIMIT = Decimal(10) ** AMOUNT.integer
# Discount caps (percent) of the default roles; a role not listed may give no discount.
DEFAULT_DISCOUNT_CAPS: dict[str, Decimal] = {
    "admin": Decimal(100),
    "manager": Decimal(30),
    "sales": Decimal(10),
}


class Status(str, Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PENDING_APPROVAL = "pending_approval"
    CONFIRMED = "confirmed"
    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"
    READY_TO_SHIP = "ready_to_ship"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Action(str, Enum):
    SUBMIT = "submit"
    CONFIRM = "confirm"
    REQUEST_PAYMENT = "request_payment"
    MARK_PAID = "mark_paid"
    MARK_READY_TO_SHIP = "mark_ready_to_ship"
    SHIP = "ship"
    MARK_DELIVERED = "mark_delivered"
    COMPLETE = "complete"
    CANCEL = "cancel"
    # Taken by the approval flow only (approvals.services), never by transitionOrder.
    REQUEST_APPROVAL = "request_approval"
    REJECT = "reject"


class Precondition(str, Enum):
    """A condition on the order or the request beyond its status."""

    CREDIT_TERMS = "credit_terms"  # the customer buys on NET payment terms
    CARRIER_AND_TRACKING = "carrier_and_tracking"
    NOTHING_SHIPPED = "nothing_shipped"  # no line has shipped any quantity yet


class Effect(str, Enum):
    """What a transition does to stock and shipments, besides changing the status."""

    RESERVE = "reserve"
    RELEASE = "release"
    SHIP_ALL = "ship_all"
    DELIVER_ALL = "deliver_all"


@dataclass(frozen=True)
class Transition:
    action: Action
    source: Status
    target: Status
    permission: str  # the orders action required, e.g. "ship"
    label: str
    preconditions: tuple[Precondition, ...] = ()
    effect: Effect | None = None


BEFORE_SHIPPED = (
    Status.DRAFT,
    Status.SUBMITTED,
    Status.PENDING_APPROVAL,
    Status.CONFIRMED,
    Status.AWAITING_PAYMENT,
    Status.PAID,
    Status.READY_TO_SHIP,
)
HOLDS_STOCK = (Status.CONFIRMED, Status.AWAITING_PAYMENT, Status.PAID, Status.READY_TO_SHIP)

# The lifecycle, declared once: (from status, action) -> to status, the orders permission
# it needs, its preconditions and its stock effect.
TRANSITIONS: tuple[Transition, ...] = (
    Transition(Action.SUBMIT, Status.DRAFT, Status.SUBMITTED, "submit", "Submit"),
    # Applied by the system right after submit while no approval rule exists; approval
    # rules will move Submitted -> Pending Approval instead, and approvers confirm.
    Transition(
        Action.CONFIRM,
        Status.SUBMITTED,
        Status.CONFIRMED,
        "confirm",
        "Confirm",
        effect=Effect.RESERVE,
    ),
    Transition(
        Action.CONFIRM,
        Status.PENDING_APPROVAL,
        Status.CONFIRMED,
        "confirm",
        "Confirm",
        effect=Effect.RESERVE,
    ),
    Transition(
        Action.REQUEST_APPROVAL,
        Status.SUBMITTED,
        Status.PENDING_APPROVAL,
        "submit",
        "Request approval",
    ),
    Transition(Action.REJECT, Status.PENDING_APPROVAL, Status.DRAFT, "confirm", "Reject"),
    Transition(
        Action.REQUEST_PAYMENT,
        Status.CONFIRMED,
        Status.AWAITING_PAYMENT,
        "mark_paid",
        "Request payment",
    ),
    Transition(Action.MARK_PAID, Status.AWAITING_PAYMENT, Status.PAID, "mark_paid", "Mark paid"),
    Transition(
        Action.MARK_READY_TO_SHIP, Status.PAID, Status.READY_TO_SHIP, "ship", "Ready to ship"
    ),
    Transition(
        Action.MARK_READY_TO_SHIP,
        Status.CONFIRMED,
        Status.READY_TO_SHIP,
        "ship",
        "Ready to ship",
        preconditions=(Precondition.CREDIT_TERMS,),
    ),
    Transition(
        Action.SHIP,
        Status.READY_TO_SHIP,
        Status.SHIPPED,
        "ship",
        "Ship",
        preconditions=(Precondition.CARRIER_AND_TRACKING,),
        effect=Effect.SHIP_ALL,
    ),
    Transition(
        Action.MARK_DELIVERED,
        Status.SHIPPED,
        Status.DELIVERED,
        "deliver",
        "Mark delivered",
        effect=Effect.DELIVER_ALL,
    ),
    Transition(Action.COMPLETE, Status.DELIVERED, Status.COMPLETED, "complete", "Complete"),
    *(
        Transition(
            Action.CANCEL,
            source,
            Status.CANCELLED,
            "cancel",
            "Cancel",
            preconditions=(Precondition.NOTHING_SHIPPED,),
            effect=Effect.RELEASE if source in HOLDS_STOCK else None,
        )
        for source in BEFORE_SHIPPED
    ),
)
PERMISSION_OF = {t.action: t.permission for t in TRANSITIONS}
# Applied by the system (submit) or by the approval flow, never asked for directly: an
# order waiting for approval is confirmed or rejected only by its approvers' decisions.
SYSTEM_ONLY = frozenset(
    {
        (Status.SUBMITTED, Action.CONFIRM),
        (Status.SUBMITTED, Action.REQUEST_APPROVAL),
        (Status.PENDING_APPROVAL, Action.CONFIRM),
        (Status.PENDING_APPROVAL, Action.REJECT),
    }
)


def is_system_only(status: Status, action: Action) -> bool:
    return (status, action) in SYSTEM_ONLY


def transition_for(status: Status, action: Action) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source is status and t.action is action), None)


@dataclass(frozen=True)
class TransitionRequest:
    """What the caller sent with an action, and what the order is."""

    carrier: str | None = None
    tracking_number: str | None = None
    on_credit_terms: bool = False
    shipped_in_part: bool = False


def check_preconditions(transition: Transition, request: TransitionRequest) -> list[UserError]:
    errors: list[UserError] = []
    for condition in transition.preconditions:
        if condition is Precondition.CREDIT_TERMS and not request.on_credit_terms:
            errors.append(
                UserError(
                    OrderErrorCode.PAYMENT_REQUIRED,
                    "Only customers on credit (NET) "
                    "terms ship before payment; record the payment first.",
                    ("action",),
                )
            )
        if condition is Precondition.CARRIER_AND_TRACKING:
            if not (request.carrier or "").strip():
                errors.append(
                    UserError(OrderErrorCode.CARRIER_REQUIRED, "Name the carrier.", ("carrier",))
                )
            if not (request.tracking_number or "").strip():
                errors.append(
                    UserError(
                        OrderErrorCode.TRACKING_REQUIRED,
                        "Enter the tracking number.",
                        ("trackingNumber",),
                    )
                )
        if condition is Precondition.NOTHING_SHIPPED and request.shipped_in_part:
            errors.append(
                UserError(
                    OrderErrorCode.PARTIALLY_SHIPPED,
                    "The order has shipped in part; request a change for what remains instead.",
                    ("action",),
                )
            )
    return errors


def available_actions(
    status: Status, permissions: Iterable[str], request: TransitionRequest
) -> list[Transition]:
    """Transitions the holder of `permissions` (orders actions) may take now. Preconditions
    on the order (credit terms, shipped lines) count; those on the request (tracking) do
    not."""
    held = set(permissions)
    result = []
    for transition in TRANSITIONS:
        if transition.source is not status or transition.permission not in held:
            continue
        if is_system_only(status, transition.action):
            continue  # applied by the system within submit, or by approvers
        if Precondition.CREDIT_TERMS in transition.preconditions and not request.on_credit_terms:
            continue
        if Precondition.NOTHING_SHIPPED in transition.preconditions and request.shipped_in_part:
            continue
        result.append(transition)
    return result


# --- input ---------------------------------------------------------------------------------


def normalize_tags(tags: Sequence[str]) -> list[str]:
    cleaned = {" ".join(tag.split()).lower() for tag in tags}
    return sorted(tag for tag in cleaned if tag)


def check_tags(tags: Sequence[str]) -> list[UserError]:
    errors = [
        UserError(
            OrderErrorCode.INVALID_TAG,
            "Tags have 1 to 40 characters and no commas.",
            ("tags", str(index)),
        )
        for index, tag in enumerate(tags)
        if not tag.strip() or len(tag.strip()) > MAX_TAG_LENGTH or "," in tag
    ]
    if len(normalize_tags(tags)) > MAX_TAGS:
        errors.append(
            UserError(OrderErrorCode.TOO_MANY_TAGS, f"At most {MAX_TAGS} tags.", ("tags",))
        )
    return errors


def check_notes(notes: str | None) -> list[UserError]:
    if notes is not None and len(notes) > MAX_NOTES:
        return [UserError(OrderErrorCode.TOO_LONG, f"At most {MAX_NOTES} characters.", ("notes",))]
    return []


def check_discount_cap(cap: Decimal, path: Path) -> list[UserError]:
    if errors := check_decimal(cap, path, PERCENT, code=OrderErrorCode.INVALID_DISCOUNT_CAP):
        return errors
    if not 0 <= cap <= HUNDRED:
        return [
            UserError(
                OrderErrorCode.INVALID_DISCOUNT_CAP, "A cap is a percentage from 0 to 100.", path
            )
        ]
    return []


def check_discount(discount: Decimal, cap: Decimal, path: Path) -> list[UserError]:
    if errors := check_decimal(discount, path, PERCENT, code=OrderErrorCode.INVALID_DISCOUNT):
        return errors
    if not 0 <= discount <= HUNDRED:
        return [
            UserError(
                OrderErrorCode.INVALID_DISCOUNT,
                "A discount is a percentage from 0 to 100 with at most 4 decimal places.",
                path,
            )
        ]
    if discount > cap:
        return [
            UserError(
                OrderErrorCode.DISCOUNT_ABOVE_CAP, f"Your roles allow discounts up to {cap}%.", path
            )
        ]
    return []


def discount_cap(role_keys: Iterable[str], caps: dict[str, Decimal]) -> Decimal:
    """The caller's cap: the highest of their roles' caps (0 when none has one)."""
    return max((caps[key] for key in role_keys if key in caps), default=Decimal(0))


def net_unit_price(unit_price: Decimal, discount_percent: Decimal) -> Decimal:
    return unit_price * (HUNDRED - discount_percent) / HUNDRED


# --- totals --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineAmounts:
    """Gross (unit price x quantity), discount, net (gross - discount), tax on the net and
    total (net + tax); each rounded once to the currency's minor units, half up."""

    gross: Decimal
    discount: Decimal
    net: Decimal
    tax: Decimal
    total: Decimal


def line_amounts(
    unit_price: Decimal,
    quantity: Decimal,
    discount_percent: Decimal,
    tax_rate: Decimal,
    currency: str,
) -> LineAmounts:
    exact_gross = unit_price * quantity
    gross = quantize_money(exact_gross, currency)
    net = quantize_money(exact_gross * (HUNDRED - discount_percent) / HUNDRED, currency)
    tax = quantize_money(net * tax_rate, currency)
    return LineAmounts(gross=gross, discount=gross - net, net=net, tax=tax, total=net + tax)


@dataclass(frozen=True)
class OrderTotals:
    subtotal: Decimal
    discount_total: Decimal
    tax_total: Decimal
    total: Decimal


def order_totals(lines: Iterable[LineAmounts]) -> OrderTotals:
    """Sums of the rounded line amounts: the order's totals always add up to its lines."""
    items = list(lines)
    return OrderTotals(
        subtotal=sum((i.gross for i in items), Decimal(0)),
        discount_total=sum((i.discount for i in items), Decimal(0)),
        tax_total=sum((i.tax for i in items), Decimal(0)),
        total=sum((i.total for i in items), Decimal(0)),
    )


@dataclass(frozen=True)
class RateTotal:
    """The net taxed at one rate and the tax it gave, summed over the lines at that rate."""

    rate: Decimal
    net: Decimal
    tax: Decimal


def totals_by_tax_rate(lines: Iterable[tuple[Decimal, Decimal, Decimal]]) -> list[RateTotal]:
    """(rate, net, tax) per line summed per rate, highest rate first: the tax line of an
    order or invoice breakdown ("VAT 13 %: 12.30"); together they add up to the tax total."""
    sums: dict[Decimal, tuple[Decimal, Decimal]] = {}
    for rate, net, tax in lines:
        net_sum, tax_sum = sums.get(rate, (Decimal(0), Decimal(0)))
        sums[rate] = (net_sum + net, tax_sum + tax)
    return [RateTotal(rate, net, tax) for rate, (net, tax) in sorted(sums.items(), reverse=True)]


def check_line_fits(
    unit_price: Decimal, quantity: Decimal, tax_rate: Decimal, path: Path
) -> list[UserError]:
    """A line whose total, tax included, the books (NUMERIC(18, 4)) can hold. Checked before
    its amounts are rounded: rounding a product of thirty digits is itself an error."""
    # A margin of one: each of a line's amounts may round up by half a cent.
    if unit_price * quantity * (1 + tax_rate) < AMOUNT_LIMIT - 1:
        return []
    return [
        UserError(
            OrderErrorCode.TOTAL_TOO_LARGE,
            f"The line's total would have more than {AMOUNT.integer} digits; check the quantity.",
            path,
        )
    ]


def check_totals_fit(totals: OrderTotals, path: Path) -> list[UserError]:
    """An order whose subtotal and total the books can hold (each line fitting is not
    enough: 500 lines add up)."""
    if is_well_formed(totals.subtotal, AMOUNT) and is_well_formed(totals.total, AMOUNT):
        return []
    return [
        UserError(
            OrderErrorCode.TOTAL_TOO_LARGE,
            "The order's total would have more than "
            f"{AMOUNT.integer} digits; check the quantities.",
            path,
        )
    ]


# --- numbers -------------------------------------------------------------------------------


def check_number_format(number_format: str) -> list[UserError]:
    """A format uses `{seq}` (with an optional spec such as `:06d`) and may use `{year}`."""
    path = ("numberFormat",)
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(number_format) if name]
        sample = format_number(number_format, 2026, 42)
    except (ValueError, KeyError, IndexError):
        return [
            UserError(
                OrderErrorCode.INVALID_NUMBER_FORMAT,
                "Use {seq} (e.g. {seq:06d}) and optionally {year}.",
                path,
            )
        ]
    if "seq" not in fields or set(fields) - {"seq", "year"} or not 1 <= len(sample) <= 40:
        return [
            UserError(
                OrderErrorCode.INVALID_NUMBER_FORMAT,
                "Use {seq} (e.g. {seq:06d}) and "
                "optionally {year}; numbers have at most 40 characters.",
                path,
            )
        ]
    return []


def format_number(number_format: str, year: int, seq: int) -> str:
    return number_format.format(year=year, seq=seq)


def number_series(number_format: str, year: int) -> str:
    """Numbers restart every year when the format shows the year, never otherwise."""
    return str(year) if "{year" in number_format else "all"
