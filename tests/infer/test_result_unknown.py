"""A method inferred for its result alone ends at its first `return` of an unknown type: the join of
its results is unknown whatever the rest returns (`ResultUnknown`), so the rest is not analysed. One
with a declared return type, and a method analysed to label its body, go on to the end."""

import pytest

from juliatag.infer.definitions import DefinitionCollector
from juliatag.infer.interpreter import Interpreter
from juliatag.syntax.fatou import FatouParser, find_fatou
from juliatag.types.jtypes import INT64, UNKNOWN, show
from juliatag.types.registry import TypeRegistry, base_registry

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")

# one body, three heads: its first `return` is of unknown type (`mystery` is defined nowhere), or of
# a known one; the loop after it calls `helper`
BODY = """
    x > 0 && return {first}
    s = 0
    for i in 1:x
        s += helper(i)
    end
    return s
end
"""
SOURCE = ("function early(x)" + BODY.format(first="mystery(x)") + "function declared(x)::Int"
          + BODY.format(first="mystery(x)") + "function known(x)" + BODY.format(first="1")
          + "helper(i::Int) = i\n").encode()


def _interpreter() -> Interpreter:
    root = FatouParser().parse(SOURCE).root
    defs = DefinitionCollector(SOURCE, TypeRegistry(parent=base_registry())).collect(root)
    return Interpreter(SOURCE, defs)


def test_a_method_inferred_for_its_result_ends_at_a_return_of_unknown_type():
    it = _interpreter()
    [early] = it.defs.methods["early"]
    [declared] = it.defs.methods["declared"]
    [known] = it.defs.methods["known"]
    ended = it.analyze_method(early, [INT64], {}, record=False)
    assert ended.returns is UNKNOWN
    whole = it.analyze_method(declared, [INT64], {}, record=False)
    assert show(whole.returns) == "Int64"        # its declared type: the body is analysed to the end
    to_end = it.analyze_method(known, [INT64], {}, record=False)
    assert show(to_end.returns) == "Int64"
    # the loop after the unknown return was never visited
    assert ended.visits < to_end.visits / 2
    labelled = it.analyze_method(early, [INT64], {}, record=True)   # labelling its body: to the end
    assert labelled.returns is UNKNOWN and labelled.visits >= to_end.visits
