"""A tenant's working calendar and business-time arithmetic, without I/O: when support is
open (weekly hours in the tenant's time zone, less public holidays and the tenant's own
closed days), the due time of a target in business minutes, and the business minutes between
two moments.

Opening hours are local wall times, turned into instants per date through the zone, so a day
keeps its opening times across a DST change; a business minute is a minute that really
passes while open. The arithmetic steps from one open period to the next and skips closed
days whole: its cost grows with the number of days spanned, never with the minutes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from core.errors import BusinessRuleError, ErrorCode, UserError

MIDNIGHT = time(0, 0)
ONE_DAY = timedelta(days=1)
ONE_MINUTE = timedelta(minutes=1)
WEEKDAYS = 7
# A calendar that opens once a week can still have a long run of closed dates; beyond this
# many days without an opening it is taken to never open again (a due time would never come).
MAX_CLOSED_DAYS = 3 * 366
# How many dates' open periods one calendar keeps (a worker's calendars live long).
PERIOD_CACHE_SIZE = 4096

Period = tuple[datetime, datetime]
"""An open period as UTC instants: opens (inclusive), closes (exclusive)."""


class CalendarErrorCode(ErrorCode):
    UNKNOWN_TIME_ZONE = "UNKNOWN_TIME_ZONE"
    UNKNOWN_COUNTRY = "UNKNOWN_COUNTRY"
    UNKNOWN_SUBDIVISION = "UNKNOWN_SUBDIVISION"
    SUBDIVISION_WITHOUT_COUNTRY = "SUBDIVISION_WITHOUT_COUNTRY"
    UNKNOWN_WEEKDAY = "UNKNOWN_WEEKDAY"
    NOT_WHOLE_MINUTE = "NOT_WHOLE_MINUTE"
    END_NOT_AFTER_START = "END_NOT_AFTER_START"
    OVERLAPPING_HOURS = "OVERLAPPING_HOURS"
    NO_OPENING_HOURS = "NO_OPENING_HOURS"
    NEVER_OPENS = "NEVER_OPENS"


class InvalidCalendar(BusinessRuleError):
    """A calendar that cannot be built; its `errors` are userErrors with stable codes."""


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """One open interval of a weekday, in local wall time. An `end` of 00:00 means the
    midnight that ends the day (open until midnight)."""

    start: time
    end: time

    @property
    def minutes(self) -> tuple[int, int]:
        """Start and end as minutes after the day's midnight (an end at midnight is 1440)."""
        end = 24 * 60 if self.end == MIDNIGHT else self.end.hour * 60 + self.end.minute
        return self.start.hour * 60 + self.start.minute, end


