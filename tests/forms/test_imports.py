"""``forms`` stays at the bottom of the layers and cheap to import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from mopai import forms

ALLOWED_THIRD_PARTY = {"openpyxl", "lark", "stdnum", "regex"}
FORBIDDEN = {"PySide6", "sync", "desktop", "reports"}


def test_forms_imports_only_stdlib_and_its_libraries() -> None:
    root = Path(forms.__file__).parent
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top not in FORBIDDEN, f"{path.name} imports {name}"
                assert (top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY
                        or top == "forms"), f"{path.name} imports {name}"


def test_import_forms_is_light() -> None:
    code = ("import sys, forms; forms.CountySettings; "
            "heavy = [m for m in ('openpyxl', 'lark', 'PySide6') if m in sys.modules]; "
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_public_api() -> None:
    for name in ("load_form", "load_default_form", "default_form_path", "Form", "FormError",
                 "Finding", "validate_household", "clean_household", "CountySettings",
                 "person_indicators", "household_indicators", "aggregate_indicators", "idnumber"):
        assert hasattr(forms, name), name
    assert set(forms.__all__) == set(dir(forms))
