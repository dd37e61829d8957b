"""Contract rules without I/O: the enums, term arithmetic (a term's end is the last day it
covers), the checks on terms, the status a contract's signature and dates give it, when it
renews, which reminder of the ladder is due, and template placeholders."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from contracts.errors import ContractErrorCode
from core.errors import UserError

DEFAULT_REMINDER_OFFSETS = (60, 30, 14, 7)
DEFAULT_SIGNATURE_DAYS = 30
MAX_TERM_MONTHS = 1200
MAX_OFFSET_DAYS = 730
MAX_TITLE = 200
MAX_REASON = 2000
EVERGREEN_TERM_MONTHS = 1


class RenewalType(str, Enum):
    """NONE: ends with its term; AUTOMATIC: renews for the renewal term until terminated;
    EVERGREEN: renews month by month (or by its renewal term) until terminated; ONCE:
    renews one time, then ends."""

    NONE = "none"
    AUTOMATIC = "automatic"
    EVERGREEN = "evergreen"
    ONCE = "once"


class ContractStatus(str, Enum):
    DRAFT = "draft"
    ACTIVE = "active"
    EXPIRING = "expiring"
    RENEWED = "renewed"
    TERMINATED = "terminated"
    EXPIRED = "expired"


class SignatureState(str, Enum):
    DRAFT = "draft"
    SENT = "sent"
    SIGNED = "signed"
    DECLINED = "declined"
    EXPIRED = "expired"
    REVOKED = "revoked"


class VersionSource(str, Enum):
    RENDERED = "rendered"
    UPLOADED = "uploaded"


class Party(str, Enum):
    CUSTOMER = "customer"
    COMPANY = "company"


class Ladder(str, Enum):
    """Which date a reminder counts down to: the notice deadline or the term's end."""

    NOTICE = "notice"
    END = "end"


class LinkKind(str, Enum):
    ORDER = "order"
    SUBSCRIPTION = "subscription"


# --- term arithmetic ------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later, on the month's last day when it has fewer days."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_end(start: date, months: int) -> date:
    """The last day a term of `months` starting on `start` covers: the day before the
    same day `months` later, or that month's last day when it has no such day (a term from
    31 March for six months covers 30 September; the next starts on 1 October)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    if start.day > last_day:
        return date(year, month, last_day)
    return date(year, month, start.day) - timedelta(days=1)


def notice_deadline(current_end: date, notice_days: int) -> date:
    """The last day notice may be given: always counted back from the CURRENT term end."""
    return current_end - timedelta(days=notice_days)


def renewal_months(
    renewal_type: RenewalType, renewal_term_months: int | None, initial_term_months: int
) -> int:
    if renewal_term_months:
        return renewal_term_months
    return EVERGREEN_TERM_MONTHS if renewal_type is RenewalType.EVERGREEN else initial_term_months


def renews_automatically(renewal_type: RenewalType, renewal_count: int) -> bool:
    if renewal_type in (RenewalType.AUTOMATIC, RenewalType.EVERGREEN):
        return True
    return renewal_type is RenewalType.ONCE and renewal_count == 0


# --- checks ---------------------------------------------------------------------------------


def _error(
    code: ContractErrorCode, message: str, prefix: tuple[str, ...], name: str, **params: str
) -> UserError:
    return UserError(code, message, (*prefix, name), params or None)


def check_terms(
    start_date: date,
    initial_term_months: int,
    notice_days: int,
    renewal_type: RenewalType,
    renewal_term_months: int | None,
    field_prefix: tuple[str, ...] = (),
    minimum_term_months: int | None = None,
) -> list[UserError]:
    """What is wrong with a contract's terms, each on its field under `field_prefix`."""
    p = field_prefix
    if initial_term_months <= 0:
        return [
            _error(
                ContractErrorCode.CONTRACT_ENDS_BEFORE_START,
                "The contract would end before it starts: give a term of at least one month.",
                p,
                "initialTermMonths",
            )
        ]
    if initial_term_months > MAX_TERM_MONTHS:
        return [
            _error(
                ContractErrorCode.INVALID_TERM,
                f"A term is at most {MAX_TERM_MONTHS} months.",
                p,
                "initialTermMonths",
            )
        ]
    errors: list[UserError] = []
    if notice_days < 0:
        errors.append(
            _error(ContractErrorCode.INVALID_NOTICE, "Notice cannot be negative.", p, "noticeDays")
        )
    term_days = (term_end(start_date, initial_term_months) - start_date).days + 1
    if notice_days >= term_days:
        errors.append(
            _error(
                ContractErrorCode.NOTICE_LONGER_THAN_TERM,
                f"A notice period of {notice_days} days is not shorter than the "
                f"{term_days}-day term.",
                p,
                "noticeDays",
                noticeDays=str(notice_days),
                termDays=str(term_days),
            )
        )
    if renewal_term_months is not None and not 0 < renewal_term_months <= MAX_TERM_MONTHS:
        errors.append(
            _error(
                ContractErrorCode.INVALID_RENEWAL_TERM,
                f"A renewal term is 1 to {MAX_TERM_MONTHS} months.",
                p,
                "renewalTermMonths",
            )
        )
    elif renewal_type is not RenewalType.NONE and notice_days >= 0:
        months = renewal_months(renewal_type, renewal_term_months, initial_term_months)
        renewal_days = (term_end(start_date, months) - start_date).days + 1
        if notice_days >= renewal_days and notice_days < term_days:
            errors.append(
                _error(
                    ContractErrorCode.NOTICE_LONGER_THAN_TERM,
                    f"A notice period of {notice_days} days is not shorter than the "
                    f"{renewal_days}-day renewal term.",
                    p,
                    "noticeDays",
                    noticeDays=str(notice_days),
                    termDays=str(renewal_days),
                )
            )
    if minimum_term_months is not None and not 0 <= minimum_term_months <= MAX_TERM_MONTHS:
        errors.append(
            _error(
                ContractErrorCode.INVALID_MINIMUM_TERM,
                f"A minimum term is 0 to {MAX_TERM_MONTHS} months.",
                p,
                "minimumTermMonths",
            )
        )
    return errors


