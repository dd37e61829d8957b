"""The email a customer gets when a contract version awaits their signature: to the
customer's mail address, in their contacts' language (else the tenant's), under the seller's
letterhead, with a link to the contract in the portal. An event handler sends it, so the
version was committed as sent before anything goes out."""

# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

import uuid

import customer_notices.services as customer_notices
import customers.services as customers
import tenants.services as tenants
from contracts.models import Contract
from core.context import Actor
from core.mail_layout import Body, send_branded
from notifications import is_chinese


def portal_link(actor: Actor, tenant_slug: str, contract_id: uuid.UUID) -> str:
    return f"{actor.settings.public_url}/portal/{tenant_slug}/contracts/{contract_id}"


def _wording(contract: Contract, version: int, name: str, company: str, zh: bool) -> Body:
    if zh:
        return Body(
            [
                f"{name}，您好：",
                f"{company} 已将合同 {contract.number}（{contract.title}）第 {version} 版"
                "发送给您签署。请在门户中阅读并签署。",
            ],
            button="阅读并签署",
        )
    return Body(
        [
            f"Hello {name},",
            f"{company} sent you version {version} of contract {contract.number} "
            f"({contract.title}) to sign. Read and sign it in the customer portal.",
        ],
        button="Read and sign",
    )


async def email_sent_version(
    actor: Actor, contract_id: uuid.UUID, version: int, event_id: uuid.UUID
) -> bool:
    """System work for an event handler; False when there is nobody to write to. The event
    keys the email, so a repeated delivery is the same message to the receiver."""
    contract = await actor.session.get(Contract, (actor.tenant_id, contract_id))
    if contract is None:
        return False
    customer = await customers.customer_for_system(actor, contract.customer_id)
    address = await customers.mail_address_of_customer(actor, contract.customer_id)
    if customer is None or not address:
        return False
    tenant = await tenants.current_tenant(actor)
    locale = await customers.mail_locale_of_customer(actor, contract.customer_id)
    zh = is_chinese(locale or tenant.locale)
    body = _wording(contract, version, customer.name, tenant.name, zh)
    body = Body(body.paragraphs, portal_link(actor, tenant.slug, contract.id), body.button)
    subject = (
        f"合同 {contract.number} 待您签署"
        if zh
        else f"Contract {contract.number} is ready for your signature"
    )
    await send_branded(
        actor.settings,
        await customer_notices.email_letterhead(actor),
        body,
        to=address,
        subject=subject,
        message_key=f"{event_id}.contract-sent",
    )
    return True
