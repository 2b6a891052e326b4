"""Calls across the files of a package (issue 16): the package's own methods, from a real parse of
the files that define them, inferred for the argument types at hand; Julia's dispatch among them;
labels that depend only on the file and the package, never on what a worker labelled before."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from juliatag.ingest import IngestOptions, ingest
from juliatag.syntax.fatou import find_fatou

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")

FILES = {
    "Project.toml": 'name = "P"\nuuid = "11111111-2222-3333-4444-555555555555"\n',
    "src/P.jl": 'module P\ninclude("a.jl"); include("b.jl")\nend\n',
    "src/a.jl": "struct Box\n    v::Float64\nend\nvalue(b::Box) = b.v\ndouble(x::Int) = 2x\n",
    "src/b.jl": ("function use(b::Box)\n    y = value(b)     # a.jl's method, not Dates.value\n"
                 "    z = double(3)    # defined in a.jl\n    return y + z\nend\nBase.length(b::Box) = 1\n"),
    "test/runtests.jl": "using P\nb = P.Box(1.0)\nu = use(b)\nw = P.value(b)\nn = length(b)\nm = length([1, 2])\n",
}


def _package(root: Path, files: dict) -> Path:
    _write_packages(root, (("P", files),))
    return root / "P"


def _write_packages(corpus: Path, packages) -> None:
    """Write ((package folder name, {relative path: text}), ...) under `corpus`."""
    for name, files in packages:
        for rel, text in files.items():
            f = corpus / name / rel
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(text)


def _labels(out: Path) -> dict:
    """path -> {first lexeme text at each start: its type}"""
    import pyarrow.ipc as ipc
    got = {}
    for f in sorted((out / "lexemes").glob("*.arrow")):
        with open(f, "rb") as fh:
            table = ipc.open_stream(fh).read_all() if f.stat().st_size else None
        for row in table.to_pylist():
            data = row["text"].encode()
            types = {}
            for s, e, t in zip(row["lex_start"], row["lex_end"], row["lex_type"], strict=True):
                types.setdefault(data[s:e].decode(), t)
            got[row["path"].split("/", 1)[1]] = types
    return got


def _ingest(src: Path, out: Path, jobs: int = 1) -> dict:
    # two files per task: with two jobs, two workers share the package's files
    ingest([str(src)], out, IngestOptions(jobs=jobs, task_files=2))
    return _labels(out)


def test_the_four_file_example(tmp_path):
    got = _ingest(_package(tmp_path, FILES), tmp_path / "out")
    b = got["src/b.jl"]
    assert (b["y"], b["z"], b["+"], b["use"]) == ("Float64", "Int64", "Float64", "Float64")
    t = got["test/runtests.jl"]
    assert t["b"] == "Box"
    assert t["u"] == "Float64"          # use(b): b.jl's method, through a.jl's
    assert t["w"] == "Float64"          # P.value(b): the package's value, qualified
    assert t["n"] == "Int64"            # Base.length extended for Box in b.jl
    assert t["m"] == "Int64"            # Base's length where no package method applies


def test_most_specific_method_and_no_default_beside_an_inner_constructor(tmp_path):
    files = {
        "Project.toml": 'name = "Q"\n',
        "src/Q.jl": 'module Q\ninclude("defs.jl")\nend\n',
        "src/defs.jl": (
            "abstract type Shape end\nstruct Sq <: Shape\n    s::Float64\nend\n"
            "area(x::Shape) = 0\narea(x::Sq) = x.s * x.s\n"
            "label(xs...) = 1.0\nlabel() = \"none\"\n"
            "struct Wrap\n    x::Int\n    Wrap(x::Int) = new(x)\nend\n"),
        "test/t.jl": ("a = area(Sq(2.0))\nl0 = label()\nl1 = label(1)\n"
                      "w = Wrap(1)\nbad = Wrap(1, 2)\n"),
    }
    got = _ingest(_package(tmp_path, files), tmp_path / "out")
    t = got["test/t.jl"]
    assert t["a"] == "Float64"          # area(::Sq) is more specific than area(::Shape)
    assert t["l0"] == "String"          # label() beats label(xs...)
    assert t["l1"] == "Float64"
    assert t["w"] == "Wrap"
    assert t["bad"] is None             # no default constructor beside the inner one: unknown


def test_parametric_constructors_traits_and_varargs(tmp_path):
    """`T{P}(x)` binds the method's `where` variables from P; `new{T}` is the struct with those
    parameters; Base's `eltype(x) = eltype(typeof(x))` reaches the package's `eltype(::Type{...})`;
    `T(x)` of a bound static parameter constructs T; `ps::Pair{K,V}...` binds K and V and beats an
    untyped method; a method that may apply and is more specific keeps the call unknown."""
    files = {
        "Project.toml": 'name = "G"\n',
        "src/G.jl": 'module G\ninclude("graph.jl"); include("api.jl")\nend\n',
        "src/graph.jl": (
            "abstract type AbstractG{T<:Integer} end\n"
            "mutable struct SG{T<:Integer} <: AbstractG{T}\n    ne::Int\n    adj::Vector{Vector{T}}\n"
            "    function SG{T}(ne::Int, adj::Vector{Vector{T}}) where {T}\n        return new{T}(ne, adj)\n    end\nend\n"
            "function SG{T}(n::Integer=0) where {T<:Integer}\n    adj = [Vector{T}() for _ in one(T):n]\n"
            "    return SG{T}(0, adj)\nend\nSG(n::T) where {T<:Integer} = SG{T}(n)\nSG() = SG{Int}()\n"),
        "src/api.jl": (
            "Base.eltype(::Type{<:AbstractG{T}}) where {T} = T\n"
            "nv(g::AbstractG{T}) where {T} = T(length(g.adj))\n"
            "struct MD{K,V}\n    d::Dict{K,Vector{V}}\nend\n"
            "MD(kvs) = MD{Any,Any}(Dict{Any,Vector{Any}}())\n"
            "MD(ps::Pair{K,V}...) where {K,V} = MD{K,V}(Dict{K,Vector{V}}())\n"
            "pick(x, t) = 1\npick(x, ::Type{Int}) = \"int\"\n"
            "pair(a::Real, b::Real) = 1\npair(a::T, b::T) where {T<:Real} = 2.0\n"),
        "test/t.jl": ("using G\ng = SG(3)\ne = SG()\nu = SG{UInt8}(2)\nt = eltype(g)\nn = nv(u)\n"
                      "m = MD(1 => 2.0)\nq = pair(1, 2)\nfunction f(x, y)\n    p = pick(x, y)\n    return p\nend\n"),
    }
    got = _ingest(_package(tmp_path, files), tmp_path / "out")
    t = got["test/t.jl"]
    assert (t["g"], t["e"], t["u"]) == ("SG{Int64}", "SG{Int64}", "SG{UInt8}")
    assert t["t"] == "Type{Int64}"
    assert t["n"] == "UInt8"
    assert t["m"] == "MD{Int64, Float64}"
    assert t["q"] == "Float64"          # (a::T, b::T) where T is more specific than (::Real, ::Real)
    assert t["p"] is None               # y may be Type{Int}: pick(x, ::Type{Int}) may be the one called


def test_parameters_computed_at_the_call_and_bare_parametric_names(tmp_path):
    """`T{eltype(A), typeof(A)}(A)` evaluates its parameters; a bare `UH` in a signature is
    `UH{<:Any, <:AbstractMatrix}` (the declaration's own `T` does not capture the method's `T`);
    a generator's eltype is Any."""
    files = {
        "Project.toml": 'name = "H"\n',
        "src/H.jl": 'module H\ninclude("uh.jl")\nend\n',
        "src/uh.jl": (
            "struct UH{T,S<:AbstractMatrix{T}} <: AbstractMatrix{T}\n    data::S\n"
            "    function UH{T,S}(data) where {T,S<:AbstractMatrix{T}}\n        new{T,S}(data)\n    end\nend\n"
            "UH(A::AbstractMatrix) = UH{eltype(A),typeof(A)}(A)\n"
            "Base.similar(H::UH, ::Type{T}) where {T} = UH(similar(H.data, T))\n"
            "counts(x) = Dict{eltype(x),Int}()\n"),
        "test/t.jl": ("using H\nh = UH([1.0 2.0; 3.0 4.0])\ns = similar(h, Int)\n"
                      "c = counts(i for i in [\"a\"])\nd = counts([\"a\"])\n"),
    }
    got = _ingest(_package(tmp_path, files), tmp_path / "out")
    t = got["test/t.jl"]
    assert t["h"] == "UH{Float64, Matrix{Float64}}"
    assert t["s"] == "UH{Int64, Matrix{Int64}}"
    assert t["c"] == "Dict{Any, Int64}"
    assert t["d"] == "Dict{String, Int64}"


