"""The errors of the reports layer, on the one base every package shares (forms/errors.py)."""

from __future__ import annotations

from pathlib import Path

from mopai.forms.errors import MopaiError


class ReportError(MopaiError):
    """A report or ledger that could not be made or written; nothing half written is left."""

    exit_code = 8
    code = "report"


class ReportNotWritten(ReportError):
    """The workbook could not be written where it was asked for (a folder gone, a stick
    pulled out, a full disk); the old file, if any, is untouched."""

    code = "report_not_written"

    def __init__(self, out: Path, exc: OSError) -> None:
        reason = exc.strerror or type(exc).__name__
        super().__init__(
            f"报表无法写入“{out}”（{reason}）：请检查文件夹是否存在、U盘是否插好、磁盘是否已满。"
            "没有留下写了一半的文件",
            f"the report could not be written to {out} ({reason}): check that the folder "
            "exists, the stick is in and the disk is not full. No half-written file was left",
            where=str(out))


__all__ = ["ReportError", "ReportNotWritten"]
