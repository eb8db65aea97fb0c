"""Final result codes: which lines end a command, and how (V.250 §5.7, TS 27.007 §9.2,
TS 27.005 §3.2.5, plus vendor finals).

`parse_final(line)` answers "does this line end the command in flight?" with the ResultKind and
the +CME/+CMS code (verbose texts are mapped back to their numbers through `modem.at.codes`).
Numeric result codes (ATV0, V.250 Table 1) are recognised only when asked, because a bare digit
is also a normal information line ("AT+CFUN?" on some modems answers "1").
"""

from __future__ import annotations

from collections.abc import Mapping

from modem.at.codes import code_for_text
from modem.at.events import ResultKind

__all__ = ["FINALS", "NUMERIC_FINALS", "NUMERIC_RING", "parse_final"]

#: Verbose final result codes matched as whole lines (V.250 §5.7.1 Table 1; vendors).
FINALS: Mapping[str, ResultKind] = {
    "OK": ResultKind.OK,
    "ERROR": ResultKind.ERROR,
    "NO CARRIER": ResultKind.NO_CARRIER,
    "BUSY": ResultKind.BUSY,
    "NO ANSWER": ResultKind.NO_ANSWER,
    "NO DIALTONE": ResultKind.NO_DIALTONE,
    "NO DIAL TONE": ResultKind.NO_DIALTONE,
    "CONNECT": ResultKind.CONNECT,
    "COMMAND NOT SUPPORT": ResultKind.VENDOR_ERROR,  # Huawei: unknown command
    "TOO MANY PARAMETERS": ResultKind.VENDOR_ERROR,  # Huawei
    "ABORTED": ResultKind.VENDOR_ERROR,  # u-blox: command aborted by a character
}

#: Numeric result codes (ATV0), V.250 §5.7.1 Table 1. "2" (RING) is unsolicited, not final.
NUMERIC_FINALS: Mapping[str, ResultKind] = {
    "0": ResultKind.OK,
    "1": ResultKind.CONNECT,
    "3": ResultKind.NO_CARRIER,
    "4": ResultKind.ERROR,
    "6": ResultKind.NO_DIALTONE,
    "7": ResultKind.BUSY,
    "8": ResultKind.NO_ANSWER,
}
NUMERIC_RING = "2"

# Prefixed finals carrying a value: "+CME ERROR: 10", "CONNECT 115200", vendor error numbers.
_PREFIXED: tuple[tuple[str, ResultKind], ...] = (
    ("+CME ERROR", ResultKind.CME_ERROR),
    ("+CMS ERROR", ResultKind.CMS_ERROR),
    ("+EXT ERROR", ResultKind.VENDOR_ERROR),  # Wavecom/Sierra
    ("MODEM ERROR", ResultKind.VENDOR_ERROR),  # Siemens/Alcatel (gammu lists it)
    ("COMMAND NOT SUPPORT", ResultKind.VENDOR_ERROR),
)


def parse_final(
    line: str,
    *,
    numeric: bool = False,
    extra: Mapping[str, ResultKind] | None = None,
) -> tuple[ResultKind, int | None] | None:
    """(kind, code) when `line` is a final result code, else None. Never raises."""
    kind = FINALS.get(line)
    if kind is not None:
        return kind, None
    if extra:
        kind = extra.get(line)
        if kind is not None:
            return kind, None
    if numeric:
        kind = NUMERIC_FINALS.get(line)
        if kind is not None:
            return kind, None
    first = line[:1]
    if first == "+" or first == "M" or first == "C":
        if line.startswith("CONNECT "):
            return ResultKind.CONNECT, None
        for prefix, kind in _PREFIXED:
            if line.startswith(prefix):
                rest = line[len(prefix) :]
                if rest and rest[0] not in ": ":
                    return None  # "+CME ERRORS..." is not a result code
                detail = rest.lstrip(": ").strip()
                return kind, _code(kind, detail)
    return None


def _code(kind: ResultKind, detail: str) -> int | None:
    if not detail:
        return None
    if detail.isdigit():
        return int(detail)
    if kind is ResultKind.CME_ERROR or kind is ResultKind.CMS_ERROR:
        return code_for_text(kind, detail)
    return None
