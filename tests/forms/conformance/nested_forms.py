"""A form with the members, a household-level repeat beside them and a repeat nested in each
member (decision 59), and records of it: what the nested-repeat tests load and evaluate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.forms.conformance.xlsforms import write

HEADER = ["type", "name", "label::zh_CN", "label::en", "relevant", "repeat_count",
          "calculation", "constraint", "required"]

SURVEY: list[list[Any]] = [
    ["text", "head", "户主", "Head"],
    ["integer", "n_measures", "措施数", "Measures"],
    ["begin_repeat", "members", "家庭成员", "Members"],
    ["text", "name", "姓名", "Name"],
    ["integer", "n_jobs", "工作数", "Jobs"],
    ["calculate", "my_wage", "", "", "", "", "sum(${wage})"],
    ["calculate", "my_jobs", "", "", "", "", "count(${jobs})"],
    ["calculate", "my_best", "", "", "", "", "max(${wage})"],
    ["begin_repeat", "jobs", "工作", "Jobs", "${n_jobs} > 0", "${n_jobs}"],
    ["text", "place", "地点", "Place"],
    ["integer", "wage", "月收入", "Wage", "", "", "", ". >= 0 and . < 100000", "yes"],
    ["integer", "bonus", "奖金", "Bonus", "${wage} > 3000"],
    ["calculate", "who", "", "", "", "", "${name}"],
    ["calculate", "job_no", "", "", "", "", "concat('[', position(../..), '][', position(..), ']')"],
    ["calculate", "share", "", "", "", "", "round(${wage} div ${my_wage}, 2)"],
    ["calculate", "head_again", "", "", "", "", "${head}"],
    ["end_repeat", "jobs"],
    ["end_repeat", "members"],
    ["begin_repeat", "measures", "帮扶措施", "Measures", "${n_measures} > 0", "${n_measures}"],
    ["text", "kind", "措施", "Kind"],
    ["integer", "amount", "金额", "Amount"],
    ["calculate", "for_whom", "", "", "", "", "indexed-repeat(${name}, ${members}, position(..))"],
    ["calculate", "first_job", "", "", "", "",
     "indexed-repeat(${place}, ${members}, position(..), ${jobs}, 1)"],
    ["end_repeat", "measures"],
    ["calculate", "total_wage", "", "", "", "", "sum(${wage})"],
    ["calculate", "all_jobs", "", "", "", "", "count(${jobs})"],
    ["calculate", "all_measures", "", "", "", "", "count(${measures})"],
    ["calculate", "total_amount", "", "", "", "", "sum(${amount})"],
    ["calculate", "places", "", "", "", "", "join(',', ${place})"],
    ["calculate", "best", "", "", "", "", "max(${wage})"],
    ["calculate", "second_job_of_first", "", "", "", "",
     "indexed-repeat(${wage}, ${members}, 1, ${jobs}, 2)"],
]


def nested_form(path: Path) -> Path:
    return write(path, {"survey": [HEADER, *SURVEY],
                        "settings": [["form_id", "version"], ["nested", "1"]]})


def job(uuid: str, place: str, wage: Any, **more: Any) -> dict[str, Any]:
    return {"uuid": uuid, "fields": {"place": place, "wage": wage, **more}}


def household() -> dict[str, Any]:
    """Two members (two jobs, one job), two measures."""
    return {
        "uuid": "h1", "form_id": "nested", "form_version": "1", "status": "draft",
        "fields": {"head": "张三", "n_measures": 2},
        "members": [
            {"uuid": "m1", "fields": {"name": "张三", "n_jobs": 2},
             "repeats": {"jobs": [job("j1", "广州", 4000, bonus=500), job("j2", "深圳", 1000)]}},
            {"uuid": "m2", "fields": {"name": "李四", "n_jobs": 1},
             "repeats": {"jobs": [job("j3", "上海", 2500)]}},
        ],
        "repeats": {"measures": [{"uuid": "s1", "fields": {"kind": "务工", "amount": 100}},
                                 {"uuid": "s2", "fields": {"kind": "培训", "amount": 50}}]},
    }
