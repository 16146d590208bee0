"""PySide6 widgets and controllers. Never imports the database layer: it gets a domain Store."""
