"""Saving, reading, searching, deleting households; revision history (issue 2)."""

from __future__ import annotations

import copy

import pytest

from mopai.sync.errors import InputError
from mopai.sync.households import CompleteRefused, HouseholdService
from tests.helpers import household


def test_every_save_is_a_revision_with_parent(store) -> None:
    h = household("0001", ("张三", "11010519491231002X"), ("张小明", "440524188001010014"))
    store.households.save(h)
    h["members"][1]["fields"]["phone"] = "13912345678"
    h["fields"]["address"] = "一组 12 号"
    store.households.save(h)
    history = store.households.history(h["uuid"])
    assert [e.rev_no for e in history] == [1, 2]
    assert history[1].parent_id == history[0].revision_id
    assert {(c.field, c.old, c.new) for c in history[1].changes} == {
        ("phone", None, "13912345678"), ("address", None, "一组 12 号")}
    assert history[1].user == store.user and history[1].device_id == store.device_id
    assert store.households.get(h["uuid"]) == h


def test_search_by_initials_name_id_fragment_number_phone(store) -> None:
    a = household("0001", ("张三", "11010519491231002X"))
    b = household("0002", ("李四", "440524188001010014"), phone="13800001111")
    store.households.save_many([a, b])
    found = lambda text: [h.household_no for h in store.households.search(text)]  # noqa: E731
    assert found("zs") == ["0001"]
    assert found("李") == ["0002"]
    assert found("1231002x") == ["0001"]
    assert found("0002") == ["0002"]
    assert found("00001111") == ["0002"]
    assert found("") == ["0001", "0002"]
    assert found("wangwu") == []
    assert found("2") == ["0002"]
    for text in ("", "zs", "李", "2", "1231002x"):
        assert store.households.matching(text) == [r.uuid for r in store.households.search(text)]  # a short number is a 户编号, not any ID containing a 2
    assert [r.head_name for r in store.households.rows([b["uuid"], "gone"])] == ["李四"]


def test_delete_keeps_history_and_tombstone(store) -> None:
    h = household("0003", ("王五", "11010519491231002X"))
    store.households.save(h)
    changes = store.households.delete(h["uuid"], reason="重复录入")
    assert changes.deleted == {h["uuid"]}
    assert store.households.count() == 0
    assert [e.kind for e in store.households.history(h["uuid"])] == ["save", "delete"]


def test_bad_record_refused_and_nothing_saved(store) -> None:
    good = household("0001", ("张三", "11010519491231002X"))
    bad = copy.deepcopy(good)
    bad["uuid"] = "other"
    bad["fields"]["household_no"] = " "
    with pytest.raises(InputError, match="household number"):
        store.households.save_many([good, bad])
    assert store.households.count() == 0 and store.status().revisions == 0


def test_complete_refused_while_validator_finds_errors(store) -> None:
    class Finding:
        severity = "error"

    service = HouseholdService(store.engine, device_id="d", user="u", village_code="110105001001",
                               validator=lambda state: [Finding()])
    h = household("0009", ("张三", "11010519491231002X"))
    h["status"] = "complete"
    with pytest.raises(CompleteRefused) as info:
        service.save(h)
    assert len(info.value.findings) == 1 and store.households.count() == 0
    h["status"] = "draft"
    service.save(h)
    assert store.households.count() == 1


def test_drafts_are_not_revisions(store) -> None:
    h = household("0005", ("张三", "11010519491231002X"))
    store.drafts.put(h)
    h["fields"]["address"] = "改过的地址"
    store.drafts.put(h)  # replaces, one draft per household
    assert [(d.uuid, d.state["fields"]["address"]) for d in store.drafts.list()] == [
        (h["uuid"], "改过的地址")]
    assert store.status().revisions == 0 and store.households.count() == 0
    store.drafts.discard(h["uuid"])
    assert store.drafts.list() == []


def test_complete_refused_names_each_error_and_offers_no_draft(store) -> None:
    """The store's refusal says who, which question and what to do for each error; it does
    not say "save a draft", since the command line and an import cannot (the editor can)."""
    from mopai.sync.formbook import FormCatalog, shipped

    catalog = FormCatalog(shipped())
    service = HouseholdService(store.engine, device_id="d", user="u", village_code="110105001001",
                               validator=catalog.validate, catalog=lambda: catalog)
    from mopai.forms.samples import sample_household

    h = sample_household(seed=1)
    h["status"] = "complete"
    h["fields"]["phone"] = "12345"
    h["members"][1]["fields"]["monthly_income"] = 99_999_999
    name = h["members"][1]["fields"]["name"]
    with pytest.raises(CompleteRefused) as info:
        service.save(h)
    text = info.value.zh
    assert text.splitlines()[1:] == [
        "户 · 户联系电话：电话号码格式不对：手机号码为以1开头的11位数字，固定电话为区号加7至8位"
        "号码（如 0731-12345678），请核对后重填",
        f"第2位成员 {name} · 月收入（元）：月收入应在0至100000元之间（单位：元/月），"
        "请核对是否多输了位数或填成了年收入"]
    assert "草稿" not in text and "draft" not in info.value.en
    assert store.households.count() == 0
    incomplete = household("0009", ("张三", "11010519491231002X"))
    incomplete["status"] = "complete"
    with pytest.raises(CompleteRefused) as info:
        service.save(incomplete)
    assert info.value.zh.endswith("……另有 4 个错误") and len(info.value.findings) == 9


@pytest.mark.parametrize("whole", [True, False])
def test_save_many_whole_is_one_transaction_in_batches(store, whole: bool) -> None:
    """`whole=True` (a ledger import) inserts batch by batch in ONE transaction: a failure
    after the first batch leaves nothing; without it each batch commits on its own."""
    states = [household(f"{n:04d}", ("张三", "")) for n in range(1, 4)]

    def fail(conn) -> None:  # noqa: ANN001
        raise RuntimeError("disk full")
    with pytest.raises(RuntimeError):
        store.households.save_many(states, batch=1, whole=whole, within=fail)
    assert store.status().households == (0 if whole else 2)
