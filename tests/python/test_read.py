"""msgforge.read and the Message, Address and Attachment objects."""

import concurrent.futures
import datetime

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