def test_operators_reach_the_package_methods_in_any_file(tmp_path):
    """`a + b`, `a == b`, `x ∈ d` and `-a` call the package's methods of the operator (defined as
    `Base.:+`, `function Base.:(==)`, `Base.:∈` in another file) where they apply; Base's rules
    answer where none does."""
    files = {
        "Project.toml": 'name = "S"\n',
        "src/S.jl": 'module S\ninclude("sym.jl")\nend\n',
        "src/sym.jl": (
            "struct Sym\n    name::Symbol\nend\nstruct Eq\n    l::Sym\n    r::Sym\nend\nstruct Dom end\n"
            "Base.:+(a::Sym, b::Sym) = Sym(:plus)\nfunction Base.:(==)(a::Sym, b::Sym)\n    return Eq(a, b)\nend\n"
            "Base.:∈(a::Sym, d::Dom) = Eq(a, a)\nBase.:-(a::Sym) = Sym(:neg)\n"),
        "test/t.jl": ("using S\nx = Sym(:x)\ny = Sym(:y)\np = x + y\ne = x == y\nd = x ∈ Dom()\nn = -x\n"
                      "i = 1 + 2\nb = 1 == 2\nc = 1 < 2 <= 3\n"),
    }
    got = _ingest(_package(tmp_path, files), tmp_path / "out")
    t = got["test/t.jl"]
    assert (t["p"], t["e"], t["d"], t["n"]) == ("Sym", "Eq", "Eq", "Sym")
    assert (t["i"], t["b"], t["c"]) == ("Int64", "Bool", "Bool")


def test_a_base_extension_that_may_apply_leaves_the_call_unknown(tmp_path):
    files = {
        "Project.toml": 'name = "R"\n',
        "src/R.jl": 'module R\ninclude("g.jl")\nend\n',
        "src/g.jl": "struct G end\nBase.eltype(::Type{G}) = UnitRange{Int}\n",
        "test/t.jl": "function f(s)\n    e = eltype(s)\n    return e\nend\nk = eltype([1.0])\n",
    }
    got = _ingest(_package(tmp_path, files), tmp_path / "out")
    t = got["test/t.jl"]
    assert t["e"] != "Type{UnitRange{Int64}}"   # s may be anything: Base's eltype may be the one called
    assert t["k"] == "Type{Float64}"


def test_an_abstract_type_the_callee_declares_labels_the_call_in_another_file(tmp_path):
    """A result of another file's method that is a datatype naming none of the callee's variables
    (a field declared `AbstractVector`, a rule's `SubArray{T}` of an array not known) is what the
    call surely gives: it labels the call. A union of such results does not."""
    files = {
        "Project.toml": 'name = "Q"\n',
        "src/Q.jl": 'module Q\ninclude("t.jl")\nend\n',
        "src/t.jl": ("struct Tab\n    cols::Vector{AbstractVector}\nend\n"
                     "column(t::Tab, i::Int) = t.cols[i]\n"
                     "colview(t::Tab, i::Int, r) = view(t.cols[i], r)\n"
                     "either(t::Tab, i::Int) = i > 1 ? t.cols[i] : 1.5\n"
                     "wrap(x::T) where {T} = Ref{T}(x)\n"),
        "test/t.jl": ("using Q\nt = Tab(AbstractVector[[1, 2]])\nc = column(t, 1)\nv = colview(t, 1, 1:2)\n"
                      "e = either(t, 1)\nw = wrap(t)\n"),
    }
    got = _ingest(_package(tmp_path, files), tmp_path / "out")
    t = got["test/t.jl"]
    assert (t["c"], t["v"]) == ("AbstractVector", "SubArray")
    assert t["e"] is None                       # Union{Float64, AbstractVector}: not a bound to label with
    assert t["w"] == "Base.RefValue{Tab}"


def test_methods_that_forward_to_one_call_take_a_smaller_step_of_call_depth(tmp_path):
    """Julia's layers of indirection (`mul(A, B) = _mul(A, B)`) take FORWARD_STEP of call depth:
    a chain of eight reaches the method that computes the value; eight methods that do more than
    forward are past the call-depth limit. A call that leaves positional defaults forwards too. `T{typeof(w.f)}(...)` reads the field's type."""
    files = {
        "Project.toml": 'name = "F"\n',
        "src/F.jl": 'module F\ninclude("f.jl")\nend\n',
        "src/f.jl": ("a1(x) = a2(x)\na2(x) = a3(x)\na3(x) = a4(x)\na4(x) = a5(x)\na5(x) = a6(x)\na6(x) = a7(x)\na7(x) = a8(x)\na8(x) = a9(x)\na9(x) = x + 1.5\n"
                     "function b1(x)\n    y = x\n    return b2(y)\nend\nfunction b2(x)\n    y = x\n    return b3(y)\nend\nfunction b3(x)\n    y = x\n    return b4(y)\nend\nfunction b4(x)\n    y = x\n    return b5(y)\nend\nfunction b5(x)\n    y = x\n    return b6(y)\nend\nfunction b6(x)\n    y = x\n    return b7(y)\nend\nfunction b7(x)\n    y = x\n    return b8(y)\nend\nfunction b8(x)\n    y = x\n    return b9(y)\nend\nb9(x) = x + 1.5\n"
                     "p1(x, k=1) = (p2(x))\np2(x) = (p3(x))\np3(x) = (p4(x))\np4(x) = (p5(x))\np5(x) = (p6(x))\n"
                     "p6(x) = x + 1.5\n"
                     "struct W{T}\n    f::T\nend\nstruct Tag{T}\n    n::Int\nend\n"
                     "tag(w::W) = Tag{typeof(w.f)}(1)\n"),
        "test/t.jl": "using F\nr = a1(1)\ns = b1(1)\nh = tag(W(2.5))\np = p1(1)\n",
    }
    got = _ingest(_package(tmp_path, files), tmp_path / "out")
    t = got["test/t.jl"]
    assert (t["r"], t["s"], t["h"]) == ("Float64", None, "Tag{Float64}")
    assert t["p"] == "Float64"   # p1(1) is Julia's p1(x) = p1(x, 1): a forwarding step, then five calls

