"""Test helpers: write a parsed Document back out as .docx / .xlsx, so every input format can be proven
to parse to the same model as the .txt it came from.

- `write_form_docx`: the department part as paragraphs, then per project a heading paragraph and a real
  Word table shaped like the 项目支出绩效目标表 (gridSpan merges, 一级指标 merged vertically, the
  预算规模 and 资金支出计划 labels merged over two rows).
- `write_form_xlsx`: the same forms in one sheet, one below the other, with real merged ranges.
- `write_flat_xlsx`: a flat listing, one row per indicator, in three export styles (`FlatStyle`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import docx
import openpyxl
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reviewer.model import DepartmentPart, Document, Indicator, Project, TemplateRow
from reviewer.readers.xlsx import format_number

FORM_COLUMNS = 7  # the budget row needs seven cells; every other row spans the same grid
_MONTHS = ("3月底", "6月底", "10月底", "12月底")
_SIMPLE_VALUE = re.compile(r"^(≥|≤|>|<|=|＞|＜|≧|≦|＝)?(\d+(?:\.\d+)?)(\D*)$")


@dataclass(frozen=True)
class Span:
    """One cell of a form row: its text, how many grid columns it covers, and its vertical merge."""

    text: str
    width: int = 1
    vmerge: str | None = None  # "restart" on the top cell of a vertical merge, "continue" below


def table_rows(project: Project) -> list[Indicator | TemplateRow]:
    """Indicators and empty template rows back in the order they stood in the source table."""
    rows: list[Indicator | TemplateRow] = [*project.indicators, *project.template_rows]

    def position(item: Indicator | TemplateRow) -> tuple[int, int, int]:
        where = item.location
        return (where.table or 0, where.row or 0, where.line or 0)

    return sorted(rows, key=position)


def amount_text(amount: float | None) -> str:
    return "" if amount is None else format_number(amount)


def form_rows(project: Project) -> list[list[Span]]:
    """The rows of one project's form; each row's widths add up to FORM_COLUMNS."""
    rows: list[list[Span]] = [
        [Span("项目编码"), Span(project.code or "", 2), Span("项目名称"), Span(project.name, 3)],
    ]
    if project.amounts_stated:
        rows.append(
            [
                Span("预算规模及资金用途", vmerge="restart"),
                Span("预算数"),
                Span(amount_text(project.budget)),
                Span("其中：财政资金"),
                Span(amount_text(project.fiscal)),
                Span("其他资金"),
                Span(amount_text(project.other)),
            ]
        )
        rows.append([Span("", vmerge="continue"), Span(project.purpose or "", 6)])
    elif project.purpose is not None:
        rows.append([Span("资金用途"), Span(project.purpose, 6)])
    if project.spending_plan is not None:
        widths = (1, 2, 1, 2)
        rows.append(
            [Span("资金支出计划（%）", vmerge="restart")]
            + [Span(month, width) for month, width in zip(_MONTHS, widths)]
        )
        rows.append(
            [Span("", vmerge="continue")]
            + [Span(cell, width) for cell, width in zip(project.spending_plan.raw, widths)]
        )
    rows.append([Span("绩效目标"), Span(project.goal, 6)])
    if project.has_basis_column:
        rows.append(
            [Span("一级指标"), Span("二级指标"), Span("三级指标"), Span("绩效指标描述", 2), Span("指标值"), Span("指标值确定依据")]
        )
    else:
        rows.append([Span("一级指标"), Span("二级指标"), Span("三级指标"), Span("绩效指标描述", 2), Span("指标值", 2)])
    previous_level1: str | None = None
    for item in table_rows(project):
        # One 一级 cell merged down over its rows, as on the printed form.
        level1 = Span("", vmerge="continue") if item.level1 == previous_level1 else Span(item.level1, vmerge="restart")
        previous_level1 = item.level1
        if isinstance(item, Indicator):
            cells = [item.level2, item.name, item.description, item.value, item.basis or ""]
        else:
            cells = [item.level2, "", "", "", ""]
        if project.has_basis_column:
            rows.append([level1, Span(cells[0]), Span(cells[1]), Span(cells[2], 2), Span(cells[3]), Span(cells[4])])
        else:
            rows.append([level1, Span(cells[0]), Span(cells[1]), Span(cells[2], 2), Span(cells[3], 2)])
    return rows


def heading(project: Project) -> str:
    return f"{project.name}项目支出绩效目标表"


# --- .docx -----------------------------------------------------------------------------------------


def write_form_docx(document: Document, path: Path) -> Path:
    word = docx.Document()
    if document.year is not None:
        word.add_paragraph(f"{document.year}年部门预算绩效目标")
    if document.department is not None:
        for text in department_paragraphs(document.department):
            word.add_paragraph(text)
    for project in document.projects:
        word.add_paragraph(heading(project)).runs[0].font.size = Pt(14)
        _add_form_table(word, form_rows(project))
        word.add_paragraph("")
    word.save(str(path))
    return path


def _add_form_table(word: WordDocument, rows: list[list[Span]]) -> None:
    """The form as the XML Word writes for merged cells: w:gridSpan across, w:vMerge restart/continue down.

    Built as XML rather than through python-docx's cell.merge(), which is quadratic in the table size
    (that API is covered by test_docx_reader).
    """
    grid = "".join(f"<w:gridCol w:w='{_COLUMN_TWIPS}'/>" for _ in range(FORM_COLUMNS))
    xml_rows = []
    for row in rows:
        assert sum(span.width for span in row) == FORM_COLUMNS, row
        xml_rows.append("<w:tr>" + "".join(_cell_xml(span) for span in row) + "</w:tr>")
    table = parse_xml(
        f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblStyle w:val='TableGrid'/><w:tblW w:w='0' w:type='auto'/>"
        f"<w:tblLook w:val='04A0'/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(xml_rows)}</w:tbl>"
    )
    word.element.body.sectPr.addprevious(table)


_COLUMN_TWIPS = 1200


def _cell_xml(span: Span) -> str:
    properties = f"<w:tcW w:w='{_COLUMN_TWIPS * span.width}' w:type='dxa'/>"
    if span.width > 1:
        properties += f"<w:gridSpan w:val='{span.width}'/>"
    if span.vmerge == "restart":
        properties += "<w:vMerge w:val='restart'/>"
    elif span.vmerge == "continue":
        properties += "<w:vMerge/>"
    # A multi-line cell as separate paragraphs, as Word writes it; a TAB as w:tab.
    lines = [] if span.vmerge == "continue" else span.text.split("\n")
    paragraphs = "".join(f"<w:p>{_runs_xml(line)}</w:p>" for line in lines) or "<w:p/>"
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{paragraphs}</w:tc>"


def _runs_xml(line: str) -> str:
    if not line:
        return ""
    parts = [f"<w:t xml:space='preserve'>{xml_escape(part)}</w:t>" if part else "" for part in line.split("\t")]
    return "<w:r>" + "<w:tab/>".join(parts) + "</w:r>"


def department_paragraphs(part: DepartmentPart) -> list[str]:
    lines = ["第一部分 部门整体绩效目标", "一、总体绩效目标"]
    lines += [line for line in part.overall.split("\n") if line.strip()]
    if part.items:
        lines.append("二、分项绩效目标")
        for item in part.items:
            lines.append(f"{item.number}{item.title}")
            if item.duty:
                lines.append(f"职责描述：{item.duty}")
            if item.goal:
                lines.append(f"绩效目标：{item.goal}")
            if item.indicators:
                lines.append(f"绩效指标：{item.indicators}")
    if part.safeguards.strip():
        lines.append("三、工作保障措施")
        lines += [line for line in part.safeguards.split("\n") if line.strip()]
    lines.append("第二部分 项目支出绩效目标")
    return lines


# --- .xlsx -----------------------------------------------------------------------------------------


def cell_value(text: str) -> str | float | int | None:
    """Numbers as numbers and "25%" as 0.25, so the reader's number formatting is exercised."""
    if text == "":
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?%", text):
        number = float(text[:-1]) / 100
        return number if f"{format_number(number * 100)}%" == text else text
    if re.fullmatch(r"\d+(?:\.\d+)?", text) and format_number(float(text)) == text:
        return int(text) if "." not in text else float(text)
    return text


