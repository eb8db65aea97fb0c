"""One exception hierarchy for the whole package.

Every error a user can cause ends in one of these, carrying what the user needs to act on it
(which byte of a PDU was wrong, which +CMS code the network gave and whether a retry can help).
The CLI turns any `ModemError` into a one-line message and exit code 2; nothing else should
reach the user as a traceback.
"""

from __future__ import annotations


class ModemError(Exception):
    """Base of every error this package raises on purpose."""


# --- codecs -----------------------------------------------------------------------------------


class PduError(ModemError, ValueError):
    """A PDU (SMS TPDU, UDH, WSP push) could not be decoded.

    `offset` is the byte position in the input where the problem was found, when known.
    """

    def __init__(self, message: str, offset: int | None = None) -> None:
        self.reason = message
        self.offset = offset
        super().__init__(message if offset is None else f"{message} (at byte {offset})")


class EncodeError(ModemError, ValueError):
    """A value cannot be encoded as asked (a character missing from the chosen alphabet,
    user data too long for one TPDU, a field out of range)."""


class AddressError(EncodeError):
    """A phone number or alphanumeric sender that cannot be put on the wire."""


class TooManyParts(EncodeError):
    """A message needs more SMS parts than allowed: `parts` is what it needs, `limit` the
    most allowed (a caller's `max_parts`, or the 255 a concatenation header can count)."""

    def __init__(self, parts: int, limit: int) -> None:
        self.parts = parts
        self.limit = limit
        super().__init__(f"message needs {parts} SMS parts, more than the {limit} allowed")


class MmsError(ModemError, ValueError):
    """An MMS or WSP PDU could not be decoded or encoded; `offset` as for `PduError`."""

    def __init__(self, message: str, offset: int | None = None) -> None:
        self.reason = message
        self.offset = offset
        super().__init__(message if offset is None else f"{message} (at byte {offset})")


class MmsTooLarge(MmsError):
    """An MMS is bigger than the configured limit; `size`, `limit` and `over` are in bytes."""

    def __init__(self, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        self.over = size - limit
        super().__init__(f"message is {size} bytes, {self.over} bytes over the limit of {limit}")


# --- configuration ----------------------------------------------------------------------------


class ConfigError(ModemError):
    """The configuration file or an option is wrong; the message names the key."""


# --- MMS over the data bearer (owner: mms; raised by modem/bearer/ and modem/mms/client.py) --


class BearerError(ModemError):
    """An HTTP exchange with the MMSC (or its proxy) over a data bearer gave no usable answer.

    `kind` is a `modem.vocabulary.MmsFailure` word (dns, refused, timeout, http_status, ...);
    `status` the HTTP status when there was one; `request_sent` is True when the whole request
    had been written before things went wrong (a POSTed M-Send.req may then have reached the
    MMSC: its outcome is unknown, not failed). `retryable` says whether trying again later can
    help by itself: network trouble and 5xx can, a 404 or a refused User-Agent cannot.
    """

    def __init__(
        self,
        kind: str,
        message: str,
        *,
        status: int | None = None,
        request_sent: bool = False,
        retryable: bool | None = None,
    ) -> None:
        self.kind = kind
        self.status = status
        self.request_sent = request_sent
        self.retryable = _bearer_retryable(kind, status) if retryable is None else retryable
        super().__init__(message)


def _bearer_retryable(kind: str, status: int | None) -> bool:
    if kind == "http_status":
        return status is None or status >= 500 or status in (408, 429)
    return kind not in ("too_large", "protocol")


class BearerDown(BearerError):
    """The data connection could not be brought up or went away (pppd failed, the interface is
    missing or has no address); the message says why, in the words of whatever failed."""

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__("bearer_down", message, retryable=retryable)


class MmsSendError(ModemError):
    """An M-Send.req did not end with an M-Send.conf saying Ok.

    `outcome` is "failed" (the MMSC did not take it: safe to send again when `retryable`) or
    "unknown" (the request went out and no answer came: it may have been accepted, so it is
    not resent by itself). `kind` is a `MmsFailure` word; `response_status` the
    X-Mms-Response-Status when the MMSC gave one; `cause` the underlying error, if any.
    """

    outcome = "failed"

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        retryable: bool,
        response_status: int | None = None,
        cause: BaseException | None = None,
    ) -> None:
        self.kind = kind
        self.retryable = retryable
        self.response_status = response_status
        self.cause = cause
        super().__init__(message)

    @property
    def permanent(self) -> bool:
        return not self.retryable


class MmsSendUnknown(MmsSendError):
    """The M-Send.req was written but no answer came: it may have been accepted."""

    outcome = "unknown"


# --- the modem --------------------------------------------------------------------------------


class AtError(ModemError):
    """Something went wrong talking AT to a modem."""


class ModemGone(AtError):
    """The port disappeared (USB unplugged or re-enumerated) or could not be opened."""


class CommandTimeout(AtError):
    """A command got no final result in time; the port has been (or must be) resynchronised."""


# --- AT command failures (owner: at; classification in modem/at/codes.py) --------------------


