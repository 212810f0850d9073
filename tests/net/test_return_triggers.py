"""Everything a return bundle carries makes the county server write one on demand, whichever
way it reached the county: made in the county's app, imported from a USB stick, uploaded over
the network (docs/sync.md, "Return bundles on demand"; sync/returns.py `changed_since`).

One case per kind and path. Each starts from a village whose two laptops are up to date and
whose mark at the county is current; the case makes its change; the laptop then syncs with
the real server on loopback, sending nothing, and must receive a return bundle from the county
that carries the change. (A township's upload also relays its own 回传 to the village, which
may carry the same change: what is asserted is that the county's bundle came.)

Failing before the fix (sync/returns.py's lists and the audit rows naming their codes): a 311
record made at the county, another laptop's or a township's by stick, a township's over the
network, a laptop's own by stick (its acknowledgement), a correction request recorded at the
county or made from a township's calls, a township device revoked, the next certificate, a
village laptop enrolled or revoked (for its township). Already working, kept as guards: another
laptop's record over the network, a township's decision, postings (the county's, a
township's either way), a list of households.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from mopai.sync import meta, spotchecks
from mopai.sync.models import Device, Service
from mopai.sync.net import client, tls
from mopai.sync.record import new_uuid
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.forms.builders import household, worker
from tests.net.conftest import Running
from tests.sync.conftest import COUNTY, VILLAGE_A, Net, enrol

TOWNSHIP_A = VILLAGE_A[:9]
POSTING = {"employer": "长沙电子厂", "title": "普工", "trade": "other", "province": "北京"}


@dataclass
class World:
    net: Net
    county: Any
    served: Running
    uuid: str          # village A's household, held by both laptops and the county
    id_number: str     # its head's
    member: str        # its head's member uuid

    def sync(self, name: str) -> client.SyncReport:
        with self.net.open(name) as store:
            report = client.run(store, server=self.served.url)
        assert report.ok, report.lines()
        return report

    def stick(self, name: str) -> None:
        """`name` exports a data bundle to a stick; the county imports it in its app."""
        folder = self.net.stick / name
        folder.mkdir(exist_ok=True)
        with self.net.open(name) as store:
            path = store.sync.export(folder).path
        [r] = self.county.sync.import_paths([path])
        assert r.status == "accepted", r.one_line()

    def deliver(self, name: str, by: str) -> None:
        """`name`'s data bundle reaches the county over the network or on a stick."""
        if by == "network":
            self.sync(name)
        else:
            self.stick(name)

    def township(self) -> None:
        """Township A's office enrolled, synced once, holding village A's household (from the
        stick a cadre brought)."""
        Workspace.create(self.net.home("t1"), role="township", code=TOWNSHIP_A, user=USER,
                         passphrase=PASSPHRASE, name="甲镇")
        with self.net.open("t1") as t1:
            enrol(self.county, t1, self.net.root)
        self.settle()  # the laptops learn their township's device: bundles for it too
        folder = self.net.stick / "from-a1"
        folder.mkdir()
        with self.net.open("a1") as a1:
            path = a1.sync.export(folder, everything=True).path
        with self.net.open("t1") as t1:
            [r] = t1.sync.import_paths([path])
            assert r.status == "accepted", r.one_line()
        self.sync("t1")
        self.settle()

    def settle(self) -> None:
        """Both laptops of village A take what waits for them, so the next case starts from
        a current mark."""
        for name in ("a1", "a2"):
            self.sync(name)

    def draw_and_record(self, store: Any) -> None:  # noqa: ANN401
        """A phone spot check of village A whose call heard the head otherwise."""
        from mopai.reports import spotcheck

        drawn = spotcheck.draw(store, spotcheck.DrawParams(seed=1, per_village=1))
        [person] = drawn["people"]
        assert person["member_uuid"] == self.member
        store.spotchecks.record(drawn["draw_id"], [{
            "member_uuid": self.member, "row": 1, "outcome": "reached", "called_on": "",
            "answers": {"employment_status": {"agree": False, "heard": "务农"}}}])


@pytest.fixture
def world(net: Net, county, served: Running) -> World:  # noqa: ANN001
    h = household(worker("head", phone="13800001111", name="李四"), village_code=VILLAGE_A,
                  household_no="0001")
    h["status"], h["uuid"] = "complete", new_uuid()
    head = h["members"][0]
    head["uuid"] = new_uuid()  # 311 records name real UUIDs
    w = World(net, county, served, h["uuid"], head["fields"]["id_number"], head["uuid"])
    with net.open("a1") as a1:
        a1.households.save(h)
    w.sync("a1")
    w.settle()
    with net.open("a2") as a2:
        assert a2.households.get(w.uuid)["uuid"] == w.uuid
    return w


