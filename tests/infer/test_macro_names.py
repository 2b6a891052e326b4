"""Issue 16, cause 6: `@enum Fruit apple banana` makes `apple` a `Fruit` (in its file and in the
package's other files), and names that a macro the analyzer does not know defines get no type from
unrelated rules (a constant of the same name elsewhere in the package, a stdlib function)."""

import pytest

from juliatag.syntax.fatou import find_fatou

from .snippets import first_types

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")

ENUMS = """@enum Fruit apple banana
@enum TimeUnit::UInt8 begin
    second = 1
    minute = 2
end
first_fruit = apple
"""

USES = """function use()
    f = apple
    s = second
    return f
end
function macro_defined()
    Containers.@container(w[i = 1:3], i + 1, container = Dict)
    q = w
    @variables xx yy
    r = xx
    return q
end
@variables tt yfun(tt)
u = yfun
function base_kept(v::Vector{Int})
    @mybenchmark sum(v)
    z = sum(v)
    return z
end
"""

OTHER = """const w = 203000.0
const xx = 1.5
yfun(x) = 2x
"""


def test_enum_values_have_the_enum_type():
    t = first_types(ENUMS)
    assert t["apple"] == "Fruit" and t["banana"] == "Fruit"
    assert t["second"] == "TimeUnit" and t["minute"] == "TimeUnit"
    assert t["first_fruit"] == "Fruit"


def test_enum_values_from_another_file_of_the_package():
    t = first_types(USES, package_texts=[ENUMS, USES, OTHER])
    assert t["f"] == "Fruit"
    assert t["s"] == "TimeUnit"   # not Dates.second's function type


def test_names_an_unknown_macro_defines_are_not_typed_by_unrelated_rules():
    t = first_types(USES, package_texts=[ENUMS, USES, OTHER])
    assert t["q"] is None and t["w"] is None   # not the package's `const w` in another file
    assert t["r"] is None and t["xx"] is None


def test_a_function_named_in_an_unknown_macro_keeps_its_meaning_where_it_is_base_s():
    t = first_types(USES, package_texts=[ENUMS, USES, OTHER])
    assert t["u"] is None      # `@variables tt yfun(tt)` defines yfun, whatever another file says
    assert t["z"] == "Int64"   # an unknown macro around `sum(v)` does not redefine sum
