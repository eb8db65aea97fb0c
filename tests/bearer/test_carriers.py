"""The carrier table and its quirks (modem/bearer/carriers.py), and the MMS configuration
that names and extends it (modem/config/mms.py): what a user writes and what each mistake
says."""

from __future__ import annotations

import pytest

from modem.bearer.carriers import CARRIERS, CarrierSettings, Proxy, carrier_for_imsi
from modem.bearer.direct import DirectBearer
from modem.bearer.factory import make_bearer, make_mmsc
from modem.bearer.interface import InterfaceBearer
from modem.bearer.ppp import PppBearer
from modem.config import config_from_dict
from modem.config.mms import parse_size
from modem.errors import ConfigError
from modem.mms.client import client_from_config


def headers(carrier: CarrierSettings, number: str | None) -> dict[str, str]:
    return dict(carrier.request_headers(number))


def test_every_shipped_entry_names_its_sources_and_has_an_mmsc() -> None:
    for carrier in CARRIERS.values():
        assert carrier.mmsc and carrier.sources and carrier.mcc_mnc, carrier.name


def test_the_quirks() -> None:
    att = CARRIERS["att-us"]
    assert att.proxy == Proxy("proxy.mobile.att.net", 80) and att.close_connection
    assert headers(att, None)["User-Agent"] == "Android-Mms/2.0"
    assert "User-Agent" not in headers(att.with_overrides(user_agent=""), None)
    virgin = CARRIERS["virgin-mobile-us"]
    assert headers(virgin, "+15551234567")["X-MDN"] == "15551234567"
    assert "X-MDN" not in headers(virgin, None)  # never sent with the macro in it
    line = CarrierSettings(name="x", headers=(("X-MDN", "##LINE1##"),))
    assert headers(line, "+4790000000")["X-MDN"] == "+4790000000"
    verizon = CARRIERS["verizon-us"]
    assert verizon.content_location("http://m/servlets/mms?message-id=", "T9").endswith("=T9")
    assert verizon.content_location("http://m/abc", "T9") == "http://m/abc"
    assert CARRIERS["tmobile-us"].pdp_type == "IPV6"
    assert carrier_for_imsi("310260123456789") is CARRIERS["tmobile-us"]
    assert carrier_for_imsi("24201123456789") is None
    assert Proxy.parse("[2001:db8::1]:8080") == Proxy("2001:db8::1", 8080)
    assert Proxy.parse("10.0.0.1") == Proxy("10.0.0.1", 80)


def test_sizes() -> None:
    assert parse_size("300k", "x") == 307200 and parse_size("1M", "x") == 1048576
    assert parse_size(5000, "x") == 5000
    with pytest.raises(ConfigError, match="x: 'big' is not a size"):
        parse_size("big", "x")


CONFIG = {
    "carriers": {
        "lab": {
            "extends": "att-us",
            "mmsc": "http://10.1.1.1/mms",
            "proxy": None,
            "headers": {"X-MDN": "##LINE1##"},
        },
        "own": {"mmsc": "http://mmsc.example/mms", "apn": "mms", "mcc_mnc": "24201"},
    },
    "modems": {
        "a": {
            "port": "/dev/ttyUSB2",
            "mms": {
                "carrier": "lab",
                "bearer": "interface",
                "interface": "wwan0",
                "dns": "10.1.1.53",
                "own_number": "+15551234567",
            },
        },
        "b": {
            "port": "/dev/ttyUSB6",
            "mms": {
                "carrier": "own",
                "bearer": "ppp",
                "data_port": "/dev/ttyUSB7",
                "context": 2,
                "retrieval": "deferred",
                "max_size": "600k",
            },
        },
        "c": {
            "port": "sim://c",
            "mms": {"mmsc": "http://127.0.0.1:8080/mms", "source": "127.0.0.4"},
        },
        "d": {"port": "/dev/ttyACM0"},
    },
}


