"""One HTTP exchange over a bearer (modem/bearer/http.py), against a loopback server that
answers with scripted bytes: the request line through a proxy, the headers sent, and every way
an answer goes wrong, each named with its MmsFailure word."""

from __future__ import annotations

import pytest
from raw_server import RawServer, answer, in_pieces, reset

from modem.bearer.base import HttpRequest, Limits
from modem.bearer.carriers import Proxy
from modem.bearer.direct import DirectBearer
from modem.errors import BearerError

QUICK = Limits(connect_timeout=2, timeout=2, read_timeout=0.5)


async def test_through_a_proxy_the_request_line_carries_the_absolute_url() -> None:
    async with RawServer() as proxy:
        request = HttpRequest(
            "GET", "http://mmsc.carrier.example/mms/abc?m=1", (("User-Agent", "Android-Mms/2.0"),)
        )
        response = await DirectBearer().exchange(request, proxy=Proxy("127.0.0.1", proxy.port))
    assert response.status == 200 and response.body == b"ok"
    lines = proxy.requests[0].decode().split("\r\n")
    assert lines[0] == "GET http://mmsc.carrier.example/mms/abc?m=1 HTTP/1.1"
    assert "Host: mmsc.carrier.example" in lines
    assert "User-Agent: Android-Mms/2.0" in lines
    assert "Connection: close" in lines


async def test_without_a_proxy_origin_form_and_a_post_body() -> None:
    async with RawServer() as server:
        request = HttpRequest("POST", f"{server.url}/mms", (("Content-Type", "x/y"),), b"\x8c\x80")
        await DirectBearer().exchange(request)
    head, _, body = server.requests[0].partition(b"\r\n\r\n")
    assert head.split(b"\r\n")[0] == b"POST /mms HTTP/1.1"
    assert b"Content-Length: 2" in head and body == b"\x8c\x80"


async def test_a_chunked_answer_and_one_ended_by_close_are_whole() -> None:
    async with RawServer() as server:
        server.script = answer(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
        )
        first = await DirectBearer().exchange(HttpRequest("GET", server.url + "/a"))
        server.script = answer(b"HTTP/1.0 200 OK\r\n\r\nuntil the end", pieces=3, pause=0.01)
        second = await DirectBearer().exchange(HttpRequest("GET", server.url + "/b"))
    assert first.body == b"abcde" and second.body == b"until the end"


async def test_a_lying_content_length_is_truncated_not_taken_for_the_message() -> None:
    async with RawServer() as server:
        server.script = answer(b"HTTP/1.1 200 OK\r\nContent-Length: 900\r\n\r\nonly this")
        with pytest.raises(BearerError) as caught:
            await DirectBearer().exchange(HttpRequest("GET", server.url + "/m"))
    assert caught.value.kind == "truncated" and caught.value.retryable
    assert "9 bytes of the 900" in str(caught.value)


async def test_closed_before_an_answer_is_reset_and_the_request_was_sent() -> None:
    async with RawServer() as server:
        server.script = answer(b"")
        with pytest.raises(BearerError) as caught:
            await DirectBearer().exchange(HttpRequest("POST", server.url + "/mms", body=b"x"))
        assert caught.value.kind == "reset" and caught.value.request_sent
        server.script = reset()
        with pytest.raises(BearerError) as caught:
            await DirectBearer().exchange(HttpRequest("GET", server.url + "/mms"))
        assert caught.value.kind == "reset"


async def test_a_body_past_the_limit_is_too_large_whatever_it_announced() -> None:
    async with RawServer() as server:
        server.script = answer(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n" + b"x" * 10)
        small = Limits(max_body=5)
        with pytest.raises(BearerError) as caught:
            await DirectBearer().exchange(HttpRequest("GET", server.url), limits=small)
        assert caught.value.kind == "too_large" and not caught.value.retryable
        server.script = answer(b"HTTP/1.1 200 OK\r\n\r\n" + b"y" * 4000, pieces=8)
        with pytest.raises(BearerError) as caught:
            await DirectBearer().exchange(
                HttpRequest("GET", server.url), limits=Limits(max_body=1000)
            )
        assert caught.value.kind == "too_large"


async def test_a_body_that_stalls_is_a_timeout() -> None:
    async with RawServer() as server:
        server.script = in_pieces(
            b"HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nabcd", b"efgh", pause=2.0
        )
        with pytest.raises(BearerError) as caught:
            await DirectBearer().exchange(HttpRequest("GET", server.url), limits=QUICK)
    assert caught.value.kind == "timeout" and caught.value.request_sent
    assert "4 bytes of body" in str(caught.value)


async def test_refused_and_not_http() -> None:
    async with RawServer() as server:
        port = server.port
    with pytest.raises(BearerError) as caught:  # nothing listens there any more
        await DirectBearer().exchange(HttpRequest("GET", f"http://127.0.0.1:{port}/"))
    assert caught.value.kind == "refused" and not caught.value.request_sent
    async with RawServer() as server:
        server.script = answer(b"SSH-2.0-OpenSSH_9.2\r\n")
        with pytest.raises(BearerError) as caught:
            await DirectBearer().exchange(HttpRequest("GET", server.url))
    assert caught.value.kind == "protocol"


async def test_http_error_statuses_come_back_as_answers() -> None:
    async with RawServer() as server:
        server.script = answer(b"HTTP/1.1 412 Precondition Failed\r\nContent-Length: 0\r\n\r\n")
        response = await DirectBearer().exchange(HttpRequest("GET", server.url))
    assert (response.status, response.reason, response.ok) == (412, "Precondition Failed", False)


async def test_over_ipv6_loopback_and_from_a_chosen_source() -> None:
    async with RawServer("::1") as server:
        response = await DirectBearer().exchange(HttpRequest("GET", server.url + "/x"))
        assert response.body == b"ok"
    async with RawServer("127.0.0.1") as server:
        await DirectBearer(source="127.0.0.7").exchange(HttpRequest("GET", server.url))
    assert server.peers == ["127.0.0.7"]


@pytest.mark.parametrize(
    ("url", "proxy"),
    [("ftp://mmsc/x", None), ("https://mmsc/x", Proxy("127.0.0.1", 9)), ("http:///x", None)],
)
async def test_urls_it_cannot_use_are_refused_before_connecting(url: str, proxy: Proxy) -> None:
    with pytest.raises(BearerError) as caught:
        await DirectBearer().exchange(HttpRequest("GET", url), proxy=proxy)
    assert caught.value.kind == "protocol" and not caught.value.retryable
