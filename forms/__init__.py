"""The questionnaire as data: the XLSForm engine and the labour survey form.

``from mopai import forms`` is cheap: names are imported from their modules on first use (PEP 562), so
the command line and ``sync`` can import the package without paying for openpyxl or lark until
a form is actually loaded. ``forms`` never imports PySide6, ``sync`` or ``desktop``.

Typical use::

    form = forms.load_default_form()
    findings = forms.validate_household(form, record)      # errors and warnings
    record = forms.clean_household(form, record)           # drop answers that are not asked
    record = forms.upgrade_household(form, old).household  # a record of an older version
    hh = forms.household_indicators(form, record)          # 劳动力, 就业, 零就业家庭, 五清
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .assess import Assessment, assess_household
    from .errors import FormError, FormProblem, MopaiError, Where
    from .expr_parser import ExprError
    from .indicators import (
        AggregateIndicators,
        HouseholdIndicators,
        PersonIndicators,
        aggregate_indicators,
        household_indicators,
        person_indicators,
    )
    from .loader import load_form
    from .model import Choice, ChoiceList, Form, Group, QType, Question, Repeat, Text
    from .render import render_markdown
    from .resources import (
        SHIPPED_NAMES,
        default_form_path,
        earlier_form_paths,
        load_default_form,
    )
    from .settings import DEFAULT_SETTINGS, CountySettings
    from .state import HouseholdState, evaluate_household
    from .undecided import Undecided, undecided_in
    from .upgrade import Upgrade, is_version, upgrade_household, version_key
    from .validate import (
        Finding,
        RemovedAnswer,
        answers_not_asked,
        clean_household,
        cross_household_findings,
        has_errors,
        split_fields,
        unknown_answers,
        validate_household,
    )

_EXPORTS = {
    "Assessment": "assess", "assess_household": "assess",
    "FormError": "errors", "FormProblem": "errors", "MopaiError": "errors", "Where": "errors", "ExprError": "expr_parser",
    "AggregateIndicators": "indicators", "HouseholdIndicators": "indicators",
    "PersonIndicators": "indicators", "aggregate_indicators": "indicators",
    "household_indicators": "indicators", "person_indicators": "indicators",
    "load_form": "loader",
    "Choice": "model", "ChoiceList": "model", "Form": "model", "Group": "model",
    "QType": "model", "Question": "model", "Repeat": "model", "Text": "model",
    "render_markdown": "render",
    "default_form_path": "resources", "load_default_form": "resources",
    "earlier_form_paths": "resources", "SHIPPED_NAMES": "resources",
    "CountySettings": "settings", "DEFAULT_SETTINGS": "settings",
    "HouseholdState": "state", "evaluate_household": "state",
    "Upgrade": "upgrade", "is_version": "upgrade", "upgrade_household": "upgrade",
    "version_key": "upgrade",
    "Finding": "validate", "clean_household": "validate",
    "RemovedAnswer": "validate", "answers_not_asked": "validate",
    "Undecided": "undecided", "undecided_in": "undecided",
    "cross_household_findings": "validate", "has_errors": "validate",
    "split_fields": "validate", "unknown_answers": "validate",
    "validate_household": "validate",
}
_SUBMODULES = {"idnumber"}

__all__ = [
    "AggregateIndicators",
    "Assessment",
    "Choice",
    "ChoiceList",
    "CountySettings",
    "DEFAULT_SETTINGS",
    "ExprError",
    "Finding",
    "Form",
    "FormError",
    "FormProblem",
    "Group",
    "HouseholdIndicators",
    "HouseholdState",
    "MopaiError",
    "PersonIndicators",
    "RemovedAnswer",
    "QType",
    "SHIPPED_NAMES",
    "Question",
    "Repeat",
    "Text",
    "Undecided",
    "Upgrade",
    "Where",
    "aggregate_indicators",
    "answers_not_asked",
    "assess_household",
    "clean_household",
    "cross_household_findings",
    "default_form_path",
    "earlier_form_paths",
    "evaluate_household",
    "has_errors",
    "household_indicators",
    "idnumber",
    "is_version",
    "load_default_form",
    "load_form",
    "person_indicators",
    "render_markdown",
    "split_fields",
    "undecided_in",
    "unknown_answers",
    "upgrade_household",
    "validate_household",
    "version_key",
]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return import_module(f"{__name__}.{name}")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
