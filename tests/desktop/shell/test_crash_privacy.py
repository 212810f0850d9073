"""The crash log and "copy details" carry no household data (issue 12).

An exception whose SQL parameters, message and cause hold an ID number, a name and a phone
goes through the real crash hook into the real log file, and through the error dialog's
details; neither may contain them (the engine hides parameters, sync/redact.py the rest).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from mopai.desktop.shell.crash import CrashHook, setup_logging
from mopai.desktop.widgets.error_dialog import ErrorDialog, error_details
from mopai.sync.errors import InputError

ID = "11010519491231002X"
NAME = "欧阳娜娜"
PHONE = "13812345678"
SECRETS = (ID, NAME, PHONE)


def _statement_error(store) -> BaseException:  # noqa: ANN001
    try:
        try:
            with store.engine.connect() as conn:
                conn.execute(text("INSERT INTO member (uuid, household_uuid, id_number) "
                                  "VALUES (:u, :h, :id)"), {"u": NAME, "h": PHONE, "id": ID})
        except Exception as exc:
            raise ValueError(f"cannot save {NAME} ({ID}, {PHONE})") from exc
    except ValueError as exc:
        return exc
    raise AssertionError("the statement should fail")


def _file_handlers() -> list[logging.Handler]:
    return [h for h in logging.getLogger("mopai").handlers if isinstance(h, logging.FileHandler)]


def test_crash_log_and_copied_details_hold_no_household_data(qtbot, store, tmp_path: Path
                                                              ) -> None:  # noqa: ANN001
    exc = _statement_error(store)
    before = _file_handlers()
    for h in before:
        logging.getLogger("mopai").removeHandler(h)
    shown: list[BaseException] = []
    hook = CrashHook(shown.append).install()
    try:
        log = setup_logging(tmp_path / "logs")
        sys.excepthook(type(exc), exc, exc.__traceback__)
        qtbot.waitUntil(lambda: len(shown) == 1, timeout=3000)
        for h in _file_handlers():
            h.flush()
        written = log.read_text(encoding="utf-8")
    finally:
        hook.uninstall()
        for h in _file_handlers():
            logging.getLogger("mopai").removeHandler(h)
            h.close()
        for h in before:
            logging.getLogger("mopai").addHandler(h)
    assert "unexpected error" in written and "Traceback" in written
    assert "INSERT INTO member" in written  # which statement failed is still said
    dialog = ErrorDialog(exc, crash=True)
    qtbot.addWidget(dialog)
    dialog.copy_details()
    copied = QApplication.clipboard().text()
    assert "Traceback" in copied
    for secret in SECRETS:
        assert secret not in written, (secret, written)
        assert secret not in copied, (secret, copied)
        assert secret not in error_details(exc)


def test_our_own_errors_keep_their_words_but_not_the_numbers() -> None:
    exc = InputError(f"证件号码 {ID} 重复，请联系 {PHONE}", f"duplicate ID number {ID}",
                     where="王会计")
    details = error_details(exc, with_traceback=True)
    assert "证件号码" in details and "王会计" in details
    assert ID not in details and PHONE not in details
