"""The import contract of platform/ (issue 11), read from the source with `ast`: no stack.

Packages: `core` is the ground floor, `orbit` the composition root (it may import anything),
every other top-level package under platform/ is a domain (`portal` too).

Rules
* CORE: `core` imports no domain, at any level.
* A domain uses another domain only through that domain's public surface:
  - its `services` module (`import orders.services as orders`, `from orders.services import x`),
    and, by the same convention, its `events` module (the event catalogue other domains'
    handlers react to) and its `errors` module (its ErrorCode enum, which callers and clients
    branch on) — PUBLIC_MODULE_NAMES;
  - a name listed in `__all__` of the domain's `__init__.py` (`from orders import x`);
  - a module PUBLIC_MODULES names, with its reason;
  - its `models`, for annotations only: under `if TYPE_CHECKING:`.
  Everything else is a violation: MODELS (another domain's models at run time), SCHEMA
  (another domain's `schema` or `*_schema` module, even under TYPE_CHECKING or through
  `strawberry.lazy("x.schema")`), INTERNAL (any other module or package name), PRIVATE (a
  name starting with `_` imported from, or reached through, another domain's module).
* CYCLE: no import cycle between domains (module-level, run-time imports: what Python
  executes when the module loads). Each elementary cycle is reported once, starting at its
  alphabetically first domain.
* NESTED: no import of another domain inside a function (such imports dodge cycles);
  imports under `if TYPE_CHECKING:` are fine wherever they are.

`tests/` importing `tests.test_*` is tests/test_test_layout.py's business, not this file's.

KNOWN_VIOLATIONS lists what the code does today. A violation not in the table fails; an
entry that no longer occurs fails too ("remove this entry"), so the table only shrinks.
Regenerate it after fixing one:

    .venv/bin/python -m tests.test_import_contract --print-violations

then paste the output over the table and run `ruff format` on this file.
"""

from __future__ import annotations

import ast
import json
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parents[1]
PLATFORM = REPO / "platform"
CORE_PACKAGE = "core"
COMPOSITION_ROOT = "orbit"

PUBLIC_MODULE_NAMES: dict[str, str] = {
    "services": "a domain's use cases (docs/architecture.md)",
    "events": "a domain's event catalogue: the payloads other domains' handlers react to",
    "errors": "a domain's ErrorCode enum: callers and clients branch on its codes",
}
PUBLIC_MODULES: dict[str, str] = {
    "customers.access": "how a caller reaches customers (data scope, portal); other domains "
    "narrow their own lists to the customers the caller may see with it",
}
TYPE_ONLY_MODULE_NAME = "models"

CORE = "core"
MODELS = "models"
SCHEMA = "schema"
INTERNAL = "internal"
PRIVATE = "private"
CYCLE = "cycle"
NESTED = "nested"

RULES: dict[str, str] = {
    CORE: "core imports no domain",
    MODELS: "another domain's models only under `if TYPE_CHECKING:`",
    SCHEMA: "never another domain's schema or *_schema module",
    INTERNAL: "another domain only through its services/events/errors, __all__ or PUBLIC_MODULES",
    PRIVATE: "never a `_private` name of another domain",
    CYCLE: "no import cycle between domains",
    NESTED: "no function-level import of another domain",
}

ISSUE_11 = "to be removed by issue 11 migration"

# (importing module, imported module or name, rule): reason
KNOWN_VIOLATIONS: dict[tuple[str, str, str], str] = {}


class Where(Enum):
    """Where a reference to another module sits, which decides the rules it answers to."""

    MODULE = "module level"
    TYPE_CHECKING = "under TYPE_CHECKING"
    FUNCTION = "inside a function"
    LAZY = "strawberry.lazy"
    ATTRIBUTE = "attribute of an imported module"


@dataclass(frozen=True)
class Reference:
    """One module's use of another module (or of one name in it)."""

    importer: str
    module: str
    name: str | None
    where: Where
    file: str
    line: int

    @property
    def imported(self) -> str:
        return f"{self.module}.{self.name}" if self.name else self.module

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"


