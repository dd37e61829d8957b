"""Signing a company up: the tenant, its default roles and departments, and its owner, in
one transaction, with the owner signed in. Identity owns it because it ends in a session;
the tenant record itself is tenants'."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import audit.services as audit
import rbac.services as rbac
import tenants.services as tenants
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from core.tenancy import Principal, PrincipalKind
from identity.checks import check_email, check_password, check_person_name, normalize_email
from identity.sign_in import create_owner, issue_session
from identity.tokens import IssuedSession

if TYPE_CHECKING:
    from tenants.models import Tenant


@dataclass
class SignUpInput:
    organization_name: str
    slug: str
    owner_name: str
    email: str
    password: str


def check_sign_up(data: SignUpInput) -> list[UserError]:
    errors = tenants.check_new_tenant(data.organization_name, data.slug)
    owner_name_error = check_person_name(data.owner_name, "ownerName")
    if owner_name_error:
        errors.append(owner_name_error)
    email_error = check_email(data.email)
    if email_error:
        errors.append(email_error)
    password_error = check_password(
        data.password, data.email, data.owner_name, data.organization_name, data.slug
    )
    if password_error:
        errors.append(password_error)
    return errors


async def sign_up(actor: Actor, data: SignUpInput) -> tuple[Tenant, IssuedSession]:
    """Create the tenant, its departments, default roles and owner in one transaction."""
    data.slug = data.slug.strip().lower()
    data.email = normalize_email(data.email)
    errors = check_sign_up(data)
    if errors:
        raise BusinessRuleError(*errors)
    tenant = await tenants.create_tenant(
        actor, data.slug, data.organization_name.strip(), data.email
    )
    await rbac.seed_default_roles(actor, tenant.id)
    owner = await create_owner(actor, tenant.id, data.owner_name.strip(), data.email, data.password)
    actor.principal = Principal(kind=PrincipalKind.STAFF, tenant_id=tenant.id, subject_id=owner.id)
    await audit.record(
        actor,
        "tenants.sign_up",
        "tenant",
        tenant.id,
        actor_label=owner.email,
        after={"slug": tenant.slug, "name": tenant.name},
    )
    return tenant, await issue_session(actor, actor.principal)