def test_labels_do_not_depend_on_jobs_order_or_hash_seed(tmp_path):
    """Workers keep what they inferred for other files; the labels must not show it."""
    files = dict(FILES)
    files["src/c.jl"] = ("count_down(n::Int) = n <= 0 ? 0 : count_down(n - 1)\n"
                         "ping(x) = pong(x)\npong(x::Int) = x > 0 ? ping(x - 1) : 1.0\n"
                         "twice(f, x) = f(f(x))\nmk() = y -> y + 1\n")
    files["test/a_first.jl"] = "p = ping(3)\nc = count_down(3)\nt = twice(x -> x * 2, 3)\nk = mk()\n"
    files["test/z_last.jl"] = "c = count_down(5)\np = pong(2)\nq = ping(1)\n"
    src = _package(tmp_path, files)
    one = _ingest(src, tmp_path / "one", jobs=1)
    two = _ingest(src, tmp_path / "two", jobs=2)
    assert one == two
    # one worker labelling the files in the other order, with another hash seed
    forward = _label_in_order(src, ["test/a_first.jl", "test/z_last.jl", "src/c.jl"], "1")
    backward = _label_in_order(src, ["src/c.jl", "test/z_last.jl", "test/a_first.jl"], "987")
    assert forward == backward
    assert forward["test/z_last.jl"]["c"] == "Int64"


def test_labels_do_not_depend_on_which_files_the_worker_kept_live_or_packed(tmp_path):
    """A file that left the live trees comes back packed (with what its interpreter kept) or
    parsed again: the labels are the same either way."""
    files = dict(FILES)
    files["src/c.jl"] = ("count_down(n::Int) = n <= 0 ? 0 : count_down(n - 1)\n"
                         "ping(x) = pong(x)\npong(x::Int) = x > 0 ? ping(x - 1) : 1.0\n")
    files["test/t.jl"] = "p = ping(3)\nc = count_down(3)\nu = use(P.Box(1.0))\n"
    src = _package(tmp_path, files)
    order = ["test/t.jl", "src/b.jl", "test/runtests.jl", "src/a.jl", "test/t.jl", "src/c.jl"]
    roomy = _label_in_order(src, order, "1")
    packed = _label_in_order(src, order, "1", budgets="1,1000000000")
    dropped = _label_in_order(src, order, "1", budgets="1,1")
    assert roomy == packed == dropped
    assert roomy["test/t.jl"]["u"] == "Float64" and roomy["test/t.jl"]["c"] == "Int64"


ORDER_SCRIPT = """
import json, os, sys
from pathlib import Path
import juliatag.infer.program as program
from juliatag.ingest import IngestOptions
if os.environ.get("BUDGETS"):  # live, packed bytes of parsed sources a worker keeps
    program.PROGRAM_CACHE_BYTES, program.PROGRAM_PACKED_BYTES = map(int, os.environ["BUDGETS"].split(","))
from juliatag.truth.context import label_text, load_package
root = Path(sys.argv[1])
options = IngestOptions()
ctx = load_package(root, options)
out = {}
for rel in sys.argv[2:]:
    data = (root / rel).read_bytes()
    lab = label_text(ctx, rel, data, options)
    types = {}
    for s, t in zip(lab.starts, lab.types):
        end = s
        while end < len(data) and (data[end:end + 1].isalnum() or data[end:end + 1] == b"_"):
            end += 1
        types.setdefault(data[s:max(end, s + 1)].decode(), t)
    out[rel] = types
print(json.dumps(out, sort_keys=True))
"""


def _label_in_order(src: Path, rels: list, seed: str, budgets: str = "") -> dict:
    env = {**os.environ, "PYTHONHASHSEED": seed, "BUDGETS": budgets}
    done = subprocess.run([sys.executable, "-c", ORDER_SCRIPT, str(src), *rels], check=True, env=env,
                          capture_output=True, text=True)
    return json.loads(done.stdout)


def _headers_cycle(tmp_path, chains: str, deep: str, t: str) -> tuple[dict, dict]:
    """HTTP's `Headers()` → `Headers(v)` → `mkheaders(v)` → `Headers()` cycle in src/c.jl, with the
    call chains `chains` reaching it; test/t.jl (`t`) labelled alone, and after test/deep.jl (`deep`)
    in the same worker."""
    files = dict(FILES)
    files["src/c.jl"] = ("struct Hs\n    v::Vector{Int}\nend\n"
                         "H() = H(Int[])\nH(v::Vector{Int}) = mk(v)\nmk(v) = isempty(v) ? H() : Hs(v)\n" + chains)
    files["test/deep.jl"] = deep
    files["test/t.jl"] = t
    src = _package(tmp_path, files)
    return _label_in_order(src, ["test/t.jl"], "1"), _label_in_order(src, ["test/deep.jl", "test/t.jl"], "1")


def test_a_result_kept_at_the_depth_limit_is_not_reused_inside_the_recursion_it_missed(tmp_path):
    """(HTTP's `Headers()` → `Headers(v)` → `mkheaders(v)` → `Headers()`.) deep.jl first reaches `mk`
    at the call-depth limit, where `H()` is not in progress and is cut off; then `H()` itself, at a
    depth where computing `mk` afresh meets `H()`'s recursion instead. What the worker keeps from
    deep.jl must not change t.jl's labels."""
    # (a call in parentheses is more than forwarding: CALL_STEP; `b1() = b2()` and
    # `H(v) = mk(v)` forward: FORWARD_STEP) mk at depth 10 either way
    alone, after = _headers_cycle(tmp_path, "a1() = (a2())\na2() = (a3())\na3() = (a4())\na4() = (a5())\n"
                                  "a5() = mk([1])\nb1() = b2()\nb2() = (b3())\nb3() = (b4())\nb4() = (H())\n",
                                  "z = a1()\nw = b1()\n", "r = b1()\n")
    assert alone["test/t.jl"] == after["test/t.jl"]
    assert alone["test/t.jl"]["r"] == "Hs"


def test_a_tainted_result_of_this_file_comes_before_one_kept_at_the_depth_limit(tmp_path):
    """(HTTP again.) deep.jl keeps `H()` cut off by the call-depth limit at depth 9. In t.jl, `c1()`
    first meets `H()` at depth 9 inside `H(v)`'s recursion, and keeps its tainted result for the
    file; `e1()` then reaches `H()` at depth 9 again. A worker that never saw deep.jl uses the
    tainted result there, so one that did must not reuse what it kept from deep.jl."""
    # H() at depth 9 both ways (a call in parentheses is more than forwarding: CALL_STEP;
    # `e1() = e2()` and `H(v) = mk(v)` forward: FORWARD_STEP)
    alone, after = _headers_cycle(tmp_path, "e1() = e2()\ne2() = (e3())\ne3() = (e4())\ne4() = (e5())\n"
                                  "e5() = (H(); 1)\nc1() = (c2())\nc2() = (c3())\nc3() = H([1])\n",
                                  "z = e1()\n", "r = c1()\ns = e1()\n")
    assert after["test/deep.jl"]["z"] == "Int64"   # H() cut off: unknown, e4 goes on
    assert alone["test/t.jl"] == after["test/t.jl"]
    assert alone["test/t.jl"]["r"] == "Hs"
    assert alone["test/t.jl"]["s"] is None          # H() "never returns" in the tainted result


