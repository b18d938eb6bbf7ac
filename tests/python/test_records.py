"""msgforge.records and records_to_jsonl: the records of `msgforge records`."""

import json
import subprocess

import msgforge


def folder(tmp_path):
    for i in range(12):
        msgforge.Note(subject="message %d" % i, sender="a@example.com", to=["b@example.com"],
                      body="text %d" % i, attachments=[("f.txt", b"x" * i)]).save(tmp_path / ("m%02d.msg" % i))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad.MSG").write_bytes(b"garbage")
    (tmp_path / "sub" / "ignored.txt").write_text("x")
    return tmp_path


def cli_lines(cli, *args):
    run = subprocess.run([cli, "records", *map(str, args)], capture_output=True, text=True)
    return run.returncode, [json.loads(line) for line in run.stdout.splitlines()]


def test_records_are_the_clis_whatever_the_threads(tmp_path, cli):
    d = folder(tmp_path)
    status, expected = cli_lines(cli, d, "--bodies")
    assert status == 1
    assert len(expected) == 13
    assert msgforge.records(d, threads=1, bodies=True) == expected
    assert msgforge.records([d], threads=3, bodies=True) == expected
    assert expected[0]["subject"] == "message 0"
    assert "error" in expected[-1]


def test_records_to_jsonl_streams_to_a_file(tmp_path, cli):
    src = tmp_path / "in"
    src.mkdir()
    d = folder(src)
    out = tmp_path / "out.jsonl"
    summary = msgforge.records_to_jsonl(d, out, threads=2)
    assert summary == {"files": 13, "records": 13, "failed": 1}
    _, expected = cli_lines(cli, d)
    assert [json.loads(line) for line in out.read_text().splitlines()] == expected


def test_message_files_finds_messages_like_the_cli(tmp_path):
    d = folder(tmp_path)
    files = msgforge.message_files(d)
    assert len(files) == 13
    assert files == sorted(files)
    assert files[-1].endswith("bad.MSG")
