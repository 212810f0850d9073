"""The export and enrolment flows as plain state machines (Qt-free, tested alone).

The dialogs are thin pages over these: they show the step, call the store through the client
and feed the answers back with ``done``/``failed``. Keeping the rules here (no export without
a folder; no enrolment without the fingerprint confirmed by a person) means a test can walk
every path without a window.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ExportStep(enum.Enum):
    CHOOSE = "choose"
    RUNNING = "running"
    DONE = "done"           # written, read back and verified: the stick may be removed
    FAILED = "failed"


@dataclass
class ExportFlow:
    step: ExportStep = ExportStep.CHOOSE
    folder: Path | None = None
    everything: bool = False
    result: Any = None      # sync.export.ExportResult
    error: BaseException | None = None

    def choose(self, folder: Path | None) -> None:
        if self.step in (ExportStep.CHOOSE, ExportStep.FAILED):
            self.folder = Path(folder) if folder else None
            self.step = ExportStep.CHOOSE

    @property
    def can_start(self) -> bool:
        return self.step is ExportStep.CHOOSE and self.folder is not None

    def start(self) -> Path:
        if not self.can_start:
            raise RuntimeError("choose a folder first")
        self.step = ExportStep.RUNNING
        assert self.folder is not None
        return self.folder

    def done(self, result: Any) -> None:
        self.result, self.error, self.step = result, None, ExportStep.DONE

    def failed(self, error: BaseException) -> None:
        self.error, self.step = error, ExportStep.FAILED

    @property
    def safe_to_remove(self) -> bool:
        return self.step is ExportStep.DONE


class EnrolStep(enum.Enum):
    START = "start"
    REQUEST_WRITTEN = "request_written"
    PREVIEW = "preview"         # setup file read: fingerprint shown, waiting for a person
    ACCEPTING = "accepting"
    ENROLLED = "enrolled"


@dataclass
class EnrolFlow:
    step: EnrolStep = EnrolStep.START
    request: Path | None = None
    setup: Path | None = None
    preview: Any = None         # sync.enrol.SetupPreview
    confirmed: bool = False
    errors: list[BaseException] = field(default_factory=list)

    def request_written(self, path: Path) -> None:
        self.request, self.step = Path(path), EnrolStep.REQUEST_WRITTEN

    def previewed(self, setup: Path, preview: Any) -> None:
        self.setup, self.preview, self.confirmed = Path(setup), preview, False
        self.step = EnrolStep.PREVIEW

    def confirm(self, matches: bool) -> None:
        if self.step is EnrolStep.PREVIEW:
            self.confirmed = matches

    @property
    def can_accept(self) -> bool:
        return self.step is EnrolStep.PREVIEW and self.confirmed and self.preview is not None

    def accept(self) -> tuple[Path, str]:
        """(setup file, fingerprint the person confirmed) for ``store.sync.enrol_accept``."""
        if not self.can_accept:
            raise RuntimeError("the fingerprint has not been confirmed")
        self.step = EnrolStep.ACCEPTING
        assert self.setup is not None
        return self.setup, self.preview.fingerprint

    def accepted(self) -> None:
        self.step = EnrolStep.ENROLLED

    def failed(self, error: BaseException) -> None:
        self.errors.append(error)
        if self.step is EnrolStep.ACCEPTING:
            self.step = EnrolStep.PREVIEW
