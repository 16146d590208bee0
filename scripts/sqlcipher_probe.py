"""Check whether a SQLCipher wheel works here (README, Privacy). Not part of the app.

    python3.11 -m venv /tmp/v && /tmp/v/bin/pip install sqlcipher3-binary   # or sqlcipher3-wheels
    /tmp/v/bin/python scripts/sqlcipher_probe.py

It writes an encrypted database in a temporary folder and prints what it finds: the versions,
reopening with the key, refusal with a wrong key and by the standard sqlite3 module, the file
header, and whether a copy made with the online backup API is encrypted alike.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile

import sqlcipher3.dbapi2 as sqlcipher  # type: ignore[import-not-found]

KEY = "PRAGMA key='correct horse'"


def keyed(path: str, key: str = KEY):
    connection = sqlcipher.connect(path)
    connection.execute(key)
    return connection


def main() -> None:
    path = os.path.join(tempfile.mkdtemp(), "encrypted.db")
    connection = keyed(path)
    connection.execute("CREATE TABLE t(x)")
    connection.execute("INSERT INTO t VALUES (42)")
    connection.commit()
    print("cipher_version", connection.execute("PRAGMA cipher_version").fetchone(),
          "sqlite", connection.execute("select sqlite_version()").fetchone())
    connection.close()
    print("reopened with the key:", keyed(path).execute("select x from t").fetchone())
    try:
        keyed(path, "PRAGMA key='wrong'").execute("select x from t").fetchone()
        print("READ WITH A WRONG KEY")
    except sqlcipher.DatabaseError as error:
        print("wrong key refused:", error)
    try:
        sqlite3.connect(path).execute("select x from t").fetchone()
        print("READ BY PLAIN sqlite3")
    except sqlite3.DatabaseError as error:
        print("plain sqlite3 refused:", error)
    with open(path, "rb") as file:
        print("header", file.read(16))
    copy = keyed(path + ".backup")
    keyed(path).backup(copy)
    copy.close()
    with open(path + ".backup", "rb") as file:
        print("backup header", file.read(16), "reads:",
              keyed(path + ".backup").execute("select x from t").fetchone())


if __name__ == "__main__":
    main()
