"""The real cue player with the audio extra installed: the chime loads, a speech engine speaks."""

from __future__ import annotations

import pytest

from psoas_desktop.ui.cues import Cues, rep_phrase

# Qt Multimedia and Qt TextToSpeech come with the optional `audio` extra (PySide6-Addons); the
# `test` extra alone runs the rest of the suite.
AUDIO_MISSING = "needs the audio extra (PySide6-Addons: QtMultimedia, QtTextToSpeech)"


def test_rep_phrase_uses_words():
    """The voice says numbers as words: 'Rep two of three'."""
    assert rep_phrase(2, 3) == "Rep two of three"
    assert rep_phrase(10, 10) == "Rep ten of ten"


def test_chime_is_loaded_through_qt_multimedia(qtbot):
    """With the audio extra, the bundled chime is a QSoundEffect source that Qt can read."""
    QSoundEffect = pytest.importorskip("PySide6.QtMultimedia", reason=AUDIO_MISSING).QSoundEffect
    cues = Cues(speech_engine="mock")
    assert cues.sound_available
    effect = cues.sound_effect
    assert isinstance(effect, QSoundEffect)
    assert effect.source().toLocalFile().endswith("chime.wav")
    qtbot.waitUntil(lambda: effect.status() != QSoundEffect.Status.Loading, timeout=5000)
    cues.chime()  # no output device on CI: it reports why instead of failing
    assert cues.sound_problem in ("", "No sound output found on this computer.")


def test_spoken_cues_reach_the_speech_engine(qtbot):
    """Spoken cues go to a Qt TextToSpeech engine (the 'mock' engine stands in for speechd)."""
    QTextToSpeech = pytest.importorskip("PySide6.QtTextToSpeech", reason=AUDIO_MISSING).QTextToSpeech
    cues = Cues(speech_engine="mock")
    assert cues.speech_available, cues.speech_problem
    speech = cues.speech_engine
    assert isinstance(speech, QTextToSpeech)
    said: list[str] = []
    speech.aboutToSynthesize.connect(lambda _id: said.append("started"))
    cues.say("Rep one of three")
    qtbot.waitUntil(lambda: said == ["started"], timeout=5000)
