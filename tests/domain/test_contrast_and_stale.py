"""The contrast evaluator's exact numbers and the stale-save sentence (mutation testing)."""

from __future__ import annotations

import math

from psoas_desktop.domain.contrast import ContrastResult, evaluate
from psoas_desktop.domain.ports import StaleSessionError, StorageError
from psoas_desktop.domain.protocol_def import Contrast, parse_protocol_text, seed_protocol

CONTRAST = Contrast((("a", 1.0), ("b", 0.0), ("c", -1.0)))


def test_a_zero_coefficient_needs_no_value_and_does_not_end_the_sum():
    values = {("a", "L"): 5.0, ("c", "L"): 2.0, ("a", "R"): 4.0, ("c", "R"): 4.5}
    found = evaluate(CONTRAST, ("L", "R"), values, {}, 1.0)
    assert found == ContrastResult(2.5, math.sqrt(4.0), 1.0)


def test_a_reading_count_defaults_to_one_and_divides_the_variance():
    values = {("a", "L"): 5.0, ("c", "L"): 2.0}
    assert evaluate(CONTRAST, ("L",), values, {}, None) == ContrastResult(3.0, math.sqrt(2.0), None)
    assert evaluate(CONTRAST, ("L",), values, {("a", "L"): 2, ("c", "L"): 4}, 2.0) == \
        ContrastResult(3.0, math.sqrt(0.75), 2.0)


def test_the_sign_turns_a_rise_into_an_improvement_and_defaults_to_one():
    values = {("a", "L"): 5.0, ("c", "L"): 2.0}
    assert evaluate(CONTRAST, ("L",), values, {}, 1.0).estimate == 3.0
    assert evaluate(CONTRAST, ("L",), values, {}, 1.0, -1).estimate == -3.0


def test_a_missing_value_waits():
    assert evaluate(CONTRAST, ("L",), {("a", "L"): 5.0}, {}, 1.0) is None
    assert evaluate(CONTRAST, ("L", "R"), {("a", "L"): 5.0, ("c", "L"): 2.0}, {}, 1.0) is None


def test_threshold_and_spread_in_numbers():
    found = ContrastResult(3.0, 2.0, 1.5)
    assert found.spread == 3.0 and math.isclose(found.threshold, 1.96 * 3.0)
    assert found.beyond is False and ContrastResult(5.9, 2.0, 1.5).beyond is True
    assert ContrastResult(3.0, 2.0, None).spread is None
    assert ContrastResult(3.0, 2.0, None).beyond is None


def test_a_stale_save_says_so_and_keeps_what_the_record_holds():
    error = StaleSessionError(None)
    assert isinstance(error, StorageError) and error.current is None
    assert str(error) == ("This session was changed in another window, so these entries were not "
                          "saved over it. The screen now shows what it holds.")
    marker = object()
    assert StaleSessionError(marker).current is marker


def test_a_coefficient_by_time_point_is_0_for_one_not_named():
    assert [CONTRAST.coefficient(t) for t in ("a", "b", "c", "d")] == [1.0, 0.0, -1.0, 0.0]
    assert type(CONTRAST.coefficient("d")) is float


def test_a_definition_hashes_as_its_key_version_and_content():
    seed = seed_protocol()
    again = parse_protocol_text(seed.definition_json, "stored")
    assert again is not seed and hash(again) == hash(seed)
    assert hash(seed) == hash((seed.key, seed.version, seed.content_hash))
    assert len({seed, again}) == 1
