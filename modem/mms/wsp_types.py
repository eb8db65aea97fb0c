"""Code tables of WSP (WAP-230-WSP, Appendix A) that the MMS encapsulation reuses.

Content types (Table 40), character sets (Table 42, IANA MIBenum), header field names
(Table 39) and content-type parameter tokens (Table 38). These are facts from the specs; the
codec in `wsp.py` looks names up here in both directions. Anything not listed is written and
read in its textual form, which the WSP grammar always allows.
"""

from __future__ import annotations

# WAP-230-WSP Table 40 and the OMNA "WSP Content Type Codes" registry: code -> media type.
CONTENT_TYPES: dict[int, str] = {
    0x00: "*/*",
    0x01: "text/*",
    0x02: "text/html",
    0x03: "text/plain",
    0x04: "text/x-hdml",
    0x05: "text/x-ttml",
    0x06: "text/x-vCalendar",
    0x07: "text/x-vCard",
    0x08: "text/vnd.wap.wml",
    0x09: "text/vnd.wap.wmlscript",
    0x0A: "text/vnd.wap.wta-event",
    0x0B: "multipart/*",
    0x0C: "multipart/mixed",
    0x0D: "multipart/form-data",
    0x0E: "multipart/byterantes",  # sic: the spelling in WAP-230 Table 40
    0x0F: "multipart/alternative",
    0x10: "application/*",
    0x11: "application/java-vm",
    0x12: "application/x-www-form-urlencoded",
    0x13: "application/x-hdmlc",
    0x14: "application/vnd.wap.wmlc",
    0x15: "application/vnd.wap.wmlscriptc",
    0x16: "application/vnd.wap.wta-eventc",
    0x17: "application/vnd.wap.uaprof",
    0x18: "application/vnd.wap.wtls-ca-certificate",
    0x19: "application/vnd.wap.wtls-user-certificate",
    0x1A: "application/x-x509-ca-cert",
    0x1B: "application/x-x509-user-cert",
    0x1C: "image/*",
    0x1D: "image/gif",
    0x1E: "image/jpeg",
    0x1F: "image/tiff",
    0x20: "image/png",
    0x21: "image/vnd.wap.wbmp",
    0x22: "application/vnd.wap.multipart.*",
    0x23: "application/vnd.wap.multipart.mixed",
    0x24: "application/vnd.wap.multipart.form-data",
    0x25: "application/vnd.wap.multipart.byteranges",
    0x26: "application/vnd.wap.multipart.alternative",
    0x27: "application/xml",
    0x28: "text/xml",
    0x29: "application/vnd.wap.wbxml",
    0x2A: "application/x-x968-cross-cert",
    0x2B: "application/x-x968-ca-cert",
    0x2C: "application/x-x968-user-cert",
    0x2D: "text/vnd.wap.si",
    0x2E: "application/vnd.wap.sic",
    0x2F: "text/vnd.wap.sl",
    0x30: "application/vnd.wap.slc",
    0x31: "text/vnd.wap.co",
    0x32: "application/vnd.wap.coc",
    0x33: "application/vnd.wap.multipart.related",
    0x34: "application/vnd.wap.sia",
    0x35: "text/vnd.wap.connectivity-xml",
    0x36: "application/vnd.wap.connectivity-wbxml",
    0x37: "application/pkcs7-mime",
    0x38: "application/vnd.wap.hashed-certificate",
    0x39: "application/vnd.wap.signed-certificate",
    0x3A: "application/vnd.wap.cert-response",
    0x3B: "application/xhtml+xml",
    0x3C: "application/wml+xml",
    0x3D: "text/css",
    0x3E: "application/vnd.wap.mms-message",
    0x3F: "application/vnd.wap.rollover-certificate",
    0x40: "application/vnd.wap.locc+wbxml",
    0x41: "application/vnd.wap.loc+xml",
    0x42: "application/vnd.syncml.dm+wbxml",
    0x43: "application/vnd.syncml.dm+xml",
    0x44: "application/vnd.syncml.notification",
    0x45: "application/vnd.wap.xhtml+xml",
    0x46: "application/vnd.wv.csp.cir",
    0x47: "application/vnd.oma.dd+xml",
    0x48: "application/vnd.oma.drm.message",
    0x49: "application/vnd.oma.drm.content",
    0x4A: "application/vnd.oma.drm.rights+xml",
    0x4B: "application/vnd.oma.drm.rights+wbxml",
    0x4C: "application/vnd.wv.csp+xml",
    0x4D: "application/vnd.wv.csp+wbxml",
    0x4E: "application/vnd.syncml.ds.notification",
    0x4F: "audio/*",
    0x50: "video/*",
    0x51: "application/vnd.oma.dd2+xml",
    0x52: "application/mikey",
}
CONTENT_TYPE_CODES: dict[str, int] = {name.lower(): code for code, name in CONTENT_TYPES.items()}