def test_a_package_sees_the_api_of_a_package_it_uses_in_the_same_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    a = {
        "Project.toml": 'name = "A"\n',
        "src/A.jl": 'module A\nexport Pt, norm2\ninclude("pt.jl")\nend\n',
        "src/pt.jl": ("struct Pt\n    x::Float64\nend\nnorm2(p::Pt) = p.x * p.x\nhidden(p::Pt) = 1\n"
                      "Base.length(p::Pt) = 1.0\nBase.:+(p::Pt, q::Pt) = Pt(p.x + q.x)\n"),
    }
    b = {
        "Project.toml": 'name = "B"\n[deps]\nA = "11111111-2222-3333-4444-555555555555"\n',
        "src/B.jl": 'module B\nusing A\ninclude("use.jl")\nend\n',
        "src/use.jl": "twice(p::Pt) = 2 * norm2(p)\nh(p::Pt) = A.hidden(p)\n",
        "test/t.jl": ("using B, A\nt = twice(Pt(3.0))\nq = A.norm2(A.Pt(1.0))\nn = norm2(Pt(2.0))\n"
                      "l = length(Pt(1.0))\ns = Pt(1.0) + Pt(2.0)\nm = length([1])\n"),
    }
    _write_packages(corpus, (("A", a), ("B", b)))
    one = _ingest(corpus, tmp_path / "one", jobs=1)
    two = _ingest(corpus, tmp_path / "two", jobs=2)
    assert one == two
    use, t = one["B/src/use.jl"], one["B/test/t.jl"]
    assert use["twice"] == "Float64"     # A's exported norm2, inferred in A
    assert use["h"] == "Int64"           # A.hidden: not exported, reached qualified
    assert (t["t"], t["q"], t["n"]) == ("Float64", "Float64", "Float64")
    # the methods A adds to Base's functions, not exported but reached from B as from anywhere
    assert (t["l"], t["s"], t["m"]) == ("Float64", "Pt", "Int64")


def test_a_function_a_package_extends_reaches_the_methods_of_the_package_it_comes_from(tmp_path):
    """StatsBase's `import Statistics: cor` and its own `cor(ce::CovarianceEstimator, x, y)`: a call
    of `cor` in StatsBase reaches Statistics' methods of it too (here, corpus packages A and B)."""
    corpus = tmp_path / "corpus"
    a = {"Project.toml": 'name = "A"\n',
         "src/A.jl": "module A\nexport score\nscore(x::Vector{Float64}) = sum(x) / 2\nend\n"}
    b = {"Project.toml": 'name = "B"\n[deps]\nA = "11111111-2222-3333-4444-555555555555"\n',
         "src/B.jl": ("module B\nusing A\nimport A: score\nstruct W\n    v::Vector{Float64}\nend\n"
                      "score(w::W) = score(w.v)\nboth(x::Vector{Float64}) = score(x)\nend\n"),
         "test/t.jl": "using B, A\ns = score([1.0, 2.0])\nw = score(B.W([1.0]))\n"}
    _write_packages(corpus, (("A", a), ("B", b)))
    got = _ingest(corpus, tmp_path / "out")
    assert got["B/src/B.jl"]["both"] == "Float64"
    assert (got["B/test/t.jl"]["s"], got["B/test/t.jl"]["w"]) == ("Float64", "Float64")


def test_a_call_qualified_by_a_package_used_reaches_its_function_whatever_this_package_names_so(tmp_path):
    """Distributions defines `zval(::Cauchy, x)` and calls `StatsFuns.zval(μ, σ, x)`: the qualified
    call is StatsFuns' function, not Distributions' (which no method of would fit), plus the methods
    the package adds to StatsFuns' function."""
    corpus = tmp_path / "corpus"
    a = {
        "Project.toml": 'name = "A"\n',
        "src/A.jl": "module A\nzval(m::Real, s::Real, x::Number) = (x - m) / s\nscale(x) = 1\nend\n",
    }
    b = {
        "Project.toml": 'name = "B"\n[deps]\nA = "11111111-2222-3333-4444-555555555555"\n',
        "src/B.jl": 'module B\nusing A\ninclude("own.jl")\ninclude("use.jl")\nend\n',
        "src/own.jl": "struct W end\nzval(w::W, x::Real) = 1\nscale(x) = \"own\"\nA.scale(w::W) = 2.5\n",
        "src/use.jl": "f(x::Float64) = A.zval(0.0, 1.0, x)\ng(w::W) = A.scale(w)\nh(x::Int) = A.scale(x)\n",
        "test/t.jl": ("using B, A\nz = A.zval(0.0, 1.0, 2.0)\nu = B.f(1.0)\nmine = B.zval(B.W(), 1.0)\n"
                      "s = A.scale(B.W())\nk = B.g(B.W())\nj = B.h(1)\n"),
    }
    _write_packages(corpus, (("A", a), ("B", b)))
    t = _ingest(corpus, tmp_path / "one", jobs=1)["B/test/t.jl"]
    assert (t["z"], t["u"], t["mine"]) == ("Float64", "Float64", "Int64")
    # B's method of A's scale is reached qualified; A's own where it applies, never B's own scale
    assert (t["s"], t["k"], t["j"]) == ("Float64", "Float64", "Int64")


def test_a_used_package_s_qualified_name_is_a_function_only_where_it_has_methods(tmp_path):
    """`StatsFuns.invsqrt2π` is a constant StatsFuns takes from another package: with StatsFuns in the
    corpus, whose files give it no method, it is not known (never `typeof(invsqrt2π)`); its function
    `A.half` is one, reached from a package whose own files define nothing."""
    corpus = tmp_path / "corpus"
    a = {"Project.toml": 'name = "A"\n',
         "src/A.jl": "module A\nusing Other: invsqrt2π\nexport invsqrt2π\nconst c = 1.5\nhalf(x) = x / 2\nend\n"}
    b = {"Project.toml": 'name = "B"\n[deps]\nA = "11111111-2222-3333-4444-555555555555"\n',
         "src/B.jl": "module B\nusing A\nend\n",
         "test/t.jl": "using B, A\nc = A.invsqrt2π\nh = A.half\nn = A.half(1.0)\n"}
    _write_packages(corpus, (("A", a), ("B", b)))
    t = _ingest(corpus, tmp_path / "out")["B/test/t.jl"]
    assert (t["c"], t["invsqrt2π"]) == (None, None)
    assert t["h"] == t["half"] == "typeof(half)"
    # B's own files define nothing: it still reaches the package it uses
    assert t["n"] == "Float64"


def test_a_standard_library_in_the_corpus_is_reached_through_its_bundled_summary(tmp_path):
    """Julia loads the standard library it ships, whose API the generated summary gives, not the copy
    a corpus holds: a dependent's calls do not reach into the copy (a package of another name is
    analysed as any dependency is), and the copy is labelled as a package of its own."""
    corpus = tmp_path / "corpus"
    for lib in ("Statistics", "Stats2"):
        files = {
            "Project.toml": f'name = "{lib}"\n',
            f"src/{lib}.jl": f"module {lib}\nexport only_here\nonly_here(x::Vector{{Float64}}) = 1.5\nend\n",
            "test/t.jl": f"using {lib}\nown = only_here([1.0])\n",
        }
        user = {
            "Project.toml": f'name = "Use{lib}"\n[deps]\n{lib} = "11111111-2222-3333-4444-555555555555"\n',
            f"src/Use{lib}.jl": f"module Use{lib}\nusing {lib}\nf(v::Vector{{Float64}}) = only_here(v)\n"
                                f"g(v::Vector{{Float64}}) = mean(v)\nend\n",
        }
        _write_packages(corpus, ((lib, files), (f"Use{lib}", user)))
    got = _ingest(corpus, tmp_path / "out")
    assert got["UseStats2/src/UseStats2.jl"]["f"] == "Float64"      # an ordinary dependency, analysed
    assert got["UseStatistics/src/UseStatistics.jl"]["f"] is None   # not in Julia's Statistics
    assert got["UseStatistics/src/UseStatistics.jl"]["g"] == "Float64"   # the tables' `mean`
    assert got["Statistics/test/t.jl"]["own"] == "Float64"          # the copy, as its own package


