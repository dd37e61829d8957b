"""Per-call cost of the business-hours arithmetic (platform/tickets/business_hours.py).

Due times for a 5-business-day target (2,400 minutes) from start moments spread over a
quarter (weekends, German holidays, lunch breaks), in Europe/Berlin with Bavarian holidays:
  * warm: one calendar reused, as a worker or API process keeps a tenant's calendar;
  * cold: a new calendar object per call (its per-date periods computed afresh; the
    holidays package's tables are cached per process either way);
and business_minutes_between over the same spans. No stack, no database.

    .venv/bin/python bench/business_hours.py --calls 20000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "platform")]

from tickets.business_hours import (  # noqa: E402
    WorkingCalendar,
    add_business_minutes,
    business_minutes_between,
)

FIVE_DAYS = 5 * 8 * 60
HOURS = {day: [(clock(9), clock(12)), (clock(13), clock(18))] for day in range(5)}


def calendar() -> WorkingCalendar:
    return WorkingCalendar.create("Europe/Berlin", HOURS, "DE", "BY")


def starts(count: int) -> list[datetime]:
    rng = random.Random(14)
    first = datetime(2026, 10, 1, tzinfo=ZoneInfo("Europe/Berlin"))
    return [first + timedelta(minutes=rng.randrange(92 * 24 * 60)) for _ in range(count)]


def per_call(run: Callable[[datetime], object], moments: list[datetime]) -> float:
    """Microseconds per call, best of three rounds."""
    rounds = []
    for _ in range(3):
        began = time.perf_counter()
        for moment in moments:
            run(moment)
        rounds.append(time.perf_counter() - began)
    return min(rounds) / len(moments) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    calls = parser.parse_args().calls
    moments = starts(calls)
    warm = calendar()
    due = {moment: add_business_minutes(warm, moment, FIVE_DAYS) for moment in moments}
    figures = {
        "add_business_minutes, 5 days, warm calendar": per_call(
            lambda moment: add_business_minutes(warm, moment, FIVE_DAYS), moments
        ),
        "add_business_minutes, 5 days, calendar built and validated each call": per_call(
            lambda moment: add_business_minutes(calendar(), moment, FIVE_DAYS), moments
        ),
        "business_minutes_between, 5 days, warm calendar": per_call(
            lambda moment: business_minutes_between(warm, moment, due[moment]), moments
        ),
    }
    for name, micros in figures.items():
        print(f"{name}: {micros:.1f} µs per call, {micros * 100_000 / 1e6:.2f} s per 100,000")


if __name__ == "__main__":
    main()
