"""The events imports emit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from core.event_types import Event, event


@event("import.completed")
@dataclass(frozen=True)
class ImportCompleted(Event):
    """A job finished (completed or failed): what it did, row by row counted."""

    import_job_id: uuid.UUID
    kind: str
    dry_run: bool
    mode: str
    status: str
    rows: int
    written: int
    duplicates: int
    errors: int
    failure_code: str | None
