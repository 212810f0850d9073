"""Restoring a field, a member or a whole household as it was at an earlier revision.

History is never rewritten: a restore takes what the chosen revision held and saves it as a
*new* revision of the record, as any edit, so it is audited (event ``restore``, with the
revision and what was restored, never the values), and it travels to the county in the next
export bundle like every revision not yet acknowledged. The restored record is saved as a
draft: what was restored may not fit the rest of the record any more, and the cadre saves it
as complete in the editor after looking (docs/desktop.md, "History and restore").

What is taken from the earlier revision:

- a field (``fields.<name>`` or ``members.<uuid>.fields.<name>``): its value there, or its
  absence; the member must still be in the household (restore the member first);
- a member (``member=<uuid>``): every answer of that member there; a member no longer in the
  household comes back at the place it had;
- the whole household (neither): its answers and members there.
"""

from __future__ import annotations

import copy
from typing import Any

from .errors import InputError, Where
from .record import MEMBERS

RESTORE = "restore"   # the audit event


def restored(current: dict[str, Any], earlier: dict[str, Any], *, member: str | None = None,
             path: str | None = None) -> dict[str, Any]:
    """The record ``current`` with ``path``, ``member`` or everything as in ``earlier``; a
    draft. Raises ``InputError`` when the earlier revision lacks what is asked, or when
    nothing would change."""
    if path is not None and member is not None:
        raise InputError("只能恢复一个字段或一位成员", "restore a field or a member, not both")
    result = copy.deepcopy(current)
    if path is not None:
        _restore_field(result, earlier, path)
    elif member is not None:
        _restore_member(result, earlier, member)
    else:
        result["fields"] = copy.deepcopy(earlier.get("fields") or {})
        result[MEMBERS] = copy.deepcopy(earlier.get(MEMBERS) or [])
        result["form_version"] = earlier.get("form_version") or current["form_version"]
    result["status"] = "draft"
    if _answers(result) == _answers(current):
        raise InputError("所选内容与该版本相同，无需恢复",
                         "it is already as in that revision: nothing to restore")
    return result


def _answers(state: dict[str, Any]) -> Any:
    return state.get("fields"), state.get(MEMBERS), state.get("form_version")


def _member(state: dict[str, Any], uuid: str) -> dict[str, Any] | None:
    return next((m for m in state.get(MEMBERS) or [] if m.get("uuid") == uuid), None)


def _restore_field(result: dict[str, Any], earlier: dict[str, Any], path: str) -> None:
    parts = path.split(".")
    if len(parts) == 2 and parts[0] == "fields":
        target, old, name = result["fields"], earlier.get("fields") or {}, parts[1]
    elif len(parts) == 4 and parts[0] == MEMBERS and parts[2] == "fields":
        now = _member(result, parts[1])
        if now is None:
            raise InputError("该成员已不在本户，请先恢复该成员",
                             "that member is no longer in the household: restore the member "
                             "first", where=Where(field=path))
        then = _member(earlier, parts[1])
        target, old, name = now["fields"], (then or {}).get("fields") or {}, parts[3]
    else:
        raise InputError(f"无法识别要恢复的字段“{path}”", f"not a field path: {path!r}",
                         where=Where(field=path))
    if name in old:
        target[name] = copy.deepcopy(old[name])
    else:
        target.pop(name, None)


def _restore_member(result: dict[str, Any], earlier: dict[str, Any], uuid: str) -> None:
    then = _member(earlier, uuid)
    if then is None:
        raise InputError("所选版本中没有这位成员", "that member is not in the chosen revision",
                         where=Where(field=uuid))
    now = _member(result, uuid)
    if now is not None:
        now["fields"] = copy.deepcopy(then.get("fields") or {})
        return
    members = result[MEMBERS]
    place = next(i for i, m in enumerate(earlier[MEMBERS]) if m.get("uuid") == uuid)
    members.insert(min(place, len(members)), copy.deepcopy(then))
