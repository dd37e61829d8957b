"""The events collaboration emits: comments added, edited and deleted on orders."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from core.event_types import Event, event


@dataclass(frozen=True)
class CommentMentions(Event):
    """A comment and the users it newly mentions (every mention of a new comment, the
    added ones of an edit)."""

    order_id: uuid.UUID
    comment_id: uuid.UUID
    author_id: uuid.UUID
    mentioned_user_ids: tuple[uuid.UUID, ...]


@event("comment.added")
@dataclass(frozen=True)
class CommentAdded(CommentMentions):
    """A comment was posted on an order."""


@event("comment.edited")
@dataclass(frozen=True)
class CommentEdited(CommentMentions):
    """A comment's text changed and mentioned someone new."""


@event("comment.deleted")
@dataclass(frozen=True)
class CommentDeleted(Event):
    """A comment was deleted (its row stays, without text)."""

    order_id: uuid.UUID
    comment_id: uuid.UUID