class Violation(NamedTuple):
    importer: str
    imported: str
    rule: str


def top(module: str) -> str:
    return module.split(".", 1)[0]


def last(module: str) -> str:
    return module.rsplit(".", 1)[-1]


class Tree:
    """The packages under a source root and their modules."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.packages = sorted(p.parent.name for p in root.glob("*/__init__.py"))
        self.domains = [p for p in self.packages if p not in (CORE_PACKAGE, COMPOSITION_ROOT)]
        self.exports: dict[str, set[str]] = {}

    def modules(self) -> Iterator[tuple[str, Path]]:
        for package in self.packages:
            for path in sorted((self.root / package).rglob("*.py")):
                parts = path.relative_to(self.root).with_suffix("").parts
                yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path

    def is_module(self, module: str) -> bool:
        base = self.root.joinpath(*module.split("."))
        return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()

    def exported(self, package: str) -> set[str]:
        """The names in `__all__` of a package's `__init__.py`."""
        if package not in self.exports:
            init = self.root / package / "__init__.py"
            self.exports[package] = set()
            for node in ast.parse(init.read_text(encoding="utf-8")).body:
                if isinstance(node, ast.Assign) and "__all__" in map(ast.unparse, node.targets):
                    self.exports[package] = set(map(str, ast.literal_eval(node.value)))
        return self.exports[package]


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def lazy_target(node: ast.Call) -> str | None:
    """The module of `strawberry.lazy("x.schema")`, a run-time import in disguise."""
    func = node.func
    is_lazy = (isinstance(func, ast.Attribute) and func.attr == "lazy") or (
        isinstance(func, ast.Name) and func.id == "lazy"
    )
    if is_lazy and node.args and isinstance(node.args[0], ast.Constant):
        value = node.args[0].value
        return value if isinstance(value, str) else None
    return None


def dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


