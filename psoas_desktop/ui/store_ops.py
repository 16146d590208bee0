"""The one way the UI calls the store: run an operation, and on failure say so calmly, once.

Modelled on Anki's `CollectionOp`: a page asks for an operation and what to do with its result;
a `StorageError` is shown as the therapist's sentence (or only logged, for background work such
as remembering a preference), never as a traceback, and the caller simply gets no result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from ..domain.ports import StorageError
from .messages import show_problem

T = TypeVar("T")
_log = logging.getLogger(__name__)


class StoreOps:
    def __init__(self, parent: QWidget, title: str = "Could not reach the records") -> None:
        self._parent = parent
        self._title = title

    def run(self, action: Callable[[], T], then: Callable[[T], object] | None = None, *,
            quiet: bool = False, title: str | None = None,
            failed: Callable[[StorageError], object] | None = None) -> bool:
        """Run `action`; on success pass its result to `then` and return True. On a storage
        failure pass the error to `failed` (a page that says it in place, a dialog that stays
        open), else show its sentence in a message box (or only log it when `quiet`); return
        False."""
        try:
            result = action()
        except StorageError as error:
            _log.warning("store operation failed: %s", error)
            if failed is not None:
                failed(error)
            elif not quiet:
                show_problem(self._parent, str(error), title or self._title)
            return False
        if then is not None:
            then(result)
        return True

    def fetch(self, action: Callable[[], T], *, quiet: bool = False) -> T | None:
        """Read something from the store; None (after the message) when it cannot be read."""
        found: list[T] = []
        self.run(action, found.append, quiet=quiet)
        return found[0] if found else None
