"""The therapist's own measurement error: set by hand, offered after 20 paired visits, used."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from psoas_desktop.domain.model import (
    Client,
    Direction,
    Measurement,
    Method,
    SessionStatus,
    Side,
    Timepoint,
)
from tests.ui.client_seed import client_with_sessions, open_client, tap_row


def _paired_visits(store, count: int, spread: float) -> None:
    client = store.add_client(Client("Calibration Client"))
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    for i in range(count):
        session = store.start_session(client.id, Method.GAP_CM, start + timedelta(days=i))
        d = spread if i % 2 else -spread
        measurements = tuple(
            Measurement(t, side, (4.0, 4.0 + d) if t == Timepoint.BASELINE else (3.0,))
            for t in Timepoint for side in Side
        )
        store.save_session(replace(session, measurements=measurements,
                                   first_direction=Direction.LEFT, status=SessionStatus.COMPLETED))


def test_sem_can_be_set_by_hand_and_is_remembered(driver, store):
    """+ on the gap SEM makes it 1.1 cm; Save stores it; the verdict threshold follows (7.5 cm)."""
    driver.tap("semButton")
    assert driver.text("semValue_gap_cm") == "1 cm (default)"
    driver.tap("semPlus_gap_cm")
    assert driver.text("semValue_gap_cm") == "1.1 cm"
    driver.tap("semSaveButton")
    assert store.preferences()["sem_gap_cm"] == "1.1"
    driver.add_client("Threshold Client")
    driver.tap("startSessionButton")
    driver.advance_to("Summary")
    assert "more than 7.5 cm" in driver.text("verdictLabel")  # 6.79 x 1.1


def test_a_sem_of_zero_is_refused_with_a_message(driver):
    """Lowering the fingers SEM to 0 is refused and said, not clamped."""
    driver.tap("semButton")
    for _ in range(10):
        driver.tap("semMinus_fingers")
    assert driver.text("semValue_fingers") == "0.1 fingers"
    driver.tap("semMinus_fingers")
    assert driver.text("semValue_fingers") == "0.1 fingers"
    assert "above 0" in driver.text("semMessage")
    driver.tap("semCancelButton")


def test_own_sem_is_offered_after_twenty_paired_visits(driver, store):
    """With 20 visits of paired baseline readings differing by +/-0.5 cm, 'Use mine' offers 0.36."""
    _paired_visits(store, 19, 0.5)
    driver.tap("semButton")
    assert not driver.window.findChildren(type(driver.visible("semSaveButton")), "semUseOwn_gap_cm")
    driver.tap("semCancelButton")
    _paired_visits(store, 1, 0.5)
    driver.tap("semButton")
    driver.tap("semUseOwn_gap_cm")
    assert driver.text("semValue_gap_cm") == "0.36 cm"
    driver.tap("semSaveButton")
    assert store.preferences()["sem_gap_cm"] == "0.36"


def _past_verdicts(driver) -> tuple[str, list[str], str]:
    """The evidence sentence, the session list rows and the oldest session's verdict, as shown."""
    evidence = driver.text("evidenceLabel")
    model = driver.visible("sessionList").model()
    rows = [model.index(r, 0).data() for r in range(model.rowCount())]
    tap_row(driver, "sessionList", model.rowCount() - 1)
    verdict = driver.text("pastVerdictLabel")
    driver.tap("sessionBackButton")
    return evidence, rows, verdict


def test_a_changed_sem_leaves_finished_verdicts_as_they_were(driver, store):
    """Lowering the gap SEM to 0.2 cm (enough to turn 'similar' into a win) changes no finished
    session's verdict, list row or across-visit evidence: each keeps the basis stored at Finish."""
    client_with_sessions(store, "Kept Verdicts", [21, 14, 7], rows=((4, 6), (3, 4), (2.5, 3.5)))
    open_client(driver, "Kept Verdicts")
    before = _past_verdicts(driver)
    assert "similar" in before[2]

    driver.window.show_home()
    driver.tap("semButton")
    for _ in range(8):
        driver.tap("semMinus_gap_cm")
    driver.tap("semSaveButton")
    assert store.preferences()["sem_gap_cm"] == "0.2"

    open_client(driver, "Kept Verdicts")
    assert _past_verdicts(driver) == before