def _services(store: Any) -> list[tuple[str, str]]:  # noqa: ANN401
    return sorted((r.kind, r.note) for r in store.services.records())


# -- the cases: (what is done, on which laptop the result is looked for, what it must hold) --
def service_made_at_the_county(w: World) -> None:
    w.county.services.add(w.id_number, "guidance", note="县里指导")


def service_of_another_laptop_by_stick(w: World) -> None:
    with w.net.open("a2") as a2:
        a2.services.add(w.id_number, "training", note="a2 培训")
    w.stick("a2")


def service_of_another_laptop_by_network(w: World) -> None:
    with w.net.open("a2") as a2:
        a2.services.add(w.id_number, "training", note="a2 培训")
    w.sync("a2")


def services_has(kind: str, note: str) -> Callable[[Any], bool]:
    return lambda store: (kind, note) in _services(store)


def own_service_by_stick(w: World) -> None:
    """a1's own record taken to the county on a stick: a1 must hear it was received (the
    acknowledgement), or it sends it again with every bundle."""
    with w.net.open("a1") as a1:
        a1.services.add(w.id_number, "guidance", note="a1 自己的")
    w.stick("a1")


def own_service_acknowledged(store: Any) -> bool:  # noqa: ANN401
    with store.engine.connect() as conn:
        return conn.execute(select(Service.acked)).scalars().all() == [True]


def township_service(by: str) -> Callable[[World], None]:
    def case(w: World) -> None:
        w.township()
        with w.net.open("t1") as t1:
            t1.services.add(w.id_number, "startup", note="镇里创业服务")
        w.deliver("t1", by)
    return case


def correction_recorded_at_the_county(w: World) -> None:
    w.draw_and_record(w.county)


def township_correction(by: str) -> Callable[[World], None]:
    def case(w: World) -> None:
        w.township()
        with w.net.open("t1") as t1:
            w.draw_and_record(t1)
        w.deliver("t1", by)
    return case


def has_correction(store: Any) -> bool:  # noqa: ANN401
    return [(c.heard, c.state) for c in store.spotchecks.corrections()] == [("务农", spotchecks.OPEN)]


def township_decision(by: str) -> Callable[[World], None]:
    def case(w: World) -> None:
        w.township()
        with w.net.open("t1") as t1:
            t1.sync.review(w.uuid, "reject", "镇里：请补填务工地点")
        w.deliver("t1", by)
    return case


def has_rejection(store: Any) -> bool:  # noqa: ANN401
    return [i.comment for i in store.sync.reviews(states=["rejected"])] == ["镇里：请补填务工地点"]


def posting_made_at_the_county(w: World) -> None:
    w.county.jobs.add(POSTING)


def township_posting(by: str) -> Callable[[World], None]:
    def case(w: World) -> None:
        w.township()
        with w.net.open("t1") as t1:
            t1.jobs.add(POSTING)
        w.deliver("t1", by)
    return case


def has_posting(store: Any) -> bool:  # noqa: ANN401
    return [p.employer for p in store.jobs.list()] == ["长沙电子厂"]


def expected_list_imported(w: World) -> None:
    """The county imports a list of the households village A must visit (户籍名单)."""
    from mopai.sync.expected import import_expected_list

    w.county.sync.set_areas([
        {"code": TOWNSHIP_A, "name": "一镇", "level": "township", "parent_code": COUNTY},
        {"code": VILLAGE_A, "name": "甲村", "level": "village", "parent_code": TOWNSHIP_A}])
    w.settle()
    path = w.net.root / "list.csv"
    path.write_text("村代码,户编号,户主姓名,身份证号\n" f"{VILLAGE_A},0001,李四,\n"
                    f"{VILLAGE_A},0002,王五,\n", encoding="utf-8-sig")
    import_expected_list(w.county, path)


def has_the_list(store: Any) -> bool:  # noqa: ANN401
    from mopai.sync.expected import missing

    return [m.household_no for m in missing(store)] == ["0002"]


