"""Property tests: AtProtocol never raises, and interleavings never lose or reorder anything.

A generated session is a list of commands; each command's answer is written with random line
ends (\\r\\n, \\n, \\r, extra empty lines), optional echo, URCs inserted anywhere (between info
lines, before and after the prompt, between the body and the result), and the bytes are cut
into random chunks (down to one byte). The events must be exactly the URCs and responses, in
order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modem.at import AtProtocol, Prompt, Response, ResultKind, State, Urc
from modem.at.results import parse_final
from modem.profiles import urc_table

# The table the driver gives the protocol before it knows the vendor: every vendor's codes.
ALL_URCS = urc_table(None)

PDU = "0011000B911326880736F40000A90AE8329BFD4697D9EC37"
CMT_PDU = "07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07"

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass
class Step:
    """One command and what the modem says: `before` URCs, then per info line URCs."""

    command: str
    lines: list[str]
    final: str
    kind: ResultKind
    code: int | None
    prompt: bool = False
    urcs_at: dict[int, list[tuple[list[str], Urc]]] = field(default_factory=dict)


urc_lines = st.sampled_from(
    [
        (['+CMTI: "SM",3'], Urc("+CMTI", '"SM",3')),
        (["^RSSI:17"], Urc("^RSSI", "17")),
        (["RING"], Urc("RING")),
        (['+CDSI: "SR",12'], Urc("+CDSI", '"SR",12')),
        (["+CMT: ,39", CMT_PDU], Urc("+CMT", ",39", CMT_PDU)),
        (["+CDS: 25", "0791AA"], Urc("+CDS", "25", "0791AA")),
        (['+CUSD: 0,"Line one', 'line two",15'], Urc("+CUSD", '0,"Line one\nline two",15')),
        (["+CUSD: 2"], Urc("+CUSD", "2")),
        (['#STN: 150,1,""'], Urc("#STN", '150,1,""')),
        (["^NWTIME:25/11/25,02:30:00+4,00"], Urc("^NWTIME", "25/11/25,02:30:00+4,00")),
        (["+QIND: SMS DONE"], Urc("+QIND", "SMS DONE")),
        (["SMS Ready"], Urc("SMS Ready")),
        (["+CREG: 1"], Urc("+CREG", "1")),
        (['^HCSQ:"LTE",52,45,131,25'], Urc("^HCSQ", '"LTE",52,45,131,25')),
    ]
)

finals = st.sampled_from(
    [
        ("OK", ResultKind.OK, None),
        ("ERROR", ResultKind.ERROR, None),
        ("+CMS ERROR: 38", ResultKind.CMS_ERROR, 38),
        ("+CMS ERROR: Network out of order", ResultKind.CMS_ERROR, 38),
        ("+CME ERROR: 10", ResultKind.CME_ERROR, 10),
        ("COMMAND NOT SUPPORT", ResultKind.VENDOR_ERROR, None),
    ]
)


@st.composite
def steps(draw) -> Step:
    kinds = ["csq", "cgmi", "cmgr", "cpin", "cmgs", "cmgl", "cmgr_text", "creg"]
    kind = draw(st.sampled_from(kinds))
    final, rkind, code = draw(finals)
    if kind == "csq":
        step = Step("AT+CSQ", [f"+CSQ: {draw(st.integers(0, 31))},99"], final, rkind, code)
    elif kind == "cgmi":
        step = Step("AT+CGMI", ["huawei"], final, rkind, code)
    elif kind == "cmgr":
        step = Step("AT+CMGR=1", ["+CMGR: 0,,39", CMT_PDU], final, rkind, code)
    elif kind == "cmgl":
        n = draw(st.integers(0, 3))
        lines = []
        for i in range(n):
            lines += [f"+CMGL: {i},1,,39", CMT_PDU]
        step = Step("AT+CMGL=4", lines, final, rkind, code)
    elif kind == "cmgr_text":
        # a text-mode SMS whose text looks like a URC: it must stay the answer's data line
        header = '+CMGR: "REC READ","+4712345678",,"25/11/25,10:00:00+04"'
        text = draw(st.sampled_from(["RING", '+CMTI: "SM",1', "hello", "^RSSI:5"]))
        step = Step("AT+CMGR=2", [header, text], final, rkind, code)
    elif kind == "creg":
        # "+CREG: 1" URCs may land in between; the answer has the "<n>,<stat>" shape
        step = Step("AT+CREG?", ['+CREG: 2,1,"00C3","0000A0B1"'], final, rkind, code)
    elif kind == "cpin":
        step = Step("AT+CPIN?", ["+CPIN: READY"], final, rkind, code)
    else:
        mr = draw(st.integers(0, 255))
        step = Step("AT+CMGS=23", [f"+CMGS: {mr}"], final, rkind, code, prompt=True)
    if rkind is not ResultKind.OK:
        step.lines = []
    # URC insertion points: 0 = before anything (after the echo), k = after info line k,
    # for prompted commands -1 = after the prompt, before the body is sent.
    points = list(range(len(step.lines) + 1)) + ([-1] if step.prompt else [])
    if kind == "cmgr_text" and step.lines:
        points.remove(1)  # nothing comes between a text-mode header and its text
    for point in draw(st.lists(st.sampled_from(points), max_size=4)):
        step.urcs_at.setdefault(point, []).append(draw(urc_lines))
    return step


line_ends = st.sampled_from(["\r\n", "\n", "\r"])
line_starts = st.sampled_from(["\r\n", "", "\n", "\r\n\r\n"])


@st.composite
def written(draw, lines: list[str]) -> str:
    """Lines as a modem would write them, with random framing."""
    return "".join(draw(line_starts) + line + draw(line_ends) for line in lines)


def chunked(draw, data: bytes) -> list[bytes]:
    if not data:
        return []
    cuts = sorted(set(draw(st.lists(st.integers(1, max(1, len(data) - 1)), max_size=12))))
    if draw(st.booleans()) and len(data) < 200:
        cuts = list(range(1, len(data)))  # one byte at a time
    out, last = [], 0
    for cut in [*cuts, len(data)]:
        if cut > last:
            out.append(data[last:cut])
            last = cut
    return out


def feed(draw, p: AtProtocol, text: str) -> None:
    for chunk in chunked(draw, text.encode("latin-1")):
        p.receive_data(chunk)


def urc_block(draw, items) -> tuple[str, list[Urc]]:
    text, urcs = "", []
    for lines, urc in items:
        text += draw(written(lines))
        urcs.append(urc)
    return text, urcs


@given(st.data(), st.lists(steps(), min_size=1, max_size=5), st.booleans())
@SETTINGS
def test_interleavings_keep_everything_in_order(data, session, echo):
    draw = data.draw
    p = AtProtocol(urcs=ALL_URCS)
    got: list = []
    expected: list = []
    for step in session:
        idle_text, idle_urcs = urc_block(draw, draw(st.lists(urc_lines, max_size=2)))
        feed(draw, p, idle_text)
        expected += idle_urcs
        p.send(step.command, prompt=step.prompt)
        text = step.command + "\r" if echo else ""
        pre_text, pre_urcs = urc_block(draw, step.urcs_at.get(0, []))
        text += pre_text
        expected += pre_urcs
        if step.prompt and step.kind is ResultKind.OK:
            text += "\r\n> "
            feed(draw, p, text)
            expected.append(Prompt(step.command))
            post_text, post_urcs = urc_block(draw, step.urcs_at.get(-1, []))
            # after the prompt, URCs start on a fresh line
            feed(draw, p, "\r\n" + post_text if post_text else "")
            expected += post_urcs
            got += p.events()
            assert p.state is State.SENDING_BODY
            p.send_body(PDU)
            text = PDU + "\x1a" if echo else ""
        for i, line in enumerate(step.lines, start=1):
            text += draw(written([line]))
            block, urcs = urc_block(draw, step.urcs_at.get(i, []))
            text += block
            expected += urcs
        text += draw(written([step.final]))
        feed(draw, p, text)
        expected.append(Response(step.command, tuple(step.lines), step.kind, step.code, step.final))
        got += p.events()
        assert p.state is State.IDLE
    assert got == expected


@given(st.binary(max_size=400), st.sampled_from(["idle", "command", "prompt", "body"]))
@SETTINGS
def test_random_bytes_never_raise(data, state):
    p = AtProtocol(urcs=ALL_URCS)
    if state == "command":
        p.send("AT+CSQ")
    elif state in ("prompt", "body"):
        p.send("AT+CMGS=23", prompt=True)
        if state == "body":
            p.receive_data(b"\r\n> ")
            p.send_body(PDU)
    p.receive_data(data)
    for i in range(0, len(data), 7):
        p.receive_data(data[i : i + 7])
    while p.next_event() is not None:
        pass
    # and after a resync the port works again
    p.reset()
    p.send("AT")
    p.receive_data(b"\r\nOK\r\n")
    assert p.events()[-1] == Response("AT", (), ResultKind.OK, None, "OK")


@given(st.lists(st.binary(max_size=40), max_size=30))
@SETTINGS
def test_random_chunks_across_commands_never_raise(chunks):
    p = AtProtocol(urcs=ALL_URCS)
    for i, chunk in enumerate(chunks):
        if p.state is State.IDLE and i % 3 == 0:
            p.send("AT+CMGS=5" if i % 2 else "AT+CSQ", prompt=bool(i % 2))
        elif p.state is State.SENDING_BODY:
            p.send_body("00")
        p.receive_data(chunk)
        p.events()


printable_line = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=0x7E, blacklist_characters='"'),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() and not s.strip().startswith(("+CMT:", "+CDS:", "+CBM:", ">")))


@given(st.lists(printable_line, max_size=10))
@SETTINGS
def test_every_line_between_commands_is_reported(lines):
    p = AtProtocol(urcs=ALL_URCS)
    p.receive_data("".join(f"\r\n{line}\r\n" for line in lines).encode())
    events = p.events()
    assert len(events) == len(lines)
    assert all(isinstance(e, Urc) for e in events)


@given(st.lists(printable_line, max_size=10))
@SETTINGS
def test_unknown_lines_inside_a_command_are_kept(lines):
    p = AtProtocol(urcs=())
    p.send("ATI")
    p.receive_data("".join(f"{line}\r\n" for line in lines).encode() + b"OK\r\n")
    events = p.events()
    kept = [line.strip() for line in lines]
    # a line that is itself a final result code ends the command early; skip those draws
    if any(parse_final(line) is not None for line in kept):
        return
    assert events[-1].lines == tuple(x for x in kept if x.upper() != "ATI")
