"""Everything held on a client as one JSON document (an access request, SPEC 8.2): the client's
details, every session with its check-in, readings, repetitions, safety events, summary, verdict
basis and addenda, and each session's SOAP note. Plain domain objects in, UTF-8 JSON out."""

from __future__ import annotations

import dataclasses
import enum
import json
import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from itertools import groupby
from typing import Any

from ..domain.model import Client, Session
from ..domain.protocol_def import ProtocolDef
from ..domain.soap import SoapNote
from .atomic import atomic_file

FORMAT = "psoas-desktop client record"
VERSION = 1


def _plain(value: Any) -> Any:
    """Domain values as JSON values: enums by their stored value, times as ISO text, sets sorted,
    a protocol by its key and version."""
    if isinstance(value, ProtocolDef):
        return {"key": value.key, "version": value.version, "title": value.title}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def session_record(session: Session, note: SoapNote | None) -> dict[str, Any]:
    record = _plain(session)
    record["second_direction"] = _plain(session.second_direction)
    record["soap_note"] = None if note is None else _plain(note)
    return record


def client_records(
    rows: Iterable[tuple[Client, Session]] | Iterable[tuple[Client, None]],
    notes: Mapping[int, SoapNote],
) -> list[dict[str, Any]]:
    """(client, session) pairs grouped by client, in the order given (a client with no session
    comes as (client, None))."""
    result = []
    for _client_id, group in groupby(rows, key=lambda pair: pair[0].id):
        pairs = list(group)
        client = pairs[0][0]
        result.append({
            "client": _plain(client),
            "sessions": [session_record(s, notes.get(s.id) if s.id is not None else None)
                         for _c, s in pairs if s is not None],
        })
    return result


def write_client_record_json(
    rows: Iterable[tuple[Client, Session | None]],
    notes: Mapping[int, SoapNote],
    path: str | os.PathLike[str],
    exported_at: datetime,
) -> int:
    """Write the record of every client in `rows` and return how many sessions it holds."""
    clients = client_records(rows, notes)  # type: ignore[arg-type]
    document = {"format": FORMAT, "version": VERSION, "exported_at": exported_at.isoformat(),
                "clients": clients}
    with atomic_file(path) as file:
        json.dump(document, file, ensure_ascii=False, indent=2)
        file.write("\n")
    return sum(len(c["sessions"]) for c in clients)
