"""Customer rules without I/O: what a valid customer, contact, address and tag look like.

Each `check_*` returns the user errors of one input (empty when valid), with the GraphQL
input's field path, so services report every problem at once and imports can reuse them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import identity.services as identity
from core.errors import BusinessRuleError, UserError
from core.money import AMOUNT, PERCENT, check_decimal, minor_units
from customers.countries import ISO_COUNTRY_CODES
from customers.errors import CustomerErrorCode

Path = tuple[str, ...]

CUSTOMER_STATUSES = ("active", "inactive")
# Tier codes price books key their tier prices by. Stored as text without a database
# constraint, so a per-tenant tier list can replace this tuple without a migration.
CUSTOMER_TIERS = ("standard", "vip", "wholesale")
PAYMENT_TERMS_KINDS = ("prepaid", "net", "instalments")
INSTALMENT_TRIGGERS = ("confirmation", "shipment", "delivery")
MIN_INSTALMENTS, MAX_INSTALMENTS = 2, 12
ADDRESS_KINDS = ("ship_to", "bill_to")
MAX_NET_DAYS = 365
MAX_TAGS = 20
MAX_TAG_LENGTH = 40
MAX_NOTES_LENGTH = 4000
# A percentage of the order's total: 0.01 to 100 (stored as text in the plan).
INSTALMENT_PERCENT = PERCENT.with_places(2)
PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{2,38}$")
# A free region code: "east-china", "CN-31", "EMEA"; compared exactly (case matters).
REGION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
EXTERNAL_REF = re.compile(r"^[^\x00-\x1f\x7f]{1,100}$")
TAG_FORBIDDEN = re.compile(r"[,\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Instalment:
    """One part of an instalment plan: `percent` of the total, due `days_after` days after
    the order reaches its `trigger` (confirmation, shipment or delivery)."""

    percent: Decimal
    trigger: str
    days_after: int = 0

    @property
    def label(self) -> str:
        percent = f"{self.percent.normalize():f}%"
        event = {
            "confirmation": "confirmation",
            "shipment": "shipping",
            "delivery": "delivery",
        }.get(self.trigger, self.trigger)
        if self.days_after:
            return f"{percent} {self.days_after} days after {event}"
        return f"{percent} on {event}"


@dataclass(frozen=True)
class PaymentTerms:
    """When a customer pays: `prepaid` before fulfilment, `net` within `net_days` of
    shipping, or `instalments`: parts of the total due at stages of the order."""

    kind: str = "prepaid"
    net_days: int | None = None
    instalments: tuple[Instalment, ...] = ()


@dataclass
class AddressFields:
    """An address as entered; `kind` is ship_to or bill_to."""

    kind: str
    recipient: str
    line1: str
    city: str
    country: str
    label: str | None = None
    phone: str | None = None
    line2: str | None = None
    region: str | None = None
    postal_code: str | None = None
    is_default: bool = False


def raise_if(errors: list[UserError]) -> None:
    if errors:
        raise BusinessRuleError(*errors)


def clean(value: str | None) -> str | None:
    """Trimmed text, or None when nothing is left (an empty input clears a field)."""
    if value is None:
        return None
    return value.strip() or None


def _required_text(value: str, path: Path, what: str, limit: int) -> list[UserError]:
    if not value.strip() or len(value.strip()) > limit:
        return [
            UserError(
                CustomerErrorCode.REQUIRED, f"Enter {what} (at most {limit} characters).", path
            )
        ]
    return []


def _optional_text(value: str | None, path: Path, limit: int) -> list[UserError]:
    if value is not None and len(value.strip()) > limit:
        return [UserError(CustomerErrorCode.TOO_LONG, f"Use at most {limit} characters.", path)]
    return []


# --- customers and contacts ------------------------------------------------------------------


def check_customer_name(name: str, path: Path = ("name",)) -> list[UserError]:
    return _required_text(name, path, "the customer's name", 200)


def check_status(status: str) -> list[UserError]:
    if status not in CUSTOMER_STATUSES:
        return [UserError(CustomerErrorCode.INVALID_STATUS, "Use active or inactive.", ("status",))]
    return []


def check_phone(phone: str | None, path: Path) -> list[UserError]:
    if phone and phone.strip() and not PHONE.match(phone.strip()):
        return [
            UserError(
                CustomerErrorCode.INVALID_PHONE,
                "Enter a phone number of digits, spaces and + - ( ).",
                path,
            )
        ]
    return []


def check_email(email: str, path: Path) -> list[UserError]:
    error = identity.check_email(identity.normalize_email(email))
    return [UserError(CustomerErrorCode.INVALID_EMAIL, error.message, path)] if error else []


def check_contact_name(name: str, path: Path) -> list[UserError]:
    return _required_text(name, (*path, "name"), "the contact's name", 200)


def check_contact_email(email: str, path: Path) -> list[UserError]:
    return check_email(email, (*path, "email"))


def check_contact_phone(phone: str | None, path: Path) -> list[UserError]:
    return check_phone(phone, (*path, "phone"))


def check_tier(tier: str) -> list[UserError]:
    if tier not in CUSTOMER_TIERS:
        return [
            UserError(
                CustomerErrorCode.INVALID_TIER,
                f"Use one of: {', '.join(CUSTOMER_TIERS)}.",
                ("tier",),
            )
        ]
    return []


def check_region(region: str | None) -> list[UserError]:
    if region and region.strip() and not REGION.match(region.strip()):
        return [
            UserError(
                CustomerErrorCode.INVALID_REGION,
                "Use a region code of letters, digits, - and _ "
                "(at most 40), e.g. east-china or CN-31.",
                ("region",),
            )
        ]
    return []


def check_company_email(email: str | None) -> list[UserError]:
    return check_email(email, ("email",)) if email and email.strip() else []


def check_external_ref(external_ref: str | None) -> list[UserError]:
    if external_ref and external_ref.strip() and not EXTERNAL_REF.match(external_ref.strip()):
        return [
            UserError(
                CustomerErrorCode.INVALID_EXTERNAL_REF,
                "Use at most 100 printable characters.",
                ("externalRef",),
            )
        ]
    return []


def check_notes(notes: str | None) -> list[UserError]:
    return _optional_text(notes, ("notes",), MAX_NOTES_LENGTH)


def check_payment_terms(terms: PaymentTerms) -> list[UserError]:
    path: Path = ("paymentTerms",)
    if terms.kind not in PAYMENT_TERMS_KINDS:
        return [
            UserError(
                CustomerErrorCode.INVALID_PAYMENT_TERMS,
                "Use prepaid, net or instalment terms.",
                (*path, "kind"),
            )
        ]
    if terms.kind != "instalments" and terms.instalments:
        return [
            UserError(
                CustomerErrorCode.INVALID_PAYMENT_TERMS,
                "Only instalment terms take instalments.",
                (*path, "instalments"),
            )
        ]
    if terms.kind == "instalments":
        return _check_instalments(terms, path)
    if terms.kind == "prepaid" and terms.net_days is not None:
        return [
            UserError(
                CustomerErrorCode.INVALID_PAYMENT_TERMS,
                "Prepaid terms take no net days.",
                (*path, "netDays"),
            )
        ]
    if terms.kind == "net" and not (terms.net_days and 1 <= terms.net_days <= MAX_NET_DAYS):
        return [
            UserError(
                CustomerErrorCode.INVALID_PAYMENT_TERMS,
                f"Net terms need 1 to {MAX_NET_DAYS} days.",
                (*path, "netDays"),
            )
        ]
    return []


def _check_instalments(terms: PaymentTerms, path: Path) -> list[UserError]:
    plan = (*path, "instalments")
    if terms.net_days is not None:
        return [
            UserError(
                CustomerErrorCode.INVALID_PAYMENT_TERMS,
                "Instalment terms take no net days.",
                (*path, "netDays"),
            )
        ]
    if not MIN_INSTALMENTS <= len(terms.instalments) <= MAX_INSTALMENTS:
        return [
            UserError(
                CustomerErrorCode.INVALID_PAYMENT_TERMS,
                f"A plan has {MIN_INSTALMENTS} to {MAX_INSTALMENTS} instalments.",
                plan,
            )
        ]
    errors = []
    for index, part in enumerate(terms.instalments):
        where = (*plan, str(index))
        errors.extend(_check_instalment_percent(part.percent, (*where, "percent")))
        if part.trigger not in INSTALMENT_TRIGGERS:
            errors.append(
                UserError(
                    CustomerErrorCode.INVALID_PAYMENT_TERMS,
                    "Start an instalment's clock on confirmation, shipment or delivery.",
                    (*where, "trigger"),
                )
            )
        if not 0 <= part.days_after <= MAX_NET_DAYS:
            errors.append(
                UserError(
                    CustomerErrorCode.INVALID_PAYMENT_TERMS,
                    f"Due 0 to {MAX_NET_DAYS} days after its start.",
                    (*where, "daysAfter"),
                )
            )
    if not errors and sum((p.percent for p in terms.instalments), Decimal(0)) != 100:
        errors.append(
            UserError(
                CustomerErrorCode.INVALID_PAYMENT_TERMS,
                "The instalments must add up to 100 %.",
                plan,
            )
        )
    return errors


def _check_instalment_percent(percent: Decimal, path: Path) -> list[UserError]:
    if errors := check_decimal(
        percent, path, INSTALMENT_PERCENT, code=CustomerErrorCode.INVALID_PAYMENT_TERMS
    ):
        return errors
    if not 0 < percent <= 100:
        return [
            UserError(
                CustomerErrorCode.INVALID_PAYMENT_TERMS,
                "Each instalment is a percentage above 0 and up to 100 with at most two decimals.",
                path,
            )
        ]
    return []


def plan_to_json(instalments: tuple[Instalment, ...]) -> list[dict[str, Any]] | None:
    return [
        {"percent": str(p.percent), "trigger": p.trigger, "daysAfter": p.days_after}
        for p in instalments
    ] or None


def plan_from_json(plan: list[dict[str, Any]] | None) -> tuple[Instalment, ...]:
    return tuple(
        Instalment(Decimal(p["percent"]), p["trigger"], int(p["daysAfter"])) for p in plan or []
    )


def check_credit_limit(amount: Decimal, currency: str) -> list[UserError]:
    """Entered in the tenant's currency, with no more decimals than the currency has."""
    path = ("creditLimit",)
    if errors := check_decimal(
        amount,
        path,
        AMOUNT.with_places(minor_units(currency)),
        code=CustomerErrorCode.INVALID_CREDIT_LIMIT,
    ):
        return errors
    if amount < 0:
        return [
            UserError(
                CustomerErrorCode.INVALID_CREDIT_LIMIT,
                "Enter a credit limit of zero or more.",
                path,
            )
        ]
    return []


