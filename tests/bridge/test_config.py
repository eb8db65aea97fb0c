"""The bridge: section of the configuration, the number policy and the send request's checks."""

from __future__ import annotations

import pytest

from modem.bridge.numbers import normalize_number
from modem.bridge.problems import Problem
from modem.bridge.validation import parse_send
from modem.config import config_from_dict
from modem.config.bridge import Listen, NumberPolicy, parse_listen
from modem.errors import ConfigError
from tests.bridge.conftest import new_secret

TOKEN = "t" * 24


def test_defaults_listen_on_loopback_without_tokens():
    config = config_from_dict({}).bridge
    assert str(config.listen) == "127.0.0.1:8080" and config.tokens == ()
    assert config.client_url == "http://127.0.0.1:8080"


def test_a_full_section():
    secret = new_secret()
    config = config_from_dict(
        {
            "bridge": {
                "listen": "0.0.0.0:9090",
                "max_body": "64KB",
                "tokens": [{"name": "shop", "token": TOKEN, "scopes": ["send"], "rate": "5/s"}],
                "webhooks": {"crm": {"url": "http://127.0.0.1:1/h", "secret": secret}},
                "webhook_retry": {"for": "2h", "first": "1s", "max": "10m"},
                "numbers": {"country": "49", "short_codes": True},
            }
        }
    ).bridge
    assert config.listen == Listen("0.0.0.0", 9090) and config.client_url == "http://127.0.0.1:9090"
    assert config.max_body == 65536
    (token,) = config.tokens
    assert token.allows("send") and not token.allows("read") and token.rate.per_second == 5
    assert (
        config.webhooks[0].events[0] == "message.received" and len(config.webhooks[0].events) == 8
    )
    assert config.retry.horizon == 7200 and config.numbers.country == "+49"


@pytest.mark.parametrize(
    ("bridge", "message"),
    [
        ({"listen": "0.0.0.0:8080"}, "not a loopback address"),
        ({"listen": "pi.local:8080"}, "not a loopback address"),
        ({"listen": "127.0.0.1:99999"}, "not a port number"),
        ({"tokens": [{"token": "short"}]}, "at least 16 characters"),
        ({"tokens": [{"token": TOKEN, "scopes": ["root"]}]}, "'root' is not one of"),
        ({"tokens": [{"token": TOKEN, "rate": "fast"}]}, "not a rate"),
        ({"webhooks": {"a": {"url": "ftp://x", "secret": "whsec_AAAA"}}}, "http:// or https://"),
        ({"webhooks": {"a": {"url": "http://x"}}}, "secret: required"),
        ({"webhooks": {"a": {"url": "http://x", "secret": "s3cret"}}}, "whsec_ followed by"),
        ({"webhooks": {"a": {"url": "http://x", "secret": new_secret(), "events": ["sms.x"]}}},
         "not an event type"),
        ({"numbers": {"country": "Germany"}}, "country calling code"),
        ({"colour": "blue"}, "bridge.colour: unknown key"),
    ],
)  # fmt: skip
def test_mistakes_name_the_key(bridge, message):
    with pytest.raises(ConfigError, match=message):
        config_from_dict({"bridge": bridge})


def test_listen_forms():
    assert parse_listen("8081") == Listen("127.0.0.1", 8081)
    assert parse_listen("[::1]:8081") == Listen("::1", 8081) and parse_listen("[::1]:1").loopback
    assert parse_listen("localhost").loopback and parse_listen("localhost").port == 8080
    assert Listen("::", 80).url == "http://[::1]:80"


@pytest.mark.parametrize(
    ("text", "policy", "expected"),
    [
        ("+49 151 1234-5678", NumberPolicy(), "+4915112345678"),
        ("0049 151 12345678", NumberPolicy(), "+4915112345678"),
        ("0151 12345678", NumberPolicy(country="+49"), "+4915112345678"),
        ("(0151) 123 456 78", NumberPolicy(country="+49"), "+4915112345678"),
        ("22222", NumberPolicy(short_codes=True), "22222"),
        ("MyShop", NumberPolicy(alphanumeric=True), "MyShop"),
    ],
)
def test_numbers_accepted(text, policy, expected):
    assert normalize_number(text, policy) == expected


@pytest.mark.parametrize(
    ("text", "policy", "message"),
    [
        ("015112345678", NumberPolicy(), "not a number this gateway sends to"),
        ("+0151", NumberPolicy(), "never starts with 0"),
        ("+4915112345678901", NumberPolicy(), "7 to 15 digits"),
        ("+49abc", NumberPolicy(), "only digits"),
        ("22222", NumberPolicy(), "E.164"),
        ("MyShop", NumberPolicy(), "E.164"),
        ("My Very Long Shop", NumberPolicy(alphanumeric=True), "alphanumeric addresses"),
    ],
)
def test_numbers_refused(text, policy, message):
    with pytest.raises(ValueError, match=message):
        normalize_number(text, policy)


def test_send_request_every_wrong_field_at_once():
    with pytest.raises(Problem) as caught:
        parse_send(
            {"to": ["+4915112345678", "12", 7], "text": "", "priority": 500, "validity": "1m",
             "max_parts": 0, "send_at": "tomorrow", "metadata": [], "recipient": "x",
             "media": [], "modem": "a", "group": "b", "status_report": "yes"},
            NumberPolicy(),
        )  # fmt: skip
    problem = caught.value
    assert problem.type.status == 422
    pointers = {e.pointer for e in problem.errors}
    assert pointers == {
        "/to/1", "/to/2", "/text", "/priority", "/validity", "/max_parts", "/send_at",
        "/metadata", "/recipient", "/media", "/group", "/status_report",
    }  # fmt: skip


def test_send_request_normalised_so_retries_match():
    from modem.bridge.pool_api import send_request

    a = parse_send({"to": "+49 151 12345678", "text": "hi", "validity": "1h"}, NumberPolicy())
    b = parse_send({"to": ["+4915112345678"], "text": "hi", "validity": 3600}, NumberPolicy())
    assert a.to == ("+4915112345678",) and a.status_report is True
    assert send_request(a).fingerprint() == send_request(b).fingerprint()
    c = parse_send({"to": "+4915112345678", "text": "hi!"}, NumberPolicy())
    assert send_request(c).fingerprint() != send_request(a).fingerprint()
