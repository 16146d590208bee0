"""A session naming a method, time point, direction or step its protocol lacks is refused with a
whole sentence (mutation testing)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from psoas_desktop.domain.model import Measurement, RepBlock, Side
from psoas_desktop.domain.validation import ValidationError, check_session

from .builders import passing_session

TITLE = "'Psoas length and thoracic open-book rotations'"


@pytest.mark.parametrize(("changes", "sentence"), [
    (dict(method="cm"), f"The protocol {TITLE} has no method 'cm'."),
    (dict(measurements=(Measurement("later", Side.LEFT, (1.0,)),)),
     f"The protocol {TITLE} has no time point 'later'."),
    (dict(first_direction="up"), f"The protocol {TITLE} has no direction 'up'."),
    (dict(blocks=(RepBlock("up", 3),)), f"The protocol {TITLE} has no direction 'up'."),
    (dict(completed_step=8), f"The protocol {TITLE} has no step 9."),
    (dict(completed_step=-2), f"The protocol {TITLE} has no step -1."),
])
def test_a_key_the_protocol_lacks_is_refused_in_a_whole_sentence(changes, sentence):
    with pytest.raises(ValidationError) as caught:
        check_session(replace(passing_session(), **changes))
    assert str(caught.value) == sentence


def test_keys_the_protocol_has_pass():
    for step in (-1, 7):
        assert check_session(passing_session(completed_step=step))
    assert check_session(replace(passing_session(), first_direction=None, blocks=()))
