"""The county's own definitions (forms.CountySettings), kept in the store's meta table.

A county may set the labour-age bounds, a different upper bound for 脱贫劳动力, and whether
务农 counts as employed (forms/settings.py, docs/forms.md). They change every indicator, so a
change is audited with the old and new values, and the kept report facts (reports/facts.py)
name the settings they were computed under, so the next report recomputes.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from .errors import InputError

KEY = "county_settings"
CHANGED = "county_settings_changed"


def load(store):  # noqa: ANN001, ANN201 - forms.CountySettings
    import forms

    raw = store.meta.get(KEY)
    return forms.CountySettings.from_mapping(json.loads(raw)) if raw else forms.CountySettings()


def save(store, settings) -> None:  # noqa: ANN001 - Store, forms.CountySettings
    """Keep `settings` as this county's (county workspaces only)."""
    from .enrol import set_meta

    if store.workspace.role != "county":
        raise InputError("只有县级工作区可以修改统计口径",
                         "only a county workspace can change the county settings")
    before = load(store).as_mapping()
    after = settings.as_mapping()
    value = json.dumps(after, sort_keys=True)
    with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
        set_meta(conn, {KEY: value})
    store.meta[KEY] = value
    store.audit.log(CHANGED, store.user, before=before, after=after)


def parse(assignments: list[str], base):  # noqa: ANN001, ANN201 - forms.CountySettings
    """``name=value`` pairs over `base`; every bad pair is named in the error."""
    import forms

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
    if "bool" in str(kind):
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
