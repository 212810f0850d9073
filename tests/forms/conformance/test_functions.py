"""ODK's XPath functions with ODK's results on ODK's own examples.

Every row is ``(expression, expected, source)``. The expected values are copied from

- JR: javarosa's ``src/test/java/org/javarosa/xpath/test/XPathEvalTest.java`` (the method is
  named), the reference implementation ODK Collect runs;
- DIGEST: javarosa's ``src/test/java/org/javarosa/xpath/expr/DigestTest.java``;
- DOCS: docs.getodk.org/form-operators-functions (getodk/docs,
  ``docs/form-operators-functions.rst``), the function's example.

Where ODK stops with an error (``XPathTypeMismatchException``), Mopai gives no value instead
(an expression never stops a cadre's work): those rows expect ``None`` and say ``ODK: error``.

Each row is checked twice: compiled and evaluated on its own, and as the calculation of a
``calculate`` question in a real workbook, loaded by ``load_form`` and evaluated by
``evaluate_household`` (where NaN, infinity and '' are stored as no value).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest

from mopai.forms import FormError, evaluate_household, load_form
from mopai.forms.expr_eval import evaluate
from mopai.forms.settings import CountySettings

from .expr_forms import household, xlsform

NAN = math.nan
INF = math.inf
JR = "javarosa XPathEvalTest."
GMT = {"time_zone": "GMT"}
ERR = "ODK: error; Mopai: no value"

CASES: list[tuple[str, Any, str]] = [
    # -- conversions (JR type_conversions) --------------------------------------------
    ("boolean(0.0001)", True, JR + "type_conversions"),
    ("boolean(-0)", False, JR + "type_conversions"),
    ("boolean(number('NaN'))", False, JR + "type_conversions"),
    ("boolean(1 div 0)", True, JR + "type_conversions"),
    ("boolean('')", False, JR + "type_conversions"),
    ("boolean('false')", True, JR + "type_conversions"),
    ("boolean(date('2000-01-01'))", True, JR + "type_conversions"),
    ("number('100.001')", 100.001, JR + "type_conversions"),
    ("number('.1001')", 0.1001, JR + "type_conversions"),
    ("number(' -12345.6789  ')", -12345.6789, JR + "type_conversions"),
    ("number('not a number')", NAN, JR + "type_conversions"),
    ("number('- 17')", NAN, JR + "type_conversions"),
    ("number('')", NAN, JR + "type_conversions"),
    ("number('Infinity')", NAN, JR + "type_conversions"),
    ("number('1.1e6')", NAN, JR + "type_conversions"),
    ("number('34.56.7')", NAN, JR + "type_conversions"),
    ("number(1 div 0)", INF, JR + "type_conversions"),
    ("number(date('2008-09-05'))", 14127, JR + "type_conversions"),
    ("number(date('1941-12-07'))", -10252, JR + "type_conversions"),
    ("string(number('NaN'))", "NaN", JR + "type_conversions"),
    ("string(1 div 0)", "Infinity", JR + "type_conversions"),
    ("string(-1 div 0)", "-Infinity", JR + "type_conversions"),
    ("string(-0)", "0", JR + "type_conversions"),
    ("string(123456.0000)", "123456", JR + "type_conversions"),
    ("string(.557586)", "0.557586", JR + "type_conversions"),
    ("string(date('1989-11-09'))", "1989-11-09", JR + "type_conversions"),
    ("int('100.001')", 100, JR + "type_conversions"),
    ("int(' -12345.6789  ')", -12345, JR + "type_conversions"),
    ("int('not a number')", NAN, JR + "type_conversions"),
    ("int('1.1e6')", NAN, JR + "type_conversions"),
    # -- text (JR substring_functions, other_string_functions) ----------------------------
    ("substr('hello',0)", "hello", JR + "substring_functions"),
    ("substr('hello',0,5)", "hello", JR + "substring_functions"),
    ("substr('hello',1)", "ello", JR + "substring_functions"),
    ("substr('hello',1,4)", "ell", JR + "substring_functions"),
    ("substr('hello',-2)", "lo", JR + "substring_functions"),
    ("substr('hello',0,-1)", "hell", JR + "substring_functions"),
    ("substring-before('hello','l')", "he", JR + "substring_functions"),
    ("substring-before('hello','q')", "", JR + "substring_functions"),
    ("substring-before('hello','')", "", JR + "substring_functions"),
    ("substring-after('hello','l')", "lo", JR + "substring_functions"),
    ("substring-after('hello','q')", "", JR + "substring_functions"),
    ("substring-after('hello','')", "hello", JR + "substring_functions"),
    ("translate('hello','l','L')", "heLLo", JR + "substring_functions"),
    ("translate('hello','l','')", "heo", JR + "substring_functions"),
    ("translate('hello','lo','LO')", "heLLO", JR + "substring_functions"),
    ("translate('hello world','hello','')", " wrd", JR + "substring_functions"),
    ("translate('hello wor,ld',' ,',', ')", "hello,wor ld", JR + "substring_functions"),
    ("translate('2019/01/02','/','-')", "2019-01-02", JR + "substring_functions"),
    ("contains('abc', 'b')", True, JR + "substring_functions"),
    ("contains('abc', 'bcd')", False, JR + "substring_functions"),
    ("not(contains('a', 'b'))", True, JR + "substring_functions"),
    ("starts-with('abc', 'a')", True, JR + "substring_functions"),
    ("starts-with('', 'a')", False, JR + "substring_functions"),
    ("starts-with('', '')", True, JR + "substring_functions"),
    ("ends-with('abc', 'a')", False, JR + "substring_functions"),
    ("ends-with('abc', 'c')", True, JR + "substring_functions"),
    ("normalize-space('  ')", "", JR + "other_string_functions"),
    ("normalize-space(' a    b ')", "a b", JR + "other_string_functions"),
    ("normalize-space(' \ta\n\t  b \n\t c   \n')", "a b c", JR + "other_string_functions"),
    ("string-length('cocotero')", 8, JR + "other_string_functions"),
    ("concat('a','b','')", "ab", JR + "concat"),
    ("concat('ab','cde','','fgh',1,false(),'ijklmnop')", "abcdefgh1falseijklmnop", JR + "concat"),
    ("concat()", "", JR + "concat"),
    ("regex('12345','[0-9]+')", True, JR + "regex"),
    ("regex('12345a','[0-9]+')", False, "DOCS regex: an exact and complete match"),
    ("join(', ', 'a', 'b', 'c')", "a, b, c", "DOCS join (javarosa XPathFuncExpr.join)"),
    # -- booleans and selects (JR boolean_functions) ----------------------------------
    ("not('')", True, JR + "boolean_functions"),
    ("boolean-from-string('true')", True, JR + "boolean_functions"),
    ("boolean-from-string('whatever')", False, JR + "boolean_functions"),
    ("boolean-from-string('1')", True, JR + "boolean_functions"),
    ("boolean-from-string('0')", False, JR + "boolean_functions"),
    ("boolean-from-string(1)", True, JR + "boolean_functions"),
    ("boolean-from-string(1.0001)", False, JR + "boolean_functions"),
    ("boolean-from-string(true())", True, JR + "boolean_functions"),
    ("if(true(), 5, 'abc')", 5, JR + "boolean_functions"),
    ("if('', 5, 'abc')", "abc", JR + "boolean_functions"),
    ("selected('apple baby crimson', '  baby  ')", True, JR + "boolean_functions"),
    ("selected('apple baby crimson', 'bab')", False, JR + "boolean_functions"),
    ("selected('', 'apple')", False, JR + "boolean_functions"),
    ("count-selected('apple baby crimson')", 3, JR + "boolean_functions"),
    ("count-selected('')", 0, JR + "boolean_functions"),
    ("selected-at('apple baby crimson', 2)", "crimson", JR + "boolean_functions"),
    ("selected-at('apple baby', 2)", "", JR + "boolean_functions"),
    ("checklist(1, 3, 'foo', 'bar')", True, JR + "boolean_functions"),
    ("checklist(-1, 1, 'foo', 'bar')", False, JR + "boolean_functions"),
    ("checklist(3, -1, 'foo', 'bar')", False, JR + "boolean_functions"),
    ("checklist(1, 2, 'foo', 'bar', 'baz')", False, JR + "boolean_functions"),
    ("weighted-checklist(2, 5, true(), 3, false(), 4)", True,
     "DOCS weighted-checklist (sum of the weights of the true responses in [min, max])"),
    ("weighted-checklist(4, 5, true(), 3, false(), 4)", False, "DOCS weighted-checklist"),
    ("coalesce('', 'b')", "b", "DOCS coalesce"),
    # -- operators (JR math_operators, odd_comparisons) -------------------------------
    ("5 mod 3.1", 1.9, JR + "math_operators"),
    ("-5 mod 3", -2, JR + "math_operators"),
    ("'123' * '456'", 56088, JR + "math_operators"),
    ("0 div 0", NAN, JR + "math_operators"),
    ("'-17' > '-172'", True, JR + "odd_comparisons"),
    ("'abc' < 'abcd'", False, JR + "odd_comparisons"),
    ("17 = '17.0000000'", True, JR + "odd_comparisons"),
    ("'0017.' = 17", True, JR + "odd_comparisons"),
    ("'017.' = '17.000'", False, JR + "odd_comparisons"),
    ("date('2008-09-08') - date('1983-10-06')", 9104, JR + "strange_operators"),
    # -- numbers (JR math_functions) --------------------------------------------------
    ("abs(-3.5)", 3.5, JR + "math_functions"),
    ("round('14.29123456789')", 14, JR + "math_functions"),
    ("round('14.6')", 15, JR + "math_functions"),
    ("round('14.29123456789', 1)", 14.3, JR + "math_functions"),
    ("round('14.29123456789', 1.5)", 14.3, JR + "math_functions"),
    ("round('14.29123456789', 4)", 14.2912, JR + "math_functions"),
    ("round('-12345.14', 1)", -12345.1, JR + "math_functions"),
    ("round('12345.12345', -1)", 12350, JR + "math_functions"),
    ("round('12345.12345', -2)", 12300, JR + "math_functions"),
    ("round('12350.12345', -2)", 12400, JR + "math_functions"),
    ("round('12345.12345', -3)", 12000, JR + "math_functions"),
    ("round('4,6')", 5, JR + "math_functions (a comma as the decimal point)"),
    ("round('14.5')", 15, JR + "math_functions"),
    ("round('NaN')", NAN, JR + "math_functions"),
    ("round('-0.5')", 0, JR + "math_functions (-0.0)"),
    ("round('12345.15', 1)", 12345.2, JR + "math_functions"),
    ("round('-12345.15', 1)", -12345.1, JR + "math_functions"),
    ("pow(2.5, 2)", 6.25, JR + "math_functions"),
    ("pow(-1, 3)", -1, JR + "math_functions"),
    ("pow(16, 0.25)", 2, JR + "math_functions"),
    ("cos(0)", 1, JR + "math_functions"),
    ("acos(0)", math.pi / 2, JR + "math_functions"),
    ("sin(" + repr(math.pi / 2) + ")", 1, JR + "math_functions"),
    ("asin(1)", math.pi / 2, JR + "math_functions"),
    ("tan(0)", 0, JR + "math_functions"),
    ("atan(0)", 0, JR + "math_functions"),
    ("atan2(0, 0)", 0, JR + "math_functions"),
    ("exp(1)", math.e, JR + "math_functions"),
    ("exp10(2)", 100, JR + "math_functions"),
    ("log(" + repr(math.exp(2)) + ")", 2, JR + "math_functions"),
    ("log10(100)", 2, JR + "math_functions"),
    ("pi()", math.pi, JR + "math_functions"),
    ("sqrt(9)", 3, JR + "math_functions"),
    ("max(1, 3, 2)", 3, "DOCS max (javarosa XPathFuncExpr.max of its arguments)"),
    ("min(4, '', 2)", 2, "DOCS min: empty values are not numbers and are left out"),
    # -- dates (JR date_functions, GMT) -----------------------------------------------
    ("date('2000-01-01')", dt.date(2000, 1, 1), JR + "date_functions"),
    ("date('1996-02-29')", dt.date(1996, 2, 29), JR + "date_functions"),
    ("date('1983-09-31')", None, JR + "date_functions; " + ERR),
    ("date('not a date')", None, JR + "date_functions; " + ERR),
    ("date(0)", dt.date(1970, 1, 1), JR + "date_functions"),
    ("date(6.5)", dt.date(1970, 1, 7), JR + "date_functions"),
    ("date(-1)", dt.date(1969, 12, 31), JR + "date_functions"),
    ("date(14127)", dt.date(2008, 9, 5), JR + "date_functions"),
    ("date(-10252)", dt.date(1941, 12, 7), JR + "date_functions"),
    ("date(date('1989-11-09'))", dt.date(1989, 11, 9), JR + "date_functions"),
    ("date(true())", None, JR + "date_functions; " + ERR),
    ("format-date('2018-01-02T10:20:30.123', \"%Y-%m-%e %H:%M:%S\")", "2018-01-2 10:20:30",
     JR + "date_functions"),
    ("format-date('2018-01-02', '%y/%n/%d %b %a')", "18/1/02 Jan Tue",
     "DOCS format-date (codes %y %n %d %b %a)"),
    ("decimal-date-time('2000-01-01T10:20:30.000')", 10957.430902777778, JR + "date_functions"),
    ("decimal-time('2000-01-01T10:20:30.000+03:00')", 0.30590277777810115,
     JR + "date_functions"),
    ("decimal-time('12:00:00')", 0.5, "DOCS decimal-time: noon is 0.5"),
    ("decimal-time('18:00:00')", 0.75, "DOCS decimal-time: 6:00 PM is 0.75"),
    ("decimal-date-time('-1000')", NAN, JR + "date_functions; " + ERR),
    # -- digest (DIGEST) ---------------------------------------------------------------
    ("digest('some text', 'MD5', 'hex')", "552e21cd4cd9918678e3c1a0df491bc3", "DIGEST"),
    ("digest('some text', 'SHA-1', 'hex')", "37aa63c77398d954473262e1a0057c1e632eda77",
     "DIGEST"),
    ("digest('some text', 'SHA-256', 'hex')",
     "b94f6f125c79e3a5ffaa826f584c10d52ada669e6762051b826b55776d05aed2", "DIGEST"),
    ("digest('some text', 'MD5', 'base64')", "VS4hzUzZkYZ448Gg30kbww==", "DIGEST"),
    ("digest('some text', 'SHA-256')", "uU9vElx546X/qoJvWEwQ1SraZp5nYgUbgmtVd20FrtI=",
     "DIGEST (base64 by default)"),
    ("digest('', 'MD5', 'hex')", "d41d8cd98f00b204e9800998ecf8427e", "DIGEST"),
    ("base64-decode('dGhpcyBpcyBhIHRlc3Q=')", "this is a test",
     "javarosa Base64DecodeTest"),
]


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, float) and math.isnan(want):
        return isinstance(got, float) and math.isnan(got)
    if isinstance(want, bool) or isinstance(got, bool):
        return got is want
    if isinstance(want, int | float) and isinstance(got, int | float):
        return got == pytest.approx(want, rel=1e-9, abs=1e-12)
    if isinstance(want, dt.date):
        return got == want and type(got) is type(want)
    return got == want


@pytest.mark.parametrize(("source", "expected", "where"), CASES,
                         ids=[c[0][:60] for c in CASES])
def test_odk_example_evaluates_as_in_odk(source: str, expected: Any, where: str) -> None:
    got = evaluate(source, settings=GMT)  # javarosa's XPathEvalTest runs in GMT, in English
    assert _same(got, expected), f"{source} gave {got!r}, ODK gives {expected!r} ({where})"


def _stored(value: Any) -> Any:
    """What a calculate question holds for a result: NaN, infinity and '' are no value."""
    if value is None or value == "" or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value


def test_every_example_through_a_loaded_form_and_the_engine(tmp_path: Path) -> None:
    """The cases in a form (Chinese, the default language: %b %a as Android's Chinese locale
    gives them) of a county in GMT, as javarosa's tests run."""
    rows = [{"type": "calculate", "name": f"f{i}", "calculation": source}
            for i, (source, _, _) in enumerate(CASES)]
    form = load_form(xlsform(tmp_path / "functions.xlsx", rows))
    state = evaluate_household(form, household(), settings=CountySettings(time_zone="GMT"))
    chinese = {"format-date('2018-01-02', '%y/%n/%d %b %a')": "18/1/02 1月 周二"}
    wrong = [(source, state.value(f"f{i}"), expected)
             for i, (source, expected, _) in [(i, (s, chinese.get(s, e), w))
                                              for i, (s, e, w) in enumerate(CASES)]
             if not _same(state.value(f"f{i}"), _stored(expected))]
    assert wrong == []


