"""The one error base (forms/errors.py): both sentences, a stable code, where it happened."""

from __future__ import annotations

import pytest

from mopai import forms
from mopai.forms.errors import FormError, FormProblem, MopaiError, Where


def test_the_base_carries_both_sentences_a_code_and_where() -> None:
    exc = MopaiError("找不到文件", "file not found",
                     where=Where(file="a.xlsx", sheet="survey", row=7, field="age",
                                 household="0007"))
    assert (exc.zh, exc.en, exc.code, exc.exit_code) == ("找不到文件", "file not found", "error", 1)
    assert exc.where == "a.xlsx, survey, row 7, field age, household 0007"
    assert exc.one_line() == ("错误：找不到文件 / Error: file not found "
                              "[a.xlsx, survey, row 7, field age, household 0007]")
    assert exc.message("zh_CN") == "找不到文件" and exc.message("en") == "file not found"
    assert exc.to_dict() == {"code": "error", "zh": "找不到文件", "en": "file not found",
                             "where": {"file": "a.xlsx", "sheet": "survey", "row": 7,
                                       "field": "age", "household": "0007"}}
    assert str(exc) == "file not found (a.xlsx, survey, row 7, field age, household 0007)"
    # a bare string names the file or place, as every raiser did before
    plain = MopaiError("甲", "a", where="/tmp/x.mopai")
    assert plain.location == Where(file="/tmp/x.mopai") and plain.where == "/tmp/x.mopai"
    nowhere = MopaiError("甲", "a", where=Where())
    assert nowhere.where is None and nowhere.one_line() == "错误：甲 / Error: a"
    assert MopaiError("甲", "a", code="finer").code == "finer"


def test_each_class_has_its_own_stable_code() -> None:
    class BundleTooOldError(MopaiError):
        pass

    class Named(MopaiError):
        code = "named"

    assert BundleTooOldError("甲", "a").code == "bundle_too_old"
    assert Named("甲", "a").code == "named" and MopaiError.code == "error"


def test_form_and_expression_errors_are_mopai_errors() -> None:
    problem = FormProblem("survey", 4, "B", "名称重复", "duplicate name", "改名", "rename")
    exc = FormError([problem])
    assert isinstance(exc, MopaiError) and exc.code == "form_invalid" and exc.exit_code == 1
    assert exc.one_line() == ("错误：问卷工作簿有 1 处错误，请逐条修改后再检查 / Error: the form "
                              "workbook has 1 problem(s); fix each and check again")
    assert exc.message("en").splitlines()[1] == "[survey, row 4, column B] duplicate name (rename)"
    assert exc.to_dict()["problems"][0]["row"] == 4
    assert "survey, row 4" in str(exc)

    with pytest.raises(forms.ExprError) as caught:
        from mopai.forms.expr_parser import parse

        parse("${a} +")
    assert isinstance(caught.value, MopaiError) and isinstance(caught.value, ValueError)
    assert caught.value.code == "expression" and caught.value.zh and caught.value.en
