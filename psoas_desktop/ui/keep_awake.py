"""Keeps the display awake during a rep block, by each platform's own mechanism.

Linux: the freedesktop ScreenSaver Inhibit call over D-Bus (QtDBus). Windows:
SetThreadExecutionState. macOS: `caffeinate -d` tied to this process. Failures are silent: a
display that sleeps is an annoyance, never a reason to stop the session.
"""

from __future__ import annotations

import os
import subprocess
import sys


class KeepAwake:
    def __init__(self) -> None:
        self._held = False
        self._cookie: int | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._held

    def hold(self) -> None:
        if self._held:
            return
        self._held = True
        try:
            if sys.platform == "win32":
                import ctypes

                continuous, display_required = 0x80000000, 0x00000002
                ctypes.windll.kernel32.SetThreadExecutionState(continuous | display_required)
            elif sys.platform == "darwin":
                self._process = subprocess.Popen(["caffeinate", "-d", "-w", str(os.getpid())])
            else:
                self._cookie = _dbus_inhibit()
        except Exception:  # noqa: BLE001 (best effort by design)
            pass

    def release(self) -> None:
        if not self._held:
            return
        self._held = False
        try:
            if sys.platform == "win32":
                import ctypes

                ctypes.windll.kernel32.SetThreadExecutionState(0x80000000)
            elif self._process is not None:
                self._process.terminate()
                self._process = None
            elif self._cookie is not None:
                _dbus_uninhibit(self._cookie)
                self._cookie = None
        except Exception:  # noqa: BLE001
            pass


def _screensaver():
    from PySide6.QtDBus import QDBusConnection, QDBusInterface

    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return None
    iface = QDBusInterface("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
                           "org.freedesktop.ScreenSaver", bus)
    return iface if iface.isValid() else None


def _dbus_inhibit() -> int | None:
    iface = _screensaver()
    if iface is None:
        return None
    reply = iface.call("Inhibit", "Psoas Desktop", "Guiding a rep block")
    args = reply.arguments()
    return int(args[0]) if args else None


def _dbus_uninhibit(cookie: int) -> None:
    iface = _screensaver()
    if iface is not None:
        iface.call("UnInhibit", cookie)
