""".xlsx reader: every visible worksheet becomes one Grid of cell text, merged ranges resolved per grid.py.

Cells are turned into the text a reader sees in Excel (95% rather than 0.95, 30 rather than 30.0,
dates as ISO), because the layout step and the rules read values as written on the form.
Rows with no text at all are dropped: in a sheet a row is a row, so blank rows separate nothing the
layout needs, while Cell.row keeps the sheet's own row number for locations.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from lxml import etree
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from reviewer.errors import InputError
from reviewer.readers.grid import SPACE_LIKE, Cell, Grid, RawDocument
from reviewer.readers.office import CORRUPT, Package, check_package

_CORRUPT = CORRUPT[Package.EXCEL]

# Quoted literals and backslash escapes in a number format are shown as is, so a "%" inside them
# does not scale the value.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.')


def read_xlsx(path: Path) -> RawDocument:
    """Read an Excel workbook into one Grid per visible worksheet; unreadable files raise InputError."""
    source = str(path)
    check_package(path, Package.EXCEL)
    try:
        workbook = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,  # openpyxl: "File contains no valid workbook part"
        KeyError,  # a part named in the relationships is missing from the zip
        ValueError,  # openpyxl wraps invalid XML of a part in ValueError
        TypeError,  # openpyxl's descriptors reject attribute values of the wrong type
        ParseError,
        etree.LxmlError,
    ) as error:
        raise InputError(_CORRUPT, file=source) from error
    try:
        blocks = [
            Grid(rows=sheet_rows(sheet), table=index, sheet=sheet.title)
            for index, sheet in enumerate(
                (sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"), start=1
            )
        ]
    finally:
        workbook.close()
    return RawDocument(source=source, blocks=blocks)


def sheet_rows(sheet: Worksheet) -> list[list[Cell]]:
    """The sheet's rows of cells over its used columns; a merged range appears once, at its top-left."""
    # Only cells that exist: iter_rows would create the whole rectangle, and a sheet formatted down to
    # row 1048576 has a rectangle of that size.
    texts: dict[tuple[int, int], str] = {}
    for (row, column), cell in sheet._cells.items():
        text = cell_text(cell.value, cell.number_format)
        if text:
            texts[(row, column)] = text
    if not texts:
        return []
    max_row = max(row for row, _ in texts)
    max_column = max(column for _, column in texts)
    skipped: set[tuple[int, int]] = set()  # columns a horizontal merge covers: not emitted at all
    for merged in sheet.merged_cells.ranges:
        # Clipped to the text's extent: whole-column merges exist and cover nothing of interest.
        for row in range(merged.min_row, min(merged.max_row, max_row) + 1):
            for column in range(merged.min_col + 1, min(merged.max_col, max_column) + 1):
                skipped.add((row, column))
    rows: list[list[Cell]] = []
    for row in range(1, max_row + 1):
        if not any((row, column) in texts for column in range(1, max_column + 1)):
            continue
        # Below a vertical merge's top row its first column holds "" (openpyxl keeps no value there).
        rows.append(
            [
                Cell(text=texts.get((row, column), ""), row=row, column=column)
                for column in range(1, max_column + 1)
                if (row, column) not in skipped
            ]
        )
    return rows


def cell_text(value: object, number_format: str | None) -> str:
    """A cell value as Excel shows it, as far as the form's content needs."""
    if value is None:
        return ""
    if isinstance(value, bool):
        # TRUE/FALSE in a form cell answers a yes/no indicator: read it in the form's words.
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, int | float):
        if _is_percent_format(number_format):
            return format_number(value * 100) + "%"
        return format_number(value)
    return str(value).translate(SPACE_LIKE).strip()


def _is_percent_format(number_format: str | None) -> bool:
    return bool(number_format) and "%" in _FORMAT_LITERALS.sub("", number_format or "")


def format_number(value: float | int) -> str:
    """30.0 -> "30", 0.1 + 0.2 -> "0.3": binary noise beyond 12 significant digits is not data."""
    if isinstance(value, int):
        return str(value)
    rounded = round(value, 10)
    if rounded.is_integer() and abs(rounded) < 1e15:
        return str(int(rounded))
    text = format(rounded, ".12g")
    if "e" in text:  # keep plain notation: a form never shows 1e-05
        text = format(rounded, "f").rstrip("0").rstrip(".")
    return text
