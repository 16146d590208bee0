"""Names hidden behind initials and a number, the passphrase as a salted scrypt hash, and the
idle lock's arithmetic over an injected clock."""

from __future__ import annotations

from psoas_desktop.domain.privacy import (
    IdleLock,
    hash_passphrase,
    initials,
    passphrase_problem,
    shown_name,
    verify_passphrase,
)


def test_hidden_names_show_initials_and_the_number():
    """'Anna Maria Berg' (client 12) reads 'A. M. B. · client 12'; shown as is when not hidden."""
    assert shown_name(12, "Anna Maria Berg", hidden=True) == "A. M. B. · client 12"
    assert shown_name(12, "Anna Maria Berg", hidden=False) == "Anna Maria Berg"
    assert shown_name(3, "  ", hidden=True) == "Client 3"
    assert initials("Jean-Luc de la Cruz Ortega") == "J. D. L."


def test_passphrase_is_kept_as_a_salted_scrypt_hash():
    """The stored value holds no passphrase, differs each time (random salt), and verifies."""
    first, second = hash_passphrase("open sesame"), hash_passphrase("open sesame")
    assert first.startswith("scrypt$") and "open sesame" not in first and first != second
    assert verify_passphrase("open sesame", first) and verify_passphrase("open sesame", second)
    assert not verify_passphrase("open sesame ", first)
    assert not verify_passphrase("open sesame", "scrypt$broken") and not verify_passphrase("x", "")


def test_new_passphrase_rules_are_sentences():
    assert passphrase_problem("abc", "abc") == "Please use at least 4 characters."
    assert "differ" in (passphrase_problem("abcd", "abce") or "")
    assert passphrase_problem("abcd", "abcd") is None


def test_idle_lock_is_due_after_five_quiet_minutes_and_input_restarts_it():
    now = [1000.0]
    idle = IdleLock(lambda: now[0])
    now[0] += 299
    assert not idle.due()
    idle.touch()
    now[0] += 299
    assert not idle.due()
    now[0] += 1
    assert idle.due()
