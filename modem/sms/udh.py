"""The User Data Header (3GPP TS 23.040 §9.2.3.24).

A UDH is a list of information elements (IEI, length, data) in front of the user data, present
when TP-UDHI is set. The elements this codec understands are exposed as properties; every
element, understood or not, is kept in order so a header re-encodes exactly as it arrived:

* 0x00 / 0x08: concatenated short message, 8-bit / 16-bit reference (§9.2.3.24.1, .8);
* 0x04 / 0x05: application port addressing, 8-bit / 16-bit ports (§9.2.3.24.3, .4);
* 0x24 / 0x25: national language single / locking shift (§9.2.3.24.15, .16).

A known element with the wrong length, or a concatenation element with total or sequence 0 or
sequence beyond total, is ignored as the spec asks (the property returns None), not an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from modem.errors import EncodeError, PduError

__all__ = [
    "IEI_CONCAT_8",
    "IEI_CONCAT_16",
    "IEI_LOCKING_SHIFT",
    "IEI_PORTS_8",
    "IEI_PORTS_16",
    "IEI_SINGLE_SHIFT",
    "Concat",
    "InformationElement",
    "Ports",
    "UserDataHeader",
]

IEI_CONCAT_8 = 0x00
IEI_PORTS_8 = 0x04
IEI_PORTS_16 = 0x05
IEI_CONCAT_16 = 0x08
IEI_SINGLE_SHIFT = 0x24
IEI_LOCKING_SHIFT = 0x25


@dataclass(frozen=True, slots=True)
class InformationElement:
    """One IE as on the wire: its identifier and its data (without the length octet)."""

    iei: int
    data: bytes


@dataclass(frozen=True, slots=True)
class Concat:
    """Which part of which concatenated message this is. `sequence` counts from 1."""

    reference: int
    total: int
    sequence: int
    bits: int = 8


@dataclass(frozen=True, slots=True)
class Ports:
    """Application port addressing, e.g. WAP push: destination 2948, source 9200."""

    destination: int
    source: int
    bits: int = 16


@dataclass(frozen=True, slots=True)
class UserDataHeader:
    """The information elements of one UDH, in wire order."""

    elements: tuple[InformationElement, ...] = ()

    @property
    def concat(self) -> Concat | None:
        for ie in self.elements:
            iei, data = ie.iei, ie.data
            if iei == IEI_CONCAT_8 and len(data) == 3:
                ref, total, seq = data[0], data[1], data[2]
                bits = 8
            elif iei == IEI_CONCAT_16 and len(data) == 4:
                ref, total, seq = (data[0] << 8) | data[1], data[2], data[3]
                bits = 16
            else:
                continue
            if total == 0 or seq == 0 or seq > total:
                return None
            return Concat(ref, total, seq, bits)
        return None

    @property
    def ports(self) -> Ports | None:
        for ie in self.elements:
            if ie.iei == IEI_PORTS_8 and len(ie.data) == 2:
                return Ports(ie.data[0], ie.data[1], 8)
            if ie.iei == IEI_PORTS_16 and len(ie.data) == 4:
                d = ie.data
                return Ports((d[0] << 8) | d[1], (d[2] << 8) | d[3], 16)
        return None

    @property
    def single_shift(self) -> int | None:
        return self._one_octet(IEI_SINGLE_SHIFT)

    @property
    def locking_shift(self) -> int | None:
        return self._one_octet(IEI_LOCKING_SHIFT)

    def _one_octet(self, iei: int) -> int | None:
        for ie in self.elements:
            if ie.iei == iei and len(ie.data) == 1:
                return ie.data[0]
        return None

    @classmethod
    def build(
        cls,
        *,
        concat: Concat | None = None,
        ports: Ports | None = None,
        single_shift: int | None = None,
        locking_shift: int | None = None,
        extra: Iterable[InformationElement] = (),
    ) -> UserDataHeader:
        """A header from values, in the order phones send them: concat, ports, shifts, extra."""
        elements: list[InformationElement] = []
        if concat is not None:
            if not 1 <= concat.sequence <= concat.total <= 255:
                raise EncodeError(f"bad concatenation part {concat.sequence}/{concat.total}")
            if concat.bits == 8 and 0 <= concat.reference <= 0xFF:
                data = bytes((concat.reference, concat.total, concat.sequence))
                elements.append(InformationElement(IEI_CONCAT_8, data))
            elif concat.bits == 16 and 0 <= concat.reference <= 0xFFFF:
                data = concat.reference.to_bytes(2, "big") + bytes((concat.total, concat.sequence))
                elements.append(InformationElement(IEI_CONCAT_16, data))
            else:
                raise EncodeError(f"concatenation reference {concat.reference} does not fit")
        if ports is not None:
            if ports.bits == 8 and max(ports.destination, ports.source) <= 0xFF:
                data = bytes((ports.destination, ports.source))
                elements.append(InformationElement(IEI_PORTS_8, data))
            elif ports.bits == 16 and max(ports.destination, ports.source) <= 0xFFFF:
                data = ports.destination.to_bytes(2, "big") + ports.source.to_bytes(2, "big")
                elements.append(InformationElement(IEI_PORTS_16, data))
            else:
                raise EncodeError(f"ports {ports.destination}/{ports.source} do not fit")
        if single_shift:
            elements.append(InformationElement(IEI_SINGLE_SHIFT, bytes((single_shift,))))
        if locking_shift:
            elements.append(InformationElement(IEI_LOCKING_SHIFT, bytes((locking_shift,))))
        elements.extend(extra)
        return cls(tuple(elements))

    def encode(self) -> bytes:
        """The header including its UDHL octet."""
        body = bytearray()
        for ie in self.elements:
            if not 0 <= ie.iei <= 0xFF or len(ie.data) > 0xFF:
                raise EncodeError(f"information element {ie.iei:#x} does not fit")
            body.append(ie.iei)
            body.append(len(ie.data))
            body += ie.data
        if len(body) > 0xFF:
            raise EncodeError("user data header longer than 255 octets")
        return bytes((len(body),)) + bytes(body)

    @property
    def size(self) -> int:
        """Octets on the wire, UDHL included."""
        return 1 + sum(2 + len(ie.data) for ie in self.elements)

    @classmethod
    def decode(cls, data: bytes, offset: int = 0, end: int | None = None) -> UserDataHeader:
        """The header starting at data[offset] (its UDHL octet). PduError, naming the byte, if
        it runs past `end` (the end of the user data) or an element runs past the header."""
        limit = len(data) if end is None else end
        if offset >= limit:
            raise PduError("missing user data header length", offset)
        stop = offset + 1 + data[offset]
        if stop > limit:
            raise PduError(
                f"user data header length {data[offset]} is beyond the user data", offset
            )
        elements = []
        i = offset + 1
        while i < stop:
            if i + 1 >= stop:
                raise PduError("information element without a length", i)
            iei = data[i]
            n = data[i + 1]
            j = i + 2 + n
            if j > stop:
                raise PduError(
                    f"information element {iei:#04x} of {n} octets runs past the header", i
                )
            elements.append(InformationElement(iei, data[i + 2 : j]))
            i = j
        return cls(tuple(elements))

    def to_list(self) -> list[dict[str, object]]:
        return [{"iei": ie.iei, "data": ie.data.hex()} for ie in self.elements]
