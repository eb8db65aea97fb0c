"""Event values: small, immutable, with the conveniences the driver uses."""

from __future__ import annotations

import dataclasses

import pytest

from modem.at.events import Prompt, Response, ResultKind, Urc


def test_events_are_frozen():
    for event, field in (
        (Response("AT", (), ResultKind.OK), "lines"),
        (Urc("RING"), "name"),
        (Prompt("AT+CMGS=1"), "command"),
    ):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(event, field, "x")


def test_response_ok_and_detail():
    assert Response("AT", (), ResultKind.OK).ok
    assert Response("ATD1", (), ResultKind.CONNECT, None, "CONNECT 9600").ok
    assert Response("ATD1", (), ResultKind.CONNECT, None, "CONNECT 9600").detail == "9600"
    err = Response("AT+CMGS=1", (), ResultKind.CMS_ERROR, 38, "+CMS ERROR: 38")
    assert not err.ok and err.detail == "38"
    assert Response("AT", (), ResultKind.ERROR, None, "ERROR").detail == ""
    assert ResultKind.OK.success and not ResultKind.BUSY.success


@pytest.mark.parametrize(
    ("urc", "line"),
    [
        (Urc("RING"), "RING"),
        (Urc("+CMTI", '"SM",3'), '+CMTI: "SM",3'),
        (Urc("+PBREADY"), "+PBREADY"),
        (Urc("", "garbage", None, False), "garbage"),
        (Urc("+FOO", "1", None, False), "+FOO: 1"),
        (Urc("+CMT", ",23", "0791"), "+CMT: ,23"),
    ],
)
def test_urc_line(urc, line):
    assert urc.line == line
