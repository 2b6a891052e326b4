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
