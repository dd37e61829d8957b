"""Contract templates: the tenant's texts versions are rendered from. A tenant gets the
default template on first use; contracts:configure changes them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

import audit.services as audit
from contracts import rules
from contracts.errors import ContractErrorCode
from contracts.models import ContractTemplate
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from core.ids import new_id

NO_ROW = uuid.UUID(int=0)


@dataclass(frozen=True)
class TemplateInfo:
    id: uuid.UUID
    name: str
    is_default: bool


@dataclass(frozen=True)
class TemplateInput:
    name: str
    body: str
    is_default: bool


async def default_template(actor: Actor) -> ContractTemplate:
    """The tenant's default template. The first use creates it from the built-in text in a
    transaction of its own, committed at once, so its id is stable even when the caller
    only reads (a concurrent first use inserts nothing and reads the other's)."""
    found = await _default(actor)
    if found is not None:
        return found
    async with actor.services.db.transaction(actor.tenant_id) as session:
        await session.execute(
            insert(ContractTemplate)
            .values(
                tenant_id=actor.tenant_id,
                id=new_id(),
                name=rules.DEFAULT_TEMPLATE_NAME,
                body=rules.DEFAULT_TEMPLATE_BODY,
                is_default=True,
            )
            .on_conflict_do_nothing()
        )
    created = await _default(actor)
    assert created is not None
    return created


async def _default(actor: Actor) -> ContractTemplate | None:
    return await actor.session.scalar(
        select(ContractTemplate).where(
            ContractTemplate.tenant_id == actor.tenant_id, ContractTemplate.is_default
        )
    )


async def template_for(
    actor: Actor, template_id: uuid.UUID | None, field: tuple[str, ...]
) -> ContractTemplate:
    """The named template of the bound tenant (the default for None), or UNKNOWN_TEMPLATE."""
    if template_id is None:
        return await default_template(actor)
    found = await actor.session.get(ContractTemplate, (actor.tenant_id, template_id))
    if found is None:
        raise BusinessRuleError(
            UserError(ContractErrorCode.UNKNOWN_TEMPLATE, "No such contract template.", field)
        )
    return found


async def list_templates(actor: Actor) -> list[ContractTemplate]:
    """The tenant's templates by name (contracts:read), the default one created if none."""
    actor.require_staff()
    statement = await access.restrict(actor, ContractTemplate)
    await default_template(actor)
    return list((await actor.session.scalars(statement.order_by(ContractTemplate.name))).all())


async def contract_templates(actor: Actor) -> list[TemplateInfo]:
    """For the quote form: every template's id, name and whether it is the default."""
    return [TemplateInfo(t.id, t.name, t.is_default) for t in await list_templates(actor)]


def _check(data: TemplateInput) -> list[UserError]:
    errors: list[UserError] = []
    if not data.name.strip():
        errors.append(UserError(ContractErrorCode.NAME_REQUIRED, "Name the template.", ("name",)))
    unknown = rules.unknown_placeholders(data.body)
    if unknown:
        errors.append(
            UserError(
                ContractErrorCode.PLACEHOLDER_UNKNOWN,
                f"Unknown placeholders: {', '.join(unknown)}.",
                ("body",),
                {"placeholders": ", ".join(unknown)},
            )
        )
    if not data.body.strip():
        errors.append(
            UserError(ContractErrorCode.TEMPLATE_REQUIRED, "Write the template's text.", ("body",))
        )
    return errors


async def save_template(
    actor: Actor, template_id: uuid.UUID | None, data: TemplateInput
) -> ContractTemplate:
    """Create (no id) or change a template (contracts:configure); making one the default
    makes the others not."""
    await actor.require("contracts", "configure")
    errors = _check(data)
    if errors:
        raise BusinessRuleError(*errors)
    await default_template(actor)
    name = data.name.strip()
    taken = await actor.session.scalar(
        select(ContractTemplate.id).where(
            ContractTemplate.tenant_id == actor.tenant_id,
            ContractTemplate.name == name,
            ContractTemplate.id != (template_id or NO_ROW),
        )
    )
    if taken is not None:
        raise BusinessRuleError(
            UserError(ContractErrorCode.NAME_TAKEN, "Another template has this name.", ("name",))
        )
    if template_id is None:
        row = ContractTemplate(
            tenant_id=actor.tenant_id, id=new_id(), name=name, body=data.body, is_default=False
        )
        actor.session.add(row)
    else:
        row = await access.get_scoped(actor, ContractTemplate, template_id, "configure", lock=True)
    if data.is_default and not row.is_default:
        await actor.session.execute(
            update(ContractTemplate)
            .where(ContractTemplate.tenant_id == actor.tenant_id, ContractTemplate.is_default)
            .values(is_default=False)
        )
        await actor.session.flush()
    row.name, row.body = name, data.body
    row.is_default = row.is_default or data.is_default
    row.updated_at = datetime.now(UTC)
    await actor.session.flush()
    await audit.record(actor, "contracts.save_template", "contract_template", row.id)
    return row
