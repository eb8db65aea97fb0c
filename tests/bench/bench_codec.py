"""Benchmark: SMS PDU decode and encode rates of modem.sms against two Python peers.

Run by hand (not collected by pytest):

    python tests/bench/bench_codec.py [--seconds 2.5]

Peers, on the same PDUs (hex strings, as a modem prints them):
  * smspdudecoder 2.2.0 (needs bitstring<5): SMSDeliver.decode / SMSSubmit.decode; decode only;
  * python-gsmmodem-new 0.13.0: gsmmodem.pdu.decodeSmsPdu / encodeSmsSubmitPdu.

Two decode corpora: the five PDUs below over and over (one SMSC and a handful of senders, as a
modem sees them), and 2,000 variants of them with every SMSC and sender different, so that
modem.sms's cache of decoded addresses never helps.

Encoding is measured twice: Submit values encoded to bytes, and plan_sms (hex PDUs and AT+CMGS
lengths, what a gateway stores per message). Prints messages per second for each and our
ratio to each peer. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dataclasses import replace

from modem.sms.address import Address, TypeOfNumber
from modem.sms.compose import submits
from modem.sms.pdu import decode_pdu, encode_pdu
from modem.sms.plan import plan_sms

# SMS-DELIVERs every decoder here understands (sources as in tests/sms/test_vectors.py).
DELIVERS = [
    # AOSP GsmSmsTest testAddressing: short GSM 7-bit
    "07914151551512f2040B916105551511f100006060605130308A04D4F29C0E",
    # python-gsmmodem test_pdu: 49 characters
    "07915892000000F0040B915892214365F700007040213252242331493A283D0795C3F33C88FE06C9CB"
    "6132885EC6D341EDF27C1E3E97E7207B3A0C0A5241E377BB1D7693E72E",
    # AOSP testUcs2
    "07912160130300F4040B914151245584F600087010807121352B10212200A900AE00680065006C006C006F",
    # AOSP testMultipart part 1: 8-bit concatenation, 153 septets
    "07916163838408F6440B816105224431F700007060217175830AA0050003"
    "00020162B1582C168BC562B1582C168BC562B1582C168BC562B1582C"
    "168BC562B1582C168BC562B1582C168BC562B1582C168BC562B1582C"
    "168BC562B1582C168BC562B1582C168BC562B1582C168BC562B1582C"
    "168BC562B1582C168BC562B1582C168BC562B1582C168BC562B1582C"
    "168BC562B1582C168BC562B1582C168BC562B1582C168BC562",
    # FrontlineSMS smslib CServiceTest: alphanumeric sender, 140 octets of GSM 7-bit
    "0791449737019037040BD04F79D87D2E030000902091610474008CC834C82C7FB7414F79D87D2EBB40D4"
    "37E85CA683F2EFBA1C447CB3E1E8B41B242FDFC372F21CE42EE3E9A0F6DB4D47B340EAFA9C0EA2BFE1AD"
    "3A1C24CE83023118E82D07B5DFF232485C36BFE565908CF682C95EB09C0B947483E8E832881D9ED34133"
    "18881CCECF41F977FD642F83E86F38BC4C06D5E1A000CC05",
]

# (number, text) for the encoders: one short, one UCS-2, one three-part text.
TEXTS = [
    ("+27820001111", "Hello World!"),
    ("+123456789", "世界您好！"),
    ("+15125551234", "Lorem ipsum dolor sit amet, consectetur adipisicing elit, " * 6),
]


def distinct_senders(count: int) -> list[str]:
    """`count` PDUs made from DELIVERS with a different SMSC and sender number in each."""
    out = []
    for n in range(count):
        template = decode_pdu(DELIVERS[n % len(DELIVERS)])
        sender = Address(f"4479{n:08d}", TypeOfNumber.INTERNATIONAL)
        smsc = Address(f"4477{n:07d}", TypeOfNumber.INTERNATIONAL)
        out.append(encode_pdu(replace(template, sender=sender, smsc=smsc)).hex().upper())
    return out


def rate(fn: Callable[[], object], items: int, seconds: float) -> float:
    """Items per second: repeat `fn` (which handles `items` items) for about `seconds`."""
    loops = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        fn()
        loops += 1
        now = time.perf_counter()
        if now >= deadline:
            return loops * items / (now - start)


def best_rates(
    contenders: dict[str, Callable[[], object]], items: int, seconds: float, rounds: int = 5
) -> dict[str, float]:
    """Best rate of each contender over `rounds` interleaved runs: on a shared machine the
    load changes from second to second, and interleaving exposes every contender to it alike."""
    for fn in contenders.values():
        fn()  # warm up, and fail early
    best = dict.fromkeys(contenders, 0.0)
    for _ in range(rounds):
        for name, fn in contenders.items():
            best[name] = max(best[name], rate(fn, items, seconds / rounds))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds", type=float, default=2.5, help="seconds per contender and corpus"
    )
    args = parser.parse_args()
    seconds = args.seconds

    results: dict[str, dict[str, float]] = {}
    corpora = {
        "decode, repeated senders": DELIVERS,
        "decode, distinct senders": distinct_senders(2000),
    }
    try:
        from gsmmodem.pdu import decodeSmsPdu, encodeSmsSubmitPdu
    except ImportError as exc:
        print(f"python-gsmmodem-new not available: {exc}")
        decodeSmsPdu = encodeSmsSubmitPdu = None
    try:
        from smspdudecoder.fields import SMSDeliver
    except ImportError as exc:
        print(f"smspdudecoder not available (needs bitstring<5): {exc}")
        SMSDeliver = None

    for what, pdus in corpora.items():
        contenders: dict[str, Callable[[], object]] = {
            "modem.sms": lambda pdus=pdus: [decode_pdu(p) for p in pdus]
        }
        if decodeSmsPdu is not None:
            contenders["python-gsmmodem"] = lambda pdus=pdus: [decodeSmsPdu(p) for p in pdus]
        if SMSDeliver is not None:
            contenders["smspdudecoder"] = lambda pdus=pdus: [
                SMSDeliver.decode(StringIO(p)) for p in pdus
            ]
        results[what] = best_rates(contenders, len(pdus), seconds)

    def ours_encode() -> None:
        for number, text in TEXTS:
            for submit in submits(number, text):
                encode_pdu(submit)

    def ours_plan() -> None:  # what the gateway stores per message: hex PDUs and lengths
        for number, text in TEXTS:
            plan_sms(number, text, reference=1)

    contenders = {"modem.sms": ours_encode, "modem.sms plan_sms": ours_plan}
    if encodeSmsSubmitPdu is not None:

        def gsmmodem_encode() -> None:
            for number, text in TEXTS:
                encodeSmsSubmitPdu(number, text, requestStatusReport=False)

        contenders["python-gsmmodem"] = gsmmodem_encode
    results["encode"] = best_rates(contenders, len(TEXTS), seconds)

    print(f"{len(DELIVERS)} DELIVER PDUs to decode, {len(TEXTS)} texts to encode "
          f"(Python {sys.version.split()[0]})")  # fmt: skip
    for what in results:
        unit = "messages/s" if what == "encode" else "PDUs/s"
        ours = results[what]["modem.sms"]
        print(f"\n{what}:")
        for name, value in sorted(results[what].items(), key=lambda kv: -kv[1]):
            peer = not name.startswith("modem.sms")
            ratio = f"   modem.sms is {ours / value:5.1f}x" if peer else ""
            print(f"  {name:<20} {value:>10,.0f} {unit}{ratio}")


if __name__ == "__main__":
    main()
