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


SCOPED = """function let_rebinds(v::Vector{Float64}, m::Float64)
    let_copy = let m = m
        mapreduce(vi -> vi - m, +, v)
    end
    return let_copy
end
function let_elsewhere(v::Vector{Float64}, m::Float64)
    x = let m = m
        2m
    end
    outer_read = mapreduce(vi -> vi - m, +, v)
    return outer_read
end
function loop_variable(v::Vector{Float64})
    for i in 1:3
        loop_capture = map(x -> x + i, v)
    end
end
function loop_local(v::Vector{Float64})
    for i in 1:3
        k = 2 * i
        loop_local_capture = map(x -> x * k, v)
    end
end
function loop_assigns_outer(v::Vector{Float64})
    k = 1
    for i in 1:3
        k = 2 * i
        outer_capture = map(x -> x * k, v)
    end
end
function twice(v::Vector{Float64})
    s = 1
    s = 2
    twice_capture = map(x -> x * s, v)
end
"""


def test_let_bindings_and_loop_variables_are_variables_of_their_own():
    """`let m = m` binds a new `m`; a `for` loop's variable and the locals its body introduces are new
    each iteration: a closure capturing one does not box it (Julia's lowering)."""
    t = first_types(SCOPED)
    assert t["let_copy"] == "Float64"
    assert t["outer_read"] == "Float64"
    assert t["loop_capture"] == "Vector{Float64}"
    assert t["loop_local_capture"] == "Vector{Float64}"


def test_captured_variables_assigned_again_are_still_boxed():
    t = first_types(SCOPED)
    assert t["outer_capture"] != "Vector{Float64}"
    assert t["twice_capture"] != "Vector{Float64}"
