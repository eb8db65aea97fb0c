"""+CME / +CMS ERROR codes: what each means and what a driver should do about it.

TS 27.007 §9.2 and TS 27.005 §3.2.5 define the numbers (tables in `error_tables.py`). Nobody in
the field tells a transient failure from a permanent one (research sms.md §6.1), so every
failure here carries a class: retry later, free storage first, wait for the modem, ask the user
for a PIN, fix the configuration, fix our own PDU, or give up. `classify()` accepts the numeric
and the verbose form (AT+CMEE=2: "+CMS ERROR: Network out of order").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from modem.at import error_tables as _t
from modem.at.events import ResultKind

if TYPE_CHECKING:
    from modem.at.events import Response
    from modem.errors import CommandError

__all__ = [
    "CME_ERRORS",
    "CMS_ERRORS",
    "ErrorCategory",
    "ErrorInfo",
    "classify",
    "code_for_text",
    "command_error",
]


class ErrorCategory(Enum):
    """What to do about a failed command."""

    PERMANENT = "permanent"  # the network or recipient refused: retrying cannot help
    TRANSIENT = "transient"  # network out of order, congestion: back off and retry
    STORAGE_FULL = "storage full"  # free storage (AT+CMGD), then retry
    MODEM_STATE = "modem state"  # SIM busy, not registered, init in progress: wait, retry
    SIM = "SIM"  # PIN/PUK needed, SIM missing or wrong: an operator must act
    CONFIG = "config"  # SMSC address unknown, operation not allowed in this mode
    BUG = "bug"  # our request was malformed (invalid PDU, index): do not resend it
    UNKNOWN = "unknown"  # plain ERROR, "unknown error": retry a limited number of times

    @property
    def hint(self) -> str:
        return _HINTS[self]


_HINTS = {
    ErrorCategory.PERMANENT: "permanent, do not retry",
    ErrorCategory.TRANSIENT: "transient, retry later",
    ErrorCategory.STORAGE_FULL: "storage full, retry after freeing storage",
    ErrorCategory.MODEM_STATE: "modem not ready, retry when it is",
    ErrorCategory.SIM: "SIM needs attention",
    ErrorCategory.CONFIG: "configuration problem",
    ErrorCategory.BUG: "invalid request, do not resend it",
    ErrorCategory.UNKNOWN: "cause unknown, retry a few times at most",
}
_RETRYABLE = frozenset({ErrorCategory.TRANSIENT, ErrorCategory.MODEM_STATE, ErrorCategory.UNKNOWN})


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    """One error code: its number (None when unknown), meaning and class."""

    code: int | None
    text: str
    category: ErrorCategory

    @property
    def retryable(self) -> bool:
        """Sending the same command again later may succeed without anyone acting."""
        return self.category in _RETRYABLE

    @property
    def retry_after_free(self) -> bool:
        """Sending again can succeed once storage has been freed."""
        return self.category is ErrorCategory.STORAGE_FULL


def _table(raw: dict[int, tuple[str, str]]) -> dict[int, ErrorInfo]:
    return {code: ErrorInfo(code, text, ErrorCategory[cat]) for code, (text, cat) in raw.items()}


#: TS 27.007 §9.2 (+ vendor codes): code -> ErrorInfo.
CME_ERRORS: dict[int, ErrorInfo] = _table(_t.CME_ERRORS_RAW)
#: TS 27.005 §3.2.5 with TS 24.011 RP causes and TS 23.040 TP-FCS (+ vendor codes).
CMS_ERRORS: dict[int, ErrorInfo] = _table(_t.CMS_ERRORS_RAW)

_NON_WORD = re.compile(r"[^a-z0-9]+")


def _norm(text: str) -> str:
    """Lower case, "(U)SIM" -> "sim", punctuation to single blanks."""
    text = text.lower().replace("(u)", "")
    return _NON_WORD.sub(" ", text).strip()


def _index(table: dict[int, ErrorInfo], aliases: dict[str, int]) -> dict[str, int]:
    out = {_norm(info.text): code for code, info in sorted(table.items(), reverse=True)}
    out.update({_norm(k): v for k, v in aliases.items()})
    return out


_CMS_BY_TEXT = _index(CMS_ERRORS, _t.CMS_ALIASES)
_CME_BY_TEXT = _index(CME_ERRORS, _t.CME_ALIASES)


def code_for_text(kind: ResultKind, text: str) -> int | None:
    """The number of a verbose +CME/+CMS error text ("SIM not inserted" -> 10), or None."""
    key = _norm(text)
    if kind is ResultKind.CMS_ERROR:
        return _CMS_BY_TEXT.get(key)
    if kind is ResultKind.CME_ERROR:
        return _CME_BY_TEXT.get(key)
    return None


_PREFIX = re.compile(r"^\s*\+CM[ES] ERROR\s*:?\s*", re.IGNORECASE)

# Words that give a verbose error we do not know a class anyway.
_KEYWORDS: tuple[tuple[str, ErrorCategory], ...] = (
    ("puk", ErrorCategory.SIM),
    ("pin", ErrorCategory.SIM),
    ("not inserted", ErrorCategory.SIM),
    ("busy", ErrorCategory.MODEM_STATE),
    ("wait", ErrorCategory.MODEM_STATE),
    ("full", ErrorCategory.STORAGE_FULL),
    ("timeout", ErrorCategory.TRANSIENT),
    ("congestion", ErrorCategory.TRANSIENT),
    ("temporar", ErrorCategory.TRANSIENT),
    ("not supported", ErrorCategory.CONFIG),
    ("not allowed", ErrorCategory.CONFIG),
    ("invalid", ErrorCategory.BUG),
)

_OTHER_KINDS = {
    ResultKind.ERROR: ("error", ErrorCategory.UNKNOWN),
    ResultKind.NO_CARRIER: ("no carrier", ErrorCategory.TRANSIENT),
    ResultKind.BUSY: ("busy", ErrorCategory.TRANSIENT),
    ResultKind.NO_ANSWER: ("no answer", ErrorCategory.TRANSIENT),
    ResultKind.NO_DIALTONE: ("no dialtone", ErrorCategory.MODEM_STATE),
}
_VENDOR = {
    "command not support": ("command not supported by this modem", ErrorCategory.CONFIG),
    "too many parameters": ("too many parameters", ErrorCategory.BUG),
    "aborted": ("command aborted", ErrorCategory.TRANSIENT),
}


def classify(kind: ResultKind, code: int | None = None, text: str = "") -> ErrorInfo:
    """Meaning and class of a failed command's final result.

    `code` is the number when known; `text` may be the whole final line ("+CMS ERROR: 38"),
    just its detail ("38", "Network out of order") or empty. OK and CONNECT are not errors
    (ValueError).
    """
    if kind.success:
        raise ValueError(f"{kind.value} is not an error")
    detail = _PREFIX.sub("", text).strip()
    if kind is ResultKind.CMS_ERROR or kind is ResultKind.CME_ERROR:
        table = CMS_ERRORS if kind is ResultKind.CMS_ERROR else CME_ERRORS
        if code is None and detail:
            code = int(detail) if detail.isdigit() else code_for_text(kind, detail)
        if code is not None:
            info = table.get(code)
            if info is not None:
                return info
            return ErrorInfo(
                code,
                detail if detail and not detail.isdigit() else _unlisted(kind, code),
                _range_category(kind, code),
            )
        return ErrorInfo(None, detail or kind.value, _keyword_category(detail))
    if kind is ResultKind.VENDOR_ERROR:
        key = _norm(text)
        for start, (meaning, category) in _VENDOR.items():
            if key.startswith(start):
                return ErrorInfo(code, meaning, category)
        return ErrorInfo(code, text or "vendor error", _keyword_category(text))
    meaning, category = _OTHER_KINDS[kind]
    return ErrorInfo(code, meaning, category)


def _unlisted(kind: ResultKind, code: int) -> str:
    if kind is ResultKind.CMS_ERROR:
        if code < 128:
            return f"RP cause {code}"
        if code < 256:
            return f"TP-FCS 0x{code:02X}"
    if code >= 512:
        return f"manufacturer specific error {code}"
    return f"error {code}"


def _range_category(kind: ResultKind, code: int) -> ErrorCategory:
    """Codes missing from the tables, classed by their range."""
    if kind is ResultKind.CMS_ERROR:
        if code < 128:
            # An RP cause the tables do not list still comes from the network side; treat it
            # like #41 "temporary failure" rather than give up on the message.
            return ErrorCategory.TRANSIENT
        if 0xE0 <= code <= 0xFE:
            return ErrorCategory.PERMANENT  # values specific to an application
    return ErrorCategory.UNKNOWN


def _keyword_category(text: str) -> ErrorCategory:
    low = text.lower()
    for word, category in _KEYWORDS:
        if word in low:
            return category
    return ErrorCategory.UNKNOWN


def command_error(response: Response) -> CommandError:
    """The `CommandError` for a failed `Response`, with its class and a readable message."""
    from modem.errors import CommandError

    info = classify(response.kind, response.code, response.text)
    return CommandError(
        command=response.command,
        kind=response.kind,
        code=info.code,
        text=info.text,
        category=info.category,
        retryable=info.retryable,
        retry_after_free=info.retry_after_free,
        result=response.text,
    )