@dataclass(frozen=True)
class WorkingCalendar:
    """When a tenant's support counts business time. `weekly_hours` has seven entries,
    Monday first, each the day's open intervals; holidays come from the `holidays` package
    for `country` (ISO 3166 code) and optional `subdivision`; `closed_dates` are the
    tenant's own closed days. Built only valid: an invalid one raises InvalidCalendar."""

    time_zone: str
    weekly_hours: tuple[tuple[OpeningHours, ...], ...]
    country: str | None = None
    subdivision: str | None = None
    closed_dates: frozenset[date] = frozenset()
    zone: ZoneInfo = field(init=False, repr=False, compare=False)
    _periods: dict[date, tuple[Period, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        if len(self.weekly_hours) != WEEKDAYS:
            raise ValueError("weekly_hours needs one entry per weekday, Monday first")
        errors = check_calendar(self.time_zone, self.weekly_hours, self.country, self.subdivision)
        if errors:
            raise InvalidCalendar(*errors)
        object.__setattr__(self, "zone", ZoneInfo(self.time_zone))

    @classmethod
    def create(
        cls,
        time_zone: str,
        weekly_hours: Mapping[int, Iterable[tuple[time, time]]],
        country: str | None = None,
        subdivision: str | None = None,
        closed_dates: Iterable[date] = (),
    ) -> WorkingCalendar:
        """A calendar from weekday numbers (0 = Monday) to (start, end) pairs; weekdays left
        out are closed."""
        unknown = sorted(day for day in weekly_hours if day not in range(WEEKDAYS))
        if unknown:
            raise InvalidCalendar(
                *(
                    UserError(
                        CalendarErrorCode.UNKNOWN_WEEKDAY,
                        "A weekday is a number from 0 (Monday) to 6 (Sunday).",
                        ("weeklyHours", str(day)),
                    )
                    for day in unknown
                )
            )
        week = tuple(
            tuple(OpeningHours(start, end) for start, end in weekly_hours.get(day, ()))
            for day in range(WEEKDAYS)
        )
        return cls(time_zone, week, country, subdivision, frozenset(closed_dates))


def check_calendar(
    time_zone: str,
    weekly_hours: tuple[tuple[OpeningHours, ...], ...],
    country: str | None,
    subdivision: str | None,
) -> list[UserError]:
    """Every reason the calendar's parts cannot make a calendar."""
    errors = check_time_zone(time_zone) + check_region(country, subdivision)
    for weekday, day_hours in enumerate(weekly_hours):
        errors += check_day(weekday, day_hours)
    if not any(weekly_hours):
        errors.append(
            UserError(
                CalendarErrorCode.NO_OPENING_HOURS,
                "The calendar needs at least one open interval in the week.",
                ("weeklyHours",),
            )
        )
    return errors


def check_time_zone(time_zone: str) -> list[UserError]:
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return [
            UserError(
                CalendarErrorCode.UNKNOWN_TIME_ZONE,
                f"{time_zone!r} is not an IANA time zone (such as Europe/Berlin).",
                ("timeZone",),
                {"timeZone": time_zone},
            )
        ]
    return []


def check_region(country: str | None, subdivision: str | None) -> list[UserError]:
    if country is None:
        if subdivision is None:
            return []
        return [
            UserError(
                CalendarErrorCode.SUBDIVISION_WITHOUT_COUNTRY,
                "A subdivision needs its country.",
                ("subdivision",),
            )
        ]
    supported = supported_regions()
    if country not in supported:
        return [
            UserError(
                CalendarErrorCode.UNKNOWN_COUNTRY,
                f"No public holidays are known for the country {country!r}.",
                ("country",),
                {"country": country},
            )
        ]
    if subdivision is not None and subdivision not in supported[country]:
        return [
            UserError(
                CalendarErrorCode.UNKNOWN_SUBDIVISION,
                f"{subdivision!r} is not a subdivision of {country}.",
                ("subdivision",),
                {"country": country, "subdivision": subdivision},
            )
        ]
    return []


def check_day(weekday: int, day_hours: tuple[OpeningHours, ...]) -> list[UserError]:
    """Each interval whole minutes, ending after it starts, none overlapping another."""
    errors: list[UserError] = []
    for index, hours in enumerate(day_hours):
        at = ("weeklyHours", str(weekday), str(index))
        if any(t.second or t.microsecond for t in (hours.start, hours.end)):
            errors.append(
                UserError(
                    CalendarErrorCode.NOT_WHOLE_MINUTE,
                    "Opening hours are whole minutes.",
                    at,
                )
            )
        start, end = hours.minutes
        if end <= start:
            errors.append(
                UserError(
                    CalendarErrorCode.END_NOT_AFTER_START,
                    "An interval ends after it starts.",
                    (*at, "end"),
                    {
                        "start": hours.start.isoformat("minutes"),
                        "end": hours.end.isoformat("minutes"),
                    },
                )
            )
    errors += check_overlaps(weekday, day_hours)
    return errors


def check_overlaps(weekday: int, day_hours: tuple[OpeningHours, ...]) -> list[UserError]:
    """Each interval that starts before an earlier-starting one has ended (intervals that
    only touch, 12:00-13:00 and 13:00-14:00, do not overlap)."""
    errors: list[UserError] = []
    latest_end = -1
    for (start, end), index in sorted(
        (hours.minutes, index) for index, hours in enumerate(day_hours) if _is_forward(hours)
    ):
        if start < latest_end:
            errors.append(
                UserError(
                    CalendarErrorCode.OVERLAPPING_HOURS,
                    "Intervals of one day must not overlap.",
                    ("weeklyHours", str(weekday), str(index)),
                )
            )
        latest_end = max(latest_end, end)
    return errors


def _is_forward(hours: OpeningHours) -> bool:
    start, end = hours.minutes
    return start < end


@cache
def supported_regions() -> dict[str, list[str]]:
    """Country codes the `holidays` package knows, with their subdivision codes."""
    return dict(holidays.list_supported_countries())


@lru_cache(maxsize=1024)
def public_days_off(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """The country's (and region's) public holidays of a year, observed days included."""
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year))


@lru_cache(maxsize=1024)
def make_up_workdays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """Weekend days the country declares working days in exchange for a bridge day off
    (China's 调休), which open although the week has no hours on that weekday."""
    table = holidays.country_holidays(country, subdiv=subdivision, years=year)
    return frozenset(day for day in table.weekend_workdays if day.year == year)


def hours_on(calendar: WorkingCalendar, day: date) -> tuple[OpeningHours, ...]:
    """The open intervals of one local date: none on a closed date or public holiday; a
    make-up workday keeps the hours of the week's first regular working day."""
    if day in calendar.closed_dates:
        return ()
    if calendar.country is None:
        return calendar.weekly_hours[day.weekday()]
    region = (calendar.country, calendar.subdivision, day.year)
    if day in public_days_off(*region):
        return ()
    regular = calendar.weekly_hours[day.weekday()]
    if not regular and day in make_up_workdays(*region):
        return next((hours for hours in calendar.weekly_hours[:5] if hours), ())
    return regular


def open_periods(calendar: WorkingCalendar, day: date) -> tuple[Period, ...]:
    """The open periods of one local date as UTC instants, in order. A local time that a
    DST change skips is read with the offset before the change, as zoneinfo does; a period
    left empty by the change is dropped."""
    periods = calendar._periods.get(day)
    if periods is None:
        instants = (_instants(day, hours, calendar.zone) for hours in hours_on(calendar, day))
        periods = tuple(sorted(period for period in instants if period[0] < period[1]))
        if len(calendar._periods) >= PERIOD_CACHE_SIZE:
            calendar._periods.clear()
        calendar._periods[day] = periods
    return periods


def _instants(day: date, hours: OpeningHours, zone: ZoneInfo) -> Period:
    end_day = day + ONE_DAY if hours.end == MIDNIGHT else day
    opens = datetime.combine(day, hours.start, zone).astimezone(UTC)
    return opens, datetime.combine(end_day, hours.end, zone).astimezone(UTC)


def periods_from(calendar: WorkingCalendar, moment: datetime) -> Iterator[Period]:
    """Open periods that close after `moment`, in order, without end; raises NEVER_OPENS
    after MAX_CLOSED_DAYS days in a row without one."""
    day = moment.astimezone(calendar.zone).date()
    closed_days = 0
    while closed_days <= MAX_CLOSED_DAYS:
        periods = [period for period in open_periods(calendar, day) if period[1] > moment]
        closed_days = 0 if periods else closed_days + 1
        yield from periods
        day += ONE_DAY
    raise InvalidCalendar(
        UserError(
            CalendarErrorCode.NEVER_OPENS,
            f"The calendar stays closed for {MAX_CLOSED_DAYS} days in a row, until {day}.",
            ("closedDates",),
        )
    )


def add_business_minutes(calendar: WorkingCalendar, start: datetime, minutes: int) -> datetime:
    """The moment (UTC) at which `minutes` business minutes have passed since `start`;
    counting begins at the next opening when `start` is outside the hours. A target that
    runs out exactly at closing time is due at the closing, not at the next opening."""
    moment = _utc(start)
    if minutes < 0:
        raise ValueError("business minutes to add cannot be negative")
    remaining = minutes * ONE_MINUTE
    if not remaining:
        return moment
    for opens, closes in periods_from(calendar, moment):
        begin = max(opens, moment)
        if remaining <= closes - begin:
            return begin + remaining
        remaining -= closes - begin
    raise AssertionError("periods_from ends only by raising")  # pragma: no cover


def business_minutes_between(calendar: WorkingCalendar, start: datetime, end: datetime) -> int:
    """Whole business minutes (rounded down) from `start` to `end`; 0 when `end` is not
    after `start`."""
    begin, finish = _utc(start), _utc(end)
    if finish <= begin:
        return 0
    total = timedelta(0)
    day = begin.astimezone(calendar.zone).date()
    last_day = finish.astimezone(calendar.zone).date()
    while day <= last_day:
        for opens, closes in open_periods(calendar, day):
            overlap = min(closes, finish) - max(opens, begin)
            if overlap > timedelta(0):
                total += overlap
        day += ONE_DAY
    return total // ONE_MINUTE


def is_open(calendar: WorkingCalendar, at: datetime) -> bool:
    """Whether `at` falls in an open period (opening instant included, closing excluded)."""
    moment = _utc(at)
    day = moment.astimezone(calendar.zone).date()
    return any(opens <= moment < closes for opens, closes in open_periods(calendar, day))


def _utc(moment: datetime) -> datetime:
    # Arithmetic on datetimes in a ZoneInfo is wall-clock arithmetic; UTC keeps it elapsed.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("business-time arithmetic needs timezone-aware datetimes")
    return moment.astimezone(UTC)
