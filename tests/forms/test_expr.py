from __future__ import annotations

import datetime as dt
import math

import pytest

from mopai.forms.expr_eval import Scope, compile_expression, evaluate
from mopai.forms.expr_parser import ExprError, parse, references

TODAY = dt.date(2026, 6, 15)
MEMBERS = [{"age": 40, "income": 3000, "health": ("healthy",)},
           {"age": 12, "income": None, "health": ("chronic", "disabled")},
           {"age": 70, "income": 1500.5, "health": ()}]


@pytest.mark.parametrize(("source", "expected"), [
    ("1 + 2 * 3", 7),
    ("(1 + 2) * 3", 9),
    ("7 div 2", 3.5),
    ("7 mod 3", 1),
    ("-7 mod 3", -1),
    ("- 2 - -3", 1),
    ("10 - 4 - 3", 3),
    ("1 div 0", math.inf),
    ("1 < 2 and 2 <= 2", True),
    ("3 > 4 or 4 >= 5", False),
    ("1 = 1.0", True),
    ("'a' = 'a' and 'a' != 'b'", True),
    ("not(1 = 2)", True),
    ("true() and not(false())", True),
    ("concat('摸', \"排\", 1)", "摸排1"),
    ("string-length('摸排')", 2),
    ("int(7.9)", 7),
    ("int(-7.9)", -7),
    ("if(2 > 1, 'yes', 'no')", "yes"),
    ("coalesce('', '', 'third')", "third"),
    ("regex('13800138000', '^1[0-9]{10}$')", True),
    ("regex('2380013800', '^1[0-9]{10}$')", False),
    ("selected('a b c', 'b')", True),
    ("selected('a b c', 'd')", False),
    ("count-selected('a b c')", 3),
    ("id-sex('11010519491231002X')", "female"),
    ("id-birth-date('11010519491231002X')", dt.date(1949, 12, 31)),
    ("age-at('1949-12-31', '2026-06-01')", 76),
    ("number('12') + 1", 13),
])
def test_constant_expressions(source: str, expected: object) -> None:
    assert evaluate(source, today=TODAY) == expected


def test_empty_answers_follow_xpath() -> None:
    values = {"x": None, "n": 5}
    assert evaluate("${x} = ''", values) is True
    assert evaluate("${x} != ''", values) is False
    assert evaluate("${x} > 3", values) is False
    assert evaluate("${x} < 3", values) is False
    assert evaluate("${x} = 0", values) is False
    assert evaluate("not(${x} < 16) or 1 = 2", values) is True
    assert math.isnan(evaluate("${x} + 1", values))
    assert evaluate("string-length(${x})", values) == 0
    assert evaluate("coalesce(${x}, ${n})", values) == 5


class _Tripwire(dict):
    def get(self, key: object, default: object = None) -> object:
        if key == "boom":
            raise AssertionError("evaluated a branch that was not needed")
        return super().get(key, default)


@pytest.mark.parametrize(("source", "expected"), [
    ("1 = 2 and ${boom} = 1", False),
    ("1 = 1 or ${boom} = 1", True),
    ("if(1 = 1, 'a', ${boom})", "a"),
    ("coalesce('x', ${boom})", "x"),
])
def test_and_or_if_coalesce_evaluate_only_what_they_need(source: str, expected: object) -> None:
    from mopai.forms.expr_eval import Ctx
    expr = compile_expression(source, {"boom": Scope.HOUSEHOLD})
    assert expr(Ctx(_Tripwire(boom=1))) == expected


def test_a_bad_pattern_from_an_answer_is_false_not_a_crash() -> None:
    assert evaluate("regex('x', ${p})", {"p": "("}) is False


def test_selected_on_a_multiple_answer_and_the_current_value() -> None:
    assert evaluate("selected(., 'b')", current=("a", "b")) is True
    assert evaluate("count-selected(.)", current=("a", "b")) == 2
    assert evaluate("selected(${h}, 'healthy')", {"h": ["healthy"]}) is True


