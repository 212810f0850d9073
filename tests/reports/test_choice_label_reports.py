"""``${}`` in a choice's label in the reports (decision 67): a cell that shows one household's
chosen label — the ledger's 户类型 and 与户主关系, the summary's rosters, the household card —
shows it filled with that household's answers, as the editor does (“户主（入户）”), never the
reference as written. A county store under a form with such labels, real workbooks read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mopai import forms
from mopai.forms.samples import sample_household
from mopai.reports import card as cardlib
from mopai.reports.ledger import ledger_workbook
from mopai.reports.summary import summary_workbook
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.formfiles import HEAD_LABEL, TYPE_LABEL, labels_with_outputs

VILLAGE = "431222100201"
TODAY = forms.DEFAULT_SETTINGS.today()


@pytest.fixture
def county(tmp_path: Path) -> Any:
    """A county whose form has ${survey_method} in 普通户's and 户主's labels, with four
    complete 普通户 households surveyed by visit (入户)."""
    home = tmp_path / "county"
    Workspace.create(home, role="county", code="431222", user="张科长", passphrase=PASSPHRASE,
                     name="测试县")
    st = Workspace(home).unlock("张科长", PASSPHRASE)
    st.forms.publish(labels_with_outputs(tmp_path / "f.xlsx"), reason="户类型的说明")
    form = st.forms.current().form
    assert form.fields["household_type"].choices.label("ordinary") == TYPE_LABEL
    for seed in range(4):
        h = sample_household(4, seed=seed, today=TODAY, village=VILLAGE)
        h["form_version"] = form.version
        h["fields"].update(household_type="ordinary", survey_method="visit")
        h["status"] = "complete"
        st.households.save(h)
    yield st
    st.close()


def _cells(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)
    return [c for ws in book for row in ws.iter_rows(values_only=True) for c in row
            if isinstance(c, str)]


def test_the_ledger_and_the_rosters_fill_a_chosen_labels_outputs(county: Any,
                                                                  tmp_path: Path) -> None:
    visit = county.forms.current().form.fields["survey_method"].choices.label("visit")
    assert visit and "$" not in visit
    ledger = tmp_path / "台账.xlsx"
    ledger_workbook(county, VILLAGE, ledger)
    cells = _cells(ledger)
    assert f"普通户（{visit}）" in cells and f"户主（{visit}）" in cells
    assert not [c for c in cells if "${" in c]
    summary = tmp_path / "汇总.xlsx"
    summary_workbook(county, summary)
    cells = _cells(summary)
    assert f"普通户（{visit}）" in cells and f"户主（{visit}）" in cells
    assert not [c for c in cells if "${" in c]


def test_the_household_card_fills_a_chosen_labels_outputs(county: Any) -> None:
    visit = county.forms.current().form.fields["survey_method"].choices.label("visit")
    [card, *_] = cardlib.cards(county, cardlib.household_uuids(county, village=VILLAGE),
                               day=TODAY)
    assert card.household_type == f"普通户（{visit}）"
    assert card.members[0].relation == f"户主（{visit}）" != HEAD_LABEL
