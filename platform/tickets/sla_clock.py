"""The SLA clock of one (ticket, metric), without I/O: immutable data in, data out, so the
service persists exactly these fields and recomputes them with the tenant's calendar.

A clock counts business minutes from `started_at` towards `target_minutes`. Time it spends
paused does not count: its business minutes (whole minutes, rounded down) add to
`paused_total_minutes`, and the due time is always

    due_at = add_business_minutes(calendar, started_at, target_minutes + paused_total_minutes)

so a due time can be recomputed from the stored fields alone. Only the resolution clock
pauses (pending customer, pending third party); the response clocks run on, since a pending
status does not excuse an unanswered customer. While a clock is paused its `due_at` is the
one from before the pause: it only moves, by the paused time, when the clock resumes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum

from tickets.business_hours import (
    WorkingCalendar,
    add_business_minutes,
    business_minutes_between,
)


class SlaMetric(str, Enum):
    FIRST_RESPONSE = "first_response"
    NEXT_RESPONSE = "next_response"
    RESOLUTION = "resolution"


PAUSABLE_METRICS = frozenset({SlaMetric.RESOLUTION})


@dataclass(frozen=True)
class SlaClock:
    """One metric's clock. `paused_since` is set while paused; `reached_at` once the target
    is met (the response sent, the ticket solved); `breached_at` is the due time it missed,
    once the breach has been recorded."""

    metric: SlaMetric
    target_minutes: int
    started_at: datetime
    due_at: datetime
    paused_total_minutes: int = 0
    paused_since: datetime | None = None
    reached_at: datetime | None = None
    breached_at: datetime | None = None

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None

    @property
    def is_running(self) -> bool:
        return self.reached_at is None and self.paused_since is None


def pauses_while_pending(metric: SlaMetric) -> bool:
    """Whether a pending-customer or pending-third-party status stops this metric's clock."""
    return metric in PAUSABLE_METRICS


def start(
    calendar: WorkingCalendar, metric: SlaMetric, target_minutes: int, at: datetime
) -> SlaClock:
    """A clock that starts counting at `at` (or at the next opening, if closed then)."""
    if target_minutes < 0:
        raise ValueError("an SLA target cannot be negative")
    return SlaClock(metric, target_minutes, at, add_business_minutes(calendar, at, target_minutes))


def pause(clock: SlaClock, at: datetime) -> SlaClock:
    """The clock stopped at `at`; unchanged for a metric that never pauses, a clock already
    paused or one whose target is met (so a repeated event changes nothing)."""
    if not pauses_while_pending(clock.metric) or not clock.is_running:
        return clock
    _not_before(at, clock.started_at, "a clock cannot pause before it started")
    return replace(clock, paused_since=at)


def resume(calendar: WorkingCalendar, clock: SlaClock, at: datetime) -> SlaClock:
    """The clock running again from `at`, its due time later by the business time paused;
    unchanged when it is not paused."""
    if clock.paused_since is None:
        return clock
    _not_before(at, clock.paused_since, "a clock cannot resume before it paused")
    paused = business_minutes_between(calendar, clock.paused_since, at)
    return _with_due(
        calendar,
        replace(clock, paused_since=None, paused_total_minutes=clock.paused_total_minutes + paused),
    )


def fulfil(calendar: WorkingCalendar, clock: SlaClock, at: datetime) -> SlaClock:
    """The target met at `at` (a paused clock is resumed at that moment first); unchanged
    once met, so the first reply counts, not a later one."""
    if clock.reached_at is not None:
        return clock
    return replace(resume(calendar, clock, at), reached_at=at)


def retarget(calendar: WorkingCalendar, clock: SlaClock, target_minutes: int) -> SlaClock:
    """The clock under a new target (the policy re-applied after a priority change): the
    start and the time already paused stay, so business time already spent still counts.
    A met clock keeps its result; a breach already recorded stays recorded."""
    if target_minutes < 0:
        raise ValueError("an SLA target cannot be negative")
    if clock.reached_at is not None:
        return clock
    return _with_due(calendar, replace(clock, target_minutes=target_minutes))


def breached(clock: SlaClock, at: datetime) -> bool:
    """Whether the clock has missed its due time by `at`. Reaching the target at the due
    instant itself is on time. A paused clock stands still: it is breached only if it was
    already late when it paused."""
    if clock.breached_at is not None and clock.breached_at < at:
        return True
    return _stood_at(clock, at) > clock.due_at


def record_breach(clock: SlaClock, at: datetime) -> SlaClock:
    """The clock with its breach recorded (breached_at = the due time it missed), if it is
    breached by `at` and not yet recorded; otherwise unchanged, so a job that runs twice
    records, and announces, one breach."""
    if clock.breached_at is not None or not breached(clock, at):
        return clock
    return replace(clock, breached_at=clock.due_at)


def remaining_minutes(calendar: WorkingCalendar, clock: SlaClock, at: datetime) -> int:
    """Business minutes left at `at` for a live countdown, whole minutes rounded towards
    zero; negative once overdue. A paused or met clock shows what was left when it stopped."""
    moment = _stood_at(clock, at)
    if moment <= clock.due_at:
        return business_minutes_between(calendar, moment, clock.due_at)
    return -business_minutes_between(calendar, clock.due_at, moment)


def _stood_at(clock: SlaClock, at: datetime) -> datetime:
    """The moment up to which the clock has counted, seen at `at`."""
    stops = [moment for moment in (clock.paused_since, clock.reached_at) if moment is not None]
    return min([at, *stops])


def _with_due(calendar: WorkingCalendar, clock: SlaClock) -> SlaClock:
    total = clock.target_minutes + clock.paused_total_minutes
    return replace(clock, due_at=add_business_minutes(calendar, clock.started_at, total))


def _not_before(at: datetime, earlier: datetime, message: str) -> None:
    if at < earlier:
        raise ValueError(message)
