"""The household card (明白卡): real households in a real SQLCipher village store, the PDF written
through Qt printing, read back with QtPdf (its text, and page 1 rendered to an image whose QR
code zxing-cpp decodes back to the household's reference), and no name or ID number in the
QR code's text."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import zxingcpp
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument

from mopai.desktop.capture.card_print import write_cards
from mopai.forms.samples import sample_household
from mopai.reports import card as cardlib
from tests.conftest import VILLAGE


def _households(store: Any) -> list[dict[str, Any]]:  # noqa: ANN401
    today = dt.date.today()
    a = sample_household(4, seed=11, today=today, village=VILLAGE)
    a["fields"].update(household_no="007", household_type="poverty_alleviated",
                       help_measures=["employment", "skills_training"], helper_name="李帮扶",
                       helper_phone="13912345678")
    b = sample_household(3, seed=12, today=today, village=VILLAGE)
    b["fields"].update(household_no="008")
    for h in (a, b):
        h["status"] = "complete"
        store.households.save(h)
    return [a, b]


def pdf(path: Path) -> QPdfDocument:
    doc = QPdfDocument()
    assert doc.load(str(path)) == QPdfDocument.Error.None_, path
    return doc


def page_text(doc: QPdfDocument, page: int) -> str:
    """The page's text, NFKC: Qt's PDF maps some ideographs to the Kangxi radicals that share
    their glyph in the CJK font (力 read back as ⼒), which NFKC folds back (the page itself
    shows 力: the card is read on paper)."""
    return nfkc(" ".join(doc.getAllText(page).text().split()))


def nfkc(text: str) -> str:
    # ⼾ (U+2F3E) folds to the traditional 戶, not to the 户 that was drawn
    return unicodedata.normalize("NFKC", text).replace("戶", "户")


def decoded_qr(doc: QPdfDocument, page: int) -> list[str]:
    """The QR codes zxing-cpp finds on `page` rendered at ~150 dpi."""
    size = doc.pagePointSize(page)
    image = doc.render(page, QSize(int(size.width() * 150 / 72), int(size.height() * 150 / 72)))
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    arr = np.frombuffer(gray.constBits(), np.uint8).reshape(gray.height(), gray.bytesPerLine())
    return [r.text for r in zxingcpp.read_barcodes(arr[:, :gray.width()].copy())]


@pytest.fixture
def village(village_store: Any) -> tuple[Any, list[dict[str, Any]]]:  # noqa: ANN401
    households = _households(village_store)
    return village_store, households


@pytest.mark.usefixtures("cjk_font")
def test_a_village_card_pdf_holds_each_household_and_a_qr_of_its_reference(
        qapp: Any, village: Any, tmp_path: Path) -> None:  # noqa: ANN401
    store, (a, b) = village
    head = next(m for m in a["members"] if m["fields"]["relation"] == "head")
    store.services.add(head["fields"]["id_number"], "guidance", day=dt.date.today())
    cardlib.set_contact(store, VILLAGE, "张主任", "0731-12345678")
    uuids = cardlib.household_uuids(store, village=VILLAGE)
    assert uuids == [a["uuid"], b["uuid"]]          # 户编号 order
    out = write_cards(cardlib.cards(store, uuids), tmp_path / "cards.pdf")
    doc = pdf(out)
    assert doc.pageCount() == 2
    text = page_text(doc, 0)
    for fact in ("明白卡", "户编号：007", "脱贫户", "就业帮扶、技能培训", "李帮扶", "13912345678",
                 "张主任", "0731-12345678", "户主签字确认", "职业指导1次", "具体帮扶措施清：是",
                 head["fields"]["name"]):
        assert nfkc(fact) in text, fact
    for m in a["members"]:
        assert m["fields"]["name"] in text
        assert m["fields"]["id_number"] not in text       # the card prints no ID number
    assert nfkc("户编号：008") in page_text(doc, 1)
    for page, household in ((0, a), (1, b)):
        codes = decoded_qr(doc, page)
        assert codes == [cardlib.reference(household["uuid"])]
        assert cardlib.household_of(codes[0]) == household["uuid"]
        for m in household["members"]:
            assert m["fields"]["name"] not in codes[0]
            assert m["fields"]["id_number"] not in codes[0].upper()


def test_a5_fits_a_household_on_one_page(qapp: Any, village: Any, tmp_path: Path) -> None:  # noqa: ANN401
    store, (a, _) = village
    out = write_cards(cardlib.cards(store, [a["uuid"]]), tmp_path / "a5.pdf", size="A5")
    doc = pdf(out)
    assert doc.pageCount() == 1
    size = doc.pagePointSize(0)
    assert round(size.width() * 25.4 / 72) == 148 and round(size.height() * 25.4 / 72) == 210
    assert decoded_qr(doc, 0) == [cardlib.reference(a["uuid"])]


def test_the_reference_is_opaque_and_parses_back() -> None:
    uuid = "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b"
    ref = cardlib.reference(uuid)
    assert ref == "MOPAI1H3F2B8C1E9A4D4E6F8B7A1C2D3E4F5A6B"
    assert cardlib.household_of(ref) == uuid
    assert cardlib.household_of(ref.lower()) == uuid      # a scanner with Caps Lock on
    assert cardlib.household_of("MOPAI1H123") is None
    assert cardlib.household_of("110105001001") is None


@pytest.mark.qt_log_ignore("QPainter::begin")
def test_a_file_that_cannot_be_written_is_an_error_and_leaves_nothing(
        qapp: Any, village: Any, tmp_path: Path) -> None:  # noqa: ANN401
    from mopai.sync.errors import InputError

    store, (a, _) = village
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(InputError, match="cannot write"):
        write_cards(cardlib.cards(store, [a["uuid"]]), blocker / "cards.pdf")
    # a PDF that cannot be opened: Qt only warns (QPainter::begin), the card says so
    out = tmp_path / "out.pdf"
    out.mkdir()                       # a folder where the temporary file would go
    (tmp_path / ".out.pdf.part").mkdir()
    with pytest.raises(InputError, match="cannot write"):
        write_cards(cardlib.cards(store, [a["uuid"]]), out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.pdf.part", "not-a-folder",
                                                          "out.pdf", "village"]
    assert list(out.iterdir()) == []
