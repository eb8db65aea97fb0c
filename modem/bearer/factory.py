"""Bearers and MMSC connections built from a modem's `mms:` configuration
(`modem.config.mms.MmsSettings`): what the gateway wires for each modem."""

from __future__ import annotations

from collections.abc import Mapping

from modem.bearer.base import Bearer, Limits
from modem.bearer.carriers import CarrierSettings
from modem.bearer.direct import DirectBearer
from modem.bearer.interface import InterfaceBearer
from modem.bearer.mmsc import MmscHttp
from modem.bearer.ppp import AtCommand, PppBearer
from modem.config.mms import BearerSettings, MmsSettings
from modem.errors import ConfigError

__all__ = ["make_bearer", "make_mmsc"]


def make_bearer(
    settings: BearerSettings,
    carrier: CarrierSettings,
    *,
    at_command: AtCommand | None = None,
    name: str = "gsmbridge-mms",
) -> Bearer:
    """The bearer `settings` describe. `at_command` sends an AT line on the modem's AT port
    (the ppp bearer defines the MMS PDP context with it; the driver provides it)."""
    if settings.kind == "direct":
        return DirectBearer(source=settings.source, dns=settings.dns)
    if settings.kind == "interface":
        assert settings.interface is not None
        return InterfaceBearer(settings.interface, dns=settings.dns)
    if settings.kind == "ppp":
        if not carrier.apn or not settings.data_port:
            raise ConfigError(f"mms: the ppp bearer needs the MMS APN and the data port ({name})")
        return PppBearer(
            settings.data_port,
            apn=carrier.apn,
            context=settings.context,
            pdp_type=carrier.pdp_type,
            user=carrier.apn_user,
            password=carrier.apn_password,
            at_command=at_command,
            baudrate=settings.baudrate,
            dns=settings.dns,
            pppd=settings.pppd,
            up_timeout=settings.up_timeout,
            linger=settings.linger,
            name=name,
        )
    raise ConfigError(f"mms.bearer: {settings.kind!r} is not a bearer this program has")


def make_mmsc(
    mms: MmsSettings,
    table: Mapping[str, CarrierSettings],
    *,
    imsi: str | None = None,
    own_number: str | None = None,
    at_command: AtCommand | None = None,
    name: str = "gsmbridge-mms",
) -> MmscHttp:
    """The carrier-aware MMSC connection of one modem (`imsi` for `carrier: auto`;
    `own_number` when the configuration does not give one, e.g. from AT+CNUM)."""
    carrier = mms.carrier_settings(table, imsi=imsi, where=f"modems.{name}.mms")
    bearer = make_bearer(mms.bearer, carrier, at_command=at_command, name=name)
    limits = Limits(
        connect_timeout=mms.connect_timeout,
        timeout=mms.response_timeout,
        read_timeout=mms.read_timeout,
        max_body=mms.max_retrieve_size,
    )
    return MmscHttp(bearer, carrier, own_number=mms.own_number or own_number, limits=limits)
