"""`orbit seed-demo` and `orbit create-tenant`: tenants made through the same services the API
uses, so demo data obeys every rule real data does.

The demo is created in three units of work: the sign-up (exactly as the `signUp` mutation
does it), the staff (acting as the demo owner), then the portal customer and the demo's
business (orbit.demo_story: customers, catalogue, prices, stock, orders paid, invoiced,
shipped and refunded; orbit.demo_tickets and orbit.demo_returns: support's SLAs, tickets and
returns; each step taken by the colleague who would take it). Each needs the one
before committed, because permission checks read the tenant's roles and users from the
database. Each step skips what already exists, so running the seed again, or after an
interrupted run, completes the demo without duplicating anything.
"""

from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

import customers.services as customers
import identity.services as identity
import portal.services as portal
from core.context import Actor, Services
from core.errors import BusinessRuleError, UserError
from core.settings import Settings
from core.tenancy import Principal, PrincipalKind
from identity import invitations
from identity.models import Invitation, User
from orbit import (
    demo_contracts,
    demo_quotes,
    demo_returns,
    demo_story,
    demo_subscriptions,
    demo_tickets,
)
from orbit.runtime import open_services
from tenants.models import Tenant

DEMO_SLUG = "demo"
DEMO_NAME = "Orbit Demo Trading"
DEMO_PASSWORD = "orbit-demo-2468"
DEMO_OWNER = ("Olivia Owner", "owner@demo.example.com")
SEED_REQUEST_ID = "orbit-seed-demo"


@dataclass(frozen=True)
class DemoStaff:
    department: str
    name: str
    email: str
    role: str


DEMO_STAFF = (
    DemoStaff("sales", "Sam Seller", "sales@demo.example.com", "sales"),
    DemoStaff("warehouse", "Wes Stock", "warehouse@demo.example.com", "warehouse"),
    DemoStaff("finance", "Fiona Ledger", "finance@demo.example.com", "finance"),
    DemoStaff("support", "Sunny Helper", "support@demo.example.com", "support"),
    DemoStaff("management", "Max Manager", "manager@demo.example.com", "manager"),
)
DEMO_CUSTOMER = "Northwind Retail Ltd"
DEMO_CONTACT = customers.ContactInput(
    name="Nora Buyer", email="nora@northwind.example.com", phone="+44 20 7946 0018"
)


async def seed_demo(settings: Settings) -> str:
    """Create the demo tenant, its staff and a portal customer (skipping what exists) and
    return the logins to print."""
    async with open_services(settings, listen_for_policy_changes=False, pool_size=2) as services:
        owner = await _demo_owner(services)
        created_tenant = owner is None
        if owner is None:
            owner = await _sign_up_demo(services)
        added = await _seed_people(services, owner)
    if created_tenant:
        headline = f'Created the demo tenant "{DEMO_NAME}".'
    elif added:
        headline = f'Completed the demo tenant "{DEMO_NAME}" ({", ".join(added)}).'
    else:
        headline = f'The demo tenant "{DEMO_NAME}" already exists; nothing to do.'
    return f"{headline}\n\n{demo_logins()}"


def demo_logins() -> str:
    staff = [
        ("Owner (admin)", DEMO_OWNER[1]),
        *((f"{s.department.title()} ({s.role})", s.email) for s in DEMO_STAFF),
    ]
    lines = [
        f'Demo logins (organisation "{DEMO_SLUG}", password "{DEMO_PASSWORD}" for all):',
        "  Console:",
    ]
    lines += [f"    {label:<24} {email}" for label, email in staff]
    lines += [
        "  Customer portal:",
        f"    {DEMO_CONTACT.name + ' (' + DEMO_CUSTOMER + ')':<40} {DEMO_CONTACT.email}",
        "    (or ask for a sign-in link; the email lands in the caught mail)",
    ]
    return "\n".join(lines)


async def _demo_owner(services: Services) -> Principal | None:
    """The demo owner's principal, or None when the demo tenant does not exist yet."""
    async with services.db.transaction() as session:
        tenant = await session.scalar(select(Tenant).where(Tenant.slug == DEMO_SLUG))
    if tenant is None:
        return None
    async with services.db.transaction(tenant.id) as session:
        owner_id = await session.scalar(
            select(User.id).where(User.tenant_id == tenant.id, User.email == tenant.owner_email)
        )
    if owner_id is None:
        sys.exit(
            f'The tenant "{DEMO_SLUG}" exists but has no owner account; it is not the '
            "demo tenant. Use another database for the demo."
        )
    return Principal(kind=PrincipalKind.STAFF, tenant_id=tenant.id, subject_id=owner_id)


async def _sign_up_demo(services: Services) -> Principal:
    async with services.db.transaction() as session:
        actor = Actor(services=services, session=session, request_id=SEED_REQUEST_ID)
        _, issued = await identity.sign_up(
            actor,
            identity.SignUpInput(
                organization_name=DEMO_NAME,
                slug=DEMO_SLUG,
                owner_name=DEMO_OWNER[0],
                email=DEMO_OWNER[1],
                password=DEMO_PASSWORD,
            ),
        )
    return issued.principal


