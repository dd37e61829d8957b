"""Staff notification preferences: for each kind of notice that can also arrive by email,
whether the user wants the email or the in-app notice only.

Defaults: every kind emails, except an order's status changes, which email only the
followers who asked to follow that order (owners and commenters follow it without asking,
and would otherwise get an email for every step)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert

from core.context import Actor
from core.errors import BusinessRuleError
from core.tenancy import PrincipalKind
from notifications.errors import NotificationErrorCode
from notifications.models import NotificationPreference


class EmailedKind(StrEnum):
    """The notices that can arrive by email; the values are the notices' `kind`."""

    APPROVAL_REQUESTED = "approval_requested"
    APPROVAL_REMINDER = "approval_reminder"
    APPROVAL_REJECTED = "approval_rejected"
    ORDER_MENTION = "order_mention"
    ORDER_COMMENT = "order_comment"
    ORDER_STATUS = "order_status"
    ORDER_CHANGE = "order_change"
    RECEIVABLE_OVERDUE = "receivable_overdue"
    RECONCILIATION_MISMATCH = "reconciliation_mismatch"
    TICKET_SLA_BREACHED = "ticket_sla_breached"
    TICKET_MENTION = "ticket_mention"


ASKED_ONLY_BY_DEFAULT = frozenset({EmailedKind.ORDER_STATUS})


@dataclass(frozen=True)
class Preference:
    kind: EmailedKind
    email: bool | None  # None: the kind's default


def default_email(kind: str, asked: bool) -> bool:
    return asked if kind in ASKED_ONLY_BY_DEFAULT else True


async def _choices(actor: Actor, user_id: uuid.UUID) -> dict[str, bool]:
    rows = await actor.session.execute(
        select(NotificationPreference.kind, NotificationPreference.email).where(
            NotificationPreference.tenant_id == actor.tenant_id,
            NotificationPreference.user_id == user_id,
        )
    )
    return {kind: email for kind, email in rows}


async def wants_email(actor: Actor, user_id: uuid.UUID, kind: str, *, asked: bool = True) -> bool:
    """Whether a notice of `kind` to `user_id` is also emailed; `asked` is whether the user
    asked for notices about the thing itself (followed the order on purpose)."""
    chosen = (await _choices(actor, user_id)).get(kind)
    return default_email(kind, asked) if chosen is None else chosen


def _staff_user(actor: Actor) -> uuid.UUID:
    principal = actor.principal
    if principal is None or principal.kind is not PrincipalKind.STAFF:
        raise BusinessRuleError.single(
            NotificationErrorCode.STAFF_ONLY, "Only staff users have notification preferences."
        )
    return principal.subject_id


async def my_preferences(actor: Actor) -> list[Preference]:
    """The signed-in staff user's choice for every kind (None where they kept the default)."""
    chosen = await _choices(actor, _staff_user(actor))
    return [Preference(kind, chosen.get(kind.value)) for kind in EmailedKind]


async def set_my_preference(
    actor: Actor, kind: EmailedKind, email: bool | None
) -> list[Preference]:
    """Choose email or in-app only for one kind; None goes back to the default."""
    user_id = _staff_user(actor)
    owned = (
        NotificationPreference.tenant_id == actor.tenant_id,
        NotificationPreference.user_id == user_id,
        NotificationPreference.kind == kind.value,
    )
    if email is None:
        await actor.session.execute(delete(NotificationPreference).where(*owned))
    else:
        values = {"email": email, "updated_at": datetime.now(UTC)}
        await actor.session.execute(
            insert(NotificationPreference)
            .values(tenant_id=actor.tenant_id, user_id=user_id, kind=kind.value, **values)
            .on_conflict_do_update(
                index_elements=[
                    NotificationPreference.tenant_id,
                    NotificationPreference.user_id,
                    NotificationPreference.kind,
                ],
                set_=values,
            )
        )
    return await my_preferences(actor)
