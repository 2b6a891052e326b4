"""The local executor keeps a package's tasks on one worker where the work can still be shared out,
and its output does not depend on which worker ran what."""

from juliatag.ingest.executors import TaskQueue, TaskSpec, main_package, package_groups


def _spec(index: int, *files: tuple) -> TaskSpec:
    return TaskSpec(index, 0, [{"package": p, "size": n} for p, n in files], {})


def test_a_task_belongs_to_the_package_most_of_its_bytes_belong_to():
    assert main_package(_spec(0, ("A", 10), ("B", 30), ("A", 5))) == "B"
    assert main_package(_spec(0, ("A", 10), ("B", 10))) == "A"     # a tie: the first


def test_groups_are_runs_of_one_package_largest_first():
    specs = [_spec(0, ("A", 5)), _spec(1, ("A", 5)), _spec(2, ("B", 30)), _spec(3, ("C", 3)), _spec(4, ("A", 1))]
    groups = package_groups(specs)
    assert [[s.index for s in g] for g in groups] == [[2], [0, 1], [3], [4]]


def test_a_worker_finishes_its_package_then_takes_a_new_one_then_helps_the_busiest():
    specs = [_spec(i, ("A", 10)) for i in range(4)] + [_spec(4 + i, ("B", 6)) for i in range(2)] + [_spec(6, ("C", 1))]
    q = TaskQueue(specs, 2)
    assert q.next(0).index == 0 and q.next(1).index == 4       # A to worker 0, B to worker 1
    assert q.next(1).index == 5                                 # worker 1 stays on B
    assert q.next(1).index == 6                                 # then the only package left: C
    assert q.next(0).index == 1
    assert q.next(1).index == 3                                 # then the end of worker 0's A
    assert q.next(0).index == 2
    assert q.next(0) is None and q.next(1) is None


def test_a_worker_is_replaced_between_packages_once_it_holds_too_much_and_labels_do_not_change(tmp_path, monkeypatch):
    from juliatag.ingest import IngestOptions, ingest
    from juliatag.ingest import executors

    from .conftest import tree_bytes, write_packages
    packages = write_packages(tmp_path, 4)
    ingest([str(packages)], tmp_path / "kept", IngestOptions(jobs=2, task_bytes=600))
    recycled = []
    monkeypatch.setattr(executors, "WORKER_RECYCLE_BYTES", 1)   # every worker, after every package
    original = executors._Worker.recycle
    monkeypatch.setattr(executors._Worker, "recycle", lambda self: (recycled.append(1), original(self)))
    ingest([str(packages)], tmp_path / "recycled", IngestOptions(jobs=2, task_bytes=600))
    assert len(recycled) >= 2           # four packages on two workers: at least one handover each
    assert tree_bytes(tmp_path / "recycled") == tree_bytes(tmp_path / "kept")


def test_only_a_result_that_reports_enough_memory_recycles():
    from juliatag.ingest.executors import worth_recycling
    from juliatag.jobs import WORKER_RECYCLE_BYTES
    assert worth_recycling({"index": 0, "files": 3, "resident_bytes": WORKER_RECYCLE_BYTES})
    assert not worth_recycling({"index": 0, "files": 3, "resident_bytes": WORKER_RECYCLE_BYTES - 1})
    assert not worth_recycling({"index": 0, "files": 3, "resident_bytes": None})   # not readable here
    assert not worth_recycling(None)


def test_resident_memory_is_read_where_the_system_gives_it():
    from juliatag.jobs import resident_bytes
    held = resident_bytes()
    assert held is None or held > 1 << 20
