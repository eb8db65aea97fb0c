"""The +CME ERROR and +CMS ERROR code tables, each code with its meaning and its class.

Meanings are facts from the specifications: TS 27.007 §9.2.1 (general), §9.2.2 (GPRS/EPS),
§9.2.3 (VBS/VGCS, eMLPP) for +CME; TS 27.005 §3.2.5 for +CMS, which says 0-127 are TS 24.011
Annex E-2 RP causes (Table 8.4) and 128-255 are TS 23.040 §9.2.3.22 TP-FCS values, 300-500 its
own, 512 and up manufacturer specific. Vendor codes (512-531, CME 515) are from the
Wavecom/Sierra AT manuals as gammu and smstools list them; other vendors reuse some numbers for
other things, so they only apply where nothing better is known.

The class (the second element) is this project's judgement, following research sms.md §6.1:
what should a driver do next? See `ErrorCategory` in codes.py.
"""

from __future__ import annotations

from typing import Final

# Category names as strings here so the table stays plain data; codes.py maps them to the enum.
P: Final = "PERMANENT"
T: Final = "TRANSIENT"
F: Final = "STORAGE_FULL"
M: Final = "MODEM_STATE"
S: Final = "SIM"
C: Final = "CONFIG"
B: Final = "BUG"
U: Final = "UNKNOWN"

# TS 24.011 Table 8.4 (RP-Cause), as +CMS ERROR 0-127.
RP_CAUSES: dict[int, tuple[str, str]] = {
    1: ("unassigned (unallocated) number", P),
    8: ("operator determined barring", P),
    10: ("call barred", P),
    21: ("short message transfer rejected", P),
    22: ("memory capacity exceeded", F),
    27: ("destination out of order", P),
    28: ("unidentified subscriber", P),
    29: ("facility rejected", P),
    30: ("unknown subscriber", P),
    38: ("network out of order", T),
    41: ("temporary failure", T),
    42: ("congestion", T),
    47: ("resources unavailable, unspecified", T),
    50: ("requested facility not subscribed", P),
    69: ("requested facility not implemented", P),
    81: ("invalid short message transfer reference value", B),
    95: ("semantically incorrect message", B),
    96: ("invalid mandatory information", B),
    97: ("message type non-existent or not implemented", B),
    98: ("message not compatible with short message protocol state", B),
    99: ("information element non-existent or not implemented", B),
    111: ("protocol error, unspecified", T),
    127: ("interworking, unspecified", T),
}

# TS 23.040 §9.2.3.22 TP-Failure-Cause, as +CMS ERROR 128-255.
TP_FCS: dict[int, tuple[str, str]] = {
    0x80: ("telematic interworking not supported", B),
    0x81: ("short message type 0 not supported", B),
    0x82: ("cannot replace short message", P),
    0x8F: ("unspecified TP-PID error", B),
    0x90: ("data coding scheme (alphabet) not supported", B),
    0x91: ("message class not supported", B),
    0x9F: ("unspecified TP-DCS error", B),
    0xA0: ("command cannot be actioned", P),
    0xA1: ("command unsupported", P),
    0xAF: ("unspecified TP-Command error", P),
    0xB0: ("TPDU not supported", B),
    0xC0: ("SC busy", T),
    0xC1: ("no SC subscription", P),
    0xC2: ("SC system failure", T),
    0xC3: ("invalid SME address", P),
    0xC4: ("destination SME barred", P),
    0xC5: ("SM rejected-duplicate SM", P),
    0xC6: ("TP-VPF not supported", B),
    0xC7: ("TP-VP not supported", B),
    0xD0: ("(U)SIM SMS storage full", F),
    0xD1: ("no SMS storage capability in (U)SIM", C),
    0xD2: ("error in MS", M),
    0xD3: ("memory capacity exceeded", F),
    0xD4: ("(U)SIM application toolkit busy", M),
    0xD5: ("(U)SIM data download error", M),
    0xFF: ("unspecified error cause", U),
}

