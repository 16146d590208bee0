"""Optional sound and spoken cues for the rep coach (the `audio` extra: PySide6-Addons).

Without the extra, or without a sound or speech system, the cues say why they are unavailable
and stay silent; the rep coach works the same.
"""

from __future__ import annotations

from ..resources import resource

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
AUDIO_EXTRA_HINT = "Sound and voice need the audio extra (pip install 'psoas-desktop[audio]')"


def rep_phrase(done: int, planned: int) -> str:
    """'Rep two of three': what the voice says when a rep is counted."""

    def word(n: int) -> str:
        return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)

    return f"Rep {word(done)} of {word(planned)}"


class Cues:
    """Plays the chime and speaks phrases through Qt Multimedia / Qt TextToSpeech when present."""

    def __init__(self, speech_engine: str | None = None) -> None:
        self._effect = None
        self._speech = None
        self.sound_problem = ""
        self.speech_problem = ""
        try:
            from PySide6.QtCore import QUrl
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:
            self.sound_problem = AUDIO_EXTRA_HINT + " (on Linux also libpulse0)."
        else:
            path = str(resource("sounds", "chime.wav"))
            self._effect = QSoundEffect()
            self._effect.setSource(QUrl.fromLocalFile(path))
            self._effect.setVolume(0.6)
            from PySide6.QtMultimedia import QMediaDevices

            if not QMediaDevices.audioOutputs():
                self.sound_problem = "No sound output found on this computer."
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError:
            self.speech_problem = AUDIO_EXTRA_HINT + "."
        else:
            engines = QTextToSpeech.availableEngines()
            if not engines or (speech_engine is not None and speech_engine not in engines):
                self.speech_problem = "No speech engine on this computer (on Linux: speech-dispatcher)."
            else:
                self._speech = QTextToSpeech(speech_engine) if speech_engine else QTextToSpeech()
                if self._speech.state() == QTextToSpeech.State.Error:
                    self.speech_problem = "Voice unavailable: no speech service (speech-dispatcher)."
                    self._speech = None

    @property
    def sound_effect(self):
        """The QSoundEffect playing the chime, or None without the audio extra."""
        return self._effect

    @property
    def speech_engine(self):
        """The QTextToSpeech speaking the cues, or None when speech is unavailable."""
        return self._speech

    @property
    def sound_available(self) -> bool:
        return self._effect is not None

    @property
    def speech_available(self) -> bool:
        return self._speech is not None

    def chime(self) -> None:
        if self._effect is None:
            return
        from PySide6.QtMultimedia import QSoundEffect

        if self._effect.status() == QSoundEffect.Status.Error:
            self.sound_problem = "No sound output found on this computer."
            return
        self._effect.play()

    def say(self, text: str) -> None:
        if self._speech is not None:
            self._speech.say(text)
