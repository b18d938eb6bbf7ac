"""msgforge.Sms, Mms and validate."""

import datetime

import pytest

import msgforge

UTC = datetime.timezone.utc
T = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


def test_sms_builds_validates_and_reads_back(tmp_path):
    sms = msgforge.Sms(to=[("+15550199", "Me")], text="See you at 6", state="received",
                       sender=("+15550100", "Ann"), time=T)
    path = tmp_path / "s.msg"
    sms.save(path)
    assert msgforge.validate(path) == []
    m = msgforge.read(path)
    assert m.message_class == "IPM.Note.Mobile.SMS"
    v = m.sms
    assert v.text == "See you at 6"
    assert v.state == "received"
    assert v.sender == msgforge.Party("+15550100", "Ann")
    assert v.time == T
    assert m.mms is None


def test_mms_slides_come_back_in_order():
    mms = msgforge.Mms(to=["+15550199"], subject="Trip",
                       slides=[{"text": "Look"}, {"image": ("p.png", PNG), "text": "here", "duration_ms": 2500}],
                       state="sent", sender="+15550100", time=T)
    assert msgforge.validate(mms) == []
    v = msgforge.read(mms.to_bytes()).mms
    assert [s.text for s in v.slides] == ["Look", "here"]
    assert v.slides[1].duration_ms == 2500
    assert bytes(v.slides[1].visual.data) == PNG


def test_builders_refuse_what_cannot_be_written():
    with pytest.raises(msgforge.UsageError):
        msgforge.Sms(to=["+1555"], text="x", state="lost")
    with pytest.raises(msgforge.UsageError):
        msgforge.Sms(to=["+1555"], text="x", state="sent")  # no sender, no time
    with pytest.raises(msgforge.UsageError):
        msgforge.Mms(to=["+1555"], slides=[{"colour": "red"}])


def test_validate_reports_departures_from_the_specification():
    note = msgforge.Note(subject="not a phone message", body="x")
    findings = msgforge.validate(note)
    assert findings
    assert {f["severity"] for f in findings} <= {"MUST", "SHOULD"}


def test_a_failed_save_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "n.msg"
    msgforge.Note(subject="first").save(path)
    before = path.read_bytes()
    crowded = msgforge.Note(subject="second", to=[f"r{i}@example.com" for i in range(2049)])
    with pytest.raises(msgforge.UsageError):
        crowded.save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["n.msg"]
