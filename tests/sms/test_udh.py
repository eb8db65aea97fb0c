"""modem/sms/udh.py: information elements (TS 23.040 §9.2.3.24)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modem.errors import EncodeError, PduError
from modem.sms.udh import Concat, InformationElement, Ports, UserDataHeader


def test_concat_8_and_16() -> None:
    # python-gsmmodem TestUdhConcatenation: 0003170301 (8-bit) and 080401800402 (16-bit)
    h8 = UserDataHeader.decode(bytes.fromhex("050003170301"))
    assert h8.concat == Concat(23, 3, 1, 8)
    h16 = UserDataHeader.decode(bytes.fromhex("06080401800402"))
    assert h16.concat == Concat(384, 4, 2, 16)
    assert UserDataHeader.build(concat=Concat(23, 3, 1, 8)).encode().hex() == "050003170301"
    assert UserDataHeader.build(concat=Concat(384, 4, 2, 16)).encode().hex() == "06080401800402"


def test_ports_8_and_16() -> None:
    # python-gsmmodem TestUdhPortAddress: 04026432 (8-bit) and 050404D21466 (16-bit)
    assert UserDataHeader.decode(bytes.fromhex("0404026432")).ports == Ports(100, 50, 8)
    assert UserDataHeader.decode(bytes.fromhex("06050404D21466")).ports == Ports(1234, 5222, 16)
    # WAP push (research notes §6.3): 0605040B8423F0 = 2948 <- 9200
    assert UserDataHeader.decode(bytes.fromhex("0605040B8423F0")).ports == Ports(2948, 9200, 16)


def test_shifts() -> None:
    header = UserDataHeader.build(single_shift=1, locking_shift=3)
    assert header.encode().hex() == "06240101250103"
    decoded = UserDataHeader.decode(header.encode())
    assert (decoded.single_shift, decoded.locking_shift) == (1, 3)


def test_unknown_elements_are_kept_in_order() -> None:
    raw = bytes.fromhex("0B700201020003010201FF00")
    header = UserDataHeader.decode(raw)
    assert [ie.iei for ie in header.elements] == [0x70, 0x00, 0xFF]
    assert header.encode() == raw
    assert header.concat == Concat(1, 2, 1, 8)


def test_concat_with_zero_total_or_sequence_is_ignored() -> None:
    assert UserDataHeader.decode(bytes.fromhex("050003010000")).concat is None
    assert UserDataHeader.decode(bytes.fromhex("050003010203")).concat is None


def test_errors_name_the_byte() -> None:
    with pytest.raises(PduError) as info:
        UserDataHeader.decode(bytes.fromhex("0600030102"))
    assert info.value.offset == 0
    with pytest.raises(PduError, match="runs past the header") as info:
        UserDataHeader.decode(bytes.fromhex("0300050102"))
    assert info.value.offset == 1
    with pytest.raises(EncodeError):
        UserDataHeader.build(concat=Concat(300, 2, 1, 8))


ies = st.builds(InformationElement, st.integers(0, 255), st.binary(max_size=10))


@given(st.lists(ies, max_size=8))
def test_round_trip(elements: list[InformationElement]) -> None:
    header = UserDataHeader(tuple(elements))
    assert UserDataHeader.decode(header.encode()) == header
    assert header.size == len(header.encode())