async def _seed_people(services: Services, owner: Principal) -> list[str]:
    """Add the demo staff that are missing (committed, so their roles count in permission
    checks), then the portal customer with the demo's business; what was added."""
    added: list[str] = []
    users: dict[str, uuid.UUID] = {}
    async with services.db.transaction(owner.tenant_id) as session:
        actor = Actor(
            services=services, session=session, principal=owner, request_id=SEED_REQUEST_ID
        )
        for staff in DEMO_STAFF:
            existing = await _user_by_email(actor, staff.email)
            if existing is None:
                existing = await _join_staff(actor, owner, staff)
                added.append(staff.email)
            users[staff.department] = existing
    if added:
        await services.authorizer.publish_change(owner.tenant_id)
    async with services.db.transaction(owner.tenant_id) as session:
        actor = Actor(
            services=services, session=session, principal=owner, request_id=SEED_REQUEST_ID
        )
        if not await _customer_exists(actor):
            customer_id = await _add_portal_customer(actor, owner, sales_owner=users["sales"])
            added.append(DEMO_CONTACT.email)
            demo = await demo_story.seed_business(actor, owner, users, customer_id)
            await demo_tickets.seed_tickets(demo)
            await demo_returns.seed_returns(demo)
            await demo_contracts.seed_contracts(demo)
            await demo_subscriptions.seed_subscriptions(demo)
            await demo_quotes.seed_quotes(demo)
            added.append("customers, products, prices, stock, orders, tickets and returns")
    return added


async def _user_by_email(actor: Actor, email: str) -> uuid.UUID | None:
    page = await identity.list_users(actor, identity.UserFilter(search=email), first=5, after=None)
    return next((u.id for u in page.rows if u.email == email), None)


async def _join_staff(actor: Actor, owner: Principal, staff: DemoStaff) -> uuid.UUID:
    """Invite the colleague and accept the invitation with the token its email would carry."""
    user = await identity.invite_user(
        actor,
        identity.InviteInput(
            email=staff.email,
            name=staff.name,
            department_key=staff.department,
            role_keys=[staff.role],
        ),
    )
    token = await _invitation_token(actor, user.id)
    await identity.accept_invitation(actor, token, DEMO_PASSWORD, None)
    actor.principal = owner  # accepting signed the colleague in; act as the owner again
    return user.id


async def _invitation_token(actor: Actor, user_id: uuid.UUID) -> str:
    invitation_id = await actor.session.scalar(
        select(Invitation.id).where(
            Invitation.tenant_id == actor.tenant_id, Invitation.user_id == user_id
        )
    )
    assert invitation_id is not None  # invite_user has just created it
    letter = await invitations.prepare_letter(actor, invitation_id)
    assert letter is not None  # a brand-new invitation is open
    return parse_qs(urlsplit(letter.link).query)["token"][0]


async def _customer_exists(actor: Actor) -> bool:
    page = await customers.list_customers(actor, DEMO_CONTACT.email, first=5, after=None)
    return bool(page.rows)


async def _add_portal_customer(actor: Actor, owner: Principal, sales_owner: uuid.UUID) -> uuid.UUID:
    """A customer owned by the sales colleague, whose contact may use the portal and has
    chosen the demo password."""
    customer = await customers.create_customer(
        actor,
        customers.NewCustomer(name=DEMO_CUSTOMER, owner_id=sales_owner, contacts=[DEMO_CONTACT]),
    )
    [[contact]] = await customers.contacts_of_customers(actor, [customer.id])
    await customers.grant_portal_access(actor, contact.id)
    actor.principal = Principal(
        kind=PrincipalKind.PORTAL,
        tenant_id=owner.tenant_id,
        subject_id=contact.id,
        customer_id=customer.id,
    )
    await portal.set_password(actor, DEMO_PASSWORD)
    actor.principal = owner
    return customer.id


async def create_tenant(
    settings: Settings, name: str, slug: str, owner_name: str, email: str, password: str
) -> str:
    """Sign a company up as the `signUp` mutation does; exits non-zero on user errors."""
    async with open_services(settings, listen_for_policy_changes=False, pool_size=2) as services:
        try:
            async with services.db.transaction() as session:
                actor = Actor(services=services, session=session, request_id="orbit-cli")
                tenant, _ = await identity.sign_up(
                    actor,
                    identity.SignUpInput(
                        organization_name=name,
                        slug=slug,
                        owner_name=owner_name,
                        email=email,
                        password=password,
                    ),
                )
        except BusinessRuleError as error:
            sys.exit(
                "The tenant was not created:\n" + "\n".join(_describe(e) for e in error.errors)
            )
    return (
        f'Created tenant "{tenant.name}" (organisation address "{tenant.slug}"); its owner '
        f"{tenant.owner_email} can sign in now."
    )


def _describe(error: UserError) -> str:
    field = _CLI_OPTIONS.get(error.field[-1], error.field[-1]) if error.field else "-"
    return f"  {field}: {error.message} ({error.code})"


_CLI_OPTIONS = {
    "organizationName": "--name",
    "slug": "--slug",
    "ownerName": "--owner-name",
    "email": "--email",
    "password": "--password",
}
