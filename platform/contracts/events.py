"""The events contracts emit: one per step of a contract's life."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from core.event_types import Event, event


@dataclass(frozen=True)
class ContractEvent(Event):
    """What every contract event carries: the contract, its number and customer."""

    contract_id: uuid.UUID
    number: str
    customer_id: uuid.UUID


@event("contract.created")
@dataclass(frozen=True)
class ContractCreated(ContractEvent):
    """A contract was created (from the console, an integrator or an accepted quote)."""

    quote_id: uuid.UUID | None


@event("contract.version_sent")
@dataclass(frozen=True)
class ContractVersionSent(ContractEvent):
    """A version was sent to the customer for signature."""

    version: int


@event("contract.signed")
@dataclass(frozen=True)
class ContractSigned(ContractEvent):
    """A party signed a version: the customer in the portal or the company (countersign)."""

    version: int
    party: str


@event("contract.declined")
@dataclass(frozen=True)
class ContractDeclined(ContractEvent):
    """The customer declined to sign a version."""

    version: int


@event("contract.terminated")
@dataclass(frozen=True)
class ContractTerminated(ContractEvent):
    """The contract was terminated as of a date, with a reason."""

    terminated_on: date
    reason: str


@event("contract.renewed")
@dataclass(frozen=True)
class ContractRenewed(ContractEvent):
    """A new term began: the current term end moved (automatically or by hand)."""

    term_start: date
    term_end: date
