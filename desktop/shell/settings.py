"""The app's own preferences (language, font size, idle lock), kept outside the store.

They are read before any workspace is unlocked (the unlock screen already needs the language
and font size), so they live in a small JSON file in the user config folder, not in the
encrypted store. Nothing here is secret. Qt-free so that tests and tools can read it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from platformdirs import user_config_dir

from mopai.sync.atomic import write_atomic

LANGUAGES = ("zh_CN", "en")
FONT_SIZES = (9, 10, 11, 12, 14, 16, 18)


def default_settings_path() -> Path:
    return Path(user_config_dir("Mopai", appauthor=False)) / "settings.json"


@dataclass
class Settings:
    language: str = "zh_CN"
    font_size: int = 11            # points; village laptops are often small and old
    idle_lock_minutes: int = 10    # 0 disables the idle lock
    autosave_seconds: int = 30
    last_user: str = ""
    # the questionnaire's display language, a language code of the form ("fr", "zh"…);
    # "" follows the app's language (docs/forms.md, "Languages")
    form_language: str = ""

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Read the file; a missing or damaged one gives the defaults (it holds no data)."""
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name for f in fields(cls)}
        settings = cls(**{k: v for k, v in raw.items() if k in known})
        settings.normalise()
        return settings

    def normalise(self) -> None:
        if self.language not in LANGUAGES:
            self.language = "zh_CN"
        self.font_size = min(max(int(self.font_size), 8), 24)
        self.idle_lock_minutes = min(max(int(self.idle_lock_minutes), 0), 240)
        self.autosave_seconds = min(max(int(self.autosave_seconds), 5), 600)
        if not isinstance(self.form_language, str) or len(self.form_language) > 40:
            self.form_language = ""

    def save(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(asdict(self), ensure_ascii=False, indent=2).encode("utf-8")
        write_atomic(path, data)
