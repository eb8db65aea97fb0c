"""`modem pdu decode|encode` and `modem sms count`, through click's CliRunner and once through the
installed console script (exit codes, no traceback)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cli.main import main
from modem.sms import Address, Deliver, UserDataHeader, encode_pdu
from modem.sms.pdu import decode_pdu

# AOSP GsmSmsTest testAddressing
AOSP = "07914151551512f2040B916105551511f100006060605130308A04D4F29C0E"
# python-gsmmodem test_pdu.py: a status report without SMSC prefix content ("00")
REPORT = "0006D60B911326880736F4111011719551401110117195714000"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    stderr = result.stderr if result.stderr_bytes is not None else ""
    return result.exit_code, result.stdout, stderr


def test_decode_text() -> None:
    code, out, _ = run("pdu", "decode", AOSP)
    assert code == 0
    assert "SMS-DELIVER" in out and "+16505551111" in out and "'Test'" in out


def test_decode_json_keys() -> None:
    code, out, _ = run("pdu", "decode", "--json", AOSP)
    assert code == 0
    d = json.loads(out)
    for key in ("type", "smsc", "address", "address_type", "reference", "pid", "dcs",
                "encoding", "message_class", "timestamp", "discharge_time", "status", "text",
                "data", "udh", "concat", "ports"):  # fmt: skip
        assert key in d
    assert d["type"] == "deliver" and d["address"] == "+16505551111"
    assert d["address_type"] == "international" and d["encoding"] == "gsm7"
    assert d["timestamp"] == "2006-06-06T15:03:03-07:00" and d["text"] == "Test"
    assert d["concat"] is None and d["ports"] is None and d["tpdu_length"] == 23


def test_decode_status_report_json() -> None:
    _, out, _ = run("pdu", "decode", "--json", REPORT)
    d = json.loads(out)
    assert (d["type"], d["reference"], d["status"]) == ("status-report", 214, 0)
    assert d["discharge_time"] == "2011-01-11T17:59:17+01:00"


def test_decode_no_smsc_spaces_lower_case() -> None:
    code, out, _ = run("pdu", "decode", "--no-smsc", "--json", "01 00 05 91 21 43 f5 00 00 0b",
                       "c8329bfd06dddf723619")  # fmt: skip
    assert code == 0
    d = json.loads(out)
    assert d["type"] == "submit" and d["text"] == "Hello world" and d["smsc"] is None


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("pdu", "decode", "zz"), "not hexadecimal"),
        (("pdu", "decode", "0003"), "TP-MTI 3"),
        (("pdu", "decode", "0041010C910661345542F60008A0050003000301306F3044"), "TP-UDL"),
        (("pdu", "encode", "--to", "+47x1", "--text", "x"), "international"),
        (("pdu", "encode", "--to", "+4712345678", "--text", "x", "--validity", "soon"), "duration"),
        (("pdu", "encode", "--to", "+4712345678", "--text", "😀", "--encoding", "gsm7"), "index 0"),
        (("pdu", "encode", "--to", "+4712345678"), "exactly one"),
        (("sms", "count", "x", "--encoding", "klingon"), "klingon"),
        (("pdu", "decode", "001"), "odd number of hex digits"),
        (("pdu", "decode"), "Missing argument"),
        (("pdu", "encode", "--to", "12345678901234567890123", "--text", "x"), "more than 20"),
        (("pdu", "encode", "--to", "MyVeryLongBankName", "--text", "x"), "longer than 11"),
        (("pdu", "encode", "--to", "1", "--text", "x", "--encoding", "klingon"), "klingon"),
        (("pdu", "encode", "--to", "1", "--text", "x", "--language", "klingon"), "klingon"),
        (("pdu", "encode", "--to", "1", "--text", "ж", "--encoding", "turkish"), "turkish tables"),
        (("pdu", "encode", "--to", "1", "--text", "x", "--validity", "0m"), "more than zero"),
        (("pdu", "encode", "--to", "1", "--text", "x", "--validity", "64w"), "63 weeks"),
        (("pdu", "encode", "--to", "1", "--text", "x", "--validity", "2026-13-01"), "ISO 8601"),
        (
            ("pdu", "encode", "--to", "1", "--text", "x", "--validity", "2026-12-01T10:00+01:10"),
            "quarter hours",
        ),
        (("pdu", "encode", "--to", "1", "--text", "x", "--class", "4"), "--class"),
        (("pdu", "encode", "--to", "1", "--text", "x", "--smsc", "MyBank"), "--smsc"),
        (("pdu", "encode", "--to", "1", "--data", "0g"), "--data"),
        (("pdu", "encode", "--to", "1", "--text", "x", "--port", "x"), "--port"),
        (("pdu", "encode", "--to", "1", "--text", "x" * 40000), "255"),
        (("sms", "count"), "Missing argument"),
        (("sms", "count", "ж", "--encoding", "gsm7"), "index 0"),
    ],
)
def test_bad_input_is_one_line_exit_2(args: tuple[str, ...], needle: str) -> None:
    code, out, err = run(*args)
    assert code == 2, (out, err)
    assert needle in err
    assert "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: "), err


def test_encode_absolute_validity() -> None:
    code, out, _ = run("pdu", "encode", "--to", "1", "--text", "x", "--validity",
                       "2026-12-24T18:00-03:30", "--json")  # fmt: skip
    assert code == 0
    tpdu = decode_pdu(json.loads(out)["parts"][0]["pdu"])
    assert tpdu.validity.isoformat() == "2026-12-24T18:00:00-03:30"  # type: ignore[union-attr]


def test_encode_single_part() -> None:
    code, out, _ = run("pdu", "encode", "--to", "+27820001111", "--text", "Hello World!")
    assert code == 0
    # python-gsmmodem test_encodeSmsSubmit #1 (no status report, TP-MR 0)
    assert out.splitlines() == [
        "part 1/1: AT+CMGS=24",
        "0001000B917228001011F100000CC8329BFD065DDF72363904",
    ]


def test_encode_options_json() -> None:
    code, out, _ = run("pdu", "encode", "--to", "+4712345678", "--text", "x" * 200 + " 😀",
                       "--smsc", "+4790002100", "--class", "0", "--status-report",
                       "--validity", "2d", "--ref16", "--reference", "4660", "--json")  # fmt: skip
    assert code == 0
    d = json.loads(out)
    assert d["encoding"] == "ucs2" and len(d["parts"]) == 4 and d["count"]["parts"] == 4
    for n, part in enumerate(d["parts"], 1):
        tpdu = decode_pdu(part["pdu"])
        assert str(tpdu.smsc) == "+4790002100"
        assert tpdu.status_report_request and tpdu.message_class == 0  # type: ignore[union-attr]
        assert tpdu.validity.days == 2  # type: ignore[union-attr]
        assert tpdu.concat is not None and tpdu.concat.reference == 4660
        assert tpdu.concat.bits == 16 and tpdu.concat.sequence == n
        assert part["length"] == len(bytes.fromhex(part["pdu"])) - 7


def test_encode_data_with_ports() -> None:
    _, out, _ = run("pdu", "encode", "--to", "12345", "--data", "0106" + "00" * 150,
                       "--port", "2948:9200", "--json")  # fmt: skip
    d = json.loads(out)
    assert len(d["parts"]) == 2 and d["encoding"] == "8bit"
    tpdu = decode_pdu(d["parts"][0]["pdu"])
    assert tpdu.ports is not None and (tpdu.ports.destination, tpdu.ports.source) == (2948, 9200)


def test_sms_count() -> None:
    code, out, _ = run("sms", "count", "--json", "hello €")
    assert code == 0
    assert json.loads(out) == {"encoding": "gsm7", "language": None, "parts": 1, "units": 8,
                               "characters": 7, "per_part": 160, "remaining": 152}  # fmt: skip
    code, out, _ = run("sms", "count", "a" * 161)
    assert code == 0 and "parts:     2" in out


def _console_script() -> list[str]:
    exe = shutil.which("modem")
    return [exe] if exe else [sys.executable, "-m", "cli.main"]


def test_console_script_exit_codes() -> None:
    ok = subprocess.run([*_console_script(), "pdu", "decode", "--json", AOSP],
                        capture_output=True, text=True, timeout=60)  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["text"] == "Test"
    bad = subprocess.run([*_console_script(), "pdu", "decode", "0004"],
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: ") and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_decode_summary_names_flags_and_national_tables() -> None:
    # An SMS-DELIVER built here: TP-MMS clear (more messages), Turkish shift IEs 0x24/0x25.
    tpdu = Deliver(Address.parse("MyBank"), decode_pdu(AOSP).timestamp, text="Şeker €",
                   udh=UserDataHeader.build(locking_shift=1, single_shift=1),
                   more_messages=True)  # fmt: skip
    code, out, _ = run("pdu", "decode", "--no-smsc", encode_pdu(tpdu, smsc=False).hex())
    assert code == 0
    assert "flags:     more messages waiting (TP-MMS)" in out
    assert "alphabet:  Turkish tables" in out and "'Şeker €'" in out
    code, out, _ = run("pdu", "decode", "--json", "--no-smsc", encode_pdu(tpdu, smsc=False).hex())
    d = json.loads(out)
    assert (d["more_messages"], d["locking_shift"], d["single_shift"]) == (True, 1, 1)
