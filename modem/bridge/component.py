"""The bridge as a component of the gateway (`modem.service.Gateway.add`): started once the
pool runs, stopped before it, reloaded on SIGHUP.

`overrides` are `modem serve`'s flags (--listen, --token, --webhook), applied on top of the
configuration's `bridge:` section at start and again at every reload. A reload applies the
tokens (names, scopes, rates) and the number policy at once; a changed listening address,
body limit or webhook list takes a restart, and the reload says so.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from modem.config.bridge import BridgeConfig, Listen, TokenConfig, WebhookConfig

if TYPE_CHECKING:
    from modem.bridge.app import Bridge
    from modem.config import Config
    from modem.service import Gateway

__all__ = ["BridgeComponent", "Overrides"]

log = logging.getLogger("modem.bridge")


@dataclass(frozen=True, slots=True)
class Overrides:
    listen: Listen | None = None
    tokens: tuple[TokenConfig, ...] = ()
    webhooks: tuple[WebhookConfig, ...] = field(default=())

    def apply(self, config: BridgeConfig) -> BridgeConfig:
        return config.with_overrides(listen=self.listen, tokens=self.tokens, webhooks=self.webhooks)


class BridgeComponent:
    name = "bridge"

    def __init__(self, overrides: Overrides | None = None) -> None:
        self.overrides = overrides or Overrides()
        self.bridge: Bridge | None = None

    async def start(self, gateway: Gateway) -> None:
        from modem.bridge.app import Bridge
        from modem.bridge.pool_api import PoolSending

        assert gateway.store is not None and gateway.pool is not None
        config = self.overrides.apply(gateway.config.bridge)
        self.bridge = Bridge(
            config, gateway.store, PoolSending(gateway.pool), node=gateway.config.node
        )
        await self.bridge.start()

    async def stop(self) -> None:
        if self.bridge is not None:
            await self.bridge.stop()
            self.bridge = None

    async def reload(self, config: Config) -> Sequence[str]:
        if self.bridge is None:
            return []
        new = self.overrides.apply(config.bridge)
        old = self.bridge.config
        pending = []
        if new.listen != old.listen:
            pending.append(f"bridge.listen: still {old.listen} until a restart")
        if new.max_body != old.max_body:
            pending.append("bridge.max_body: applies after a restart")
        if new.webhooks != old.webhooks or new.retry != old.retry:
            pending.append("bridge.webhooks: the endpoints change after a restart")
        applied = dataclasses.replace(
            new, listen=old.listen, max_body=old.max_body, webhooks=old.webhooks,
            retry=old.retry,
        )  # fmt: skip
        self.bridge.apply(applied)
        return pending
