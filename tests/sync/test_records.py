"""`mopai records`: households as JSON lines / CSV out, JSON lines in (sync/records.py),
on real encrypted stores and real files."""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mopai.sync import records
from mopai.sync.models import Revision
from mopai.sync.record import new_household, new_member
from mopai.sync.synth.village import VillageSpec, generate_village
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER, VILLAGE

ID_HEAD = "11010519491231002X"


def rich_household() -> dict:
    """Every kind of answer the form takes: text, select_one, select_multiple, date, integer,
    ID number, the member repeat, reasons for warnings, paradata — and, as a draft, an answer
    to a question that is not asked (kept, as the editor keeps it)."""
    state = new_household({
        "village_code": VILLAGE, "household_no": "0099", "group": "三组", "address": "=1+2 村东头",
        "phone": "0745-2345678", "household_type": "monitored",
        "monitoring_category": "unstable", "help_measures": ["industry", "employment"],
        "survey_date": "2026-03-02", "survey_method": "visit", "surveyor": "王会计"},
        form_id="labor_survey", form_version="2026.1")
    state["members"].append(new_member({
        "name": "张三", "id_number": ID_HEAD, "relation": "head", "health": ["chronic"],
        "employment_status": "unemployed", "monthly_income": 2300, "months_worked": 7,
        "start_month": "2025-03-01", "policies": ["transport", "training"], "phone": "13800001111"}))
    state["members"].append(new_member({"name": "李四", "relation": "spouse"}))
    state["members"][0]["confirmations"] = {"monthly_income": "包工头，年底结算"}
    state["confirmations"] = {"survey_date": "去年入户，今年补录"}
    state["paradata"] = {"started_at": "2026-03-02T01:00:00Z", "ended_at": "2026-03-02T01:40:00Z",
                         "seconds": 2400, "by": "王会计"}
    return state


def _copy(state: dict, uuid: str, **fields) -> dict:
    """Another household like `state`: its own uuids, some answers changed."""
    other = copy.deepcopy(state)
    other["uuid"] = uuid
    other["fields"].update(fields)
    for i, member in enumerate(other["members"]):
        member["uuid"] = f"{uuid}-m{i}"
    return other


def _households(n: int = 12) -> list[dict]:
    generated = [g.state for g in generate_village(VillageSpec(VILLAGE, n, seed=5))]
    return [*generated, rich_household()]


def _fresh(tmp_path: Path, name: str = "fresh", code: str = VILLAGE):
    home = tmp_path / name
    Workspace.create(home, role="village", code=code, user=USER, passphrase=PASSPHRASE,
                     name="新村")
    return _open(home)


def _open(home: Path):
    from mopai.sync.store import open_store

    return open_store(Workspace(home), USER, PASSPHRASE)


def _revisions(store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Revision)).scalar_one()


