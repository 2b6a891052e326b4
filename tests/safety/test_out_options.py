"""Issue 15 (options part) for the commands of the output side: one options dataclass per command,
checked in the library (`resolved()`), the CLI passing only what the user set, and one
progress-event protocol."""

from __future__ import annotations

import pytest

from juliatag.errors import JuliatagError


def _options_classes():
    from juliatag.ingest.options import IngestOptions
    from juliatag.options import CompareOptions, LabelOptions, ScoreOptions
    from juliatag.shards.options import ShardOptions
    from juliatag.stats import StatsOptions
    from juliatag.vocab.options import VocabOptions

    return {"ingest": (IngestOptions, {"task_files": 0}), "shard": (ShardOptions, {"seq_len": 1}),
            "build-vocab": (VocabOptions, {"max_train_bytes": 0}), "stats": (StatsOptions, {"top": 0}),
            "label": (LabelOptions, {"backend": "nope"}), "score-labels": (ScoreOptions, {"gold": ()}),
            "compare-backends": (CompareOptions, {"file_timeout": float("nan")})}


@pytest.mark.parametrize("command", ["ingest", "shard", "build-vocab", "stats", "label", "score-labels",
                                     "compare-backends"])
def test_every_command_has_checked_options(command):
    cls, bad = _options_classes()[command]
    with pytest.raises(JuliatagError):
        cls(**bad).resolved()
    if command != "score-labels":
        assert isinstance(cls().resolved(), cls)


@pytest.mark.parametrize("command", ["ingest", "shard", "stats", "compare-backends", "label"])
def test_the_cli_repeats_no_default(command):
    """Options that the dataclass defaults reach the library only when the user sets them."""
    import dataclasses

    import typer.main

    from juliatag.cli import app

    cls, _ = _options_classes()[command]
    fields = {f.name for f in dataclasses.fields(cls)}
    click_cmd = typer.main.get_command(app).commands[command]
    params = [p for p in click_cmd.params if p.name in fields]
    assert params
    for p in params:
        assert p.default in (None, False), (p.name, p.default)


def test_one_progress_protocol(tmp_path, tree, tokenizer):
    from juliatag.ingest import IngestOptions, ingest
    from juliatag.progress import ProgressEvent
    from juliatag.shards import ShardOptions, build_shards
    from juliatag.vocab import build_vocab

    events = []
    summary = ingest([str(tree)], tmp_path / "c", IngestOptions(jobs=1), progress=events.append)
    build_shards(tmp_path / "c", tokenizer, tmp_path / "s", ShardOptions(seq_len=64, formats=("arrow",), jobs=1),
                 progress=events.append)
    build_vocab(tmp_path / "c", tmp_path / "tok", vocab_size=1200, progress=events.append)
    assert events and all(isinstance(e, ProgressEvent) for e in events)
    stages = {e.stage for e in events}
    assert {"reading", "labeling", "encoding"} <= stages
    labeling = [e for e in events if e.stage == "labeling"]
    assert labeling[-1].done == labeling[-1].total == sum(1 for _ in range(summary.files_seen - summary.duplicates))
    for stage in stages:
        done = [e.done for e in events if e.stage == stage]
        assert done == sorted(done) or stage == "training", stage
