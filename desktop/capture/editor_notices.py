"""What the household editor says about the open record besides its questions: the review's
comment (退回修改) and the reviewer's notes beside the questions it names, the county's line on
the interview (paradata and the form's metadata rows), and what reading it under a newer form
changed.

A base of ``HouseholdEditor`` (household_editor.py): it reads the editor's record and labels
and holds no state of its own. Its texts are the editor's (context "HouseholdEditor"), so the
translations stay in one context.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from mopai.sync import paradata
from mopai.sync.record import instance_path

from . import formkit

translate = QCoreApplication.translate


class Notices:
    """The editor's notices (a base of ``HouseholdEditor``)."""

    state: dict[str, Any]
    review_item: Any

    # -- the review (审核, sync/review.py) -------------------------------------------------
    def _load_review(self) -> None:
        if self.stored and self.uuid and self.client.is_open:
            self.client.review_of(self.uuid, self._got_review, self.presenter)

    def _got_review(self, pair: tuple[Any, list[Any]]) -> None:
        item = pair[0]
        if item is None or item.uuid != self.uuid:   # another record opened meanwhile
            return
        self.review_item = item
        self._show_review()
        self._reevaluate()

    def _shown_review(self) -> Any:
        item = self.review_item
        return item if item is not None and item.state in ("rejected", "corrected") else None

    def _show_review(self) -> None:
        reviewer = self.client.role in ("county", "township")
        self.review_button.setVisible(reviewer and self.stored and bool(self.state))
        item = self._shown_review() if self.state else None
        if item is not None:
            text = (translate("HouseholdEditor",
                              "Sent back for correction ({date}, {by}): {comment}")
                    if item.state == "rejected" else
                    translate("HouseholdEditor",
                              "Corrected since it was sent back ({date}, {by}: {comment}); "
                              "waiting for review again"))
            text = (text.replace("{date}", item.decided_at[:10])
                    .replace("{by}", item.decided_by).replace("{comment}", item.comment))
            members_name = self.form.repeat.name if self.form.repeat is not None else "members"
            if any("repeats" in p.split(".")[:-1]
                   and instance_path(self.state, p, members_name) is None
                   for p in item.questions):
                text += translate("HouseholdEditor",
                                  " (an entry it names has since been removed)")
            self.review_notice.setText(text)
        self.review_notice.setVisible(item is not None)

    def _review_findings(self, household: dict[str, tuple[str, str]],
                         members: list[dict[str, tuple[str, str]]]) -> None:
        """The reviewer's comment on each question it names, beside that question (one inside
        an instance of another repeat: by the instance's path, for its repeat editor)."""
        self._instance_notes: dict[str, dict[str, tuple[str, str]]] = {}
        item = self._shown_review()
        if item is None:
            return
        index = {m.get("uuid"): i for i, m in enumerate(self.state.get("members") or [])}
        note = translate("HouseholdEditor", "Reviewer: {comment}") \
            .replace("{comment}", item.comment)
        members_name = self.form.repeat.name if self.form.repeat is not None else "members"
        if any("repeats" in p.split(".")[:-1] for p in item.questions):
            self._show_review()        # an entry it names may have been removed since
        for path in item.questions:
            parts = path.split(".")
            if "repeats" in parts[:-1]:
                # a question inside an instance of another repeat: found by the instances' ids
                # wherever they are now; nothing to show beside when the entry was removed
                at = instance_path(self.state, path, members_name)
                if at is not None:
                    where, _, name = at.rpartition("/")
                    self._instance_notes.setdefault(where, {})[name] = (note, "warning")
                continue
            if parts[0] == "fields":
                target, name = household, ".".join(parts[1:])
            elif parts[0] == "members" and index.get(parts[1], len(members)) < len(members):
                target, name = members[index[parts[1]]], ".".join(parts[3:])
            else:
                continue
            text, severity = target.get(name, ("", "warning"))
            target[name] = (f"{text}\n{note}" if text else note, severity)

    def open_review(self) -> None:
        from ..review.review_dialog import ReviewDialog  # start-up: county and township only

        self.review_dialog = ReviewDialog(self.client, self.uuid, self.presenter, self)
        self.review_dialog.decided.connect(lambda _d: self._load_review())
        self.review_dialog.open()

    def _show_interview(self) -> None:
        """At the county: when, how long and by whom the household was entered."""
        iv = paradata.of(self.state) if self.client.role == "county" else None
        if iv is not None:
            text = (translate("HouseholdEditor",
                              "Interview {start} – {end}, {min} min ({per} min per person), "
                              "entered by {by}")
                    .replace("{start}", paradata.local_time(iv.started_at))
                    .replace("{end}", paradata.local_time(iv.ended_at))
                    .replace("{min}", f"{iv.minutes:g}")
                    .replace("{per}", f"{iv.per_member_minutes or 0:g}").replace("{by}", iv.by))
            if iv.suspicious and self.state.get("status") == "complete":
                text += translate(
                    "HouseholdEditor",
                    " — too fast for the household's size: check with the village")
        # The form's metadata rows (start, end, today, deviceid, username), as the county's
        # paradata too: they are filled in, never asked.
        meta = formkit.metadata_lines(self.form, self.state.get("fields") or {},
                                     self.form_lang) \
            if self.client.role == "county" else []
        if meta:
            lines = "；".join(f"{name}：{value}" for name, value in meta)
            more = translate("HouseholdEditor", "Form metadata: {items}") \
                .replace("{items}", lines)
            text = f"{text}\n{more}" if iv is not None else more
        if iv is not None or meta:
            self.interview.setText(text)
        self.interview.setVisible(iv is not None or bool(meta))

    def _show_notice(self) -> None:
        up = self.upgrade
        lines = []
        if up is not None and self.state and up.upgraded:
            lines.append(translate("HouseholdEditor",
                                   "This household was saved under form version {old}; it is "
                                   "shown under the current version {new} and saved under it.")
                         .replace("{old}", up.from_version or "?")
                         .replace("{new}", str(self.state.get("form_version"))))
        if up is not None and self.state and up.moved:
            lines.append(translate("HouseholdEditor",
                                   "{n} answers moved to renamed questions: {names}.")
                         .replace("{n}", str(len(up.moved)))
                         .replace("{names}", "、".join(f"{old} → {new}"
                                                      for _m, old, new in up.moved)))
        if up is not None and self.state and up.kept:
            names = sorted({path.rsplit(".", 1)[-1] for path in up.kept})
            lines.append(translate("HouseholdEditor",
                                   "{n} answers belong to questions the current form no longer "
                                   "has ({names}): they are kept in the record but not shown.")
                         .replace("{n}", str(len(up.kept))).replace("{names}", "、".join(names)))
        self.form_notice.setText("\n".join(lines))
        self.form_notice.setVisible(bool(lines))
