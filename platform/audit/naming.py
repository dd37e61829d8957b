"""Names for the audit log: who acted (a user's, API client's or contact's name) and which
record it was (an order's number, a customer's name), looked up for a whole page at once.

The audit log records ids; the records belong to other domains, which this domain does not
import (they all import it). The composition root registers one batch lookup per actor kind
and per target type (`name_actors`, `name_subjects`); `names_of` then runs each lookup once
per page with every id of that kind, so a page costs one statement per kind it shows.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from audit.models import AuditEntry
from core.context import Actor
from core.errors import Forbidden

V = TypeVar("V")


class SubjectPage(str, Enum):
    """The console page a subject opens on (its own, or its order's or customer's)."""

    ORDER = "order"
    INVOICE = "invoice"
    PAYMENT = "payment"
    CUSTOMER = "customer"


@dataclass(frozen=True)
class SubjectName:
    """How a record reads (`label`: "SO-000123", "Acme Ltd") and where it opens."""

    label: str
    page: SubjectPage | None = None
    page_id: uuid.UUID | None = None


ActorLookup = Callable[[Actor, list[uuid.UUID]], Awaitable[Mapping[uuid.UUID, str]]]
SubjectLookup = Callable[[Actor, list[uuid.UUID]], Awaitable[Mapping[uuid.UUID, SubjectName]]]

_actor_lookups: dict[str, ActorLookup] = {}
_subject_lookups: dict[str, SubjectLookup] = {}


def name_actors(kind: str, lookup: ActorLookup) -> None:
    """Register how actors of `kind` (staff, api_client, portal) get their names."""
    _actor_lookups[kind] = lookup


def name_subjects(target_type: str, lookup: SubjectLookup) -> None:
    """Register how records of `target_type` (order, invoice…) get their labels."""
    _subject_lookups[target_type] = lookup


@dataclass(frozen=True)
class Names:
    """The names one page of entries needs, keyed by (actor kind, id) and (target type, id)."""

    actors: Mapping[tuple[str, uuid.UUID], str]
    subjects: Mapping[tuple[str, uuid.UUID], SubjectName]

    def actor_of(self, entry: AuditEntry) -> str | None:
        """The actor's current name, else the label recorded at the time; None for the
        system (jobs, automation), which records no actor."""
        if entry.actor_id is not None:
            name = self.actors.get((entry.actor_kind, entry.actor_id))
            if name:
                return name
        return None if entry.actor_label == "anonymous" else entry.actor_label

    def subject_of(self, entry: AuditEntry) -> SubjectName | None:
        target_id = _uuid_or_none(entry.target_id)
        if target_id is None:
            return None
        return self.subjects.get((entry.target_type, target_id))


async def actor_names(
    actor: Actor, actors: Iterable[tuple[str, uuid.UUID]]
) -> Mapping[tuple[str, uuid.UUID], str]:
    """The current names of (actor kind, id) pairs recorded elsewhere (an order's history),
    one lookup per kind."""
    ids: dict[str, set[uuid.UUID]] = defaultdict(set)
    for kind, actor_id in actors:
        if kind in _actor_lookups:
            ids[kind].add(actor_id)
    return {
        (kind, row_id): name
        for kind, kind_ids in ids.items()
        for row_id, name in (await _allowed(_actor_lookups[kind], actor, kind_ids)).items()
    }


async def names_of(actor: Actor, entries: Iterable[AuditEntry]) -> Names:
    """Every name a page of entries shows, one lookup per actor kind and target type."""
    actor_ids: dict[str, set[uuid.UUID]] = defaultdict(set)
    subject_ids: dict[str, set[uuid.UUID]] = defaultdict(set)
    for entry in entries:
        if entry.actor_id is not None and entry.actor_kind in _actor_lookups:
            actor_ids[entry.actor_kind].add(entry.actor_id)
        target_id = _uuid_or_none(entry.target_id)
        if target_id is not None and entry.target_type in _subject_lookups:
            subject_ids[entry.target_type].add(target_id)
    actors = await actor_names(
        actor, [(kind, row_id) for kind, ids in actor_ids.items() for row_id in ids]
    )
    subjects = {
        (kind, row_id): name
        for kind, ids in subject_ids.items()
        for row_id, name in (await _allowed(_subject_lookups[kind], actor, ids)).items()
    }
    return Names(actors=actors, subjects=subjects)


async def _allowed(
    lookup: Callable[[Actor, list[uuid.UUID]], Awaitable[Mapping[uuid.UUID, V]]],
    actor: Actor,
    ids: set[uuid.UUID],
) -> Mapping[uuid.UUID, V]:
    """A reader who may not read that kind of record sees its type, not its name."""
    try:
        return await lookup(actor, sorted(ids))
    except Forbidden:
        return {}


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
