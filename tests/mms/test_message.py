"""MmsMessage: building an M-Send.req from text and files, SMIL, size limits."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from mms_vectors import VECTORS

from modem.errors import MmsError, MmsTooLarge
from modem.mms import (
    INSERT_ADDRESS,
    MmsMessage,
    Part,
    SendReq,
    check_size,
    decode_pdu,
    generate_smil,
    phone_address,
    plain_address,
)
from modem.mms.message import DEFAULT_LIMIT, guess_content_type, new_transaction_id
from modem.mms.smil import slides

JPEG = b"\xff\xd8\xff\xe0" + bytes(100)


def test_build_text_and_image() -> None:
    msg = MmsMessage.build("+47 123 45 678", text="Hei på deg", subject="Bilde ✓",
                           attachments=[(JPEG, "cat.jpg")])  # fmt: skip
    pdu = decode_pdu(msg.encode(transaction_id="T1"))
    assert isinstance(pdu, SendReq)
    assert pdu.transaction_id == "T1" and pdu.sender == INSERT_ADDRESS
    assert pdu.to == ("+4712345678/TYPE=PLMN",) and pdu.subject == "Bilde ✓"
    assert pdu.content_type.media_type == "application/vnd.wap.multipart.related"
    assert pdu.content_type.start == "<smil>" and pdu.content_type.get("type") == "application/smil"
    smil, text, image = pdu.parts
    assert smil.media_type == "application/smil" and smil.content_id == "<smil>"
    assert text.text == "Hei på deg" and text.content_type.charset == "utf-8"
    assert image.media_type == "image/jpeg" and image.data == JPEG
    assert image.content_location == "cat.jpg" and image.content_type.name == "cat.jpg"
    assert pdu.text == "Hei på deg"


def test_generated_smil_one_slide_per_image_with_its_text() -> None:
    msg = (MmsMessage(to=("1",)).add_text("intro").add_image(JPEG, "a.jpg").add_text("about a")
           .add_image(JPEG, "b.png").add_audio(b"#!AMR\n", "s.amr").add_text("about b")
           .add_video(b"\0\0\0\x18ftyp3gp", "v.3gp"))  # fmt: skip
    root = ET.fromstring(msg.body_parts()[0].data)
    pars = root.find("body").findall("par")
    layout = [[(el.tag, el.get("src")) for el in par] for par in pars]
    assert layout == [
        [("text", "text_0.txt")],
        [("img", "a.jpg"), ("text", "text_2.txt")],
        [("img", "b.png"), ("text", "text_5.txt"), ("audio", "s.amr")],
        [("video", "v.3gp")],
    ]
    assert {r.get("id") for r in root.iter("region")} == {"Image", "Text"}


def test_text_added_before_its_image_shares_the_slide() -> None:
    # what build(to, text=..., attachments=[...]) and `modem mms encode --text --attach` do
    msg = MmsMessage.build("1", text="caption", attachments=[(JPEG, "a.jpg"), (JPEG, "b.jpg")])
    pars = ET.fromstring(msg.body_parts()[0].data).find("body").findall("par")
    layout = [[(el.tag, el.get("src")) for el in par] for par in pars]
    assert layout == [[("img", "a.jpg"), ("text", "text_0.txt")], [("img", "b.jpg")]]


def test_smil_given_is_used_and_a_smil_part_is_kept() -> None:
    msg = MmsMessage(to=("1",), smil="<smil><body/></smil>").add_text("x")
    assert msg.body_parts()[0].data == b"<smil><body/></smil>"
    pdu = decode_pdu(VECTORS["pm_openwave"][1])
    received = MmsMessage.from_pdu(pdu)
    assert received.smil.startswith("<smil>") and received.text == "rubrik"
    assert all(p.media_type != "application/smil" for p in received.parts)


def test_same_name_twice_and_content_types() -> None:
    msg = MmsMessage(to=("1",)).add_file(JPEG, "a.jpg").add_file(JPEG, "dir/a.jpg")
    assert [p.content_location for p in msg.parts] == ["a.jpg", "a_1.jpg"]
    assert guess_content_type("x.AMR") == "audio/amr"
    assert guess_content_type("x.3gp") == "video/3gpp"
    assert guess_content_type("x.unknown") == "application/octet-stream"
    assert msg.add_file(b"BEGIN:VCARD", "me.vcf").parts[-1].content_type.charset == "utf-8"


def test_addresses() -> None:
    assert phone_address("+1 (555) 010-0000") == "+15550100000/TYPE=PLMN"
    assert phone_address("ann@example.com") == "ann@example.com"
    assert phone_address("123/TYPE=PLMN") == "123/TYPE=PLMN"
    assert plain_address("+4712345678/TYPE=PLMN") == "+4712345678"
    assert plain_address("ann@example.com") == "ann@example.com"


def test_size_limit_reports_how_much_over() -> None:
    msg = MmsMessage.build("1", attachments=[(bytes(DEFAULT_LIMIT), "big.jpg")])
    with pytest.raises(MmsTooLarge) as info:
        msg.encode("T")
    error = info.value
    assert error.limit == 300 * 1024 and error.over == error.size - error.limit > 0
    assert "over the limit" in str(error)
    assert len(msg.encode("T", limit=1_000_000)) == error.size  # a 1 MB carrier takes it
    assert msg.encode("T", limit=None)
    check_size(b"x" * 10, 10)
    with pytest.raises(MmsTooLarge):
        check_size(11, 10)


def test_options_and_errors() -> None:
    msg = MmsMessage.build(["1", "2"], text="t", expiry=timedelta(days=2), delivery_report=True,
                           read_report=False, cc=("3",))  # fmt: skip
    pdu = decode_pdu(msg.encode("T"))
    assert pdu.to == ("1/TYPE=PLMN", "2/TYPE=PLMN") and pdu.cc == ("3/TYPE=PLMN",)
    assert pdu.expiry == timedelta(days=2) and pdu.delivery_report and pdu.read_report is False
    with pytest.raises(MmsError, match="recipient"):
        MmsMessage().add_text("x").encode("T")
    assert new_transaction_id() != new_transaction_id()
    assert msg.encode().startswith(b"\x8c\x80\x98")  # a fresh transaction id when none given


def test_smil_escapes_and_cid_fallback() -> None:
    part = Part.from_text("x", content_id="<a&b>")
    assert 'src="cid:a&amp;b"' in generate_smil([part])
    assert slides([]) == []


def test_content_location_of_a_file_is_ascii_and_the_name_is_kept() -> None:
    # Content-Location has no charset and SMIL's src names the part by it, as a URI
    msg = MmsMessage.build(
        "1", attachments=[(JPEG, "Bilde på hytta.jpg"), (JPEG, "Bilde på hytta.jpg")]
    )
    pdu = decode_pdu(msg.encode(transaction_id="T1"))
    first, second = pdu.parts[1:]
    assert (
        first.content_location == "Bilde_p__hytta.jpg"
        and first.content_id == "<Bilde_p__hytta.jpg>"
    )
    assert second.content_location == "Bilde_p__hytta_1.jpg"
    assert first.content_type.name == "Bilde på hytta.jpg"
    assert 'src="Bilde_p__hytta.jpg"' in pdu.parts[0].text
