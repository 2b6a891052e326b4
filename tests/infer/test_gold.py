"""The static labeler against gold files: the public set, and the team's extended and held-out sets."""

from pathlib import Path

import pytest

from juliatag.labels import label_source
from juliatag.scoring import score_gold
from juliatag.syntax import get_parser

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = ROOT.parent / "shared" / "gold" / "labels_public.toml"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module")
def parser():
    return get_parser("fatou")


def _score(path, parser):
    return score_gold(path, lambda data: label_source(data, parser))


@pytest.mark.skipif(not PUBLIC.is_file(), reason="../shared/gold is not beside this checkout")
def test_public_gold_scores_at_least_95_percent(parser):
    result = _score(PUBLIC, parser)
    misses = [(c.case, c.what, c.expected, c.got) for c in result.checks if not c.ok]
    assert result.score >= 0.95, misses


@pytest.mark.parametrize("name,floor", [("gold_extended.toml", 0.95), ("gold_holdout.toml", 0.85)])
def test_team_gold_sets(parser, name, floor):
    path = FIXTURES / name
    if not path.is_file():
        pytest.skip(f"{name} not present")
    result = _score(path, parser)
    misses = [(c.case, c.what, c.expected, c.got) for c in result.checks if not c.ok]
    assert result.score >= floor, misses[:20]
