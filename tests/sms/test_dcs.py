"""Tests for modem/sms/dcs.py: TP-DCS coding groups of TS 23.038 §4."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modem.errors import EncodeError, PduError
from modem.sms.dcs import (
    Alphabet,
    DataCoding,
    IndicationType,
    MessageClass,
    MessageWaiting,
)

G, B8, U = Alphabet.GSM7, Alphabet.DATA_8BIT, Alphabet.UCS2


@pytest.mark.parametrize(
    ("octet", "alphabet", "cls"),
    [  # the values the research notes (sms.md §6.3) list as seen on real networks
        (0x00, G, None),
        (0x04, B8, None),
        (0x08, U, None),
        (0x10, G, 0),  # flash
        (0x18, U, 0),
        (0x11, G, 1),
        (0x16, B8, 2),
        (0xF0, G, 0),
        (0xF4, B8, 0),
        (0xF5, B8, 1),
        (0xF6, B8, 2),  # SIM data download
    ],
)
def test_common_values(octet: int, alphabet: Alphabet, cls: int | None) -> None:
    dc = DataCoding.decode(octet)
    assert dc.alphabet is alphabet
    assert dc.message_class == (None if cls is None else MessageClass(cls))
    assert dc.encode() == octet
    assert not dc.reserved


def test_automatic_deletion_group() -> None:
    dc = DataCoding.decode(0x48)
    assert dc == DataCoding(alphabet=U, auto_delete=True)
    assert DataCoding(alphabet=U, auto_delete=True).encode() == 0x48


def test_compressed() -> None:
    dc = DataCoding.decode(0x20)
    assert dc.compressed and dc.alphabet is G
    assert DataCoding(compressed=True, alphabet=U).encode() == 0x28


def test_message_waiting_groups() -> None:
    assert DataCoding.decode(0xC8) == DataCoding(
        waiting=MessageWaiting(store=False, active=True, kind=IndicationType.VOICEMAIL)
    )
    assert DataCoding.decode(0xD1).waiting == MessageWaiting(True, False, IndicationType.FAX)
    dc = DataCoding.decode(0xEA)
    assert dc.alphabet is U
    assert dc.waiting == MessageWaiting(True, True, IndicationType.EMAIL)
    assert (
        DataCoding(alphabet=U, waiting=MessageWaiting(True, True, IndicationType.OTHER)).encode()
        == 0xEB
    )
    with pytest.raises(EncodeError):
        DataCoding(alphabet=U, waiting=MessageWaiting(False, True)).encode()
    with pytest.raises(EncodeError):
        DataCoding(alphabet=B8, waiting=MessageWaiting(True, True)).encode()
    with pytest.raises(EncodeError):
        DataCoding(message_class=MessageClass.CLASS_1, waiting=MessageWaiting(True, True)).encode()


@pytest.mark.parametrize("octet", [0x80, 0x95, 0xA0, 0xBF, 0x0C, 0x1C, 0x4C])
def test_reserved_codings_read_as_gsm7(octet: int) -> None:
    # TS 23.038 §4: any reserved coding is assumed to be the GSM 7-bit default alphabet.
    dc = DataCoding.decode(octet)
    assert dc.alphabet is G
    assert dc.reserved
    assert dc.encode() == octet


def test_group_1111_and_general_group_compare_equal() -> None:
    assert DataCoding.decode(0xF0) == DataCoding.decode(0x10)
    assert DataCoding(message_class=MessageClass.CLASS_0).encode() == 0x10


def test_changed_fields_do_not_reuse_the_octet() -> None:
    from dataclasses import replace

    dc = replace(DataCoding.decode(0xF0), alphabet=U)
    assert dc.encode() == 0x18


def test_describe() -> None:
    assert DataCoding.decode(0x10).describe() == "GSM 7-bit, class 0 (flash), 0x10"
    assert "voicemail waiting set" in DataCoding.decode(0xC8).describe()
    assert "reserved" in DataCoding.decode(0x85).describe()
    assert DataCoding(alphabet=U).describe() == "UCS2"


def test_plain_values_are_coerced() -> None:
    assert DataCoding(message_class=2).message_class is MessageClass.CLASS_2  # type: ignore[arg-type]
    assert DataCoding(alphabet="ucs2").alphabet is Alphabet.UCS2  # type: ignore[arg-type]
    with pytest.raises(EncodeError):
        DataCoding(message_class=4)  # type: ignore[arg-type]
    with pytest.raises(EncodeError):
        DataCoding(alphabet="utf8")  # type: ignore[arg-type]


@pytest.mark.parametrize("octet", range(256))
def test_every_octet_decodes_and_encodes_back(octet: int) -> None:
    dc = DataCoding.decode(octet)
    assert dc.encode() == octet
    assert DataCoding.decode(dc.encode()) == dc
    built = DataCoding(dc.alphabet, dc.message_class, dc.compressed, dc.auto_delete, dc.waiting)
    assert DataCoding.decode(built.encode()) == built
    assert dc.describe()


@given(
    st.sampled_from(list(Alphabet)),
    st.none() | st.sampled_from(list(MessageClass)),
    st.booleans(),
    st.booleans(),
)
def test_constructed_round_trip(alphabet, cls, compressed, auto_delete) -> None:  # type: ignore[no-untyped-def]
    dc = DataCoding(alphabet, cls, compressed, auto_delete)
    assert DataCoding.decode(dc.encode()) == dc


@given(st.sampled_from([G, U]), st.booleans(), st.booleans(), st.sampled_from(list(IndicationType)))
def test_waiting_round_trip(alphabet, store, active, kind) -> None:  # type: ignore[no-untyped-def]
    dc = DataCoding(alphabet=alphabet, waiting=MessageWaiting(store, active, kind))
    if alphabet is U and not store:
        with pytest.raises(EncodeError):
            dc.encode()
        return
    assert DataCoding.decode(dc.encode()) == dc


@pytest.mark.parametrize("value", [-1, 256, 1000])
def test_decode_rejects_non_octets(value: int) -> None:
    with pytest.raises(PduError):
        DataCoding.decode(value)
