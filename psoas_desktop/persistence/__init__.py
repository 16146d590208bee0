"""Storage of clients and sessions in SQLite (or any SQLAlchemy URL), behind the domain's `Store`.

`db` makes engines (pragmas, file permissions), `orm` holds the tables, `migrate` upgrades a
database to this app's schema (backup first), `repository` is the only API the app uses.
"""
