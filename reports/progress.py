"""Survey progress against the expected households (issue 16): per village and township,
应调查户数 (set by the county, `sync.areas.expected_households`), 已入户 (households in the
store, drafts included), 已完成 and 草稿 (by the households' status), 五清齐全户 (from the
kept facts, as on the 分村 sheet) and the rates 入户率 = 已入户 / 应调查户数 and
完成率 = 已完成 / 应调查户数.

A rate needs a number to divide by: a village without an expected number has none, and so
has a township (or the county) while one of its villages has none — a sum over some of its
villages would read as the whole (docs/decisions.md, "Progress where a village has no
expected number"). The summary's 调查进度 sheet and the dashboard's 进度 tab show the same rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from mopai.sync.areas import expected_households
from mopai.sync.villages import household_status


@dataclass(frozen=True)
class ProgressRow:
    code: str                     # a village (12 digits), a township (9) or "" for the total
    expected: int | None          # 应调查户数; None when not set (for every village under it)
    complete: int                 # 已完成
    draft: int                    # 草稿
    five_clear: int               # 五清齐全户

    @property
    def visited(self) -> int:     # 已入户
        return self.complete + self.draft

    @property
    def visit_rate(self) -> float | None:       # 入户率
        return self.visited / self.expected if self.expected else None

    @property
    def complete_rate(self) -> float | None:    # 完成率
        return self.complete / self.expected if self.expected else None


@dataclass(frozen=True)
class SurveyProgress:
    villages: list[ProgressRow]          # in code order
    townships: list[ProgressRow]         # in code order
    total: ProgressRow
    without_expected: list[str]          # village codes with no expected number

    def rows(self) -> Iterator[ProgressRow]:
        """Each township's villages, then the township; the total last."""
        by_township: dict[str, list[ProgressRow]] = {}
        for v in self.villages:
            by_township.setdefault(v.code[:9], []).append(v)
        for t in self.townships:
            yield from by_township.get(t.code, [])
            yield t
        yield self.total


def _sum(code: str, rows: list[ProgressRow]) -> ProgressRow:
    expected = (sum(r.expected for r in rows if r.expected is not None)
                if rows and all(r.expected is not None for r in rows) else None)
    return ProgressRow(code, expected, sum(r.complete for r in rows),
                       sum(r.draft for r in rows), sum(r.five_clear for r in rows))


def survey_progress(store: Any, five_clear: Mapping[str, int], *, area: str = "",  # noqa: ANN401
                    statuses: Mapping[str, Mapping[str, int]] | None = None) -> SurveyProgress:
    """Progress of the villages under `area` ("" for the county): every listed village, and
    any other that has households or an expected number. `five_clear` is village code ->
    五清齐全户; `statuses` (village code -> households by status) defaults to the store's
    current households (a report as of a past day passes those of that day)."""
    if statuses is None:
        statuses = household_status(store, area)
    expected = {c: n for c, n in expected_households(store).items() if c.startswith(area)}
    listed = {a.code for a in store.sync.areas()
              if len(a.code) == 12 and a.code.startswith(area)}
    codes = sorted(listed | {c for c in statuses if len(c) == 12} | set(expected))
    villages = [ProgressRow(c, expected.get(c), statuses.get(c, {}).get("complete", 0),
                            statuses.get(c, {}).get("draft", 0), five_clear.get(c, 0))
                for c in codes]
    groups: dict[str, list[ProgressRow]] = {}
    for v in villages:
        groups.setdefault(v.code[:9], []).append(v)
    return SurveyProgress(villages, [_sum(t, rows) for t, rows in sorted(groups.items())],
                          _sum("", villages), [v.code for v in villages if v.expected is None])


def progress_note(progress: SurveyProgress, names: Mapping[str, str], shown: int = 12
                  ) -> list[str]:
    """The notes under the 调查进度 sheet: what the columns count, and which villages have no
    expected number (their rates, and their township's, are blank)."""
    notes = ["已入户为本库中的全部户（含草稿）；已完成为状态“完成”的户；五清齐全户口径同“分村”表；"
             "入户率 = 已入户 ÷ 应调查户数，完成率 = 已完成 ÷ 应调查户数"]
    missing = progress.without_expected
    if missing and len(missing) == len(progress.villages):
        notes.append("尚未设置各村应调查户数，入户率和完成率空白；请在“村和设备”页导入"
                     "（mopai areas expected）")
    elif missing:
        listed = "、".join(names.get(c) or c for c in missing[:shown])
        more = f"等 {len(missing)} 个村" if len(missing) > shown else ""
        notes.append(f"{listed}{more}未设应调查户数：这些村及其乡镇、合计的入户率和完成率空白；"
                     "请在“村和设备”页导入（mopai areas expected）")
    return notes


__all__ = ["ProgressRow", "SurveyProgress", "progress_note", "survey_progress"]
