"""Decoding of plain-text drafts: UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030/GBK.

Drafts exported on Chinese Windows machines are GBK as often as UTF-8. We try the strict decoders in a
fixed order instead of guessing statistically: UTF-8 is self-validating (GBK text almost never decodes
as UTF-8), and GB18030 is a superset of GBK and GB2312. Binary files often slip through GB18030, so the
decoded text must also look like text.
"""

from __future__ import annotations

import codecs
import unicodedata

from reviewer.errors import InputError
from reviewer.readers.grid import SPACE_LIKE

UNREADABLE = "不是可识别的文本文件(编码无法识别)"

# More than this share of non-text characters means the bytes were never text.
_MAX_JUNK_SHARE = 0.05


def decode_text(data: bytes, *, source: str) -> str:
    """Bytes of a .txt draft as text with \\n line ends and plain spaces; InputError when not text."""
    text = _strict_decode(data)
    if text is None or _looks_binary(text):
        raise InputError(UNREADABLE, file=source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(SPACE_LIKE)


def _strict_decode(data: bytes) -> str | None:
    # Notepad's "Unicode" is UTF-16 with a byte-order mark; without the mark it is not guessed.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16", errors="strict")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding, errors="strict")
        except UnicodeDecodeError:
            continue
    return None


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    meaningful = [ch for ch in text if not ch.isspace()]
    if not meaningful:
        return False
    junk = sum(1 for ch in meaningful if _is_junk(ch))
    return junk / len(meaningful) > _MAX_JUNK_SHARE


def _is_junk(ch: str) -> bool:
    # Cc: control characters; Co: private use (GB18030's user-defined area); Cn: unassigned;
    # Cs: lone surrogates. Form feed is a real page break in Word exports and is not junk.
    if ch == "\f":
        return False
    return ch == "\ufffd" or unicodedata.category(ch) in {"Cc", "Co", "Cn", "Cs"}