# IANA MIBenum (WAP-230-WSP Table 42 refers to it) -> Python codec name. 0 is WSP's "*".
CHARSETS: dict[int, str] = {
    0: "*",
    3: "us-ascii",
    4: "iso-8859-1",
    5: "iso-8859-2",
    6: "iso-8859-3",
    7: "iso-8859-4",
    8: "iso-8859-5",
    9: "iso-8859-6",
    10: "iso-8859-7",
    11: "iso-8859-8",
    12: "iso-8859-9",
    13: "iso-8859-10",
    17: "shift_jis",
    18: "euc-jp",
    36: "ks_c_5601-1987",
    37: "iso-2022-kr",
    38: "euc-kr",
    39: "iso-2022-jp",
    40: "iso-2022-jp-2",
    106: "utf-8",
    109: "iso-8859-13",
    110: "iso-8859-14",
    111: "iso-8859-15",
    112: "iso-8859-16",
    113: "gbk",
    114: "gb18030",
    1000: "iso-10646-ucs-2",
    1013: "utf-16be",
    1014: "utf-16le",
    1015: "utf-16",
    1017: "utf-32",
    2025: "gb2312",
    2026: "big5",
    2084: "koi8-r",
    **{2250 + n: f"windows-125{n}" for n in range(9)},
}
CHARSET_CODES: dict[str, int] = {name: code for code, name in CHARSETS.items()}
CHARSET_ALIASES: dict[str, str] = {
    "utf8": "utf-8",
    "ascii": "us-ascii",
    "latin-1": "iso-8859-1",
    "latin1": "iso-8859-1",
    "ucs-2": "iso-10646-ucs-2",
    "ucs2": "iso-10646-ucs-2",
    "utf16": "utf-16",
}
# Python has no codec named for UCS-2; it is UTF-16 big-endian without surrogates.
PYTHON_CODECS: dict[str, str] = {"iso-10646-ucs-2": "utf-16-be", "*": "utf-8"}

# WAP-230-WSP Table 39: well-known header field names (used in push and part headers).
HEADER_FIELDS: dict[int, str] = {
    code: name
    for code, name in enumerate(
        [
            "Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Accept-Ranges",
            "Age", "Allow", "Authorization", "Cache-Control", "Connection", "Content-Base",
            "Content-Encoding", "Content-Language", "Content-Length", "Content-Location",
            "Content-MD5", "Content-Range", "Content-Type", "Date", "Etag", "Expires", "From",
            "Host", "If-Modified-Since", "If-Match", "If-None-Match", "If-Range",
            "If-Unmodified-Since", "Location", "Last-Modified", "Max-Forwards", "Pragma",
            "Proxy-Authenticate", "Proxy-Authorization", "Public", "Range", "Referer",
            "Retry-After", "Server", "Transfer-Encoding", "Upgrade", "User-Agent", "Vary",
            "Via", "Warning", "WWW-Authenticate", "Content-Disposition",
            "X-Wap-Application-Id", "X-Wap-Content-URI", "X-Wap-Initiator-URI",
            "Accept-Application", "Bearer-Indication", "Push-Flag", "Profile", "Profile-Diff",
            "Profile-Warning", "Expect", "TE", "Trailer", "Accept-Charset", "Accept-Encoding",
            "Cache-Control", "Content-Range", "X-Wap-Tod", "Content-ID", "Set-Cookie",
            "Cookie", "Encoding-Version", "Profile-Warning", "Content-Disposition",
            "X-WAP-Security", "Cache-Control",
        ]
    )
}  # fmt: skip
# When encoding, the first (oldest, most widely understood) code of a name wins.
HEADER_FIELD_CODES: dict[str, int] = {}
for _code, _name in HEADER_FIELDS.items():
    HEADER_FIELD_CODES.setdefault(_name.lower(), _code)

# WAP-230-WSP Table 38: well-known parameter tokens -> (name, value kind). Kinds: "charset",
# "integer", "text", "type" (Constrained-encoding), "q", "version". Versions 1.1-1.4 each added
# codes; 0x17-0x1D are 1.4 Text-value redefinitions of Name, Filename, Start, ...
PARAMETERS: dict[int, tuple[str, str]] = {
    0x00: ("q", "q"),
    0x01: ("charset", "charset"),
    0x02: ("level", "version"),
    0x03: ("type", "integer"),
    0x05: ("name", "text"),
    0x06: ("filename", "text"),
    0x07: ("differences", "field"),
    0x08: ("padding", "integer"),
    0x09: ("type", "type"),
    0x0A: ("start", "text"),
    0x0B: ("start-info", "text"),
    0x0C: ("comment", "text"),
    0x0D: ("domain", "text"),
    0x0E: ("max-age", "integer"),
    0x0F: ("path", "text"),
    0x10: ("secure", "none"),
    0x11: ("sec", "integer"),
    0x12: ("mac", "text"),
    0x13: ("creation-date", "date"),
    0x14: ("modification-date", "date"),
    0x15: ("read-date", "date"),
    0x16: ("size", "integer"),
    0x17: ("name", "text"),
    0x18: ("filename", "text"),
    0x19: ("start", "text"),
    0x1A: ("start-info", "text"),
    0x1B: ("comment", "text"),
    0x1C: ("domain", "text"),
    0x1D: ("path", "text"),
}
# Codes written by the encoder: the WSP 1.1/1.2 ones every MMS client reads (OMA-TS-MMS-ENC
# §7.3.11 names Type 0x89 and Start 0x8A for multipart/related).
PARAMETER_CODES: dict[str, int] = {
    "charset": 0x01,
    "name": 0x05,
    "filename": 0x06,
    "type": 0x09,
    "start": 0x0A,
    "start-info": 0x0B,
    "padding": 0x08,
    "comment": 0x0C,
    "level": 0x02,
}

# WAP push application ids (OMNA "Push Application ID" registry): code -> URN.
PUSH_APPLICATIONS: dict[int, str] = {
    0x00: "x-wap-application:*",
    0x01: "x-wap-application:push.sia",
    0x02: "x-wap-application:wml.ua",
    0x03: "x-wap-application:wta.ua",
    0x04: "x-wap-application:mms.ua",
    0x05: "x-wap-application:push.syncml",
    0x06: "x-wap-application:loc.ua",
    0x07: "x-wap-application:syncml.dm",
    0x08: "x-wap-application:drm.ua",
    0x09: "x-wap-application:emn.ua",
    0x0A: "x-wap-application:wv.ua",
}
