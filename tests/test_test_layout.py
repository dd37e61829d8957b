"""Test modules share helpers through tests/support, never through each other: importing a
test module pulls its fixtures and documents into whoever imports it, and ties one domain's
tests to another's. The check reads the sources; it needs no stack."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def is_test_module(module: str) -> bool:
    """A test module: tests.test_* or tests.browser.test_*."""
    return module.startswith(("tests.test_", "tests.browser.test_"))


def imported_modules(node: ast.Import | ast.ImportFrom, package: str) -> list[str]:
    """The modules an import statement in `package` may load, relative ones made absolute
    (`from x import y` loads x, or x.y when y is a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = package.rsplit(".", node.level - 1)[0] if node.level else ""
    module = ".".join(part for part in (base, node.module or "") if part)
    return [module, *(f"{module}.{alias.name}" for alias in node.names)]


def imports_of_test_modules(source: str, package: str) -> list[tuple[int, str]]:
    return [
        (node.lineno, module)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for module in imported_modules(node, package)
        if is_test_module(module)
    ]


def test_no_module_under_tests_imports_a_test_module() -> None:
    offenders = [
        f"{path.relative_to(TESTS.parent)}:{line} imports {module}"
        for path in sorted(TESTS.rglob("*.py"))
        for line, module in imports_of_test_modules(
            path.read_text(encoding="utf-8"), ".".join(path.relative_to(TESTS.parent).parent.parts)
        )
    ]
    assert offenders == [], "share helpers through tests/support:\n" + "\n".join(offenders)


def test_every_form_of_importing_a_test_module_is_seen() -> None:
    orders = "tests.test_orders"
    forbidden = {
        f"from {orders} import open_shop": "tests.browser",
        f"import {orders}": "tests.support",
        "from tests import test_orders": "tests",
        "from .test_portal import placed": "tests",
        "from . import test_portal": "tests",
        "from ..test_orders import open_shop": "tests.browser",
    }
    allowed = ["from tests.support.orders import open_shop", "from tests import support"]
    assert all(imports_of_test_modules(line, package) for line, package in forbidden.items())
    assert not any(imports_of_test_modules(line, "tests.browser") for line in allowed)
