"""What the analysis keeps for reuse gives what working it out again gives: Base-rule answers kept per
(function, argument types) while the registry's declarations stay the same, and the methods a call's
argument count and first argument rule out passed over."""

from juliatag.types.jtypes import DataT
from juliatag.types.registry import TypeDecl, TypeRegistry

from .snippets import first_types


def _length_rules_asked(monkeypatch) -> list:
    """The argument types each `match_table` of `length` is asked for from now on, in order."""
    from juliatag.infer import calls
    asked = []
    original = calls.match_table

    def counting(name, args, *rest, **kw):
        if name == "length":
            asked.append(tuple(args))
        return original(name, args, *rest, **kw)

    monkeypatch.setattr(calls, "match_table", counting)
    return asked


def test_a_base_rule_is_worked_out_once_per_argument_types(monkeypatch):
    asked = _length_rules_asked(monkeypatch)
    got = first_types("v = [1, 2]\na = length(v)\nb = length(v)\nc = length(\"ab\")\n")
    assert got["a"] == got["b"] == "Int64" and got["c"] == "Int64"
    vector = DataT("Array", (DataT("Int64"), 1))
    assert asked.count((vector,)) == 1
    assert len(asked) == 2   # the Vector once, the String once


def test_a_registry_generation_changes_with_its_declarations_and_its_parents():
    parent = TypeRegistry()
    child = TypeRegistry(parent=parent)
    before = child.generation()
    parent.add_decl("P.A", TypeDecl("A"))
    after_parent = child.generation()
    assert after_parent != before
    child.add_decl("P.B", TypeDecl("B"))
    assert child.generation() != after_parent


def test_a_base_rule_is_worked_out_again_once_the_registry_changes(monkeypatch):
    from juliatag.types import registry
    asked = _length_rules_asked(monkeypatch)
    ticks = iter(range(1_000_000))
    monkeypatch.setattr(registry.TypeRegistry, "generation", lambda self: next(ticks))   # a new one each time
    got = first_types("v = [1, 2]\na = length(v)\nb = length(v)\n")
    assert got["a"] == got["b"] == "Int64"
    assert asked.count((DataT("Array", (DataT("Int64"), 1)),)) == 2


def test_methods_ruled_out_by_the_first_argument_leave_the_choice_as_it_was():
    src = ("abstract type Shape end\nstruct Sq <: Shape; s::Float64; end\nstruct Ci <: Shape; r::Float64; end\n"
           "struct Tri <: Shape; s::Float64; end\n"
           "area(x::Sq) = x.s * x.s\narea(x::Ci) = 3 * x.r\narea(x::Shape) = 0\narea(x::Int) = \"int\"\n"
           "area(x, y) = 1\n"
           "a = area(Sq(2.0))\nb = area(Ci(1.0))\nc = area(3)\nd = area(Sq(2.0), 1)\ne = area(Tri(1.0))\n")
    got = first_types(src)
    assert (got["a"], got["b"], got["c"], got["d"]) == ("Float64", "Float64", "String", "Int64")
    assert got["e"] == "Int64"   # the method for a supertype of the argument's type is not passed over
