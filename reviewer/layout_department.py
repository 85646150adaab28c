"""The department-level part of a draft (部门整体绩效目标): 总体绩效目标, 分项绩效目标, 工作保障措施.

It is free text in every format we have seen, so it is read from paragraphs: section headings switch
the section, numbered lines open 分项 items, and the labels 职责描述 / 绩效目标 / 绩效指标 fill an item's
fields. Numbering is kept as written ("（四）（四）", a skipped "（十二）") because rules report it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum, auto

from reviewer.model import DepartmentItem, DepartmentPart, Location
from reviewer.numbering import Style, Token, numbered_items, token_at, tokens
from reviewer.readers.grid import Paragraph


class _Section(Enum):
    NONE = auto()
    OVERALL = auto()
    ITEMS = auto()
    SAFEGUARDS = auto()


_NUMBER_PREFIX = r"(?:第[一二三四五六七八九十]+部分)?\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[、.．])?\s*"
_SECTION_HEADINGS = [
    (re.compile(rf"^{_NUMBER_PREFIX}(?:部门)?(?:整体)?总体(?:绩效)?目标\s*[:：]?$"), _Section.OVERALL),
    (re.compile(rf"^{_NUMBER_PREFIX}(?:分项|职责分类)(?:绩效)?目标\s*[:：]?$"), _Section.ITEMS),
    (re.compile(rf"^{_NUMBER_PREFIX}(?:工作)?保障措施\s*[:：]?$"), _Section.SAFEGUARDS),
]
# 职责描述 / 绩效目标 / 绩效指标 labels inside an item, possibly in the middle of its heading line.
_FIELD_LABEL = re.compile(r"(职责描述|主要职责|职责|绩效目标|年度目标|绩效指标)\s*[:：]")
_FIELD_OF_LABEL = {"职责描述": "duty", "主要职责": "duty", "职责": "duty", "绩效目标": "goal", "年度目标": "goal",
                   "绩效指标": "indicators"}
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_TITLE_MAX = 40  # a paragraph this short stating a year is a title ("2022年部门整体绩效目标")


def section_of(text: str) -> _Section | None:
    squashed = re.sub(r"\s+", "", text)
    for pattern, section in _SECTION_HEADINGS:
        if pattern.match(squashed):
            return section
    return None


def find_year(paragraphs: Sequence[Paragraph]) -> int | None:
    """The year a title states, else the first year the department part mentions."""
    for paragraph in paragraphs:
        match = _YEAR.search(paragraph.text)
        if match and len(paragraph.text) <= _TITLE_MAX:
            return int(match.group(1))
    for paragraph in paragraphs:
        match = _YEAR.search(paragraph.text)
        if match:
            return int(match.group(1))
    return None


@dataclass
class _ItemDraft:
    number: str
    title: str
    line: int | None
    fields: dict[str, list[str]] = field(default_factory=dict)
    current: str = "goal"

    def add(self, text: str) -> None:
        """Text of the item: labelled parts go to their field, the rest continues the last field."""
        text = text.strip()
        matches = list(_FIELD_LABEL.finditer(text))
        head = text[: matches[0].start()] if matches else text
        if head.strip():
            self.fields.setdefault(self.current, []).append(head.strip())
        for index, match in enumerate(matches):
            self.current = _FIELD_OF_LABEL[match.group(1)]
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            body = text[match.end(): end].strip()
            self.fields.setdefault(self.current, [])
            if body:
                self.fields[self.current].append(body)

    def build(self, source: str) -> DepartmentItem:
        def joined(name: str) -> str | None:
            parts = self.fields.get(name)
            return "\n".join(parts) if parts is not None else None

        return DepartmentItem(
            number=self.number,
            title=self.title,
            duty=joined("duty"),
            goal=joined("goal"),
            indicators=joined("indicators"),
            location=Location(file=source, line=self.line),
        )


@dataclass
class _DepartmentBuilder:
    source: str
    section: _Section = _Section.NONE
    seen_section: bool = False
    overall: list[str] = field(default_factory=list)
    safeguards: list[str] = field(default_factory=list)
    items: list[_ItemDraft] = field(default_factory=list)
    item_style: Style | None = None
    first_line: int | None = None

    def add(self, paragraph: Paragraph) -> None:
        text = paragraph.text.strip()
        if not text:
            return
        section = section_of(text)
        if section is not None:
            self.section = section
            self.seen_section = True
            if self.first_line is None:
                self.first_line = paragraph.line
            return
        if self.section is _Section.OVERALL:
            self.overall.append(text)
        elif self.section is _Section.SAFEGUARDS:
            self.safeguards.append(text)
        elif self.section is _Section.ITEMS:
            self._item_text(text, paragraph.line)

    def _item_text(self, text: str, line: int | None) -> None:
        opening = token_at(text, 0)
        if opening is not None and self.item_style is None and not _FIELD_LABEL.match(text):
            self.item_style = opening.style
        if opening is not None and opening.style is self.item_style:
            self._open_items(text, line)
        elif self.items:
            self._continue(text, line)
        # Text before the first item ("职责分类绩效目标：") introduces the list and carries nothing.

    def _continue(self, text: str, line: int | None) -> None:
        """Body text; an item heading may hide at its end ("…标准。（四）（四）法律顾问…")."""
        inline = self._inline_headings(text)
        if inline:
            self.items[-1].add(text[: inline[0].start])
            self._open_items(text[inline[0].start:], line)
        else:
            self.items[-1].add(text)

    def _inline_headings(self, text: str) -> list[Token]:
        last = _value_of(self.items[-1].number) if self.items else 0
        found = [token for token in tokens(text) if token.start > 0 and token.style is self.item_style]
        return [token for token in found if token.value == last + 1]

    def _open_items(self, text: str, line: int | None) -> None:
        """One item per numbering token at the start; a repeated number makes an item with no title."""
        pos = 0
        while True:
            token = token_at(text, pos)
            if token is None or token.style is not self.item_style:
                break
            self.items.append(_ItemDraft(number=text[token.start: token.end].strip(), title="", line=line))
            pos = token.end
            while pos < len(text) and text[pos].isspace():
                pos += 1
        rest = text[pos:]
        label = _FIELD_LABEL.search(rest)
        title, body = (rest[: label.start()], rest[label.start():]) if label else (rest, "")
        self.items[-1].title = title.strip()
        if body:
            self.items[-1].add(body)

    def build(self) -> DepartmentPart | None:
        if not self.seen_section:
            return None
        overall = "\n".join(self.overall)
        return DepartmentPart(
            overall=overall,
            overall_items=numbered_items(overall),
            items=[item.build(self.source) for item in self.items],
            safeguards="\n".join(self.safeguards),
            location=Location(file=self.source, line=self.first_line),
        )


def _value_of(number: str) -> int:
    token = token_at(number, 0)
    return token.value if token is not None else 0


def build_department(paragraphs: Sequence[Paragraph], source: str) -> DepartmentPart | None:
    """The department part from the paragraphs before the first project; None when it has none."""
    builder = _DepartmentBuilder(source)
    for paragraph in paragraphs:
        builder.add(paragraph)
    return builder.build()
