"""Numbered lists in free text: "（一）…（二）…", "1、…2、…", "1.…", "(1)…", "①…", "一是…二是…".

Drafts number their goals and items in half a dozen styles, nest them ("1.1、…"), write them on one
line ("…。2.大力推动…") and quote them ('1."1、…'). The layout step uses this module to split goals
into items and to find the items of the department part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


class Style(Enum):
    PAREN_CN = r"[（(]\s*([一二三四五六七八九十]+)\s*[）)]"  # （一）
    CN_COMMA = r"([一二三四五六七八九十]+)、"  # 一、
    CN_SHI = r"([一二三四五六七八九十]+)是(?=[，,：:]?[^\s，,：:])"  # 一是
    PAREN_NUM = r"[（(]\s*(\d{1,2})\s*[）)]"  # （1）
    NUM_COMMA = r"(\d{1,2})\s*、"  # 1、
    NUM_DOT = r"(\d{1,2})\s*[.．](?:(?!\d)|(?=\d{1,2}\s*、))"  # 1.  (and the "1." of "1.1、"; not "2.5")
    CIRCLED = r"([①-⑳])"  # ①


_PATTERNS = [(style, re.compile(style.value)) for style in Style]
# A number opens an item only at the start of a line, after a sentence end, a space, an opening quote,
# a colon, or right after another number ("1.1、"): elsewhere "3家" or "2.5万元" are plain text.
_BOUNDARY_BEFORE = frozenset("\n。；;！!？?：: \t“\"‘'")


@dataclass(frozen=True)
class Token:
    style: Style
    value: int
    start: int
    end: int


def cn_number(text: str) -> int:
    """一..九十九 as an int (十 = 10, 十二 = 12, 二十 = 20)."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(text, 0)


def _value(style: Style, digits: str) -> int:
    if style in (Style.PAREN_CN, Style.CN_COMMA, Style.CN_SHI):
        return cn_number(digits)
    if style is Style.CIRCLED:
        return _CIRCLED.index(digits) + 1
    return int(digits)


def token_at(text: str, pos: int) -> Token | None:
    """The numbering token starting exactly at `pos`, if any (boundaries are not checked)."""
    for style, pattern in _PATTERNS:
        match = pattern.match(text, pos)
        if match is not None:
            return Token(style, _value(style, match.group(1)), match.start(), match.end())
    return None


def tokens(text: str) -> list[Token]:
    """Every numbering token that sits at an item boundary, in order."""
    found: list[Token] = []
    after_token = -1
    for pos in range(len(text)):
        if pos != 0 and pos != after_token and text[pos - 1] not in _BOUNDARY_BEFORE:
            continue
        token = token_at(text, pos)
        if token is not None:
            found.append(token)
            after_token = token.end
    return found


def strip_numbering(text: str) -> str:
    """The text without its leading numbering, nested or quoted ('1."1、…' → '…')."""
    pos = 0
    while True:
        while pos < len(text) and (text[pos].isspace() or text[pos] in "\"“"):
            pos += 1
        token = token_at(text, pos)
        if token is None:
            return text[pos:].strip()
        pos = token.end


def numbered_items(text: str) -> list[str]:
    """The items of a numbered list, numbering removed; [] when the text is not numbered.

    Items are the outermost run of consecutive numbers (1,2,3… in one style): "（一）a 1.x 2.y （二）b"
    gives two items, "1.1、a 2、b 3、c" three, and "（3家参与…，1家参加…）" none. A lone "1." still
    counts: drafts often number a single goal.
    """
    runs = _runs(tokens(text))
    chosen = next((run for run in runs if len(run) >= 2), None)
    if chosen is None:
        chosen = next((run for run in runs if run[0].value == 1), None)
    if chosen is None:
        return []
    items = []
    for index, token in enumerate(chosen):
        end = chosen[index + 1].start if index + 1 < len(chosen) else len(text)
        item = _strip_unbalanced_quotes(strip_numbering(text[token.start:end]))
        if item:
            items.append(item)
    return items


def _runs(found: list[Token]) -> list[list[Token]]:
    """Maximal runs of consecutive numbers per style, ordered by where they start."""
    runs: list[list[Token]] = []
    for style in Style:
        run: list[Token] = []
        for token in (token for token in found if token.style is style):
            if run and token.value == run[-1].value + 1:
                run.append(token)
            else:
                if run:
                    runs.append(run)
                run = [token]
        if run:
            runs.append(run)
    runs.sort(key=lambda run: run[0].start)
    return runs


def _strip_unbalanced_quotes(text: str) -> str:
    """Drop a quote the split left without its partner ('…工作。"' → '…工作。')."""
    if text.count('"') % 2 == 1:
        text = text[:-1] if text.endswith('"') else text.removeprefix('"')
    if text.endswith("”") and text.count("“") < text.count("”"):
        text = text[:-1]
    if text.startswith("“") and text.count("”") < text.count("“"):
        text = text[1:]
    return text.strip()