def test_a_standard_library_s_types_in_the_corpus_are_the_ones_julia_ships(tmp_path):
    """The corpus's copy of LinearAlgebra declares `Hermitian` too: a dependent's `Hermitian(m)` is
    still the shipped type, which the bundled summary's rules construct, not a type of a package
    whose methods it does not reach."""
    corpus = tmp_path / "corpus"
    lib = {"Project.toml": 'name = "LinearAlgebra"\n',
           "src/LinearAlgebra.jl": ("module LinearAlgebra\nexport Hermitian\n"
                                    "struct Hermitian{T,S<:AbstractMatrix{<:T}} <: AbstractMatrix{T}\n"
                                    "    data::S\n    uplo::Char\nend\n"
                                    "Hermitian(A::AbstractMatrix, uplo::Symbol=:U) = Hermitian{eltype(A),typeof(A)}(A, 'U')\n"
                                    "end\n")}
    user = {"Project.toml": 'name = "UseLA"\n[deps]\nLinearAlgebra = "11111111-2222-3333-4444-555555555555"\n',
            "src/UseLA.jl": "module UseLA\nusing LinearAlgebra\nh(m::Matrix{Float64}) = Hermitian(m)\nend\n"}
    _write_packages(corpus, (("LinearAlgebra", lib), ("UseLA", user)))
    got = _ingest(corpus, tmp_path / "out")
    assert got["UseLA/src/UseLA.jl"]["h"] == "Hermitian{Float64, Matrix{Float64}}"


def test_test_files_see_the_helpers_other_test_files_define(tmp_path):
    """Julia's test scripts `include` each other into one module: a helper defined in runtests.jl is
    called from the test files it includes. The package's own sources never see test helpers; a
    test file that defines a helper of the same name uses its own, and a helper several test files
    define is unknown elsewhere (which one runs depends on the include order)."""
    files = {
        "Project.toml": 'name = "T"\n',
        "src/T.jl": 'module T\ninclude("box.jl")\nend\n',
        "src/box.jl": "struct Box\n    v::Float64\nend\nvalue(b::Box) = b.v\nsrc_uses() = mkbox()\n",
        "test/runtests.jl": ("using T\nmkbox() = T.Box(1.0)\nboxes(n::Int) = [mkbox() for _ in 1:n]\n"
                             "mkpair() = (1, 2)\ninclude(\"boxes.jl\")\ninclude(\"own.jl\")\n"),
        "test/boxes.jl": "b = mkbox()\nv = value(mkbox())\nbs = boxes(3)\np = mkpair()\n",
        "test/own.jl": "mkpair() = 2\nc = mkpair()\n",
    }
    got = _ingest(_package(tmp_path, files), tmp_path / "out")
    t = got["test/boxes.jl"]
    assert (t["b"], t["v"], t["bs"]) == ("Box", "Float64", "Vector{Box}")
    assert t["p"] is None                           # two test files define mkpair()
    assert got["test/own.jl"]["c"] == "Int64"       # its own mkpair
    assert got["src/box.jl"]["src_uses"] is None    # a test helper is not the package's


def test_a_function_named_by_another_name_is_called_by_it(tmp_path):
    """`testdigraphs = testgraphs` at a test file's top level binds the name to the helper: the other
    test files' calls of it are calls of the helper. A name assigned twice is left unknown (which
    value it holds depends on the order the files run in), and so is one bound to a non-function."""
    files = {
        "Project.toml": 'name = "T"\n',
        "src/T.jl": 'module T\ninclude("box.jl")\nend\n',
        "src/box.jl": ("struct Box\n    v::Float64\nend\nmkbox() = Box(1.0)\nconst newbox = mkbox\n"),
        "test/runtests.jl": ("using T\nboxes(n::Int) = [T.Box(1.0) for _ in 1:n]\nallboxes = boxes\n"
                             "twice = boxes\ntwice = length\nnumber = 3\ninclude(\"use.jl\")\n"),
        "test/use.jl": "bs = allboxes(2)\ntw = twice(2)\nb = T.newbox()\n",
    }
    got = _ingest(_package(tmp_path, files), tmp_path / "out")
    t = got["test/use.jl"]
    assert t["bs"] == "Vector{Box}"    # allboxes is boxes
    assert t["tw"] is None             # twice is assigned twice
    assert t["b"] == "Box"             # a source's `const newbox = mkbox`


def test_a_method_of_an_imported_function_is_reached_by_the_qualified_call(tmp_path):
    """`import Statistics: mean` then `mean(b::Box) = ...` adds a method to Statistics' `mean`:
    `Statistics.mean(b)` in another file of the package reaches it, as `mean(b)` does; so does
    `Base.length(b)` for `import Base: length` and `length(b::Box) = ...`."""
    files = {
        "Project.toml": 'name = "T"\n',
        "src/T.jl": 'module T\nusing Statistics\nimport Statistics: mean\nimport Base: length\n'
                    'include("box.jl")\ninclude("use.jl")\nend\n',
        "src/box.jl": "struct Box\n    v::Float64\nend\nmean(b::Box) = 1\nlength(b::Box) = 0x01\n",
        "src/use.jl": "q(b::Box) = Statistics.mean(b)\nu(b::Box) = mean(b)\nl(b::Box) = Base.length(b)\n",
    }
    got = _ingest(_package(tmp_path, files), tmp_path / "out")
    t = got["src/use.jl"]
    assert (t["q"], t["u"], t["l"]) == ("Int64", "Int64", "UInt8")


def test_a_fallback_that_only_throws_adds_nothing_to_a_call_that_may_reach_it(tmp_path):
    """Distributions' `suffstats(::Type{D}, xs...) = error(...)` beside `suffstats(::Type{<:Geo},
    x::AbstractArray{T}) where T<:Integer`: with `x` not known either may be called, and the
    fallback always throws, so the call has the other's type. A method that merely was inferred to
    throw (its body does not say so) still leaves the call unknown, and so does the fallback where
    it is the one method that applies: a method the package's files do not show (a test file's) may
    be the one called, so the code after the call is still labelled."""
    files = {
        "Project.toml": 'name = "D"\n',
        "src/D.jl": 'module D\ninclude("fit.jl")\ninclude("geo.jl")\nend\n',
        "src/fit.jl": (
            "abstract type Distribution end\n"
            "function suffstats(dt::Type{D}, xs...) where D<:Distribution\n"
            "    argtypes = tuple(D, map(typeof, xs)...)\n"
            "    error(\"suffstats is not implemented for $argtypes.\")\n"
            "end\n"
            "fit(dt::Type{D}, xs...) where D<:Distribution = helper(xs)\n"
            "helper(xs) = throw(ArgumentError(\"no\"))\n"),
        "src/geo.jl": (
            "struct Geo <: Distribution end\n"
            "struct GeoStats\n    sx::Float64\nend\n"
            "suffstats(::Type{<:Geo}, x::AbstractArray{T}) where {T<:Integer} = GeoStats(sum(x))\n"
            "fit(::Type{<:Geo}, x::AbstractArray{T}) where {T<:Integer} = GeoStats(sum(x))\n"),
        "test/runtests.jl": (
            "using D\n"
            "x = D.unknown_data()\n"
            "ss = D.suffstats(D.Geo, x)\n"
            "ff = D.fit(D.Geo, x)\n"
            "s2 = D.suffstats(D.Geo, [1, 2])\n"
            "only = D.suffstats(D.Geo, \"a\")\n"
            "after = 1\n"),
    }
    got = _ingest(_package(tmp_path, files), tmp_path / "out")
    t = got["test/runtests.jl"]
    assert (t["ss"], t["s2"]) == ("GeoStats", "GeoStats")
    assert t["ff"] is None   # `fit`'s fallback throws only through another call
    assert (t["only"], t["after"]) == (None, "Int64")


