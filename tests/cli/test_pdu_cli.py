"""`modem pdu decode|encode` and `modem sms count`, through click's CliRunner and once through the
installed console script (exit codes, no traceback)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
    for key in ("type", "message_type", "smsc", "address", "address_type", "reference", "pid",
                "dcs", "encoding", "message_class", "timestamp", "discharge_time", "status",
                "text", "data", "udh", "concat", "ports", "warnings"):  # fmt: skip
        assert key in d
    assert d["type"] == "sms.tpdu" and d["message_type"] == "SMS-DELIVER"
    assert d["address"] == "+16505551111" and d["warnings"] == []
    assert d["address_type"] == "international" and d["encoding"] == "gsm7"
    assert d["timestamp"] == "2006-06-06T15:03:03-07:00" and d["text"] == "Test"
    assert d["concat"] is None and d["ports"] is None and d["tpdu_length"] == 23


def test_decode_status_report_json() -> None:
    _, out, _ = run("pdu", "decode", "--json", REPORT)
    d = json.loads(out)
    assert (d["message_type"], d["reference"], d["status"]) == ("SMS-STATUS-REPORT", 214, 0)
    assert (d["outcome"], d["status_text"]) == ("delivered", "received by the recipient")
    assert d["discharge_time"] == "2011-01-11T17:59:17+01:00"


def test_decode_no_smsc_spaces_lower_case() -> None:
    code, out, _ = run("pdu", "decode", "--no-smsc", "--json", "01 00 05 91 21 43 f5 00 00 0b",
                       "c8329bfd06dddf723619")  # fmt: skip
    assert code == 0
    d = json.loads(out)
    assert d["message_type"] == "SMS-SUBMIT" and d["text"] == "Hello world" and d["smsc"] is None


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("pdu", "decode", "zz"), "not hexadecimal"),
        (("pdu", "decode", "0003"), "TP-MTI 3"),
        (
            ("pdu", "decode", "--strict", "0041010C910661345542F60008A0050003000301306F3044"),
            "TP-UDL",
        ),
        (("pdu", "encode", "--to", "+47x1", "--text", "x"), "international"),
        (("pdu", "encode", "--to", "+4712345678", "--text", "x", "--validity", "soon"), "duration"),
        (("pdu", "encode", "--to", "+4712345678", "--text", "😀", "--encoding", "gsm7"), "index 0"),
        (("pdu", "encode", "--to", "+4712345678"), "exactly one"),
        (("sms", "count", "x", "--encoding", "klingon"), "klingon"),
        (("pdu", "decode", "001"), "odd number of hex digits"),
        (("pdu", "decode"), "Missing argument"),
        (
            ("pdu", "encode", "--to", "12345678901234567890123", "--text", "x"),
            "has 23 digits, more than the 20 an SMS address holds",
        ),
        (
            ("pdu", "encode", "--to", "+1234567890123456789012", "--text", "x"),
            "has 22 digits, more than the 20",
        ),
        (("pdu", "encode", "--to", "MyVeryLongBankName", "--text", "x"), "more than the 11"),
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
    assert json.loads(out) == {"type": "sms.count", "encoding": "gsm7", "language": None,
                               "parts": 1, "units": 8,
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


# --- issue 14 item 10, warnings, and no traceback whatever the input -------------------------

# babca/python-gsmmodem issue #15: a status report whose TP-SCTS time zone octet (C2) is not BCD
REPORT_BAD_TZ = "0006230E9126983575169498610103409544C26101034095448200"
# gammu/gammu tests/at-sms/40.dump: an M-Notification.ind in one WAP push SMS
GAMMU_PUSH = (
    "07912374151616F6440B911174164210F000F571309290346280860605040B8423F04F06226170706C6963617469"
    "6F6E2F766E642E7761702E6D6D732D6D65737361676500AF848C82983831343630343934406D6D7331008D928918"
    "802B33333333333439333231312F545950453D504C4D4E0096008F8186818A808E03017A598805810303F4808368"
    "7474703A2F2F6D74732F3F69643D383134363034393400"
)


def test_report_with_dcs_and_no_pid_decodes_item_10() -> None:
    # REPORT (python-gsmmodem) with TP-PI 02 and a TP-DCS appended, built here
    code, out, err = run("pdu", "decode", REPORT + "0200")
    assert code == 0, err
    assert "SMS-STATUS-REPORT" in out and "pid" not in out and "GSM 7-bit" in out
    assert "status:    0x00 delivered: received by the recipient" in out
    code, out, _ = run("pdu", "decode", "--json", REPORT + "0200")
    d = json.loads(out)
    assert (d["pid"], d["dcs"], d["warnings"]) == (None, 0, [])


def test_submit_to_the_wap_push_port_decodes_item_10() -> None:
    from modem.sms import plan_data

    body = decode_pdu(GAMMU_PUSH).data  # type: ignore[union-attr]
    (part,) = plan_data("+4712345678", body, ports=(2948, 9200)).parts
    code, out, err = run("pdu", "decode", part.pdu)
    assert code == 0, err
    assert "SMS-SUBMIT" in out and "M-Notification.ind" in out
    assert "X-Mms-Content-Location: http://mts/?id=81460494" in out
    code, out, _ = run("pdu", "decode", "--json", part.pdu)
    mms = json.loads(out)["wap_push"]["mms"]
    assert mms["message_type"] == "M-Notification.ind"
    assert mms["headers"]["X-Mms-Message-Class"] == "Personal"


def test_warnings_in_text_and_json_and_strict_refuses() -> None:
    code, out, _ = run("pdu", "decode", REPORT_BAD_TZ)
    assert code == 0
    assert "warning:   TP-SCTS time zone octet C2 is not a BCD number" in out
    assert "timestamp: 2016-10-30T04:59:44.000Z" in out
    code, out, _ = run("pdu", "decode", "--json", REPORT_BAD_TZ)
    d = json.loads(out)
    assert d["outcome"] == "delivered" and len(d["warnings"]) == 1
    code, out, err = run("pdu", "decode", "--strict", REPORT_BAD_TZ)
    assert code == 2 and err.startswith("error: ") and "time zone octet C2" in err


def test_truncated_push_still_shows_the_whole_notification() -> None:
    # GAMMU_PUSH without its last octet (the NUL that ends the Content-Location), as a modem
    # that drops the end of a line prints it: TP-UDL says one octet more than follows
    code, out, err = run("pdu", "decode", GAMMU_PUSH[:-2])
    assert code == 0, err
    assert "TP-UDL of 134 octets is longer than the 133 octets that follow" in out
    assert "X-Mms-Content-Location: http://mts/?id=81460494" in out
    assert "lacks its terminating NUL" in out
    code, out, _ = run("pdu", "decode", "--json", GAMMU_PUSH[:-2])
    push = json.loads(out)["wap_push"]
    assert push["mms"]["headers"]["X-Mms-Content-Location"] == "http://mts/?id=81460494"
    assert push["mms"]["warnings"]


def _no_traceback(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    err = result.stderr if result.stderr_bytes is not None else ""
    assert result.exit_code in (0, 2), (args, result.exception)
    assert "Traceback" not in result.stdout + err
    if result.exit_code == 2:
        assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err


VALID = [AOSP, REPORT, REPORT_BAD_TZ, GAMMU_PUSH]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=160), flags=st.sampled_from([[], ["--json"], ["--no-smsc"]]))
def test_fuzz_decode_any_bytes(data: bytes, flags: list[str]) -> None:
    _no_traceback(["pdu", "decode", *flags, data.hex() or "00"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.sampled_from(VALID),
    edits=st.lists(st.tuples(st.integers(0, 200), st.integers(0, 255)), max_size=4),
    cut=st.integers(0, 40),
    flags=st.sampled_from([[], ["--json"], ["--strict"]]),
)
def test_fuzz_decode_near_real_pdus(
    base: str, edits: list[tuple[int, int]], cut: int, flags: list[str]
) -> None:
    raw = bytearray.fromhex(base)
    for where, octet in edits:
        raw[where % len(raw)] = octet
    raw = raw[: max(1, len(raw) - cut)]
    _no_traceback(["pdu", "decode", *flags, raw.hex()])