# -- functions over the record: selects, repeats, once ------------------------------------
CHOICES = [["colors", n, label] for n, label in
           [("red", "红色"), ("blue", "蓝色"), ("yellow", "黄色"), ("green", "绿色"),
            ("orange", "橙色"), ("purple", "紫色")]]


def test_selected_at_and_choice_name_as_in_the_docs_example(tmp_path: Path) -> None:
    """DOCS selected-at and jr:choice-name: the colour example (the label in the form's
    language; jr:choice-name gives the label, selected-at the name)."""
    rows = [{"type": "select_multiple colors", "name": "color_prefs"},
            {"type": "calculate", "name": "color_0", "calculation": "selected-at(${color_prefs}, 0)"},
            {"type": "calculate", "name": "color_2", "calculation": "selected-at(${color_prefs}, 2)"},
            {"type": "calculate", "name": "label_0",
             "calculation": "jr:choice-name( selected-at(${color_prefs}, 0), '${color_prefs}')"},
            {"type": "calculate", "name": "label_1",
             "calculation": "jr:choice-name( selected-at(${color_prefs}, 1), '${color_prefs}')"},
            {"type": "calculate", "name": "label_9",
             "calculation": "jr:choice-name( selected-at(${color_prefs}, 9), '${color_prefs}')"}]
    form = load_form(xlsform(tmp_path / "colors.xlsx", rows, choices=CHOICES))
    state = evaluate_household(form, household({"color_prefs": ["red", "green", "purple"]}))
    assert [state.value(n) for n in ("color_0", "color_2", "label_0", "label_1", "label_9")] == [
        "red", "purple", "红色", "绿色", None]


