""".txt reader: Word documents saved as plain text, where a table cell is a line starting with a TAB.

The export rules we rely on (see the seeds under shared/seeds):
- every cell starts on a new line with a TAB; lines without a TAB continue the cell above;
- a blank line ends a table row, but a cell may itself contain blank lines (an empty paragraph inside
  the cell), so inside an indicator table the header's column count decides whether a blank line ends
  the row or belongs to a cell that is still being written;
- one line may hold several TAB-separated cells; trailing empty ones are the columns of a horizontally
  merged cell and are dropped (grid.py: a merged cell appears once, at its first column);
- lines that neither start with a TAB nor continue a cell are paragraphs.
Word residue ([bookmark: …], TC field codes, "page number" placeholders, stray "]") is removed here so
no later stage ever sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum, auto
from pathlib import Path

from reviewer.errors import InputError
from reviewer.readers.encoding import decode_text
from reviewer.readers.grid import Cell, Grid, Paragraph, RawDocument

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
# A TC (table of contents entry) field: "TC <entry text> \f C \l 1". The entry text is a stale copy of
# a heading, sometimes of another heading entirely, so the whole field goes, switches included.
_TC_FIELD = re.compile(r" *(?<![A-Za-z])TC +.*?(?: *\\[a-z] *[\w\"]*)+ *")
_PAGE_PLACEHOLDER = re.compile(r"^\s*page\s*number\s*$", re.IGNORECASE)
_HEADER_WORDS = ("一级指标", "二级指标", "三级指标")
# Cells that open a row of the form's header part: a blank line before them always ends the row.
_FORM_LABELS = re.compile(r"^(?:项目名称|项目编码|单位名称|预算|资金用途|资金支出计划|绩效目标|年度绩效目标|一级指标)")
# Lines that open a new section or form: never the tail of a cell.
_HEADING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[、.．])"
    r"|绩效目标表|绩效表|项目名称|部分\s*$"
)


def read_text(path: Path) -> RawDocument:
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"无法读取文件({err.strerror or err})", file=source) from err
    return parse_text(decode_text(data, source=source), source=source)


def parse_text(text: str, *, source: str) -> RawDocument:
    """The blocks of an already decoded .txt export, in reading order."""
    return _Builder(source).build(_classify(text))


class _Kind(Enum):
    BLANK = auto()
    TAB = auto()  # starts with a TAB: opens one or more cells
    TEXT = auto()  # anything else: continues a cell or is a paragraph


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based line in the file
    kind: _Kind
    text: str  # cleaned; for TAB lines without the leading TAB


def _classify(text: str) -> list[_Line]:
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        cleaned = clean_residue(raw)
        residue_only = raw.strip() != "" and cleaned.strip() == "" and not cleaned.startswith("\t")
        if residue_only or _PAGE_PLACEHOLDER.match(cleaned):
            # Not blank lines of the document: they must not end a row.
            continue
        if cleaned.startswith("\t"):
            lines.append(_Line(number, _Kind.TAB, cleaned[1:]))
        elif cleaned.strip() == "":
            lines.append(_Line(number, _Kind.BLANK, ""))
        else:
            lines.append(_Line(number, _Kind.TEXT, cleaned))
    return lines


def clean_residue(text: str) -> str:
    """Text without Word residue: bookmarks, TC fields and "]" left over from a split bookmark."""
    text = _BOOKMARK.sub("", text)
    text = _TC_FIELD.sub("", text)
    return _drop_unmatched_closing_brackets(text)


def _drop_unmatched_closing_brackets(text: str) -> str:
    if "]" not in text:
        return text
    kept, depth = [], 0
    for ch in text:
        if ch == "[":
            depth += 1
        elif ch == "]":
            if depth == 0:
                continue
            depth -= 1
        kept.append(ch)
    return "".join(kept)


def _split_cells(text: str) -> list[str]:
    parts = text.split("\t")
    while len(parts) > 1 and parts[-1].strip() == "":
        parts.pop()
    return parts


def _is_header(cells: list[str]) -> bool:
    squashed = [re.sub(r"\s+", "", cell) for cell in cells]
    return all(any(word in cell for cell in squashed) for word in _HEADER_WORDS)


def looks_like_heading(text: str) -> bool:
    return bool(_HEADING.search(text))


@dataclass
class _DraftCell:
    lines: list[str]
    line: int

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


@dataclass
class _Builder:
    source: str
    blocks: list[Grid | Paragraph] = field(default_factory=list)
    rows: list[list[_DraftCell]] = field(default_factory=list)  # rows of the open grid
    row: list[_DraftCell] | None = None  # the open row
    grid_line: int | None = None
    columns: int | None = None  # column count of the indicator header in the open grid
    blanks: int = 0  # blank lines since the last row was closed

    def build(self, lines: list[_Line]) -> RawDocument:
        for index, line in enumerate(lines):
            if line.kind is _Kind.TAB:
                self._tab(line)
            elif line.kind is _Kind.TEXT:
                self._text(line)
            else:
                self._blank(lines, index)
        self._close_row()
        self._close_grid()
        return RawDocument(source=self.source, blocks=self.blocks)

    def _tab(self, line: _Line) -> None:
        if self.grid_line is None:
            self.grid_line = line.number
        if self.row is None:
            self.row = []
        for part in _split_cells(line.text):
            self.row.append(_DraftCell([part], line.number))
        self.blanks = 0

    def _text(self, line: _Line) -> None:
        if self.row is not None and self.row:
            self._continue_cell(line)
        elif self._tail_of_last_row(line):
            # The last cell of a finished indicator row went on after an empty paragraph.
            self.rows[-1][-1].lines.extend(["", *_split_cells(line.text)[:1]])
        else:
            self._close_grid()
            self.blocks.append(Paragraph(text=line.text.strip(), line=line.number))
        self.blanks = 0

    def _continue_cell(self, line: _Line) -> None:
        assert self.row is not None
        first, *others = _split_cells(line.text)
        self.row[-1].lines.append(first)
        for part in others:
            self.row.append(_DraftCell([part], line.number))

    def _tail_of_last_row(self, line: _Line) -> bool:
        return (
            self.columns is not None
            and self.blanks == 1
            and bool(self.rows)
            and len(self.rows[-1]) >= self.columns
            and not looks_like_heading(line.text)
        )

    def _blank(self, lines: list[_Line], index: int) -> None:
        if self.row is not None and self._blank_inside_cell(lines, index):
            self.row[-1].lines.append("")
            return
        self._close_row()
        self.blanks += 1

    def _blank_inside_cell(self, lines: list[_Line], index: int) -> bool:
        """Whether a blank line belongs to the last cell of an unfinished indicator row."""
        assert self.row is not None
        if self.columns is None or not 0 < len(self.row) < self.columns or not self.row[-1].text:
            return False
        chunk = _next_chunk(lines, index)
        if not chunk:
            return False
        if chunk[0].kind is _Kind.TEXT:
            return not looks_like_heading(chunk[0].text)
        if _FORM_LABELS.match(re.sub(r"\s+", "", chunk[0].text)):
            return False
        cells = sum(len(_split_cells(line.text)) for line in chunk if line.kind is _Kind.TAB)
        return len(self.row) + cells == self.columns

    def _close_row(self) -> None:
        if self.row is None:
            return
        if self.row:
            self.rows.append(self.row)
            if _is_header([cell.text for cell in self.row]):
                self.columns = len(self.row)
        self.row = None
        self.blanks = 0

    def _close_grid(self) -> None:
        self._close_row()
        if self.rows:
            grid_rows = [
                [Cell(text=cell.text, row=r, column=c, line=cell.line) for c, cell in enumerate(row, start=1)]
                for r, row in enumerate(self.rows, start=1)
            ]
            table = sum(isinstance(block, Grid) for block in self.blocks) + 1
            self.blocks.append(Grid(rows=grid_rows, table=table, line=self.grid_line))
        self.rows = []
        self.grid_line = None
        self.columns = None
        self.blanks = 0


def _next_chunk(lines: list[_Line], index: int) -> list[_Line]:
    """The lines after the blank run starting at `index`, up to the next blank line."""
    start = index
    while start < len(lines) and lines[start].kind is _Kind.BLANK:
        start += 1
    end = start
    while end < len(lines) and lines[end].kind is not _Kind.BLANK:
        end += 1
    return lines[start:end]
