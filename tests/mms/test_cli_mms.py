"""`modem mms decode|encode`, and `modem pdu decode` of a WAP push part (the hook in cli/pdu.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mms_vectors import VECTORS, WAP_PUSH_SMS

from cli.main import main
from modem.mms import (
    DeliveryInd,
    NotificationInd,
    SendReq,
    Status,
    decode_pdu,
    push_delivers,
)
from modem.sms.pdu import decode_pdu as decode_sms
from modem.sms.pdu import encode_pdu

PUSH_HEX = "".join(decode_sms(h).data.hex() for h in WAP_PUSH_SMS)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_decode_file_text(tmp_path: Path) -> None:
    path = tmp_path / "simple.mms"
    path.write_bytes(bytes.fromhex(VECTORS["pm_simple"][1]))
    code, out = run("mms", "decode", str(path))
    assert code == 0
    assert "M-Retrieve.conf" in out and "Subject: Simple message" in out
    assert "Date: 2002-12-20T21:26:56.000Z" in out
    assert "This is a simple MMS message with a single text body part." in out


def test_decode_hex_json_and_extract(tmp_path: Path) -> None:
    code, out = run("mms", "decode", VECTORS["pm_openwave"][1], "--json", "--extract",
                    str(tmp_path / "parts"))  # fmt: skip
    assert code == 0
    obj = json.loads(out)
    assert obj["message_type"] == "M-Send.req"
    assert obj["headers"]["Subject"] == "rubrik" and obj["headers"]["To"] == ["112/TYPE=PLMN"]
    assert [p["content_type"].split(";")[0] for p in obj["parts"]] == ["application/smil",
                                                                        "text/plain"]  # fmt: skip
    files = sorted(p.name for p in (tmp_path / "parts").iterdir())
    assert len(files) == 2 and all(Path(p["extracted"]).exists() for p in obj["parts"])


def test_decode_wap_push() -> None:
    code, out = run("mms", "decode", PUSH_HEX)
    assert code == 0 and "WAP push" in out and "M-Notification.ind" in out
    assert "X-Mms-Message-Size: 29696" in out


def test_encode_hex_decodes_back_from_a_file(tmp_path: Path) -> None:
    output = tmp_path / "out.hex"
    code, out = run("mms", "encode", "--to", "123", "--text", "hi", "--hex", "-o", str(output))
    assert code == 0, out
    code, out = run("mms", "decode", str(output))
    assert code == 0 and "M-Send.req" in out and "hi" in out


def test_decode_confirmed_push() -> None:
    confirmed = bytes.fromhex(PUSH_HEX)
    confirmed = confirmed[:1] + b"\x07" + confirmed[2:]
    code, out = run("mms", "decode", confirmed.hex())
    assert code == 0 and "WAP push" in out and "M-Notification.ind" in out


def test_decode_errors_are_one_line() -> None:
    # a PDU that ends in the middle of an application header: left out, with a warning
    code, out = run("mms", "decode", "8c82980041")
    assert code == 0 and "warning: an application header is cut off" in out, out
    code, out = run("mms", "decode", "--strict", "8c82980041")
    assert code == 2 and out.startswith("error: ") and "NUL" in out
    code, out = run("mms", "decode", "not-hex")
    assert code == 2 and "neither a file nor hexadecimal" in out


def test_encode(tmp_path: Path) -> None:
    image = tmp_path / "cat.jpg"
    image.write_bytes(b"\xff\xd8\xff" + bytes(1000))
    output = tmp_path / "out.mms"
    code, out = run("mms", "encode", "--to", "+47 123 45 678", "--subject", "Bilde ✓", "--text",
                    "Hei", "--attach", str(image), "--output", str(output),
                    "--transaction-id", "T9", "--expiry", "2d", "--delivery-report")  # fmt: skip
    assert code == 0, out
    pdu = decode_pdu(output.read_bytes())
    assert isinstance(pdu, SendReq) and pdu.transaction_id == "T9"
    assert pdu.to == ("+4712345678/TYPE=PLMN",) and pdu.subject == "Bilde ✓"
    assert [p.media_type for p in pdu.parts] == ["application/smil", "text/plain", "image/jpeg"]
    assert pdu.delivery_report is True


def test_encode_too_large_and_usage(tmp_path: Path) -> None:
    big = tmp_path / "big.jpg"
    big.write_bytes(bytes(200_000))
    code, out = run("mms", "encode", "--to", "1", "--attach", str(big), "--limit", "100k",
                    "-o", str(tmp_path / "x"))  # fmt: skip
    assert code == 2 and "over the limit of 102400" in out
    code, out = run("mms", "encode", "--to", "1", "-o", str(tmp_path / "x"))
    assert code == 2 and "--text" in out
    code, out = run("mms", "encode", "--to", "1", "--text", "x", "--limit", "lots", "-o", "x")
    assert code == 2 and "size" in out


def _one_line_error(code: int, out: str) -> bool:
    return code == 2 and out.startswith("error: ") and out.count("\n") == 1


def test_every_bad_input_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    image = tmp_path / "cat.jpg"
    image.write_bytes(b"\xff\xd8")
    out_file = str(tmp_path / "x")
    code, out = run("mms", "decode", str(tmp_path / "missing.mms"))
    assert _one_line_error(code, out) and "neither a file nor hexadecimal" in out
    code, out = run("mms", "encode", "--to", "1", "--text", "x", "-o", "/nonexistent/dir/x")
    assert _one_line_error(code, out) and "cannot write" in out
    bad_smil = tmp_path / "s.smil"
    bad_smil.write_bytes(b"\xff\xfe<smil/>")
    code, out = run("mms", "encode", "--to", "1", "--text", "x", "--smil", str(bad_smil),
                    "-o", out_file)  # fmt: skip
    assert _one_line_error(code, out) and "not UTF-8" in out
    code, out = run("mms", "encode", "--to", "1", "--attach", str(tmp_path), "-o", out_file)
    assert _one_line_error(code, out) and "--attach" in out
    code, out = run("mms", "encode", "--to", "+47 12x", "--text", "x", "-o", out_file)
    assert _one_line_error(code, out) and "neither a phone number nor an e-mail" in out
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    code, out = run("mms", "decode", VECTORS["pm_simple"][1], "--extract", str(blocker / "d"))
    assert _one_line_error(code, out) and "cannot extract" in out

    def unreadable(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    code, out = run("mms", "encode", "--to", "1", "--attach", str(image), "-o", out_file)
    assert _one_line_error(code, out) and "cannot read attachment" in out


def test_pdu_decode_shows_the_notification_inside() -> None:
    report = DeliveryInd(message_id="m1", to="+1/TYPE=PLMN", status=Status.RETRIEVED,
                         date=datetime(2026, 1, 1, tzinfo=UTC))  # fmt: skip
    (part,) = push_delivers(
        report, sender="+15550000001", timestamp=datetime(2026, 1, 1, tzinfo=UTC)
    )
    code, out = run("pdu", "decode", encode_pdu(part).hex(), "--json")
    assert code == 0, out
    assert json.loads(out)["wap_push"]["mms"]["message_type"] == "M-Delivery.ind"
    code, out = run("pdu", "decode", WAP_PUSH_SMS[0], "--json")
    first = json.loads(out)["wap_push"]
    assert (first["part"], first["of"], first["complete"]) == (1, 2, False)
    # the headers that part 1 holds whole; the Content-Location runs on into part 2
    assert first["mms"]["headers"]["X-Mms-Message-Size"] == 29696
    assert "X-Mms-Content-Location" not in first["mms"]["headers"]
    code, out = run("pdu", "decode", WAP_PUSH_SMS[1], "--json")
    assert json.loads(out)["wap_push"] == {"wap_push": True, "ports": [2948, 9200], "part": 2,
                                           "of": 2, "complete": False}  # fmt: skip


def test_pdu_decode_text_shows_the_notification_readably() -> None:
    note = NotificationInd(transaction_id="T1", sender="+4798765432/TYPE=PLMN", subject="Hytta",
                           content_location="http://mmsc.example/m/T1", message_size=29696,
                           expiry=timedelta(days=3))  # fmt: skip
    (part,) = push_delivers(note, sender="+15550000001", timestamp=datetime(2026, 1, 1, tzinfo=UTC))
    code, out = run("pdu", "decode", encode_pdu(part).hex())
    assert code == 0, out
    assert "{" not in out  # no dict printed
    assert (
        "wap push:  WAP push: application/vnd.wap.mms-message for x-wap-application:mms.ua" in out
    )
    assert "M-Notification.ind" in out and "X-Mms-Message-Size: 29696" in out
    assert "X-Mms-Content-Location: http://mmsc.example/m/T1" in out
    assert "X-Mms-Expiry: +259200 s (3 days, 0:00:00)" in out
    code, out = run("pdu", "decode", WAP_PUSH_SMS[0])
    assert "part 1 of 2 of a WAP push" in out and "X-Mms-Message-Size: 29696" in out


# --- a PDU cut short, headers that are not there, and no traceback whatever the input -------


def test_no_header_is_shown_that_is_not_in_the_input() -> None:
    code, out = run("mms", "decode", "8C80")
    assert code == 0
    assert "X-Mms-MMS-Version:" not in out and "X-Mms-Message-Type: M-Send.req (0x80)" in out
    assert "warning: M-Send.req lacks mandatory X-Mms-Transaction-ID" in out
    code, out = run("mms", "decode", "8C80", "--json")
    assert json.loads(out)["headers"] == {"X-Mms-Message-Type": "M-Send.req"}
    code, out = run("mms", "decode", "8C80", "--strict")
    assert code == 2 and out.startswith("error: M-Send.req lacks mandatory")


def test_a_pdu_that_ends_after_its_headers() -> None:
    # mmsd unit/rc-mms-1-3-con-212.mms (an M-Retrieve.conf) cut where its multipart body starts
    whole = bytes.fromhex(VECTORS["mmsd_rc_212"][1])
    headers_only = whole[: whole.index(bytes.fromhex("84a3"))]  # up to Content-Type, exclusive
    headers_only += bytes.fromhex("84a3")  # Content-Type: application/vnd.wap.multipart.mixed
    code, out = run("mms", "decode", headers_only.hex(), "--json")
    assert code == 0, out
    d = json.loads(out)
    assert d["message_type"] == "M-Retrieve.conf" and "parts" not in d
    assert d["warnings"] == [
        "the PDU ends after its headers: no body for application/vnd.wap.multipart.mixed"
    ]
    code, out = run("mms", "decode", headers_only.hex(), "--strict")
    assert code == 2 and out.startswith("error: ")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(VECTORS)),
    edits=st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 255)), max_size=3),
    cut=st.integers(0, 400),
    flags=st.sampled_from([[], ["--json"], ["--strict"]]),
)
def test_fuzz_decode_near_real_pdus(
    name: str, edits: list[tuple[int, int]], cut: int, flags: list[str]
) -> None:
    raw = bytearray.fromhex(VECTORS[name][1])
    for where, octet in edits:
        raw[where % len(raw)] = octet
    raw = raw[: max(1, len(raw) - cut)]
    result = CliRunner().invoke(main, ["mms", "decode", raw.hex(), *flags])
    assert result.exit_code in (0, 2), (name, result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.output.startswith("error: ") and len(result.output.strip().splitlines()) == 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(min_size=1, max_size=120))
def test_fuzz_decode_any_bytes(data: bytes) -> None:
    result = CliRunner().invoke(main, ["mms", "decode", data.hex()])
    assert result.exit_code in (0, 2), result.exception
    assert "Traceback" not in result.output
