"""The resources and actions permissions are granted on, and the roles every tenant starts
with. Domains add their resources here as they arrive."""

from __future__ import annotations

from dataclasses import dataclass

from core.context import DataScope


@dataclass(frozen=True)
class Resource:
    key: str
    description: str
    actions: tuple[str, ...]


RESOURCES: tuple[Resource, ...] = (
    Resource("users", "Staff users and departments", ("read", "invite", "update", "deactivate")),
    Resource("roles", "Roles, permissions and role assignments", ("read", "write")),
    Resource("api_clients", "API clients of integrators", ("read", "write")),
    Resource("audit", "The audit log", ("read",)),
    Resource("settings", "Company profile and settings", ("read", "write")),
    Resource(
        "customers",
        "Customers, contacts, addresses; credit limits and payment terms (credit)",
        ("read", "write", "portal", "credit"),
    ),
    Resource("events", "Event deliveries and the dead-letter list", ("read", "retry")),
    Resource("products", "Products, options and SKUs", ("read", "write")),
    Resource("price_books", "Price books and their prices", ("read", "write")),
    Resource(
        "inventory",
        "Stock levels, receipts, adjustments and backorders",
        ("read", "write", "backorder"),
    ),
    Resource("warehouses", "Warehouses and the regions they serve", ("read", "write")),
    Resource(
        "orders",
        "Orders and their lifecycle actions; discount_any allows prices below cost",
        (
            "read",
            "write",
            "submit",
            "confirm",
            "cancel",
            "mark_paid",
            "ship",
            "deliver",
            "complete",
            "discount_any",
        ),
    ),
    Resource(
        "comments",
        "Comments on orders the user can read (editing and deleting one's own)",
        ("write",),
    ),
    Resource(
        "order_changes",
        "Change requests of confirmed orders: ask for (request) and decide (approve) changes",
        ("read", "request", "approve"),
    ),
    Resource(
        "imports",
        "Bulk imports of customers, products and orders (rows also need the "
        "kind's write permission)",
        ("read", "run"),
    ),
    Resource(
        "approvals",
        "Order approvals: the inbox (read), the rules (configure) and "
        "deciding steps of each level (finance, manager, director)",
        ("read", "configure", "finance", "manager", "director"),
    ),
    Resource(
        "payments",
        "Payments and receivables: seeing them (read), recording manual "
        "payments (record), the tenant's Stripe connection (configure)",
        ("read", "record", "configure"),
    ),
    Resource(
        "invoices",
        "Invoices and credit notes: seeing them and their PDFs (read), "
        "issuing invoices and credit notes (issue), voiding them (void)",
        ("read", "issue", "void"),
    ),
    Resource(
        "refunds",
        "Refunds: seeing them (read), asking for one (request), approving and "
        "paying it out or rejecting it (execute)",
        ("read", "request", "execute"),
    ),
    Resource(
        "tickets",
        "Support tickets: seeing them (read), creating, replying and moving them on (write), "
        "choosing their owner and department (assign), the tenant's categories (configure)",
        ("read", "write", "assign", "configure"),
    ),
    Resource(
        "returns",
        "Returns (RMA): seeing them (read), creating, receiving, resolving and cancelling "
        "them (write), approving or declining them (approve), inspecting returned goods "
        "(inspect)",
        ("read", "write", "approve", "inspect"),
    ),
    Resource(
        "quotes",
        "Quotes: seeing them (read), drafting, revising, sending and withdrawing them (write)",
        ("read", "write"),
    ),
    Resource(
        "contracts",
        "Contracts: seeing them (read), drafting, sending, amending, renewing and terminating "
        "them (write), signing for the company (countersign), the tenant's templates "
        "(configure)",
        ("read", "write", "countersign", "configure"),
    ),
    Resource(
        "subscriptions",
        "Subscriptions: seeing them and their periods (read), starting, changing, pausing and "
        "cancelling them (write), the plans and renewal settings (plans)",
        ("read", "write", "plans"),
    ),
    Resource("revenue", "Recurring revenue: MRR, ARR, movements and churn", ("read",)),
)
RESOURCE_ACTIONS = {(r.key, a) for r in RESOURCES for a in r.actions}


@dataclass(frozen=True)
class DefaultRole:
    key: str
    name: str
    description: str
    data_scope: DataScope
    permissions: frozenset[tuple[str, str]]


