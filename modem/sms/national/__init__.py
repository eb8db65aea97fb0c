"""National language shift tables of 3GPP TS 23.038 Annex A (§6.2.1.2.4, A.2 and A.3).

A message announces them in its user data header: IEI 0x25 names a *locking shift* table that
replaces the default alphabet for the whole text, IEI 0x24 a *single shift* table that replaces
the extension table reached with ESC (TS 23.040 §9.2.3.24.15/16). The id in both IEs is a
`Language` value. Spanish has only a single shift table.

Each language lives in its own small module holding data only: `LOCKING`, a 128-character string
indexed by septet value (`gsm7.UNDEFINED` where Annex A leaves a position empty, and the ESC
position 0x1B which is never a character), and `SINGLE`, a dict from the code after ESC to the
character. `modem.sms.gsm7` turns them into codec tables; this module finds them, and
`modem.sms.national.choose` picks the cheapest pair of tables for a text.
"""

from __future__ import annotations

import importlib
from enum import IntEnum

from modem.errors import EncodeError

__all__ = ["Language", "locking_table", "single_table", "tables_name"]


class Language(IntEnum):
    """National language identifiers, TS 23.038 §6.2.1.2.4."""

    TURKISH = 1
    SPANISH = 2
    PORTUGUESE = 3
    BENGALI = 4
    GUJARATI = 5
    HINDI = 6
    KANNADA = 7
    MALAYALAM = 8
    ORIYA = 9
    PUNJABI = 10
    TAMIL = 11
    TELUGU = 12
    URDU = 13

    @classmethod
    def parse(cls, value: str | int) -> Language:
        """A language from its name ("turkish"), ISO 639-1 code ("tr") or id (1 or "1").
        Raises EncodeError (a ValueError) naming the value and the accepted names."""
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                return cls(value)
            except ValueError:
                pass
        else:
            key = str(value).strip().lower().replace("-", "_")
            key = key.removeprefix("language.")
            if key.isdigit():
                try:
                    return cls(int(key))
                except ValueError:
                    pass
            found = _ALIASES.get(key)
            if found is not None:
                return found
        names = ", ".join(f"{lang.name.lower()} ({_ISO[lang]}, {lang.value})" for lang in cls)
        raise EncodeError(f"unknown national language {value!r}; known: {names}")

    @property
    def code(self) -> str:
        """ISO 639-1 code."""
        return _ISO[self]

    @property
    def has_locking_shift(self) -> bool:
        return self is not Language.SPANISH


_ISO = {
    Language.TURKISH: "tr",
    Language.SPANISH: "es",
    Language.PORTUGUESE: "pt",
    Language.BENGALI: "bn",
    Language.GUJARATI: "gu",
    Language.HINDI: "hi",
    Language.KANNADA: "kn",
    Language.MALAYALAM: "ml",
    Language.ORIYA: "or",
    Language.PUNJABI: "pa",
    Language.TAMIL: "ta",
    Language.TELUGU: "te",
    Language.URDU: "ur",
}
_ALIASES: dict[str, Language] = {}
for _lang, _code in _ISO.items():
    _ALIASES[_lang.name.lower()] = _lang
    _ALIASES[_code] = _lang
_ALIASES["odia"] = Language.ORIYA
_ALIASES["panjabi"] = Language.PUNJABI
_ALIASES["gurmukhi"] = Language.PUNJABI
del _lang, _code

# Language -> module under this package holding its LOCKING / SINGLE tables.
_MODULES = {
    Language.TURKISH: "turkish",
    Language.SPANISH: "spanish",
    Language.PORTUGUESE: "portuguese",
    Language.BENGALI: "bengali",
    Language.GUJARATI: "gujarati",
    Language.HINDI: "hindi",
    Language.KANNADA: "kannada",
    Language.MALAYALAM: "malayalam",
    Language.ORIYA: "oriya",
    Language.PUNJABI: "punjabi",
    Language.TAMIL: "tamil",
    Language.TELUGU: "telugu",
    Language.URDU: "urdu",
}


def _module(language: int) -> object | None:
    try:
        name = _MODULES[Language(language)]
    except (ValueError, KeyError):
        return None
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError:
        return None


def locking_table(language: int) -> str | None:
    """The 128-character locking shift table of `language`, or None if it has none."""
    return getattr(_module(language), "LOCKING", None)


def single_table(language: int) -> dict[int, str] | None:
    """Code after ESC -> character, the single shift table of `language`, or None."""
    return getattr(_module(language), "SINGLE", None)


def tables_name(locking: int, single: int) -> str:
    """Readable name of a table pair for messages: "Turkish tables", "Hindi locking shift,
    Spanish single shift tables", "default tables"."""

    def name(lang: int) -> str:
        try:
            return Language(lang).name.title()
        except ValueError:
            return f"language {lang}"

    if locking == single:
        return f"{name(locking)} tables" if locking else "default tables"
    parts = []
    if locking:
        parts.append(f"{name(locking)} locking shift")
    if single:
        parts.append(f"{name(single)} single shift")
    return ", ".join(parts) + " tables"
