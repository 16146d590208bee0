"""Writers that turn domain objects into files the therapist chooses (CSV now, PDF later)."""