def test_base_s_rule_answers_where_no_package_method_takes_the_first_argument(tmp_path):
    """DataFrames' `sort!([1:size(df, 1);], a, o)` of an algorithm and ordering not known: every
    `sort!` method the package adds takes a data frame first, which Base's method, passing its vector
    on, never reaches, so Base's rule answers (`sort!(::A, ::Any...) = A`). Where a package method
    may take the first argument, the call stays unknown."""
    files = {
        "Project.toml": 'name = "S"\n',
        "src/S.jl": 'module S\ninclude("t.jl")\nend\n',
        "src/t.jl": (
            "abstract type AbstractTable end\n"
            "struct Table <: AbstractTable end\n"
            "Base.sort!(t::AbstractTable, a::Base.Sort.Algorithm, o::Base.Order.Ordering) = t\n"
            "perm(t::Table, a, o) = sort!([1:3;], a, o)\n"),
        "test/runtests.jl": "using S\np = S.perm(S.Table(), S.alg(), S.order())\n",
    }
    got = _ingest(_package(tmp_path, files), tmp_path / "out")
    assert got["test/runtests.jl"]["p"] == "Vector{Int64}"
    files["src/t.jl"] += "Base.sort!(v::AbstractVector{Int}, a::Symbol, o) = 0\n"
    got = _ingest(_package(tmp_path / "again", files), tmp_path / "out2")
    assert got["test/runtests.jl"]["p"] is None


def test_a_broadcast_over_the_package_s_arrays_reaches_its_broadcasted_methods(tmp_path):
    """FillArrays: `import Base.Broadcast: broadcasted, DefaultArrayStyle` (a type of Base's
    `Broadcast` module imported by name) and `broadcasted(::DefaultArrayStyle, ::typeof(*),
    a::AbstractZeros, b::AbstractArray)`: `z .* v` is the `Zeros` that method makes; `real.(z)` goes
    to the method for `real`, and so do Base's `real(c)` and `z + z`, which broadcast; where none
    applies, the broadcast is left unknown (the package sends some of its types' broadcasts
    elsewhere), and so is one over a type with a `BroadcastStyle` of its own."""
    files = {
        "Project.toml": 'name = "F"\n',
        "src/F.jl": ('module F\nimport Base.Broadcast: broadcasted, DefaultArrayStyle, BroadcastStyle\n'
                     'include("z.jl")\nend\n'),
        "src/z.jl": (
            "abstract type AbstractZeros{T, N} <: AbstractArray{T, N} end\n"
            "struct Zeros{T, N} <: AbstractZeros{T, N}\n    n::Int\nend\n"
            "Base.size(z::Zeros) = (z.n,)\n"
            "struct Odd{T} <: AbstractArray{T, 1}\n    n::Int\nend\n"
            "struct OddStyle <: Base.Broadcast.BroadcastStyle end\n"
            "BroadcastStyle(::Type{<:Odd}) = OddStyle()\n"
            "broadcasted(::DefaultArrayStyle, ::typeof(*), a::AbstractZeros{T, 1}, b::AbstractArray) where {T} = a\n"
            "broadcasted(::DefaultArrayStyle{1}, ::typeof(real), a::Zeros{T, 1}) where {T} = Zeros{real(T), 1}(a.n)\n"
            "broadcasted(::DefaultArrayStyle{1}, ::typeof(+), a::Zeros{T, 1}, b::Zeros{T, 1}) where {T} = a\n"),
        "test/runtests.jl": (
            "using F\nz = F.Zeros{Float64, 1}(3)\nc = F.Zeros{ComplexF64, 1}(3)\nv = [1.0, 2.0, 3.0]\n"
            "zv = z .* v\nrc = real.(c)\nplus = z .+ v\nodd = F.Odd{Float64}(3) .* v\n"
            "re = real(c)\nsum2 = z + z\nneg = -z\n"),
    }
    got = _ingest(_package(tmp_path, files), tmp_path / "out")
    t = got["test/runtests.jl"]
    assert (t["zv"], t["rc"], t["plus"], t["odd"]) == (
        "Zeros{Float64, 1}", "Zeros{Float64, 1}", None, None)
    # Base's `real(A)` of complex elements and `A + B` of two arrays broadcast: the package's methods answer
    assert (t["re"], t["sum2"], t["neg"]) == ("Zeros{Float64, 1}", "Zeros{Float64, 1}", None)


def test_a_nested_call_into_another_file_drops_the_callee_s_unbound_static_parameters(tmp_path):
    """Graphs' chain, in four files: `add_edge!(g, x) = add_edge!(g, edgetype(g)(x))` of a graph whose
    element type is a run-time one (a copy of a graph of several element types), `edgetype` in
    another file. Its `T` is not bound by that argument: the result must not carry edgetype's own
    `T` into the caller, where `SimpleEdge{T}(p)` would read it as another `T` (the call then
    inferred `Union{}` and the `@inferred` call had no type)."""
    files = {
        "Project.toml": 'name = "P"\n',
        "src/P.jl": ('module P\nexport SimpleDiGraph, add_edge!\ninclude("simpleedge.jl")\ninclude("core.jl")\n'
                     'include("simpledigraph.jl")\nend\n'),
        "src/simpleedge.jl": ("abstract type AbstractSimpleEdge{T<:Integer} end\n"
                              "struct SimpleEdge{T<:Integer} <: AbstractSimpleEdge{T}\n    src::T\n    dst::T\nend\n"
                              "SimpleEdge(p::Pair) = SimpleEdge(p.first, p.second)\n"
                              "SimpleEdge{T}(p::Pair) where {T<:Integer} = SimpleEdge(T(p.first), T(p.second))\n"),
        "src/core.jl": ("abstract type AbstractSimpleGraph{T<:Integer} end\n"
                        "add_edge!(g::AbstractSimpleGraph, x) = add_edge!(g, edgetype(g)(x))\n"),
        "src/simpledigraph.jl": (
            "const SimpleDiGraphEdge = SimpleEdge\n"
            "mutable struct SimpleDiGraph{T<:Integer} <: AbstractSimpleGraph{T}\n    ne::Int\n"
            "    fadjlist::Vector{Vector{T}}\n"
            "    function SimpleDiGraph{T}(ne::Int, fadjlist::Vector{Vector{T}}) where {T}\n"
            "        return new{T}(ne, fadjlist)\n    end\nend\n"
            "edgetype(::SimpleDiGraph{T}) where {T<:Integer} = SimpleDiGraphEdge{T}\n"
            "Base.copy(g::SimpleDiGraph{T}) where {T<:Integer} = SimpleDiGraph{T}(g.ne, deepcopy(g.fadjlist))\n"
            "function add_edge!(g::SimpleDiGraph{T}, e::SimpleDiGraphEdge{T}) where {T}\n"
            "    push!(g.fadjlist[1], e.dst)\n    return true\nend\n"),
        "test/runtests.jl": ("using P\ngs = SimpleDiGraph[SimpleDiGraph{Int}(0, [Int[]]), SimpleDiGraph{UInt8}(0, [UInt8[]])]\n"
                             "for g in gs\n    gc = copy(g)\n    r = @inferred(add_edge!(gc, 4 => 1))\nend\n"),
    }
    got = _ingest(_package(tmp_path, files), tmp_path / "out")
    assert got["test/runtests.jl"]["r"] == "Bool"