# --- tags --------------------------------------------------------------------------------------


def normalize_tag(tag: str) -> str:
    """Tags compare case-insensitively and ignore extra spaces: " VIP  buyer" is "vip buyer"."""
    return " ".join(tag.split()).lower()


def check_tags(tags: list[str], path: Path = ("tags",)) -> list[UserError]:
    errors = [
        UserError(
            CustomerErrorCode.INVALID_TAG,
            f"Use 1 to {MAX_TAG_LENGTH} characters and no commas.",
            (*path, str(index)),
        )
        for index, tag in enumerate(tags)
        if not normalize_tag(tag)
        or len(normalize_tag(tag)) > MAX_TAG_LENGTH
        or TAG_FORBIDDEN.search(tag)
    ]
    if len({normalize_tag(t) for t in tags}) > MAX_TAGS:
        errors.append(
            UserError(CustomerErrorCode.TOO_MANY_TAGS, f"Use at most {MAX_TAGS} tags.", path)
        )
    return errors


def distinct_tags(tags: list[str]) -> list[str]:
    """The normalized tags, each once, in alphabetical order."""
    return sorted({normalize_tag(t) for t in tags})


# --- addresses ---------------------------------------------------------------------------------


def normalize_country(country: str) -> str:
    return country.strip().upper()


