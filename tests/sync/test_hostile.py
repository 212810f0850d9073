"""An enrolled device turned adversary (issue 12): a valid signing key, hostile content.

Every bundle here is made with the project's own bundle code and signed by an enrolled
village device, as a stolen or misused laptop would. Each case failed before issue 12: a
village changed another's households, one bundle stopped a whole import with a traceback,
an older return bundle rolled the settings back.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import pytest
import zstandard
from sqlalchemy import select

from mopai.sync import bundle, county_settings
from mopai.sync.models import Audit, Owner, Tombstone
from mopai.sync.record import new_uuid, utc_now
from tests.helpers import household
from tests.sync.conftest import COUNTY, VILLAGE_A, VILLAGE_B, Net
from tests.sync.helpers import households, snapshot


def seal_plaintext(village, plaintext: bytes, *, seq: int, county_age: str,  # noqa: ANN001
                   role: str = "village", compressed: bytes | None = None) -> bytes:
    """A data bundle signed by `village`'s enrolled key around any plaintext."""
    header = {"kind": "data", "bundle_id": new_uuid(), "created_at": utc_now(), "seq": seq,
              "sender": {"device_id": village.device_id, "role": role,
                         "code": village.workspace.code, "county": COUNTY},
              "target": COUNTY, "recipients": [{"role": "county", "code": COUNTY,
                                                "age": county_age}]}
    if compressed is None:
        compressed = zstandard.ZstdCompressor(level=1).compress(plaintext)
    return bundle.seal(header, compressed, village.sync.identity())


def seal_revs(village, revs: list[dict[str, Any]], *, seq: int, county_age: str,  # noqa: ANN001
              role: str = "village") -> bytes:
    """A well-formed data bundle (manifest and all) carrying `revs` as they are."""
    header = {"kind": "data", "bundle_id": new_uuid(), "created_at": utc_now(), "seq": seq,
              "sender": {"device_id": village.device_id, "role": role,
                         "code": village.workspace.code, "county": COUNTY},
              "target": COUNTY, "recipients": [{"role": "county", "code": COUNTY,
                                                "age": county_age}]}
    manifest = {"bundle_id": header["bundle_id"], "kind": "data",
                "counts": {"revisions": len(revs)}}
    return bundle.seal(header, bundle.encode_lines(revs, manifest), village.sync.identity())


def next_seq(village) -> int:  # noqa: ANN001
    with village.engine.connect() as conn:
        return (conn.exec_driver_sql("SELECT max(seq) FROM bundleout").scalar() or 0) + 1


def _rev(village, state: dict[str, Any], parent: dict[str, Any] | None = None,  # noqa: ANN001
         kind: str = "save") -> dict[str, Any]:
    return {"t": "rev", "revision_id": new_uuid(), "record_uuid": state["uuid"],
            "rev_no": (parent["rev_no"] + 1) if parent else 1,
            "parent_id": parent["revision_id"] if parent else None, "merge_parent": None,
            "kind": kind, "state": state, "device_id": village.device_id, "user": "攻击者",
            "created_at": utc_now()}


@pytest.fixture
def b_household(net: Net) -> dict[str, Any]:
    """Village B's household, imported by the county; returns its head revision as the
    county holds it (what an attacker who saw B's data would know)."""
    with net.open("b1") as b1:
        b1.households.save(household("0007", ("李四", "110105194912310021"),
                                     village_code=VILLAGE_B))
        path = b1.sync.export(net.stick).path
    with net.open("county") as county:
        [r] = county.sync.import_paths([path])
        assert r.status == "accepted"
        with county.engine.connect() as conn:
            head = conn.exec_driver_sql(
                "SELECT r.revision_id, r.rev_no, r.state FROM revision r JOIN household h "
                "ON h.revision_id = r.revision_id").one()
    path.unlink()
    return {"revision_id": head[0], "rev_no": head[1], "state": json.loads(head[2])}


def _import(county, data: bytes, folder: Path, name: str) -> Any:  # noqa: ANN001
    path = folder / name
    path.write_bytes(data)
    [result] = county.sync.import_paths([path])
    return result