def _grants(*pairs: str) -> frozenset[tuple[str, str]]:
    """'customers:read' → ('customers', 'read'); 'customers:*' → every action."""
    granted: set[tuple[str, str]] = set()
    for pair in pairs:
        resource, _, action = pair.partition(":")
        if action == "*":
            granted |= {(r, a) for (r, a) in RESOURCE_ACTIONS if r == resource}
        else:
            granted.add((resource, action))
    unknown = granted - RESOURCE_ACTIONS
    assert not unknown, f"unknown permissions in default roles: {unknown}"
    return frozenset(granted)


ADMIN_ROLE = "admin"
DEFAULT_ROLES: tuple[DefaultRole, ...] = (
    DefaultRole(
        ADMIN_ROLE,
        "Administrator",
        "Everything in the tenant, including access control.",
        DataScope.ALL,
        frozenset(RESOURCE_ACTIONS),
    ),
    DefaultRole(
        "manager",
        "Management",
        "Oversees every department's records.",
        DataScope.ALL,
        _grants(
            "comments:write",
            "users:read",
            "roles:read",
            "audit:read",
            "settings:read",
            "customers:*",
            "events:read",
            "inventory:*",
            "warehouses:*",
            "products:*",
            "price_books:*",
            "orders:*",
            "order_changes:*",
            "imports:*",
            "approvals:read",
            "approvals:manager",
            "payments:read",
            "invoices:read",
            "refunds:read",
            "refunds:request",
            "quotes:*",
            "contracts:*",
            "subscriptions:*",
            "revenue:read",
        ),
    ),
    DefaultRole(
        "sales",
        "Sales",
        "Works the customers they own.",
        DataScope.OWN,
        _grants(
            "comments:write",
            "users:read",
            "settings:read",
            "customers:read",
            "customers:write",
            "customers:portal",
            "inventory:read",
            "products:read",
            "price_books:read",
            "orders:read",
            "orders:write",
            "orders:submit",
            "orders:cancel",
            "order_changes:read",
            "order_changes:request",
            "imports:read",
            "imports:run",
            "invoices:read",
            "refunds:read",
            "refunds:request",
            "quotes:read",
            "quotes:write",
            "contracts:read",
            "contracts:write",
            "subscriptions:read",
            "subscriptions:write",
        ),
    ),
    DefaultRole(
        "warehouse",
        "Warehouse",
        "Stock and shipping.",
        DataScope.ALL,
        _grants(
            "comments:write",
            "users:read",
            "settings:read",
            "customers:read",
            "inventory:read",
            "inventory:write",
            "warehouses:*",
            "products:read",
            "orders:read",
            "orders:ship",
            "orders:deliver",
            "order_changes:read",
            "returns:read",
            "returns:inspect",
        ),
    ),
    DefaultRole(
        "finance",
        "Finance",
        "Payments, invoices and receivables.",
        DataScope.ALL,
        _grants(
            "comments:write",
            "users:read",
            "settings:read",
            "customers:read",
            "customers:credit",
            "audit:read",
            "inventory:read",
            "products:read",
            "price_books:*",
            "orders:read",
            "orders:mark_paid",
            "orders:complete",
            "order_changes:read",
            "approvals:read",
            "approvals:finance",
            "payments:read",
            "payments:record",
            "invoices:*",
            "refunds:*",
            "contracts:read",
            "subscriptions:read",
            "revenue:read",
        ),
    ),
    DefaultRole(
        "support",
        "Support",
        "After-sales tickets and returns, for every customer; reads orders.",
        DataScope.ALL,
        _grants(
            "comments:write",
            "users:read",
            "settings:read",
            "customers:read",
            "customers:write",
            "inventory:read",
            "products:read",
            "orders:read",
            "invoices:read",
            "refunds:read",
            "refunds:request",
            "tickets:*",
            "returns:read",
            "returns:write",
            "returns:approve",
            "contracts:read",
            "subscriptions:read",
        ),
    ),
)
DEFAULT_ROLE_FOR_DEPARTMENT = {
    "sales": "sales",
    "warehouse": "warehouse",
    "finance": "finance",
    "support": "support",
    "management": "manager",
}


def built_in_text_code(key: str, name: str, description: str) -> tuple[str | None, str | None]:
    """The built-in role's key for its name and for its description while each is still the
    built-in English one (clients translate them); None where the tenant wrote its own."""
    default = next((d for d in DEFAULT_ROLES if d.key == key), None)
    if default is None:
        return None, None
    return (
        key if name == default.name else None,
        key if description == default.description else None,
    )
