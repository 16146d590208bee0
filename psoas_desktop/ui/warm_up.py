"""Work done in idle time after home is painted, in small steps, so that no tap waits for it.

Home shows no chart and no wizard, so neither is built before home is painted (issue 13). Once it
is, the chart modules (numpy, pyqtgraph, the app's charts) are imported, then the wizard (whose
summary step holds a chart) and the client page are built, one step at a time, each a short block
of the event loop, so the first session and the first client page do not pay for them. A step that fails is logged and left to happen (and to say why)
when it is really needed.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

FIRST_DELAY_MS = 400  # after the window is shown: its first paint has happened by then
STEP_GAP_MS = 30  # between steps: taps and repaints waiting in the queue go first


def _importing(name: str) -> Callable[[], object]:
    return lambda: importlib.import_module(name)


# What the first chart needs, cheapest first; pyqtgraph imports numpy.
CHART_WARM_UP: tuple[Callable[[], object], ...] = tuple(_importing(name) for name in (
    "numpy",
    "pyqtgraph",
    "psoas_desktop.charts.base",
    "psoas_desktop.charts.session_chart",
    "psoas_desktop.charts.trend_chart",
    "psoas_desktop.ui.trend_panel",
))


def warm_up_when_idle(window: QWidget, steps: Sequence[Callable[[], object]],
                      first_delay_ms: int = FIRST_DELAY_MS,
                      done: Callable[[], object] | None = None) -> None:
    """Run `steps` one per timer shot, starting `first_delay_ms` after now, while `window` is
    shown, then `done`; stops quietly (without `done`) when the window is closed."""
    remaining = list(steps)

    def next_step() -> None:
        try:
            if not window.isVisible():
                return
        except RuntimeError:  # the window was deleted meanwhile
            return
        if not remaining:
            if done is not None:
                done()
            return
        step = remaining.pop(0)
        try:
            step()
        except Exception:  # noqa: BLE001 (logged; the real use will raise and say why)
            logging.getLogger(__name__).exception("warm-up step failed")
        QTimer.singleShot(STEP_GAP_MS, next_step)

    QTimer.singleShot(first_delay_ms, next_step)