def test_max_min_join_count_non_empty_and_indexed_repeat_over_members(tmp_path: Path) -> None:
    """DOCS max/min (age of the oldest and youngest child), count-non-empty, join and
    indexed-repeat over the repeat's instances."""
    rows = [{"type": "begin_repeat", "name": "children"},
            {"type": "text", "name": "child_name"},
            {"type": "integer", "name": "child_age"},
            {"type": "calculate", "name": "age_rank",
             "calculation": "max(${child_age}) - ${child_age}"},
            {"type": "end_repeat"},
            {"type": "calculate", "name": "oldest", "calculation": "max(${child_age})"},
            {"type": "calculate", "name": "youngest", "calculation": "min(${child_age})"},
            {"type": "calculate", "name": "answered", "calculation": "count-non-empty(${child_age})"},
            {"type": "calculate", "name": "names", "calculation": "join(', ', ${child_name})"},
            {"type": "calculate", "name": "second",
             "calculation": "indexed-repeat(${child_name}, ${children}, 2)"},
            {"type": "calculate", "name": "tenth",
             "calculation": "indexed-repeat(${child_name}, ${children}, 10)"}]
    form = load_form(xlsform(tmp_path / "children.xlsx", rows))
    kids = [{"child_name": "大毛", "child_age": 12}, {"child_name": "二毛"},
            {"child_name": "三毛", "child_age": 5}]
    state = evaluate_household(form, household(members=kids))
    assert [state.value(n) for n in ("oldest", "youngest", "answered", "names", "second",
                                     "tenth")] == [12, 5, 2, "大毛, 二毛, 三毛", "二毛", None]
    assert [state.value("age_rank", i) for i in range(3)] == [0, None, 7]


