"""Every audit action the server can record has a name in the console's audit log, in
English and in Chinese (frontend/src/shared/i18n/features/auditLog.ts): a new action
without one would show its raw code (`orders.add_tag`) to the reader.

The actions are read from the code that records them: each `audit.record(actor, action, ...)`
and `audit.AuditRecord(action, ...)` under platform/. An action passed down from a caller is
any `domain.action` text of that module; an action built from a value lists that value's
choices below, so a new kind of builder fails here until it is taught."""

from __future__ import annotations

import ast
import json
import re
import subprocess
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

from approvals.rules import Decision as ApprovalDecision
from order_changes.rules import Decision as ChangeDecision
from orders.rules import Action as OrderAction
from payments.invoice_documents import Kind as InvoiceKind

ROOT = Path(__file__).resolve().parents[1]
PLATFORM = ROOT / "platform"
FRONTEND = ROOT / "frontend"
I18N = FRONTEND / "src" / "shared" / "i18n" / "features" / "auditLog.ts"
ACTION = re.compile(r"^[a-z_]+\.[a-z_]+$")

# The leading text of an action built as an f-string, and the values its one placeholder
# takes.
BUILT: dict[str, type[Enum]] = {
    "orders.": OrderAction,
    "approvals.": ApprovalDecision,
    "order_changes.": ChangeDecision,
    "invoices.issue_": InvoiceKind,
}


def _action_argument(call: ast.Call) -> ast.expr | None:
    """The action of `audit.record(actor, action, ...)` or `audit.AuditRecord(action, ...)`."""
    function = call.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    owner = function.value if isinstance(function, ast.Attribute) else None
    for keyword in call.keywords:
        if keyword.arg == "action" and name in ("record", "AuditRecord"):
            return keyword.value
    if name == "record" and isinstance(owner, ast.Name) and owner.id == "audit":
        return call.args[1] if len(call.args) > 1 else None
    if name == "AuditRecord":
        return call.args[0] if call.args else None
    return None


def _built(node: ast.JoinedStr) -> list[str]:
    head = node.values[0]
    prefix = head.value if isinstance(head, ast.Constant) else ""
    assert isinstance(prefix, str) and prefix in BUILT and len(node.values) == 2, (
        f"teach this test the choices of the audit action {ast.unparse(node)}"
    )
    return [f"{prefix}{choice.value}" for choice in BUILT[prefix]]


def _actions_of(node: ast.expr, module: ast.Module) -> Iterator[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _actions_of(node.body, module)
        yield from _actions_of(node.orelse, module)
    elif isinstance(node, ast.JoinedStr):
        yield from _built(node)
    elif isinstance(node, ast.Name):  # passed down by the module's own callers
        for text in ast.walk(module):
            if isinstance(text, ast.Constant) and ACTION.match(str(text.value)):
                yield str(text.value)
    elif not (isinstance(node, ast.Attribute) and node.attr == "action"):
        # (`record.action` re-records an AuditRecord, counted where it was built.)
        raise AssertionError(f"teach this test the audit action {ast.unparse(node)}")


def recordable_actions() -> set[str]:
    actions: set[str] = set()
    for path in PLATFORM.rglob("*.py"):
        module = ast.parse(path.read_text(), str(path))
        for call in ast.walk(module):
            if isinstance(call, ast.Call) and (argument := _action_argument(call)) is not None:
                actions.update(_actions_of(argument, module))
    return actions


def named_actions() -> dict[str, set[str]]:
    """The actions auditLog.ts names, per language."""
    bundled = subprocess.run(
        [
            str(FRONTEND / "node_modules" / ".bin" / "esbuild"),
            str(I18N),
            "--bundle",
            "--format=iife",
            "--global-name=auditLog",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    printed = subprocess.run(
        ["node", "-"],
        input=bundled + "console.log(JSON.stringify({en: auditLog.auditLogEn.actions, "
        "zh: auditLog.auditLogZh.actions}));",
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    names: dict[str, dict[str, dict[str, str]]] = json.loads(printed)
    return {
        language: {
            f"{domain}.{action}"
            for domain, labels in domains.items()
            for action, label in labels.items()
            if label.strip()
        }
        for language, domains in names.items()
    }


def test_the_collector_finds_actions_recorded_every_way() -> None:
    actions = recordable_actions()
    assert {
        "orders.add_tag",  # a literal
        "orders.ship",  # an f-string over the order actions
        "invoices.issue_credit_note",  # an f-string over the document kinds
        "catalog.set_product_active",  # passed down to a helper that records it
        "orders.unfollow",  # one branch of a conditional
        "orders.create",  # an AuditRecord of a batch
    } <= actions


def test_every_recordable_audit_action_has_an_english_and_a_chinese_name() -> None:
    actions = recordable_actions()
    named = named_actions()
    for language in ("en", "zh"):
        unnamed = sorted(actions - named[language])
        assert not unnamed, f"name these in auditLog.ts ({language}): {unnamed}"
