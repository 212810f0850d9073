"""One error base for every package (issue 13): whatever package raised it, an error raised on
purpose is a `forms.errors.MopaiError` with both sentences and a stable code, and the command
line and the app's error dialog catch that one base."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from mopai.forms.errors import FormError, FormProblem, MopaiError

PACKAGES = ("forms", "sync", "reports", "desktop", "cli")
SKIP = {"mopai.cli.__main__"}  # the program's entry: importing it runs it


def error_classes() -> list[type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for name in PACKAGES:
        package = importlib.import_module(f"mopai.{name}")
        modules = [package] + [importlib.import_module(m.name) for m in
                               pkgutil.walk_packages(package.__path__, f"mopai.{name}.")
                               if m.name not in SKIP]
        for module in modules:
            for _, obj in inspect.getmembers(module, inspect.isclass):
                if issubclass(obj, BaseException) and obj.__module__ == module.__name__:
                    found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return list(found.values())


def test_every_error_of_every_package_derives_from_the_one_base() -> None:
    classes = error_classes()
    names = {c.__qualname__ for c in classes}
    # the ones each layer raises to people, so that a rename cannot make this test vacuous
    assert {"FormError", "ExprError", "KeyFileError", "BundleRejected", "LockBusy",
            "ReportNotWritten", "SettingsNotSaved"} <= names
    assert [c.__qualname__ for c in classes if not issubclass(c, MopaiError)] == []
    assert {c.__module__.split(".")[1] for c in classes} == set(PACKAGES) - {"cli"}


def test_codes_are_stable_and_one_per_class() -> None:
    codes: dict[str, str] = {}
    for cls in error_classes():
        assert cls.code and cls.code == cls.code.lower(), cls
        assert codes.setdefault(cls.code, cls.__qualname__) == cls.__qualname__, cls.code
    from mopai.sync.errors import KeyFileError, WrongPassphrase

    assert (KeyFileError.code, WrongPassphrase.code, FormError.code) == (
        "key_file", "wrong_passphrase", "form_invalid")


def test_the_command_line_catches_the_one_base(monkeypatch, capsys) -> None:
    """A form's error reaching the command line's one catch: one line, every problem, its
    exit code — no traceback."""
    from mopai.cli import main as cli

    def broken(_args) -> int:  # noqa: ANN001
        raise FormError([FormProblem("survey", 3, "A", "未知题型", "unknown type")])

    monkeypatch.setattr(cli, "cmd_status", broken)
    assert cli.main(["--home", "/nonexistent", "status"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "错误：问卷工作簿有 1 处错误，请逐条修改后再检查 / Error: the form workbook has 1 "
        "problem(s); fix each and check again", "[survey, row 3, column A] 未知题型 / unknown type"]

