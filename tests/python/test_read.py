"""msgforge.read and the Message, Address and Attachment objects."""

import concurrent.futures
import datetime
import random
import threading
import time

import pytest

import msgforge

UTC = datetime.timezone.utc
SENT = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def note():
    return msgforge.Note(
        subject="Quarterly figures",
        sender=("Ann Smith", "ann@example.com"),
        to=["Bob <bob@example.com>"],
        cc=["cc@example.com"],
        bcc=[("Hidden", "b@example.com")],
        body="Figures attached.\r\n",
        html="<html><body><p>Figures <b>attached</b>.</p></body></html>",
        attachments=[("report.csv", b"col1,col2\n1,2\n", "text/csv"), ("a.bin", bytes(range(256)))],
        sent=SENT,
    )


def test_a_written_note_reads_back_with_every_field():
    m = msgforge.read(note().to_bytes())
    assert m.message_class == "IPM.Note"
    assert m.subject == "Quarterly figures"
    assert m.sender.name == "Ann Smith"
    assert m.sender.smtp == "ann@example.com"
    assert m.sender.address_type == "SMTP"
    assert m.sent_representing.smtp == "ann@example.com"
    assert [a.smtp for a in m.to] == ["bob@example.com"]
    assert [a.name for a in m.to] == ["Bob"]
    assert [a.smtp for a in m.cc] == ["cc@example.com"]
    assert [a.name for a in m.bcc] == ["Hidden"]
    assert m.sent == SENT
    assert m.sent.tzinfo is not None
    assert m.body == "Figures attached.\r\n"
    assert "<b>attached</b>" in m.html
    assert m.rtf is None or m.rtf.startswith(b"{\\rtf1")
    names = [a.name for a in m.attachments]
    assert names == ["report.csv", "a.bin"]
    csv = m.attachments[0]
    assert csv.mime_type == "text/csv"
    assert csv.size == 14
    assert bytes(csv.data) == b"col1,col2\n1,2\n"
    assert bytes(m.attachments[1].data) == bytes(range(256))
    assert csv.message is None
    assert m.properties[0x0037001F] == "Quarterly figures"
    assert m.warnings == []


def test_attachment_data_outlives_the_message(tmp_path):
    path = tmp_path / "n.msg"
    note().save(path)
    m = msgforge.read(path)
    data = m.attachments[1].data
    assert isinstance(data, memoryview)
    assert data.readonly
    del m
    assert bytes(data) == bytes(range(256))


def test_the_same_note_gives_the_same_bytes():
    assert note().to_bytes() == note().to_bytes()


def test_bad_input_raises_errors_naming_the_structure(tmp_path):
    with pytest.raises(msgforge.FormatError) as e:
        msgforge.read(b"not a compound file at all, just some bytes......")
    assert e.value.file == "<bytes>"
    assert e.value.structure == "header"
    assert e.value.offset == 0
    assert isinstance(e.value, msgforge.Error)
    with pytest.raises(msgforge.IoError) as e:
        msgforge.read(tmp_path / "missing.msg")
    assert "missing.msg" in e.value.file
    with pytest.raises(msgforge.IoError):
        note().save(tmp_path / "no-such-folder" / "x.msg")
    assert not (tmp_path / "no-such-folder").exists()


def test_read_takes_bytearray_and_memoryview():
    data = note().to_bytes()
    assert msgforge.read(bytearray(data)).to_bytes() == data
    assert msgforge.read(memoryview(data)).to_bytes() == data
    # A slice of a larger buffer is read as the bytes it covers.
    padded = bytearray(b"xx" + data + b"yy")
    assert msgforge.read(memoryview(padded)[2:-2]).subject == "Quarterly figures"
    with pytest.raises(BufferError):
        msgforge.read(memoryview(bytes(2 * len(data)))[::2])


def test_reading_from_threads_gives_the_same_messages():
    data = note().to_bytes()
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        subjects = list(pool.map(lambda _: msgforge.read(data).subject, range(16)))
    assert subjects == ["Quarterly figures"] * 16


def test_corpus_exchange_sender_resolves_to_smtp(corpus):
    m = msgforge.read(corpus / "outlook-message-parser" / "OutlookMessage_with_X500_dual_address.msg")
    assert m.sender.smtp == "sielenkemper@otris.de"
    assert m.sender.address_type == "EX"


def test_corpus_embedded_messages_and_named_properties(corpus):
    m = msgforge.read(corpus / "hiraoka-msgreader" / "test_Friday_Lunch.msg")
    embedded = [a.message for a in m.attachments if a.message is not None]
    assert len(embedded) >= 1
    assert all(isinstance(e, msgforge.Message) for e in embedded)
    named = [k for k in m.properties if isinstance(k, tuple)]
    assert named, "an appointment has named properties"
    assert all(len(k) == 2 and k[0].startswith("{") for k in named)


def test_to_json_is_dump_json():
    import json
    j = json.loads(note().to_json())
    assert j["subject"] == "Quarterly figures"
    assert j["sender"]["smtp"] == "ann@example.com"


def big_note():
    return msgforge.Note(subject="big", body="x",
                         attachments=[(f"{i}.bin", bytes([i % 251]) * 20_000) for i in range(400)])


def runs_while_the_call_runs(call):
    """Whether the main thread runs while `call` runs in another thread, and how long the call
    took. A thread that holds the GIL in C++ lets no Python code run until it returns: the main
    thread then gets at most a tick at each end of the call (where it may take the GIL between
    two bytecodes), instead of one every half millisecond."""
    span = {}

    def work():
        span["start"] = time.perf_counter()
        call()
        span["end"] = time.perf_counter()

    thread = threading.Thread(target=work)
    ticks = []
    thread.start()
    while thread.is_alive():
        ticks.append(time.perf_counter())
        time.sleep(0.0005)
    thread.join()
    inside = [t for t in ticks if span["start"] < t < span["end"]]
    return len(inside) >= 5, span["end"] - span["start"]


@pytest.mark.parametrize("what", ["read", "to_bytes", "to_eml", "from_eml"])
def test_parsing_and_writing_release_the_gil(what):
    m = big_note()
    data = m.to_bytes()
    eml = m.to_eml()
    calls = {"read": lambda: msgforge.read(data).attachments,
             "to_bytes": m.to_bytes,
             "to_eml": m.to_eml,
             "from_eml": lambda: msgforge.from_eml(eml)}
    ran, seconds = runs_while_the_call_runs(calls[what])
    assert ran, f"{what} took {seconds:.3f} s and held the GIL"


def test_a_call_that_holds_the_gil_is_seen():
    data = [random.random() for _ in range(1_000_000)]
    ran, seconds = runs_while_the_call_runs(lambda: sorted(data))
    assert not ran, f"sorting took {seconds:.3f} s and let the main thread run"
