"""The rep coach through real widgets, on a fake monotonic clock: cues, remembered choices, awake."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from psoas_desktop.app import open_repository
from psoas_desktop.config import Settings
from psoas_desktop.ui.main_window import MainWindow
from tests.driver import Driver


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def now(self) -> float:
        return self.t


class RecordingCues:
    sound_problem = ""
    speech_problem = ""
    sound_available = True
    speech_available = True

    def __init__(self) -> None:
        self.heard: list[str] = []

    def chime(self) -> None:
        self.heard.append("chime")

    def say(self, text: str) -> None:
        self.heard.append(text)


class RecordingAwake:
    def __init__(self) -> None:
        self.held = False
        self.calls: list[str] = []

    def hold(self) -> None:
        self.held = True
        self.calls.append("hold")

    def release(self) -> None:
        self.held = False
        self.calls.append("release")


@pytest.fixture
def rig(qtbot, database_url):
    clock, cues, awake = FakeClock(), RecordingCues(), RecordingAwake()
    store = open_repository(database_url)
    window = MainWindow(store, Settings(), lambda: clock, cues=cues, awake=awake)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return Driver(qtbot, window), clock, cues, awake, store


def _to_rep_coach(driver: Driver, name: str = "Coach Client") -> None:
    driver.add_client(name)
    driver.tap("startSessionButton")
    driver.tap("screenAllClearButton")
    driver.tap("nextButton")
    driver.measure("Touches", "Touches")
    driver.tap("nextButton")
    driver.tap("directionLeftButton")
    driver.tap("nextButton")
    assert driver.text("stepTitle") == "Open-book rotations: direction A"


def _tick(driver: Driver) -> None:
    driver.qtbot.wait(120)  # the repaint timer runs every 50 ms; time comes from the clock


def test_cues_follow_phase_changes_and_reps(rig):
    """With Sound and Voice on, each phase change chimes and speaks; Rep done says 'Rep one of three'."""
    driver, clock, cues, awake, store = rig
    _to_rep_coach(driver)
    assert awake.held
    driver.tap("soundToggle")
    driver.tap("voiceToggle")
    assert driver.text("phaseLabel") == "Inhale, prepare"
    clock.t += 3.01
    _tick(driver)
    assert driver.text("phaseLabel") == "Exhale and open"
    assert cues.heard == ["chime", "Exhale and open"]
    driver.tap("repDoneButton")
    assert cues.heard[-1] == "Rep one of three"
    assert driver.text("phaseLabel") == "Inhale, prepare"  # a counted rep restarts the breath cycle
    assert store.preferences()["sound_cues"] == "1"
    assert store.preferences()["spoken_cues"] == "1"
    driver.tap("nextButton")
    assert not awake.held and awake.calls == ["hold", "release"]


def test_pause_freezes_the_countdown(rig):
    """Pause stops the clock for the pacer: time passing while paused changes nothing."""
    driver, clock, cues, _awake, _store = rig
    _to_rep_coach(driver)
    clock.t += 1.0
    driver.key(Qt.Key.Key_B)
    clock.t += 30.0
    _tick(driver)
    assert driver.text("phaseLabel") == "Paused"
    driver.key(Qt.Key.Key_B)
    clock.t += 1.5
    _tick(driver)
    assert driver.text("phaseLabel") == "Inhale, prepare"  # 2.5 s into a 3 s phase
    assert cues.heard == []  # cues are off by default (SPEC 4)


def test_planned_reps_and_timing_are_remembered_for_the_next_session(rig):
    """Planned reps and a phase's seconds set on the screen come back in the next session."""
    driver, _clock, _cues, _awake, store = rig
    _to_rep_coach(driver, "First Client")
    driver.tap("plannedPlus")
    assert driver.text("repCounter") == "0 of 4"
    driver.tap("timingToggle")
    driver.tap("phasePlus1")
    assert driver.text("phaseSeconds1") == "5 s"
    driver.window.show_home()
    _to_rep_coach(driver, "Second Client")
    assert driver.text("repCounter") == "0 of 4"
    driver.tap("timingToggle")
    assert driver.text("phaseSeconds1") == "5 s"
    assert store.preferences()["phase_seconds"] == "3,5,4,3"


def test_phase_seconds_outside_1_to_30_are_refused_with_a_message(rig):
    """Lowering a 3 s phase below 1 s is refused and said, never clamped silently."""
    driver, *_ = rig
    _to_rep_coach(driver)
    driver.tap("timingToggle")
    driver.tap("phaseMinus0")
    driver.tap("phaseMinus0")
    assert driver.text("phaseSeconds0") == "1 s"
    driver.tap("phaseMinus0")
    assert driver.text("phaseSeconds0") == "1 s"
    assert "1 to 30 seconds" in driver.text("cueHint")


def test_settle_countdown_runs_on_the_clock(rig):
    """The optional 10 s settle countdown counts down from the monotonic clock, then says ready."""
    driver, clock, *_ = rig
    driver.add_client("Settle Client")
    driver.tap("startSessionButton")
    driver.tap("screenAllClearButton")
    driver.tap("nextButton")
    driver.tap("settleButton")
    assert driver.text("settleButton") == "Settling… 10 s"
    countdown = driver.visible("settleCountdown")  # large digits, readable from the table
    assert countdown.text() == "10" and countdown.property("role") == "digits"  # 60 px
    clock.t += 6.2
    _tick(driver)
    assert driver.text("settleButton") == "Settling… 4 s"
    assert countdown.text() == "4"
    clock.t += 4.0
    _tick(driver)
    assert driver.text("settleButton") == "Ready to read ✓"
    assert not countdown.isVisible()


