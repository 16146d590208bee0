"""How far does the breath pacer drift over a rep-coach block? (SPEC 4: at most 50 ms in 5 minutes)

Runs the real BreathPacer on the real MonotonicClock inside a Qt event loop, ticked by a 16 ms
PreciseTimer as the UI does, and at every tick compares pacer.elapsed() with an independent
time.perf_counter() reference started at the same moment. For contrast, in the same run, it also
measures two tick counters that assume every tick is exactly 16 ms: one on the same PreciseTimer and
one on a CoarseTimer (Qt's default timer type). On an idle machine Qt keeps its timers on schedule,
so tick counting only drifts once ticks are late or merged; --busy-ms makes every tick spend that
long working, like a slow repaint, to show it.

    QT_QPA_PLATFORM=offscreen python benchmarks/pacer_drift.py [--seconds 300] [--busy-ms 0]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from psoas_desktop.domain.pacing import BreathPacer, MonotonicClock  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="block length (default 300)")
    parser.add_argument("--interval-ms", type=int, default=16, help="timer interval (default 16)")
    parser.add_argument("--busy-ms", type=float, default=0.0, help="work per tick (default 0)")
    args = parser.parse_args()
    interval = args.interval_ms / 1000

    app = QApplication.instance() or QApplication([])
    pacer_drifts: list[float] = []  # pacer.elapsed() - reference, seconds, one per tick
    precise_ticks = coarse_ticks = 0

    def reference() -> float:
        return time.perf_counter() - start

    def on_precise() -> None:
        nonlocal precise_ticks
        precise_ticks += 1
        pacer.state()  # what the rep coach's repaint asks for
        pacer_drifts.append(pacer.elapsed() - reference())
        busy_until = time.perf_counter() + args.busy_ms / 1000
        while time.perf_counter() < busy_until:  # a slow repaint
            pass

    def on_coarse() -> None:
        nonlocal coarse_ticks
        coarse_ticks += 1

    precise = QTimer(interval=args.interval_ms, timerType=Qt.TimerType.PreciseTimer)
    coarse = QTimer(interval=args.interval_ms, timerType=Qt.TimerType.CoarseTimer)
    precise.timeout.connect(on_precise)
    coarse.timeout.connect(on_coarse)

    end = 0.0

    def on_stop() -> None:
        nonlocal end
        end = reference()
        precise.stop()
        coarse.stop()
        app.quit()

    stop = QTimer(singleShot=True, interval=round(args.seconds * 1000),
                  timerType=Qt.TimerType.PreciseTimer)
    stop.timeout.connect(on_stop)

    pacer = BreathPacer(MonotonicClock())
    start = time.perf_counter()
    for timer in (precise, coarse, stop):
        timer.start()
    app.exec()

    abs_ms = [abs(d) * 1000 for d in pacer_drifts]
    pacer_max = max(abs_ms)
    naive_ms = (precise_ticks * interval - end) * 1000
    coarse_ms = (coarse_ticks * interval - end) * 1000
    verdict = "within" if pacer_max <= 50 else "BEYOND"
    print(f"duration                 {end:10.3f} s   (interval {args.interval_ms} ms, busy {args.busy_ms:g} ms)")
    print(f"ticks                    {precise_ticks:10d} precise, {coarse_ticks} coarse")
    print(f"pacer |drift| max        {pacer_max:10.4f} ms  ({verdict} the 50 ms bound)")
    print(f"pacer |drift| median     {statistics.median(abs_ms):10.4f} ms")
    print(f"naive tick count drift   {naive_ms:+10.1f} ms  (precise ticks x {args.interval_ms} ms)")
    print(f"coarse tick count drift  {coarse_ms:+10.1f} ms  (coarse ticks x {args.interval_ms} ms)")
    floor = max(pacer_max, 1e-6)
    print(f"ratio naive / pacer      {abs(naive_ms) / floor:10.0f} x")
    print(f"ratio coarse / pacer     {abs(coarse_ms) / floor:10.0f} x")


if __name__ == "__main__":
    main()
