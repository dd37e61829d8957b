"""Return use cases, the one module other domains import: reading returns within the
caller's data scope (`reading`), asking for one (`requesting`), approving, declining,
receiving, resolving, closing and cancelling (`progress`), inspecting received goods
(`inspection`: the only place stock moves) and the tenant's return window (`settings`).

Permissions: returns:read, :write (create, receive, resolve, close, cancel), :approve
(approve, decline), :inspect (receive, inspect); a portal contact reaches their own
customer's returns and asks for new ones.
"""

from __future__ import annotations

from returns.approving import approve_return, decided_by_approval
from returns.inspection import Inspection, inspect_return_line
from returns.labels import return_label
from returns.progress import (
    Receipt,
    cancel_return,
    close_return,
    decline_return,
    receive_return,
)
from returns.reading import (
    ReturnFilter,
    inspections_of_lines,
    lines_of_returns,
    list_returns,
    portal_return,
    portal_returns,
    quarantined_quantities,
    return_by_number,
    returns_by_id,
    returns_of_exchange_orders,
    returns_of_orders,
)
from returns.report import ReturnsReport, returns_report
from returns.requesting import (
    NewReturn,
    NewReturnLine,
    PortalReturnInput,
    ReturnableLine,
    create_return,
    portal_request_return,
    portal_returnable_lines,
)
from returns.resolution import ResolutionPlan, preview_resolution, resolve_return
from returns.settings import (
    ReturnRules,
    read_return_rules,
    read_window_days,
    return_rules,
    update_return_rules,
    update_window_days,
    window_days,
)

__all__ = [
    "Inspection",
    "NewReturn",
    "NewReturnLine",
    "PortalReturnInput",
    "Receipt",
    "ResolutionPlan",
    "ReturnFilter",
    "ReturnRules",
    "ReturnableLine",
    "ReturnsReport",
    "approve_return",
    "cancel_return",
    "close_return",
    "create_return",
    "decided_by_approval",
    "decline_return",
    "inspect_return_line",
    "inspections_of_lines",
    "lines_of_returns",
    "list_returns",
    "portal_request_return",
    "portal_return",
    "portal_returnable_lines",
    "portal_returns",
    "preview_resolution",
    "quarantined_quantities",
    "read_return_rules",
    "read_window_days",
    "receive_return",
    "resolve_return",
    "return_by_number",
    "return_label",
    "return_rules",
    "returns_by_id",
    "returns_of_exchange_orders",
    "returns_of_orders",
    "returns_report",
    "update_return_rules",
    "update_window_days",
    "window_days",
]
