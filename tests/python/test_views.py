"""Message.sms and Message.mms: the typed views (SmsView, MmsView, Slide, Part, Party)."""

import datetime

import pytest

import msgforge

from conftest import ROOT

TESTDATA = ROOT / "testdata" / "oms"
UTC = datetime.timezone.utc
T = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
JPEG = (TESTDATA / "photo.jpg").read_bytes()
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(28)


def test_a_received_sms_reads_back_typed():
    sms = msgforge.Sms(to=[("+15550199", "Me")], text="See you at 6\nBring the map", state="received",
                       sender=msgforge.Party("+15550100", "Ann"), time=T, read=False)
    v = msgforge.read(sms.to_bytes()).sms
    assert isinstance(v, msgforge.SmsView)
    assert isinstance(v, msgforge.OmsView)
    assert v.state == "received"
    assert v.direction == "incoming"
    assert v.message_class == "IPM.Note.Mobile.SMS"
    assert v.sender == msgforge.Party("+15550100", "Ann")
    assert (v.sender.number, v.sender.name) == ("+15550100", "Ann")
    assert v.to == [msgforge.Party("+15550199", "Me")]
    assert v.cc == [] and v.bcc == []
    assert v.time == T
    assert v.time.tzinfo is not None
    assert v.read is False
    assert v.text == "See you at 6\nBring the map"
    assert v.subject == "See you at 6"
    assert v.account is None and v.model is None and v.schedule is None
    assert v.warnings == []


def test_a_draft_sms_is_outgoing_without_time():
    v = msgforge.read(msgforge.Sms(to=["+15550199"], text="").to_bytes()).sms
    assert v.state == "draft"
    assert v.direction == "outgoing"
    assert v.time is None
    assert v.sender is None
    assert v.to == [msgforge.Party("+15550199")]
    assert v.text == ""


def test_an_sms_is_no_mms_and_a_note_neither():
    sms = msgforge.read(msgforge.Sms(to=["+15550199"], text="hi").to_bytes())
    assert sms.mms is None
    note = msgforge.Note(subject="x", body="y")
    assert note.sms is None and note.mms is None


def test_mms_slides_have_their_parts():
    mms = msgforge.Mms(to=["+15550199", ("+15550111", "Cy")], subject="Trip", state="sent",
                       sender="+15550100", time=T,
                       slides=[{"text": "Look"},
                               {"image": ("p.jpg", JPEG), "text": "here", "duration_ms": 2500},
                               {"audio": ("a.wav", WAV, "audio/wav")}],
                       extra=[("card.vcf", b"BEGIN:VCARD\r\nEND:VCARD\r\n", "text/vcard")])
    m = msgforge.read(mms.to_bytes())
    v = m.mms
    assert isinstance(v, msgforge.MmsView)
    assert m.sms is None
    assert v.state == "sent" and v.direction == "outgoing"
    assert v.sender == msgforge.Party("+15550100")
    assert [p.number for p in v.to] == ["+15550199", "+15550111"]
    assert v.to[1].name == "Cy"
    assert v.subject == "Trip"
    assert v.time == T

    first, second, third = v.slides
    assert isinstance(first, msgforge.Slide)
    assert first.text == "Look"
    assert first.visual is None and first.audio is None
    assert first.text_part.text == "Look"
    assert first.text_part.mime_type.startswith("text/plain")
    assert bytes(first.text_part.data).decode(first.text_charset) in ("Look", "\ufeffLook")
    assert [p.name for p in first.parts] == [first.text_part.name]

    assert second.text == "here"
    assert second.duration_ms == 2500
    picture = second.visual
    assert isinstance(picture, msgforge.Part)
    assert picture.mime_type == "image/jpeg"
    assert picture.name == "p.jpg"
    assert bytes(picture.data) == JPEG
    assert picture.text is None
    assert picture.hidden
    assert picture.content_id
    assert m.attachments[picture.index].name == "p.jpg"
    assert bytes(picture.attachment.data) == JPEG
    assert [p.mime_type for p in second.parts][1] == "image/jpeg"

    assert third.text == "" and third.text_part is None
    assert third.audio.mime_type == "audio/wav"
    assert bytes(third.audio.data) == WAV

    assert [(p.name, p.mime_type) for p in v.extra] == [("card.vcf", "text/vcard")]
    assert v.smil is not None
    assert b"<smil" in bytes(v.smil.data)
    assert v.smil.mime_type == "application/smil"


