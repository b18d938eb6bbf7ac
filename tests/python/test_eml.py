"""Message.to_eml and msgforge.from_eml against `msgforge convert`, byte for byte."""

import datetime
import subprocess

import pytest

import msgforge

from conftest import ROOT

TESTDATA = ROOT / "testdata"
UTC = datetime.timezone.utc


def convert(cli, source, target):
    subprocess.run([cli, "convert", str(source), "-o", str(target)], check=True,
                   capture_output=True)
    return target.read_bytes()


def note(tmp_path):
    path = tmp_path / "note.msg"
    msgforge.Note(subject="Figures", sender="Ann <ann@example.com>", to=["bob@example.com"],
                  body="See the file.\r\n", attachments=[("a.csv", b"x,y\n1,2\n", "text/csv")],
                  sent=datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)).save(path)
    return path


@pytest.mark.parametrize("name", ["msg/hand_written.msg", "oms/sms.msg", "oms/mms.msg"])
def test_to_eml_is_what_convert_writes(cli, tmp_path, name):
    source = TESTDATA / name
    eml = msgforge.read(source).to_eml()
    assert eml == convert(cli, source, tmp_path / "out.eml")
    assert b"\r\n\r\n" in eml


def test_to_eml_of_a_built_note(cli, tmp_path):
    path = note(tmp_path)
    eml = msgforge.read(path).to_eml()
    assert eml == convert(cli, path, tmp_path / "out.eml")
    assert b"Subject: Figures\r\n" in eml
    assert b'filename="a.csv"' in eml or b"filename=a.csv" in eml


def test_to_eml_without_transport_headers_leaves_them_out():
    m = msgforge.read(TESTDATA / "msg" / "hand_written.msg")
    headers = m.properties.get(0x007D001F)
    with_them = m.to_eml()
    without = m.to_eml(transport_headers=False)
    if headers is None:
        assert with_them == without
    else:
        assert len(without) < len(with_them)


@pytest.mark.parametrize("name", ["plain.eml", "mixed.eml", "signed.eml"])
def test_from_eml_is_what_convert_writes(cli, tmp_path, name):
    source = TESTDATA / "mime" / name
    expected = convert(cli, source, tmp_path / "out.msg")
    assert msgforge.from_eml(source).to_bytes() == expected
    assert msgforge.from_eml(str(source)).to_bytes() == expected
    assert msgforge.from_eml(source.read_bytes()).to_bytes() == expected
    assert msgforge.from_eml(bytearray(source.read_bytes())).to_bytes() == expected
    assert msgforge.from_eml(memoryview(source.read_bytes())).to_bytes() == expected


def test_from_eml_reads_the_fields():
    m = msgforge.from_eml(TESTDATA / "mime" / "mixed.eml")
    assert m.message_class == "IPM.Note"
    assert m.subject
    assert m.attachments
    again = msgforge.read(m.to_bytes())
    assert again.subject == m.subject
    assert [a.name for a in again.attachments] == [a.name for a in m.attachments]


def test_a_note_goes_to_eml_and_back(tmp_path):
    m = msgforge.read(note(tmp_path))
    back = msgforge.from_eml(m.to_eml())
    assert back.subject == "Figures"
    assert back.sender.smtp == "ann@example.com"
    assert [a.smtp for a in back.to] == ["bob@example.com"]
    assert back.body.replace("\r\n", "\n").strip() == "See the file."
    assert [(a.name, bytes(a.data)) for a in back.attachments] == [("a.csv", b"x,y\n1,2\n")]
    assert back.sent == m.sent


def test_from_eml_errors_name_the_file(tmp_path):
    with pytest.raises(msgforge.IoError) as e:
        msgforge.from_eml(tmp_path / "missing.eml")
    assert "missing.eml" in e.value.file
    with pytest.raises(msgforge.IoError):
        msgforge.from_eml(tmp_path)


def test_from_eml_keeps_what_it_tolerated_as_warnings():
    m = msgforge.from_eml(b"just a line of text, no header block\r\n")
    assert m.warnings
    assert "just a line of text" in m.body


def converts_as_the_cli_does(cli, files, target, ours):
    """For each file, `ours(file)` gives the bytes `msgforge convert file -o target` writes, or
    raises msgforge.Error where convert fails; returns how many files were compared."""
    assert files
    compared = 0
    for path in files:
        done = subprocess.run([cli, "convert", str(path), "-o", str(target)], capture_output=True)
        if done.returncode != 0:
            with pytest.raises(msgforge.Error):
                ours(path)
            continue
        assert ours(path) == target.read_bytes(), path
        compared += 1
    return compared


def test_corpus_messages_convert_as_the_cli_does(cli, corpus, tmp_path):
    files = sorted(corpus.rglob("*.msg"))[::10]
    compared = converts_as_the_cli_does(cli, files, tmp_path / "c.eml",
                                        lambda path: msgforge.read(path).to_eml())
    assert compared >= len(files) // 2


def test_corpus_eml_files_convert_as_the_cli_does(cli, corpus, tmp_path):
    files = sorted(corpus.rglob("*.eml"))[::25]
    compared = converts_as_the_cli_does(cli, files, tmp_path / "c.msg",
                                        lambda path: msgforge.from_eml(path).to_bytes())
    assert compared >= len(files) // 2
