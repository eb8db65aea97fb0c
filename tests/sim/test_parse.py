"""modem/sim/parse.py: splitting command lines as V.250 §5.2-5.4 says."""

from __future__ import annotations

import pytest

from modem.sim.parse import Command, Form, LineSyntaxError, parse_line, split_params


def test_extended_forms() -> None:
    assert parse_line("+CMGF=0;+CMGF?;+CMGF=?;+CGMI") == [
        Command("+CMGF", Form.SET, "0", ("0",)),
        Command("+CMGF", Form.READ),
        Command("+CMGF", Form.TEST),
        Command("+CGMI", Form.EXEC),
    ]


def test_basic_commands_run_together() -> None:
    names = [(c.name, c.form, c.params) for c in parse_line("E0V1&FQ0")]
    assert names == [
        ("E", Form.SET, ("0",)),
        ("V", Form.SET, ("1",)),
        ("&F", Form.EXEC, ()),
        ("Q", Form.SET, ("0",)),
    ]


def test_basic_then_extended() -> None:
    assert [c.name for c in parse_line("E0+CMEE=1;+CREG=2")] == ["E", "+CMEE", "+CREG"]


def test_s_registers() -> None:
    assert parse_line("S0=0S3?") == [
        Command("S0", Form.SET, "0", ("0",)),
        Command("S3", Form.READ),
    ]


def test_quoted_parameters_keep_commas_and_semicolons() -> None:
    (cmd,) = parse_line('+CUSD=1,"*100#;x,y",15')
    assert cmd.params == ("1", "*100#;x,y", "15")
    assert cmd.param(1) == "*100#;x,y"
    assert cmd.int_param(2) == 15


def test_vendor_prefixes() -> None:
    assert [c.name for c in parse_line("^CURC=0;#SIMDET?;$QCSIMSTAT?")] == [
        "^CURC",
        "#SIMDET",
        "$QCSIMSTAT",
    ]


def test_empty_parameters() -> None:
    assert split_params("2,1,,2") == ("2", "1", "", "2")
    (cmd,) = parse_line("+CNMI=2,1,,2")
    assert cmd.param(2) is None and cmd.int_param(2, 7) == 7


def test_unterminated_string_is_an_error() -> None:
    with pytest.raises(LineSyntaxError):
        parse_line('+CSCA="+1555')


def test_lower_case_names() -> None:
    assert parse_line("+cmgf=1")[0].name == "+CMGF"