def check_reminder_offsets(offsets: Sequence[int]) -> list[UserError]:
    if not offsets or len(offsets) > 10 or any(not 0 < o <= MAX_OFFSET_DAYS for o in offsets):
        return [
            UserError(
                ContractErrorCode.INVALID_REMINDER_OFFSETS,
                f"Give 1 to 10 reminders, each 1 to {MAX_OFFSET_DAYS} days before.",
                ("reminderOffsets",),
            )
        ]
    return []


# --- status ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusFacts:
    signed: bool
    terminated_on: date | None
    current_term_end: date
    notice_days: int
    renewal_count: int


def derive_status(facts: StatusFacts, today: date) -> ContractStatus:
    """Where a contract stands on `today`, from its signature and dates (renewals due by
    then already applied)."""
    if facts.terminated_on is not None and today >= facts.terminated_on:
        return ContractStatus.TERMINATED
    if not facts.signed:
        return ContractStatus.DRAFT
    if today > facts.current_term_end:
        return ContractStatus.EXPIRED
    if today >= notice_deadline(facts.current_term_end, facts.notice_days):
        return ContractStatus.EXPIRING
    if facts.renewal_count > 0:
        return ContractStatus.RENEWED
    return ContractStatus.ACTIVE


# --- reminders ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueReminder:
    ladder: Ladder
    offset_days: int
    target: date
    due_on: date


def ladder_targets(
    renewal_type: RenewalType, renewal_count: int, current_end: date, notice_days: int
) -> list[tuple[Ladder, date]]:
    """The dates reminders count down to: the notice deadline while the contract would
    renew by itself (notice stops it), and the end of the current term."""
    targets = [(Ladder.END, current_end)]
    if renews_automatically(renewal_type, renewal_count) and notice_days > 0:
        targets.insert(0, (Ladder.NOTICE, notice_deadline(current_end, notice_days)))
    return targets


def due_reminders(
    targets: Iterable[tuple[Ladder, date]], offsets: Sequence[int], today: date
) -> list[DueReminder]:
    """Per ladder, the latest reminder whose day has come while its target is still ahead
    (a day the job missed is caught up once, by the nearest reminder, never by all)."""
    due: list[DueReminder] = []
    for ladder, target in targets:
        if today > target:
            continue
        passed = [o for o in offsets if target - timedelta(days=o) <= today]
        if passed:
            offset = min(passed)
            due.append(DueReminder(ladder, offset, target, target - timedelta(days=offset)))
    return due


def next_reminder_day(
    targets: Iterable[tuple[Ladder, date]], offsets: Sequence[int], today: date
) -> date | None:
    days = [
        target - timedelta(days=o)
        for _, target in targets
        for o in offsets
        if target - timedelta(days=o) > today
    ]
    return min(days) if days else None


# --- templates ------------------------------------------------------------------------------

PLACEHOLDERS = (
    "company_name",
    "customer_name",
    "customer_address",
    "contract_number",
    "contract_title",
    "start_date",
    "end_date",
    "initial_term_months",
    "renewal_type",
    "renewal_term_months",
    "notice_days",
    "minimum_term_months",
    "quote_number",
)
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

DEFAULT_TEMPLATE_NAME = "Standard agreement"
DEFAULT_TEMPLATE_BODY = """Agreement {contract_number}: {contract_title}

Between {company_name} (the Company) and {customer_name} (the Customer), {customer_address}.

1. Term. This agreement starts on {start_date} and runs for {initial_term_months} months, \
until {end_date}.
2. Renewal. Renewal: {renewal_type}; each renewal term is {renewal_term_months} months.
3. Notice. Either party may end this agreement by notice given at least {notice_days} days \
before the end of the current term. Minimum term: {minimum_term_months} months.
4. Scope. The products and services of quote {quote_number} and of the orders and \
subscriptions this agreement names.
"""


def unknown_placeholders(body: str) -> list[str]:
    return sorted({name for name in _PLACEHOLDER.findall(body) if name not in PLACEHOLDERS})


def fill_placeholders(body: str, values: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), body)
