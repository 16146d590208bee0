"""What the monkey found, pinned: a one-line field takes no more text than can be saved."""

from __future__ import annotations

from psoas_desktop.domain.validation import LINE_LENGTH


def test_changes_field_holds_no_more_than_can_be_saved(qtbot, driver, window, store):
    """600 typed characters in 'Changes since last visit': the field keeps 500, and they are
    saved (the monkey typed 507 and the save was refused while the screen showed them)."""
    driver.start_session("Long Typist")
    field = driver.visible("changesEdit")
    window.activateWindow()
    field.setFocus()
    qtbot.keyClicks(field, "x" * (LINE_LENGTH + 100))
    assert len(field.text()) == LINE_LENGTH
    window.wizard.setFocus()  # leaving the field saves it
    qtbot.waitUntil(lambda: store.sessions_in_progress()[0].check_in.changes_since_last == field.text())