# what a budget-sweeping script run in its own process starts with: the package at argv[1], loaded
SCRIPT_PRELUDE = """
import json, sys
from pathlib import Path
import juliatag.infer.program as program
import juliatag.infer.state as state
from juliatag.ingest import IngestOptions
from juliatag.truth.context import label_text, load_package
root = Path(sys.argv[1])
options = IngestOptions()
ctx = load_package(root, options)
"""

SWEEP_SCRIPT = SCRIPT_PRELUDE + """
def types(rel):
    data = (root / rel).read_bytes()
    lab = label_text(ctx, rel, data, options)
    return [t for t in lab.types]

differ = []
known = set()
for budget in range(0, 400, 4):
    state.PROGRAM_WORK_PER_FILE = budget
    program._PROGRAMS.clear()
    alone = types("test/b.jl")
    program._PROGRAMS.clear()
    types("test/a.jl")
    after = types("test/b.jl")
    known.add(sum(t is not None for t in alone))
    if alone != after:
        differ.append(budget)
print(json.dumps({"differ": differ, "known": sorted(known)}))
"""


def test_labels_do_not_depend_on_what_the_worker_kept_when_a_file_runs_out_of_work(tmp_path):
    """A labelled file may set off only so much work in its package's other files. A result the
    worker kept from an earlier file is reused only where computing it afresh would not have run
    out part-way, so a file's labels are the same whether or not the worker labelled another
    file first, at every budget (the constant's value too)."""
    body = "\n".join(f"    y{j} = g(x) + {j}" for j in range(8))
    chain = "\n".join(["g(x) = x * 2.0", *(f"function f{i}(x)\n{body}\n    return y7 + {i}\nend" for i in range(1, 9)),
                       "const C = f3(2)"]) + "\n"
    files = {"Project.toml": 'name = "P"\n', "src/P.jl": 'module P\ninclude("chain.jl")\nend\n', "src/chain.jl": chain,
             "test/a.jl": "a = f5(1)\nd = f6(1)\nc = C\n",
             "test/b.jl": "".join(f"x{i} = f{i}(1)\n" for i in range(1, 9)) + "c = C\n"}
    src = _package(tmp_path, files)
    done = subprocess.run([sys.executable, "-c", SWEEP_SCRIPT, str(src)], check=True, capture_output=True, text=True)
    result = json.loads(done.stdout)
    assert result["differ"] == []
    assert len(result["known"]) > 3     # the budgets swept cut the file's labels at several points


def test_a_deprecated_signature_is_a_method_forwarding_to_its_replacement(tmp_path):
    files = {
        "Project.toml": 'name = "Dp"\n',
        "src/Dp.jl": 'module Dp\ninclude("new.jl"); include("old.jl")\nend\n',
        "src/new.jl": "fresh(x::Int) = 2.0x\n",
        "src/old.jl": "@deprecate stale(x::Int) fresh(x)\nBase.@deprecate(stale2(x::Int), fresh(x), false)\n",
        "test/t.jl": "a = Dp.stale(1)\nb = stale2(1)\nc = fresh(1)\n",
    }
    got = _ingest(_package(tmp_path, files), tmp_path / "out")
    t = got["test/t.jl"]
    assert (t["a"], t["b"], t["c"]) == ("Float64", "Float64", "Float64")


def test_a_closure_passed_on_is_inferred_for_what_it_captures(tmp_path):
    """`rnd(::Type{T}, n) = fill_with(n, i -> zero(T))`: the closure's type holds what it captures
    (T), as Julia's closure types do, so `fill_with` is inferred afresh for each T, within one
    labelled file and across them (the kept result of `fill_with` for one T is never another T's)."""
    files = {
        "Project.toml": 'name = "C"\n',
        "src/C.jl": 'module C\ninclude("use.jl")\nend\n',
        "src/use.jl": ("fill_with(n::Int, f) = [f(i) for i in 1:n]\n"
                       "rnd(::Type{T}, n::Int) where {T} = fill_with(n, i -> zero(T))\n"
                       "both(n::Int) = (rnd(Float32, n), rnd(Int8, n))\n"),
        "test/a.jl": "using C\na32 = rnd(Float32, 3)\na64 = rnd(Float64, 3)\nab = both(2)\n",
        "test/b.jl": "using C\nb8 = rnd(Int8, 3)\nb64 = rnd(Float64, 3)\n",
    }
    for jobs in (1, 2):
        got = _ingest(_package(tmp_path / str(jobs), files), tmp_path / f"out{jobs}", jobs=jobs)
        a, b = got["test/a.jl"], got["test/b.jl"]
        assert (a["a32"], a["a64"], a["ab"]) == ("Vector{Float32}", "Vector{Float64}",
                                                 "Tuple{Vector{Float32}, Vector{Int8}}")
        assert (b["b8"], b["b64"]) == ("Vector{Int8}", "Vector{Float64}")


def test_a_closure_a_method_returns_is_called_through_what_it_captures(tmp_path):
    """`centred(m) = x -> abs2(x - m)` returns a closure that captures only `m`: it is sealed, so
    the kept result of `centred` keeps it callable (Statistics' `centralize_sumabs2(A, m) =
    mapreduce(centralizedabs2fun(m), +, A)`), in any labelled file and with any number of jobs."""
    files = {
        "Project.toml": 'name = "S"\n',
        "src/S.jl": 'module S\ninclude("v.jl")\nend\n',
        "src/v.jl": ("centred(m) = x -> abs2(x - m)\n"
                     "spread(A::AbstractArray, m) = mapreduce(centred(m), +, A)\n"
                     "scaled(A::AbstractArray, m) = spread(A, m) / length(A)\n"),
        "test/a.jl": "using S\nv = spread([1.0, 2.0], 1.0)\nw = scaled([1.0, 2.0], 1.0)\n",
        "test/b.jl": "using S\nu = spread([1, 2], 1)\nv32 = spread(Float32[1, 2], 1f0)\nc = S.centred(2)\n",
    }
    for jobs in (1, 2):
        got = _ingest(_package(tmp_path / str(jobs), files), tmp_path / f"out{jobs}", jobs=jobs)
        a, b = got["test/a.jl"], got["test/b.jl"]
        assert (a["v"], a["w"]) == ("Float64", "Float64")
        assert (b["u"], b["v32"]) == ("Int64", "Float32")
        assert b["c"] is None   # a closure of another file: no type a label can name


