"""Every label language kept, the default language honoured whatever it is, the old
``label:English`` header read as pyxform reads it, and the display language's fallback."""

from __future__ import annotations

from pathlib import Path

from mopai import forms
from mopai.forms.model import Text, language_code
from tests.forms.conformance.xlsforms import accepted, both, refused, write


def _itext(pyx, name: str, column: str = "label") -> dict[str, str]:  # noqa: ANN001
    value = pyx.element(name)
    for part in column.split("."):
        value = value[part]
    return value if isinstance(value, dict) else {pyx.json["default_language"]: value}


def test_a_form_with_english_labels_only(tmp_path: Path) -> None:
    path = write(tmp_path / "f.xlsx", {
        "survey": [["type", "name", "label::English (en)", "hint::English (en)"],
                   ["select_one yn", "q", "Any children?", "Under 16"]],
        "choices": [["list_name", "name", "label::English (en)"], ["yn", "yes", "Yes"],
                    ["yn", "no", "No"]]})
    pyx, mopai = both(path)
    form = accepted(mopai)
    q = form.fields["q"]
    assert _itext(pyx, "q") == {"English (en)": q.label.en} == {"English (en)": "Any children?"}
    # the Chinese app shows the label it has, the choices too
    assert q.label.get("zh_CN") == "Any children?" and q.hint.get("zh_CN") == "Under 16"
    assert form.choice_label("q", "yes") == "Yes"


def test_every_language_is_kept_and_the_default_is_honoured(tmp_path: Path) -> None:
    path = write(tmp_path / "f.xlsx", {
        "survey": [["type", "name", "label", "label::English (en)", "label::Español (es)",
                    "constraint", "constraint_message::Español (es)",
                    "required", "required_message::Français (fr)"],
                   ["integer", "n", "Nombre", "Number", "Número", ". > 0", "Debe ser positivo",
                    "yes", "Obligatoire"]],
        "settings": [["form_id", "version", "default_language"], ["f", "1", "Français (fr)"]]})
    pyx, mopai = both(path)
    q = accepted(mopai).fields["n"]
    assert _itext(pyx, "n") == {"Français (fr)": "Nombre", "English (en)": "Number",
                                "Español (es)": "Número"}
    assert (q.label.get("fr"), q.label.get("en"), q.label.get("es")) == ("Nombre", "Number",
                                                                         "Número")
    assert q.label.get("zh_CN") == "Nombre"  # no Chinese: the form's default language
    assert q.constraint_message.get("es") == "Debe ser positivo"
    assert q.required_message.get("fr") == "Obligatoire"
    assert sorted(q.label.languages()) == ["en", "es", "fr"]


def test_the_old_single_colon_header(tmp_path: Path) -> None:
    path = write(tmp_path / "f.xlsx", {"survey": [
        ["type", "name", "label:English", "label:Chinese", "hint:English"],
        ["text", "a", "Name", "姓名", "Full name"]]})
    pyx, mopai = both(path)
    q = accepted(mopai).fields["a"]
    assert _itext(pyx, "a") == {"English": "Name", "Chinese": "姓名"}
    assert (q.label.en, q.label.zh, q.hint.en) == ("Name", "姓名", "Full name")


def test_a_question_without_a_label_in_any_language(tmp_path: Path) -> None:
    rows = [["type", "name", "label::English (en)", "label::Français (fr)", "hint"],
            ["text", "b", "", "Bé", ""], ["text", "c", "", "", "Only a hint"]]
    pyx, mopai = both(write(tmp_path / "f.xlsx", {"survey": rows}))
    assert pyx.accepted
    form = accepted(mopai)
    assert form.fields["b"].label.get("en") == "Bé" and form.fields["c"].hint.get() == "Only a hint"
    pyx, mopai = both(write(tmp_path / "g.xlsx", {"survey": [*rows, ["text", "a", "", "", ""]]}))
    assert not pyx.accepted and "no label or hint" in pyx.error
    [problem] = refused(mopai)
    assert (problem.row, problem.column, problem.message_en) == (4, "label",
                                                                 "'a' has no label or hint")


def test_display_language_falls_back_to_the_default_then_any() -> None:
    text = Text("", "", (("fr", "Bonjour"), ("es", "Hola")), "es")
    assert text.get("fr") == "Bonjour"
    assert text.get("zh_CN") == "Hola"          # the default language
    assert Text("", "", (("fr", "Bonjour"),), "es").get("en") == "Bonjour"  # then any
    assert Text("你好", "Hello").get("en") == "Hello" and Text("你好", "").get("en") == "你好"
    assert language_code("Chinese (zh_CN)") == "zh_cn" and language_code("English") == "en"
    assert language_code("Français (fr)") == "fr" and language_code("pt-BR") == "pt_br"


def test_the_shipped_form_is_chinese_first() -> None:
    form = forms.load_default_form()
    q = form.member_fields["name"]
    assert (q.label.get("zh_CN"), q.label.get("en"), q.label.get("fr")) == ("姓名", "Name", "姓名")


def test_choice_name_gives_the_label_in_the_display_language(tmp_path: Path) -> None:
    """jr:choice-name() as javarosa's ChoiceNameFunctionHandler: the choice's text in the
    current language (Localizer.getText), else in the form's default (the Localizer's
    fallback); '' for a value not in the list. Without a display language (reports, checks)
    the default language. A French form with Chinese and English beside it."""
    path = write(tmp_path / "f.xlsx", {
        "survey": [["type", "name", "label", "label::中文 (zh)", "calculation"],
                   ["select_one colour", "c", "Couleur", "颜色", None],
                   ["calculate", "c_label", None, None, "jr:choice-name(${c}, '${c}')"],
                   ["calculate", "x_label", None, None, "jr:choice-name('mauve', '${c}')"]],
        "choices": [["list_name", "name", "label", "label::中文 (zh)", "label::English (en)"],
                    ["colour", "red", "Rouge", "红色", "Red"],
                    ["colour", "blue", "Bleu", "蓝色", None]],
        "settings": [["form_id", "version", "default_language"], ["colours", "1", "fr"]]})
    pyx, mopai = both(path)
    assert pyx.accepted
    form = accepted(mopai)

    def shown(colour: str, language: str = "") -> tuple[str | None, str | None]:
        state = forms.evaluate_household(
            form, {"uuid": "h", "fields": {"c": colour}, "members": []},
            display_language=language)
        return state.value("c_label"), state.value("x_label")

    assert shown("red") == ("Rouge", None)              # the default language; '' is no value
    assert shown("red", "zh_CN") == ("红色", None)
    assert shown("red", "en") == ("Red", None)
    assert shown("blue", "en") == ("Bleu", None)        # no English text: the default's
    assert shown("blue", "fr") == ("Bleu", None)
    assert shown("blue", "zh") == ("蓝色", None)