def _put(sheet: Worksheet, row: int, column: int, text: str) -> None:
    value = cell_value(text)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, float | int) and text.endswith("%"):
        cell.number_format = "0%" if float(value * 100).is_integer() else "0.00%"


def write_form_xlsx(document: Document, path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "项目支出绩效目标表"
    top = 1
    for project in document.projects:
        sheet.cell(row=top, column=1, value=heading(project))
        sheet.merge_cells(start_row=top, start_column=1, end_row=top, end_column=FORM_COLUMNS)
        top += 1
        rows = form_rows(project)
        for offset, row in enumerate(rows):
            column = 1
            for span in row:
                if span.vmerge != "continue":
                    _put(sheet, top + offset, column, span.text)
                if span.width > 1:
                    sheet.merge_cells(
                        start_row=top + offset, start_column=column, end_row=top + offset, end_column=column + span.width - 1
                    )
                if span.vmerge == "restart":
                    bottom = offset
                    while bottom + 1 < len(rows) and _span_at(rows[bottom + 1], column).vmerge == "continue":
                        bottom += 1
                    if bottom > offset:
                        sheet.merge_cells(start_row=top + offset, start_column=column, end_row=top + bottom, end_column=column)
                column += span.width
        top += len(rows) + 1  # a blank row between forms
    # A hidden sheet must be ignored by the reader.
    book.create_sheet("说明").sheet_state = "hidden"
    book["说明"]["A1"] = "三级指标"
    book.save(path)
    return path


def _span_at(row: list[Span], column: int) -> Span:
    position = 1
    for span in row:
        if position == column:
            return span
        position += span.width
    return Span("")


class FlatStyle(StrEnum):
    EVERY_ROW = "every_row"  # standard headers, project columns repeated on every row
    FIRST_ROW = "first_row"  # synonym headers, amounts in 元 (note above), one 支出计划 column
    SPLIT_VALUE = "split_value"  # two header rows, 符号/指标值/计量单位, project cells merged down


_EVERY_ROW_HEADERS = (
    "项目编码", "项目名称", "预算数（万元）", "财政资金（万元）", "其他资金（万元）", "资金用途",
    *_MONTHS, "绩效目标", "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据",
)  # fmt: skip
_FIRST_ROW_HEADERS = (
    "项目名称", "项目代码", "预算金额", "财政拨款", "其他资金", "资金用途", "资金支出计划", "年度绩效目标",
    "一级指标", "二级指标", "指标名称", "指标解释", "目标值", "确定依据",
)  # fmt: skip
_OPERATOR_WORDS = {"≥": "大于等于", "≤": "小于等于"}


def split_value(value: str) -> tuple[str, str, str]:
    """A value as an export splits it: ≥95% -> ("大于等于", "95", "%"); anything else stays whole."""
    match = _SIMPLE_VALUE.match(value)
    if not match:
        return "", value, ""
    operator, number, unit = match.groups()
    operator = operator or ""
    return _OPERATOR_WORDS.get(operator, operator), number, unit


def _project_cells(project: Project, style: FlatStyle) -> list[str]:
    plan = project.spending_plan.raw if project.spending_plan is not None else ["", "", "", ""]
    if style is FlatStyle.FIRST_ROW:
        yuan = [amount_text(None if a is None else round(a * 10000, 4)) for a in (project.budget, project.fiscal, project.other)]
        plan_text = "；".join(f"{month}{cell}" for month, cell in zip(_MONTHS, plan)) if any(plan) else ""
        return [project.name, project.code or "", *yuan, project.purpose or "", plan_text, project.goal]
    amounts = [amount_text(project.budget), amount_text(project.fiscal), amount_text(project.other)]
    return [project.code or "", project.name, *amounts, project.purpose or "", *plan, project.goal]


def _indicator_cells(item: Indicator | TemplateRow, style: FlatStyle, basis_column: bool) -> list[str]:
    if isinstance(item, Indicator):
        name, description, value, basis = item.name, item.description, item.value, item.basis or ""
    else:
        name = description = value = basis = ""
    value_cells = list(split_value(value)) if style is FlatStyle.SPLIT_VALUE else [value]
    return [item.level1, item.level2, name, description, *value_cells, *([basis] if basis_column else [])]


def write_flat_xlsx(document: Document, path: Path, style: FlatStyle) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "绩效目标清单"
    basis_column = all(project.has_basis_column for project in document.projects)
    top = 1
    if style is FlatStyle.FIRST_ROW:
        sheet.cell(row=1, column=1, value="项目支出绩效目标清单")
        sheet.cell(row=2, column=1, value="金额单位：元")
        headers = [*_FIRST_ROW_HEADERS] if basis_column else [*_FIRST_ROW_HEADERS[:-1]]
        top = 3
    elif style is FlatStyle.SPLIT_VALUE:
        headers = [*_EVERY_ROW_HEADERS[:-2], "指标值", "", "", *_EVERY_ROW_HEADERS[-1:]]
    else:
        headers = [*_EVERY_ROW_HEADERS]
    if not basis_column and style is not FlatStyle.FIRST_ROW:
        headers = headers[:-1]
    for column, text in enumerate(headers, start=1):
        sheet.cell(row=top, column=column, value=text or None)
    if style is FlatStyle.SPLIT_VALUE:
        _split_header(sheet, headers, top)
        top += 1
    row = top + 1
    for project in document.projects:
        project_cells = _project_cells(project, style)
        items = table_rows(project) or [None]
        first = row
        previous_level1: str | None = None
        for index, item in enumerate(items):
            cells = list(project_cells) if index == 0 or style is FlatStyle.EVERY_ROW else [""] * len(project_cells)
            if item is not None:
                indicator = _indicator_cells(item, style, basis_column)
                if style is FlatStyle.SPLIT_VALUE and item.level1 == previous_level1:
                    indicator[0] = ""  # 一级 written once per run, carried forward by the reader
                previous_level1 = item.level1
                cells += indicator
            for column, text in enumerate(cells, start=1):
                _put(sheet, row, column, text)
            row += 1
        if style is FlatStyle.SPLIT_VALUE and row - 1 > first:
            for column in range(1, len(project_cells) + 1):
                sheet.merge_cells(start_row=first, start_column=column, end_row=row - 1, end_column=column)
    for column in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 14
    book.save(path)
    return path


def _split_header(sheet: Worksheet, headers: list[str], top: int) -> None:
    """Second header row: months under 资金支出计划, 符号/指标值/计量单位 under 指标值; others merged down."""
    plan_start = headers.index("3月底") + 1
    value_start = headers.index("指标值") + 1
    for offset, month in enumerate(_MONTHS):
        sheet.cell(row=top + 1, column=plan_start + offset, value=month)
    sheet.cell(row=top, column=plan_start, value="资金支出计划（%）")
    for offset in range(1, 4):
        sheet.cell(row=top, column=plan_start + offset, value=None)
    sheet.merge_cells(start_row=top, start_column=plan_start, end_row=top, end_column=plan_start + 3)
    for offset, text in enumerate(("符号", "指标值", "计量单位")):
        sheet.cell(row=top + 1, column=value_start + offset, value=text)
    sheet.merge_cells(start_row=top, start_column=value_start, end_row=top, end_column=value_start + 2)
    for column in range(1, len(headers) + 1):
        if not plan_start <= column < plan_start + 4 and not value_start <= column < value_start + 3:
            sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)


