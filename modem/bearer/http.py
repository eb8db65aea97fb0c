"""One HTTP/1.1 exchange over a connection a bearer opened (RFC 9112), with h11 as the codec.

The request goes to the origin (origin-form `GET /path`), or to the MMS proxy with the absolute
URL in the request line (`GET http://mmsc.example/path HTTP/1.1`, RFC 9112 §3.2.2), as Android,
mmsd and curl send it to carrier proxies. Every exchange has its own connection and says
`Connection: close`: AT&T's proxy wants it (mmsd's "Ensure Compatibility with AT&T" patch), and
a body without a length then ends where the connection does.

What can go wrong is named with the `MmsFailure` words: a connection closed before any answer
is `reset`; a body shorter than its Content-Length (or a chunked body cut short) is `truncated`,
so a lying Content-Length is never taken for the whole message; a body longer than
`Limits.max_body` is `too_large`, counted as it arrives; silence longer than
`Limits.read_timeout`, or an answer slower than `Limits.timeout`, is `timeout`.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import h11

from modem.bearer.base import HttpRequest, HttpResponse, Limits, Proxy
from modem.errors import BearerError

if TYPE_CHECKING:
    from modem.bearer.base import Bearer

__all__ = ["Target", "exchange_over", "http_exchange", "target_for"]


class Target:
    """Where a request goes and what its request line and Host header say."""

    def __init__(self, url: str, proxy: Proxy | None) -> None:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BearerError("protocol", f"not an http:// URL: {url!r}", retryable=False)
        self.scheme = parts.scheme
        self.host = parts.hostname
        try:
            default = 443 if parts.scheme == "https" else 80
            self.port = parts.port or default
        except ValueError:
            raise BearerError("protocol", f"bad port in {url!r}", retryable=False) from None
        shown = f"[{self.host}]" if ":" in self.host else self.host
        self.host_header = shown if parts.port in (None, default) else f"{shown}:{parts.port}"
        path = parts.path or "/"
        origin_form = path + (f"?{parts.query}" if parts.query else "")
        self.proxy = proxy
        if proxy is not None:
            if self.scheme == "https":
                raise BearerError(
                    "protocol", "https through an MMS proxy is not supported", retryable=False
                )
            self.request_target = f"{self.scheme}://{self.host_header}{origin_form}"
            self.connect_host, self.connect_port = proxy.host, proxy.port
        else:
            self.request_target = origin_form
            self.connect_host, self.connect_port = self.host, self.port

    def __str__(self) -> str:
        via = f" via proxy {self.proxy}" if self.proxy else ""
        return f"{self.host_header}{via}"


def target_for(url: str, proxy: Proxy | None) -> Target:
    return Target(url, proxy)


async def exchange_over(
    bearer: Bearer, request: HttpRequest, *, proxy: Proxy | None, limits: Limits
) -> HttpResponse:
    """Connect over `bearer` (to the proxy or the origin) and run one exchange."""
    target = Target(request.url, proxy)
    reader, writer = await bearer.connect(
        target.connect_host, target.connect_port, timeout=limits.connect_timeout
    )
    if target.scheme == "https":
        try:
            await writer.start_tls(ssl.create_default_context(), server_hostname=target.host)
        except (OSError, ssl.SSLError) as exc:
            _close(writer)
            raise BearerError("protocol", f"{target}: TLS failed ({exc})") from None
    return await http_exchange(reader, writer, request, target, limits)


async def http_exchange(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    request: HttpRequest,
    target: Target,
    limits: Limits,
) -> HttpResponse:
    """Write `request`, read the whole answer, close the connection (always)."""
    conn = h11.Connection(h11.CLIENT, max_incomplete_event_size=limits.max_header)
    sent = False
    try:
        wire = _request_bytes(conn, request, target)
        async with asyncio.timeout(limits.timeout):
            writer.write(wire)
            await writer.drain()
            sent = True
            return await _read_response(conn, reader, request, target, limits)
    except TimeoutError:
        what = "no whole answer" if sent else "the request could not be written"
        raise BearerError(
            "timeout", f"{target}: {what} within {limits.timeout:g} s", request_sent=sent
        ) from None
    except (ConnectionResetError, BrokenPipeError, ConnectionAbortedError) as exc:
        raise BearerError(
            "reset", f"{target}: connection reset ({exc.strerror or exc})", request_sent=sent
        ) from None
    finally:
        _close(writer)


def _request_bytes(conn: h11.Connection, request: HttpRequest, target: Target) -> bytes:
    headers = [("Host", target.host_header)]
    headers += [(k, v) for k, v in request.headers if k.lower() not in _OURS]
    if request.method.upper() != "GET" or request.body:
        headers.append(("Content-Length", str(len(request.body))))
    headers.append(("Connection", "close"))
    try:
        out = conn.send(
            h11.Request(method=request.method, target=target.request_target, headers=headers)
        )
        if request.body:
            out += conn.send(h11.Data(data=request.body))
        out += conn.send(h11.EndOfMessage())
    except h11.LocalProtocolError as exc:
        raise BearerError("protocol", f"cannot send this request: {exc}", retryable=False) from None
    return bytes(out or b"")


_OURS = frozenset({"host", "content-length", "connection", "transfer-encoding"})


async def _read_response(
    conn: h11.Connection,
    reader: asyncio.StreamReader,
    request: HttpRequest,
    target: Target,
    limits: Limits,
) -> HttpResponse:
    response: h11.Response | None = None
    body = bytearray()
    eof = False
    received = 0
    while True:
        try:
            event = conn.next_event()
        except h11.RemoteProtocolError as exc:
            silent = eof and received == 0
            raise _remote_error(exc, response, len(body), target, silent=silent) from None
        if event is h11.NEED_DATA:
            try:
                chunk = await asyncio.wait_for(reader.read(65536), limits.read_timeout)
            except TimeoutError:
                got = f" after {len(body)} bytes of body" if response is not None else ""
                raise BearerError(
                    "timeout",
                    f"{target}: nothing received for {limits.read_timeout:g} s{got}",
                    request_sent=True,
                ) from None
            eof = not chunk
            received += len(chunk)
            conn.receive_data(chunk)
        elif isinstance(event, h11.Response):
            response = event
        elif isinstance(event, h11.Data):
            body += event.data
            if len(body) > limits.max_body:
                raise BearerError(
                    "too_large",
                    f"{target}: answer larger than the limit of {limits.max_body} bytes",
                    request_sent=True,
                )
        elif isinstance(event, h11.EndOfMessage):
            assert response is not None
            return HttpResponse(
                status=response.status_code,
                reason=response.reason.decode("latin-1"),
                headers=tuple(
                    (k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers
                ),
                body=bytes(body),
            )
        elif isinstance(event, h11.ConnectionClosed):
            raise BearerError("reset", f"{target}: closed without an answer", request_sent=True)
        # h11.InformationalResponse (100 Continue and such): nothing to do


def _remote_error(
    exc: h11.RemoteProtocolError,
    response: h11.Response | None,
    received: int,
    target: Target,
    *,
    silent: bool,
) -> BearerError:
    text = str(exc)
    if response is None:
        if silent:
            return BearerError(
                "reset", f"{target}: the connection closed before an answer", request_sent=True
            )
        return BearerError("protocol", f"{target}: not an HTTP answer ({text})", request_sent=True)
    if "complete message body" in text or "incomplete chunked" in text:
        length = dict(response.headers).get(b"content-length")
        claimed = f" of the {length.decode()} its Content-Length announced" if length else ""
        return BearerError(
            "truncated",
            f"{target}: the body ended after {received} bytes{claimed}",
            request_sent=True,
        )
    return BearerError("protocol", f"{target}: bad HTTP answer ({text})", request_sent=True)


def _close(writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(Exception):
        writer.close()