# -- 1. a village speaks only for its own households -----------------------------------------
@pytest.mark.parametrize("attack", ["rename_and_move", "rename_in_place", "delete"])
def test_a_village_cannot_change_move_or_delete_another_villages_household(
        net: Net, b_household: dict[str, Any], tmp_path: Path, attack: str) -> None:
    with net.open("county") as county:
        county_age = county.sync.identity().age_recipient
        before = households(county)
    with net.open("a1") as a1:
        state = copy.deepcopy(b_household["state"])
        state["members"][0]["fields"]["name"] = "冒名"
        if attack == "rename_and_move":
            state["fields"]["village_code"] = VILLAGE_A
        kind = "delete" if attack == "delete" else "save"
        data = seal_revs(a1, [_rev(a1, state, b_household, kind)], seq=next_seq(a1),
                         county_age=county_age)
    with net.open("county") as county:
        r = _import(county, data, tmp_path, "attack.mopai")
        assert r.status == "accepted" and r.quarantined == 1 and r.foreign == 1
        assert households(county) == before  # B's household untouched, not moved, not deleted
        with county.engine.connect() as conn:
            assert not conn.execute(select(Tombstone)).all()
            owner = conn.execute(select(Owner.village_code).where(
                Owner.record_uuid == state["uuid"])).scalar_one()
        assert owner == VILLAGE_B
        [q] = county.sync.quarantined()
        assert q.reason.startswith("户属于村 " + VILLAGE_B)
        # Nothing goes onward: B gets no change, A gets none of B's record.
        out = tmp_path / "out"
        out.mkdir()
        to_a = county.sync.export_return(VILLAGE_A, out).path
        to_b = county.sync.export_return(VILLAGE_B, out).path
        a_lines = _lines(county, to_a, net, "a1")
        b_lines = _lines(county, to_b, net, "b1")
    assert not [ln for ln in a_lines if ln.get("t") == "rev"]
    assert "李四" not in json.dumps(a_lines, ensure_ascii=False)
    assert not [ln for ln in b_lines if ln.get("t") == "rev"]


def _lines(county, path: Path, net: Net, device: str) -> list[dict[str, Any]]:  # noqa: ANN001
    with net.open(device) as v:
        return bundle.decrypt(bundle.read(path), v.sync.identity())


def test_the_county_moves_a_household_and_the_old_village_lets_it_go(
        net: Net, b_household: dict[str, Any], tmp_path: Path) -> None:
    uuid = b_household["state"]["uuid"]
    with net.open("county") as county:
        with pytest.raises(Exception, match="原因|why"):
            county.sync.move_household(uuid, VILLAGE_A, "")
        county.sync.move_household(uuid, VILLAGE_A, "全家迁入甲村")
        assert county.sync.owner(uuid) == VILLAGE_A
        assert households(county)[uuid]["fields"]["village_code"] == VILLAGE_A
        out = tmp_path / "out"
        out.mkdir()
        to_a = county.sync.export_return(VILLAGE_A, out).path
        to_b = county.sync.export_return(VILLAGE_B, out).path
        assert [e for e in county.audit.entries("household_moved")]
    with net.open("a1") as a1:
        [r] = a1.sync.import_paths([to_a])
        assert r.status == "accepted"
        assert uuid in households(a1)
        # A's device may now change it; the county takes the change.
        state = households(a1)[uuid]
        state["fields"]["address"] = "甲村新址"
        a1.households.save(state)
        change = a1.sync.export(tmp_path / "out").path
    with net.open("b1") as b1:
        [r] = b1.sync.import_paths([to_b])
        assert r.status == "accepted"
        assert uuid not in households(b1)  # gone from B's list, history kept
        assert len(b1.households.history(uuid)) >= 2
    with net.open("county") as county:
        [r] = county.sync.import_paths([change])
        assert r.status == "accepted" and r.quarantined == 0
        assert households(county)[uuid]["fields"]["address"] == "甲村新址"