def test_dates_compare_and_subtract_as_days() -> None:
    values = {"d": dt.date(2025, 6, 1)}
    assert evaluate("today() - ${d}", values, today=TODAY) == 379
    assert evaluate("${d} <= today()", values, today=TODAY) is True
    assert evaluate("${d} < '2025-06-02'", values) is True
    assert evaluate("${d} = '2025-06-01'", values) is True


def test_count_and_sum_over_the_repeat() -> None:
    assert evaluate("count(${members})", {}, members=MEMBERS) == 3
    assert evaluate("count(${income})", {}, members=MEMBERS) == 2
    assert evaluate("sum(${income})", {}, members=MEMBERS) == 4500.5
    assert evaluate("sum(${age}) div count(${members})", {}, members=MEMBERS) == 122 / 3


def test_member_refers_to_household_and_knows_its_position() -> None:
    values = {"survey_date": "2026-06-01", "household_type": "monitored"}
    local = {"birth": dt.date(2000, 1, 10)}
    assert evaluate("age-at(${birth}, ${survey_date})", values, local=local) == 26
    assert evaluate("${household_type} = 'monitored' and position(..) = 2", values,
                    local=local, position=2) is True


def test_county_settings() -> None:
    settings = {"labour_age_max_male": 60, "poverty_labour_age_max": None}
    assert evaluate("county-setting('labour_age_max_male')", settings=settings) == 60
    assert evaluate("county-setting('poverty_labour_age_max') != ''", settings=settings) is False


def test_parse_once_collects_references() -> None:
    tree = parse("${a} + count(${members}) > sum(${b}) and ${a} = 1")
    assert [(name, agg) for name, agg, _ in references(tree)] == [
        ("a", False), ("members", True), ("b", True), ("a", False)]
    expr = compile_expression("${a} + 1", {"a": Scope.HOUSEHOLD})
    assert expr.refs == ("a",) and str(expr) == "${a} + 1"


@pytest.mark.parametrize(("source", "position", "fragment"), [
    ("${a} +", 7, "ends too early"),
    ("(${a} = 1", 10, "ends too early"),
    ("${a} & 1", 6, "unexpected character"),
    ("${a} ++ 2", 7, "unexpected '+'"),
    ("1 = 2 = 3", 7, "unexpected '='"),
    ("selected(${a}, 'x',)", 20, "unexpected ')'"),
    ("${a} = 1 and fancy(2)", 14, "unknown function fancy()"),
    ("selected(${a})", 1, "takes 2 argument(s)"),
    ("${a} = yes", 8, "bare name"),
    ("${nope} = 1", 1, "does not exist"),
    ("position(.)", 1, "only position(..)"),
    (".. = 1", 1, "'..' is only allowed"),
    ("regex(${a}, '(')", 13, "bad regular expression"),
    ("count('x')", 1, "takes a ${name}"),
    ("${age} > 1", 1, "belongs to the member repeat"),
    ("county-setting('colour')", 16, "no county setting"),
    ("", 0, "empty"),
])
def test_bad_expressions_are_refused_with_a_position(source: str, position: int,
                                                     fragment: str) -> None:
    scopes = {"a": Scope.HOUSEHOLD, "age": Scope.MEMBER, "members": Scope.REPEAT}
    with pytest.raises(ExprError) as caught:
        compile_expression(source, scopes, setting_names=["labour_age_min"])
    assert caught.value.position == position
    assert fragment in caught.value.en
    assert caught.value.zh


def test_member_questions_are_fine_inside_aggregates_and_inside_the_repeat() -> None:
    scopes = {"age": Scope.MEMBER, "members": Scope.REPEAT}
    compile_expression("sum(${age}) > 1 and count(${members}) > 0", scopes)
    compile_expression("${age} > 1 and position(..) = 1", scopes, in_repeat=True)


def test_bare_names_allowed_in_choice_filters() -> None:
    expr = compile_expression("region = ${a}", {"a": Scope.HOUSEHOLD}, allow_bare=True)
    from mopai.forms.expr_eval import Ctx
    assert expr(Ctx({"a": "east"}, choice={"region": "east"})) is True
    assert expr(Ctx({"a": "east"}, choice={"region": "west"})) is False
