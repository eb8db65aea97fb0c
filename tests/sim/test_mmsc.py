"""The simulated MMSC (modem/sim/mmsc.py) on its own: HTTP in origin and absolute form, what
it does with requests it cannot use, who it takes a sender to be, its faults counted down,
the `mmsc:` key of the simulator's YAML, and notifications carried to a simulated modem's
storage by SMS (several when long)."""

from __future__ import annotations

import asyncio

import pytest

from modem.bearer.base import HttpRequest
from modem.bearer.carriers import Proxy
from modem.bearer.direct import DirectBearer
from modem.errors import BearerError, ConfigError
from modem.mms import MmsMessage, SendConf, decode_pdu, push_from_sms
from modem.sim import ModemSpec, SimConfig, SimNetwork
from modem.sim.config import config_from_dict
from modem.sim.mmsc import SimMmsc
from modem.sim.mmsc_config import MmscFaults, MmscSpec

MMS = (("Content-Type", "application/vnd.wap.mms-message"),)


def send_req(to: str = "+15550002222", **options: object) -> bytes:
    return MmsMessage.build(to, text="hi", **options).encode()  # type: ignore[arg-type]


async def post(url: str, body: bytes, **kw: object) -> tuple[int, bytes]:
    response = await DirectBearer(**kw).exchange(HttpRequest("POST", url, MMS, body))  # type: ignore[arg-type]
    return response.status, response.body


async def test_it_takes_a_send_in_either_request_form_and_knows_the_line() -> None:
    async with SimMmsc(MmscSpec(public_host="mmsc.sim.test")) as mmsc:
        mmsc.add_line("127.0.0.5", "+15550001111")
        status, body = await post(
            mmsc.url.replace("mmsc.sim.test", "127.0.0.1"), send_req(), source="127.0.0.5"
        )
        conf = decode_pdu(body)
        assert status == 200 and isinstance(conf, SendConf) and conf.response_status == 0x80
        port = mmsc.url.split(":")[2].split("/")[0]
        via = await DirectBearer(source="127.0.0.5").exchange(
            HttpRequest("POST", mmsc.url, MMS, send_req()), proxy=Proxy("127.0.0.1", int(port))
        )
        assert decode_pdu(via.body).response_status == 0x80
        assert mmsc.requests[-1].target == mmsc.url  # the absolute form, as a proxy sees it
        [first, second] = mmsc.messages.values()
        assert first.sender == second.sender == "+15550001111"
        assert mmsc.pushes[0][0] == "+15550002222"  # no network: the push is recorded


async def test_a_sender_it_cannot_place_and_requests_it_cannot_use() -> None:
    async with SimMmsc() as mmsc:
        _, body = await post(mmsc.url, send_req())
        assert decode_pdu(body).response_status == 0xE3  # sending address unresolved
        await DirectBearer().exchange(
            HttpRequest("POST", mmsc.url, (("X-MDN", "15550003333"), *MMS), send_req())
        )
        assert [m.sender for m in mmsc.messages.values()] == ["+15550003333"]
        assert (await post(mmsc.url, b"not mms"))[0] == 400
        missing = await DirectBearer().exchange(HttpRequest("GET", mmsc.url + "/nothing"))
        assert missing.status == 404


async def test_faults_are_counted_down() -> None:
    async with SimMmsc(MmscSpec(faults=MmscFaults(server_errors=2))) as mmsc:
        mmsc.add_line("127.0.0.1", "+15550001111")
        statuses = [(await post(mmsc.url, send_req()))[0] for _ in range(3)]
        assert statuses == [503, 503, 200]
        mmsc.faults = MmscFaults(require_user_agent=True)
        assert (await post(mmsc.url, send_req()))[0] == 412
        mmsc.faults = MmscFaults(send_status=(0xC3,))
        assert decode_pdu((await post(mmsc.url, send_req()))[1]).response_status == 0xC3
        assert decode_pdu((await post(mmsc.url, send_req()))[1]).response_status == 0x80


def test_the_yaml_key_and_its_mistakes() -> None:
    config = config_from_dict(
        {
            "modems": [{"name": "a"}],
            "mmsc": {
                "port": 0,
                "expiry": "2d",
                "faults": {"server_errors": 1, "send_status": [195]},
            },
        }
    )
    assert config.mmsc.expiry.days == 2 and config.mmsc.faults.send_status == (0xC3,)
    assert config_from_dict({"modems": [{"name": "a"}], "mmsc": {}}).mmsc == MmscSpec()
    assert config_from_dict({"modems": [{"name": "a"}]}).mmsc is None
    for bad, words in [
        ({"mmsc": {"portt": 1}}, "mmsc.portt: unknown key"),
        ({"mmsc": {"path": "mms"}}, "mmsc.path: must start with /"),
        ({"mmsc": {"faults": {"send_status": [7]}}}, "mmsc.faults.send_status[0]"),
        ({"mmsc": {"faults": {"slow_body": -1}}}, "mmsc.faults.slow_body"),
    ]:
        with pytest.raises(ConfigError, match=words.replace("[", r"\[").replace("]", r"\]")):
            config_from_dict({"modems": [{"name": "a"}], **bad})


async def test_in_a_sim_network_a_long_notification_reaches_the_modem_in_several_sms() -> None:
    config = SimConfig(modems=[ModemSpec("a"), ModemSpec("b")], latency_scale=0.0, mmsc=MmscSpec())
    async with SimNetwork(config) as net:
        a, b = net.modem("a"), net.modem("b")
        assert net.mmsc.address_of(a.number) == "127.0.0.2"
        long_subject = "Photos from the long weekend at the lake, all of them " * 3
        body = send_req(b.number, subject=long_subject)
        status, _ = await post(net.mmsc.url, body, source="127.0.0.2")
        assert status == 200
        for _ in range(5):
            await asyncio.sleep(0)
        parts = [m.tpdu for m in b.inbox]
        assert len(parts) > 1 and all(p.ports.destination == 2948 for p in parts)
        note = push_from_sms(parts).mms()
        assert note.subject == long_subject and note.content_location.startswith(net.mmsc.url)
    with pytest.raises(BearerError) as caught:  # closed with the network
        await post(net.mmsc.url, body)
    assert caught.value.kind == "refused"
