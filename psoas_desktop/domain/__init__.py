"""Pure-Python core of Psoas Desktop: no Qt, no database."""
