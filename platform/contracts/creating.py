"""Creating a contract: by staff (createContract, from a template or an uploaded PDF) and by
an accepted quote (`create_contract_for_quote`, inside the quote's acceptance transaction,
which has checked its caller's permission). Terms are checked first; nothing is written
when one check fails."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

import audit.services as audit
import customers.services as customers
from contracts import lifecycle, rules, versions
from contracts.errors import ContractErrorCode
from contracts.events import ContractCreated
from contracts.models import Contract, ContractLink
from contracts.rules import ContractStatus, LinkKind, RenewalType
from contracts.templates import template_for
from core.context import Actor
from core.counters import GaplessCounter
from core.errors import BusinessRuleError, Forbidden, NotFound, UserError
from core.ids import new_id
from core.outbox import emit
from core.tenancy import PrincipalKind

_NUMBERS = GaplessCounter("contract_number_counters")


@dataclass(frozen=True)
class Terms:
    start_date: date
    initial_term_months: int
    renewal_type: RenewalType
    renewal_term_months: int | None
    notice_days: int
    minimum_term_months: int | None = None


@dataclass(frozen=True)
class NewContract:
    customer_id: uuid.UUID
    title: str
    terms: Terms
    template_id: uuid.UUID | None = None
    upload_id: uuid.UUID | None = None
    owner_id: uuid.UUID | None = None
    send: bool = False


@dataclass(frozen=True)
class QuoteContract:
    customer_id: uuid.UUID
    quote_id: uuid.UUID
    quote_number: str
    template_id: uuid.UUID | None
    start_date: date
    initial_term_months: int
    renewal_type: RenewalType
    renewal_term_months: int | None
    notice_days: int
    order_ids: list[uuid.UUID] = field(default_factory=list)
    subscription_ids: list[uuid.UUID] = field(default_factory=list)
    field_prefix: tuple[str, ...] = ()


def check_terms(
    start_date: date,
    initial_term_months: int,
    notice_days: int,
    renewal_type: RenewalType,
    renewal_term_months: int | None,
    field_prefix: tuple[str, ...] = (),
) -> list[UserError]:
    """The terms' user errors (CONTRACT_ENDS_BEFORE_START, NOTICE_LONGER_THAN_TERM, ...),
    each on its field under `field_prefix`: for forms that refuse bad terms early."""
    return rules.check_terms(
        start_date,
        initial_term_months,
        notice_days,
        renewal_type,
        renewal_term_months,
        field_prefix,
    )


def _check(data: NewContract) -> list[UserError]:
    t = data.terms
    errors = rules.check_terms(
        t.start_date,
        t.initial_term_months,
        t.notice_days,
        t.renewal_type,
        t.renewal_term_months,
        ("terms",),
        t.minimum_term_months,
    )
    if not data.title.strip():
        errors.insert(
            0, UserError(ContractErrorCode.TITLE_REQUIRED, "Give the contract a title.", ("title",))
        )
    elif len(data.title.strip()) > rules.MAX_TITLE:
        errors.insert(
            0,
            UserError(
                ContractErrorCode.TITLE_REQUIRED,
                f"Keep the title under {rules.MAX_TITLE} characters.",
                ("title",),
            ),
        )
    return errors


async def _insert(
    actor: Actor, customer_id: uuid.UUID, title: str, terms: Terms, owner_id: uuid.UUID | None
) -> Contract:
    number = await _NUMBERS.take(actor)
    contract = Contract(
        tenant_id=actor.tenant_id,
        id=new_id(),
        number=f"CT-{number:06d}",
        customer_id=customer_id,
        title=title.strip(),
        owner_id=owner_id,
        start_date=terms.start_date,
        initial_term_months=terms.initial_term_months,
        current_term_start=terms.start_date,
        current_term_end=rules.term_end(terms.start_date, terms.initial_term_months),
        renewal_type=terms.renewal_type.value,
        renewal_term_months=terms.renewal_term_months,
        notice_days=terms.notice_days,
        minimum_term_months=terms.minimum_term_months,
        renewal_count=0,
        status=ContractStatus.DRAFT.value,
        version_count=0,
    )
    actor.session.add(contract)
    await actor.session.flush()
    return contract


async def _created(actor: Actor, contract: Contract) -> None:
    await audit.record(
        actor, "contracts.create", "contract", contract.id, after=lifecycle.summary(contract)
    )
    await emit(
        actor,
        ContractCreated(
            contract_id=contract.id,
            number=contract.number,
            customer_id=contract.customer_id,
            quote_id=contract.quote_id,
        ),
    )


async def create_contract(actor: Actor, data: NewContract) -> Contract:
    """createContract (contracts:write): the contract and its version 1 (the uploaded PDF,
    else the template rendered with the customer's data), sent for signature when asked."""
    await actor.require("contracts", "write")
    errors = _check(data)
    if errors:
        raise BusinessRuleError(*errors)
    try:
        await customers.get_customer(actor, data.customer_id)
    except (NotFound, Forbidden) as error:
        raise BusinessRuleError(
            UserError(ContractErrorCode.UNKNOWN_CUSTOMER, "No such customer.", ("customerId",))
        ) from error
    template = None
    if data.upload_id is None:
        template = await template_for(actor, data.template_id, ("templateId",))
    owner = data.owner_id or await _owner(actor, data.customer_id)
    contract = await _insert(actor, data.customer_id, data.title, data.terms, owner)
    contract.template_id = template.id if template else None
    version = await versions.add_version(
        actor, contract, template=template, upload_id=data.upload_id
    )
    if data.send:
        await versions.send(actor, contract, version)
    await _created(actor, contract)
    await lifecycle.refresh(actor, contract)
    return contract


async def create_contract_for_quote(actor: Actor, data: QuoteContract) -> uuid.UUID:
    """The contract of an accepted quote, bound to the customer, the quote, its order and
    subscription, with version 1 rendered from the template and sent for signature, so the
    customer can sign it in the portal at once. The caller checked its permission."""
    terms = Terms(
        data.start_date,
        data.initial_term_months,
        data.renewal_type,
        data.renewal_term_months,
        data.notice_days,
    )
    errors = check_terms(
        terms.start_date,
        terms.initial_term_months,
        terms.notice_days,
        terms.renewal_type,
        terms.renewal_term_months,
        data.field_prefix,
    )
    if errors:
        raise BusinessRuleError(*errors)
    template = await template_for(actor, data.template_id, (*data.field_prefix, "templateId"))
    owner = await _owner_of_customer(actor, data.customer_id)
    contract = await _insert(
        actor, data.customer_id, f"Agreement for quote {data.quote_number}", terms, owner
    )
    contract.template_id, contract.quote_id = template.id, data.quote_id
    contract.quote_number = data.quote_number
    for kind, ids in (
        (LinkKind.ORDER, data.order_ids),
        (LinkKind.SUBSCRIPTION, data.subscription_ids),
    ):
        for target_id in dict.fromkeys(ids):
            actor.session.add(
                ContractLink(
                    tenant_id=actor.tenant_id,
                    id=new_id(),
                    contract_id=contract.id,
                    customer_id=contract.customer_id,
                    kind=kind.value,
                    target_id=target_id,
                )
            )
    version = await versions.add_version(actor, contract, template=template, upload_id=None)
    await versions.send(actor, contract, version)
    await _created(actor, contract)
    await lifecycle.refresh(actor, contract)
    return contract.id


async def _owner_of_customer(actor: Actor, customer_id: uuid.UUID) -> uuid.UUID | None:
    customer = await customers.customer_for_system(actor, customer_id)
    return customer.owner_id if customer else None


async def _owner(actor: Actor, customer_id: uuid.UUID) -> uuid.UUID | None:
    """Who gets the reminders: the staff user creating the contract, else (an API client)
    the customer's owner; reminders notify users only."""
    principal = actor.require_principal()
    if principal.kind is PrincipalKind.STAFF:
        return principal.subject_id
    return await _owner_of_customer(actor, customer_id)
