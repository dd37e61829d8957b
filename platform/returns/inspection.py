"""Inspecting received goods, line by line (returns:inspect): a grade and a disposition for
part or all of what arrived. Stock moves here and only here, through the inventory
ledger's own receipt: restock puts the quantity back into the SKU's available stock in the
warehouse it shipped from (or one chosen); second grade puts it into another SKU chosen as
the second-grade one; repair and scrap add no sellable stock and write no movement."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

import audit.services as audit
import catalog.services as catalog
import inventory.services as inventory
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from core.ids import new_id
from core.outbox import emit
from returns import rules
from returns.errors import ReturnErrorCode
from returns.events import ReturnInspected, ReturnLineInspected
from returns.models import Return, ReturnInspection, ReturnLine
from returns.progress import check_move, event_of, now, record_move
from returns.reading import lines_for_change, locked_return
from returns.rules import Disposition, Grade, ReturnStatus

MOVEMENT_REFERENCE = "return_line"


@dataclass(frozen=True)
class Inspection:
    return_line_id: uuid.UUID
    quantity: Decimal
    grade: Grade
    disposition: Disposition
    warehouse_id: uuid.UUID | None = None
    second_grade_sku_id: uuid.UUID | None = None
    note: str | None = None


@dataclass(frozen=True)
class _Target:
    """Where inspected goods are stocked: a warehouse and SKU, or nowhere."""

    warehouse_id: uuid.UUID | None = None
    sku_id: uuid.UUID | None = None


def _error(code: ReturnErrorCode, message: str, field: str) -> UserError:
    return UserError(code, message, (field,))


def _quantity_errors(line: ReturnLine, quantity: Decimal) -> list[UserError]:
    if quantity <= 0:
        return [_error(ReturnErrorCode.INVALID_QUANTITY, "Inspect more than 0.", "quantity")]
    waiting = line.received_quantity - line.inspected_quantity
    if quantity > waiting:
        return [
            UserError(
                ReturnErrorCode.INSPECT_MORE_THAN_RECEIVED,
                f"Only {waiting.normalize():f} of {line.sku_code} wait for inspection.",
                ("quantity",),
                {"waiting": f"{waiting.normalize():f}", "sku": line.sku_code},
            )
        ]
    return []


async def _warehouse(actor: Actor, line: ReturnLine, data: Inspection) -> uuid.UUID:
    wanted = data.warehouse_id or line.warehouse_id
    if wanted is None:
        raise BusinessRuleError(
            _error(
                ReturnErrorCode.WAREHOUSE_REQUIRED,
                "Choose the warehouse the goods go back into.",
                "warehouseId",
            )
        )
    if not await inventory.warehouse_names(actor, [wanted]):
        raise BusinessRuleError(
            _error(ReturnErrorCode.UNKNOWN_WAREHOUSE, "No such warehouse.", "warehouseId")
        )
    return wanted


async def _second_grade_sku(actor: Actor, data: Inspection) -> uuid.UUID:
    if data.second_grade_sku_id is None:
        raise BusinessRuleError(
            _error(
                ReturnErrorCode.SECOND_GRADE_SKU_REQUIRED,
                "Choose the second-grade SKU the goods are stocked as.",
                "secondGradeSkuId",
            )
        )
    [sku] = await catalog.skus_by_id(actor, [data.second_grade_sku_id])
    if sku is None:
        raise BusinessRuleError(
            _error(ReturnErrorCode.UNKNOWN_SKU, "No such SKU.", "secondGradeSkuId")
        )
    return sku.id


async def _target(actor: Actor, line: ReturnLine, data: Inspection) -> _Target:
    if data.disposition is Disposition.RESTOCK:
        return _Target(await _warehouse(actor, line, data), line.sku_id)
    if data.disposition is Disposition.RESTOCK_SECOND_GRADE:
        sku_id = await _second_grade_sku(actor, data)
        return _Target(await _warehouse(actor, line, data), sku_id)
    return _Target()


async def _stock(
    actor: Actor, row: Return, line: ReturnLine, data: Inspection, at: _Target
) -> None:
    """One ledger receipt for restocked goods, referencing the return line."""
    if at.warehouse_id is None or at.sku_id is None:
        return
    await inventory.receive_stock(
        actor,
        at.warehouse_id,
        at.sku_id,
        data.quantity,
        f"Return {row.number}: {data.disposition.value.replace('_', ' ')}",
        inventory.Reference(MOVEMENT_REFERENCE, line.id),
    )


async def _line_to_inspect(
    actor: Actor, line_id: uuid.UUID
) -> tuple[Return, list[ReturnLine], ReturnLine]:
    """The line's return, locked (concurrent inspections queue there), and its lines
    fresh from the database."""
    found = await access.get_scoped(actor, ReturnLine, line_id)
    row = await locked_return(actor, found.return_id)
    lines = await lines_for_change(actor, row.id)
    return row, lines, next(line for line in lines if line.id == line_id)


async def _finish(actor: Actor, row: Return, lines: list[ReturnLine]) -> None:
    """A return whose every received quantity is inspected becomes INSPECTED."""
    received = sum((line.received_quantity for line in lines), rules.ZERO)
    inspected = sum((line.inspected_quantity for line in lines), rules.ZERO)
    if rules.status_after_inspection(received, inspected) is ReturnStatus.INSPECTED:
        row.inspected_at = now()
        await record_move(
            actor,
            row,
            "returns.complete_inspection",
            ReturnStatus.INSPECTED,
            event_of(ReturnInspected, row),
        )


async def inspect_return_line(actor: Actor, data: Inspection) -> Return:
    """Grade part or all of a received line and decide what happens to it
    (returns:inspect; restocking also needs inventory:write, as any receipt does)."""
    principal = await actor.require("returns", "inspect")
    row, lines, line = await _line_to_inspect(actor, data.return_line_id)
    check_move(row, "inspect")
    errors = _quantity_errors(line, data.quantity)
    if len(data.note or "") > rules.MAX_COMMENT:
        errors.append(_error(ReturnErrorCode.COMMENT_TOO_LONG, "Keep the note shorter.", "note"))
    if errors:
        raise BusinessRuleError(*errors)
    target = await _target(actor, line, data)
    await _stock(actor, row, line, data, target)
    line.inspected_quantity += data.quantity
    actor.session.add(
        ReturnInspection(
            tenant_id=row.tenant_id,
            id=new_id(),
            return_id=row.id,
            return_line_id=line.id,
            customer_id=row.customer_id,
            quantity=data.quantity,
            grade=data.grade.value,
            disposition=data.disposition.value,
            warehouse_id=target.warehouse_id,
            stocked_sku_id=target.sku_id,
            note=rules.clean(data.note),
            inspected_by_id=principal.subject_id,
            created_at=now(),
        )
    )
    await audit.record(
        actor,
        "returns.inspect",
        "return",
        row.id,
        after={
            "number": row.number,
            "lineNo": line.line_no,
            "quantity": f"{data.quantity.normalize():f}",
            "grade": data.grade.value,
            "disposition": data.disposition.value,
        },
    )
    await emit(
        actor,
        event_of(
            ReturnLineInspected,
            row,
            return_line_id=line.id,
            quantity=data.quantity,
            grade=data.grade.value,
            disposition=data.disposition.value,
        ),
    )
    row.updated_at = now()
    await _finish(actor, row, lines)
    await actor.session.flush()
    return row
