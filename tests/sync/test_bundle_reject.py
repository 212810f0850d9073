"""Every way a bundle can be wrong is refused with a reason, and the store stays as it was."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pyrage
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mopai.sync import bundle
from mopai.sync.bundle import BundleRejected
from mopai.sync.record import new_uuid, utc_now
from tests.helpers import household
from tests.sync.conftest import COUNTY, VILLAGE_A, Net
from tests.sync.helpers import snapshot

CHUNK = 64 * 1024 + 16  # age STREAM: 64 KiB of plaintext + a 16-byte tag


def _fill(store, n: int, code: str = VILLAGE_A) -> None:  # noqa: ANN001
    rng = random.Random(n)
    store.households.save_many([
        household(f"{i:04d}", ("张三", "11010519491231002X"), village_code=code,
                  address=f"{rng.getrandbits(4000):x}") for i in range(n)])


def _import(county, data: bytes, folder: Path, name: str = "x.mopai"):  # noqa: ANN001, ANN202
    path = folder / name
    path.write_bytes(data)
    [result] = county.sync.import_paths([path])
    return result


def _craft(identity, *, sender: dict[str, Any], recipients: list[str], target: str = COUNTY,
           seq: int = 1, revs: list[dict[str, Any]] | None = None) -> bytes:  # noqa: ANN001
    bundle_id = new_uuid()
    header = {"kind": "data", "bundle_id": bundle_id, "created_at": utc_now(), "seq": seq,
              "sender": dict(sender, role="village", county=COUNTY), "target": target,
              "recipients": [{"role": "county", "code": target, "age": r} for r in recipients]}
    manifest = {"bundle_id": bundle_id, "kind": "data", "counts": {"revisions": len(revs or [])}}
    return bundle.seal(header, bundle.encode_lines(revs or [], manifest), identity)


@pytest.fixture
def big(net: Net) -> bytes:
    with net.open("a1") as a1:
        _fill(a1, 400)
        result = a1.sync.export(net.stick)
    data = result.path.read_bytes()
    result.path.unlink()
    assert len(data) > 3 * CHUNK  # several age chunks, so boundaries can be cut
    return data


def _payload_start(data: bytes) -> int:
    return data.index(b"\n", data.index(b"\n", data.index(b"\n") + 1) + 1) + 1


def test_flipped_bits_truncation_and_reordering_are_refused(net: Net, big: bytes, tmp_path: Path
                                                            ) -> None:
    rng = random.Random(6)
    start = _payload_start(big)
    age_body = big.index(b"\n---", start)
    age_body = big.index(b"\n", age_body + 1) + 1 + 16  # after the age header and the nonce
    with net.open("county") as county:
        before = snapshot(county)
        head_positions = list(range(0, start, 5))
        payload_positions = rng.sample(range(start, len(big)), 120) + [len(big) - 1]
        for pos in head_positions + payload_positions:
            bad = bytearray(big)
            bad[pos] ^= 1 << rng.randrange(8)
            r = _import(county, bytes(bad), tmp_path)
            assert r.status == "rejected", pos
            if pos >= start:
                assert r.reason == "tampered", (pos, r.reason)
        cuts = {1, 5, start - 1, start, len(big) - 1, age_body}
        for k in range(1, (len(big) - age_body) // CHUNK + 1):
            boundary = age_body + k * CHUNK
            cuts |= {boundary - 1, boundary, boundary + 1}
        for cut in sorted(c for c in cuts if 0 < c < len(big)):
            r = _import(county, big[:cut], tmp_path)
            assert r.status == "rejected", cut
            if cut >= start:
                assert r.reason == "truncated", (cut, r.reason)
        # Extra bytes at the end are refused too.
        assert _import(county, big + b"\0", tmp_path).reason == "tampered"
        # Two age chunks swapped.
        c1 = slice(age_body, age_body + CHUNK)
        c2 = slice(age_body + CHUNK, age_body + 2 * CHUNK)
        swapped = big[:age_body] + big[c2] + big[c1] + big[age_body + 2 * CHUNK:]
        assert len(swapped) == len(big)
        assert _import(county, swapped, tmp_path).reason == "tampered"
        assert snapshot(county) == before
        # Even past the signed hash (a forger with no key cannot get there), age's own
        # authentication refuses reordered chunks.
        raw = bundle.parse(swapped)
        forged = bundle.RawBundle(raw.header, raw.signed, raw.signature,
                                  swapped[_payload_start(swapped):], raw.file_sha256)
        with pytest.raises(BundleRejected) as exc:
            bundle.decrypt(forged, county.sync.identity())
        assert exc.value.reason == "tampered"
        # The untouched bundle is accepted afterwards: the refusals left no trace in the way.
        r = _import(county, big, tmp_path)
        assert r.status == "accepted" and r.new_revisions == 400


def test_unknown_version_and_not_a_bundle(net: Net, big: bytes, tmp_path: Path) -> None:
    with net.open("county") as county:
        before = snapshot(county)
        r = _import(county, big.replace(b"MOPAI-BUNDLE 1\n", b"MOPAI-BUNDLE 2\n", 1), tmp_path)
        assert r.reason == "unsupported_version" and "upgrade" in r.message_en
        assert _import(county, b"PK\x03\x04 a zip file", tmp_path).reason == "not_a_bundle"
        assert _import(county, b"", tmp_path).reason == "not_a_bundle"
        assert snapshot(county) == before


def test_wrong_village_other_device_unknown_device_revoked_and_not_addressed(
        net: Net, tmp_path: Path) -> None:
    with net.open("county") as county:
        county_age = county.sync.identity().age_recipient
        county_fp_dev = {d.code: d.device_id for d in county.sync.devices()}
    with net.open("b1") as b1, net.open("a1") as a1:
        b1_id, a1_id = b1.sync.identity(), a1.sync.identity()
        # b1 (village B) signs a bundle that claims village A.
        wrong_village = _craft(b1_id, sender={"device_id": b1.device_id, "code": VILLAGE_A},
                               recipients=[county_age])
        # b1's key, a1's device id: the signature does not match a1's enrolled key.
        impostor = _craft(b1_id, sender={"device_id": a1.device_id, "code": VILLAGE_A},
                          recipients=[county_age])
        # a1 properly signed, but encrypted to another county.
        other_county = _craft(a1_id, sender={"device_id": a1.device_id, "code": VILLAGE_A},
                              recipients=[str(pyrage.x25519.Identity.generate().to_public())],
                              target="120105")
        a1.households.save(household("0001", ("张三", "11010519491231002X")))
        good_a1 = a1.sync.export(net.stick).path
    stranger = _craft(pyrage_free_identity(), sender={"device_id": new_uuid(), "code": VILLAGE_A},
                      recipients=[county_age])
    assert county_fp_dev
    with net.open("county") as county:
        before = snapshot(county)
        assert _import(county, wrong_village, tmp_path).reason == "wrong_village"
        assert _import(county, impostor, tmp_path).reason == "tampered"
        assert _import(county, other_county, tmp_path).reason == "not_addressed"
        assert _import(county, stranger, tmp_path).reason == "unknown_device"
        county.sync.revoke(a1.device_id[:8], "laptop stolen")
        before = snapshot(county)
        [r] = county.sync.import_paths([good_a1])
        assert r.reason == "revoked_device" and "revoked" in r.message_en
        assert snapshot(county) == before
        assert [e.event for e in county.audit.entries("import_rejected")][:1] == ["import_rejected"]


def pyrage_free_identity():  # noqa: ANN201 - a device key the county never saw
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from mopai.sync.device import Identity

    return Identity(Ed25519PrivateKey.generate(), pyrage.x25519.Identity.generate())


def test_reimport_changes_nothing_and_says_so(net: Net) -> None:
    with net.open("a1") as a1:
        _fill(a1, 3)
        path = a1.sync.export(net.stick).path
    with net.open("county") as county:
        [first] = county.sync.import_paths([path])
        assert first.status == "accepted" and first.households == 3
        before = snapshot(county)
        [again] = county.sync.import_paths([path])
        assert again.status == "already" and again.ok and "nothing changed" in again.one_line()
        assert snapshot(county) == before


def test_cloned_device_is_refused(net: Net) -> None:
    shutil.copytree(net.home("a1"), net.home("a1clone"))  # someone copied the laptop's disk
    outs = []
    for name in ("a1", "a1clone"):
        with net.open(name) as village:
            _fill(village, 2)
            (net.stick / name).mkdir()
            outs.append(village.sync.export(net.stick / name).path)
    assert outs[0].name == outs[1].name  # same device, same sequence number, same name
    with net.open("county") as county:
        assert county.sync.import_paths([outs[0]])[0].status == "accepted"
        before = snapshot(county)
        [r] = county.sync.import_paths([outs[1]])
        assert r.reason == "cloned_device" and "cloned" in r.message_en
        assert snapshot(county) == before
        assert county.audit.entries("import_rejected")[0].detail.count("cloned_device") == 1
        [alert] = county.sync.alerts()  # raised in the app
        assert "cloned_device" in alert.detail


def test_leftover_temporary_files_are_ignored_and_gaps_reported(net: Net) -> None:
    with net.open("a1") as a1:
        paths = []
        for i in range(3):
            _fill(a1, 1 + i)
            paths.append(a1.sync.export(net.stick).path)
    paths[1].unlink()  # the second stick was lost
    (net.stick / f".{paths[0].name}.x1y2.tmp").write_bytes(b"half a bundle")
    (net.stick / "notes.txt").write_text("hello")
    with net.open("county") as county:
        results = county.sync.import_paths([net.stick])
    assert [r.seq for r in results] == [1, 3]
    assert all(r.status == "accepted" for r in results)
    assert results[-1].gaps == [2] and "missing seq 2" in results[-1].one_line()


def test_a_bundle_refused_mid_merge_rolls_back_alone(net: Net) -> None:
    """Bundles share a commit but each merges in its own savepoint: a bad one between two
    good ones leaves the good ones in and nothing of itself."""
    with net.open("a1") as a1, net.open("county") as county:
        ident = a1.sync.identity()
        _fill(a1, 2)
        good1 = a1.sync.export(net.stick).path
        rev = {"t": "rev", "revision_id": new_uuid(), "record_uuid": "r", "rev_no": 1,
               "parent_id": None, "merge_parent": None, "kind": "save",
               "state": household("X", ("王五", "")), "device_id": a1.device_id, "user": "u",
               "created_at": utc_now()}
        rev["record_uuid"] = rev["state"]["uuid"]
        bad = _craft(ident, sender={"device_id": a1.device_id, "code": VILLAGE_A},
                     recipients=[county.sync.identity().age_recipient], seq=2, revs=[rev])
        raw = bundle.parse(bad)
        # Re-seal with a manifest that lies about its count: signed, decrypts, fails in merge.
        header = {k: v for k, v in raw.header.items() if k != "payload"}
        lines = bundle.encode_lines([rev], {"bundle_id": header["bundle_id"],
                                            "counts": {"revisions": 5}})
        bad = bundle.seal(header, lines, ident)
        (net.stick / "bad.mopai").write_bytes(bad)
        _fill(a1, 3)
        good3 = a1.sync.export(net.stick).path  # also seq 2: accepted only if bad left no row
        results = county.sync.import_paths([good1, net.stick / "bad.mopai", good3])
        assert [r.status for r in results] == ["accepted", "rejected", "accepted"]
        assert results[1].reason == "damaged_payload"
        assert county.households.count() == 5
        assert rev["record_uuid"] not in {h.uuid for h in county.households.search("")}


@given(st.binary(max_size=300))
def test_parse_never_crashes_on_garbage(data: bytes) -> None:
    for blob in (data, b"MOPAI-BUNDLE 1\n" + data):
        try:
            bundle.parse(blob)
        except BundleRejected:
            pass
