"""The gated generation loop with a tiny trained run, the CLI, and `eval --generate`."""

import json
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from juliatag.cli.app import app
from juliatag.errors import JuliatagError
from juliatag.generate.gate import Verdict
from juliatag.generate.generator import GenerateOptions, feedback_comment, statement_done
from juliatag.generate.sampling import SamplingConfig

PROMPT = """struct Point2D
    x::Float64
    y::Float64
end

function midpoint(a::Point2D, b::Point2D)
"""
FAST = SamplingConfig(max_new_tokens=24, temperature=1.0, top_k=20, seed=11)


def test_the_repair_loop_stops_and_keeps_every_attempt(generator):
    g = generator.generate(PROMPT, GenerateOptions(FAST))
    assert 1 <= len(g.attempts) <= 5
    decisions = [a.verdict.decision for a in g.attempts]
    assert all(d == "repair" for d in decisions[:-1])                   # it only goes on after a repair
    assert decisions[-1] in ("commit", "halt") or len(g.attempts) == 5
    assert [a.seed for a in g.attempts] == list(range(11, 11 + len(g.attempts)))
    assert g.best.verdict.value == max(a.verdict.value for a in g.attempts)
    assert g.outcome == ("commit" if g.best.verdict.decision == "commit" else
                         "halt" if decisions[-1] == "halt" else "exhausted")
    assert g.protected_names == ["Point2D", "midpoint"]
    d = g.to_dict()
    assert d["completion"] == g.best.completion and len(d["attempts"]) == len(g.attempts)


def _stub(decision, value):
    return Verdict(0.5, 0.5, 0.5, 0.5, value, decision, False, findings=[])


def test_repairs_are_bounded_and_fed_back(generator, monkeypatch):
    seen = []

    def always_repair(prompt, completion, names=None, guard=None):
        seen.append(prompt)
        return _stub("repair", 0.5 + 0.01 * len(seen))

    monkeypatch.setattr(generator.gate, "score", always_repair)
    g = generator.generate(PROMPT, GenerateOptions(FAST))
    assert len(g.attempts) == 5 and g.outcome == "exhausted"          # the first try + 4 repairs
    assert g.best.index == 4                                           # the highest V
    assert g.attempts[0].feedback is None
    assert all(a.feedback.startswith("# juliatag gate, fix:") for a in g.attempts[1:])
    assert set(seen) == {PROMPT}                                       # always scored against the real prompt
    assert len(generator.generate(PROMPT, GenerateOptions(FAST, max_repairs=2)).attempts) == 3
    assert len(generator.generate(PROMPT, GenerateOptions(FAST, repair=False)).attempts) == 1
    monkeypatch.setattr(generator.gate, "score", lambda *a, **k: _stub("halt", 0.1))
    g = generator.generate(PROMPT, GenerateOptions(FAST))
    assert len(g.attempts) == 1 and g.outcome == "halt"
    monkeypatch.setattr(generator.gate, "score", lambda *a, **k: _stub("commit", 0.9))
    assert generator.generate(PROMPT, GenerateOptions(FAST)).outcome == "commit"


def test_name_protection_is_switchable(generator):
    on = generator.generate(PROMPT, GenerateOptions(replace(FAST, stop="none"), gate=False))
    off = generator.generate(PROMPT, GenerateOptions(replace(FAST, stop="none"), gate=False, protect_names=False))
    assert on.outcome == "ungated" and on.best.verdict is None
    assert off.best.biased_steps == 0
    assert on.best.biased_steps > 0            # the empty identifier prefix alone already has near misses


def test_feedback_comment_is_one_comment_line():
    from juliatag.generate.gate import Finding

    text = feedback_comment([Finding("stability", "`s` is unstable (Any)", 0)] * 20)
    assert text.startswith("# ") and text.endswith("\n") and text.count("\n") == 1 and len(text) < 450


def test_statement_stop_rule():
    p = "function f(x)\n"
    assert not statement_done(p + "    y = 1\n", len(p))
    assert statement_done(p + "    y = x[end]\nend\n", len(p))
    assert not statement_done(p + "    y = [1,\n", len(p))
    q = "x = 1\n"
    assert not statement_done(q + '"""doc"""\n', len(q))                # a docstring waits for its object
    assert statement_done(q + '"""doc"""\ng() = 1\n', len(q))
    assert not statement_done(q + "  # only a comment\n", len(q))


