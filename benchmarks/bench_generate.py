"""Benchmark `juliatag generate`: decoding speed with and without the KV cache, and the typed
quality gate's view of what trained runs write.

    python benchmarks/bench_generate.py --shards SHARDS --tokenizer TOK \
        --run tiny=RUN_TINY --run small=RUN_SMALL --prompts 20 --out benchmarks/results/generate.md

Speed: for each run, one prompt (the first validation prompt), `--new` new tokens (64 and 512 by
default) sampled at temperature 0.8 / top-k 50 / top-p 0.95 with stop "none" (exactly that many
tokens), with and without the KV cache, best of `--repeats`; no name protection and no gate, so
the figure is the decoding loop itself (forward passes, sampling, context shifts) on one CPU
thread (the decode loop's default). Both paths must draw the same tokens: checked and reported.

Gate statistics: `juliatag.generate.evaluation.generation_eval` over `--prompts` validation
prompts (function signatures; the model writes the body), default eval settings (128 new tokens,
temperature 0.7, top-k 40, stop at the end of the statement, name protection and up to 4
repairs), plus the same gate on the documents' own bodies (the reference).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import torch

from juliatag.generate.evaluation import generation_eval
from juliatag.generate.generator import Generator
from juliatag.generate.prompts import validation_prompts
from juliatag.generate.sampling import SamplingConfig


def speed(gen: Generator, prompt: str, new: int, repeats: int) -> dict:
    prepared = gen.prepare(prompt)
    out = {}
    ids = {}
    for cache in (True, False):
        cfg = SamplingConfig(max_new_tokens=new, temperature=0.8, top_k=50, top_p=0.95, seed=0, stop="none",
                             use_cache=cache)
        best = None
        for _ in range(repeats):
            _, res = gen.complete(prepared, cfg, None)
            if best is None or res.seconds < best.seconds:
                best = res
        ids[cache] = best.ids
        out["cache" if cache else "no_cache"] = {
            "tokens_per_second": len(best.ids) / best.seconds, "seconds": best.seconds,
            "forward_tokens": best.forward_tokens, "context_shifts": best.context_shifts}
    out["same_tokens"] = ids[True] == ids[False]
    out["speedup"] = out["cache"]["tokens_per_second"] / out["no_cache"]["tokens_per_second"]
    out["prompt_tokens"] = len(prepared.ids)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shards", type=Path)
    ap.add_argument("--tokenizer", type=Path, default=None)
    ap.add_argument("--run", action="append", default=[], help="NAME=RUN_FOLDER (repeatable)")
    ap.add_argument("--prompts", type=int, default=20)
    ap.add_argument("--new", type=int, nargs="+", default=[64, 512])
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--no-gate", action="store_true", help="speed only")
    ap.add_argument("--out", type=Path, default=None, help="write a markdown summary here")
    ap.add_argument("--json", type=Path, default=None, help="write every figure here")
    ap.add_argument("--render", type=Path, default=None, help="only rewrite --out from a saved --json")
    args = ap.parse_args()
    if args.render:
        (args.out or Path("/dev/stdout")).write_text(markdown(json.loads(args.render.read_text())))
        return

    if not args.shards or not args.run:
        ap.error("--shards and at least one --run are needed")
    results = {"machine": {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
                           "torch": torch.__version__, "load_before": os.getloadavg()},
               "runs": {}}
    for spec in args.run:
        name, _, folder = spec.partition("=")
        gen = Generator.from_run(Path(folder), args.tokenizer, device="cpu")
        cfg = gen.model.cfg
        ckpt_step = json.loads((Path(folder) / "config.json").read_text())["train"].get("steps")
        prompt = validation_prompts(args.shards, gen.tokens, 1, gen.parser, max_tokens=cfg.block_size // 2)[0].text
        entry = {"run": folder, "block_size": cfg.block_size, "d_model": cfg.d_model, "n_layer": cfg.n_layer,
                 "arch": cfg.arch, "steps": ckpt_step,
                 "parameters": sum(p.numel() for p in gen.model.parameters()), "speed": {}}
        for new in args.new:
            t0 = time.perf_counter()
            entry["speed"][str(new)] = speed(gen, prompt, new, args.repeats)
            print(f"{name} {new} new tokens: {json.dumps(entry['speed'][str(new)])} "
                  f"({time.perf_counter() - t0:.0f}s)", flush=True)
        if not args.no_gate:
            t0 = time.perf_counter()
            def progress(i: int, n: int, name: str = name) -> None:
                print(f"  {name} prompt {i}/{n}", flush=True)

            entry["gate"] = generation_eval(gen, args.shards, args.prompts, on_prompt=progress)
            entry["gate_seconds"] = time.perf_counter() - t0
            print(f"{name} gate: {json.dumps({k: v for k, v in entry['gate'].items() if k != 'examples'})}",
                  flush=True)
        results["runs"][name] = entry
    results["machine"]["load_after"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    if args.out:
        args.out.write_text(markdown(results))


def markdown(r: dict) -> str:
    m = r["machine"]
    lines = ["## bench_generate", "",
             (f"- machine: {m['cpu']}, {m['cores']} cores, torch {m['torch']}; load average "
              f"{m['load_before'][0]:.1f} before, {m['load_after'][0]:.1f} after"), "",
             ("| run | params | context | new tokens | KV cache tok/s | no cache tok/s | speedup | same tokens | "
              "context shifts |"), "|---|---|---|---|---|---|---|---|---|"]
    for name, e in r["runs"].items():
        for new, s in e["speed"].items():
            lines.append(f"| {name} | {e['parameters']:,} | {e['block_size']} | {new} | "
                         f"{s['cache']['tokens_per_second']:.1f} | {s['no_cache']['tokens_per_second']:.1f} | "
                         f"{s['speedup']:.1f}x | {'yes' if s['same_tokens'] else 'NO'} | "
                         f"{s['cache']['context_shifts']} |")
    gated = {n: e for n, e in r["runs"].items() if "gate" in e}
    if gated:
        lines += ["", ("| run | prompts | parse rate | mean V | commit / repair / halt | degenerate | "
                       "after repair: parse rate, mean V | commit / halt / exhausted | attempts | "
                       "stability / boundary / coherence / hallucination |"),
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for name, e in gated.items():
            g = e["gate"]
            v, a, p = g["verdicts"], g["after_repair"], g["mean_parts"]
            o = a["outcomes"]
            lines.append(f"| {name} | {g['prompts']} | {g['parse_rate']:.0%} | {g['mean_v']:.3f} | "
                         f"{v['commit']} / {v['repair']} / {v['halt']} | {g['degenerate']} | "
                         f"{a['parse_rate']:.0%}, {a['mean_v']:.3f} | {o['commit']} / {o['halt']} / {o['exhausted']} | "
                         f"{a['mean_attempts']:.1f} | {p['stability']:.2f} / {p['boundary']:.2f} / "
                         f"{p['coherence']:.2f} / {p['hallucination']:.2f} |")
        for name, e in gated.items():   # prompts fit half the run's context, so each run has its own
            ref = e["gate"]["reference"]
            v, p = ref["verdicts"], ref["mean_parts"]
            lines.append(f"| reference for {name} (the documents' own bodies) | {ref['n']} | "
                         f"{ref['parse_rate']:.0%} | {ref['mean_v']:.3f} | {v['commit']} / {v['repair']} / "
                         f"{v['halt']} | | | | | {p['stability']:.2f} / {p['boundary']:.2f} / "
                         f"{p['coherence']:.2f} / {p['hallucination']:.2f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