class CommandError(AtError):
    """A command ended with an error result (ERROR, +CME ERROR, +CMS ERROR, a vendor final).

    `command` is the command line ("AT+CMGS=23"); `kind` the `modem.at.ResultKind`; `code` the
    +CME/+CMS number when known; `text` its meaning ("network out of order"); `category` the
    `modem.at.ErrorCategory` saying what to do next; `retryable` is True when sending the same
    command later may succeed by itself; `retry_after_free` when it may once storage is freed;
    `result` is the final result line as the modem sent it.
    """

    def __init__(
        self,
        command: str,
        kind: object,
        code: int | None = None,
        text: str = "",
        category: object = None,
        retryable: bool = False,
        retry_after_free: bool = False,
        result: str = "",
    ) -> None:
        self.command = command
        self.kind = kind
        self.code = code
        self.text = text
        self.category = category
        self.retryable = retryable
        self.retry_after_free = retry_after_free
        self.result = result
        super().__init__(self._message())

    def _message(self) -> str:
        name = self.command.split("=", 1)[0].split("?", 1)[0] or "command"
        kind = getattr(self.kind, "value", None) or str(self.kind or "ERROR")
        if self.code is not None and kind.startswith("+CM"):
            what = f"{kind} {self.code}"
        else:
            what = self.result or kind
        hint = getattr(self.category, "hint", None)
        text = "" if self.text.lower() in what.lower() else self.text
        detail = "; ".join(x for x in (text, hint) if x)
        return f"{name} failed: {what} ({detail})" if detail else f"{name} failed: {what}"


# --- the SIM and sending SMS (owner: device; raised by modem/device/) -----------------------


class SimError(AtError):
    """The SIM keeps the modem from working: missing, PIN or PUK wanted, PIN rejected.

    `state` is what the modem said ("SIM PIN", "SIM PUK", "not inserted", "PIN rejected").
    The driver enters a configured PIN once and never guesses: a second wrong try would
    bring the SIM closer to needing its PUK.
    """

    def __init__(self, message: str, state: str = "") -> None:
        self.state = state
        super().__init__(message)


class SendError(AtError):
    """Sending one part of an SMS did not end with a message reference.

    `part` (from 0) of `total` parts; `references` are the TP-MRs of the parts sent before it
    (already on their way: never send them again); `outcome` is a `modem.vocabulary.
    SendOutcome` word: "failed" (this part did not go out) or "unknown" (it may have gone
    out); `retryable` whether sending it again later can help without risking a duplicate;
    `cause` the error underneath (a CommandError, CommandTimeout or ModemGone; None for a
    cancellation).
    """

    part: int = 0
    total: int = 1
    references: tuple[int | None, ...] = ()
    outcome: str = "failed"
    concat_reference: int | None = None  # the UDH reference, to resume with the same one
    cause: BaseException | None = None

    def _send_context(self, part: int, total: int, references: tuple[int | None, ...]) -> None:
        self.part, self.total, self.references = part, total, tuple(references)

    def _where(self) -> str:
        if self.total <= 1:
            return "SMS"
        sent = f" (parts sent before: {len(self.references)})" if self.references else ""
        return f"part {self.part + 1} of {self.total}{sent}"


#: +CME/+CMS classes (modem.at.ErrorCategory values) that no modem, SIM or later try can
#: cure: the network refused the message itself (unassigned number, ...), or the PDU is bad.
_PERMANENT_CATEGORIES = frozenset({"permanent", "bug"})


class PartRejected(SendError, CommandError):
    """The modem or network refused a part (+CMS ERROR ...): it did not go out. The +CMS
    code, its class and `retryable` (the same modem may take it later) come from the AT
    layer's tables; `permanent` means no retry anywhere can help (the recipient or the PDU is
    the problem, not this modem or SIM). Neither: another modem may succeed (a SIM barred
    from SMS, no SMSC configured, storage full)."""

    outcome = "failed"

    def __init__(
        self,
        cause: CommandError,
        *,
        part: int = 0,
        total: int = 1,
        references: tuple[int | None, ...] = (),
    ) -> None:
        self._send_context(part, total, references)
        super().__init__(
            cause.command,
            cause.kind,
            cause.code,
            cause.text,
            cause.category,
            cause.retryable,
            cause.retry_after_free,
            cause.result,
        )
        self.cause = cause
        self.permanent = getattr(cause.category, "value", None) in _PERMANENT_CATEGORIES

    def _message(self) -> str:
        return f"{self._where()} not sent: {super()._message()}"


class PartNotSent(SendError):
    """A part never reached the network: no "> " prompt came (the prompt was left with ESC),
    or the port went away before the body was written. Safe to send again; `cause` is the
    CommandTimeout or ModemGone underneath."""

    outcome = "failed"
    retryable = True

    def __init__(
        self,
        reason: str,
        *,
        cause: BaseException | None = None,
        part: int = 0,
        total: int = 1,
        references: tuple[int | None, ...] = (),
    ) -> None:
        self._send_context(part, total, references)
        self.cause = cause
        super().__init__(f"{self._where()} not sent: {reason}")


class SendUnknown(SendError):
    """The body of a part was written but no result came (timeout after Ctrl-Z, the port
    vanished, the caller cancelled): the part may or may not have gone out. Unknown, not
    failed: resending it may deliver it twice, so nothing resends it by itself; a status
    report, if requested, tells. `cause` is the CommandTimeout or ModemGone underneath."""

    outcome = "unknown"
    retryable = False

    def __init__(
        self,
        reason: str,
        *,
        cause: BaseException | None = None,
        part: int = 0,
        total: int = 1,
        references: tuple[int | None, ...] = (),
    ) -> None:
        self._send_context(part, total, references)
        self.cause = cause
        super().__init__(
            f"{self._where()}: outcome unknown ({reason}); it may have been sent, "
            "so it is not resent automatically"
        )
