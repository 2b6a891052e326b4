"""Type inputs: the id -> (concreteness, depth) table, prompt labels carried onto tokens, and
which generated tokens get n/a inputs."""

import numpy as np

from juliatag.generate.typeinputs import (
    inputs_of_type_id,
    prompt_type_inputs,
    type_id_inputs,
    untyped_by_text,
)
from juliatag.labels import label_source
from juliatag.schema import C_ABSTRACT, C_CONCRETE, C_NA, C_UNKNOWN, DEPTH_NA
from juliatag.syntax import get_parser
from juliatag.types.type_ids import ID_OF, bucket_id


def test_the_table():
    t = type_id_inputs()
    assert t.shape == (1152, 2) and not t.flags.writeable
    assert tuple(t[0]) == (C_NA, DEPTH_NA) and tuple(t[1]) == (C_UNKNOWN, DEPTH_NA)
    assert tuple(t[ID_OF["Float64"]]) == (C_CONCRETE, 4)       # Any > Number > Real > AbstractFloat > Float64
    assert tuple(t[ID_OF["Int64"]]) == (C_CONCRETE, 5)
    assert tuple(t[ID_OF["Any"]]) == (C_ABSTRACT, 0)
    assert tuple(t[ID_OF["Real"]]) == (C_ABSTRACT, 2)
    assert tuple(t[ID_OF["Rational"]]) == (C_CONCRETE, 3)      # a concrete family: its instances
    assert t[ID_OF["AbstractVector"], 0] == C_ABSTRACT
    assert tuple(t[ID_OF["Int128/UInt128"]]) == (C_CONCRETE, 5)  # by its first alternative
    for catch_all in ("<typevar>", "<union>", "<user struct>", "Vector{<concrete>}"):
        assert tuple(t[ID_OF[catch_all]]) == (C_UNKNOWN, DEPTH_NA)
    assert tuple(t[bucket_id("MyType")]) == (C_UNKNOWN, DEPTH_NA)
    assert inputs_of_type_id(ID_OF["String"]) == (ID_OF["String"], C_CONCRETE, 2)


def test_untyped_tokens_by_text():
    for text in (" ", "\n    ", " end", "end", "(", "),", " =", "::", "# note", ",", "function"):
        assert untyped_by_text(text), text
    for text in ("x", " foo", "1.0", "Float64", "+", " sqrt"):
        assert not untyped_by_text(text), text


def test_prompt_tokens_carry_the_labels():
    text = "x::Float64 = 1.5\ny = x + 1\n"
    data = text.encode()
    labels = label_source(data, get_parser("fatou"))
    # hand-cut tokens: "x", "::", "Float", "64", " =", " 1", ".5\n", "y", " = x", " + 1\n"
    cuts = [0, 1, 3, 8, 10, 12, 14, 17, 18, 22, 27]
    out = prompt_type_inputs(data, labels, np.array(cuts[:-1]), np.array(cuts[1:]))
    f64 = (ID_OF["Float64"], C_CONCRETE, 4)
    assert tuple(out[0]) == f64                                 # x
    assert tuple(out[1]) == (0, C_NA, DEPTH_NA)                 # `::`
    assert tuple(out[2]) == f64 and tuple(out[3]) == f64        # Float64, split over two tokens
    assert tuple(out[4]) == (0, C_NA, DEPTH_NA)                 # " =": the first non-trivia lexeme is `=`
    assert tuple(out[5]) == f64 and tuple(out[6]) == f64        # the literal 1.5, over two tokens
    assert out[9][0] == ID_OF["Float64"]                        # " + 1": x + 1 is a Float64