def test_after_the_last_planned_rep_next_is_the_main_action_and_the_pacer_says_so(rig):
    """At 3 of 3 Next turns primary, Rep done secondary, and the pacer stops coaching."""
    driver, clock, *_ = rig
    _to_rep_coach(driver)
    assert driver.visible("nextButton").property("role") == "secondary"
    assert driver.visible("repDoneButton").property("role") == "coach"
    for _ in range(3):
        clock.t += 1.0
        driver.tap("repDoneButton")
    assert driver.visible("nextButton").property("role") == "primary"
    assert driver.visible("repDoneButton").property("role") == "secondary"
    assert driver.text("phaseLabel") == "All 3 done — re-test both legs next"
    clock.t += 5.0
    _tick(driver)
    assert driver.text("phaseLabel") == "All 3 done — re-test both legs next"


def test_the_figure_opens_and_returns_with_the_breath(rig):
    """The drawn arm rests forward, opens on 'exhale and open', stays open, then returns."""
    driver, clock, *_ = rig
    _to_rep_coach(driver)
    ring = driver.visible("pacerRing")
    _tick(driver)
    assert ring.opening == 0.0
    clock.t += 3.0 + 2.0  # half way through "exhale and open"
    _tick(driver)
    assert 0.4 < ring.opening < 0.6
    clock.t += 2.0 + 2.0  # resting at the end of the range
    _tick(driver)
    assert ring.opening == 1.0
    clock.t += 2.0 + 2.9  # nearly back at the end of "inhale and return"
    _tick(driver)
    assert ring.opening < 0.05


def test_cues_that_cannot_work_say_so_in_plain_words_when_switched_on(qtbot, database_url):
    """Sound with no speaker and Voice with no speech service stay off and say why, plainly."""

    class SilentCues(RecordingCues):
        sound_problem = "No sound output found on this computer."
        speech_problem = "Voice unavailable: no speech service (speech-dispatcher)."
        speech_available = False

    store = open_repository(database_url)
    window = MainWindow(store, Settings(), FakeClock, cues=SilentCues(), awake=RecordingAwake())
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    driver = Driver(qtbot, window)
    _to_rep_coach(driver)
    driver.tap("soundToggle")
    assert not driver.visible("soundToggle").isChecked()
    assert "no speaker" in driver.text("cueHint")
    driver.tap("voiceToggle")
    assert not driver.visible("voiceToggle").isChecked()
    assert "Voice can't speak" in driver.text("cueHint")
    assert "speech-dispatcher" not in driver.text("cueHint")


def test_the_pacer_draws_each_figure_once_and_follows_the_breath(qtbot, monkeypatch):
    """A repaint at the same opening reuses the drawn figure (issue 13: a counted rep and every
    tick repaint the ring); another opening, direction or size draws the figure anew."""
    from psoas_desktop.domain.model import Direction
    from psoas_desktop.ui.widgets import pacer_ring
    from psoas_desktop.ui.widgets.pacer_ring import PacerRing

    drawn: list[tuple[Direction, float]] = []
    real = pacer_ring.paint_open_book

    def counting(painter, rect, direction, opening, *args):
        drawn.append((direction, opening))
        real(painter, rect, direction, opening, *args)

    monkeypatch.setattr(pacer_ring, "paint_open_book", counting)
    ring = PacerRing()
    qtbot.addWidget(ring)
    ring.resize(300, 300)
    ring.show_state(0.5, 3.0, False, opening=0.0)
    closed = ring.grab().toImage()
    ring.show_state(0.4, 2.0, False, opening=0.0)
    ring.grab()
    assert drawn == [(Direction.LEFT, 0.0)]
    ring.show_state(0.5, 3.0, False, opening=1.0)
    opened = ring.grab().toImage()
    assert drawn[-1] == (Direction.LEFT, 1.0) and opened != closed
    ring.set_direction(Direction.RIGHT)
    ring.show_state(0.5, 3.0, False, opening=1.0)
    mirrored = ring.grab().toImage()
    assert drawn[-1] == (Direction.RIGHT, 1.0) and mirrored != opened
    ring.resize(200, 200)
    ring.grab()
    assert len(drawn) == 4
    ring.show_state(0.5, 3.0, False, opening=0.5)
    ring.grab()
    assert drawn[-1] == (Direction.RIGHT, 0.5)


def test_the_cues_are_made_in_idle_time_once(qtbot, database_url, monkeypatch):
    """Qt Multimedia loads in idle time after home shows, not in the first Start session tap
    (issue 13); the session then uses those cues, made once."""
    from psoas_desktop.app import create_main_window
    from psoas_desktop.ui import session_control
    from tests.driver import Driver

    made = []

    class CountedCues(RecordingCues):
        def __init__(self) -> None:
            super().__init__()
            made.append(self)

    monkeypatch.setattr(session_control, "Cues", CountedCues)
    window = create_main_window(database_url)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(lambda: len(made) == 1, timeout=10_000)
    assert window.stack.currentWidget() is window.home
    Driver(qtbot, window).start_session("Cued Client")
    assert len(made) == 1