def test_view_parts_outlive_the_message():
    mms = msgforge.Mms(to=["+15550199"], slides=[{"image": ("p.jpg", JPEG)}])
    part = msgforge.read(mms.to_bytes()).mms.slides[0].visual
    assert bytes(part.data) == JPEG


def test_a_read_party_builds_a_reply():
    got = msgforge.read(msgforge.Sms(to=["+15550199"], text="ping", state="received",
                                     sender=("+15550100", "Ann"), time=T).to_bytes()).sms
    reply = msgforge.Sms(to=[got.sender], text="pong", state="sent", sender=got.to[0], time=T)
    v = msgforge.read(reply.to_bytes()).sms
    assert v.to == [msgforge.Party("+15550100", "Ann")]
    assert v.sender == msgforge.Party("+15550199")
    assert {msgforge.Party("+1", "a"), msgforge.Party("+1", "a")} == {msgforge.Party("+1", "a")}


def test_example_sms():
    """testdata/oms/sms.msg: `msgforge sms --to 'Bob Example <+15559870000>' --from
    +15551230000 --sent 2026-01-02T03:04:05Z --text 'Running late, see you at 10'`."""
    m = msgforge.read(TESTDATA / "sms.msg")
    v = m.sms
    assert m.mms is None
    assert (v.state, v.direction, v.read) == ("sent", "outgoing", True)
    assert v.sender == msgforge.Party("+15551230000")
    assert v.to == [msgforge.Party("+15559870000", "Bob Example")]
    assert v.time == datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert v.text == "Running late, see you at 10"
    assert v.subject == v.text
    assert v.source == 0
    assert v.warnings == []


def test_example_mms():
    """testdata/oms/mms.msg: a received MMS of two slides, the first with testdata/oms/photo.jpg."""
    m = msgforge.read(TESTDATA / "mms.msg")
    v = m.mms
    assert m.sms is None
    assert (v.state, v.direction) == ("received", "incoming")
    assert v.sender == msgforge.Party("+15551230000")
    assert v.to == [msgforge.Party("+15559870000", "Bob Example")]
    assert v.time == datetime.datetime(2026, 1, 2, 3, 5, tzinfo=UTC)
    assert v.subject == "At the beach"
    assert [s.text for s in v.slides] == ["Look at this, Bob!", "Back at six."]
    assert [s.duration_ms for s in v.slides] == [5000, 3000]
    assert [[(p.name, p.mime_type) for p in s.parts] for s in v.slides] == [
        [("1.txt", "text/plain"), ("photo.jpg", "image/jpeg")], [("2.txt", "text/plain")]]
    assert bytes(v.slides[0].visual.data) == JPEG
    for slide in v.slides:
        assert slide.text_charset == "utf-16"
        assert slide.text_part.text == slide.text
        assert bytes(slide.text_part.data).decode("utf-16") == slide.text
        assert all(p.hidden and p.content_id for p in slide.parts)
    assert v.smil.name == "MMS.smil"
    assert v.smil.index == 0
    assert v.extra == []
    assert v.warnings == []


@pytest.mark.parametrize("attribute", ["state", "direction", "message_class", "sender", "to", "cc", "bcc", "time",
                                       "sent_time", "read", "schedule", "account", "model",
                                       "source", "subject", "text", "html", "warnings"])
def test_every_view_attribute_is_documented(attribute):
    assert getattr(msgforge.OmsView, attribute).__doc__