def test_a_configuration_wires_bearers_and_clients() -> None:
    config = config_from_dict(CONFIG)
    table = config.carrier_table()
    assert set(CARRIERS) < set(table) and table["lab"].proxy is None
    a, b, c = (config.modems[n] for n in "abc")
    assert config.modems["d"].mms is None
    mmsc_a = make_mmsc(a.mms, table, name="a")
    assert isinstance(mmsc_a.bearer, InterfaceBearer) and mmsc_a.bearer.dns == ("10.1.1.53",)
    assert dict(mmsc_a.carrier.request_headers("+15551234567"))["X-MDN"] == "+15551234567"
    ppp = make_bearer(b.mms.bearer, b.mms.carrier_settings(table))
    assert isinstance(ppp, PppBearer) and ppp.cgdcont == 'AT+CGDCONT=2,"IP","mms"'
    assert b.mms.carrier_settings(table).max_size == 614400
    client = client_from_config(c, table)
    assert isinstance(client.mmsc.bearer, DirectBearer) and client.mmsc.bearer.source == "127.0.0.4"
    assert client_from_config(b, table).retrieval.mode == "deferred"
    auto = config_from_dict({"modems": {"x": {"port": "p", "mms": {"carrier": "auto"}}}})
    assert auto.modems["x"].mms.carrier_settings(table, imsi="310410000000001").name == "att-us"
    with pytest.raises(ConfigError, match="no carrier in the table matches IMSI 24299"):
        auto.modems["x"].mms.carrier_settings(table, imsi="24299000000001")


@pytest.mark.parametrize(
    ("mms", "words"),
    [
        ({"carrier": "nope"}, "modems.m.mms.carrier: unknown 'nope'"),
        ({}, "modems.m.mms.mmsc: missing"),
        ({"mmsc": "ftp://x"}, "modems.m.mms.mmsc: must be an http:// URL"),
        ({"carrier": "att-us", "bearer": "interface"}, "modems.m.mms.interface: the interface"),
        ({"carrier": "att-us", "bearer": "ppp"}, "modems.m.mms.data_port"),
        ({"carrier": "tmobile-us", "bearer": "modem"}, "'modem' (the modem's own HTTP over AT)"),
        ({"carrier": "att-us", "bearer": "carrier-pigeon"}, "mms.bearer: must be one of"),
        ({"carrier": "att-us", "retrieval": "later"}, "mms.retrieval: must be immediate"),
        ({"carrier": "att-us", "own_number": "me"}, "mms.own_number: must be a phone number"),
        ({"carrier": "att-us", "timeouts": {"connect": 0}}, "mms.timeouts.connect"),
        ({"carrier": "att-us", "proxi": "x"}, "mms.proxi: unknown key"),
        ({"mmsc": "http://x/", "bearer": "ppp", "data_port": "/dev/x"}, "mms.apn: the ppp"),
    ],
)
def test_mistakes_name_their_key(mms: dict[str, object], words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        config_from_dict({"modems": {"m": {"port": "/dev/x", "mms": mms}}})
    assert words in str(caught.value)


def test_carrier_entry_mistakes() -> None:
    for entry, words in [
        ({"extends": "nobody"}, "carriers.x.extends: unknown 'nobody'"),
        ({"mcc_mnc": ["12"]}, "carriers.x.mcc_mnc: must be MCC+MNC codes"),
        ({"pdp_type": "IPX"}, "carriers.x.pdp_type: must be IP, IPV6 or IPV4V6"),
        ({"close_connection": "yes"}, "carriers.x.close_connection: must be true or false"),
        ({"headers": ["X-MDN"]}, "carriers.x.headers: must be a mapping"),
        ({"colour": "red"}, "carriers.x.colour: unknown key"),
    ]:
        with pytest.raises(ConfigError) as caught:
            config_from_dict({"carriers": {"x": entry}})
        assert words in str(caught.value)