class ModuleScanner:
    """Every reference one module makes to a platform module, with where it sits."""

    def __init__(self, tree: Tree, module: str, path: Path) -> None:
        self.tree = tree
        self.module = module
        self.path = path
        self.file = str(path.relative_to(tree.root.parent))
        self.package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        self.aliases: dict[str, str] = {}
        self.found: list[Reference] = []

    def scan(self) -> list[Reference]:
        source = ast.parse(self.path.read_text(encoding="utf-8"), str(self.path))
        self.visit(source, Where.MODULE)
        self.visit_attributes(source)
        return self.found

    def visit(self, node: ast.AST, where: Where) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and is_type_checking(child.test):
                for statement in child.body:
                    self.visit_node(statement, Where.TYPE_CHECKING)
                for statement in child.orelse:
                    self.visit_node(statement, where)
            else:
                self.visit_node(child, where)

    def visit_node(self, node: ast.AST, where: Where) -> None:
        if isinstance(node, ast.Import | ast.ImportFrom):
            self.record_import(node, where)
        elif isinstance(node, ast.Call) and (target := lazy_target(node)):
            self.add(target, None, Where.LAZY, node.lineno)
        inner = where
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            inner = Where.FUNCTION if where is Where.MODULE else where
        self.visit(node, inner)

    def record_import(self, node: ast.Import | ast.ImportFrom, where: Where) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.add(alias.name, None, where, node.lineno)
                if alias.asname:
                    self.aliases[alias.asname] = alias.name
                else:
                    self.aliases.setdefault(top(alias.name), top(alias.name))
            return
        base = self.absolute(node)
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            if self.tree.is_module(submodule):
                self.add(submodule, None, where, node.lineno)
                self.aliases[alias.asname or alias.name] = submodule
            else:
                self.add(base, alias.name, where, node.lineno)

    def absolute(self, node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        parts = self.package.split(".")
        base = ".".join(parts[: len(parts) - node.level + 1])
        return f"{base}.{node.module}" if node.module else base

    def visit_attributes(self, source: ast.Module) -> None:
        """`orders._helper` through `import orders.services as orders`: a private name too."""
        for node in ast.walk(source):
            if not isinstance(node, ast.Attribute) or not is_private(node.attr):
                continue
            chain = dotted(node.value)
            if chain is None or top(chain) not in self.aliases:
                continue
            head, _, rest = chain.partition(".")
            module = ".".join(filter(None, [self.aliases[head], rest]))
            if self.tree.is_module(module):
                self.add(module, node.attr, Where.ATTRIBUTE, node.lineno)

    def add(self, module: str, name: str | None, where: Where, line: int) -> None:
        if top(module) in self.tree.packages:
            self.found.append(Reference(self.module, module, name, where, self.file, line))


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def is_schema_module(module: str) -> bool:
    return last(module) == "schema" or last(module).endswith("_schema")


def surface_rule(tree: Tree, ref: Reference) -> str | None:
    """The surface rule `ref` breaks, if any (both ends are different domains)."""
    domain = top(ref.module)
    if any(is_private(part) for part in [*ref.module.split("."), ref.name or ""]):
        return PRIVATE
    if is_schema_module(ref.module):
        return SCHEMA
    if ref.where is Where.ATTRIBUTE:
        return None
    if ref.module == f"{domain}.{TYPE_ONLY_MODULE_NAME}":
        return None if ref.where is Where.TYPE_CHECKING else MODELS
    if ref.module == domain:
        return None if ref.name is None or ref.name in tree.exported(domain) else INTERNAL
    conventional = {f"{domain}.{name}" for name in PUBLIC_MODULE_NAMES}
    return None if ref.module in conventional or ref.module in PUBLIC_MODULES else INTERNAL


def reference_violations(tree: Tree, ref: Reference) -> Iterator[Violation]:
    source, target = top(ref.importer), top(ref.module)
    if source in (COMPOSITION_ROOT, target):
        return
    if source == CORE_PACKAGE:
        yield Violation(ref.importer, ref.imported, CORE)
        return
    if target not in tree.domains:
        return
    if ref.where is Where.FUNCTION:
        yield Violation(ref.importer, ref.imported, NESTED)
    if rule := surface_rule(tree, ref):
        yield Violation(ref.importer, ref.imported, rule)


def domain_edges(tree: Tree, refs: list[Reference]) -> dict[str, dict[str, Reference]]:
    """domain -> imported domain -> the first run-time, module-level import making the edge."""
    edges: dict[str, dict[str, Reference]] = defaultdict(dict)
    for ref in refs:
        source, target = top(ref.importer), top(ref.module)
        if ref.where is Where.MODULE and source != target and {source, target} <= {*tree.domains}:
            edges[source].setdefault(target, ref)
    return edges


def cycles(edges: dict[str, dict[str, Reference]]) -> list[list[str]]:
    """Elementary cycles, each starting at its alphabetically first domain."""
    found: list[list[str]] = []

    def walk(path: list[str]) -> None:
        for following in sorted(edges.get(path[-1], {})):
            if following == path[0]:
                found.append([*path, following])
            elif following > path[0] and following not in path:
                walk([*path, following])

    for start in sorted(edges):
        walk([start])
    return found


@cache
def violations(root: Path = PLATFORM) -> dict[Violation, list[str]]:
    """Every violation under `root`, with where it happens."""
    tree = Tree(root)
    refs = [ref for module, path in tree.modules() for ref in references(tree, module, path)]
    found: dict[Violation, list[str]] = defaultdict(list)
    for ref in refs:
        for violation in reference_violations(tree, ref):
            found[violation].append(f"{ref.location} ({ref.where.value})")
    edges = domain_edges(tree, refs)
    for cycle in cycles(edges):
        steps = pairwise(cycle)
        witnesses = [f"{edges[a][b].importer} imports {edges[a][b].imported}" for a, b in steps]
        found[Violation(cycle[0], " -> ".join(cycle), CYCLE)] = witnesses
    return dict(found)


def references(tree: Tree, module: str, path: Path) -> list[Reference]:
    return ModuleScanner(tree, module, path).scan()


def unexpected(rule: str) -> list[str]:
    """Violations of `rule` the table does not list, and table entries that no longer occur."""
    found = {v: places for v, places in violations().items() if v.rule == rule}
    new = [
        f"new violation, {describe(v)}: {RULES[rule]} ({'; '.join(places)})"
        for v, places in sorted(found.items())
        if v not in KNOWN_VIOLATIONS
    ]
    stale = [
        f"{entry} no longer occurs: remove this entry from KNOWN_VIOLATIONS"
        for entry in sorted(KNOWN_VIOLATIONS)
        if entry[2] == rule and entry not in found
    ]
    return new + stale


def describe(violation: Violation) -> str:
    if violation.rule == CYCLE:
        return violation.imported
    return f"{violation.importer} imports {violation.imported}"


def assert_only_known(rule: str) -> None:
    problems = unexpected(rule)
    assert not problems, "\n".join(problems)


def test_core_imports_no_domain() -> None:
    assert_only_known(CORE)


def test_domains_use_no_other_domain_s_models_at_run_time() -> None:
    assert_only_known(MODELS)


def test_domains_use_no_other_domain_s_schema() -> None:
    assert_only_known(SCHEMA)


def test_domains_use_other_domains_only_through_their_public_surface() -> None:
    assert_only_known(INTERNAL)


def test_domains_use_no_private_name_of_another_domain() -> None:
    assert_only_known(PRIVATE)


def test_domains_import_each_other_without_cycles() -> None:
    assert_only_known(CYCLE)


def test_domains_import_other_domains_at_module_level_only() -> None:
    assert_only_known(NESTED)


def test_the_contract_s_own_tables_are_consistent() -> None:
    tree = Tree(PLATFORM)
    for module in PUBLIC_MODULES:
        assert tree.is_module(module), f"PUBLIC_MODULES names a missing module: {module}"
        assert last(module) != "models" and not is_schema_module(module), module
    assert {rule for _, _, rule in KNOWN_VIOLATIONS} <= RULES.keys()


def write_platform(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_checker_tells_public_surfaces_from_everything_else(tmp_path: Path) -> None:
    root = write_platform(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/db.py": "def f():\n    import orders.services\n",
            "orbit/__init__.py": "import orders.models\n",
            "orders/__init__.py": '__all__ = ["Status"]\n',
            "orders/models.py": "",
            "orders/schema.py": "",
            "orders/services.py": "import shipping.services\n",
            "orders/errors.py": "",
            "shipping/__init__.py": "",
            "shipping/models.py": "",
            "shipping/services.py": (
                "from typing import TYPE_CHECKING\n"
                "import orders.services as orders\n"
                "from orders import Status, errors, Other\n"
                "from orders.services import _hidden\n"
                "if TYPE_CHECKING:\n    from orders.models import Order\n    import orders.schema\n"
                "from orders.models import OrderLine\n"
                "def f():\n    from orders.services import helper\n    return orders._peek\n"
                'Ref = strawberry.lazy("orders.schema")\n'
            ),
        },
    )
    found = {(v.importer, v.imported, v.rule) for v in violations(root)}
    assert found == {
        ("core.db", "orders.services", CORE),
        ("shipping.services", "orders.Other", INTERNAL),
        ("shipping.services", "orders.services._hidden", PRIVATE),
        ("shipping.services", "orders.services._peek", PRIVATE),
        ("shipping.services", "orders.schema", SCHEMA),
        ("shipping.services", "orders.models.OrderLine", MODELS),
        ("shipping.services", "orders.services.helper", NESTED),
        ("orders", "orders -> shipping -> orders", CYCLE),
    }


def print_violations() -> None:
    """The current violations as KNOWN_VIOLATIONS' source, keeping the reasons it gives."""
    print("KNOWN_VIOLATIONS: dict[tuple[str, str, str], str] = {")
    for v in sorted(violations()):
        reason = KNOWN_VIOLATIONS.get(v, ISSUE_11)
        key = ", ".join(json.dumps(part) for part in v)
        print(f"    ({key}): {'ISSUE_11' if reason == ISSUE_11 else json.dumps(reason)},")
    print("}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--print-violations"]:
        sys.exit("usage: python -m tests.test_import_contract --print-violations")
    print_violations()
