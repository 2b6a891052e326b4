"""Benchmark `juliatag train` / `juliatag eval` on a shards folder: loss drop, type accuracy against
the majority baseline, MoE vs dense side by side at the same budget, throughput and MFU.

    python benchmarks/bench_train.py SHARDS                       # tiny, moe and dense, 300 steps each
    python benchmarks/bench_train.py SHARDS --preset mikoto-66m --archs moe --steps 50 \
        --no-eval --peak-tflops 989                                # GPU throughput and MFU (H100 bf16 dense)
    python benchmarks/bench_train.py /tmp/fixture --make-synthetic # synthetic shards first (no real data)
    python benchmarks/bench_train.py SHARDS --processes 1,2 --steps 40 # DDP: tokens/s on 1 and 2 processes
    python benchmarks/bench_train.py SHARDS --processes 8 --preset mikoto-66m --steps 30 --peak-tflops 989
                                                                  # one GPU node: tokens/s and MFU per GPU

`--processes N,M` launches `juliatag train` once per count, under torchrun (gloo on CPU, NCCL on
CUDA) for counts above 1, with --batch-size per process, and reads tokens/s from the run's
metrics (global tokens over the steps after `--skip`); on CPU each process gets cores/N torch
threads (or `--threads`), so the counts share the same cores.

Throughput excludes the first `--skip` steps (start-up, allocator warm-up). Model FLOPs per token are
6 * N_active + 12 * n_layer * d_model * T (forward + backward; N_active = parameters a token is
multiplied by: no embedding lookups, the tied output head included, top_k / n_experts of the expert
weights; the attention term is PaLM's, counting the full T x T score matrix). MFU = FLOPs per token *
tokens/s / peak FLOP/s, with the peak given by --peak-tflops (e.g. 989 for an H100 SXM in bf16 dense).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

from juliatag.evaluate import evaluate
from juliatag.model import flops_per_token
from juliatag.train import config_from_options, read_metrics, resolve_device, train

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.synthetic import write_synthetic_shards  # noqa: E402  (test support, not the library)


def bench_one(shards: Path, work: Path, arch: str, args) -> dict:
    options = {"shards": shards, "out": work / arch, "preset": args.preset, "arch": arch,
               "bitlinear": args.bitlinear, "steps": args.steps, "device": args.device, "seed": args.seed,
               "eval_interval": 0, "ckpt_interval": args.steps, "log_interval": max(1, args.steps // 30),
               "batch_size": args.batch_size, "lr": args.lr, "block_size": args.block_size,
               "grad_accum": args.grad_accum}
    cfg = config_from_options(options)  # the preset's defaults where an option is None
    stamps: dict[int, float] = {}
    summary = train(cfg, on_step=lambda info: stamps.__setitem__(info.step, time.perf_counter()))
    skip = min(args.skip, args.steps - 1)
    seconds = stamps[args.steps] - stamps[skip] if skip else summary["seconds"]
    timed_steps = args.steps - skip
    T = summary["window"]
    lines = [r for r in read_metrics(work / arch) if r["split"] == "train"]
    last = lines[-3:]
    vocab_size = json.loads((shards / "manifest.json").read_text())["vocab_size"]
    res = {
        "arch": arch, "preset": args.preset, "bitlinear": args.bitlinear, "parameters": summary["parameters"],
        "steps": args.steps, "batch_size": cfg.batch_size, "grad_accum": cfg.grad_accum, "window": T,
        "device": summary["device"], "train_seconds": summary["seconds"],
        "steps_per_s": timed_steps / seconds,
        "tokens_per_s": timed_steps * cfg.batch_size * cfg.grad_accum * T / seconds,
        "flops_per_token": flops_per_token(cfg.model_config(vocab_size), T),
        "loss_first": lines[0]["loss"], "loss_last": sum(r["loss"] for r in last) / len(last),
        "train_type_accuracy_last": sum(r["type_accuracy"] for r in last) / len(last),
    }
    res["loss_drop"] = 1 - res["loss_last"] / res["loss_first"]
    if args.peak_tflops:
        res["mfu"] = res["flops_per_token"] * res["tokens_per_s"] / (args.peak_tflops * 1e12)
    if not args.no_eval:
        ev = evaluate(work / arch, shards, max_batches=args.eval_batches or None, device=args.device)
        res.update({k: ev[k] for k in ("perplexity", "type_accuracy", "type_accuracy_baseline", "trouble_f1",
                                       "trouble_average_precision", "trouble_base_rate", "expert_load",
                                       "n_typed_targets", "n_target_tokens", "tokens_per_second")})
        res["blind_type_accuracy"] = ev["blind"]["type_accuracy"]
        res["blind_perplexity"] = ev["blind"]["perplexity"]
    return res


def bench_processes(shards: Path, work: Path, n: int, args) -> dict:
    """One `juliatag train` on n processes (torchrun for n > 1): global and per-process tokens/s."""
    out = work / f"procs{n}"
    opts = {"preset": args.preset, "arch": args.archs.split(",")[0], "steps": args.steps, "seed": args.seed,
            "device": args.device, "log-interval": 1, "eval-interval": 0, "ckpt-interval": args.steps,
            "batch-size": args.batch_size, "grad-accum": args.grad_accum, "block-size": args.block_size,
            "lr": args.lr}
    cli = ["-m", "juliatag.cli", "train", "--shards", str(shards), "--out", str(out)]
    for k, v in opts.items():
        if v is not None:
            cli += [f"--{k}", str(v)]
    launcher = [sys.executable] + (["-m", "torch.distributed.run", "--standalone", "--nproc_per_node", str(n)]
                                   if n > 1 else [])
    threads = args.threads or max(1, len(os.sched_getaffinity(0)) // n)
    env = {**os.environ, "OMP_NUM_THREADS": str(threads)}
    t0 = time.perf_counter()
    res = subprocess.run(launcher + cli, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if res.returncode:
        raise SystemExit(f"train on {n} processes failed:\n{res.stderr[-3000:]}")
    config = json.loads((out / "config.json").read_text())
    plan, T = config["distributed"], config["data"]["window"]
    lines = {r["step"]: r for r in read_metrics(out) if r["split"] == "train"}
    skip = min(args.skip, args.steps - 1)
    seconds = lines[args.steps]["elapsed_s"] - lines[skip]["elapsed_s"] if skip else lines[args.steps]["elapsed_s"]
    tokens = (args.steps - skip) * plan["tokens_per_step"]
    mcfg = config_from_options({"preset": args.preset, "arch": opts["arch"],
                                "block_size": args.block_size}).model_config(config["data"]["vocab_size"])
    r = {"processes": n, "backend": plan["backend"] or "-", "global_batch": plan["global_batch"], "window": T,
         "threads_per_process": threads, "device": config["train"]["device"],
         "tokens_per_s": tokens / seconds, "tokens_per_s_per_process": tokens / seconds / n,
         "steps_per_s": (args.steps - skip) / seconds, "wall_s": wall, "loss_last": lines[args.steps]["loss"],
         "flops_per_token": flops_per_token(mcfg, T)}
    if args.peak_tflops:
        r["mfu_per_process"] = r["flops_per_token"] * r["tokens_per_s_per_process"] / (args.peak_tflops * 1e12)
    return r


def processes_markdown(results: list[dict], args, shards: Path) -> str:
    load = os.getloadavg()[0]
    head = ["processes", "backend", "threads each", "global batch x window", "steps/s", "tokens/s (all)",
            "tokens/s per process", "last loss"] + (["MFU per process"] if args.peak_tflops else [])
    dev = "GPU " + torch.cuda.get_device_name(0) if torch.cuda.is_available() and args.device != "cpu" \
        else f"CPU {platform.machine()}, {len(os.sched_getaffinity(0))} cores"
    out = [f"## bench_train --processes: preset `{args.preset}`, {args.steps} steps, on `{shards}`", "",
           f"- {dev}; torch {torch.__version__}; load average {load:.1f} at the end; throughput leaves out "
           f"the first {args.skip} steps", "",
           "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        cells = [str(r["processes"]), r["backend"], str(r["threads_per_process"]),
                 f"{r['global_batch']} x {r['window']}", f"{r['steps_per_s']:.2f}", f"{r['tokens_per_s']:,.0f}",
                 f"{r['tokens_per_s_per_process']:,.0f}", f"{r['loss_last']:.3f}"]
        if args.peak_tflops:
            cells.append(f"{r['mfu_per_process']:.1%}")
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def row(r: dict) -> list[str]:
    cells = [r["arch"] + (" bitlinear" if r["bitlinear"] else ""), f"{r['parameters']:,}",
             f"{r['batch_size'] * r['grad_accum']} x {r['window']}", f"{r['steps_per_s']:.2f}",
             f"{r['tokens_per_s']:,.0f}", f"{r['loss_first']:.3f} → {r['loss_last']:.3f}",
             f"{r['loss_drop']:.0%}"]
    if "perplexity" in r:
        cells += [f"{r['perplexity']:.2f}", f"{r['type_accuracy']:.1%}", f"{r['type_accuracy_baseline']:.1%}",
                  f"{r['blind_type_accuracy']:.1%}", f"{r['trouble_f1']:.3f}",
                  f"{r['trouble_average_precision']:.3f} ({r['trouble_base_rate']:.3f})"]
    else:
        cells += ["–"] * 6
    if "mfu" in r:
        cells.append(f"{r['mfu']:.1%}")
    return cells


def markdown(results: list[dict], args, shards: Path, manifest: dict) -> str:
    dev = results[0]["device"]
    where = (torch.cuda.get_device_name(0) if dev.startswith("cuda")
             else f"CPU {platform.machine()}, {torch.get_num_threads()} torch threads")
    synthetic = ", SYNTHETIC fixture (not real packages)" if manifest.get("synthetic") else ""
    head = ["arch", "params", "batch x window", "steps/s", "tokens/s", "loss first → last", "drop",
            "perplexity", "type acc", "baseline", "blind type acc", "trouble F1", "trouble AP (base rate)"]
    head += ["MFU"] if args.peak_tflops else []
    out = [f"## bench_train: preset `{args.preset}`, {args.steps} steps, on `{shards}`", "",
           f"- shards: vocab {manifest['vocab_size']}, seq_len {manifest['seq_len']}{synthetic}",
           f"- device: {where}; torch {torch.__version__}; throughput leaves out the first {args.skip} steps",
           "",
           "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(row(r)) + " |" for r in results]
    out.append("")
    for r in results:
        load = ""
        if r.get("expert_load"):
            load = f"; expert load per MoE layer {[[round(x, 2) for x in lay] for lay in r['expert_load']]}"
        out.append(f"- {r['arch']}: {r['flops_per_token'] / 1e6:.1f} MFLOP per trained token "
                   f"(6·N_active + 12·L·d·T){load}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("shards", type=Path)
    ap.add_argument("--preset", default="tiny")
    ap.add_argument("--archs", default="moe,dense")
    ap.add_argument("--bitlinear", action="store_true")
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--batch-size", type=int)
    ap.add_argument("--grad-accum", type=int)
    ap.add_argument("--block-size", type=int)
    ap.add_argument("--lr", type=float)
    ap.add_argument("--seed", type=int, default=1337)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--threads", type=int, help="torch intra-op threads (CPU)")
    ap.add_argument("--skip", type=int, default=5, help="steps left out of the throughput figures")
    ap.add_argument("--eval-batches", type=int, default=50, help="0: the whole validation split")
    ap.add_argument("--no-eval", action="store_true")
    ap.add_argument("--peak-tflops", type=float, help="peak FLOP/s of the device in TFLOP/s, for MFU")
    ap.add_argument("--work", type=Path, help="folder for the runs (default: a temporary folder)")
    ap.add_argument("--out", type=Path, help="write the Markdown report here")
    ap.add_argument("--json", type=Path, help="also write the raw results as JSON here")
    ap.add_argument("--processes", help="comma-separated process counts: DDP throughput instead of MoE vs dense")
    ap.add_argument("--make-synthetic", action="store_true",
                    help="first write synthetic shards to SHARDS (vocab 8000, seq_len 512)")
    args = ap.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.make_synthetic:
        write_synthetic_shards(args.shards, vocab_size=8000, seq_len=512, train_rows=2000,
                               validation_rows=200)
    resolve_device(args.device)
    manifest = json.loads((args.shards / "manifest.json").read_text())
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        if args.processes:
            results = [bench_processes(args.shards, work, int(n), args) for n in args.processes.split(",")]
        else:
            results = [bench_one(args.shards, work, arch, args) for arch in args.archs.split(",")]
    report = (processes_markdown(results, args, args.shards) if args.processes
              else markdown(results, args, args.shards, manifest))
    print(report)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
