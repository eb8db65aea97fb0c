"""modem/sms/reassembly.py: concatenated parts in, whole (or flagged incomplete) messages out."""

from __future__ import annotations

import copy
import pickle
import random
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from modem.sms.address import Address
from modem.sms.compose import delivers
from modem.sms.pdu import Deliver, decode_pdu
from modem.sms.reassembly import Reassembler
from modem.sms.udh import Ports

WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
TEXT = "0123456789" * 40  # three GSM 7-bit parts


def parts(text: str = TEXT, sender: str = "+15550001", ref: int = 7) -> list[Deliver]:
    return delivers(sender, text, WHEN, reference=ref)


def test_single_part_passes_through() -> None:
    r = Reassembler()
    (only,) = parts("hello")
    done = r.add(only, 5.0)
    assert done is not None and done.complete and done.text == "hello"
    assert done.parts == (only,) and done.concat is None and done.first_received == 5.0


def test_out_of_order_and_duplicates() -> None:
    r = Reassembler()
    p1, p2, p3 = parts()
    assert r.add(p3, 1.0) is None
    assert r.add(p1, 2.0) is None
    assert r.add(p1, 2.5) is None  # duplicate
    assert r.pending == 1
    done = r.add(p2, 3.0)
    assert done is not None and done.complete and done.text == TEXT
    assert done.first_received == 1.0 and done.missing == ()
    assert [p.concat.sequence for p in done.parts] == [1, 2, 3]  # type: ignore[union-attr]
    assert r.pending == 0
    assert r.add(p2, 4.0) is None  # a late copy after completion is recognised


def test_same_reference_from_two_senders() -> None:
    r = Reassembler()
    a = parts("A" * 300, sender="+15550001", ref=9)
    b = parts("B" * 300, sender="+15550002", ref=9)
    assert r.add(a[0], 0) is None
    assert r.add(b[0], 0) is None
    done_b = r.add(b[1], 1)
    done_a = r.add(a[1], 1)
    assert done_a is not None and done_a.text == "A" * 300
    assert done_b is not None and done_b.text == "B" * 300


def test_same_reference_8_and_16_bit_do_not_mix() -> None:
    # TS 23.040 §9.2.3.24.1 / .8: IEI 0x00 and 0x08 are separate reference spaces.
    r = Reassembler()
    short = delivers("+15550001", "S" * 300, WHEN, reference=5, concat_bits=8)
    long = delivers("+15550001", "L" * 300, WHEN, reference=5, concat_bits=16)
    assert r.add(short[0], 0) is None
    assert r.add(long[0], 0) is None
    assert r.pending == 2
    done_long = r.add(long[1], 1)
    done_short = r.add(short[1], 1)
    assert done_long is not None and done_long.text == "L" * 300 and done_long.concat.bits == 16  # type: ignore[union-attr]
    assert done_short is not None and done_short.text == "S" * 300
    assert r.expire(10_000.0) == []


def test_stale_messages_come_out_flagged_incomplete() -> None:
    r = Reassembler(timeout=60)
    p1, _, p3 = parts()
    r.add(p1, 0.0)
    r.add(p3, 10.0)
    assert r.expire(59.0) == []
    (stale,) = r.expire(60.0)
    assert not stale.complete and stale.missing == (2,)
    assert stale.parts == (p1, p3) and stale.text == p1.text + p3.text
    assert r.pending == 0 and r.expire(1000.0) == []


def test_reused_reference_pushes_out_the_old_message() -> None:
    r = Reassembler()
    old = parts("x" * 300, ref=3)
    new = parts("y" * 300, ref=3)
    r.add(old[0], 0.0)
    assert r.add(new[0], 1.0) is None  # same sequence number, different content
    assert r.add(new[1], 2.0) is not None
    (evicted,) = r.expire(3.0)
    assert not evicted.complete and evicted.text == "x" * 153 and evicted.missing == (2,)


