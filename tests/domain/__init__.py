"""Unit and property tests of the pure-Python domain layer (no Qt, no database)."""
