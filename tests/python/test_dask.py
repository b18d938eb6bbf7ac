"""msgforge.dask: the records of `msgforge records`, computed on a local cluster of 2 worker
processes."""

import json
import subprocess

import pytest

import msgforge

distributed = pytest.importorskip("distributed")
msgforge_dask = pytest.importorskip("msgforge.dask")


def test_a_two_process_cluster_gives_the_clis_records(tmp_path, cli):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(40):
        msgforge.Note(subject="m%d" % i, to=["b@example.com"], body="x").save(src / ("m%02d.msg" % i))
    (src / "broken.msg").write_bytes(b"garbage")
    run = subprocess.run([cli, "records", str(src)], capture_output=True, text=True)
    expected = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(expected) == 41

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        files = msgforge_dask.records_to_jsonl(src, tmp_path / "out", client=client, files_per_partition=8)
        assert len(files) == 6
        got = [json.loads(line) for f in files for line in open(f, encoding="utf-8").read().splitlines()]
        assert got == expected
        bag = msgforge_dask.records_bag(src, files_per_partition=8)
        assert bag.npartitions == 6
        assert client.compute(bag).result() == expected
