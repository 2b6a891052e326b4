"""Dask executor on loopback gives the same corpus as the local one."""

import pytest

from juliatag.ingest import IngestOptions, ingest

from .conftest import tree_bytes

distributed = pytest.importorskip("distributed", reason="dask[distributed] not installed")


def test_dask_local_cluster_matches_local(packages, tmp_path):
    ingest([str(packages)], tmp_path / "local", IngestOptions(jobs=1, task_bytes=600))
    ingest([str(packages)], tmp_path / "dask", IngestOptions(jobs=2, task_bytes=600, executor="dask"))
    local, dask = tree_bytes(tmp_path / "local"), tree_bytes(tmp_path / "dask")
    assert len([k for k in local if k.endswith(".arrow")]) > 2  # several tasks really ran
    assert local == dask


def test_dask_existing_scheduler_on_loopback(packages, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        ingest([str(packages)], tmp_path / "remote",
               IngestOptions(jobs=2, task_bytes=600, executor="dask", scheduler=cluster.scheduler_address))
    ingest([str(packages)], tmp_path / "local", IngestOptions(jobs=1, task_bytes=600))
    assert tree_bytes(tmp_path / "remote") == tree_bytes(tmp_path / "local")


def test_unreachable_scheduler_is_a_clear_error(packages, tmp_path):
    from juliatag.errors import JuliatagError

    with pytest.raises(JuliatagError, match="cannot reach the Dask scheduler"):
        ingest([str(packages)], tmp_path / "x",
               IngestOptions(jobs=1, executor="dask", scheduler="tcp://127.0.0.1:9", connect_timeout=2))
