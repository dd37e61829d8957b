"""The demo tenant's contracts with Northwind (the portal customer): a support agreement
awaiting Nora's signature, a maintenance contract she signed and the company countersigned,
and a supplies agreement whose term ends soon (inside its notice window), made through
the contracts services like any contract."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import contracts.services as contracts
import customers.services as customers
from contracts.rules import RenewalType
from core.tenancy import Principal, PrincipalKind
from orbit.demo_story import Demo

NORTHWIND_CONTACT = "nora@northwind.example.com"


def _terms(start: date, months: int, renewal: RenewalType, notice: int) -> contracts.Terms:
    return contracts.Terms(start, months, renewal, None, notice)


async def _sign_as_northwind(demo: Demo, contract_id: uuid.UUID) -> None:
    """Nora signs version 1 in the portal, as the portal would have her."""
    owner = demo.actor.principal
    contact = await customers.portal_contact_by_email(
        demo.actor, demo.owner.tenant_id, NORTHWIND_CONTACT
    )
    assert contact is not None
    demo.actor.principal = Principal(
        kind=PrincipalKind.PORTAL,
        tenant_id=demo.owner.tenant_id,
        subject_id=contact.id,
        customer_id=contact.customer_id,
    )
    [[version]] = await contracts.versions_of_contracts(demo.actor, [contract_id])
    await contracts.sign_version(
        demo.actor,
        contracts.SignatureInput(
            version_id=version.id,
            document_sha256=version.sha256,
            signer_name="Nora Buyer",
            signer_title="Head of Purchasing",
            accepted=True,
            user_agent="Orbit demo",
        ),
    )
    demo.actor.principal = owner


async def seed_contracts(demo: Demo) -> None:
    """Sales makes the three contracts; Nora signs two of them, the owner countersigns one."""
    today = datetime.now(UTC).date()
    customer_id = demo.customers["northwind"]
    sales = demo.act_as("sales")
    awaiting = contracts.NewContract(
        customer_id=customer_id,
        title="Premium support agreement",
        terms=_terms(today + timedelta(days=14), 12, RenewalType.AUTOMATIC, 60),
        send=True,
    )
    await contracts.create_contract(sales, awaiting)
    active = await contracts.create_contract(
        sales,
        contracts.NewContract(
            customer_id=customer_id,
            title="Printer maintenance contract",
            terms=_terms(today - timedelta(days=90), 24, RenewalType.AUTOMATIC, 90),
            send=True,
        ),
    )
    await _sign_as_northwind(demo, active.id)
    [[signed]] = await contracts.versions_of_contracts(demo.act_as(None), [active.id])
    await contracts.countersign_version(demo.actor, signed.id, "Managing director", None)
    ending = await contracts.create_contract(
        demo.act_as("sales"),
        contracts.NewContract(
            customer_id=customer_id,
            title="Office supplies framework agreement",
            terms=_terms(today - timedelta(days=340), 12, RenewalType.NONE, 30),
            send=True,
        ),
    )
    await _sign_as_northwind(demo, ending.id)
    demo.act_as(None)