def test_once_keeps_the_value_already_recorded(tmp_path: Path) -> None:
    """DOCS once(): the expression only when the question has no value yet."""
    rows = [{"type": "text", "name": "name"},
            {"type": "calculate", "name": "first_name", "calculation": "once(${name})"},
            {"type": "calculate", "name": "code", "calculation": "once(uuid())"}]
    form = load_form(xlsform(tmp_path / "once.xlsx", rows))
    fresh = evaluate_household(form, household({"name": "王一"}))
    assert fresh.value("first_name") == "王一"
    assert len(fresh.value("code")) == 36
    kept = evaluate_household(form, household({"name": "王二", "first_name": "王一",
                                               "code": "abc"}))
    assert (kept.value("first_name"), kept.value("code")) == ("王一", "abc")


def test_random_uuid_now_and_today_give_values_of_their_kind(tmp_path: Path) -> None:
    rows = [{"type": "calculate", "name": n, "calculation": c} for n, c in
            [("r", "random()"), ("u", "uuid()"), ("u8", "uuid(8)"), ("t", "today()"),
             ("n", "format-date-time(now(), '%Y')"), ("d", "decimal-date-time(today())")]]
    form = load_form(xlsform(tmp_path / "random.xlsx", rows))
    state = evaluate_household(form, household(), today=dt.date(2026, 6, 15))
    assert 0 <= state.value("r") < 1
    assert len(state.value("u")) == 36 and state.value("u")[14] == "4"
    assert len(state.value("u8")) == 8 and state.value("u8").isalnum()
    assert state.value("t") == dt.date(2026, 6, 15)
    assert state.value("n") == str(dt.datetime.now(dt.UTC).year) or int(state.value("n")) > 2025
    assert state.value("d") == (dt.date(2026, 6, 15) - dt.date(1970, 1, 1)).days


