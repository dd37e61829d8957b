"""The emails a customer gets about a contract, to the customer's mail address, in their
contacts' language (else the tenant's), under the seller's letterhead, with a link to the
contract in the portal: when a version awaits their signature (sent by an event handler,
so the version was committed as sent first) and the reminders of the ladder (sent by the
daily run, keyed by the reminder's row)."""

# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

import uuid
from datetime import timedelta

import customer_notices.services as customer_notices
import customers.services as customers
import tenants.services as tenants
from contracts.models import Contract
from contracts.rules import DueReminder, Ladder
from core.context import Actor
from core.gql.types import global_id
from core.mail_layout import Body, send_branded
from notifications import is_chinese


def portal_link(actor: Actor, tenant_slug: str, contract_id: uuid.UUID) -> str:
    return f"{actor.settings.public_url}/portal/{tenant_slug}/contracts/{contract_id}"


def console_path(contract_id: uuid.UUID) -> str:
    """The contract's page in the console (the owner's notice links to it)."""
    return f"/contracts/{global_id('Contract', contract_id)}"


def reminder_wording(contract: Contract, reminder: DueReminder, zh: bool) -> tuple[str, str]:
    """A reminder's subject and its paragraph."""
    target = reminder.target.isoformat()
    renews_on = (contract.current_term_end + timedelta(days=1)).isoformat()
    if reminder.ladder is Ladder.NOTICE:
        if zh:
            return (
                f"合同 {contract.number}：通知截止日 {target}（还有 {reminder.offset_days} 天）",
                f"合同 {contract.number}（{contract.title}）将于 {renews_on} 自动续签，"
                f"如不续签，请在 {target} 前发出通知。",
            )
        return (
            f"Contract {contract.number}: notice deadline {target} "
            f"(in {reminder.offset_days} days)",
            f"Contract {contract.number} ({contract.title}) renews on {renews_on} unless "
            f"notice is given by {target}.",
        )
    if zh:
        return (
            f"合同 {contract.number}：期限于 {target} 届满（还有 {reminder.offset_days} 天）",
            f"合同 {contract.number}（{contract.title}）的当前期限于 {target} 届满。",
        )
    return (
        f"Contract {contract.number}: term ends {target} (in {reminder.offset_days} days)",
        f"The current term of contract {contract.number} ({contract.title}) ends on {target}.",
    )


async def email_reminder(
    actor: Actor,
    contract: Contract,
    reminder: DueReminder,
    address: str,
    reminder_id: uuid.UUID,
) -> None:
    tenant = await tenants.current_tenant(actor)
    customer = await customers.customer_for_system(actor, contract.customer_id)
    locale = await customers.mail_locale_of_customer(actor, contract.customer_id)
    zh = is_chinese(locale or tenant.locale)
    subject, paragraph = reminder_wording(contract, reminder, zh)
    name = customer.name if customer else ""
    body = Body(
        [f"{name}，您好：" if zh else f"Hello {name},", paragraph],
        portal_link(actor, tenant.slug, contract.id),
        "查看合同" if zh else "View the contract",
    )
    await send_branded(
        actor.settings,
        await customer_notices.email_letterhead(actor),
        body,
        to=address,
        subject=subject,
        message_key=f"{reminder_id}.contract-reminder",
    )


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