def test_the_county_approves_a_villages_claim_from_quarantine(
        net: Net, b_household: dict[str, Any], tmp_path: Path) -> None:
    with net.open("county") as county:
        county_age = county.sync.identity().age_recipient
    with net.open("a1") as a1:
        state = copy.deepcopy(b_household["state"])
        state["fields"]["village_code"] = VILLAGE_A
        state["fields"]["address"] = "迁入甲村"
        data = seal_revs(a1, [_rev(a1, state, b_household)], seq=next_seq(a1),
                         county_age=county_age)
    with net.open("county") as county:
        _import(county, data, tmp_path, "claim.mopai")
        [q] = county.sync.quarantined()
        county.sync.approve_claim(q.id, "户籍已迁入甲村")
        assert county.sync.owner(state["uuid"]) == VILLAGE_A
        now = households(county)[state["uuid"]]
        assert now["fields"]["village_code"] == VILLAGE_A
        assert now["fields"]["address"] == "迁入甲村"
        assert not county.sync.quarantined()


def test_a_village_cannot_bury_the_county_under_invented_households(
        net: Net, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mopai.sync import village_scope

    monkeypatch.setattr(village_scope, "MAX_HOUSEHOLDS_PER_VILLAGE", 5)
    with net.open("a1") as a1:
        a1.households.save_many([household(f"{i:04d}", ("张三", ""), village_code=VILLAGE_A)
                                 for i in range(6)])
        path = a1.sync.export(net.stick).path
    with net.open("county") as county:
        before = snapshot(county)
        [r] = county.sync.import_paths([path])
        assert (r.status, r.reason) == ("rejected", "too_large")
        assert snapshot(county) == before


# -- 2. one bad bundle never stops the others ------------------------------------------------
def _nested(depth: int) -> bytes:
    return b'{"t":"rev","state":' + b"[" * depth + b"]" * depth + b"}"


def test_hostile_bundles_are_refused_one_by_one_and_the_good_one_goes_in(
        net: Net, tmp_path: Path) -> None:
    with net.open("county") as county:
        county_age = county.sync.identity().age_recipient
    folder = tmp_path / "stick"
    folder.mkdir()
    with net.open("a1") as a1:
        seq = next_seq(a1)
        (folder / "1-seq.mopai").write_bytes(seal_revs(a1, [], seq=10**9, county_age=county_age))
        (folder / "2-nested.mopai").write_bytes(seal_plaintext(
            a1, _nested(100_000) + b"\n", seq=seq, county_age=county_age))
        (folder / "3-role.mopai").write_bytes(seal_revs(a1, [], seq=seq + 1,
                                                        county_age=county_age, role="county"))
        (folder / "4-junk.mopai").write_bytes(b"MOPAI-BUNDLE 1\n{]\nAAAA\n")
        bad = household("0001", ("王五", "110105194912310021"), village_code=VILLAGE_A)
        bad["members"][0]["fields"]["name"] = {"x": 1}
        odd = household({"no": 1}, ("赵六", ""), village_code=VILLAGE_A)  # 户编号 a dict
        listed = household("0003", ("钱七", ""), village_code=VILLAGE_A,
                           household_type=["ordinary"])
        (folder / "5-types.mopai").write_bytes(seal_revs(
            a1, [_rev(a1, bad), _rev(a1, odd), _rev(a1, listed)], seq=seq + 2,
            county_age=county_age))
    with net.open("b1") as b1:
        b1.households.save(household("0009", ("孙八", ""), village_code=VILLAGE_B))
        good = b1.sync.export(folder).path
    with net.open("county") as county:
        results = {Path(r.path).name: r for r in county.sync.import_paths([folder])}
        assert results[good.name].status == "accepted"
        assert (results["1-seq.mopai"].status, results["1-seq.mopai"].reason) == (
            "rejected", "sequence_gap")
        assert results["2-nested.mopai"].reason == "damaged_payload"
        assert results["3-role.mopai"].reason == "wrong_sender"
        assert results["4-junk.mopai"].reason == "tampered"
        types = results["5-types.mopai"]
        assert types.status == "accepted" and types.quarantined == 3 and types.new_revisions == 0
        reasons = sorted(q.reason for q in county.sync.quarantined())
        assert any("name" in r for r in reasons) and any("household_type" in r for r in reasons)
        assert any("户编号" in r or "household_no" in r for r in reasons)
        with county.engine.connect() as conn:
            refused = [json.loads(a.detail) for a in conn.execute(
                select(Audit).where(Audit.event == "import_rejected"))]
        assert {d["file"] for d in refused} == {"1-seq.mopai", "2-nested.mopai", "3-role.mopai",
                                                "4-junk.mopai"}
        assert [h["fields"]["household_no"] for h in households(county).values()] == ["0009"]


def test_an_unexpected_failure_rejects_that_bundle_only_and_names_no_data(
        net: Net, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mopai.sync import importer

    with net.open("a1") as a1:
        a1.households.save(household("0001", ("周九", "110105194912310021")))
        first = a1.sync.export(tmp_path).path
    with net.open("b1") as b1:
        b1.households.save(household("0002", ("吴十", ""), village_code=VILLAGE_B))
        second = b1.sync.export(tmp_path).path
    real = importer.Merger.apply

    def explode(self, revisions):  # noqa: ANN001, ANN202
        if any(r["state"]["fields"]["household_no"] == "0001" for r in revisions):
            raise MemoryError("周九 110105194912310021")
        return real(self, revisions)

    monkeypatch.setattr(importer.Merger, "apply", explode)
    with net.open("county") as county:
        a, b = county.sync.import_paths([first, second])
        assert (a.status, a.reason) == ("rejected", "failed")
        assert "周九" not in a.message_zh + a.message_en
        assert b.status == "accepted"
        assert [h["fields"]["household_no"] for h in households(county).values()] == ["0002"]
        entry = county.audit.entries("import_rejected")[0]
        assert "周九" not in entry.detail and "1101051949" not in entry.detail


# -- 3. limits, enforced while streaming; memory stays bounded --------------------------------
def test_limits_refuse_oversized_content(net: Net, tmp_path: Path) -> None:
    with net.open("county") as county:
        county_age = county.sync.identity().age_recipient
    with net.open("a1") as a1:
        seq = next_seq(a1)
        long_line = b'{"t":"x","v":"' + b"a" * (9 * 1024**2) + b'"}\n'
        many = b'{}\n' * 30_000
        cases = {"long": seal_plaintext(a1, long_line, seq=seq, county_age=county_age),
                 "many": seal_plaintext(a1, many, seq=seq + 1, county_age=county_age)}
    with net.open("county") as county:
        before = snapshot(county)
        for name, data in cases.items():
            r = _import(county, data, tmp_path, f"{name}.mopai")
            assert (r.status, r.reason) == ("rejected", "too_large"), name
        assert snapshot(county) == before


def test_export_splits_what_one_bundle_may_not_hold(net: Net, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from mopai.sync import export

    monkeypatch.setattr(export, "MAX_REVISIONS_PER_BUNDLE", 4)
    with net.open("a1") as a1:
        a1.households.save_many([household(f"{i:04d}", ("张三", "")) for i in range(10)])
        result = a1.sync.export(tmp_path)
    assert len(result.parts) == 3 and result.path == result.parts[-1]
    with net.open("county") as county:
        results = county.sync.import_paths(list(reversed(result.parts)))  # any order
        assert all(r.status == "accepted" for r in results)
        assert len(households(county)) == 10


# -- 6. return bundles apply in order ---------------------------------------------------------
def test_an_older_return_bundle_never_rolls_settings_back(net: Net, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with net.open("county") as county:
        _set_settings(county, labour_age_min=15)
        old = county.sync.export_return(VILLAGE_A, out).path
        _set_settings(county, labour_age_min=18)
        new = county.sync.export_return(VILLAGE_A, out).path
    with net.open("a1") as a1:
        [r_new] = a1.sync.import_paths([new])
        [r_old] = a1.sync.import_paths([old])
        assert r_new.status == r_old.status == "accepted"
        assert r_old.stale and not r_new.stale
        assert county_settings.load(a1).labour_age_min == 18


def _set_settings(county, **values: Any) -> None:  # noqa: ANN001
    county_settings.save(county, dataclasses.replace(county_settings.load(county), **values))


def test_stream_reader_counts_bytes_not_trust(tmp_path: Path) -> None:
    """A 2 GiB decompression bomb stops at the plaintext limit, a few MiB into it."""
    source = io.BytesIO()
    with zstandard.ZstdCompressor(level=1).stream_writer(source, closefd=False) as w:
        line = b'{"t":"x","v":"' + b"a" * (1024**2 - 20) + b'"}\n'
        for _ in range(2048):
            w.write(line)
    lines = bundle._stream_lines(source.getvalue(), bundle.LIMITS)
    seen = 0
    with pytest.raises(bundle.BundleRejected) as exc:
        for _ in lines:
            seen += 1
    assert exc.value.reason == "too_large" and seen <= bundle.LIMITS.plaintext // 1024**2


def _bench_import_peak() -> float:
    """The peak memory of the bench's whole-county import (bench/results.json)."""
    results = json.loads((Path(__file__).parents[2] / "bench" / "results.json").read_text())
    [figure] = [f for f in results["benchmarks"]["import"]["figures"]
                if f["name"] == "import peak memory (whole process)"]
    return figure["value"]


def _stream(lines: Any) -> bytes:
    out = io.BytesIO()
    with zstandard.ZstdCompressor(level=1).stream_writer(out, closefd=False) as w:
        for line in lines:
            w.write(line)
    return out.getvalue()


@pytest.mark.slow
def test_import_memory_stays_bounded_whatever_the_bundle(net: Net, tmp_path: Path) -> None:
    """Each bundle of the adversarial review, imported in a fresh process as `mopai import`
    does, its address space limited to 2 GiB (as on a laptop that commits memory): every one
    is refused and the peak stays under the bench import's peak."""
    import subprocess
    import sys

    with net.open("county") as county:
        county_age = county.sync.identity().age_recipient
    folder = tmp_path / "hostile"
    folder.mkdir()
    mib = b'{"t":"x","v":"' + b"a" * (1024**2 - 20) + b'"}\n'
    junk = (b'{"t":"rev","revision_id":"%d","record_uuid":"x","rev_no":1,"kind":"save",'
            b'"state":{}}\n')
    with net.open("a1") as a1:
        seq = next_seq(a1)
        made = {
            "seq": seal_revs(a1, [], seq=10**9, county_age=county_age),
            "nested": seal_plaintext(a1, _nested(100_000) + b"\n", seq=seq,
                                     county_age=county_age),
            "2gib-lines": seal_plaintext(a1, b"", compressed=_stream(mib for _ in range(2048)),
                                         seq=seq + 1, county_age=county_age),
            "empty-objects": seal_plaintext(a1, b"", compressed=_stream(
                b"{}\n" * 65536 for _ in range(800)), seq=seq + 2, county_age=county_age),
            "500mib-line": seal_plaintext(a1, b"", compressed=_stream(
                [b'{"t":"x","v":"'] + [b"a" * 1024**2] * 500 + [b'"}\n']), seq=seq + 3,
                county_age=county_age),
            "million-records": seal_plaintext(a1, b"", compressed=_stream(
                junk % i for i in range(1_000_000)), seq=seq + 4, county_age=county_age),
            "tiny-values": seal_plaintext(a1, b"", compressed=_stream(
                b'{"t":"x","v":[' + b"0," * 200_000 + b'0]}\n' for _ in range(10)),
                seq=seq + 5, county_age=county_age),
        }
        # The largest bundle the limits let through, of well-formed households: accepted.
        filler = {"address": "甲" * 600, "group": "一组"}
        biggest = [_rev(a1, household(f"{i:05d}", ("张三", ""), ("李四", ""),
                                      village_code=VILLAGE_A, **filler)) for i in range(8_000)]
        made["largest-allowed"] = seal_revs(a1, biggest, seq=seq + 6, county_age=county_age)
    assert len(bundle.encode_lines(biggest, {})) > 0
    for name, data in made.items():
        (folder / f"{name}.mopai").write_bytes(data)
    root = Path(__file__).parents[2]
    out = subprocess.run([sys.executable, "-m", "tests.sync.import_child",
                          str(net.home("county")), str(folder)],
                         cwd=root, capture_output=True, text=True, timeout=600, check=True)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    reasons = {name: (status, reason) for name, status, reason in report["results"]}
    assert reasons == {
        "2gib-lines.mopai": ("rejected", "too_large"),
        "500mib-line.mopai": ("rejected", "too_large"),
        "empty-objects.mopai": ("rejected", "too_large"),
        "million-records.mopai": ("rejected", "too_large"),
        "nested.mopai": ("rejected", "damaged_payload"),
        "seq.mopai": ("rejected", "sequence_gap"),
        "tiny-values.mopai": ("rejected", "too_large"),
        "largest-allowed.mopai": ("accepted", ""),
    }
    print(f"hostile imports: peak {report['peak_mib']:.0f} MiB, before {report['before_mib']:.0f} MiB")
    assert report["peak_mib"] < _bench_import_peak(), report


def test_the_county_lists_claims_and_moves_households_by_command_line(
        net: Net, b_household: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from mopai.cli.main import main
    from tests.conftest import PASSPHRASE
    from tests.sync.conftest import COUNTY_USER

    with net.open("county") as county:
        county_age = county.sync.identity().age_recipient
    with net.open("a1") as a1:
        state = copy.deepcopy(b_household["state"])
        state["fields"]["village_code"] = VILLAGE_A
        claim = tmp_path / "claim.mopai"
        claim.write_bytes(seal_revs(a1, [_rev(a1, state, b_household)], seq=next_seq(a1),
                                    county_age=county_age))
    monkeypatch.setenv("MOPAI_PASSPHRASE", PASSPHRASE)
    home = ["--home", str(net.home("county")), "--user", COUNTY_USER]
    assert main(["import", *home, str(claim)]) == 0
    assert "别村的户" in capsys.readouterr().out
    assert main(["quarantine", *home]) == 0
    [line] = capsys.readouterr().out.strip().splitlines()
    qid = line.split("\t")[0]
    assert f"户属于村 {VILLAGE_B}" in line
    # A village code outside the county, and no reason, are refused; nothing changes.
    assert main(["move", *home, state["uuid"], "--to", "999999001001", "--reason", "x"]) == 2
    assert main(["move", *home, "--claim", qid, "--reason", "户籍迁入甲村"]) == 0
    assert main(["move", *home, state["uuid"], "--to", VILLAGE_B, "--reason", "搬回乙村"]) == 0
    with net.open("county") as county:
        assert county.sync.owner(state["uuid"]) == VILLAGE_B
        moves = [json.loads(e.detail) for e in county.audit.entries("household_moved")]
    assert [(m["previous"], m["village"]) for m in reversed(moves)] == [
        (VILLAGE_B, VILLAGE_A), (VILLAGE_A, VILLAGE_B)]


def test_a_return_too_large_for_one_bundle_goes_in_several(net: Net, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A device that lost everything (a new laptop for an old village) gets the whole village
    back: the county splits what one bundle may not hold, the village takes the parts in any
    order, and the settings are those of the newest part."""
    from mopai.sync import export

    with net.open("a1") as a1:
        a1.households.save_many([household(f"{i:04d}", ("张三", "")) for i in range(9)])
        sent = a1.sync.export(tmp_path).path
    out = tmp_path / "out"
    out.mkdir()
    with net.open("county") as county:
        county.sync.import_paths([sent])
        _set_settings(county, labour_age_min=17)
        monkeypatch.setattr(export, "MAX_REVISIONS_PER_BUNDLE", 4)
        result = county.sync.export_return(VILLAGE_A, out)
    assert len(result.parts) == 3
    with net.open("a2") as a2:  # the village's other laptop: it lacks all nine
        results = a2.sync.import_paths(list(reversed(result.parts)))
        assert [r.status for r in results] == ["accepted"] * 3
        assert [r.stale for r in results] == [False, True, True]
        assert len(households(a2)) == 9
        assert county_settings.load(a2).labour_age_min == 17
