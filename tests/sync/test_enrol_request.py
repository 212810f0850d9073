"""The enrolment request names the device as a person chose it, the user, the village and the
time; the county reads it (checked as hostile input) before approving; format-1 requests are
still read (sync/enrol.py `write_request`, `read_request`, `approve`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mopai.sync import enrol
from mopai.sync.device import write_signed
from mopai.sync.errors import InputError, MopaiError
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.sync.conftest import Net

NEW = "110105001007"


def new_village(net: Net, name: str = "荆坪村") -> str:
    Workspace.create(net.home("c1"), role="village", code=NEW, user=USER,
                     passphrase=PASSPHRASE, name=name)
    return "c1"


def test_the_request_carries_the_chosen_name_user_village_and_time(net: Net) -> None:
    request = net.root / "c1.mopai-enrol"
    with net.open(new_village(net)) as c1:
        assert c1.sync.suggested_device_name() == "荆坪村笔记本"
        doc = c1.sync.enrol_request(request, device_name=" 荆坪村文书笔记本 ", user_name="王会计")
        assert (doc["device_name"], doc["user_name"], doc["name"]) == (
            "荆坪村文书笔记本", "王会计", "荆坪村")
        assert c1.sync.suggested_device_name() == "荆坪村文书笔记本"  # kept for next time
        device_fp = c1.sync.fingerprint()
    with net.open("county") as county:
        req = county.sync.enrol_read_request(request)
        assert (req.version, req.code, req.name, req.device_name, req.user_name) == (
            2, NEW, "荆坪村", "荆坪村文书笔记本", "王会计")
        assert req.chosen_name and req.created_at == doc["created_at"]
        assert req.fingerprint == device_fp
        assert county.sync.devices()[-1].code != NEW  # reading stores nothing
        body = county.sync.enrol_approve(request, net.root / "c1.setup",
                                         confirmed_fingerprint=device_fp)
        assert body["requested_at"] == doc["created_at"]
        [d] = [d for d in county.sync.devices() if d.code == NEW]
        assert (d.device_name, d.user_name) == ("荆坪村文书笔记本", "王会计")


def test_the_default_name_is_the_villages_not_the_host(net: Net) -> None:
    with net.open(new_village(net)) as c1:
        doc = c1.sync.enrol_request(net.root / "r")
        assert doc["device_name"] == "荆坪村笔记本" and doc["user_name"] == USER


@pytest.mark.parametrize("name", ["a\nb", "笔记本\u202e", "x" * 41, ""])
def test_a_bad_device_name_is_refused_before_writing(net: Net, name: str) -> None:
    with net.open(new_village(net)) as c1, pytest.raises(InputError, match="device name"):
        c1.sync.enrol_request(net.root / "r", device_name=name)
    assert not (net.root / "r").exists()


def forged(net: Net, version: int, **changes: object) -> Path:
    """A request signed by the village's own key (a valid signature) with `changes`."""
    out = net.root / f"forged-{version}.mopai-enrol"
    with net.open(new_village(net)) as c1:
        doc = c1.sync.enrol_request(net.root / "real")
        doc.update(changes)
        out.write_bytes(write_signed(enrol.REQUEST_MAGIC, version, doc, c1.sync.identity()))
    return out


@pytest.mark.parametrize("changes, what", [
    ({"device_name": "x" * 500}, "too long"),
    ({"user_name": "王\x1b[31m"}, "control characters"),
    ({"name": ["荆坪村"]}, "not text"),
    ({"code": "11010500100"}, "12-digit"),
    ({"created_at": 5}, "time"),
])
def test_a_hostile_request_is_refused_and_nothing_stored(net: Net, changes: dict, what: str
                                                         ) -> None:
    request = forged(net, 2, **changes)
    with net.open("county") as county:
        before = county.sync.devices()
        with pytest.raises(MopaiError) as err:
            county.sync.enrol_read_request(request)
        assert what in err.value.en
        with pytest.raises(MopaiError):
            county.sync.enrol_approve(request, net.root / "s")
        assert county.sync.devices() == before and not (net.root / "s").exists()


def test_a_format_1_request_is_still_read_and_named_as_such(net: Net) -> None:
    request = forged(net, 1, device_name="DESKTOP-7QX2")
    with net.open("county") as county:
        req = county.sync.enrol_read_request(request)
        assert req.version == 1 and not req.chosen_name and req.device_name == "DESKTOP-7QX2"
        county.sync.enrol_approve(request, net.root / "s")
        assert (net.root / "s").exists()


def test_a_request_changed_after_it_was_shown_is_refused(net: Net) -> None:
    with net.open("a1") as a1:
        other_fp = a1.sync.fingerprint()
    with net.open(new_village(net)) as c1:
        c1.sync.enrol_request(net.root / "r")
    with net.open("county") as county:
        with pytest.raises(MopaiError, match="not the one confirmed"):
            county.sync.enrol_approve(net.root / "r", net.root / "s",
                                      confirmed_fingerprint=other_fp)
        assert NEW not in {d.code for d in county.sync.devices()}
