"""What every reader produces: the file as blocks in reading order, tables as grids of cell text.

Merged cells are resolved the same way for every format, so the layout step never sees a format:
- a horizontally merged cell appears once, at its first column (later columns are skipped);
- a vertically merged cell keeps its text in its top row; the rows it covers below hold "" there.
Cell text is stripped of Word residue ([bookmark: …], field codes) by the reader.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

# Wide and non-breaking spaces that Word and Excel put where a plain space is meant; every reader maps
# them, so one document reads the same in every format.
SPACE_LIKE = str.maketrans({"\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " "})


class Cell(BaseModel):
    text: str
    row: int  # 1-based row in the source table or sheet
    column: int  # 1-based column in the source table or sheet
    line: int | None = None  # .txt: the line the cell starts on (findings point there)


class Grid(BaseModel):
    """One table (docx table, sheet region, or run of tab-indented lines in a .txt)."""

    rows: list[list[Cell]]
    table: int  # 1-based index of the table in the file
    sheet: str | None = None
    line: int | None = None  # .txt: the line the table starts on


class Paragraph(BaseModel):
    text: str
    line: int | None = None  # .txt line or docx paragraph index (1-based)
    sheet: str | None = None


class RawDocument(BaseModel):
    source: str
    blocks: list[Grid | Paragraph] = Field(default_factory=list)