# --- OLE compound files ------------------------------------------------------------------------------

_FREE = 0xFFFFFFFF
_END_OF_CHAIN = 0xFFFFFFFE
_FAT_SECTOR = 0xFFFFFFFD


def write_ole(path: Path, stream_names: list[str]) -> Path:
    """A minimal valid OLE compound file (CFB v3) holding empty streams with the given names.

    Enough to stand for a legacy .doc/.xls (WordDocument / Workbook streams) or a password-protected
    OOXML file (EncryptionInfo / EncryptedPackage streams): readers must recognise the container.
    """
    import struct

    assert len(stream_names) <= 3  # root + three streams fill the one directory sector
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x003E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, _END_OF_CHAIN, 0, _END_OF_CHAIN, 0)
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0]: the FAT is sector 0
    for index in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * index, _FREE)
    fat = bytearray(b"\xff" * 512)
    struct.pack_into("<II", fat, 0, _FAT_SECTOR, _END_OF_CHAIN)  # sector 1: the directory

    def entry(name: str, kind: int, right: int, child: int) -> bytes:
        raw = bytearray(128)
        if kind == 0:  # an unused slot: no name, no siblings
            struct.pack_into("<III", raw, 68, _FREE, _FREE, _FREE)
            return bytes(raw)
        encoded = (name + "\0").encode("utf-16-le")
        raw[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 68, _FREE, right, child)
        struct.pack_into("<IQ", raw, 116, _END_OF_CHAIN, 0)
        return bytes(raw)

    directory = bytearray(entry("Root Entry", 5, _FREE, 1 if stream_names else _FREE))
    for index, name in enumerate(stream_names, start=1):
        right = index + 1 if index < len(stream_names) else _FREE
        directory += entry(name, 2, right, _FREE)
    while len(directory) < 512:
        directory += entry("", 0, _FREE, _FREE)
    path.write_bytes(bytes(header) + bytes(fat) + bytes(directory))
    return path
