"""The household editor acting on ``repeat_count`` (decision 67): as ODK Collect does with
``jr:count``, the instances a count asks for are added by the editor itself, as soon as the
count is known and whenever it grows — members and the instances of any other repeat, nested
ones per owner instance — blank, with their defaults (dynamic ones evaluated in the new
instance, as for one added by hand). A count below the instances held removes nothing: the
finding stays, and the roster and the repeat editors name the ones beyond it.

A base of ``HouseholdEditor`` (household_editor.py).
"""

from __future__ import annotations

from typing import Any

from mopai.forms.counts import count_text, counts, wanted
from mopai.forms.defaults import member_defaults
from mopai.forms.instance_values import instances, new_instance_fields, record_at
from mopai.sync.record import new_instance, new_member
from mopai.sync.schema import MAX_ALL_INSTANCES, MAX_INSTANCES, MAX_MEMBERS, MAX_REPEAT_DEPTH

from . import formkit


class Counts:
    """The editor's repeat counts (a base of ``HouseholdEditor``)."""

    state: dict[str, Any]
    read_only: bool
    _member_pages: list[Any]

    def _evaluate(self) -> Any:
        return formkit.evaluate(self.form, self.state, settings=self.client.settings,
                                display_language=self.form_lang)

    def _counted(self, hs: Any) -> Any:
        """``hs`` after adding the instances the counts ask for (evaluated again after each
        pass: a new member's own count is known only then), when the record may change and
        no answer is being typed (a count of 12 is not a count of 1 first)."""
        if self.read_only or not self.state or self._typing():
            return hs
        added = False
        for _ in range(MAX_REPEAT_DEPTH + 1):
            if not self._add_counted(hs):
                break
            added = True
            hs = self._evaluate()
        if added:
            self._refresh_roster()
            self._mark_dirty()
        return hs

    def _add_counted(self, hs: Any) -> bool:
        """Append the instances missing under each owner; whether any was. The record's
        bounds (sync/schema.py) cap what is added: beyond them the finding says so."""
        total = sum(1 for _ in instances(hs))
        added = False
        for count in counts(self.form, hs):
            if count.want <= count.have:
                continue
            if count.repeat is self.form.repeat:
                members = self.state["members"]
                while len(members) < min(count.want, MAX_MEMBERS):
                    members.append(new_member(member_defaults(self.form, self.state)))
                    self._member_pages.append(None)
                    added = True
                continue
            owner = record_at(self.state, count.owner)
            listed = owner.setdefault("repeats", {}).setdefault(count.repeat.name, [])
            while len(listed) < min(count.want, MAX_INSTANCES) and total < MAX_ALL_INSTANCES:
                listed.append(new_instance(new_instance_fields(
                    self.form, self.state, count.owner, count.repeat.name,
                    settings=self.client.settings)))
                total += 1
                added = True
        return added

    def _show_member_count(self, hs: Any) -> None:
        """The members' count on the roster (no adding by hand while it applies)."""
        repeat = self.form.repeat
        want = wanted(hs, repeat) if repeat is not None and repeat.count is not None \
            and self.state else None
        self.roster.set_count(want, count_text(self.form, repeat, self.form_lang)
                              if want is not None else "")
