from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mopai import forms
from mopai.forms.findings import Finding
from mopai.forms.model import Form
from tests.forms.builders import TODAY


@pytest.fixture(scope="session")
def form() -> Form:
    return forms.load_default_form()


@pytest.fixture
def check(form: Form) -> Callable[..., list[Finding]]:
    """Validate a household under the shipped form on the fixed test date."""
    def run(household: dict[str, Any], **kwargs: Any) -> list[Finding]:
        return forms.validate_household(form, household, today=TODAY, **kwargs)
    return run
