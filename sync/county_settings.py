"""The county's own definitions (forms.CountySettings), kept in the store's meta table.

A county may set the labour-age bounds, a different upper bound for 脱贫劳动力, and whether
务农 counts as employed (forms/settings.py, docs/forms.md). They change every indicator, so a
change is audited with the old and new values, and the kept report facts (reports/facts.py)
and list facts (desktop/capture/facts.py) name the settings they were computed under (`digest`), so
the next report or refresh recomputes.

The settings travel to the villages and townships: every return bundle carries the county's
current settings (a ``settings`` line, docs/bundle-format.md), and so does the enrolment setup
file. The receiving workspace keeps them under the same meta key with `receive` (inside the
importer's transaction; audited only when they differ), so its own dashboard and list count
as the county's reports do. Only the county changes them (`save`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from sqlalchemy import Connection

from mopai import forms

from . import meta
from .errors import InputError

KEY = meta.COUNTY_SETTINGS
CHANGED = "county_settings_changed"
RECEIVED = "county_settings_received"


def load(store):  # noqa: ANN001, ANN201 - forms.CountySettings
    """The settings kept in the store (read from it: an import may have just changed them);
    the documented defaults if none."""
    with store.engine.connect() as conn:
        raw = meta.get(conn, KEY)
    store.meta.remember({KEY: raw})
    return _settings(raw)


# settings that change no figure of a given day (the day itself is chosen by the caller)
# (the 周通报's weights and base change only the weekly ranking, kept per week: reports/weekly.py)
NOT_IN_FIGURES = ("time_zone", "weekly_weight_progress", "weekly_weight_return_rate",
                  "weekly_weight_return_rise", "weekly_weight_zero", "weekly_zero_base",
                  "weekly_weight_spot", "post_age_min", "post_age_max", "posts_per_household")


def digest(settings) -> str:  # noqa: ANN001 - forms.CountySettings
    """A short digest naming `settings`, for the kinds of facts kept in ``store.derived``."""
    values = {k: v for k, v in settings.as_mapping().items() if k not in NOT_IN_FIGURES}
    canonical = json.dumps(values, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def save(store, settings) -> None:  # noqa: ANN001 - Store, forms.CountySettings
    """Keep `settings` as this county's (county workspaces only)."""
    if store.workspace.role != "county":
        raise InputError("只有县级工作区可以修改统计口径",
                         "only a county workspace can change the county settings")
    before = load(store).as_mapping()
    after = settings.as_mapping()
    value = json.dumps(after, sort_keys=True)
    store.meta.set({KEY: value})
    store.audit.log(CHANGED, store.user, before=before, after=after)


class BadSettings(InputError):
    """Settings a county sent that cannot be used; `problem` names the field (English)."""

    code = "bad_settings"

    def __init__(self, problem: str) -> None:
        super().__init__(f"县里发来的统计口径不合法：{problem}",
                         f"the county settings sent are invalid: {problem}")
        self.problem = problem


def check(mapping: Any):  # noqa: ANN201 - forms.CountySettings
    """The settings a county sent (a return bundle's ``settings`` line, an enrolment setup
    file); BadSettings naming the field when they cannot be used."""
    if not isinstance(mapping, dict):
        raise BadSettings(f"expected a mapping of settings, not {mapping!r:.60}")
    try:
        return forms.CountySettings.from_mapping(mapping)
    except (TypeError, ValueError) as exc:
        raise BadSettings(str(exc)) from None


def receive(conn: Connection, store, mapping: Any, **detail: Any) -> bool:  # noqa: ANN001
    """Keep the settings the county sent (village or township), inside the caller's write
    transaction; audited (``county_settings_received``, before/after and `detail`) only when
    they differ from those kept. True when they changed. BadSettings (nothing written) when
    `mapping` cannot be used."""
    after = check(mapping).as_mapping()
    raw = meta.get(conn, KEY)
    before = _settings(raw).as_mapping()
    value = json.dumps(after, sort_keys=True)
    if raw != value:
        meta.put(conn, {KEY: value})
    if before == after:
        return False
    store.audit.log_in(conn, RECEIVED, store.user, before=before, after=after, **detail)
    return True


def _settings(raw: str | None):  # noqa: ANN202 - forms.CountySettings
    return forms.CountySettings.from_mapping(json.loads(raw)) if raw else forms.CountySettings()


def parse(assignments: list[str], base):  # noqa: ANN001, ANN201 - forms.CountySettings
    """``name=value`` pairs over `base`; every bad pair is named in the error."""
    fields = {f.name: f for f in dataclasses.fields(forms.CountySettings)}
    values: dict[str, Any] = base.as_mapping()
    for item in assignments:
        name, sep, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or name not in fields:
            raise InputError(f"未知的口径设置“{item}”，可用：{'、'.join(fields)}",
                             f"unknown setting {item!r}; known: {', '.join(fields)}")
        values[name] = _value(name, text, fields[name].type)
    try:
        return forms.CountySettings(**values)
    except ValueError as exc:
        raise InputError(f"口径设置不合理：{exc}", f"settings rejected: {exc}") from None


def _value(name: str, text: str, kind: str) -> Any:
    if name == "weekly_zero_base":
        if text.lower() in ("", "none", "无"):
            return None
        return text  # checked by CountySettings (a date YYYY-MM-DD)
    if str(kind) == "str":
        if text:
            return text
    elif "bool" in str(kind):
        if text.lower() in ("1", "true", "yes", "是"):
            return True
        if text.lower() in ("0", "false", "no", "否"):
            return False
    elif text.lower() in ("", "none", "无") and "None" in str(kind):
        return None
    else:
        try:
            return int(text)
        except ValueError:
            pass
    raise InputError(f"口径设置 {name} 的值“{text}”不合法", f"bad value for {name}: {text!r}")
