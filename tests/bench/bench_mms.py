"""Benchmark, run by hand (not collected): encode and decode a ~300 KB M-Retrieve.conf with
modem.mms and with python-messaging 0.5.13, in one run, and print the ratios.

    python tests/bench/bench_mms.py [--repeat N]

"encode" is `RetrieveConf.encode()` of a PDU whose parts (and SMIL) exist already; "build+enc"
starts from the user's values (MmsMessage.build, SMIL generation, RetrieveConf, encode), which
is what python-messaging's `encode()` does, so the ratio is taken against that. Both are fast
because part data is bytes joined once, never walked.

The message: SMIL, a text part, a 290 KB JPEG-like image and an 8 KB AMR clip (random bytes:
content does not matter to a codec, size does). python-messaging's encoder only writes parts
that belong to "pages" and walks part data as characters, so its parts are given as Latin-1
strings (binary bytes crash or vanish otherwise, see the report in the result line).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from modem.mms import MmsMessage, RetrieveConf, decode_pdu

IMAGE = random.Random(1).randbytes(290 * 1024)
AUDIO = random.Random(2).randbytes(8 * 1024)
TEXT = "Hei! Bilde fra hytta. " * 10


def ours_message() -> RetrieveConf:
    built = MmsMessage.build("+4712345678", text=TEXT, subject="Hytta",
                             attachments=[(IMAGE, "hytta.jpg"), (AUDIO, "hei.amr")])  # fmt: skip
    return RetrieveConf(transaction_id="T1", message_id="M1", sender="+4798765432/TYPE=PLMN",
                        to=built.to, subject=built.subject, date=datetime(2026, 11, 25, tzinfo=UTC),
                        parts=built.body_parts())  # fmt: skip


def theirs_message():
    from messaging.mms.message import DataPart, MMSMessage, MMSMessagePage

    message = MMSMessage()
    message.headers["Message-Type"] = "m-retrieve-conf"
    message.headers["Transaction-Id"] = "T1"
    message.headers["Message-ID"] = "M1"
    message.headers["From"] = "+4798765432/TYPE=PLMN"
    message.headers["To"] = "+4712345678/TYPE=PLMN"
    message.headers["Subject"] = "Hytta"
    page = MMSMessagePage()
    image, audio = DataPart(), DataPart()
    image.set_data(IMAGE.decode("latin-1"), "image/jpeg")  # parameters crash its encoder
    audio.set_data(AUDIO.decode("latin-1"), "audio/amr")
    page.image, page.audio = (image, 0, 0), (audio, 0, 0)
    page.add_text(TEXT)
    message.add_page(page)
    return message


def timed(function: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    pdu = ours_message()
    ours_encode, ours_bytes = timed(pdu.encode, args.repeat)
    ours_decode, decoded = timed(lambda: decode_pdu(ours_bytes), args.repeat)
    # honest figures: the encoding is the whole PDU, the decoded parts are bytes of their own
    # (copies: nothing refers back into the input buffer), and equal to what went in
    assert isinstance(ours_bytes, bytes) and ours_bytes.endswith(AUDIO)
    assert len(ours_bytes) > sum(len(p.data) for p in pdu.parts)
    assert decoded == pdu and all(type(p.data) is bytes for p in decoded.parts)
    assert any(p.data == IMAGE and p.data is not IMAGE for p in decoded.parts)
    # from the user's values, SMIL generation included (python-messaging builds its SMIL and
    # part list inside encode(), so this is the like-for-like encode figure)
    ours_build, _ = timed(lambda: ours_message().encode(), args.repeat)
    print(f"PDU: {len(ours_bytes)} bytes M-Retrieve.conf, {len(pdu.parts)} parts")

    try:
        from messaging.mms.message import MMSMessage
    except ImportError:
        print("python-messaging missing: pip install python-messaging==0.5.13")
        print(f"modem.mms  encode {ours_encode * 1e3:8.2f} ms   decode {ours_decode * 1e3:8.2f} ms")
        return
    message = theirs_message()
    theirs_encode, theirs_array = timed(message.encode, max(1, args.repeat // 3))
    theirs_bytes = bytes(theirs_array)
    theirs_decode, theirs_decoded = timed(
        lambda: MMSMessage.from_data(ours_bytes), max(1, args.repeat // 3)
    )
    check = decode_pdu(theirs_bytes)
    assert any(p.data == IMAGE for p in check.parts)  # its PDU is sound
    assert any(p.data == IMAGE for p in theirs_decoded.data_parts)

    print(f"{'':18}{'encode':>12}{'build+enc':>12}{'decode':>12}")
    print(f"{'modem.mms':18}{ours_encode * 1e3:10.2f}ms{ours_build * 1e3:10.2f}ms"
          f"{ours_decode * 1e3:10.2f}ms")  # fmt: skip
    print(f"{'python-messaging':18}{'':12}{theirs_encode * 1e3:10.2f}ms"
          f"{theirs_decode * 1e3:10.2f}ms")  # fmt: skip
    print(f"{'ratio (them/us)':18}{'':12}{theirs_encode / ours_build:11.0f}x"
          f"{theirs_decode / ours_decode:11.0f}x")  # fmt: skip
    print("(medians; both decode the same PDU, ours; python-messaging encodes its own message)")


if __name__ == "__main__":
    main()
