"""Privacy on screen (SPEC 8.1): names hidden behind initials and a number, the passphrase kept
as a salted scrypt hash (hashlib, no extra dependency), and the idle lock as pure arithmetic
over an injected clock, so tests never wait five minutes."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable

IDLE_LOCK_SECONDS = 5 * 60
HIDE_NAMES_KEY = "privacy_hide_names"
PASSPHRASE_KEY = "privacy_passphrase"
PASSPHRASE_MIN_LENGTH = 4
# scrypt cost: n=2**14, r=8 uses 16 MiB and about 50 ms here (OWASP's minimum for scrypt is
# n=2**17 with r=8 at 128 MiB; this guards a screen lock, not the file, so a tablet's memory wins).
_N, _R, _P, _LENGTH = 2**14, 8, 1, 32


def initials(name: str) -> str:
    """'Anna Maria Berg' -> 'A. M. B.'; letters only, at most three."""
    letters = [word[0].upper() for word in name.split() if word and word[0].isalpha()]
    return " ".join(f"{letter}." for letter in letters[:3])


def shown_name(client_id: int | None, name: str, hidden: bool) -> str:
    """The client's name as the screen shows it: the name, or with names hidden the initials
    and the client's number ('A. B. · client 12'), enough to pick the right row, not to read
    who it is over a shoulder."""
    if not hidden:
        return name
    number = f"client {client_id}" if client_id is not None else "a client"
    short = initials(name)
    return f"{short} · {number}" if short else number.capitalize()


def hash_passphrase(passphrase: str, salt: bytes | None = None) -> str:
    """'scrypt$n$r$p$salt$hash' (hex), with a fresh random 16-byte salt unless one is given."""
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P,
                            dklen=_LENGTH)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_passphrase(passphrase: str, stored: str) -> bool:
    """Whether `passphrase` matches a stored hash (compared in constant time); a damaged stored
    value never matches."""
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(passphrase.encode("utf-8"), salt=bytes.fromhex(salt_hex),
                                n=int(n), r=int(r), p=int(p), dklen=len(digest_hex) // 2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)


def passphrase_problem(new: str, repeated: str) -> str | None:
    """Why a new passphrase cannot be kept (a sentence), or None."""
    if len(new) < PASSPHRASE_MIN_LENGTH:
        return f"Please use at least {PASSPHRASE_MIN_LENGTH} characters."
    if new != repeated:
        return "The two entries differ. Please type the same passphrase twice."
    return None


class IdleLock:
    """Due to lock after `seconds` without input; `clock` is monotonic seconds."""

    def __init__(self, clock: Callable[[], float], seconds: float = IDLE_LOCK_SECONDS) -> None:
        self._clock = clock
        self.seconds = seconds
        self._last = clock()

    def touch(self) -> None:
        """Input happened: the idle time starts again."""
        self._last = self._clock()

    def due(self) -> bool:
        return self._clock() - self._last >= self.seconds
