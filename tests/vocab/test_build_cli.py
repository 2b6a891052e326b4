"""`juliatag build-vocab` end to end: files written, HF conventions, report, errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from tokenizers import Tokenizer
from typer.testing import CliRunner

from juliatag.cli.app import app
from juliatag.errors import MissingInputError
from juliatag.special_tokens import SPECIAL_TOKENS
from juliatag.vocab import build_vocab


@pytest.fixture(scope="module")
def built(corpus_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("tok")
    result = CliRunner().invoke(app, ["build-vocab", "--corpus", str(corpus_dir), "--out", str(out),
                                      "--vocab-size", "1200"])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_cli_writes_loadable_tokenizer(built, corpus_dir):
    out, output = built
    tok = Tokenizer.from_file(str(out / "tokenizer.json"))
    assert [tok.token_to_id(t) for t in SPECIAL_TOKENS] == list(range(6))
    text = "function f(x::Int) where T\n    return x ÷ 2  # α ≤ β 🎉\nend\n"
    assert tok.decode(tok.encode(text).ids) == text
    assert "chars/token" in output and "round trip" in output


def test_transformers_side_files(built):
    out, _ = built
    config = json.loads((out / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert config["tokenizer_class"] == "PreTrainedTokenizerFast"
    assert config["eos_token"] == "<|endoftext|>" and config["bos_token"] == "<|endoftext|>"
    assert config["pad_token"] == "<|pad|>" and config["unk_token"] == "<|endoftext|>"
    assert config["model_max_length"] == 2048
    assert config["clean_up_tokenization_spaces"] is False
    assert [config["added_tokens_decoder"][str(i)]["content"] for i in range(6)] == list(SPECIAL_TOKENS)
    assert all(entry["special"] for entry in config["added_tokens_decoder"].values())
    special_map = json.loads((out / "special_tokens_map.json").read_text(encoding="utf-8"))
    assert special_map["additional_special_tokens"] == ["<|file_sep|>", "<|fim_prefix|>", "<|fim_middle|>",
                                                        "<|fim_suffix|>"]


def test_report_contents(built):
    out, _ = built
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["ok"] is True
    assert report["check"]["roundtrip_failures"] == 0
    assert report["check"]["files"] == report["corpus"]["files"] == 5
    assert all(a["ok"] for a in report["atomic"]) and len(report["atomic"]) >= 21
    assert report["special_tokens"] == {t: i for i, t in enumerate(SPECIAL_TOKENS)}
    # a tiny corpus cannot fill 1200 tokens: the build reports the real size and warns
    assert report["vocab_size"] < report["vocab_size_requested"] == 1200
    assert any("too small" in w for w in report["warnings"])
    assert report["vocab_stats"]["whitespace_only_tokens"] > 0
    assert report["tokenizer_sha256"]


def test_max_train_bytes_samples(corpus_dir, small_spec, tmp_path):
    report = build_vocab(corpus_dir, tmp_path, small_spec, max_train_bytes=1500)
    assert report["training"]["sampled"] is True
    assert report["training"]["files"] < report["corpus"]["files"]
    assert report["check"]["files"] == report["corpus"]["files"]  # checks still cover every file


def test_missing_corpus_is_a_one_line_error(tmp_path):
    with pytest.raises(MissingInputError, match="no lexeme corpus"):
        build_vocab(tmp_path / "nowhere", tmp_path / "out")
    proc = subprocess.run(
        [sys.executable, "-c", "from juliatag.cli import main; main()", "build-vocab", "--corpus",
         str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith("juliatag: error: no lexeme corpus")
    assert len(proc.stderr.strip().splitlines()) == 1


def test_parse_size():
    from juliatag.cli.vocab import parse_size

    assert parse_size("64M") == 64 << 20
    assert parse_size("1.5G") == int(1.5 * (1 << 30))
    assert parse_size("1000") == 1000
    assert parse_size(None) is None