# TS 27.005 §3.2.5 own codes.
CMS_OWN: dict[int, tuple[str, str]] = {
    300: ("ME failure", M),
    301: ("SMS service of ME reserved", C),
    302: ("operation not allowed", C),
    303: ("operation not supported", C),
    304: ("invalid PDU mode parameter", B),
    305: ("invalid text mode parameter", B),
    310: ("(U)SIM not inserted", S),
    311: ("(U)SIM PIN required", S),
    312: ("PH-(U)SIM PIN required", S),
    313: ("(U)SIM failure", S),
    314: ("(U)SIM busy", M),
    315: ("(U)SIM wrong", S),
    316: ("(U)SIM PUK required", S),
    317: ("(U)SIM PIN2 required", S),
    318: ("(U)SIM PUK2 required", S),
    320: ("memory failure", M),
    321: ("invalid memory index", B),
    322: ("memory full", F),
    330: ("SMSC address unknown", C),
    331: ("no network service", M),
    332: ("network timeout", T),
    340: ("no +CNMA acknowledgement expected", B),
    500: ("unknown error", U),
}

# Manufacturer specific (Wavecom/Sierra numbering; Quectel and SIMCom agree on 512-515 being
# network-side SMS failures of this kind in practice, see smstools' notes on 512 collisions).
CMS_VENDOR: dict[int, tuple[str, str]] = {
    512: ("MM establishment failure", T),
    513: ("lower layer failure", T),
    514: ("CP error", T),
    515: ("please wait, init or command processing in progress", M),
    517: ("SIM toolkit facility not supported", C),
    518: ("SIM toolkit indication not received", U),
    527: ("please wait, RR or MM is busy, retry later", M),
    528: ("location update failure, emergency calls only", M),
    529: ("PLMN selection failure", M),
}

CMS_ERRORS_RAW: dict[int, tuple[str, str]] = {**RP_CAUSES, **TP_FCS, **CMS_OWN, **CMS_VENDOR}

# TS 27.007 §9.2.1 general errors.
CME_GENERAL: dict[int, tuple[str, str]] = {
    0: ("phone failure", M),
    1: ("no connection to phone", M),
    2: ("phone-adaptor link reserved", M),
    3: ("operation not allowed", C),
    4: ("operation not supported", C),
    5: ("PH-SIM PIN required", S),
    6: ("PH-FSIM PIN required", S),
    7: ("PH-FSIM PUK required", S),
    10: ("SIM not inserted", S),
    11: ("SIM PIN required", S),
    12: ("SIM PUK required", S),
    13: ("SIM failure", S),
    14: ("SIM busy", M),
    15: ("SIM wrong", S),
    16: ("incorrect password", S),
    17: ("SIM PIN2 required", S),
    18: ("SIM PUK2 required", S),
    20: ("memory full", F),
    21: ("invalid index", B),
    22: ("not found", P),
    23: ("memory failure", M),
    24: ("text string too long", B),
    25: ("invalid characters in text string", B),
    26: ("dial string too long", B),
    27: ("invalid characters in dial string", B),
    30: ("no network service", M),
    31: ("network timeout", T),
    32: ("network not allowed - emergency calls only", M),
    40: ("network personalization PIN required", S),
    41: ("network personalization PUK required", S),
    42: ("network subset personalization PIN required", S),
    43: ("network subset personalization PUK required", S),
    44: ("service provider personalization PIN required", S),
    45: ("service provider personalization PUK required", S),
    46: ("corporate personalization PIN required", S),
    47: ("corporate personalization PUK required", S),
    48: ("hidden key required", S),
    49: ("EAP method not supported", C),
    50: ("incorrect parameters", B),
    51: ("command implemented but currently disabled", C),
    52: ("command aborted by user", P),
    53: ("not attached to network due to MT functionality restrictions", M),
    54: ("modem not allowed - MT restricted to emergency calls only", M),
    55: ("operation not allowed because of MT functionality restrictions", M),
    56: ("fixed dial number only allowed - called number is not a fixed dial number", C),
    57: ("temporarily out of service due to other MT usage", T),
    58: ("language/alphabet not supported", C),
    59: ("unexpected data value", B),
    60: ("system failure", T),
    61: ("data missing", B),
    62: ("call barred", P),
    63: ("message waiting indication subscription failure", P),
    100: ("unknown", U),
}

