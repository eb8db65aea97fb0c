"""modem/device/ussd.py: +CUSD texts in every form modems send them (TS 23.038 §5 CBS DCS)."""

from __future__ import annotations

import pytest

from modem.at.info import Ussd, UssdStatus
from modem.device.ussd import cbs_alphabet, decode_reply, encode_request


@pytest.mark.parametrize(
    ("dcs", "alphabet"),
    [(None, "gsm7"), (0x0F, "gsm7"), (0x00, "gsm7"), (0x11, "ucs2"), (0x48, "ucs2"),
     (0x44, "8bit"), (0xF4, "8bit"), (0xF0, "gsm7"), (0x94, "8bit")],
)  # fmt: skip
def test_cbs_alphabet(dcs: int | None, alphabet: str) -> None:
    assert cbs_alphabet(dcs) == alphabet


def test_plain_text() -> None:
    reply = decode_reply(Ussd(UssdStatus.DONE, "Balance 5.00", 15))
    assert (reply.status, reply.text, reply.raw) == (0, "Balance 5.00", "Balance 5.00")


def test_ucs2_hex() -> None:
    raw = "Grüße 😀".encode("utf-16-be").hex().upper()
    assert decode_reply(Ussd(UssdStatus.DONE, raw, 72)).text == "Grüße 😀"
    with_language = ("en" + "Hi").encode("utf-16-be").hex()
    assert decode_reply(Ussd(UssdStatus.DONE, with_language, 0x11)).text == "Hi"


def test_packed_gsm7_only_when_the_profile_says_so() -> None:
    text, dcs = encode_request("*100#", packed=True)
    assert dcs == 15 and text == "AA180C3602"  # the packed form Huawei sticks expect
    assert decode_reply(Ussd(UssdStatus.DONE, text, 15), packed=True).text == "*100#"
    # A hex-looking plain answer from a modem that does not pack stays as it is.
    assert decode_reply(Ussd(UssdStatus.DONE, "1234", 15)).text == "1234"


def test_menu_needs_answer() -> None:
    assert decode_reply(Ussd(UssdStatus.ACTION_REQUIRED, "1. Yes", 15)).needs_answer
    assert decode_reply(Ussd(UssdStatus.NOT_SUPPORTED)).text is None
