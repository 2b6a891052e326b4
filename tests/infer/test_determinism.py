"""Labels do not depend on the process: different hash seeds (as in different workers) give the same output."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = r"""
import hashlib, json, sys
from juliatag.labels import label_source
from juliatag.syntax import get_parser
p = get_parser()
out = {}
for path in sys.argv[1:]:
    fl = label_source(open(path, 'rb').read(), p)
    out[path] = hashlib.sha256(repr((fl.types, fl.type_ids, fl.concreteness, fl.depth, fl.stability, fl.flags,
                                     fl.functions)).encode()).hexdigest()
print(json.dumps(out))
"""

UNIONS = """
function pick(flag::Bool, n::Int)
    a = flag ? [1, 2] : (flag ? "s" : (n > 0 ? 1.0 : (n < 0 ? nothing : :sym)))
    b = a isa Vector{Int} ? a[1] : a
    c = Any[1, "x"][n]
    d = b isa Nothing ? c : b
    return d, typeof(d)
end
f(x::Union{Int, String, Float64, Nothing, Symbol}) = x isa Number ? x + 1 : x
"""


def test_same_labels_under_different_hash_seeds(tmp_path):
    unions = tmp_path / "unions.jl"
    unions.write_text(UNIONS)
    files = sorted(str(p) for p in (ROOT / "corpora" / "sample").rglob("*.jl") if p.is_file()) + [str(unions)]
    results = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        r = subprocess.run([sys.executable, "-c", SCRIPT, *files], capture_output=True, text=True, env=env,
                           timeout=600)
        assert r.returncode == 0, r.stderr
        results.append(json.loads(r.stdout))
    assert results[0] == results[1] == results[2]


def test_labels_do_not_depend_on_how_deep_the_caller_is():
    """The CLI labels in its own process with --jobs 1 and in workers otherwise, at different
    Python stack depths: where a long expression runs out of stack must not depend on that."""
    import pytest

    from juliatag.syntax.fatou import find_fatou

    if find_fatou() is None:
        pytest.skip("fatou is not installed")
    from .snippets import labels

    def at_depth(k: int, src: str):
        return at_depth(k - 1, src) if k else labels(src)

    src = "function h(x::Int)\n    y = x" + " - x" * 199 + "\n    return y\nend\n"
    shallow = at_depth(0, src)
    assert at_depth(750, src) == shallow
    assert sum(t is not None for _, t, _ in shallow) > 300
