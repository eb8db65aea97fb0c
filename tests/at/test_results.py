"""parse_final: which lines end a command."""

from __future__ import annotations

import pytest

from modem.at.events import ResultKind
from modem.at.results import parse_final


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("OK", (ResultKind.OK, None)),
        ("ERROR", (ResultKind.ERROR, None)),
        ("+CME ERROR: 10", (ResultKind.CME_ERROR, 10)),
        ("+CME ERROR:10", (ResultKind.CME_ERROR, 10)),
        ("+CME ERROR", (ResultKind.CME_ERROR, None)),
        ("+CMS ERROR: 500", (ResultKind.CMS_ERROR, 500)),
        ("+CMS ERROR: memory full", (ResultKind.CMS_ERROR, 322)),
        ("+EXT ERROR: 5", (ResultKind.VENDOR_ERROR, 5)),
        ("MODEM ERROR: 3", (ResultKind.VENDOR_ERROR, 3)),
        ("COMMAND NOT SUPPORT", (ResultKind.VENDOR_ERROR, None)),
        ("CONNECT", (ResultKind.CONNECT, None)),
        ("CONNECT 115200", (ResultKind.CONNECT, None)),
        ("NO DIAL TONE", (ResultKind.NO_DIALTONE, None)),
        ("ABORTED", (ResultKind.VENDOR_ERROR, None)),
        ("OK ", None),  # lines arrive stripped; this is not one
        ("+CME ERRORS", None),
        ("CONNECTED", None),
        ("ok", None),
        ("0", None),
        ('+CMTI: "SM",1', None),
    ],
)
def test_parse_final(line, expected):
    assert parse_final(line) == expected


def test_numeric_only_when_asked():
    assert parse_final("0", numeric=True) == (ResultKind.OK, None)
    assert parse_final("4", numeric=True) == (ResultKind.ERROR, None)
    assert parse_final("2", numeric=True) is None  # RING is unsolicited
    assert parse_final("9", numeric=True) is None


def test_extra_finals_from_a_profile():
    extra = {"SEND FAIL": ResultKind.VENDOR_ERROR}
    assert parse_final("SEND FAIL", extra=extra) == (ResultKind.VENDOR_ERROR, None)
    assert parse_final("SEND FAIL") is None