def check_country(country: str, path: Path) -> list[UserError]:
    if normalize_country(country) not in ISO_COUNTRY_CODES:
        return [
            UserError(
                CustomerErrorCode.INVALID_COUNTRY,
                "Use an ISO 3166-1 alpha-2 country code, e.g. CN or DE.",
                path,
            )
        ]
    return []


def check_address_kind(kind: str, path: Path) -> list[UserError]:
    if kind not in ADDRESS_KINDS:
        return [
            UserError(
                CustomerErrorCode.INVALID_ADDRESS_KIND, "Use ship_to or bill_to.", (*path, "kind")
            )
        ]
    return []


def check_address_lines(
    recipient: str | None, line1: str | None, city: str | None, path: Path
) -> list[UserError]:
    """Required lines; None means "not given" (an update leaving them as they are)."""
    return [
        *(
            _required_text(recipient, (*path, "recipient"), "the recipient", 200)
            if recipient is not None
            else []
        ),
        *(
            _required_text(line1, (*path, "line1"), "the street address", 200)
            if line1 is not None
            else []
        ),
        *(_required_text(city, (*path, "city"), "the city", 100) if city is not None else []),
    ]


def check_address_extras(
    label: str | None,
    line2: str | None,
    region: str | None,
    postal_code: str | None,
    phone: str | None,
    path: Path,
) -> list[UserError]:
    return [
        *_optional_text(label, (*path, "label"), 100),
        *_optional_text(line2, (*path, "line2"), 200),
        *_optional_text(region, (*path, "region"), 100),
        *_optional_text(postal_code, (*path, "postalCode"), 20),
        *check_phone(phone, (*path, "phone")),
    ]


def check_address(data: AddressFields, path: Path = ()) -> list[UserError]:
    return [
        *check_address_kind(data.kind, path),
        *check_address_lines(data.recipient, data.line1, data.city, path),
        *check_country(data.country, (*path, "country")),
        *check_address_extras(
            data.label, data.line2, data.region, data.postal_code, data.phone, path
        ),
    ]
