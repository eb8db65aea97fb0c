"""What the kernel saw that explains a flaky modem: power brown-outs and USB disconnects.

A USB modem draws bursts of up to 2 A while it transmits; a Raspberry Pi on a weak supply
then dips below its threshold, and the modem resets or drops off the bus. The signs:

- the Raspberry Pi's voltage monitor (raspberrypi-hwmon) logs "Undervoltage detected!" (older
  firmware drivers: "Under-voltage detected!") and "Voltage normalised"; its hwmon device
  ("rpi_volt") shows in0_lcrit_alarm = 1 while the voltage is low now;
- "usb 1-1.3: USB disconnect, device number N" for the modem's USB device, more than once
  since boot.

The log is read from /dev/kmsg (one record per read, non-blocking, from the oldest kept);
reading it needs root where kernel.dmesg_restrict is 1 (Debian's default), which is reported
as "cannot read", never as a failure. Reads are bounded (records and bytes).
"""

from __future__ import annotations

import errno
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["KernelLog", "read_kernel_log"]

_UNDERVOLTAGE = re.compile(r"under-?voltage detected", re.IGNORECASE)
_DISCONNECT = re.compile(r"\busb (\d+-[\d.]+): USB disconnect")
MAX_RECORDS = 100_000
MAX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class KernelLog:
    readable: bool
    reason: str | None = None  # why it could not be read
    undervoltage: int = 0  # under-voltage events logged since boot (as far as kept)
    undervoltage_now: bool | None = None  # the Pi's voltage monitor alarms now (None: no monitor)
    disconnects: Counter[str] = field(default_factory=Counter)  # USB device -> disconnects


def read_kernel_log(root: str | os.PathLike[str] = "/") -> KernelLog:
    """Count brown-outs and USB disconnects in the kernel log under `root`."""
    base = Path(root)
    now = _undervoltage_now(base)
    try:
        lines = _kmsg(base / "dev/kmsg")
    except OSError as exc:
        reason = f"/dev/kmsg: {(exc.strerror or str(exc)).lower()}"
        if exc.errno in (errno.EPERM, errno.EACCES):
            reason = "/dev/kmsg: permission denied; run with sudo to include it"
        return KernelLog(readable=False, reason=reason, undervoltage_now=now)
    undervoltage = 0
    disconnects: Counter[str] = Counter()
    for line in lines:
        if _UNDERVOLTAGE.search(line):
            undervoltage += 1
        found = _DISCONNECT.search(line)
        if found:
            disconnects[found.group(1)] += 1
    return KernelLog(True, None, undervoltage, now, disconnects)


def _kmsg(path: Path) -> list[str]:
    """The messages of /dev/kmsg records ("prio,seq,usec,flags;message" + key=value lines)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    chunks: list[bytes] = []
    total = 0
    try:
        for _ in range(MAX_RECORDS):
            try:
                data = os.read(fd, 8192)  # one record per read from /dev/kmsg
            except BlockingIOError:
                break  # no more records
            except OSError as exc:
                if exc.errno == errno.EPIPE:
                    continue  # the record was overwritten while we read: go on
                raise
            if not data:
                break  # a plain file (tests, a saved log): end of it
            chunks.append(data)
            total += len(data)
            if total >= MAX_BYTES:
                break
    finally:
        os.close(fd)
    messages = []
    for line in b"".join(chunks).decode("utf-8", "replace").splitlines():
        if not line or line[0] == " ":
            continue  # the record's key=value continuation lines
        _, sep, message = line.partition(";")
        messages.append(message if sep else line)
    return messages


def _undervoltage_now(base: Path) -> bool | None:
    hwmon = base / "sys/class/hwmon"
    for entry in sorted(hwmon.iterdir()) if hwmon.is_dir() else ():
        try:
            if (entry / "name").read_text().strip() != "rpi_volt":
                continue
            return (entry / "in0_lcrit_alarm").read_text().strip() == "1"
        except OSError:
            continue
    return None
