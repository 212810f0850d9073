"""Importing the ledgers a county already has (issue 18, sync/ledger_in.py): messy files (a GBK
CSV, a workbook with a title row, 填报单位 line and a merged two-row header, synonyms, √ and
是/否, an invalid ID number, a person before any household), the round trip of `mopai ledger`,
updates instead of duplicates, and a refused import that changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from mopai import forms
from mopai.forms import idnumber
from mopai.forms.findings import CONFIRMATIONS
from mopai.reports.ledger import ledger_workbook
from mopai.sync import ledger_in, records
from mopai.sync.errors import InputError
from mopai.sync.ledger_map import Mapping
from mopai.sync.ledger_read import csv_bytes
from mopai.sync.schema import STATE_KEYS
from mopai.sync.synth import VillageSpec, generate_village
from tests.cli.test_main import mopai
from tests.conftest import PASSPHRASE, USER, VILLAGE

TODAY = forms.DEFAULT_SETTINGS.today()


def ident(year: int, seq: int) -> str:
    return idnumber.make("110105", dt.date(year, 3, 4), seq)


HEAD1, WIFE1, SON1 = ident(1970, 11), ident(1972, 22), ident(2001, 31)
HEAD2 = ident(1965, 41)
BAD_ID = HEAD2[:-1] + ("0" if HEAD2[-1] != "0" else "1")

HEADER_TOP = ["序号", "户号", "户主", "家庭地址", "户属性", "成员信息", "", "", "", "", ""]
HEADER_SUB = ["", "", "", "", "", "姓名", "身份证号", "与户主的关系", "在校生", "手机号码",
              "享受政策"]
ROWS = [
    # a person before any household: no 户号, no 户主
    [1, "", "", "", "", "无名氏", ident(1990, 51), "之子", "否", "", ""],
    [2, "7", "张大山", "一组3号", "脱贫户", "张大山", HEAD1, "户主", "否", "13800001111", "无"],
    [3, "", "", "", "", "李小花", WIFE1, "配偶", "×", "", "无"],       # filled down (merged)
    [4, "", "", "", "", "张小山", SON1, "之子", "√", "", ""],
    [5, "8", "王二", "二组1号", "一般农户", "王二", BAD_ID, "户主", "否", "", ""],
    [6, "9", "赵五", "二组5号", "一般农户", "赵五", ident(1980, 61), "户主", "在读", "", ""],
]


def messy_rows() -> list[list]:
    return [["2020年铜湾镇长坪村农村劳动力摸底台账"], ["填报单位：长坪村委会", "", "", "",
            "填报日期：2020年10月"], HEADER_TOP, HEADER_SUB, *ROWS, ["填表人：", "", "审核人："]]


def messy_csv(path: Path) -> Path:
    path.write_bytes(csv_bytes(messy_rows(), "gbk"))
    return path


def messy_xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "摸底"
    for row in messy_rows():
        ws.append([v if v != "" else None for v in row])
    ws.merge_cells("A1:K1")
    for col in "ABCDE":
        ws.merge_cells(f"{col}3:{col}4")   # keys merged down the two header rows
    ws.merge_cells("F3:K3")                 # 成员信息 over the person's columns
    for col in "BCDE":
        ws.merge_cells(f"{col}6:{col}8")    # the household's cells merged over its members
    wb.save(path)
    return path


def messy_xls(path: Path) -> Path:
    """The same ledger as an Excel 97–2003 workbook (.xls, BIFF8), merged cells and all."""
    import xlwt  # tests only: writes the .xls that xlrd reads back

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("摸底", cell_overwrite_ok=True)
    for r, row in enumerate(messy_rows()):
        for c, value in enumerate(row):
            if value != "":
                ws.write(r, c, value)
    ws.merge(0, 0, 0, 10)
    for c in range(5):
        ws.merge(2, 3, c, c)
    ws.merge(2, 2, 5, 10)
    for c in range(1, 5):
        ws.merge(5, 7, c, c)
    wb.save(str(path))
    return path


@pytest.mark.parametrize("make", [messy_csv, messy_xlsx, messy_xls])
def test_messy_ledger_preview(village_store, tmp_path: Path, make) -> None:
    path = make(tmp_path / f"messy.{make.__name__.removeprefix('messy_')}")
    form = village_store.forms.current().form
    with ledger_in.read(path, form) as led:
        assert led.header.rows == (3, 4)
        mapped = dict(zip(led.header.titles, led.mapping.columns, strict=True))
        assert mapped["户号"] == "household.household_no"
        assert mapped["户主"] == "head_name"
        assert mapped["身份证号"] == "member.id_number"
        assert mapped["与户主的关系"] == "member.relation"
        assert mapped["手机号码"] == "member.phone"
        assert mapped["户属性"] == "household.household_type"
        assert mapped["在校生"] == "member.is_student"
        result = ledger_in.preview(village_store, led, village=VILLAGE)
        codes = {(p.row, p.code) for p in result.problems}
        assert codes == {(5, "member_before_household"), (9, "invalid_id"),
                         (10, "unknown_choice")}
        bad = next(p for p in result.problems if p.code == "invalid_id")
        assert bad.column == "G 身份证号" and bad.sheet == led.header.sheet
        assert result.unknown == {"member.is_student": {"在读": 1}}
        first = result.households[0]
        assert first.rows == [6, 7, 8] and first.sound
        assert [m["fields"]["is_student"] for m in first.state["members"]] == ["no", "no", "yes"]
        assert [m["fields"]["relation"] for m in first.state["members"]] == [
            "head", "spouse", "son"]
        assert first.state["fields"]["household_type"] == "poverty_alleviated"
        assert first.state["members"][0]["fields"]["policies"] == ["none"]
        assert len(result.sound) == 1 and result.people == 5


def test_problems_refuse_everything_unless_sound_rows_accepted(village_store, tmp_path: Path
                                                               ) -> None:
    path = messy_csv(tmp_path / "messy.csv")
    form = village_store.forms.current().form
    before = village_store.status().households
    with ledger_in.read(path, form) as led:
        result = ledger_in.preview(village_store, led, village=VILLAGE)
        with pytest.raises(ledger_in.LedgerRefused):
            ledger_in.apply(village_store, result)
        assert village_store.status().households == before == 0
        done = ledger_in.apply(village_store, result, accept_sound_rows=True)
        n = ledger_in.write_rejected(result, tmp_path / "rejected.xlsx")
    assert (done.new, done.rejected) == (1, 2)  # households; the stray row is no household
    saved = list(village_store.households.states())
    # the revision is marked with its file, sheet and rows beside the record, not in it: the
    # record has no key a Mopai before ledger import would refuse in a bundle
    assert len(saved) == 1 and set(saved[0]) <= STATE_KEYS and "source" not in saved[0]
    assert list(records.sources(village_store, saved[0]["uuid"]).values()) == ["messy.csv:messy:6-8"]
    assert n == 3
    ws = openpyxl.load_workbook(tmp_path / "rejected.xlsx", read_only=True)["未导入"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "原行号" and rows[0][-1] == "未导入原因"
    assert [r[0] for r in rows[1:]] == [5, 9, 10]
    assert "证件号码" in rows[2][-1] and "无效" in rows[2][-1]
    assert "在读" in rows[3][-1]


def test_unknown_value_answered_once_in_the_mapping_is_reused(village_store, tmp_path: Path
                                                              ) -> None:
    path = messy_csv(tmp_path / "messy.csv")
    form = village_store.forms.current().form
    with ledger_in.read(path, form) as led:
        led.mapping.values["member.is_student"] = {"在读": "yes"}
        ledger_in.remember_mapping(village_store.workspace.home, led.mapping)
    saved = ledger_in.saved_mappings(village_store.workspace.home, form)
    with ledger_in.read(messy_csv(tmp_path / "next.csv"), form, saved=saved) as led:
        result = ledger_in.preview(village_store, led, village=VILLAGE)
        assert {p.code for p in result.problems} == {"member_before_household", "invalid_id"}
        zhao = next(h for h in result.households if h.rows == [10])
        assert zhao.state["members"][0]["fields"]["is_student"] == "yes"


def test_mapping_file_is_checked(village_store, tmp_path: Path) -> None:
    form = village_store.forms.current().form
    bad = tmp_path / "map.json"
    bad.write_text('{"mopai": "ledger-mapping", "version": 1, "headers": ["姓名"], '
                   '"columns": ["member.nickname"]}', "utf-8")
    with pytest.raises(InputError, match="nickname"):
        Mapping.load(bad, form)


def test_unreadable_binary_xls_is_refused_with_what_to_do(village_store, tmp_path: Path
                                                          ) -> None:
    path = tmp_path / "old.xls"   # an OLE envelope xlrd cannot read (a damaged file, an odd .et)
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(InputError, match="save it as an Excel workbook") as err:
        ledger_in.read(path, village_store.forms.current().form)
    assert "另存为" in err.value.message("zh_CN")


def test_xlsx_saved_by_wps_under_et_name_is_read(village_store, tmp_path: Path) -> None:
    path = messy_xlsx(tmp_path / "ledger.xlsx").rename(tmp_path / "台账.et")
    with ledger_in.read(path, village_store.forms.current().form) as led:
        assert led.header.sheet == "摸底"


def _demo(store, n: int = 30) -> list[dict]:
    states = [g.state for g in generate_village(VillageSpec(VILLAGE, n, seed=7, mistake_rate=0.0,
                                                            as_of=TODAY))]
    store.households.save_many(states)
    return states


@pytest.fixture
def other_store(tmp_path: Path, _template_village: Path):
    """A second, empty village workspace of the same village."""
    from mopai.sync.workspace import Workspace
    from tests.conftest import copy_workspaces

    st = Workspace(copy_workspaces(_template_village, tmp_path / "other")).unlock(USER, PASSPHRASE)
    yield st
    st.close()


def test_round_trip_of_mopai_ledger(village_store, other_store, tmp_path: Path) -> None:
    states = _demo(village_store)
    ledger_workbook(village_store, VILLAGE, tmp_path / "ledger.xlsx")
    form = village_store.forms.current().form
    answered = {form.member_fields[k].type for s in states for m in s["members"]
                for k in m["fields"]} | {form.fields[k].type for s in states for k in s["fields"]}
    assert answered >= {forms.QType.TEXT, forms.QType.ID_NUMBER, forms.QType.SELECT_ONE,
                        forms.QType.SELECT_MULTIPLE, forms.QType.INTEGER, forms.QType.DATE}
    # back into the same store: every household found, nothing to change, nothing written
    mark = village_store.households.revision_mark()
    with ledger_in.read(tmp_path / "ledger.xlsx", form) as led:
        result = ledger_in.preview(village_store, led, village=VILLAGE)
        assert not result.problems and not result.new and not result.updated
        assert len(result.unchanged) == len(states)
        ledger_in.apply(village_store, result)
    assert village_store.households.revision_mark() == mark
    # into an empty village: the same answers, household by household, person by person
    with ledger_in.read(tmp_path / "ledger.xlsx", form) as led:
        ledger_in.apply(other_store, ledger_in.preview(other_store, led, village=VILLAGE))
    got = {s["fields"]["household_no"]: s for s in other_store.households.states()}
    for s in states:
        g = got[s["fields"]["household_no"]]
        assert g["fields"] == s["fields"]
        assert [m["fields"] for m in g["members"]] == [m["fields"] for m in s["members"]]
        assert g["status"] == s["status"]


def test_households_in_the_store_are_updated_not_duplicated(village_store, tmp_path: Path
                                                            ) -> None:
    states = _demo(village_store, 3)
    one, two = states[0], states[1]
    head2 = two["members"][0]["fields"]
    rows = [["户编号", "姓名", "证件号码", "与户主关系", "文化程度", "联系电话"],
            [one["fields"]["household_no"], one["members"][0]["fields"]["name"],
             one["members"][0]["fields"]["id_number"], "户主", "本科及以上", "13912345678"],
            # no 户编号: found by the ID number of its head
            ["", head2["name"], head2["id_number"], "户主", "", ""],
            ["", "新成员", ident(2015, 71), "之孙子", "", ""]]
    path = tmp_path / "update.csv"
    path.write_bytes(csv_bytes(rows, "utf-8-sig"))
    form = village_store.forms.current().form
    with ledger_in.read(path, form) as led:
        result = ledger_in.preview(village_store, led, village=VILLAGE)
        assert not result.problems and not result.new
        assert {h.existing["uuid"] for h in result.updated} == {one["uuid"], two["uuid"]}
        seen = {(o.household_no, o.question, o.old, o.new) for o in result.overwrites}
        old_edu = form.member_fields["education"].choices.label(
            one["members"][0]["fields"]["education"])
        assert (one["fields"]["household_no"], "文化程度", old_edu, "本科及以上") in seen
        ledger_in.apply(village_store, result)
    assert village_store.status().households == 3
    now = village_store.households.get(two["uuid"])
    assert [m["fields"]["name"] for m in now["members"]][-1] == "新成员"
    assert len(now["members"]) == len(two["members"]) + 1
    assert now["members"][0]["uuid"] == two["members"][0]["uuid"]
    first = village_store.households.get(one["uuid"])["members"][0]["fields"]
    assert first["education"] == "bachelor_plus" and first["phone"] == "13912345678"
    assert first["employment_status"] == one["members"][0]["fields"]["employment_status"]


def test_cli_dry_run_exit_codes_and_import(village_home: Path, tmp_path: Path) -> None:
    path = messy_csv(tmp_path / "messy.csv")
    base = ("ledger", "import", str(path), "--home", str(village_home), "--user", USER)
    r = mopai(*base, "--village", VILLAGE, "--dry-run", passphrase=PASSPHRASE)
    assert r.returncode == 1, r.stderr
    assert "第 9 行 G 身份证号 列" in r.stderr and "未对应" not in r.stdout.split("列 Columns")[0]
    r = mopai(*base, "--village", VILLAGE, passphrase=PASSPHRASE)
    assert r.returncode == 1 and "什么都没有导入" in r.stderr
    r = mopai(*base, "--village", VILLAGE, "--accept-sound-rows", "--rejected",
              str(tmp_path / "rej.xlsx"), passphrase=PASSPHRASE)
    assert r.returncode == 0, r.stderr
    assert "新增 1 户" in r.stdout and (tmp_path / "rej.xlsx").exists()
    r = mopai(*base, "--village", VILLAGE, "--dry-run", passphrase=PASSPHRASE)
    assert "未变 unchanged 1" in r.stdout


def test_reasons_for_warnings_round_trip(village_store, other_store, tmp_path: Path) -> None:
    """核实说明 is read back into `confirmations`: the household's (marked 户·, on its first
    person's row) and each person's, a reason holding "；" whole; into an empty store they
    come back as given, into the same store nothing changes, and a changed reason is shown
    as an overwrite."""
    states = _demo(village_store, 6)
    record = next(s for s in states if any(m["fields"].get("employment_status") == "migrant"
                                           for m in s["members"]))
    i = next(i for i, m in enumerate(record["members"])
             if m["fields"].get("employment_status") == "migrant")
    record["members"][i]["fields"]["monthly_income"] = 35000
    record["members"][i]["confirmations"] = {"monthly_income": "包工头，年底结算；收入属实"}
    record["fields"]["survey_date"] = (TODAY - dt.timedelta(days=400)).isoformat()
    record["confirmations"] = {"survey_date": "去年入户，今年补录"}
    village_store.households.save(record)
    saved = village_store.households.get(record["uuid"])
    assert saved["status"] == "complete" and saved["confirmations"]  # warnings, confirmed
    ledger_workbook(village_store, VILLAGE, tmp_path / "ledger.xlsx")
    form = village_store.forms.current().form
    with ledger_in.read(tmp_path / "ledger.xlsx", form) as led:
        assert "reasons" in led.mapping.columns
        result = ledger_in.preview(other_store, led, village=VILLAGE)
        assert not result.problems
        ledger_in.apply(other_store, result)
    got = next(s for s in other_store.households.states()
               if s["fields"]["household_no"] == record["fields"]["household_no"])
    assert got["confirmations"] == {"survey_date": "去年入户，今年补录"}
    assert got["members"][i]["confirmations"] == {"monthly_income": "包工头，年底结算；收入属实"}
    assert [CONFIRMATIONS in m for m in got["members"]] == \
        [CONFIRMATIONS in m for m in saved["members"]]
    assert got["status"] == "complete"
    mark = village_store.households.revision_mark()
    with ledger_in.read(tmp_path / "ledger.xlsx", form) as led:
        result = ledger_in.preview(village_store, led, village=VILLAGE)
        assert not result.updated and len(result.unchanged) == len(states)
    assert village_store.households.revision_mark() == mark
    # a reason changed in the file is an update, shown before it is written
    wb = openpyxl.load_workbook(tmp_path / "ledger.xlsx")
    ws = wb["台账"]
    head = [c.value for c in ws[4]]
    col = head.index("核实说明") + 1
    cell = next(ws.cell(r, col) for r in range(5, ws.max_row + 1)
                if ws.cell(r, col).value and "月收入" in ws.cell(r, col).value)
    cell.value = "月收入（元）：已电话核实"
    wb.save(tmp_path / "changed.xlsx")
    with ledger_in.read(tmp_path / "changed.xlsx", form) as led:
        result = ledger_in.preview(village_store, led, village=VILLAGE)
        assert [(o.question, o.old, o.new) for o in result.overwrites] == [
            ("核实说明·月收入（元）", "包工头，年底结算；收入属实", "已电话核实")]
        ledger_in.apply(village_store, result)
    now = village_store.households.get(record["uuid"])
    assert now["members"][i]["confirmations"] == {"monthly_income": "已电话核实"}


def test_reasons_that_name_no_question_are_a_problem(village_store, tmp_path: Path) -> None:
    rows = [["户编号", "姓名", "证件号码", "与户主关系", "核实说明"],
            ["1", "张三", HEAD1, "户主", "收入属实"],
            ["2", "李四", HEAD2, "户主", "户·身高：一米八"]]
    path = tmp_path / "reasons.csv"
    path.write_bytes(csv_bytes(rows, "gbk"))
    with ledger_in.read(path, village_store.forms.current().form) as led:
        result = ledger_in.preview(village_store, led, village=VILLAGE)
    assert [(p.row, p.column, p.code) for p in result.problems] == [
        (2, "E 核实说明", "unknown_reason"), (3, "E 核实说明", "unknown_reason")]
    assert "“收入属实”不是“问题：说明”的写法" in result.problems[0].zh
