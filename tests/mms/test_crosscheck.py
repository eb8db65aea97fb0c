"""What this codec writes, read by decoders written by others.

* python-messaging 0.5.13 (`MMSMessage.from_data`), an MMS 1.0 decoder: the header fields it
  knows (1.0's table; it has no Retrieve-Status, Read-Status or 1.1+ response codes) and the
  parts must come out with the same values.
* Wireshark's MMSE dissector (tshark): each PDU is wrapped in a WAP push on UDP 9200 -> 2948
  inside a pcap written here; tshark must find the same header fields with the same octets and
  the same parts. Skipped, with how to install it, when tshark is missing.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mms_vectors import VECTORS

from modem.mms import (
    INSERT_ADDRESS,
    AcknowledgeInd,
    DeliveryInd,
    MessageClass,
    MmsMessage,
    NotificationInd,
    NotifyRespInd,
    Priority,
    ReadOrigInd,
    ReadRecInd,
    ReadStatus,
    ResponseStatus,
    RetrieveConf,
    RetrieveStatus,
    SendConf,
    SendReq,
    Status,
    decode_pdu,
    encode_push,
)
from modem.mms.enums import Field, SenderVisibility
from modem.mms.header_list import decode_headers
from modem.mms.headers import encode_header

WHEN = datetime(2026, 11, 25, 3, 0, 5, tzinfo=UTC)
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256))


def _parts(text: str = "hello ✓") -> tuple:
    return MmsMessage.build(
        "1", text=text, attachments=[(JPEG, "a.jpg"), (b"#!AMR\n", "s.amr")]
    ).body_parts()


SAMPLES = [
    SendReq(transaction_id="T-1", to=("+4712345678/TYPE=PLMN", "ann@example.com"),
            cc=("+4798765432/TYPE=PLMN",), subject="Hei på deg", date=WHEN,
            expiry=timedelta(days=2), priority=Priority.HIGH, delivery_report=True,
            read_report=False, sender_visibility=SenderVisibility.SHOW,
            message_class=MessageClass.PERSONAL, parts=_parts()),
    SendReq(transaction_id="T-2", sender="+15550000001/TYPE=PLMN", to="+1555/TYPE=PLMN",
            subject="plain", expiry=WHEN + timedelta(days=1), parts=_parts("x")),
    SendConf(transaction_id="T-1", response_status=ResponseStatus.OK, message_id="MSG-1"),
    SendConf(transaction_id="T-3", response_status=ResponseStatus.ERROR_SERVICE_DENIED,
             response_text="denied"),
    NotificationInd(transaction_id="N-1", sender="+4712345678/TYPE=PLMN", subject="Привет",
                    message_size=123456, expiry=timedelta(days=3), delivery_report=False,
                    content_location="http://mmsc.example/get?id=1", priority=Priority.LOW),
    NotificationInd(transaction_id="N-2", message_size=99, expiry=WHEN,
                    message_class=MessageClass.ADVERTISEMENT, content_location="http://m/2"),
    NotifyRespInd(transaction_id="N-1", status=Status.RETRIEVED, report_allowed=True),
    NotifyRespInd(transaction_id="N-2", status=Status.DEFERRED),
    RetrieveConf(transaction_id="R-1", message_id="MSG-1", date=WHEN, sender="+2/TYPE=PLMN",
                 to=("+1/TYPE=PLMN",), subject="Group ✓", parts=_parts()),
    AcknowledgeInd(transaction_id="R-1", report_allowed=False),
    DeliveryInd(message_id="MSG-1", to="+4712345678/TYPE=PLMN", date=WHEN, status=Status.REJECTED),
]  # fmt: skip
# Not read by python-messaging (MMS 1.1+ PDUs and fields); checked with tshark only.
SAMPLES_1_1 = [
    RetrieveConf(transaction_id="R-2", date=WHEN, sender="+2/TYPE=PLMN", to=("+1/TYPE=PLMN",),
                 cc=("+3/TYPE=PLMN",), retrieve_status=RetrieveStatus.OK, parts=_parts()),
    SendConf(transaction_id="T-4",
             response_status=ResponseStatus.ERROR_TRANSIENT_NETWORK_PROBLEM),
    ReadRecInd(message_id="MSG-1", to="+1/TYPE=PLMN", date=WHEN, read_status=ReadStatus.READ),
    ReadOrigInd(message_id="MSG-1", to="+1/TYPE=PLMN", sender="+2/TYPE=PLMN", date=WHEN,
                read_status=ReadStatus.DELETED_WITHOUT_BEING_READ),
]  # fmt: skip


# --- python-messaging --------------------------------------------------------------------------

try:  # not importorskip: that would skip the tshark tests of this module too
    import messaging.mms.message as mms_message
except ImportError:
    mms_message = None
needs_pm = pytest.mark.skipif(
    mms_message is None, reason="python-messaging missing: pip install python-messaging==0.5.13"
)


_TOKENS = ResponseStatus | MessageClass | Priority | Status | SenderVisibility


def expected_by_python_messaging(pdu) -> dict:
    """Our values in python-messaging's vocabulary (its names, title-cased tokens, local
    naive datetimes, last value of a repeated field)."""
    out: dict = {"Message-Type": pdu.message_type.pdu_name.lower().replace(".", "-")}
    names = {Field.TRANSACTION_ID: "Transaction-Id", Field.MMS_VERSION: "MMS-Version",
             Field.READ_REPORT: "Read-Reply", Field.MESSAGE_ID: "Message-ID"}  # fmt: skip
    for key, value in pdu.headers():
        if key is Field.MESSAGE_TYPE or key is Field.CONTENT_TYPE:
            continue
        if not isinstance(key, Field):  # application header: kept under its own name
            out[str(key)] = value
            continue
        name = names.get(key, key.wire_name.removeprefix("X-Mms-"))
        if isinstance(value, datetime):
            value = datetime.fromtimestamp(value.timestamp())
        elif isinstance(value, timedelta):
            value = int(value.total_seconds())
        elif value == INSERT_ADDRESS:
            value = "<not inserted>"
        elif isinstance(value, _TOKENS):
            value = value.name.capitalize().replace("_", "-")
        out[name] = value
    return out


def check_python_messaging(pdu) -> None:
    theirs = mms_message.MMSMessage.from_data(pdu.encode())
    headers = dict(theirs.headers)
    headers.pop("Content-Type", None)  # python-messaging adds a default one to every PDU
    if pdu.transaction_id is None:
        headers.pop("Transaction-Id", None)  # and a default "1234" TID
    assert headers == expected_by_python_messaging(pdu)
    parts = getattr(pdu, "parts", ())
    assert len(theirs.data_parts) == len(parts)
    for mine, their in zip(parts, theirs.data_parts, strict=True):
        assert their.content_type == mine.content_type.media_type
        assert their.data == mine.data
        params = {k.title(): v for k, v in mine.content_type.params}
        assert their.content_type_parameters == params


@needs_pm
@pytest.mark.parametrize("pdu", SAMPLES, ids=lambda p: p.message_type.pdu_name)
def test_python_messaging_reads_what_we_write(pdu) -> None:
    check_python_messaging(pdu)


words = st.text(st.sampled_from("abcXYZ 019åøæ€Жж✓"), min_size=1, max_size=20).map(str.strip)
numbers = st.from_regex(r"\+[1-9][0-9]{6,12}", fullmatch=True).map(lambda n: n + "/TYPE=PLMN")


@needs_pm
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    kind=st.sampled_from(["send", "retrieve", "notification"]),
    tid=st.from_regex(r"[A-Za-z0-9-]{1,20}", fullmatch=True),
    subject=st.one_of(st.none(), words.filter(bool)),
    to=numbers,
    size=st.integers(0, 2**31),
    expiry=st.one_of(st.integers(60, 10**7).map(lambda s: timedelta(seconds=s)),
                     st.integers(10**9, 2 * 10**9).map(lambda s: datetime.fromtimestamp(s, UTC))),
    text=words.filter(bool),
    priority=st.sampled_from(list(Priority)),
)  # fmt: skip
def test_python_messaging_property(kind, tid, subject, to, size, expiry, text, priority) -> None:
    if kind == "send":
        pdu = MmsMessage.build(to, text=text, subject=subject, expiry=expiry,
                               priority=priority).to_send_req(tid)  # fmt: skip
    elif kind == "retrieve":
        pdu = RetrieveConf(transaction_id=tid, date=WHEN, sender=to, to=(to,), subject=subject,
                           priority=priority, parts=_parts(text))  # fmt: skip
    else:
        pdu = NotificationInd(transaction_id=tid, sender=to, subject=subject, message_size=size,
                              expiry=expiry, content_location=f"http://mmsc/{tid}")  # fmt: skip
    check_python_messaging(pdu)


# --- Wireshark (tshark) ------------------------------------------------------------------------

TSHARK = shutil.which("tshark")
needs_tshark = pytest.mark.skipif(
    TSHARK is None, reason="tshark missing: apt-get install tshark (Debian/Ubuntu)"
)


def pcap(payloads: list[bytes]) -> bytes:
    """A pcap (LINKTYPE_RAW) of IPv4/UDP datagrams 9200 -> 2948, one per payload."""
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 101)]
    for n, payload in enumerate(payloads):
        udp = struct.pack("!HHHH", 9200, 2948, 8 + len(payload), 0) + payload
        header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), n, 0, 64, 17, 0,
                             bytes((10, 0, 0, 1)), bytes((10, 0, 0, 2)))  # fmt: skip
        total = sum(struct.unpack("!10H", header))
        total = (total & 0xFFFF) + (total >> 16)
        header = header[:10] + struct.pack("!H", ~(total + (total >> 16)) & 0xFFFF) + header[12:]
        packet = header + udp
        out.append(struct.pack("<IIII", 1764039600 + n, 0, len(packet), len(packet)) + packet)
    return b"".join(out)


def tshark_fields(pdus: list, tmp_path: Path) -> list[list[tuple[str, str, str]]]:
    path = tmp_path / "mms.pcap"
    path.write_bytes(pcap([encode_push(p.encode(), transaction_id=n) for n, p in enumerate(pdus)]))
    xml = subprocess.run([TSHARK, "-r", str(path), "-T", "pdml"], capture_output=True,
                         check=True, timeout=120).stdout  # fmt: skip
    packets = []
    for packet in ET.fromstring(xml).iter("packet"):
        mmse = next(p for p in packet.iter("proto") if p.get("name") == "mmse")
        packets.append([(f.get("name"), f.get("show"), f.get("value")) for f in mmse.iter("field")])
    return packets


def tshark_field(name: str) -> Field | None:
    stem = name.split(".")[1].upper() if name.startswith("mmse.") else ""
    return Field.__members__.get(stem)


@needs_tshark
def test_tshark_reads_what_we_write(tmp_path: Path) -> None:
    vectors = [decode_pdu(hexdata) for _, hexdata in VECTORS.values()]
    pdus = SAMPLES + SAMPLES_1_1 + vectors
    for pdu, fields in zip(pdus, tshark_fields(pdus, tmp_path), strict=True):
        name = pdu.message_type.pdu_name
        theirs = sorted((f, v) for n, _, v in fields if (f := tshark_field(n)) is not None)
        ours = sorted((k, encode_header(k, v)[:].hex()) for k, v in pdu.headers()
                      if k is not Field.CONTENT_TYPE and isinstance(k, Field))  # fmt: skip
        assert theirs == ours, name
        shows = {n: s for n, s, _ in fields}
        assert shows["mmse.message_type"] == f"0x{pdu.message_type:02x}"
        if pdu.transaction_id is not None:
            assert shows["mmse.transaction_id"] == pdu.transaction_id
        assert shows["mmse.mms_version"] == pdu.mms_version
        if getattr(pdu, "subject", None) and pdu.subject.isascii():
            assert shows["mmse.subject"] == pdu.subject
        tos = [s for n, s, _ in fields if n == "mmse.to"]
        assert tos == [t for t in getattr(pdu, "to", ())]
        parts = getattr(pdu, "parts", ())
        if parts and pdu.body_content_type().is_multipart:
            theirs_parts = [s for n, s, _ in fields if n == "wsp.multipart"]
            assert theirs_parts == [str(i + 1) for i in range(len(parts))], name
            types = [s for n, s, _ in fields if n == "wsp.header.content_type"][1:]
            assert [t.lower() for t in types] == [p.media_type for p in parts], name
            locations = [s for n, s, _ in fields if n == "wsp.header.content_location"]
            assert locations == [p.content_location for p in parts if p.content_location]


def check_same_decoding(name: str, data: bytes) -> None:
    ours = decode_pdu(data)
    theirs = mms_message.MMSMessage.from_data(data)
    headers = dict(theirs.headers)
    headers.pop("Content-Type", None)
    if ours.transaction_id is None:
        headers.pop("Transaction-Id", None)
    if "con-211" in name or name == "mmsd_rc_211":
        # OMA con-211 starts its UTF-8 Subject with a BOM: python-messaging keeps it as text
        assert headers["Subject"] == "\ufeff" + ours.subject
        headers["Subject"] = ours.subject
    assert headers == expected_by_python_messaging(ours), name
    ours_parts = [p.data for p in getattr(ours, "parts", ())]
    assert [bytes(d.data) for d in theirs.data_parts] == ours_parts, name


@needs_pm
@pytest.mark.parametrize("name", sorted(VECTORS))
def test_python_messaging_decodes_the_vectors_as_we_do(name: str) -> None:
    """The other direction: both decoders read the public vectors to the same values."""
    check_same_decoding(name, bytes.fromhex(VECTORS[name][1]))


@needs_pm
def test_python_messaging_decodes_the_file_vectors_as_we_do(
    vector_files: dict[str, bytes],
) -> None:
    for name, data in vector_files.items():
        check_same_decoding(name, data)


def check_tshark_splits_as_we_do(named: dict[str, bytes], tmp_path: Path) -> None:
    """Real PDUs as they came (not re-encoded): tshark must cut the same header fields, and
    each field's octets must decode to the value our decoder found there."""
    names = sorted(named)
    pdus = [named[n] for n in names]
    path = tmp_path / "vectors.pcap"
    path.write_bytes(pcap([encode_push(p, transaction_id=n) for n, p in enumerate(pdus)]))
    xml = subprocess.run([TSHARK, "-r", str(path), "-T", "pdml"], capture_output=True,
                         check=True, timeout=300).stdout  # fmt: skip
    packets = ET.fromstring(xml).findall("packet")
    assert len(packets) == len(pdus)
    for name, data, packet in zip(names, pdus, packets, strict=True):
        mmse = next(p for p in packet.iter("proto") if p.get("name") == "mmse")
        theirs = [
            (f, decode_headers(bytes.fromhex(field.get("value")))[0][0][1])
            for field in mmse.iter("field")
            if (f := tshark_field(field.get("name"))) is not None
        ]
        ours = [(k, v) for k, v in decode_headers(data)[0]
                if isinstance(k, Field) and k is not Field.CONTENT_TYPE]  # fmt: skip
        assert theirs == ours, name


@needs_tshark
def test_tshark_splits_the_vectors_as_we_do(tmp_path: Path) -> None:
    check_tshark_splits_as_we_do({n: bytes.fromhex(h) for n, (_, h) in VECTORS.items()}, tmp_path)


@needs_tshark
def test_tshark_splits_the_file_vectors_as_we_do(
    vector_files: dict[str, bytes], tmp_path: Path
) -> None:
    check_tshark_splits_as_we_do(vector_files, tmp_path)
