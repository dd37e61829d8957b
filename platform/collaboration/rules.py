"""Pure rules for comments and followers (no I/O)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from collaboration.errors import CollaborationErrorCode
from core.errors import UserError

BODY_MAX_LENGTH = 4000
MENTIONS_MAX = 50
EXCERPT_LENGTH = 200


def clean_body(body: str | None) -> str:
    return (body or "").strip()


def check_body(body: str) -> list[UserError]:
    """A comment says something (1-4000 characters once trimmed)."""
    if not body:
        return [
            UserError(
                CollaborationErrorCode.COMMENT_EMPTY, "Write something before posting.", ("body",)
            )
        ]
    if len(body) > BODY_MAX_LENGTH:
        return [
            UserError(
                CollaborationErrorCode.COMMENT_TOO_LONG,
                f"A comment has at most {BODY_MAX_LENGTH} characters; this one has {len(body)}.",
                ("body",),
            )
        ]
    return []


def check_mention_count(mentions: Sequence[object]) -> list[UserError]:
    if len(mentions) > MENTIONS_MAX:
        return [
            UserError(
                CollaborationErrorCode.TOO_MANY_MENTIONS,
                f"Mention at most {MENTIONS_MAX} people.",
                ("mentionedUserIds",),
            )
        ]
    return []


def mention_path(index: int) -> tuple[str, ...]:
    return ("mentionedUserIds", str(index))


def unique_in_order(ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    """A user mentioned twice is one mention (and one notification)."""
    return list(dict.fromkeys(ids))


def followers(
    implicit: Iterable[uuid.UUID | None], choices: dict[uuid.UUID, bool]
) -> set[uuid.UUID]:
    """Who follows an order: its implicit followers (creator, owner) unless they unfollowed,
    plus everyone whose explicit choice is to follow."""
    following = {user for user, follows in choices.items() if follows}
    return following | {user for user in implicit if user is not None and choices.get(user, True)}


def excerpt(body: str) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= EXCERPT_LENGTH else flat[: EXCERPT_LENGTH - 1] + "…"
