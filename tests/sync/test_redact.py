"""No household data in what an error says once it is written down (issue 12).

SQLAlchemy puts a failed statement's bound parameters in its message, and PostgreSQL adds a
DETAIL line with the key or the row that failed; either would carry an ID number into a
traceback, the crash log or the details a cadre copies. Every engine we create hides the
parameters, the server engine drops the DETAIL, and sync/redact.py masks what is left.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, StatementError

from mopai.sync.engine import url_engine
from mopai.sync.errors import InputError
from mopai.sync.redact import exception_line, redact, safe_traceback

ROOT = Path(__file__).resolve().parents[2]
ID = "11010519491231002X"
NAME = "欧阳娜娜"
PHONE = "13812345678"


def test_redact_masks_id_numbers_phones_and_foreign_chinese() -> None:
    line = f"bad value '{NAME}' for {ID}, 110105194912310 (15), tel {PHONE}, 0745-2345678"
    out = redact(line)
    for secret in (ID, NAME, PHONE, "110105194912310", "2345678"):
        assert secret not in out, out
    # codes that name places, sizes and counts stay readable
    assert redact("village 431221100201 county 431221 row 1048576") == \
        "village 431221100201 county 431221 row 1048576"
    # our own sentences keep their Chinese (user names, what to do), never the numbers
    assert redact(f"用户“王会计”：证件号码 {ID}", ours=True) == "用户“王会计”：证件号码 ***"
    assert redact('violates "k"\nDETAIL:  Key (id_number)=(x) already exists.\n[SQL: …]') \
        == 'violates "k"\n[SQL: …]'


def test_safe_traceback_redacts_every_message_of_the_chain() -> None:
    try:
        try:
            int(NAME)
        except ValueError as exc:
            raise KeyError(ID) from exc
    except KeyError as exc:
        out = safe_traceback(exc)
    assert "Traceback (most recent call last)" in out and "int(NAME)" in out  # frames stay
    assert "direct cause" in out and out.rstrip().endswith("KeyError: '***'")
    assert NAME not in out.replace("int(NAME)", "") and ID not in out
    ours = InputError(f"“王会计”的户 {ID} 有误", "bad household", where="王会计")
    assert exception_line(ours).startswith("mopai.sync.errors.InputError: bad household (王会计)")
    assert ID not in exception_line(ours)


def test_every_create_engine_hides_parameters() -> None:
    calls = []
    for folder in ("sync", "reports", "cli", "desktop", "forms", "bench", "tools"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(
                        node.func, "attr", None)) == "create_engine":
                    hidden = any(k.arg == "hide_parameters" and getattr(k.value, "value", None)
                                 is True for k in node.keywords)
                    calls.append((f"{path.relative_to(ROOT)}:{node.lineno}", hidden))
    assert calls and all(hidden for _, hidden in calls), calls


def test_a_failed_statement_never_shows_its_parameters(store) -> None:  # noqa: ANN001
    with store.engine.connect() as conn, pytest.raises(StatementError) as caught:
        conn.execute(text("INSERT INTO member (uuid, household_uuid, id_number) "
                          "VALUES (:u, :h, :id)"), {"u": NAME, "h": PHONE, "id": ID})
    for shown in (str(caught.value), repr(caught.value), safe_traceback(caught.value)):
        for secret in (ID, NAME, PHONE):
            assert secret not in shown, shown
    assert "hidden" in str(caught.value)


@pytest.mark.postgres
def test_postgres_detail_lines_are_dropped(pg) -> None:  # noqa: ANN001
    engine = url_engine(pg.url(pg.create_db("redact")))
    try:
        with engine.connect() as conn:
            conn.execute(text("CREATE TABLE t (a text UNIQUE, b text NOT NULL)"))
            conn.execute(text("INSERT INTO t VALUES (:a, 'x')"), {"a": ID})
            conn.commit()
            for statement, params in (("INSERT INTO t VALUES (:a, 'y')", {"a": ID}),
                                      ("INSERT INTO t VALUES (:a, NULL)", {"a": NAME})):
                with pytest.raises(DBAPIError) as caught:
                    conn.execute(text(statement), params)
                conn.rollback()
                assert caught.value.orig.sqlstate in ("23505", "23502")  # still there to test
                for shown in (str(caught.value), str(caught.value.orig)):
                    assert ID not in shown and NAME not in shown, shown
                    assert "DETAIL" not in shown
    finally:
        engine.dispose()
