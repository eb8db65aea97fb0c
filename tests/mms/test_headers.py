"""Every header field of OMA-TS-MMS-ENC-V1_3 §7.4 Table 25, encoded and decoded (§7.3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mms_strategies import values_for

from modem.errors import MmsError
from modem.mms import enums as e
from modem.mms.enums import Field
from modem.mms.header_list import decode_headers
from modem.mms.headers import CODECS, INSERT_ADDRESS, encode_header, header_name


def test_every_field_has_a_codec_and_a_strategy() -> None:
    assert set(CODECS) == set(Field)
    for field in Field:
        values_for(field)


@pytest.mark.parametrize("field", list(Field), ids=lambda f: f.name)
@settings(deadline=None)
@given(data=st.data())
def test_round_trip(field: Field, data: st.DataObject) -> None:
    value = data.draw(values_for(field))
    wire = encode_header(field, value)
    assert wire[0] == 0x80 | field
    headers, end = decode_headers(wire)
    assert end == len(wire)
    assert headers == [(field, value)]


@pytest.mark.parametrize(
    ("field", "value", "wire"),
    [
        (Field.MESSAGE_TYPE, e.MessageType.M_SEND_REQ, "8c80"),
        (Field.MMS_VERSION, "1.2", "8d92"),
        (Field.MMS_VERSION, "1.3", "8d93"),
        (Field.FROM, INSERT_ADDRESS, "890181"),
        (Field.FROM, "+1/TYPE=PLMN", "890e802b312f545950453d504c4d4e00"),
        (Field.DELIVERY_REPORT, False, "8681"),
        (Field.EXPIRY, timedelta(seconds=259200), "8805810303f480"),
        (Field.EXPIRY, datetime(2002, 12, 20, 21, 26, 56, tzinfo=UTC), "880680043e038b20"),
        (Field.MESSAGE_SIZE, 29696, "8e027400"),
        (Field.MESSAGE_CLASS, e.MessageClass.AUTO, "8a83"),
        (Field.SUBJECT, "IL", "96494c00"),
        (Field.RESPONSE_STATUS, e.ResponseStatus.ERROR_PERMANENT_LACK_OF_PREPAID, "92eb"),
        (Field.RETRIEVE_STATUS, e.RetrieveStatus.ERROR_PERMANENT_MESSAGE_NOT_FOUND, "99e2"),
        (Field.READ_STATUS, e.ReadStatus.READ, "9b80"),
        (Field.PREVIOUSLY_SENT_BY, (1, "a@b.c"), "a00781 6140622e6300"),
    ],
)  # fmt: skip
def test_wire_examples(field: Field, value: object, wire: str) -> None:
    assert encode_header(field, value).hex() == wire.replace(" ", "")
    assert decode_headers(bytes.fromhex(wire.replace(" ", "")))[0] == [(field, value)]


def test_gammu_style_expiry_and_bare_from() -> None:
    # 88 05 81 03 02 A3 A3: relative expiry as Gammu's MMSINDICATOR writes it
    assert decode_headers(bytes.fromhex("88058103 02a3a3".replace(" ", "")))[0] == [
        (Field.EXPIRY, timedelta(seconds=0x02A3A3))
    ]
    # From without its Value-length (old encoders)
    assert decode_headers(b"\x89+47/TYPE=PLMN\x00")[0] == [(Field.FROM, "+47/TYPE=PLMN")]


def test_unknown_token_value_is_kept() -> None:
    assert decode_headers(b"\x8f\x9f")[0] == [(Field.PRIORITY, 0x9F)]
    assert encode_header(Field.PRIORITY, 0x9F) == b"\x8f\x9f"


def test_stops_after_content_type() -> None:
    headers, end = decode_headers(b"\x84\xa3\x01\x02\x03")
    assert headers == [(Field.CONTENT_TYPE, headers[0][1])] and end == 2


def test_errors_name_the_header_and_offset() -> None:
    with pytest.raises(MmsError, match=r"X-Mms-Expiry.*token 0x99") as info:
        decode_headers(b"\x8c\x82\x88\x02\x99\x01")
    assert info.value.offset == 4
    with pytest.raises(MmsError, match="runs past the end"):
        decode_headers(b"\x8c\x82\x8e\x04\x01")
    with pytest.raises(MmsError, match="expected a header field"):
        decode_headers(b"\x8c\x82\x05")
    with pytest.raises(MmsError, match="cannot encode X-Mms-Message-Size"):
        encode_header(Field.MESSAGE_SIZE, -1)
    with pytest.raises(MmsError, match="cannot encode Date"):
        encode_header(Field.DATE, "yesterday")


def test_names() -> None:
    assert header_name(Field.MMS_VERSION) == "X-Mms-MMS-Version"
    assert header_name(Field.RETRIEVE_STATUS) == "X-Mms-Retrieve-Status"
    assert header_name(0x7A) == "X-Mms-Unknown-0x7A"
    assert e.MessageType.M_NOTIFYRESP_IND.pdu_name == "M-NotifyResp.ind"
    assert e.MessageType.M_MBOX_DELETE_CONF.pdu_name == "M-Mbox-Delete.conf"
