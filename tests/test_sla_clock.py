"""A ticket's SLA clocks: due times that land on the exact minute, pending periods that stop
the resolution clock but never the first response, a priority change that re-applies a
shorter target without forgetting the time paused, and a breach that starts one minute after
the due time and is recorded once. Pure arithmetic: no stack."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from tickets.business_hours import WorkingCalendar
from tickets.sla_clock import (
    SlaClock,
    SlaMetric,
    breached,
    fulfil,
    pause,
    pauses_while_pending,
    record_breach,
    remaining_minutes,
    resume,
    retarget,
    start,
)

BERLIN = ZoneInfo("Europe/Berlin")
# Monday to Friday 09:00-12:00 and 13:00-18:00 (480 business minutes a day), Bavarian
# public holidays.
CALENDAR = WorkingCalendar.create(
    "Europe/Berlin",
    {day: [(time(9), time(12)), (time(13), time(18))] for day in range(5)},
    "DE",
    "BY",
)


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def went_pending(clocks: list[SlaClock], at: datetime) -> list[SlaClock]:
    """What the service does to every clock of a ticket that goes pending customer."""
    return [pause(clock, at) for clock in clocks]


def came_back(clocks: list[SlaClock], at: datetime) -> list[SlaClock]:
    """What the service does when the customer answers and the ticket is open again."""
    return [resume(CALENDAR, clock, at) for clock in clocks]


def test_a_pending_period_stops_the_resolution_clock_but_not_the_first_response() -> None:
    opened = berlin(2026, 6, 15, 9, 0)  # Monday
    first_response = start(CALENDAR, SlaMetric.FIRST_RESPONSE, 240, opened)
    resolution = start(CALENDAR, SlaMetric.RESOLUTION, 960, opened)
    # Mon 09:00 + 960: Mon 480, Tue 480 -> Tue 18:00.
    assert resolution.due_at == berlin(2026, 6, 16, 18, 0)

    # Pending customer from Mon 10:00 to Mon 14:00.
    clocks = came_back(
        went_pending([first_response, resolution], berlin(2026, 6, 15, 10)), berlin(2026, 6, 15, 14)
    )
    first_response, resolution = clocks

    # First response runs on: Mon 09:00 + 240 = 09:00-12:00 (180) + 13:00-14:00 (60) -> 14:00.
    assert first_response.due_at == berlin(2026, 6, 15, 14, 0)
    assert first_response.paused_total_minutes == 0
    # Resolution paused 10:00-12:00 (120) + 13:00-14:00 (60) = 180 business minutes:
    # Mon 09:00 + 960 + 180 = 1140: Mon 480, Tue 480, Wed 09:00 + 180 -> Wed 12:00.
    assert resolution.paused_total_minutes == 180
    assert resolution.paused_since is None
    assert resolution.due_at == berlin(2026, 6, 17, 12, 0)
    assert pauses_while_pending(SlaMetric.RESOLUTION)
    assert not pauses_while_pending(SlaMetric.FIRST_RESPONSE)
    assert not pauses_while_pending(SlaMetric.NEXT_RESPONSE)


def test_a_resolution_clock_across_a_holiday_weekend_and_a_pending_period() -> None:
    # Opened Wed 23 Dec 10:00 with 1440 business minutes (three days) to resolve.
    clock = start(CALENDAR, SlaMetric.RESOLUTION, 1440, berlin(2026, 12, 23, 10, 0))
    # Wed 10:00-12:00 + 13:00-18:00 = 420; Thu 24 Dec 480 (900); Fri 25, Sat 26 holidays,
    # Sun closed; Mon 28 Dec 480 (1380); Tue 29 Dec 09:00 + 60 -> 10:00.
    assert clock.due_at == berlin(2026, 12, 29, 10, 0)

    # Pending customer from Wed 15:00 until the customer answers Mon 28 Dec 10:00:
    # Wed 15:00-18:00 = 180, Thu 24 Dec 480, Mon 09:00-10:00 = 60 -> 720 paused.
    clock = pause(clock, berlin(2026, 12, 23, 15, 0))
    clock = resume(CALENDAR, clock, berlin(2026, 12, 28, 10, 0))
    assert clock.paused_total_minutes == 720
    # Spent before the pause: Wed 10:00-12:00 + 13:00-15:00 = 240, so 1200 left from
    # Mon 10:00: Mon 10:00-12:00 + 13:00-18:00 = 420 (780 left); Tue 29 Dec 480 (300 left);
    # Wed 30 Dec 09:00-12:00 = 180, 13:00 + 120 -> 15:00.
    assert clock.due_at == berlin(2026, 12, 30, 15, 0)
    assert remaining_minutes(CALENDAR, clock, berlin(2026, 12, 28, 10, 0)) == 1200


def test_a_paused_clock_neither_counts_down_nor_breaches() -> None:
    # Mon 15 Jun 09:00 + 120 -> 11:00; paused at 10:00 with 60 left.
    clock = pause(
        start(CALENDAR, SlaMetric.RESOLUTION, 120, berlin(2026, 6, 15, 9)), berlin(2026, 6, 15, 10)
    )
    assert remaining_minutes(CALENDAR, clock, berlin(2026, 6, 15, 10)) == 60
    assert remaining_minutes(CALENDAR, clock, berlin(2026, 6, 17, 16)) == 60
    assert not breached(clock, berlin(2026, 6, 17, 16))
    assert record_breach(clock, berlin(2026, 6, 17, 16)) == clock
    # A second pending event changes nothing.
    assert pause(clock, berlin(2026, 6, 15, 11)) == clock


def test_a_pause_over_the_weekend_counts_only_the_business_hours_paused() -> None:
    # Started Fri 12 Jun 09:00, target 600: Fri 480, Mon 15 Jun 09:00 + 120 -> 11:00.
    clock = start(CALENDAR, SlaMetric.RESOLUTION, 600, berlin(2026, 6, 12, 9))
    assert clock.due_at == berlin(2026, 6, 15, 11, 0)
    # Paused Fri 17:00 -> Mon 10:00: Fri 17:00-18:00 = 60, Mon 09:00-10:00 = 60 -> 120.
    clock = resume(CALENDAR, pause(clock, berlin(2026, 6, 12, 17)), berlin(2026, 6, 15, 10))
    assert clock.paused_total_minutes == 120
    # 600 + 120 = 720: Fri 480, Mon 09:00-12:00 = 180, 13:00 + 60 -> Mon 14:00.
    assert clock.due_at == berlin(2026, 6, 15, 14, 0)


def test_a_priority_raised_after_a_pause_reapplies_a_shorter_target_keeping_the_pause() -> None:
    # Resolution target 960 from Mon 15 Jun 09:00; pending Mon 10:00-14:00 (180 paused).
    clock = start(CALENDAR, SlaMetric.RESOLUTION, 960, berlin(2026, 6, 15, 9))
    clock = resume(CALENDAR, pause(clock, berlin(2026, 6, 15, 10)), berlin(2026, 6, 15, 14))
    # At Mon 15:00 the priority goes up: the new policy's target is 360.
    clock = retarget(CALENDAR, clock, 360)
    assert clock.target_minutes == 360
    assert clock.paused_total_minutes == 180
    # 360 + 180 = 540 from Mon 09:00: Mon 480, Tue 16 Jun 09:00 + 60 -> 10:00.
    assert clock.due_at == berlin(2026, 6, 16, 10, 0)
    # Spent so far: Mon 09:00-10:00 (60) + 14:00-15:00 (60) = 120 of 360 -> 240 left:
    # Mon 15:00-18:00 = 180 + Tue 09:00-10:00 = 60.
    assert remaining_minutes(CALENDAR, clock, berlin(2026, 6, 15, 15)) == 240


def test_a_target_reapplied_while_paused_keeps_the_pause_running() -> None:
    # Target 960 from Mon 15 Jun 09:00, paused at 10:00, re-targeted to 360 at 11:00.
    clock = pause(
        start(CALENDAR, SlaMetric.RESOLUTION, 960, berlin(2026, 6, 15, 9)), berlin(2026, 6, 15, 10)
    )
    clock = retarget(CALENDAR, clock, 360)
    assert clock.paused_since == berlin(2026, 6, 15, 10)
    # Resumed Mon 14:00: paused 10:00-12:00 + 13:00-14:00 = 180; 360 + 180 = 540 from
    # Mon 09:00 -> Tue 10:00, as if the target had been 360 all along.
    clock = resume(CALENDAR, clock, berlin(2026, 6, 15, 14))
    assert clock.due_at == berlin(2026, 6, 16, 10, 0)


def test_a_shorter_target_already_used_up_is_breached_at_once() -> None:
    # Target 960 from Mon 15 Jun 09:00; at Tue 16 Jun 11:00 (540 spent) the target becomes
    # 240: due Mon 09:00 + 240 = 09:00-12:00 (180) + 13:00-14:00 (60) -> Mon 14:00.
    clock = retarget(
        CALENDAR, start(CALENDAR, SlaMetric.RESOLUTION, 960, berlin(2026, 6, 15, 9)), 240
    )
    assert clock.due_at == berlin(2026, 6, 15, 14, 0)
    now = berlin(2026, 6, 16, 11)
    assert breached(clock, now)
    # Overdue: Mon 14:00-18:00 = 240 + Tue 09:00-11:00 = 120 -> 360 minutes late.
    assert remaining_minutes(CALENDAR, clock, now) == -360


def test_a_reply_at_the_due_minute_is_on_time_and_one_minute_later_is_a_breach() -> None:
    # First response within 60 from Mon 15 Jun 11:30: 11:30-12:00 = 30, 13:00 + 30 -> 13:30.
    clock = start(CALENDAR, SlaMetric.FIRST_RESPONSE, 60, berlin(2026, 6, 15, 11, 30))
    assert clock.due_at == berlin(2026, 6, 15, 13, 30)
    assert not breached(clock, berlin(2026, 6, 15, 13, 30))
    assert breached(clock, berlin(2026, 6, 15, 13, 31))

    on_time = fulfil(CALENDAR, clock, berlin(2026, 6, 15, 13, 30))
    assert not breached(on_time, berlin(2026, 6, 20))
    assert record_breach(on_time, berlin(2026, 6, 20)).breached_at is None

    late = fulfil(CALENDAR, clock, berlin(2026, 6, 15, 13, 31))
    assert breached(late, berlin(2026, 6, 15, 13, 31))
    # A second reply does not move the time the target was met.
    assert fulfil(CALENDAR, late, berlin(2026, 6, 15, 15)) == late


def test_a_breach_is_recorded_once_at_the_due_time_it_missed() -> None:
    clock = start(CALENDAR, SlaMetric.FIRST_RESPONSE, 60, berlin(2026, 6, 15, 11, 30))
    assert record_breach(clock, berlin(2026, 6, 15, 13, 30)) == clock  # not yet late
    recorded = record_breach(clock, berlin(2026, 6, 15, 13, 45))
    assert recorded.breached_at == berlin(2026, 6, 15, 13, 30)
    # The worker running again (a restart) finds nothing more to record.
    assert record_breach(recorded, berlin(2026, 6, 15, 16)) is recorded


def test_the_countdown_skips_lunch_and_goes_negative_when_late() -> None:
    # Due Mon 15 Jun 13:30 (60 from 11:30).
    clock = start(CALENDAR, SlaMetric.FIRST_RESPONSE, 60, berlin(2026, 6, 15, 11, 30))
    assert remaining_minutes(CALENDAR, clock, berlin(2026, 6, 15, 11, 30)) == 60
    # In the lunch break 30 are left, all afternoon.
    assert remaining_minutes(CALENDAR, clock, berlin(2026, 6, 15, 12, 15)) == 30
    # Mon 14:00 is 30 business minutes past 13:30.
    assert remaining_minutes(CALENDAR, clock, berlin(2026, 6, 15, 14, 0)) == -30
    # Met at 13:10: the countdown stops at the 20 minutes that were left.
    met = fulfil(CALENDAR, clock, berlin(2026, 6, 15, 13, 10))
    assert remaining_minutes(CALENDAR, met, berlin(2026, 6, 16)) == 20


def test_a_ticket_solved_while_pending_stops_the_clock_where_it_stood() -> None:
    # Target 120 from Mon 15 Jun 09:00 (due 11:00); pending from 10:00, solved Wed 17 Jun.
    clock = pause(
        start(CALENDAR, SlaMetric.RESOLUTION, 120, berlin(2026, 6, 15, 9)), berlin(2026, 6, 15, 10)
    )
    solved = fulfil(CALENDAR, clock, berlin(2026, 6, 17, 16))
    assert solved.reached_at == berlin(2026, 6, 17, 16)
    assert solved.paused_since is None
    # Paused Mon 10:00 -> Wed 16:00: Mon 10:00-12:00 + 13:00-18:00 = 420, Tue 480,
    # Wed 09:00-12:00 + 13:00-16:00 = 360 -> 1260. Due: Mon 09:00 + 120 + 1260 = 1380:
    # Mon 480, Tue 480, Wed 420 = 09:00-12:00 (180) + 13:00 + 240 -> 17:00; solved at 16:00.
    assert solved.paused_total_minutes == 1260
    assert solved.due_at == berlin(2026, 6, 17, 17, 0)
    assert not breached(solved, berlin(2026, 6, 30))


def test_a_clock_cannot_resume_before_it_paused() -> None:
    clock = pause(
        start(CALENDAR, SlaMetric.RESOLUTION, 60, berlin(2026, 6, 15, 9)), berlin(2026, 6, 15, 10)
    )
    with pytest.raises(ValueError, match="before it paused"):
        resume(CALENDAR, clock, berlin(2026, 6, 15, 9, 30))
