"""`juliatag generate`: complete a prompt with a trained run, judged by the typed quality gate."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from .. import workspace
from ..errors import JuliatagError
from .app import app


@app.command("generate")
def generate_cmd(
    run: Path | None = typer.Option(None, help="Run folder (default: the workspace's run)."),
    prompt: str | None = typer.Option(None, help="The prompt text (Julia source)."),
    prompt_file: Path | None = typer.Option(None, help="Read the prompt from this file."),
    tokenizer: Path | None = typer.Option(None, help="Tokenizer folder (default: the one the run's shards name)."),
    max_new_tokens: int | None = typer.Option(None, help="Most tokens to generate per attempt (default: 128)."),
    temperature: float | None = typer.Option(None, help="Sampling temperature (0: greedy; default: 0.8)."),
    top_k: int | None = typer.Option(None, help="Sample among the k most likely tokens (0: all; default: 50)."),
    top_p: float | None = typer.Option(
        None, help="Nucleus: the smallest set of tokens with this much probability (1: all; default: 0.95)."),
    seed: int | None = typer.Option(None, help="Seed of the first attempt (each repair uses the next one; default: 0)."),
    stop: str | None = typer.Option(None, help="statement (at the top level again) | eot | none (default: statement)."),
    cache: bool | None = typer.Option(None, "--cache/--no-cache", help="Decode with a KV cache (default: on)."),
    protect_names: bool | None = typer.Option(None, "--protect-names/--no-protect-names",
                                       help="Penalise near misses of the prompt's struct, const and function names."),
    name_bias: float | None = typer.Option(None, help="Logit penalty of a near-miss token (default: 6)."),
    gate: bool | None = typer.Option(None, "--gate/--no-gate", help="Judge each completion with the labeler (default: on)."),
    repair: bool | None = typer.Option(None, "--repair/--no-repair", help="Regenerate with the gate's findings (default: on)."),
    max_repairs: int | None = typer.Option(None, help="Most repair attempts (0..4; default: 4)."),
    device: str | None = typer.Option(None, help="auto | cpu | cuda (default: auto)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Generate with a KV cache; score with the gate (V = 0.3 stability + 0.3 boundary + 0.2 coherence
    + 0.2 (1 - hallucination)); V >= 0.7 commit, >= 0.4 repair (at most 4 times), else halt."""
    if (prompt is None) == (prompt_file is None):
        raise JuliatagError("give the prompt with exactly one of --prompt TEXT or --prompt-file FILE")
    if prompt_file is not None:
        try:
            prompt = prompt_file.read_bytes().decode("utf-8")
        except OSError as exc:
            raise JuliatagError(f"cannot read {prompt_file}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise JuliatagError(f"{prompt_file} is not UTF-8 text") from exc
    from ..generate.generator import GenerateOptions, Generator  # torch loads only for this command
    from ..generate.sampling import SamplingConfig

    sampling = {"max_new_tokens": max_new_tokens, "temperature": temperature, "top_k": top_k, "top_p": top_p,
                "seed": seed, "use_cache": cache, "stop": stop}
    chosen = {"protect_names": protect_names, "name_bias": name_bias, "gate": gate, "repair": repair,
              "max_repairs": max_repairs}
    options = GenerateOptions(SamplingConfig(**{k: v for k, v in sampling.items() if v is not None}),
                              **{k: v for k, v in chosen.items() if v is not None})
    run = run or workspace.run_dir()
    result = Generator.from_run(run, tokenizer, device or "auto").generate(prompt, options)
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False)
    for a in result.attempts:
        head = f"attempt {a.index + 1} (seed {a.seed}, {a.new_tokens} tokens, stop: {a.stop_reason})"
        console.print(f"[bold]{escape(head)}[/bold]")
        if a.verdict is not None:
            console.print("  " + escape(a.verdict.line()))
            for f in a.verdict.findings[:8]:
                console.print(f"    - {escape(f.message)}")
    if options.protect_names and result.protected_names:
        console.print(escape(f"protected names: {', '.join(result.protected_names)}"))
    verdict = f", V={result.best.verdict.value:.3f}" if result.best.verdict is not None else ""
    console.print(f"[bold]outcome: {escape(result.outcome)} (kept attempt {result.best.index + 1}{verdict})[/bold]")
    console.rule()
    print(result.prompt + result.best.completion, end="" if result.best.completion.endswith("\n") else "\n")
