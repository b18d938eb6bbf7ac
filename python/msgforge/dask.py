"""Records of many .msg files on a Dask cluster (docs/python.md).

The file list is split into partitions that the workers turn into records with the C++
library, each partition on one worker; the records are exactly those of `msgforge records`.
Point a dask.distributed Client at a real scheduler (Client("tcp://scheduler:8786")) and give
paths on storage every worker can read.
"""

import json
import os

import dask.bag as db

from . import message_files
from ._msgforge import _record_lines


def _partition_records(files, bodies):
    return [json.loads(line) for line in _record_lines(list(files), 1, bodies)]


def _partition_lines(files, bodies):
    return list(_record_lines(list(files), 1, bodies))


def records_bag(paths, files_per_partition=64, bodies=False):
    """A dask.bag of record dicts for the message files under paths (listed here, on the
    client), in path order."""
    files = message_files(paths)
    count = max(1, -(-len(files) // files_per_partition))
    bag = db.from_sequence(files, npartitions=count)
    return bag.map_partitions(_partition_records, bodies)


def records_to_jsonl(paths, out_dir, client=None, files_per_partition=64, bodies=False):
    """Writes the records as JSON Lines files out_dir/00000.jsonl, 00001.jsonl, ... (one per
    partition, in path order) from the workers, and returns their paths. Runs on client when
    given, else on Dask's default scheduler."""
    files = message_files(paths)
    os.makedirs(out_dir, exist_ok=True)
    count = max(1, -(-len(files) // files_per_partition))
    lines = db.from_sequence(files, npartitions=count).map_partitions(_partition_lines, bodies)
    target = os.path.join(os.fspath(out_dir), "*.jsonl")
    work = lines.to_textfiles(target, name_function=lambda i: "%05d" % i, compute=False)
    if client is not None:
        futures = client.compute(work)
        client.gather(futures)
    else:
        import dask
        dask.compute(*work)
    return [os.path.join(os.fspath(out_dir), "%05d.jsonl" % i) for i in range(count)]
