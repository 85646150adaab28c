""".docx reader: body paragraphs and tables in document order, merged cells resolved per grid.py.

We walk the body XML ourselves instead of python-docx's `row.cells`: that API repeats one cell object
for every grid column a merged cell covers and returns the top cell again for vertically continued
cells, while grid.py wants a merged cell once at its first column and "" in continued rows.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.exceptions import PythonDocxError
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from reviewer.errors import InputError
from reviewer.readers.grid import SPACE_LIKE, Cell, Grid, Paragraph, RawDocument
from reviewer.readers.office import CORRUPT, Package, check_package

_CORRUPT = CORRUPT[Package.WORD]

_P = qn("w:p")
_TBL = qn("w:tbl")
_TR = qn("w:tr")
_TC = qn("w:tc")
_T = qn("w:t")
_TAB = qn("w:tab")
_PTAB = qn("w:ptab")
_BR = qn("w:br")
_CR = qn("w:cr")
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
_FLD_CHAR = qn("w:fldChar")
_FLD_CHAR_TYPE = qn("w:fldCharType")
_VAL = qn("w:val")

# Elements that only wrap block- or run-level content (content controls, custom XML, tracked
# insertions, hyperlinks, smart tags, simple fields): their children are read as if unwrapped.
_TRANSPARENT = {
    qn("w:sdt"),
    qn("w:sdtContent"),
    qn("w:customXml"),
    qn("w:ins"),
    qn("w:moveTo"),
    qn("w:hyperlink"),
    qn("w:smartTag"),
    qn("w:fldSimple"),
    qn("w:r"),
    qn("w:dir"),
    qn("w:bdo"),
}

# Subtrees whose text is not part of the visible paragraph: field instructions, deleted text,
# drawings and text boxes (whose text python-docx also leaves out), properties, notes references.
_SKIPPED = {
    qn("w:instrText"),
    qn("w:delInstrText"),
    qn("w:del"),
    qn("w:moveFrom"),
    qn("w:delText"),
    qn("w:drawing"),
    qn("w:pict"),
    qn("w:object"),
    qn("w:rPr"),
    qn("w:pPr"),
    qn("w:sdtPr"),
    qn("w:sdtEndPr"),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
}


def read_docx(path: Path) -> RawDocument:
    """Read a Word document into blocks; any unreadable file becomes one InputError line."""
    source = str(path)
    check_package(path, Package.WORD)
    try:
        document = docx.Document(str(path))
    except (
        PackageNotFoundError,
        PythonDocxError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        KeyError,  # a part named in the package relationships is missing from the zip
        ValueError,  # the main part is not a Word document
        etree.LxmlError,  # XML of a part does not parse
    ) as error:
        raise InputError(_CORRUPT, file=source) from error
    return RawDocument(source=source, blocks=list(_body_blocks(document.element.body)))


def _body_blocks(body: etree._Element) -> Iterator[Grid | Paragraph]:
    paragraph_index = 0
    table_index = 0
    for element in _block_children(body):
        if element.tag == _P:
            paragraph_index += 1
            text = paragraph_text(element)
            if text:
                yield Paragraph(text=text, line=paragraph_index)
        elif element.tag == _TBL:
            table_index += 1
            yield Grid(rows=_table_rows(element), table=table_index)


def _block_children(parent: etree._Element) -> Iterator[etree._Element]:
    """w:p and w:tbl children in order, looking through content controls and custom XML."""
    for child in parent:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _block_children(child)


def _children_tagged(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with `tag` (w:tr of a table, w:tc of a row), looking through wrappers."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _children_tagged(child, tag)


def _int_attr(element: etree._Element | None, default: int) -> int:
    if element is None:
        return default
    raw = element.get(_VAL)
    # A malformed count is the producer's bug, not a reason to reject the document.
    return int(raw) if raw is not None and raw.isdigit() and int(raw) > 0 else default


def _table_rows(table: etree._Element) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for row_number, tr in enumerate(_children_tagged(table, _TR), start=1):
        tr_pr = tr.find(qn("w:trPr"))
        grid_before = _int_attr(tr_pr.find(qn("w:gridBefore")), 0) if tr_pr is not None else 0
        column = grid_before + 1
        cells: list[Cell] = []
        for tc in _children_tagged(tr, _TC):
            tc_pr = tc.find(qn("w:tcPr"))
            span = _int_attr(tc_pr.find(qn("w:gridSpan")), 1) if tc_pr is not None else 1
            h_merge = tc_pr.find(qn("w:hMerge")) if tc_pr is not None else None
            v_merge = tc_pr.find(qn("w:vMerge")) if tc_pr is not None else None
            if h_merge is not None and h_merge.get(_VAL) != "restart":
                # Legacy horizontal merge: the continuation cell is part of the cell on its left.
                column += span
                continue
            if v_merge is not None and v_merge.get(_VAL) != "restart":
                text = ""  # vertically continued: the text lives in the top row
            else:
                text = cell_text(tc)
            cells.append(Cell(text=text, row=row_number, column=column))
            column += span
        rows.append(cells)
    return rows


def cell_text(tc: etree._Element) -> str:
    """A cell's paragraphs joined by newlines; a nested table contributes its text row by row."""
    parts: list[str] = []
    for block in _block_children(tc):
        if block.tag == _P:
            text = paragraph_text(block)
        else:
            text = _nested_table_text(block)
        if text:
            parts.append(text)
    return "\n".join(parts)


def _nested_table_text(table: etree._Element) -> str:
    lines = []
    for row in _table_rows(table):
        line = " ".join(cell.text.replace("\n", " ") for cell in row if cell.text)
        if line:
            lines.append(line)
    return "\n".join(lines)


def paragraph_text(paragraph: etree._Element) -> str:
    """The visible text of a paragraph: field results kept, field instructions and deletions left out."""
    pieces: list[str] = []
    # Complex fields run begin -> instruction -> separate -> result -> end and may nest; only the
    # result part is visible, so we track for each open field whether we are past its separator.
    fields: list[bool] = []

    def visit(element: etree._Element) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIPPED or not isinstance(tag, str):
                continue
            if tag == _FLD_CHAR:
                kind = child.get(_FLD_CHAR_TYPE)
                if kind == "begin":
                    fields.append(False)
                elif kind == "separate" and fields:
                    fields[-1] = True
                elif kind == "end" and fields:
                    fields.pop()
                continue
            in_instruction = any(not past_separator for past_separator in fields)
            if tag == _T:
                if not in_instruction:
                    pieces.append(child.text or "")
            elif tag in (_TAB, _PTAB):
                if not in_instruction:
                    pieces.append("\t")
            elif tag in (_BR, _CR):
                if not in_instruction:
                    pieces.append("\n")
            elif tag == _NO_BREAK_HYPHEN:
                if not in_instruction:
                    pieces.append("-")
            else:
                visit(child)

    visit(paragraph)
    return "".join(pieces).translate(SPACE_LIKE).strip()
