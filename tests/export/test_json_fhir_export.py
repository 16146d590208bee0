"""The JSON record of everything held on a client (an access request) and the HL7 FHIR R4
Observations Bundle, validated with fhir.resources."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from psoas_desktop.domain.model import Client, Method, Session, SessionStatus
from psoas_desktop.domain.soap import SoapNote, sign_note
from psoas_desktop.export.fhir_export import LOCAL_SYSTEM, fhir_bundle, write_fhir_bundle
from psoas_desktop.export.json_export import write_client_record_json
from tests.records_seed import finished_session

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
CLIENT = Client("Zoë Ørsted 🌿", id=2, date_of_birth=date(1980, 5, 17), notes="Prefers mornings")


def _session(**changes) -> Session:
    return replace(finished_session(2), id=11, **changes)


def test_the_json_record_holds_everything_about_the_client(tmp_path: Path) -> None:
    """Client details, each session's check-in, readings, reps, safety event, summary, addenda,
    verdict basis and signed SOAP note are in the file, owner-only, names as typed."""
    note = sign_note(SoapNote(11, "S text", "O text", "A text", "P text"), "Maria Keller", NOW)
    out = tmp_path / "record.json"
    count = write_client_record_json([(CLIENT, _session())], {11: note}, out, NOW)
    assert count == 1 and stat.S_IMODE(out.stat().st_mode) == 0o600
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == "psoas-desktop client record"
    [record] = document["clients"]
    assert record["client"] == {"name": "Zoë Ørsted 🌿", "id": 2, "date_of_birth": "1980-05-17",
                                "thigh_length_cm": None, "notes": "Prefers mornings",
                                "archived": False}
    [session] = record["sessions"]
    assert session["check_in"]["pain_locations"] == ["right_hip"]
    assert session["measurements"][0] == {"timepoint": "baseline", "side": "left",
                                          "readings": [3.0], "lower_back_arches": False,
                                          "knee_cannot_straighten": False}
    assert [len(b["reps"]) for b in session["blocks"]] == [3, 1]
    assert session["safety_events"][0]["kind"] == "dizziness"
    assert session["summary"]["home_program"] == "Open-book 3x daily"
    assert (session["first_direction"], session["second_direction"]) == ("right", "left")
    assert session["soap_note"]["signed_by"] == "Maria Keller"
    assert session["soap_note"]["signed_at"] == NOW.isoformat()


def test_a_client_without_sessions_still_has_a_record(tmp_path: Path) -> None:
    """An access request for a client never seen still lists their details."""
    out = tmp_path / "record.json"
    assert write_client_record_json([(CLIENT, None)], {}, out, NOW) == 0
    [record] = json.loads(out.read_text(encoding="utf-8"))["clients"]
    assert record["client"]["name"] == CLIENT.name and record["sessions"] == []


def _validated(bundle: dict):
    from fhir.resources.R4B.bundle import Bundle

    return Bundle.model_validate(bundle)


def test_the_fhir_bundle_validates_and_holds_each_value(tmp_path: Path) -> None:
    """A collection Bundle with the Patient and one Observation per value (UCUM cm, the leg, the
    time point) plus the comparison, validated by fhir.resources; written owner-only."""
    out = tmp_path / "fhir.json"
    assert write_fhir_bundle([(CLIENT, _session())], out, NOW) == 7
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    bundle = _validated(json.loads(out.read_text(encoding="utf-8")))
    assert bundle.type == "collection"
    resources = [e.resource for e in bundle.entry]
    patient = resources[0]
    assert patient.get_resource_type() == "Patient" and patient.name[0].text == CLIENT.name
    values = [r for r in resources[1:] if r.valueQuantity is not None]
    assert len(values) == 6
    first = values[0]
    assert (first.status, first.valueQuantity.value, first.valueQuantity.code,
            str(first.valueQuantity.system)) == ("final", 3.0, "cm", "http://unitsofmeasure.org")
    assert first.bodySite.text == "Left leg" and first.category[0].coding[0].code == "exam"
    assert first.subject.reference == bundle.entry[0].fullUrl
    assert str(first.code.coding[0].system) == LOCAL_SYSTEM
    assert "Start" in first.note[0].text
    comparison = resources[-1]
    assert comparison.valueString.startswith("The two directions were similar")
    assert "rotating to the left felt better" in comparison.component[0].valueString


def test_fhir_for_every_method_and_unfinished_sessions_validates() -> None:
    """Degrees (UCUM deg), fingers (unit text only), touches (a coded value), a session in
    progress (preliminary) and several clients: the whole Bundle still validates."""
    rows = []
    for number, method in enumerate(Method, start=1):
        session = replace(finished_session(number), id=number, method=method,
                          measurements=() if method == Method.TOUCHES else
                          finished_session(number).measurements)
        if method == Method.TOUCHES:
            from psoas_desktop.domain.model import Measurement, Side, Timepoint

            session = replace(session, measurements=(
                Measurement(Timepoint.BASELINE, Side.LEFT, (1.0,)),
                Measurement(Timepoint.BASELINE, Side.RIGHT, (0.0,))))
        rows.append((Client(f"Client {number}", id=number), session))
    rows.append((Client("Running", id=9), replace(finished_session(9), id=99,
                                                   status=SessionStatus.IN_PROGRESS)))
    bundle = _validated(fhir_bundle(rows, NOW))
    observations = [e.resource for e in bundle.entry
                    if e.resource.get_resource_type() == "Observation"]
    codes = {o.valueQuantity.code for o in observations if o.valueQuantity}
    assert codes == {"cm", "deg", None}
    assert {o.valueCodeableConcept.text for o in observations if o.valueCodeableConcept} == {
        "touches the table", "does not touch the table"}
    assert {o.status for o in observations} == {"final", "preliminary"}
