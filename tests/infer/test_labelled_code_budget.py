"""The labelled file's own code has a larger allowance of node visits than a callee's inference:
a test file's whole `@testset` is one top-level statement, and a test function one method, so
METHOD_BUDGET (a callee's analysis) cut their ends off, leaving the assertions there unknown."""

import pytest

from juliatag.infer.state import LABELLED_CODE_BUDGET, METHOD_BUDGET
from juliatag.syntax.fatou import find_fatou

from .snippets import all_types

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")

# statements enough to take more than METHOD_BUDGET visits but well within LABELLED_CODE_BUDGET
_LINES = 6 * METHOD_BUDGET // 25


def _body(indent: str) -> str:
    return "".join(f"{indent}a{i} = (1 + 2) * 3\n" for i in range(_LINES))


def test_a_long_top_level_statement_is_labelled_to_its_end():
    assert LABELLED_CODE_BUDGET > 2 * METHOD_BUDGET
    src = "begin\n" + _body("    ") + "    last_one = \"end\"\nend\nafter = 1.5\n"
    assert all_types(src, "last_one") == ["String"]
    assert all_types(src, "after") == ["Float64"]


def test_a_long_method_of_the_file_is_labelled_to_its_end():
    src = "function long_test()\n" + _body("    ") + "    last_one = \"end\"\n    return last_one\nend\n"
    assert all_types(src, "last_one")[0] == "String"


def test_each_top_level_statement_has_its_own_allowance():
    # three long statements, together beyond the allowance, each within it: none is cut
    src = "".join("begin\n" + _body("    ") + f"    last_{k} = \"end\"\nend\n" for k in range(3))
    assert all(all_types(src, f"last_{k}") == ["String"] for k in range(3))
