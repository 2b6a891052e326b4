"""How the planner cuts files into tasks: runs in discovery order, bounded by bytes and file count,
and by the end of a package that is not small, so that no task holds the end of one such package and
the start of the next (its worker would read both packages' other files)."""

from pathlib import Path

from juliatag.ingest.options import IngestOptions
from juliatag.ingest.plan import PACKAGE_ALONE_FRACTION, make_plan


def _package(root: Path, name: str, sizes: list[int]) -> None:
    pkg = root / f"{name}.jl"
    (pkg / "src").mkdir(parents=True)
    (pkg / "Project.toml").write_text(f'name = "{name}"\n')
    for i, n in enumerate(sizes):
        body = f"# {name} file {i}\n" + "".join(f"f{name}{i}_{k}(x) = x + {k}\n" for k in range(n))
        (pkg / "src" / f"f{i}.jl").write_text(body)


def _bytes(root: Path, name: str) -> int:
    return sum(f.stat().st_size for f in (root / f"{name}.jl" / "src").iterdir())


def _tasks(root: Path, **options) -> list[list[str]]:
    plan = make_plan([str(root)], IngestOptions(jobs=1, **options))
    return [[ref.package for ref in task] for task in plan.tasks]


def test_a_package_that_is_not_small_has_tasks_of_its_own(tmp_path):
    _package(tmp_path, "Big", [40, 40, 40])
    _package(tmp_path, "Next", [40, 40])
    everything = _bytes(tmp_path, "Big") + _bytes(tmp_path, "Next")
    # room for everything in one task by bytes, and Big is 1/PACKAGE_ALONE_FRACTION of a task
    tasks = _tasks(tmp_path, task_bytes=_bytes(tmp_path, "Big") * PACKAGE_ALONE_FRACTION)
    assert _bytes(tmp_path, "Big") * PACKAGE_ALONE_FRACTION > everything
    assert tasks == [["Big"] * 3, ["Next"] * 2]


def test_small_packages_share_tasks(tmp_path):
    for name in ("A", "B", "C"):
        _package(tmp_path, name, [1])
    one_file = (tmp_path / "A.jl" / "src" / "f0.jl").stat().st_size
    # each package is under 1/PACKAGE_ALONE_FRACTION of a task: they go together
    tasks = _tasks(tmp_path, task_bytes=one_file * PACKAGE_ALONE_FRACTION + one_file)
    assert tasks == [["A", "B", "C"]]
    # as large as that fraction, each has its own
    tasks = _tasks(tmp_path, task_bytes=one_file * PACKAGE_ALONE_FRACTION)
    assert tasks == [["A"], ["B"], ["C"]]


def test_bytes_and_file_counts_still_cut_within_a_package(tmp_path):
    _package(tmp_path, "Big", [40, 40, 40, 40])
    assert _tasks(tmp_path, task_files=3) == [["Big"] * 3, ["Big"]]


def test_a_run_cut_by_another_rule_is_not_resumed(tmp_path, monkeypatch):
    # an interrupted run's tasks are reused only where the plan's fingerprint is the same: one cut by
    # another rule holds other files under the same task numbers
    from juliatag.ingest import plan as plan_module
    _package(tmp_path, "Big", [40, 40])
    before = make_plan([str(tmp_path)], IngestOptions(jobs=1)).fingerprint
    monkeypatch.setattr(plan_module, "PACKAGE_ALONE_FRACTION", PACKAGE_ALONE_FRACTION * 2)
    assert plan_module.make_plan([str(tmp_path)], IngestOptions(jobs=1)).fingerprint != before
