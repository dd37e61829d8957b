"""Satisfaction survey rules without I/O: the scales, which ratings each takes, which of
them count as good, and when a reason is asked for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from core.errors import UserError
from tickets.survey_errors import SurveyErrorCode

DEFAULT_DELAY_HOURS = 24
DEFAULT_VALIDITY_DAYS = 28
MAX_DELAY_HOURS = 30 * 24
MAX_VALIDITY_DAYS = 365
MAX_COMMENT = 2000


class SurveyScale(str, Enum):
    GOOD_BAD = "GOOD_BAD"
    FIVE_POINT = "FIVE_POINT"


class SurveyReason(str, Enum):
    SLOW = "SLOW"
    NOT_RESOLVED = "NOT_RESOLVED"
    UNFRIENDLY = "UNFRIENDLY"
    OTHER = "OTHER"


RATINGS: dict[SurveyScale, tuple[str, ...]] = {
    SurveyScale.GOOD_BAD: ("GOOD", "BAD"),
    SurveyScale.FIVE_POINT: ("1", "2", "3", "4", "5"),
}
GOOD_RATINGS = frozenset({"GOOD", "4", "5"})
BAD_RATINGS = frozenset({"BAD", "1", "2"})


@dataclass(frozen=True)
class SurveyTerms:
    delay_hours: int = DEFAULT_DELAY_HOURS
    validity_days: int = DEFAULT_VALIDITY_DAYS
    scale: SurveyScale = SurveyScale.GOOD_BAD


@dataclass(frozen=True)
class Rating:
    """An accepted answer: the rating as given, whether it counts as good, its reason."""

    rating: str
    good: bool
    reason: SurveyReason | None
    comment: str | None


def terms_errors(terms: SurveyTerms) -> list[UserError]:
    errors: list[UserError] = []
    if not 0 <= terms.delay_hours <= MAX_DELAY_HOURS:
        errors.append(
            UserError(
                SurveyErrorCode.INVALID_DELAY,
                f"Send the survey 0 to {MAX_DELAY_HOURS} hours after solving.",
                ("delayHours",),
            )
        )
    if not 1 <= terms.validity_days <= MAX_VALIDITY_DAYS:
        errors.append(
            UserError(
                SurveyErrorCode.INVALID_VALIDITY,
                f"A survey stays open 1 to {MAX_VALIDITY_DAYS} days.",
                ("validityDays",),
            )
        )
    return errors


def send_time(solved_at: datetime, terms: SurveyTerms) -> datetime:
    return solved_at + timedelta(hours=terms.delay_hours)


def expiry(sent_at: datetime, terms: SurveyTerms) -> datetime:
    return sent_at + timedelta(days=terms.validity_days)


def checked_rating(
    scale: SurveyScale, rating: str, reason: SurveyReason | None, comment: str | None
) -> Rating | list[UserError]:
    """The answer, or why it is refused: a rating of the survey's scale; a reason only with
    a bad rating (BAD, 1 or 2), and then required; a comment of bounded length."""
    given = rating.strip().upper()
    errors: list[UserError] = []
    if given not in RATINGS[scale]:
        allowed = ", ".join(RATINGS[scale])
        errors.append(
            UserError(SurveyErrorCode.INVALID_RATING, f"Rate with one of {allowed}.", ("rating",))
        )
        return errors
    bad = given in BAD_RATINGS
    if bad and reason is None:
        errors.append(
            UserError(SurveyErrorCode.REASON_REQUIRED, "Say what went wrong.", ("reason",))
        )
    if not bad and reason is not None:
        errors.append(
            UserError(
                SurveyErrorCode.REASON_NOT_ALLOWED,
                "A reason goes with a bad rating only.",
                ("reason",),
            )
        )
    text = (comment or "").strip()
    if len(text) > MAX_COMMENT:
        errors.append(
            UserError(
                SurveyErrorCode.COMMENT_TOO_LONG,
                f"Keep the comment to {MAX_COMMENT} characters.",
                ("comment",),
            )
        )
    if errors:
        return errors
    return Rating(given, given in GOOD_RATINGS, reason, text or None)
