"""Issue 16, cause 5: a variable that a closure, do-block or local function assigns is shared with it
(Julia boxes it, Core.Box): after the closure its type is not the one it had before."""

import pytest

from juliatag.syntax.fatou import find_fatou

from .snippets import first_types

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")

SOURCE = """function with_lambda(v::Vector{Int})
    x = 1
    foreach(i -> (x = x + 0.5), v)
    after_lambda = x
    return after_lambda
end
function with_do(v::Vector{Int})
    y = 1
    foreach(v) do i
        y += 0.5
    end
    after_do = y
    return after_do
end
function with_inner(v::Vector{Int})
    z = 1
    function inner()
        z = "s"
    end
    inner()
    after_inner = z
    return after_inner
end
function untouched(v::Vector{Int})
    w = 1
    foreach(i -> println(w), v)
    after_read = w
    return after_read
end
let
    q = 1
    foreach(i -> (q = q + 0.5), [1, 2])
    after_let = q
end
g = 1
foreach(i -> (g = 2.5), [1, 2])
after_global = g
"""


def test_reassigned_captured_variables_lose_their_type():
    t = first_types(SOURCE)
    for name in ("after_lambda", "after_do", "after_inner", "after_let"):
        assert t[name] not in ("Int64", "String", "Float64"), name


def test_variables_a_closure_only_reads_keep_their_type():
    t = first_types(SOURCE)
    assert t["after_read"] == "Int64"
    # at top level the closure's assignment makes a local of the closure: the global is unchanged
    assert t["after_global"] == "Int64"
