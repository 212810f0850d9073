"""Setup files carry the county server's address and certificate hash (format 2); format 1
files are still accepted, and such a device syncs by USB only."""

from __future__ import annotations

from pathlib import Path

import pytest

from mopai.sync import enrol, meta
from mopai.sync.device import read_signed, write_signed
from mopai.sync.errors import InputError
from mopai.sync.net import client
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.sync.conftest import VILLAGE_A, Net


def new_device(net: Net, name: str):  # noqa: ANN201
    Workspace.create(net.home(name), role="village", code=VILLAGE_A, user=USER,
                     passphrase=PASSPHRASE, name="测试村")
    return net.unlock(name)


def test_setup_file_carries_the_server(net: Net, county, tmp_path: Path) -> None:  # noqa: ANN001
    with new_device(net, "a3") as a3:
        a3.sync.enrol_request(tmp_path / "req")
        county.sync.enrol_approve(tmp_path / "req", tmp_path / "setup")
        assert (tmp_path / "setup").read_bytes().startswith(b"MOPAI-ENROL-SETUP 2\n")
        preview = a3.sync.enrol_preview(tmp_path / "setup")
        assert preview.server_url == "https://127.0.0.1:9"
        a3.sync.enrol_accept(tmp_path / "setup", preview.fingerprint, PASSPHRASE)
        assert a3.meta.fresh()[meta.SERVER_CERT] == county.meta.fresh()[meta.SERVER_CERT]


def test_format_1_setup_file_is_accepted_without_network(net: Net, county,  # noqa: ANN001
                                                         tmp_path: Path) -> None:
    with new_device(net, "a3") as a3:
        a3.sync.enrol_request(tmp_path / "req")
        county.sync.enrol_approve(tmp_path / "req", tmp_path / "setup")
        doc, *_ = read_signed(tmp_path / "setup", enrol.SETUP_MAGIC, enrol.SETUP_VERSIONS,
                              "", "")
        del doc["server"]  # as an older Mopai wrote it
        (tmp_path / "old").write_bytes(write_signed(enrol.SETUP_MAGIC, 1, doc,
                                                    county.sync.identity()))
        preview = a3.sync.enrol_preview(tmp_path / "old")
        assert preview.server_url == ""
        a3.sync.enrol_accept(tmp_path / "old", preview.fingerprint, PASSPHRASE)
        assert a3.sync.enrolment() and not a3.meta.fresh().get(meta.SERVER_URL)
        with pytest.raises(InputError, match="USB stick"):
            client.connect(a3)


def test_malformed_server_entry_is_not_taken(net: Net, county, tmp_path: Path) -> None:  # noqa: ANN001
    with new_device(net, "a3") as a3:
        a3.sync.enrol_request(tmp_path / "req")
        county.sync.enrol_approve(tmp_path / "req", tmp_path / "setup")
        doc, *_ = read_signed(tmp_path / "setup", enrol.SETUP_MAGIC, enrol.SETUP_VERSIONS,
                              "", "")
        doc["server"] = {"url": "http://plain.example", "cert_sha256": "00" * 32}
        (tmp_path / "bad").write_bytes(write_signed(enrol.SETUP_MAGIC, 2, doc,
                                                    county.sync.identity()))
        preview = a3.sync.enrol_preview(tmp_path / "bad")
        a3.sync.enrol_accept(tmp_path / "bad", preview.fingerprint, PASSPHRASE)
        assert not a3.meta.fresh().get(meta.SERVER_URL)


def test_address_must_be_https(county) -> None:  # noqa: ANN001
    from mopai.sync.net import tls

    with pytest.raises(InputError, match="https"):
        tls.configure(county, "http://county.example:8080")
