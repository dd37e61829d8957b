"""GraphQL for the signed-in staff user's in-app notifications."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import notifications.services as notifications
from core.context import Actor
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    from_row,
    resolve_by_ids,
    run_mutation,
    user_error_type,
)
from notifications import preferences
from notifications.errors import NotificationErrorCode
from notifications.models import Notification

NotificationError = user_error_type(
    "NotificationError",
    NotificationErrorCode,
    description="Why notifications were not marked read.",
)


@strawberry.type(name="Notification", description="A message in the signed-in user's inbox.")
class NotificationType(relay.Node):
    id: relay.NodeID[str]
    kind: str = strawberry.field(description="What it is about, e.g. member_joined.")
    title: str = strawberry.field(description="One-line summary, in the user's language.")
    body: str = strawberry.field(description="Details, in the user's language.")
    link: str | None = strawberry.field(description="Where in the console it points, if anywhere.")
    read: bool = strawberry.field(description="Whether the user has marked it read.")
    read_at: datetime | None = strawberry.field(description="When it was marked read.")
    created_at: datetime = strawberry.field(description="When it arrived.")

    @classmethod
    def of(cls, notification: Notification) -> NotificationType:
        return from_row(cls, notification, read=notification.read_at is not None)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        async def fetch(actor: Actor, ids: list[uuid.UUID]) -> list[Notification | None]:
            return await notifications.notifications_by_id(actor, ids)

        return await resolve_by_ids(info, node_ids, fetch, cls.of, required)


@strawberry.input(description="Which notifications to mark read: some by id, or all.")
class MarkNotificationsReadInput:
    ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Global ids of the user's own notifications."
    )
    all: bool = strawberry.field(default=False, description="Mark every notification read.")


@strawberry.type(description="Result of marking notifications read.")
class MarkNotificationsReadPayload:
    marked_count: int = strawberry.field(description="How many changed from unread to read.")
    unread_count: int | None = strawberry.field(description="Unread notifications left.")
    user_errors: list[UserErrorType] = error_list_field(NotificationError)


@strawberry.type
class Query:
    @strawberry.field(description="The signed-in staff user's notifications, newest first.")
    async def notifications(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        unread_only: bool = False,
    ) -> Connection[NotificationType]:
        actor = await context_of(info).reader()
        page = await notifications.list_notifications(actor, unread_only, first, after)
        return to_connection(page, NotificationType.of)

    @strawberry.field(description="How many of the signed-in user's notifications are unread.")
    async def unread_notification_count(self, info: Info) -> int:
        return await notifications.unread_count(await context_of(info).reader())


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Mark some or all of the signed-in user's notifications "
        "read. An id that is not the user's own is NOT_FOUND."
    )
    async def mark_notifications_read(
        self, info: Info, input: MarkNotificationsReadInput
    ) -> MarkNotificationsReadPayload:
        ids = [decode_id(i, "Notification") for i in input.ids] if input.ids else None

        async def mark(actor: Actor) -> tuple[int, int]:
            marked = await notifications.mark_read(actor, ids, input.all)
            return marked, await notifications.unread_count(actor)

        outcome = await run_mutation(info, mark)
        marked, unread = outcome.value if outcome.value else (0, None)
        return MarkNotificationsReadPayload(
            marked_count=marked, unread_count=unread, user_errors=outcome.user_errors
        )


# --- preferences ---------------------------------------------------------------------------

NotificationKindEnum = strawberry.enum(
    preferences.EmailedKind,
    name="NotificationKind",
    description="A kind of notice staff can also receive by email.",
)


@strawberry.type(
    name="NotificationPreference",
    description="The signed-in user's choice for one kind of notice: the in-app notice "
    "always arrives; `email` says whether an email comes too.",
)
class NotificationPreferenceType:
    kind: NotificationKindEnum = strawberry.field(  # type: ignore[valid-type]
        description="The kind of notice."
    )
    email: bool | None = strawberry.field(
        description="True: email too; false: in-app only; null: the default (email, except "
        "order status changes, emailed only for orders the user chose to follow)."
    )


@strawberry.input(description="One kind of notice: email too, in-app only, or the default.")
class SetNotificationPreferenceInput:
    kind: NotificationKindEnum = strawberry.field(  # type: ignore[valid-type]
        description="The kind of notice to choose for."
    )
    email: bool | None = strawberry.field(default=None, description="Null restores the default.")


@strawberry.type(description="Result of setMyNotificationPreference.")
class NotificationPreferencesPayload:
    preferences: list[NotificationPreferenceType] | None = strawberry.field(
        description="Every kind's choice now."
    )
    user_errors: list[UserErrorType] = error_list_field(NotificationError)


def _preference_types(rows: list[preferences.Preference]) -> list[NotificationPreferenceType]:
    return [NotificationPreferenceType(kind=row.kind, email=row.email) for row in rows]


@strawberry.type
class PreferenceQuery:
    @strawberry.field(description="The signed-in staff user's notification preferences.")
    async def my_notification_preferences(self, info: Info) -> list[NotificationPreferenceType]:
        actor = await context_of(info).reader()
        return _preference_types(await preferences.my_preferences(actor))


@strawberry.type
class PreferenceMutation:
    @strawberry.mutation(
        description="Choose whether one kind of notice also arrives by email (staff only)."
    )
    async def set_my_notification_preference(
        self, info: Info, input: SetNotificationPreferenceInput
    ) -> NotificationPreferencesPayload:
        kind = preferences.EmailedKind(input.kind)
        outcome = await run_mutation(
            info, lambda actor: preferences.set_my_preference(actor, kind, input.email)
        )
        rows = _preference_types(outcome.value) if outcome.value is not None else None
        return NotificationPreferencesPayload(preferences=rows, user_errors=outcome.user_errors)
