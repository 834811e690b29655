"""The opcode table is defined once in Python; applier.js must carry the same one."""

from __future__ import annotations

import json
import re
from importlib import resources

from wasmui.ops import ARITY, Op


def _js_object(source: str, name: str) -> dict:
    body = re.search(rf"const {name} = Object\.freeze\(\{{(.*?)\}}\);", source, re.S).group(1)
    pairs = re.findall(r"(\w+):\s*(\d+)", body)
    return {key: int(value) for key, value in pairs}


def test_applier_js_uses_the_same_opcodes_and_arities():
    source = resources.files("wasmui").joinpath("js/applier.js").read_text()
    assert _js_object(source, "OP") == {op.name: op.value for op in Op}
    assert _js_object(source, "ARITY") == {str(op.value): ARITY[op] for op in Op}
    for op in Op:  # every opcode has a case in the switch
        assert re.search(rf"case {op.value}:", source), op
    assert json.dumps([Op.SET_TEXT]) == "[9]"  # IntEnum members cross as plain numbers