@pytest.mark.parametrize(("calculation", "words"), [
    ("distance('0 0', '1 1')", ["distance()", "GPS"]),
    ("geofence('0 0', '')", ["geofence()", "GPS"]),
    ("area('')", ["area()", "GPS"]),
    ("randomize('a b')", ["randomize()", "shuffle"]),
    ("pulldata('fruits', 'name', 'key', 'x')", ["pulldata()", "CSV"]),
    ("extract-signed('a', 'b')", ["extract-signed()", "keys"]),
    ("instance('list')", ["instance()", "choice_filter"]),
    ("no-such-function(1)", ["unknown function no-such-function()"]),
    ("digest('a', 'SHA-3')", ["digest()", "SHA-3"]),
    ("jr:choice-name('a', ${x})", ["jr:choice-name()", "quoted"]),
    ("jr:choice-name('a', '${x}')", ["not a select question"]),
    ("indexed-repeat(${x}, ${x}, 1)", ["indexed-repeat()"]),
    ("substr('a')", ["substr() takes 2-3 argument(s), got 1"]),
])
def test_functions_that_cannot_work_here_are_refused_naming_row_column_and_why(
        tmp_path: Path, calculation: str, words: list[str]) -> None:
    rows = [{"type": "text", "name": "x"},
            {"type": "calculate", "name": "c", "calculation": calculation}]
    with pytest.raises(FormError) as caught:
        load_form(xlsform(tmp_path / "refused.xlsx", rows))
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("survey", 3, "calculation")
    for word in words:
        assert word in problem.message_en