def township_device_revoked(w: World) -> None:
    w.township()
    with w.net.open("a1") as a1:
        assert a1.meta.fresh()[meta.TOWNSHIP_DEVICE_ID]  # the relay line named it
    with w.net.open("t1") as t1:
        device = t1.device_id
    w.county.sync.revoke(device, "乡镇电脑丢失")


def trusts_no_township(store: Any) -> bool:  # noqa: ANN401
    return store.meta.fresh()[meta.TOWNSHIP_DEVICE_ID] == ""


def village_laptop_enrolled(w: World) -> None:
    """A third laptop for village A: its township's office must learn its key (the relay
    line of the township's bundle) to check the bundles its cadre brings on a stick."""
    w.township()
    Workspace.create(w.net.home("a3"), role="village", code=VILLAGE_A, user=USER,
                     passphrase=PASSPHRASE, name="测试村a3")
    with w.net.open("a3") as a3:
        enrol(w.county, a3, w.net.root)


def village_laptop_revoked(w: World) -> None:
    w.township()
    with w.net.open("a2") as a2:
        device = a2.device_id
    w.county.sync.revoke(device, "笔记本丢失")


def township_devices(store: Any) -> list[tuple[str, bool]]:  # noqa: ANN401
    with store.engine.connect() as conn:
        return [(d.code, bool(d.revoked_at)) for d in conn.execute(
            select(Device.code, Device.revoked_at).where(Device.role == "village")
            .order_by(Device.enrolled_at))]


def knows_three_laptops(store: Any) -> bool:  # noqa: ANN401
    return township_devices(store) == [(VILLAGE_A, False)] * 3


def knows_one_revoked(store: Any) -> bool:  # noqa: ANN401
    return sorted(township_devices(store)) == [(VILLAGE_A, False), (VILLAGE_A, True)]


def certificate_announced(w: World) -> None:
    tls.prepare_next(w.county)


def knows_the_next_certificate(store: Any) -> bool:  # noqa: ANN401
    return bool(store.meta.fresh().get(meta.SERVER_CERT_NEXT))


CASES: list[tuple[str, Callable[[World], None], str, Callable[[Any], bool]]] = [
    ("service made at the county", service_made_at_the_county, "a1",
     services_has("guidance", "县里指导")),
    ("another laptop's service by stick", service_of_another_laptop_by_stick, "a1",
     services_has("training", "a2 培训")),
    ("another laptop's service by network", service_of_another_laptop_by_network, "a1",
     services_has("training", "a2 培训")),
    ("own service acknowledged, by stick", own_service_by_stick, "a1", own_service_acknowledged),
    ("township's service by network", township_service("network"), "a1",
     services_has("startup", "镇里创业服务")),
    ("township's service by stick", township_service("stick"), "a1",
     services_has("startup", "镇里创业服务")),
    ("correction request recorded at the county", correction_recorded_at_the_county, "a1",
     has_correction),
    ("township's correction request by network", township_correction("network"), "a2",
     has_correction),
    ("township's correction request by stick", township_correction("stick"), "a1",
     has_correction),
    ("township's decision by network", township_decision("network"), "a2", has_rejection),
    ("township's decision by stick", township_decision("stick"), "a1", has_rejection),
    ("posting made at the county", posting_made_at_the_county, "a1", has_posting),
    ("township's posting by network", township_posting("network"), "a1", has_posting),
    ("township's posting by stick", township_posting("stick"), "a1", has_posting),
    ("list of households to visit imported at the county", expected_list_imported, "a1",
     has_the_list),
    ("township device revoked", township_device_revoked, "a1", trusts_no_township),
    ("next certificate announced", certificate_announced, "a1", knows_the_next_certificate),
    ("a village laptop enrolled, for its township", village_laptop_enrolled, "t1",
     knows_three_laptops),
    ("a village laptop revoked, for its township", village_laptop_revoked, "t1",
     knows_one_revoked),
]


@pytest.mark.parametrize(("made", "on", "holds"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_it_makes_a_return_bundle_on_demand(world: World, made: Callable[[World], None], on: str,
                                            holds: Callable[[Any], bool]) -> None:
    made(world)
    with world.net.open(on) as store:
        assert not holds(store)
        report = client.run(store, server=world.served.url)
        # nothing sent (a bundle taken on a stick is only asked about)
        assert report.ok and not any(s.sent_bytes for s in report.sent), report.lines()
        # the county's own bundle (a township's relayed 回传 may come beside it)
        assert [r.status for r in report.imported if r.sender_role == "county"] \
            == ["accepted"], report.lines()
        assert holds(store)
