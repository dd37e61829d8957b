"""What a GraphQL document costs before it is validated.

graphql-core's validation rules, and Strawberry's depth and alias limiters, walk a document
with every fragment spread expanded, and do not remember a fragment they have walked: a
document of under 1 KB whose fragments each spread the previous one twice expands to
2^levels selections and pins the event loop. `measure` walks the document once, remembering
each fragment's expanded size, so its cost is linear in the document's length; documents
over the limits are refused before any expanding rule runs, which bounds those rules by
the expanded size. The same pass notes what the request-dependent checks need (NUL
characters in literals, introspection fields, how many operations the document names).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableDefinitionNode,
)
from graphql.language.ast import Node

INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


@dataclass(frozen=True)
class DocumentLimits:
    """The documented ceilings (docs/security.md); settings give their values."""

    max_expanded_nodes: int
    max_fragment_depth: int
    max_variables: int
    max_input_depth: int
    max_variable_values: int


@dataclass(frozen=True)
class DocumentShape:
    """What one linear pass over a document found."""

    problem: str | None
    operation_count: int
    has_nul: bool
    introspects: bool


class _TooComplex(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Walk:
    """One pass over a document; each fragment's expanded size is computed once."""

    def __init__(self, document: DocumentNode, limits: DocumentLimits) -> None:
        self.limits = limits
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.sizes: dict[str, int] = {}
        self.depths: dict[str, int] = {}
        self.open: list[str] = []

    def expanded_size(self, selection_set: SelectionSetNode) -> int:
        """Selections under `selection_set`, each spread counted as its fragment's size."""
        total = 0
        pending = [selection_set]
        while pending:
            for selection in pending.pop().selections:
                total += 1
                if isinstance(selection, FragmentSpreadNode):
                    total += self.fragment_size(selection.name.value)
                elif (
                    isinstance(selection, FieldNode | InlineFragmentNode)
                    and selection.selection_set is not None
                ):
                    pending.append(selection.selection_set)
                if total > self.limits.max_expanded_nodes:
                    raise _TooComplex(
                        f"The query selects more than {self.limits.max_expanded_nodes} fields "
                        "once its fragments are expanded."
                    )
        return total

    def fragment_size(self, name: str) -> int:
        if name in self.sizes:
            return self.sizes[name]
        fragment = self.fragments.get(name)
        if fragment is None:  # validation reports the unknown fragment
            return 0
        if name in self.open:
            raise _TooComplex(f"Fragment {name} spreads itself.")
        if len(self.open) >= self.limits.max_fragment_depth:
            raise _TooComplex(
                f"Fragments spread fragments more than "
                f"{self.limits.max_fragment_depth} levels deep."
            )
        self.open.append(name)
        try:
            self.sizes[name] = self.expanded_size(fragment.selection_set)
        finally:
            self.open.pop()
        return self.sizes[name]


def measure(document: DocumentNode, limits: DocumentLimits) -> DocumentShape:
    nodes = list(_nodes(document))
    operations = [n for n in nodes if isinstance(n, OperationDefinitionNode)]
    try:
        _check_variables_declared(operations, limits)
        _check_literal_depth(nodes, limits)
        walk = _Walk(document, limits)
        for definition in document.definitions:
            if isinstance(definition, FragmentDefinitionNode):
                walk.fragment_size(definition.name.value)
            elif isinstance(definition, OperationDefinitionNode):
                walk.expanded_size(definition.selection_set)
        problem = None
    except _TooComplex as refusal:
        problem = refusal.message
    return DocumentShape(
        problem=problem,
        operation_count=len(operations),
        has_nul=any(isinstance(n, StringValueNode) and "\x00" in n.value for n in nodes),
        introspects=any(
            isinstance(n, FieldNode) and n.name.value in INTROSPECTION_FIELDS for n in nodes
        ),
    )


def _check_variables_declared(
    operations: list[OperationDefinitionNode], limits: DocumentLimits
) -> None:
    for operation in operations:
        if len(operation.variable_definitions or ()) > limits.max_variables:
            raise _TooComplex(f"An operation declares more than {limits.max_variables} variables.")


def _check_literal_depth(nodes: list[object], limits: DocumentLimits) -> None:
    """Input literals hang off arguments and variable defaults; measure each from there."""
    for node in nodes:
        if isinstance(node, ArgumentNode):
            root: ValueNode | None = node.value
        elif isinstance(node, VariableDefinitionNode):
            root = node.default_value
        else:
            continue
        if root is not None and nesting_depth(root, _value_children) > limits.max_input_depth:
            raise _TooComplex(
                f"An input value is nested more than {limits.max_input_depth} levels deep."
            )


def _nodes(document: DocumentNode) -> Iterator[object]:
    """Every AST node of the document, without recursion (documents can be deep)."""
    pending: list[object] = [document]
    while pending:
        node = pending.pop()
        yield node
        for key in getattr(node, "keys", ()):
            child = getattr(node, key, None)
            if isinstance(child, tuple | list):
                pending.extend(child)
            elif isinstance(child, Node):
                pending.append(child)


def _value_children(value: object) -> Iterable[object]:
    if isinstance(value, ListValueNode):
        return value.values
    if isinstance(value, ObjectValueNode):
        return [f.value for f in value.fields]
    return ()


def nesting_depth(root: object, children: Callable[[object], Iterable[object]]) -> int:
    """How deep lists and objects nest under `root` (a scalar is 0), without recursion."""
    deepest = 0
    pending: list[tuple[object, int]] = [(root, 1)]
    while pending:
        node, depth = pending.pop()
        kids = list(children(node))
        if kids or isinstance(node, ListValueNode | ObjectValueNode):
            deepest = max(deepest, depth)
        pending.extend((kid, depth + 1) for kid in kids)
    return deepest


def variables_problem(variables: object, limits: DocumentLimits) -> str | None:
    """Too deep or too many values; stops at the first value past a limit, so a huge
    request costs no more than a legal one."""
    pending: list[tuple[object, int]] = [(variables, 0)]
    seen = 0
    while pending:
        value, depth = pending.pop()
        seen += 1
        if seen > limits.max_variable_values:
            return f"The variables hold more than {limits.max_variable_values} values."
        if isinstance(value, dict):
            children: Iterable[object] = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth + 1 > limits.max_input_depth:
            return f"The variables are nested more than {limits.max_input_depth} levels deep."
        pending.extend((child, depth + 1) for child in children)
    return None


def contains_nul(value: object) -> bool:
    """Whether a decoded JSON value holds NUL in any key or string (PostgreSQL text can't)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


class ShapeCache:
    """Shapes of recently seen document texts (clients send constant documents)."""

    def __init__(self, maxsize: int = 512) -> None:
        self._maxsize = maxsize
        self._shapes: OrderedDict[str, DocumentShape] = OrderedDict()

    def shape_of(self, text: str, document: DocumentNode, limits: DocumentLimits) -> DocumentShape:
        shape = self._shapes.get(text)
        if shape is None:
            shape = measure(document, limits)
            self._shapes[text] = shape
            if len(self._shapes) > self._maxsize:
                self._shapes.popitem(last=False)
        else:
            self._shapes.move_to_end(text)
        return shape
