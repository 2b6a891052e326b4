"""Charts and the self-contained report.html; the headless-Chromium check that every chart loads."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from juliatag.stats import collect_stats

pytest.importorskip("matplotlib", reason="charts need matplotlib (pip install 'juliatag[stats]')")

from juliatag.stats.report import write_report

CHROMIUM = Path("/usr/bin/chromium")
CHART_NAMES = ["types", "stability", "concreteness", "lengths", "volume"]


@pytest.fixture(scope="module", params=["corpus", "shards"])
def report(request, tmp_path_factory):
    folder = request.getfixturevalue(request.param)
    out = tmp_path_factory.mktemp(f"report-{request.param}")
    return write_report(collect_stats(folder), out)


def test_files_and_embedding(report):
    assert [p.stem for p in report.charts] == CHART_NAMES
    page = report.html.read_text(encoding="utf-8")
    srcs = re.findall(r'<img src="([^"]+)"', page)
    assert len(srcs) == len(CHART_NAMES)
    for src, png in zip(srcs, report.charts):
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1]) == png.read_bytes()
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # self-contained: nothing to fetch
    assert not re.search(r'(src|href)="(?!data:)', page)
    assert "http://" not in page and "https://" not in page
    assert "<h2>Type ids (share of typed" in page and "<table>" in page


def test_corpus_report_tables(corpus, tmp_path):
    files = write_report(collect_stats(corpus), tmp_path)
    page = files.html.read_text(encoding="utf-8")
    for title in ("Packages", "Functions with unstable verdicts most often", "Files not labeled, by reason",
                  "Lexemes per split", "Concreteness and stability by package"):
        assert f"<h2>{title}</h2>" in page
    assert "<td>loose</td>" in page and "<td>duplicate</td>" in page


@pytest.mark.skipif(not CHROMIUM.exists(), reason="headless check needs Debian's chromium at /usr/bin/chromium "
                    "(apt-get install chromium); not installed here")
def test_every_chart_loads_in_headless_chromium(report, tmp_path):
    profile = tmp_path / "profile"
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
           f"--user-data-dir={profile}", "--virtual-time-budget=5000", "--dump-dom", report.html.as_uri()]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=45, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert r.returncode == 0, r.stderr[-2000:]
    dom = r.stdout
    body = re.search(r"<body([^>]*)>", dom)
    assert body, dom[:500]
    attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', body.group(1)))
    assert attrs.get("data-images-total") == str(len(CHART_NAMES)), attrs
    assert attrs.get("data-images-loaded") == str(len(CHART_NAMES)), attrs
    imgs = re.findall(r"<img[^>]*>", dom)
    assert len(imgs) == len(CHART_NAMES)
    assert all('data-loaded="true"' in img for img in imgs)


def test_empty_corpus(tmp_path):
    """A corpus whose only file was skipped: zero figures, and a report without the length chart."""
    from juliatag.ingest import IngestOptions, ingest

    (tmp_path / "src" / "P.jl" / "src").mkdir(parents=True)
    (tmp_path / "src" / "P.jl" / "src" / "empty.jl").write_text("")
    ingest([str(tmp_path / "src")], tmp_path / "corpus", IngestOptions(jobs=1))
    stats = collect_stats(tmp_path / "corpus")
    assert stats["totals"]["documents"] == 0 and stats["totals"]["lexemes"] == 0
    assert stats["skipped"]["by_reason"] == {"empty": 1}
    files = write_report(stats, tmp_path / "report")
    assert [p.stem for p in files.charts] == ["types", "stability", "concreteness", "volume"]