def test_wap_push_data_reassembles() -> None:
    # AOSP GsmSmsTest testUdh: a WAP push (ports 9200 -> 2948) in two 8-bit parts, ref 42.
    first = decode_pdu(
        "07914140279510F6440A8111110301003BF56080207130138A8C0B05040B8423F000032A020101062"
        "76170706C69636174696F6E2F766E642E7761702E6D6D732D6D65737361676500AF848D0185B4848C"
        "8298524E453955304A6D7135514141426"
        "66C414141414D7741414236514141414141008D908918802B31353132323937373638332F54595045"
        "3D504C4D4E008A808E022B918805810306977F83687474703A2F2F36"
    )
    second = decode_pdu(
        "07914140279510F6440A8111110301003BF56080207130238A3B0B05040B8423F000032A0202362E31"
        "30322E3137312E3135302F524E453955304A6D713551414142666C414141414D774141423651414141"
        "414100"
    )
    r = Reassembler()
    assert r.add(second, 0.0) is None  # type: ignore[arg-type]
    done = r.add(first, 1.0)  # type: ignore[arg-type]
    assert done is not None and done.complete
    assert done.ports == Ports(2948, 9200, 16)
    assert done.data[:2] == bytes.fromhex("0106")  # WSP TID 1, PDU type Push
    assert b"application/vnd.wap.mms-message" in done.data
    assert done.data.endswith(b"http://66.102.171.150/RNE9U0Jmq5QAABflAAAAMwAAB6QAAAAA\x00")


def test_snapshot_and_restore() -> None:
    r = Reassembler(timeout=100)
    p1, p2, p3 = parts()
    r.add(p1, 0.0)
    state = copy.deepcopy(r.snapshot())  # plain values: copyable, picklable
    assert pickle.loads(pickle.dumps(state)) == state
    restored = Reassembler.restore(state)
    assert restored.pending == 1
    assert restored.add(p3, 1.0) is None
    done = restored.add(p2, 2.0)
    assert done is not None and done.text == TEXT
    assert r.pending == 1  # the original is untouched


def test_alphanumeric_sender() -> None:
    r = Reassembler()
    ps = delivers(Address.parse("MyBank"), TEXT, WHEN, reference=1)
    results = [r.add(p, 0.0) for p in ps]
    assert results[-1] is not None and str(results[-1].sender) == "MyBank"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text("abc€", min_size=1, max_size=500), min_size=1, max_size=4),
    st.randoms(use_true_random=False),
    st.integers(0, 3),
)
def test_interleaved_shuffled_duplicated(texts: list[str], rnd: random.Random, dupes: int) -> None:
    """Several senders, the same reference, parts shuffled and some repeated: every message
    comes out exactly once, whole. (Only concatenated parts can be told apart from a second,
    identical message; a repeated single SMS is the reader's business.)"""
    stream = []
    for n, text in enumerate(texts):
        stream.extend((n, p) for p in delivers(f"+1555000{n}", text, WHEN, reference=5))
    multipart = [entry for entry in stream if entry[1].concat is not None]
    if multipart:
        stream.extend(rnd.choice(multipart) for _ in range(dupes))
    rnd.shuffle(stream)
    r = Reassembler()
    out = {}
    for t, (n, part) in enumerate(stream):
        done = r.add(part, float(t))
        if done is not None:
            assert n not in out
            out[n] = done.text
    assert out == dict(enumerate(texts))
    assert r.pending == 0 and r.expire(1e9) == []


def test_the_same_long_text_sent_again_is_a_new_message() -> None:
    # Same sender, reference and words, but a new TP-SCTS: a second message, not a late copy.
    r = Reassembler()
    first = parts()
    again = delivers("+15550001", TEXT, WHEN.replace(minute=5), reference=7)
    assert [r.add(p, float(i)) for i, p in enumerate(first)][-1] is not None
    assert r.add(first[1], 10.0) is None  # the same TPDU again: a late duplicate
    results = [r.add(p, 20.0 + i) for i, p in enumerate(again)]
    assert results[:2] == [None, None]
    assert results[2] is not None and results[2].complete and results[2].text == TEXT
    assert r.expire(100_000.0) == []