def _write(path: Path, lines: list) -> Path:
    header = {"format": "mopai-records", "version": 1}
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) if not isinstance(x, str) else x
                              for x in [header, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def filled(village_home: Path):
    store = _open(village_home)
    store.households.save_many(_households())
    yield store
    store.close()


def test_round_trip_into_a_fresh_workspace_keeps_every_answer(filled, tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    assert records.export_records(filled, out) == 13
    lines = out.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    assert (header["format"], header["version"]) == ("mopai-records", 1)
    first = json.loads(lines[1])
    assert first["revision"]["rev_no"] == 1 and first["status"] in ("draft", "complete")
    with _fresh(tmp_path) as fresh:
        result = records.import_records(fresh, out)
        assert (result.created, result.updated, result.unchanged) == (13, 0, 0)
        before = {s["uuid"]: s for s in filled.households.states()}
        after = {s["uuid"]: s for s in fresh.households.states()}
        assert after == before
        rich = next(s for s in after.values() if s["fields"]["household_no"] == "0099")
        assert rich["members"][0]["fields"]["health"] == ["chronic"]
        assert rich["paradata"]["seconds"] == 2400
        line = next(i for i, text in enumerate(lines, start=1) if rich["uuid"] in text)
        assert list(records.sources(fresh, rich["uuid"]).values()) == [f"records.jsonl:{line}"]


def test_importing_the_same_file_twice_changes_nothing(filled, tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    records.export_records(filled, out)
    before = _revisions(filled)
    result = records.import_records(filled, out)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 13)
    assert _revisions(filled) == before
    # an edit in the file makes one new revision, marked with its line
    lines = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[3])
    record["fields"]["address"] = "新地址"
    lines[3] = json.dumps(record, ensure_ascii=False)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = records.import_records(filled, out)
    assert (result.updated, result.unchanged) == (1, 12)
    assert _revisions(filled) == before + 1
    assert filled.households.get(record["uuid"])["fields"]["address"] == "新地址"
    assert list(records.sources(filled, record["uuid"]).values()) == ["records.jsonl:4"]
    assert records.import_records(filled, out).unchanged == 13


def test_a_bad_line_is_named_and_nothing_is_saved(village_store, tmp_path: Path) -> None:
    good = rich_household()
    other = _copy(good, "u-2", household_no="0100")
    stranger = _copy(good, "u-3", village_code="110105001002")
    unknown = _copy(good, "u-4", favourite_colour="red")
    version = _copy(good, "u-5")
    version["form_version"] = "1999.9"
    twin = _copy(good, "u-6", household_no="0101")
    twin["members"][1]["uuid"] = good["members"][1]["uuid"]
    path = _write(tmp_path / "bad.jsonl", [good, "{not json", stranger, unknown, version, other, twin])
    with pytest.raises(records.RecordsFileError) as caught:
        records.import_records(village_store, path)
    said = {p.line: p.en for p in caught.value.problems}
    assert set(said) == {3, 4, 5, 6, 8}
    assert "not valid JSON" in said[3]
    assert "village 110105001002" in said[4]
    assert "favourite_colour" in said[5]
    assert "1999.9" in said[6]
    assert "uuid of a member on line 2" in said[8]
    assert village_store.households.count() == 0
    # with --sound-only the sound lines go in, the others come back with their reasons
    result = records.import_records(village_store, path, sound_only=True)
    assert (result.created, [p.line for p in result.rejected]) == (2, [3, 4, 5, 6, 8])
    assert village_store.households.count() == 2


def test_complete_records_are_checked_by_the_form(village_store, tmp_path: Path) -> None:
    bad = rich_household()
    bad["status"] = "complete"
    bad["members"][0]["fields"]["id_number"] = "110105194912310021"  # wrong check digit
    path = _write(tmp_path / "complete.jsonl", [bad])
    with pytest.raises(records.RecordsFileError, match="line 2"):
        records.import_records(village_store, path)
    assert village_store.households.count() == 0


def test_hostile_lines_are_bounded(village_store, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(records, "MAX_LINE_BYTES", 4096)
    long = rich_household()
    long["fields"]["address"] = "长" * 5000
    path = _write(tmp_path / "long.jsonl", [long, "[" * 100_000, 7])
    with pytest.raises(records.RecordsFileError) as caught:
        records.import_records(village_store, path)
    assert [p.line for p in caught.value.problems] == [2, 3, 4]
    assert "longer than" in caught.value.problems[0].en
    no_header = tmp_path / "plain.jsonl"
    no_header.write_text(json.dumps(rich_household()) + "\n", encoding="utf-8")
    with pytest.raises(records.InputError, match="not the header"):
        records.import_records(village_store, no_header)


def test_a_changed_store_is_not_overwritten_by_an_older_export(filled, tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    records.export_records(filled, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[1])
    edited = filled.households.get(record["uuid"])
    edited["fields"]["group"] = "改过"
    filled.households.save(edited)
    record["fields"]["address"] = "文件里改的"
    lines[1] = json.dumps(record, ensure_ascii=False)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(records.RecordsFileError, match="changed in this store"):
        records.import_records(filled, out)


def test_csv_is_one_row_per_person_with_bom_and_no_formulas(filled, tmp_path: Path) -> None:
    out = tmp_path / "records.csv"
    records.export_records(filled, out, fmt="csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    people = sum(len(s["members"]) for s in filled.households.states())
    assert len(rows) == people
    rich = [r for r in rows if r["household.household_no"] == "0099"]
    assert [r["person_no"] for r in rich] == ["1", "2"]
    assert rich[0]["household.address"] == "'=1+2 村东头"
    assert rich[0]["household.help_measures"] == "industry employment"
    assert rich[0]["person.id_number"] == ID_HEAD
    assert rich[1]["person.name"] == "李四"


def test_export_of_one_village_and_of_another_workspace_refused(filled, tmp_path: Path) -> None:
    with pytest.raises(records.InputError, match="not part of this workspace"):
        records.export_records(filled, tmp_path / "x.jsonl", village="110105009009")
    assert not (tmp_path / "x.jsonl").exists()


def test_command_line_exports_and_imports(filled, village_home: Path, tmp_path: Path,
                                          monkeypatch, capsys) -> None:
    from mopai.cli.main import main

    filled.close()
    monkeypatch.setenv("MOPAI_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "v.jsonl"
    assert main(["records", "export", "--home", str(village_home), "--user", USER,
                 "--out", str(out)]) == 0
    assert "13" in capsys.readouterr().out
    assert main(["records", "import", str(out), "--home", str(village_home),
                 "--user", USER]) == 0
    assert "unchanged 13" in capsys.readouterr().out
    with out.open("a", encoding="utf-8") as f:
        f.write("{oops\n")
    assert main(["records", "import", str(out), "--home", str(village_home),
                 "--user", USER]) == 2  # InputError
    assert "line 15" in capsys.readouterr().err


def test_every_exported_line_meets_the_documented_schema(filled, tmp_path: Path) -> None:
    import jsonschema

    root = Path(__file__).resolve().parents[2]
    documented = json.loads((root / "docs" / "records.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(documented)
    check = jsonschema.Draft202012Validator(documented)
    out = tmp_path / "records.jsonl"
    records.export_records(filled, out)
    for number, line in enumerate(out.read_text(encoding="utf-8").splitlines(), start=1):
        problems = [e.message for e in check.iter_errors(json.loads(line))]
        assert not problems, (number, problems)
    assert list(check.iter_errors({"format": "mopai-records", "version": 2}))