def test_statement_stop_in_generation(generator, monkeypatch):
    """With stop="statement" the loop ends as soon as the text is back at the top level."""
    import juliatag.generate.generator as G

    monkeypatch.setattr(G, "statement_done", lambda text, start: True)
    text, res = generator.complete(generator.prepare("x = 1\n"), replace(FAST, max_new_tokens=200))
    assert res.stop_reason in ("statement", "eot") and (res.stop_reason == "eot" or "\n" in text)


def test_cli_generate(work, tmp_path, monkeypatch):
    tok, _, run = work
    runner = CliRunner()
    args = ["generate", "--run", str(run), "--tokenizer", str(tok), "--max-new-tokens", "16", "--seed", "2"]
    res = runner.invoke(app, [*args, "--prompt", PROMPT, "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["prompt"] == PROMPT and d["outcome"] in ("commit", "halt", "exhausted")
    assert {"stability", "boundary", "coherence", "hallucination", "value", "decision"} <= set(d["attempts"][0]["verdict"])
    res = runner.invoke(app, [*args, "--prompt", PROMPT, "--no-repair", "--no-protect-names", "--no-cache"])
    assert res.exit_code == 0, res.output
    assert "attempt 1" in res.output and "coherence" in res.output and "outcome:" in res.output
    assert "attempt 2" not in res.output and "protected names" not in res.output
    res = runner.invoke(app, args)
    assert isinstance(res.exception, JuliatagError) and "exactly one of --prompt" in str(res.exception)
    res = runner.invoke(app, ["generate", "--run", str(run), "--prompt", "x = 1\n", "--max-new-tokens", "4"])
    assert res.exit_code == 0, res.output                      # the tokenizer named by the run's shards
    import shutil

    lost = tmp_path / "lost"
    shutil.copytree(run, lost)
    conf = json.loads((lost / "config.json").read_text())
    conf["train"]["shards"] = str(tmp_path / "gone")
    (lost / "config.json").write_text(json.dumps(conf))
    monkeypatch.setenv("JULIATAG_WORKSPACE", str(tmp_path / "ws"))
    res = runner.invoke(app, ["generate", "--run", str(lost), "--prompt", "x"])
    assert isinstance(res.exception, JuliatagError) and "--tokenizer" in str(res.exception)


def test_eval_generate(work):
    _, shards, run = work
    runner = CliRunner()
    res = runner.invoke(app, ["eval", "--run", str(run), "--shards", str(shards), "--json", "--no-blind",
                              "--max-batches", "1", "--generate", "3", "--max-new-tokens", "12"])
    assert res.exit_code == 0, res.output
    g = json.loads(res.output)["generation"]
    assert g["prompts"] == 3 and g["requested"] == 3          # found through the shards' own tokenizer
    assert sum(g["verdicts"].values()) == 3 and sum(g["after_repair"]["outcomes"].values()) == 3
    assert 0.0 <= g["parse_rate"] <= 1.0 and 0.0 <= g["mean_v"] <= 1.0
    assert g["after_repair"]["mean_v"] >= g["mean_v"] - 1e-9   # the kept attempt is never worse than the first
    assert set(g["mean_parts"]) == {"stability", "boundary", "coherence", "hallucination"}
    ref = g["reference"]                                       # the documents' own bodies, same gate
    assert ref["n"] == 3 and ref["parse_rate"] == 1.0 and ref["mean_v"] > 0.7
    assert g["examples"] and g["examples"][0]["prompt_tail"].rstrip().split("\n")[-1].startswith("function ")


def test_validation_prompts_are_function_signatures(work, generator):
    from juliatag.generate.prompts import validation_prompts

    _, shards, _ = work
    prompts = validation_prompts(shards, generator.tokens, 10)
    assert len(prompts) == 5                                   # one per document
    assert [p.document for p in prompts] == sorted(p.document for p in prompts)
    for p in prompts:
        assert p.text.rstrip("\n").split("\n")[-1].startswith("function ")
        assert not generator.parser.parse((p.text + "    nothing\nend\n").encode()).error_ranges
    assert validation_prompts(shards, generator.tokens, 10) == prompts      # deterministic
    with pytest.raises(JuliatagError):
        validation_prompts(shards, generator.tokens, 0)
