"""Measurements as HL7 FHIR R4 Observations in a Bundle (type collection), with a Patient per
client, as JSON. No FHIR library at run time: plain dictionaries, validated in the tests.

Codes: the category is FHIR's own `exam`; units are UCUM where one fits (cm, deg). What is
measured, the method, the leg and the time point have no code we are sure of in LOINC or SNOMED
CT, so they are text with codes in a local system (LOCAL_SYSTEM), never a guessed standard code.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from ..domain.analysis import analyse
from ..domain.model import Client, Measurement, Session, SessionStatus
from ..domain.protocol import timepoint_words
from ..domain.protocol_def import MethodSpec
from ..domain.soap import felt_words
from .atomic import atomic_file

LOCAL_SYSTEM = "urn:psoas-desktop:fhir:code"
IDENTIFIER_SYSTEM = "urn:psoas-desktop:fhir:observation"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
UCUM = "http://unitsofmeasure.org"
UCUM_UNITS = {"cm": "cm", "°": "deg"}
RESTRICTION = ("supine-hip-extension-restriction",
               "Supine hip extension restriction (psoas length), lower is better")
COMPARISON = ("open-book-direction-comparison",
              "Which open-book direction had more impact (measured verdict)")
FELT = ("client-felt-better", "The client's own answer: which direction felt better")
TIMEPOINT_TEXT = {
    "baseline": "Start, before any rotation",
    "after_first": "After direction A",
    "after_second": "After direction B",
}
_NAMESPACE = uuid.UUID("2f6f7373-0000-4a00-8000-7073736f6173")  # fixed: stable ids per record


def _urn(*parts: object) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, '/'.join(str(p) for p in parts))}"


def _instant(moment: datetime) -> str:
    """FHIR dateTime with a time needs a time zone; naive times are stored as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


def _local(code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": LOCAL_SYSTEM, "code": code, "display": display}],
            "text": display}


def _status(session: Session) -> str:
    return "preliminary" if session.status is SessionStatus.IN_PROGRESS else "final"


def patient(client: Client) -> dict[str, Any]:
    resource: dict[str, Any] = {"resourceType": "Patient", "name": [{"text": client.name}]}
    if client.date_of_birth:
        resource["birthDate"] = client.date_of_birth.isoformat()
    return resource


def _value(spec: MethodSpec, measurement: Measurement) -> dict[str, Any]:
    if spec.unit == "0/1":
        touches = measurement.value == 0
        return {"valueCodeableConcept": _local("touches" if touches else "does-not-touch",
                                               "touches the table" if touches
                                               else "does not touch the table")}
    quantity: dict[str, Any] = {"value": round(measurement.value, 4), "unit": spec.unit}
    if spec.unit in UCUM_UNITS:
        quantity.update(system=UCUM, code=UCUM_UNITS[spec.unit])
    return {"valueQuantity": quantity}


def measurement_observation(client_url: str, client: Client, session: Session,
                            measurement: Measurement) -> dict[str, Any]:
    spec = session.method_spec
    timepoint = str(measurement.timepoint)
    note = TIMEPOINT_TEXT.get(timepoint, session.protocol.timepoint_label(timepoint))
    words = timepoint_words(session, timepoint)
    if session.first_direction and words.startswith("after "):
        note += f" ({words.removeprefix('after ')})"
    if len(measurement.readings) > 1:
        note += f"; mean of {len(measurement.readings)} readings"
    return {
        "resourceType": "Observation",
        "identifier": [{"system": IDENTIFIER_SYSTEM,
                        "value": f"session-{session.id}/{timepoint}/{measurement.side.value}"}],
        "status": _status(session),
        "category": [{"coding": [{"system": CATEGORY_SYSTEM, "code": "exam",
                                  "display": "Exam"}]}],
        "code": _local(*RESTRICTION),
        "subject": {"reference": client_url, "display": client.name},
        "effectiveDateTime": _instant(session.started_at),
        **_value(spec, measurement),
        "bodySite": _local(f"{measurement.side.value}-leg",
                           f"{measurement.side.value.capitalize()} leg"),
        "method": _local(str(session.method), f"{spec.label} ({spec.unit})"),
        "note": [{"text": note}],
    }


def comparison_observation(client_url: str, client: Client, session: Session,
                           sem: float | None) -> dict[str, Any] | None:
    """The verdict and the client's answer, once both re-tests are recorded."""
    if len({(m.timepoint, m.side) for m in session.measurements}) < 2 * len(session.protocol.timepoints):
        return None
    result = analyse(session, sem)
    return {
        "resourceType": "Observation",
        "identifier": [{"system": IDENTIFIER_SYSTEM, "value": f"session-{session.id}/verdict"}],
        "status": _status(session),
        "category": [{"coding": [{"system": CATEGORY_SYSTEM, "code": "exam",
                                  "display": "Exam"}]}],
        "code": _local(*COMPARISON),
        "subject": {"reference": client_url, "display": client.name},
        "effectiveDateTime": _instant(session.started_at),
        "valueString": result.verdict.text,
        "component": [{"code": _local(*FELT), "valueString": felt_words(session)}],
    }


def fhir_bundle(rows: Iterable[tuple[Client, Session]], generated_at: datetime,
                sems: dict[str, float | None] | None = None) -> dict[str, Any]:
    """A collection Bundle: one Patient per client, then an Observation per recorded value and
    one per session comparison. `sems` is today's SEM per method, for sessions finished before
    the SEM was stored with them."""
    sems = sems or {}
    entries: list[dict[str, Any]] = []
    seen: set[int | None] = set()
    for client, session in rows:
        client_url = _urn("client", client.id)
        if client.id not in seen:
            seen.add(client.id)
            entries.append({"fullUrl": client_url, "resource": patient(client)})
        for measurement in session.measurements:
            entries.append({
                "fullUrl": _urn("observation", session.id, str(measurement.timepoint),
                                measurement.side.value),
                "resource": measurement_observation(client_url, client, session, measurement),
            })
        comparison = comparison_observation(client_url, client, session,
                                            sems.get(session.method, session.method_spec.default_sem))
        if comparison is not None:
            entries.append({"fullUrl": _urn("observation", session.id, "verdict"),
                            "resource": comparison})
    return {"resourceType": "Bundle", "type": "collection",
            "timestamp": _instant(generated_at), "entry": entries}


def write_fhir_bundle(rows: Iterable[tuple[Client, Session]], path: str | os.PathLike[str],
                      generated_at: datetime, sems: dict[str, float | None] | None = None
                      ) -> int:
    """Write the Bundle as JSON; returns the number of Observations."""
    bundle = fhir_bundle(rows, generated_at, sems)
    with atomic_file(path) as file:
        json.dump(bundle, file, ensure_ascii=False, indent=2)
        file.write("\n")
    return sum(1 for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation")