# TS 27.007 §9.2.2 GPRS and EPS related errors (many carry a TS 24.008 cause "#n").
CME_GPRS: dict[int, tuple[str, str]] = {
    103: ("illegal MS", P),
    106: ("illegal ME", P),
    107: ("GPRS services not allowed", P),
    108: ("GPRS services and non-GPRS services not allowed", P),
    111: ("PLMN not allowed", P),
    112: ("location area not allowed", P),
    113: ("roaming not allowed in this location area", P),
    114: ("GPRS services not allowed in this PLMN", P),
    115: ("no suitable cells in location area", T),
    122: ("congestion", T),
    125: ("not authorized for this CSG", P),
    126: ("insufficient resources", T),
    127: ("missing or unknown APN", C),
    128: ("unknown PDP address or PDP type", C),
    129: ("user authentication failed", C),
    130: ("activation rejected by GGSN, Serving GW or PDN GW", C),
    131: ("activation rejected, unspecified", T),
    132: ("service option not supported", P),
    133: ("requested service option not subscribed", P),
    134: ("service option temporarily out of order", T),
    140: ("feature not supported", P),
    141: ("semantic error in the TFT operation", B),
    142: ("syntactical error in the TFT operation", B),
    143: ("unknown PDP context", B),
    144: ("semantic errors in packet filter(s)", B),
    145: ("syntactical errors in packet filter(s)", B),
    146: ("PDP context without TFT already activated", B),
    148: ("unspecified GPRS error", U),
    149: ("PDP authentication failure", C),
    150: ("invalid mobile class", C),
    171: ("last PDN disconnection not allowed", P),
    172: ("semantically incorrect message", B),
    173: ("mandatory IE error", B),
    174: ("IE not implemented", B),
    175: ("conditional IE error", B),
    176: ("unspecified protocol error", T),
    177: ("operator determined barring", P),
    178: ("maximum number of PDP contexts reached", M),
    179: ("requested APN not supported in current RAT and PLMN combination", C),
    180: ("request rejected, bearer control mode violation", B),
    181: ("unsupported QCI value", C),
}

# TS 27.007 §9.2.3 VBS/VGCS and eMLPP, and the supplementary-service errors 257-264, 273-275.
CME_OTHER: dict[int, tuple[str, str]] = {
    151: ("VBS/VGCS not supported by the network", P),
    152: ("no service subscription on SIM", P),
    153: ("no subscription for group ID", P),
    154: ("group Id not activated on SIM", P),
    155: ("no matching notification", P),
    156: ("VBS/VGCS call already present", P),
    157: ("congestion", T),
    158: ("network failure", T),
    159: ("uplink busy", T),
    160: ("no access rights for SIM file", P),
    161: ("no subscription for priority", P),
    162: ("operation not applicable or not possible", P),
    163: ("group Id prefixes not supported", P),
    164: ("group Id prefixes not usable for VBS", P),
    165: ("group Id prefix value invalid", B),
    257: ("network rejected request", P),
    258: ("retry operation", T),
    259: ("invalid deflected to number", B),
    260: ("deflected to own number", B),
    261: ("unknown subscriber", P),
    262: ("service not available", P),
    263: ("unknown class specified", B),
    264: ("unknown network message", T),
    273: ("minimum TFTs per PDP address violated", B),
    274: ("TFT precedence index not unique", B),
    275: ("invalid parameter combination", B),
}

# Manufacturer specific +CME codes seen in the field (Wavecom/Sierra).
CME_VENDOR: dict[int, tuple[str, str]] = {
    515: ("please wait, init or command processing in progress", M),
}

CME_ERRORS_RAW: dict[int, tuple[str, str]] = {
    **CME_GENERAL,
    **CME_GPRS,
    **CME_OTHER,
    **CME_VENDOR,
}

# Verbose spellings modems use that differ from the spec text (normalised by codes.py).
CMS_ALIASES: dict[str, int] = {
    "invalid message, unspecified": 95,  # gammu's and several modems' wording of RP cause 95
    "destination out of service": 27,
    "sim memory full": 322,
    "sc address unknown": 330,
    "smsc address unknown": 330,
    "no cnma acknowledgement expected": 340,
    "unassigned number": 1,
    "unallocated number": 1,
    "memory capacity exceede": 211,  # sic
    "sm rejected duplicate sm": 197,
}

CME_ALIASES: dict[str, int] = {
    "network not allowed emergency calls only": 32,
    "sim blocked": 12,
    "ph sim pin required": 5,
    "no network": 30,
    "unknown error": 100,
    "incorrect pin": 16,
    "wrong password": 16,
}
