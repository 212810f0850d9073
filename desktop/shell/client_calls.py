"""What StoreClient's groups of calls (client_sync, client_county, client_services) need of
it: the worker, the callbacks that re-emit changes, the county's settings. StoreClient
(desktop/shell/client.py) defines them; these are their signatures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .worker import Failed, Job

Done = Callable[[Any], None]


class Calls:
    changed: Any                       # Signal(object): sync.households.Changes
    settings: Any                      # forms.CountySettings
    _county: Any                       # reports.figures.CountyFiguresCache, worker only

    def _submit(self, fn: Callable[[Any, Job], Any], done: Done | None,
                failed: Failed | None = None, label: str = "") -> Job:
        raise NotImplementedError

    def _changing(self, done: Done | None) -> Done:
        raise NotImplementedError

    def _with_forms(self, done: Done | None) -> Done:
        raise NotImplementedError

    def refresh_settings(self) -> None:
        raise NotImplementedError
