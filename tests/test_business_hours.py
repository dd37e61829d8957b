"""A tenant's working calendar: due times and business minutes land on the exact minute
across weekends, public holidays (from the `holidays` package), the tenant's closed days,
lunch breaks and DST changes, and a calendar that cannot work is refused with stable codes.
Pure arithmetic: no stack."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from tickets.business_hours import (
    CalendarErrorCode,
    InvalidCalendar,
    WorkingCalendar,
    add_business_minutes,
    business_minutes_between,
    is_open,
)

BERLIN = ZoneInfo("Europe/Berlin")
SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")
# 09:00-12:00 and 13:00-18:00: 180 + 300 = 480 business minutes a day.
OFFICE_DAY = [(time(9), time(12)), (time(13), time(18))]
WEEKDAYS = range(5)
ALL_WEEK = range(7)


def office(
    time_zone: str = "Europe/Berlin",
    country: str | None = "DE",
    subdivision: str | None = "BY",
    closed: tuple[date, ...] = (),
) -> WorkingCalendar:
    """Monday to Friday office hours with a lunch break."""
    return WorkingCalendar.create(
        time_zone, {day: OFFICE_DAY for day in WEEKDAYS}, country, subdivision, closed
    )


def round_the_clock() -> WorkingCalendar:
    """Open every hour of every day, in Berlin, no holidays."""
    return WorkingCalendar.create("Europe/Berlin", {day: [(time(0), time(0))] for day in ALL_WEEK})


def berlin(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=BERLIN)


def shanghai(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def codes(error: pytest.ExceptionInfo[InvalidCalendar]) -> list[tuple[str, tuple[str, ...]]]:
    return [(e.code.value, e.field or ()) for e in error.value.errors]


# Working days


def test_a_target_within_one_day_skips_the_lunch_break() -> None:
    # Mon 15 Jun 10:00 + 150: 10:00-12:00 = 120, then 13:00 + 30 = 13:30.
    assert add_business_minutes(office(), berlin(2026, 6, 15, 10, 0), 150) == berlin(
        2026, 6, 15, 13, 30
    )


def test_a_target_that_runs_out_at_closing_is_due_at_closing_not_next_opening() -> None:
    # Mon 15 Jun 11:00 + 60: 11:00-12:00 = 60, exactly the morning's end.
    calendar = office()
    assert add_business_minutes(calendar, berlin(2026, 6, 15, 11, 0), 60) == berlin(
        2026, 6, 15, 12, 0
    )
    # One more minute crosses the lunch break: 13:00 + 1.
    assert add_business_minutes(calendar, berlin(2026, 6, 15, 11, 0), 61) == berlin(
        2026, 6, 15, 13, 1
    )


def test_a_target_across_the_weekend_resumes_on_monday() -> None:
    # Fri 12 Jun 16:00 + 300: Fri 16:00-18:00 = 120 (180 left); Sat, Sun closed;
    # Mon 15 Jun 09:00-12:00 = 180 -> due Mon 12:00.
    assert add_business_minutes(office(), berlin(2026, 6, 12, 16, 0), 300) == berlin(
        2026, 6, 15, 12, 0
    )


def test_a_five_day_target_takes_a_calendar_week() -> None:
    # Mon 15 Jun 09:00 + 5 x 480 = 2400: Mon..Fri whole days -> due Fri 19 Jun 18:00.
    assert add_business_minutes(office(), berlin(2026, 6, 15, 9, 0), 2400) == berlin(
        2026, 6, 19, 18, 0
    )


def test_the_due_time_is_the_same_instant_whatever_zone_the_start_is_given_in() -> None:
    # Mon 15 Jun 10:00 Berlin (CEST) is 08:00 UTC; + 150 -> 13:30 Berlin = 11:30 UTC.
    due = add_business_minutes(office(), datetime(2026, 6, 15, 8, 0, tzinfo=UTC), 150)
    assert due == datetime(2026, 6, 15, 11, 30, tzinfo=UTC)
    assert due.utcoffset() is not None


def test_zero_minutes_are_due_at_the_start() -> None:
    assert add_business_minutes(office(), berlin(2026, 6, 13, 10, 0), 0) == berlin(
        2026, 6, 13, 10, 0
    )


# Starting outside the hours


def test_counting_starts_at_the_next_opening_when_a_ticket_arrives_on_saturday() -> None:
    # Sat 13 Jun 10:00: closed until Mon 15 Jun 09:00; + 60 -> Mon 10:00.
    assert add_business_minutes(office(), berlin(2026, 6, 13, 10, 0), 60) == berlin(
        2026, 6, 15, 10, 0
    )


def test_counting_starts_at_opening_when_a_ticket_arrives_before_it() -> None:
    # Mon 15 Jun 07:12: opens 09:00; + 30 -> 09:30.
    assert add_business_minutes(office(), berlin(2026, 6, 15, 7, 12), 30) == berlin(
        2026, 6, 15, 9, 30
    )


def test_counting_starts_after_lunch_when_a_ticket_arrives_during_it() -> None:
    # Mon 15 Jun 12:30 (lunch): counting from 13:00; + 90 -> 14:30.
    assert add_business_minutes(office(), berlin(2026, 6, 15, 12, 30), 90) == berlin(
        2026, 6, 15, 14, 30
    )


def test_counting_starts_next_morning_when_a_ticket_arrives_after_closing() -> None:
    # Mon 15 Jun 19:45: closed; Tue 16 Jun 09:00 + 45 -> 09:45.
    assert add_business_minutes(office(), berlin(2026, 6, 15, 19, 45), 45) == berlin(
        2026, 6, 16, 9, 45
    )


# Holidays and closed days


def test_german_christmas_days_are_not_counted() -> None:
    # Wed 23 Dec 17:00 + 600: Wed 17:00-18:00 = 60 (540 left); Thu 24 Dec is a working day
    # in Bavaria: 480 (60 left); Fri 25 and Sat 26 Dec are public holidays, Sun closed;
    # Mon 28 Dec 09:00 + 60 -> 10:00.
    assert add_business_minutes(office(), berlin(2026, 12, 23, 17, 0), 600) == berlin(
        2026, 12, 28, 10, 0
    )


def test_a_regional_holiday_counts_only_in_its_region() -> None:
    # Epiphany (Tue 6 Jan 2026) is a holiday in Bavaria, not in Berlin.
    # Mon 5 Jan 17:00 + 120: Mon 60, then in Bavaria Wed 7 Jan 09:00 + 60 = 10:00,
    # in Berlin Tue 6 Jan 10:00.
    start = berlin(2026, 1, 5, 17, 0)
    assert add_business_minutes(office(), start, 120) == berlin(2026, 1, 7, 10, 0)
    assert add_business_minutes(office(subdivision="BE"), start, 120) == berlin(2026, 1, 6, 10, 0)


def test_chinese_national_day_week_is_not_counted() -> None:
    # Wed 30 Sep 17:00 Shanghai + 120: Wed 60; 1-3 Oct National Day, Sun 4 Oct,
    # 5 Oct (observed), 6-7 Oct (days off in lieu) closed; Thu 8 Oct 09:00 + 60 -> 10:00.
    calendar = office("Asia/Shanghai", "CN", None)
    assert add_business_minutes(calendar, shanghai(2026, 9, 30, 17, 0), 120) == shanghai(
        2026, 10, 8, 10, 0
    )


def test_a_chinese_make_up_sunday_is_a_working_day() -> None:
    # Sun 20 Sep 2026 is worked in China in exchange for 6 Oct; it opens with the weekdays'
    # hours. Fri 18 Sep 17:00 + 120: Fri 60, Sat closed, Sun 20 Sep 09:00 + 60 -> 10:00.
    calendar = office("Asia/Shanghai", "CN", None)
    assert add_business_minutes(calendar, shanghai(2026, 9, 18, 17, 0), 120) == shanghai(
        2026, 9, 20, 10, 0
    )
    assert is_open(calendar, shanghai(2026, 9, 20, 13, 0))
    assert not is_open(calendar, shanghai(2026, 9, 19, 13, 0))


def test_the_tenants_own_closed_day_is_not_counted() -> None:
    # Fri 12 Jun is the company outing. Thu 11 Jun 17:00 + 120: Thu 60; Fri closed (own),
    # Sat, Sun closed; Mon 15 Jun 09:00 + 60 -> 10:00.
    calendar = office(closed=(date(2026, 6, 12),))
    assert add_business_minutes(calendar, berlin(2026, 6, 11, 17, 0), 120) == berlin(
        2026, 6, 15, 10, 0
    )
    # Without the closed day: Thu 60 + Fri 09:00 + 60 -> Fri 10:00.
    assert add_business_minutes(office(), berlin(2026, 6, 11, 17, 0), 120) == berlin(
        2026, 6, 12, 10, 0
    )


def test_a_calendar_without_a_country_has_no_public_holidays() -> None:
    # Fri 25 Dec 10:00 + 60 -> 11:00, Christmas or not.
    calendar = office(country=None, subdivision=None)
    assert add_business_minutes(calendar, berlin(2026, 12, 25, 10, 0), 60) == berlin(
        2026, 12, 25, 11, 0
    )


# Daylight saving time (Europe/Berlin: 29 Mar 2026 02:00 CET -> 03:00 CEST; 25 Oct 2026
# 03:00 CEST -> 02:00 CET)


def test_office_hours_keep_their_local_times_across_the_spring_change() -> None:
    # Fri 27 Mar 17:00 CET (16:00 UTC) + 120: Fri 60; Mon 30 Mar opens 09:00 CEST
    # (07:00 UTC, no longer 08:00); + 60 -> 10:00 CEST = 08:00 UTC.
    due = add_business_minutes(office(), berlin(2026, 3, 27, 17, 0), 120)
    assert due == berlin(2026, 3, 30, 10, 0)
    assert due == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)


def test_office_hours_keep_their_local_times_across_the_autumn_change() -> None:
    # Fri 23 Oct 17:00 CEST + 120: Fri 60; Mon 26 Oct 09:00 CET + 60 -> 10:00 CET = 09:00 UTC.
    due = add_business_minutes(office(), berlin(2026, 10, 23, 17, 0), 120)
    assert due == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)


def test_a_round_the_clock_desk_counts_the_hours_that_really_pass_on_dst_days() -> None:
    calendar = round_the_clock()
    # 29 Mar has 23 hours: 23 x 60 = 1380 minutes; 25 Oct has 25: 1500.
    assert business_minutes_between(calendar, berlin(2026, 3, 29, 0, 0), berlin(2026, 3, 30)) == (
        1380
    )
    assert business_minutes_between(calendar, berlin(2026, 10, 25), berlin(2026, 10, 26)) == 1500
    # Sat 28 Mar 12:00 CET + 24 h of minutes (1440) -> Sun 29 Mar 13:00 CEST (wall clock
    # one hour later, since the night lost an hour).
    assert add_business_minutes(calendar, berlin(2026, 3, 28, 12, 0), 1440) == berlin(
        2026, 3, 29, 13, 0
    )


def test_a_night_shift_loses_the_hour_that_the_spring_change_skips() -> None:
    # Sundays 01:00-04:00 local: on 29 Mar 01:00 CET = 00:00 UTC, 04:00 CEST = 02:00 UTC,
    # so the shift lasts 120 minutes instead of 180.
    calendar = WorkingCalendar.create("Europe/Berlin", {6: [(time(1), time(4))]})
    assert business_minutes_between(calendar, berlin(2026, 3, 29), berlin(2026, 3, 30)) == 120
    assert business_minutes_between(calendar, berlin(2026, 3, 22), berlin(2026, 3, 23)) == 180
    # Sun 29 Mar 01:00 CET + 120 -> 04:00 CEST, the shift's end.
    assert add_business_minutes(calendar, berlin(2026, 3, 29, 1, 0), 120) == berlin(
        2026, 3, 29, 4, 0
    )


# Business minutes between two moments


def test_business_minutes_between_skip_lunch_and_the_weekend() -> None:
    calendar = office()
    # Mon 15 Jun 11:00 -> 14:00: 11:00-12:00 = 60 + 13:00-14:00 = 60 = 120.
    assert business_minutes_between(calendar, berlin(2026, 6, 15, 11), berlin(2026, 6, 15, 14)) == (
        120
    )
    # Fri 12 Jun 17:30 -> Mon 15 Jun 09:45: 30 + 45 = 75.
    assert (
        business_minutes_between(calendar, berlin(2026, 6, 12, 17, 30), berlin(2026, 6, 15, 9, 45))
        == 75
    )


def test_business_minutes_between_undo_adding_them() -> None:
    calendar = office()
    start = berlin(2026, 12, 22, 16, 20)
    for minutes in (1, 99, 480, 1000, 4321):
        due = add_business_minutes(calendar, start, minutes)
        assert business_minutes_between(calendar, start, due) == minutes


def test_business_minutes_between_round_down_and_are_zero_backwards() -> None:
    calendar = office()
    # Mon 15 Jun 09:00:00 -> 09:10:59: 10 whole minutes.
    assert (
        business_minutes_between(
            calendar, berlin(2026, 6, 15, 9, 0), berlin(2026, 6, 15, 9, 10, 59)
        )
        == 10
    )
    assert business_minutes_between(calendar, berlin(2026, 6, 15, 14), berlin(2026, 6, 15, 9)) == 0


# Open or closed


def test_is_open_from_the_opening_minute_until_just_before_closing() -> None:
    calendar = office()
    assert is_open(calendar, berlin(2026, 6, 15, 9, 0))
    assert is_open(calendar, berlin(2026, 6, 15, 17, 59))
    assert not is_open(calendar, berlin(2026, 6, 15, 18, 0))
    assert not is_open(calendar, berlin(2026, 6, 15, 12, 30))  # lunch
    assert not is_open(calendar, berlin(2026, 6, 13, 10, 0))  # Saturday
    assert not is_open(calendar, berlin(2026, 12, 25, 10, 0))  # Christmas Day
    # 07:30 UTC is 09:30 in Berlin in June.
    assert is_open(calendar, datetime(2026, 6, 15, 7, 30, tzinfo=UTC))


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        add_business_minutes(office(), datetime(2026, 6, 15, 9, 0), 10)


# Calendars that cannot work


def test_an_unknown_time_zone_country_or_subdivision_is_refused_with_its_code() -> None:
    with pytest.raises(InvalidCalendar) as refused:
        office("Europe/Atlantis", "DE", "XX")
    assert codes(refused) == [
        ("UNKNOWN_TIME_ZONE", ("timeZone",)),
        ("UNKNOWN_SUBDIVISION", ("subdivision",)),
    ]
    with pytest.raises(InvalidCalendar) as refused:
        office(country="QQ", subdivision=None)
    assert codes(refused) == [("UNKNOWN_COUNTRY", ("country",))]
    with pytest.raises(InvalidCalendar) as refused:
        office(country=None, subdivision="BY")
    assert codes(refused) == [("SUBDIVISION_WITHOUT_COUNTRY", ("subdivision",))]


def test_a_us_state_is_a_known_subdivision() -> None:
    # 3 Jul 2026 (Fri) is Independence Day observed; Thu 2 Jul 17:00 + 120 -> Mon 6 Jul
    # 10:00 in Los Angeles.
    los_angeles = ZoneInfo("America/Los_Angeles")
    calendar = office("America/Los_Angeles", "US", "CA")
    start = datetime(2026, 7, 2, 17, 0, tzinfo=los_angeles)
    assert add_business_minutes(calendar, start, 120) == datetime(
        2026, 7, 6, 10, 0, tzinfo=los_angeles
    )


def test_intervals_that_end_before_they_start_or_overlap_are_refused() -> None:
    with pytest.raises(InvalidCalendar) as refused:
        WorkingCalendar.create(
            "Europe/Berlin",
            {
                0: [(time(9), time(12)), (time(11), time(14))],
                2: [(time(18), time(9))],
            },
        )
    assert codes(refused) == [
        ("OVERLAPPING_HOURS", ("weeklyHours", "0", "1")),
        ("END_NOT_AFTER_START", ("weeklyHours", "2", "0", "end")),
    ]
    assert refused.value.errors[1].code is CalendarErrorCode.END_NOT_AFTER_START
    # An interval inside a long one overlaps it even when it follows a shorter one.
    with pytest.raises(InvalidCalendar) as refused:
        WorkingCalendar.create(
            "Europe/Berlin", {4: [(time(9), time(17)), (time(10), time(11)), (time(12), time(13))]}
        )
    assert codes(refused) == [
        ("OVERLAPPING_HOURS", ("weeklyHours", "4", "1")),
        ("OVERLAPPING_HOURS", ("weeklyHours", "4", "2")),
    ]


def test_touching_intervals_and_an_evening_shift_until_midnight_are_accepted() -> None:
    calendar = WorkingCalendar.create(
        "Europe/Berlin", {0: [(time(8), time(12)), (time(12), time(14)), (time(20), time(0))]}
    )
    # Mon 15 Jun 20:00 -> Tue 00:00 is open: 240 minutes.
    assert business_minutes_between(calendar, berlin(2026, 6, 15, 20), berlin(2026, 6, 16)) == 240
    assert is_open(calendar, berlin(2026, 6, 15, 23, 59))


def test_a_week_without_hours_or_with_seconds_or_a_weekday_eight_is_refused() -> None:
    with pytest.raises(InvalidCalendar) as refused:
        WorkingCalendar.create("Europe/Berlin", {})
    assert codes(refused) == [("NO_OPENING_HOURS", ("weeklyHours",))]
    with pytest.raises(InvalidCalendar) as refused:
        WorkingCalendar.create("Europe/Berlin", {0: [(time(9, 0, 30), time(12))]})
    assert codes(refused) == [("NOT_WHOLE_MINUTE", ("weeklyHours", "0", "0"))]
    with pytest.raises(InvalidCalendar) as refused:
        WorkingCalendar.create("Europe/Berlin", {7: [(time(9), time(12))]})
    assert codes(refused) == [("UNKNOWN_WEEKDAY", ("weeklyHours", "7"))]


def test_a_calendar_closed_for_years_says_it_never_opens() -> None:
    first = date(2026, 1, 1).toordinal()
    calendar = office(closed=tuple(date.fromordinal(first + n) for n in range(1200)))
    with pytest.raises(InvalidCalendar) as refused:
        add_business_minutes(calendar, berlin(2026, 1, 1, 9, 0), 60)
    assert [e.code for e in refused.value.errors] == [CalendarErrorCode.NEVER_OPENS]
