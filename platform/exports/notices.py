# ruff: noqa: RUF001
"""The in-app notice a user gets when their export is ready (or failed)."""

from __future__ import annotations

from exports.models import Export
from notifications import RenderedNotice


def export_finished(export: Export, chinese: bool, keep_days: int) -> RenderedNotice:
    """The in-app notice of a finished (or failed) export, in the user's language."""
    if export.status == "done":
        if chinese:
            return RenderedNotice(
                title=f"导出已完成：{export.file_name}",
                body=f"共 {export.row_count} 行，文件保留 {keep_days} 天。",
            )
        return RenderedNotice(
            title=f"Export ready: {export.file_name}",
            body=f"{export.row_count} rows; the file is kept for {keep_days} days.",
        )
    if chinese:
        return RenderedNotice(
            title=f"导出失败：{export.file_name}", body=export.failure_message or ""
        )
    return RenderedNotice(
        title=f"Export failed: {export.file_name}", body=export.failure_message or ""
    )
