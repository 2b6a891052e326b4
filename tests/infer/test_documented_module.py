"""A module with a docstring (`"doc" module M ... end`, as Statistics.jl is written) is walked like
any other module: its methods are collected and analysed."""

import pytest

from juliatag.infer.analyzer import analyze_file
from juliatag.syntax import get_parser
from juliatag.syntax.fatou import find_fatou

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")

SOURCE = '''"""
    M

A documented module.
"""
module M

half(x::Float64) = x / 2

end
'''


def test_methods_of_a_documented_module_are_analysed():
    data = SOURCE.encode()
    analysis = analyze_file(data, get_parser("fatou").parse(data).root)
    assert [(f.name, repr(f.return_type)) for f in analysis.functions] == [("half", "Float64")]
