"""Final result codes of the simulated modem and the errors its command handlers raise.

Numbers and texts are the ones TS 27.007 §9.2 (+CME ERROR) and TS 27.005 §3.2.5 (+CMS ERROR)
define. How an error reads depends on AT+CMEE (27.007 §9.1): 0 gives a bare "ERROR", 1 the
number, 2 the verbose text. +CMS ERROR is a final result code of its own in 27.005 and is numeric
whatever CMEE says, unless a personality (some SIMCom firmware) prints the text with CMEE=2.

The simulator keeps its own table on purpose: it must not import the driver's modem.at.
"""

from __future__ import annotations

# TS 27.007 §9.2.1 (general errors) and §9.2.2 (GPRS-related), the codes modems really send.
CME_TEXTS: dict[int, str] = {
    0: "phone failure",
    1: "no connection to phone",
    2: "phone-adaptor link reserved",
    3: "operation not allowed",
    4: "operation not supported",
    5: "PH-SIM PIN required",
    10: "SIM not inserted",
    11: "SIM PIN required",
    12: "SIM PUK required",
    13: "SIM failure",
    14: "SIM busy",
    15: "SIM wrong",
    16: "incorrect password",
    17: "SIM PIN2 required",
    18: "SIM PUK2 required",
    20: "memory full",
    21: "invalid index",
    22: "not found",
    23: "memory failure",
    24: "text string too long",
    25: "invalid characters in text string",
    26: "dial string too long",
    27: "invalid characters in dial string",
    30: "no network service",
    31: "network timeout",
    32: "network not allowed - emergency calls only",
    50: "Incorrect parameters",
    100: "unknown",
}

# TS 27.005 §3.2.5: 300..500 are the ME/TA codes; 0..255 come from the network (RP/TP causes).
CMS_TEXTS: dict[int, str] = {
    21: "Short message transfer rejected",
    22: "Memory capacity exceeded",
    38: "Network out of order",
    41: "Temporary failure",
    42: "Congestion",
    47: "Resources unavailable, unspecified",
    300: "ME failure",
    301: "SMS service of ME reserved",
    302: "operation not allowed",
    303: "operation not supported",
    304: "invalid PDU mode parameter",
    305: "invalid text mode parameter",
    310: "(U)SIM not inserted",
    311: "(U)SIM PIN required",
    312: "PH-(U)SIM PIN required",
    313: "(U)SIM failure",
    314: "(U)SIM busy",
    315: "(U)SIM wrong",
    316: "(U)SIM PUK required",
    317: "(U)SIM PIN2 required",
    318: "(U)SIM PUK2 required",
    320: "memory failure",
    321: "invalid memory index",
    322: "memory full",
    330: "SMSC address unknown",
    331: "no network service",
    332: "network timeout",
    340: "no +CNMA acknowledgement expected",
    500: "unknown error",
}


class AtFailure(Exception):
    """A command failed; the interpreter turns this into the final result line."""

    def final(self, cmee: int, *, verbose_cms: bool = False) -> str:
        return "ERROR"


class PlainError(AtFailure):
    """Plain ERROR: a syntax error or a parameter the command does not accept (V.250 §5.7.1)."""


class CmeError(AtFailure):
    """+CME ERROR: <err> (TS 27.007 §9.2); rendered according to AT+CMEE."""

    def __init__(self, code: int) -> None:
        super().__init__(f"+CME ERROR: {code}")
        self.code = code

    def final(self, cmee: int, *, verbose_cms: bool = False) -> str:
        if cmee == 0:
            return "ERROR"
        if cmee == 2:
            return f"+CME ERROR: {CME_TEXTS.get(self.code, CME_TEXTS[100])}"
        return f"+CME ERROR: {self.code}"


class CmsError(AtFailure):
    """+CMS ERROR: <err> (TS 27.005 §3.2.5): numeric whatever CMEE says, unless the personality
    prints texts with CMEE=2."""

    def __init__(self, code: int) -> None:
        super().__init__(f"+CMS ERROR: {code}")
        self.code = code

    def final(self, cmee: int, *, verbose_cms: bool = False) -> str:
        if verbose_cms and cmee == 2 and self.code in CMS_TEXTS:
            return f"+CMS ERROR: {CMS_TEXTS[self.code]}"
        return f"+CMS ERROR: {self.code}"


class RawFinal(AtFailure):
    """A vendor's own final result (Huawei "COMMAND NOT SUPPORT", SIMCom's plain ERROR before
    "SMS Ready"): printed as given, whatever CMEE says."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def final(self, cmee: int, *, verbose_cms: bool = False) -> str:
        return self.text