def test_packages_used_their_constants_and_what_they_reexport(tmp_path):
    """A uses B and C: its calls reach B's methods and C's constants. B re-exports (Reexport's
    `@reexport using C: k`), which makes C a package B uses. An `export` list may start on the line
    after `export`. A constant `@irrational` defines is an Irrational{:name} where the package has no
    `@irrational` of its own."""
    def pkg(name, files):
        root = tmp_path / "corpus" / name
        (root / "src").mkdir(parents=True)
        (root / "Project.toml").write_text(f'name = "{name}"\n')
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
    pkg("C", {"src/C.jl": "module C\nexport\n    k,\n    g\n@irrational k 0.5 big(1)/2\ng(x::Float64) = x * k\nend\n"})
    pkg("B", {"src/B.jl": "module B\nusing Reexport: @reexport\n@reexport using C:\n    k\nusing C: g\n"
                          "h(x::Float64) = x + 1.0\nend\n"})
    pkg("A", {"src/A.jl": "module A\nusing B, C\nviaB(x::Float64) = B.h(x)\nconstant() = k\nend\n",
              "test/runtests.jl": "using A\nv = A.viaB(2.0)\nc = A.constant()\n"})
    # a package with an `@irrational` macro of its own (IrrationalConstants'): its types are its own
    pkg("D", {"src/D.jl": "module D\nexport q\nmacro irrational(s, v, d) end\n@irrational q 0.5 big(1)/2\nend\n",
              "test/runtests.jl": "using D\nd = q\n"})
    from juliatag.truth.context import corpus_summaries, find_packages
    summaries = corpus_summaries(find_packages([str(tmp_path / "corpus")]), IngestOptions())
    assert summaries["B"].deps == ("C",) and "k" in summaries["B"].exports
    labels = _labels_of(tmp_path / "corpus", tmp_path / "out")
    assert labels["A/test/runtests.jl"]["v"] == "Float64"
    assert labels["A/test/runtests.jl"]["c"] == "Irrational{:k}"
    assert labels["D/test/runtests.jl"]["d"] is None


def _labels_of(src: Path, out: Path) -> dict:
    ingest([str(src)], out, IngestOptions(jobs=1))
    return _labels(out)


def test_base_types_and_orderings_a_package_imports_by_name(tmp_path):
    """`using Base: Ordering, ForwardOrdering,` (a list going on over lines) in the package's top
    file: its other files' bare `Ordering` is Base.Order's type and `Forward` the ordering; `Reverse`
    (the Iterators type shares its name) is the ordering only as imported."""
    files = {
        "Project.toml": 'name = "H"\n',
        "src/H.jl": ('module H\nusing Base: Iterators, Ordering,\n    ForwardOrdering, Forward, Reverse  # orders\n'
                     'include("h.jl")\nend\n'),
        "src/h.jl": ("heapish(xs::AbstractVector, o::Ordering=Forward) = copy(xs)\n"
                     "fwd(o::ForwardOrdering) = 1.5\nrev() = Reverse\n"),
        "test/t.jl": ("using H\na = heapish([1, 2], Base.Order.Reverse)\nb = heapish([1, 2])\nc = H.fwd(Base.Forward)\n"
                      "r = H.rev()\n"),
    }
    from juliatag.truth.context import corpus_summaries, find_packages
    src = _package(tmp_path, files)
    summary = corpus_summaries(find_packages([str(src)]), IngestOptions())["H"]
    assert ("Ordering", "Base.Order.Ordering") in summary.aliases
    assert ("ForwardOrdering", "Base.Order.ForwardOrdering") in summary.aliases
    assert not any(name == "Reverse" for name, _ in summary.aliases)
    t = _ingest(src, tmp_path / "out")["test/t.jl"]
    assert (t["a"], t["b"], t["c"]) == ("Vector{Int64}", "Vector{Int64}", "Float64")
    assert t["r"] == "Base.Order.ReverseOrdering{Base.Order.ForwardOrdering}"


REPEAT_SCRIPT = SCRIPT_PRELUDE + """
def last_type(rel):
    data = (root / rel).read_bytes()
    lab = label_text(ctx, rel, data, options)
    z = data.rindex(b"z = ")
    return [t for start, t in zip(lab.starts, lab.types) if start == z]

differ, known = [], 0
for budget in range(0, 600, 6):
    state.PROGRAM_WORK_PER_FILE = budget
    program._PROGRAMS.clear()
    once = last_type("test/once.jl")
    program._PROGRAMS.clear()
    many = last_type("test/many.jl")
    program._PROGRAMS.clear()
    last_type("test/once.jl")
    many_after = last_type("test/many.jl")
    known += once == ["Float64"]
    if once != many or many != many_after:
        differ.append(budget)
print(json.dumps({"differ": differ, "known": known}))
"""


def test_a_file_pays_once_for_a_call_it_repeats(tmp_path):
    """The labelled file's share of work in its package's other files pays for each inference its own
    calls reach once: calling `f5(1)` ten times costs what calling it once does, so what comes after
    is labelled as in a file that calls it once, at every budget, and whatever the worker kept."""
    body = "\n".join(f"    y{j} = g(x) + {j}" for j in range(8))
    chain = "\n".join(["g(x) = x * 2.0", *(f"function f{i}(x)\n{body}\n    return y7 + {i}\nend" for i in range(1, 9))]) + "\n"
    files = {"Project.toml": 'name = "P"\n', "src/P.jl": 'module P\ninclude("chain.jl")\nend\n', "src/chain.jl": chain,
             "test/once.jl": "a = f5(1)\nz = f8(1)\n",
             "test/many.jl": "a = f5(1)\n" * 10 + "z = f8(1)\n"}
    src = _package(tmp_path, files)
    done = subprocess.run([sys.executable, "-c", REPEAT_SCRIPT, str(src)], check=True, capture_output=True, text=True)
    result = json.loads(done.stdout)
    assert result["differ"] == []
    assert 0 < result["known"] < 100    # the budgets swept include ones too small for f8 after f5


SHARE_SCRIPT = """
import json, sys
from pathlib import Path
import juliatag.infer.program as program
from juliatag.ingest import IngestOptions
from juliatag.truth.context import label_text, load_package
root = Path(sys.argv[1])
options = IngestOptions()
ctx = load_package(root, options)
for rel in sys.argv[2:]:
    label_text(ctx, rel, (root / rel).read_bytes(), options)
print(json.dumps([p.ledger.visits for p in program._PROGRAMS.values()]))
"""


def test_the_share_a_file_uses_never_depends_on_what_the_worker_labelled_before(tmp_path):
    """A file pays for an inference of its own calls once; one kept at the depth limit is another
    inference than the one kept whole. `f` needs a height of 11: whole at call depth 0, at the depth
    limit from depth 2 (inside the file's own method `h`). A worker that labelled test/deep.jl first
    kept the limited one; the file still pays for it, as a worker that computes it afresh does."""
    files = dict(FILES)
    files["src/c.jl"] = ("f(x) = g1(x) + 1\ng1(x) = g2(x) + 1\ng2(x) = g3(x) + 1\ng3(x) = g4(x) + 1\n"
                         "g4(x) = g5(x) + 1\ng5(x) = x + 1\n")
    files["test/deep.jl"] = "using P\nfunction k(x)\n    f(x) + 1\nend\nk(1)\n"
    files["test/t.jl"] = "using P\na = f(1)\nfunction h(x)\n    f(x) + 1\nend\nb = h(1)\n"
    src = _package(tmp_path, files)

    def share(rels):
        done = subprocess.run([sys.executable, "-c", SHARE_SCRIPT, str(src), *rels], check=True,
                              capture_output=True, text=True)
        return json.loads(done.stdout)

    alone = share(["test/t.jl"])
    assert alone and alone[0] > 0
    assert share(["test/deep.jl", "test/t.jl"]) == alone
