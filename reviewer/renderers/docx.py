"""Word outputs: (a) the 绩效目标审核意见书 in the reviewers' five-part layout, ready to print and sign;
(b) for a .docx draft, an annotated copy with one Word comment on each offending cell.

The annotated copy addresses cells exactly as reviewer.readers.docx numbers them (grid.py): top-level
tables counted in body order, rows counted per table, columns as grid columns (gridBefore and gridSpan
counted, a legacy hMerge continuation folded into its left cell); a paragraph's `line` is its index
among the body's top-level paragraphs. The original file is read once and never written.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.exceptions import PythonDocxError
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from reviewer.errors import InputError
from reviewer.findings import Finding, Kind, Severity
from reviewer.model import Location
from reviewer.readers.docx import cell_text
from reviewer.renderers.view import (
    SEVERITY_ORDER,
    Item,
    ProjectView,
    ReportView,
    basis_of,
    build_view,
    department_llm_lines,
    kind_label,
    rewrite_text,
    severity_label,
    smart_failures,
)
from reviewer.results import DocumentReview

FONT = "仿宋"
HEADING_FONT = "黑体"
AUTHOR = "绩效目标审核"
INITIALS = "审核"
CHINESE_NUMBERS = "一二三四五六七八九十"
SEVERITY_COLORS: dict[Severity, RGBColor] = {
    Severity.ERROR: RGBColor(0xB4, 0x23, 0x18),
    Severity.WARNING: RGBColor(0xB5, 0x47, 0x08),
    Severity.INFO: RGBColor(0x17, 0x5C, 0xD3),
}


def _chinese_ordinal(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return (CHINESE_NUMBERS[tens - 1] if tens > 1 else "") + "十" + (CHINESE_NUMBERS[ones - 1] if ones else "")


# ---------------------------------------------------------------------------------------------------
# (a) 绩效目标审核意见书


def _set_font(run: Run, name: str = FONT, size: float | None = None, bold: bool | None = None) -> None:
    run.font.name = name
    # East Asian text takes its font from w:eastAsia, which python-docx's font.name does not set.
    r_pr = run._r.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


def _paragraph(doc: WordDocument, text: str = "", *, size: float = 12, bold: bool = False, font: str = FONT,
               align: WD_ALIGN_PARAGRAPH | None = None, indent: bool = False) -> Paragraph:
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(3)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    if text:
        _set_font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _add(paragraph: Paragraph, text: str, *, size: float = 12, bold: bool = False, color: RGBColor | None = None,
         font: str = FONT) -> Run:
    run = paragraph.add_run(text)
    _set_font(run, font, size, bold)
    if color is not None:
        run.font.color.rgb = color
    return run


def _finding_paragraph(doc: WordDocument, finding: Finding, prefix: str = "") -> None:
    paragraph = _paragraph(doc, indent=True)
    _add(paragraph, prefix)
    _add(paragraph, f"【{severity_label(finding.severity)}】", bold=True, color=SEVERITY_COLORS[finding.severity])
    _add(paragraph, f"{kind_label(finding.kind)}：{finding.message}")
    if finding.source == "llm":
        _add(paragraph, "（大模型判断）", size=10)
    if finding.suggestion:
        _add(paragraph, f"建议：{finding.suggestion}", bold=False)
    basis = basis_of(finding)
    if basis and finding.source == "rule":
        _add(paragraph, f"（依据：{basis}）", size=10)


def _item_paragraphs(doc: WordDocument, item: Item) -> None:
    prefix = ""
    if item.indicator is not None:
        i = item.indicator
        prefix = f"第{i.row}行“{i.name or i.level2}”（指标值：{i.value or '空'}）："
    if not item.findings and prefix:
        _paragraph(doc, prefix, indent=True)
    for n, finding in enumerate(item.findings):
        _finding_paragraph(doc, finding, prefix if n == 0 else "")
    if item.rewrite is not None:
        paragraph = _paragraph(doc, indent=True)
        _add(paragraph, "【大模型改写建议】", bold=True)
        _add(paragraph, rewrite_text(item.rewrite))
    for refused in item.rejected:
        _paragraph(doc, f"（大模型改写建议未通过规则校验：{refused.rejection or ''}）", size=10, indent=True)


def _project_part(doc: WordDocument, project: ProjectView, number: int) -> None:
    grade = project.grade.value if project.grade else "未评级"
    heading = _paragraph(doc)
    _add(heading, f"（{_chinese_ordinal(number)}）{project.name}　审核等级：{grade}", size=14, bold=True, font=HEADING_FONT)
    facts = []
    if project.project.budget is not None:
        facts.append(f"预算数{project.project.budget:g}万元")
    facts.append(f"指标{len(project.project.indicators)}行")
    facts.append(f"问题{len(project.findings)}处")
    _paragraph(doc, "，".join(facts) + "。" + "；".join(project.reasons) + "。", indent=True)
    for n, section in enumerate(project.sections, start=1):
        _paragraph(doc, f"{n}. {section.title}", bold=True)
        if n == 1:
            _paragraph(doc, f"原绩效目标：{project.project.goal or '（未填写）'}", indent=True, size=11)
        wrote = False
        for item in section.items:
            _item_paragraphs(doc, item)
            wrote = True
        if section.goal is not None:
            failures = smart_failures(section.goal)
            if failures:
                _paragraph(doc, f"【大模型评估】绩效目标{failures}。", indent=True)
                wrote = True
            if section.goal.rewritten:
                paragraph = _paragraph(doc, indent=True)
                _add(paragraph, "【大模型改写的绩效目标】", bold=True)
                _add(paragraph, section.goal.rewritten)
                wrote = True
        for addition in section.additions:
            paragraph = _paragraph(doc, indent=True)
            _add(paragraph, "【大模型建议补充指标】", bold=True)
            _add(paragraph, rewrite_text(addition))
            wrote = True
        if n == len(project.sections):
            for note in project.llm_notes:
                _paragraph(doc, f"（大模型审核说明：{note}）", size=10, indent=True)
                wrote = True
        if not wrote:
            _paragraph(doc, "符合要求。", indent=True)


def _summary_table(doc: WordDocument, view: ReportView) -> None:
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title in zip(table.rows[0].cells, ["序号", "项目名称", "预算数(万元)", "等级", "主要问题"], strict=True):
        cell.text = ""
        _add(cell.paragraphs[0], title, size=10.5, bold=True)
    for p in view.worst_first:
        cells = table.add_row().cells
        values = [
            str(p.number),
            p.name,
            f"{p.project.budget:g}" if p.project.budget is not None else "—",
            p.grade.value if p.grade else "—",
            p.headline,
        ]
        for cell, value in zip(cells, values, strict=True):
            _add(cell.paragraphs[0], value, size=10.5)
    widths = [Mm(12), Mm(45), Mm(22), Mm(12), Mm(85)]
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def build_opinion(review: DocumentReview, today: date | None = None) -> WordDocument:
    view = build_view(review)
    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.font.size = Pt(12)

    _paragraph(doc, "绩效目标审核意见书", size=22, bold=True, font="宋体", align=WD_ALIGN_PARAGRAPH.CENTER)
    document = review.document
    _paragraph(doc, f"被审核单位：{document.unit or '________'}", size=12)
    _paragraph(doc, f"预算年度：{document.year or '____'}年　　审核材料：{Path(document.source).name}", size=12)

    grade = review.grade.value if review.grade else "未评级"
    _paragraph(doc, "一、审核结论", size=16, bold=True, font=HEADING_FONT)
    paragraph = _paragraph(doc, indent=True)
    _add(paragraph, f"经审核，该单位绩效目标审核等级为“{grade}”")
    _add(paragraph, f"（{view.grade_meaning}）。" if review.grade else "。")
    for reason in review.grade_reasons:
        _paragraph(doc, reason + "。", indent=True)
    counts = f"共发现问题{len(review.findings)}处，其中严重{view.count(Severity.ERROR)}处、警告{view.count(Severity.WARNING)}处、提示{view.count(Severity.INFO)}处。"
    if view.kind_counts:
        counts += "主要问题：" + "、".join(f"{kind_label(k)}{n}处" for k, n in view.kind_counts[:6]) + "。"
    _paragraph(doc, counts, indent=True)
    if view.projects:
        _summary_table(doc, view)
    if review.opinion:
        paragraph = _paragraph(doc, indent=True)
        _add(paragraph, "【大模型根据上述问题起草的审核意见】", bold=True)
        _add(paragraph, review.opinion)

    part = 2
    if view.has_department:
        _paragraph(doc, f"{_chinese_ordinal(part)}、部门整体绩效目标", size=16, bold=True, font=HEADING_FONT)
        for finding in view.department:
            _finding_paragraph(doc, finding)
        for label, text in department_llm_lines(view.department_llm):
            paragraph = _paragraph(doc, indent=True)
            _add(paragraph, f"【{label}】", bold=True)
            _add(paragraph, text)
        part += 1
    if view.projects:
        _paragraph(doc, f"{_chinese_ordinal(part)}、项目绩效目标审核意见", size=16, bold=True, font=HEADING_FONT)
        for number, project in enumerate(view.projects, start=1):
            _project_part(doc, project, number)

    _paragraph(doc)
    _paragraph(doc, "审核人（签字）：______________　　复核人（签字）：______________", size=12)
    _paragraph(doc, "审核单位（盖章）：", size=12)
    _paragraph(doc, f"日期：{(today or date.today()).year}年____月____日", size=12, align=WD_ALIGN_PARAGRAPH.RIGHT)
    doc.core_properties.title = f"绩效目标审核意见书：{view.title}"
    doc.core_properties.author = AUTHOR
    return doc


def write_opinion(review: DocumentReview, path: Path, today: date | None = None) -> None:
    build_opinion(review, today).save(str(path))


# ---------------------------------------------------------------------------------------------------
# (b) annotated copy of a .docx draft

_P = qn("w:p")
_TBL = qn("w:tbl")
_TR = qn("w:tr")
_TC = qn("w:tc")
_R = qn("w:r")
# Wrappers the reader looks through (reviewer.readers.docx._TRANSPARENT, block and row level).
_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins"), qn("w:moveTo")}

# Which cell of an indicator row a finding of each kind is about; the rest point at the 三级 name.
_VALUE_KINDS = {
    Kind.VALUE_MISSING,
    Kind.NOT_QUANTIFIED,
    Kind.UNIT_MISMATCH,
    Kind.WRONG_DIRECTION,
    Kind.DEGENERATE_TARGET,
    Kind.SATISFACTION_100,
    Kind.UNREALISTIC_TARGET,
    Kind.COST_BUDGET_CONFLICT,
}


def _children(parent: etree._Element, tags: set[str]) -> Iterator[etree._Element]:
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tags)


def _grid_cells(tr: etree._Element) -> Iterator[tuple[int, etree._Element]]:
    """(first grid column, w:tc) of a row, numbered as the reader numbers them."""
    tr_pr = tr.find(qn("w:trPr"))
    column = 1 + (_count(tr_pr.find(qn("w:gridBefore")), 0) if tr_pr is not None else 0)
    for tc in _children(tr, {_TC}):
        tc_pr = tc.find(qn("w:tcPr"))
        span = _count(tc_pr.find(qn("w:gridSpan")), 1) if tc_pr is not None else 1
        h_merge = tc_pr.find(qn("w:hMerge")) if tc_pr is not None else None
        if h_merge is None or h_merge.get(qn("w:val")) == "restart":
            yield column, tc
        column += span


def _count(element: etree._Element | None, default: int) -> int:
    raw = element.get(qn("w:val")) if element is not None else None
    return int(raw) if raw is not None and raw.isdigit() and int(raw) > 0 else default


@dataclass
class _Body:
    """Top-level tables and paragraphs of the copy, addressed like the reader addresses them."""

    tables: list[etree._Element] = field(default_factory=list)
    paragraphs: list[etree._Element] = field(default_factory=list)

    @classmethod
    def of(cls, body: etree._Element) -> _Body:
        found = cls()
        for element in _children(body, {_P, _TBL}):
            (found.paragraphs if element.tag == _P else found.tables).append(element)
        return found

    def row(self, table: int, row: int) -> list[tuple[int, etree._Element]] | None:
        if not 1 <= table <= len(self.tables):
            return None
        rows = list(_children(self.tables[table - 1], {_TR}))
        return list(_grid_cells(rows[row - 1])) if 1 <= row <= len(rows) else None

    def cell(self, location: Location, field_text: str | None) -> etree._Element | None:
        """The cell a finding is about: the one holding `field_text` in the located row, else the located cell."""
        if location.table is None or location.row is None:
            return None
        cells = self.row(location.table, location.row)
        if not cells:
            return None
        if field_text:
            wanted = _squash(field_text)
            matches = [tc for _, tc in cells if _squash(cell_text(tc)) == wanted]
            if len(matches) == 1:
                return matches[0]
        for column, tc in cells:
            if location.column is None or column == location.column:
                return tc
        # The located column lies inside a merged cell: take the cell that covers it.
        covering = [tc for column, tc in cells if location.column is not None and column <= location.column]
        return covering[-1] if covering else None

    def paragraph(self, line: int) -> etree._Element | None:
        return self.paragraphs[line - 1] if 1 <= line <= len(self.paragraphs) else None


def _squash(text: str) -> str:
    return "".join(text.split())


def _field_text(finding: Finding, review: DocumentReview) -> str | None:
    """The text of the cell this finding is about (value, description or basis), when it has one."""
    if finding.row is None or finding.project is None:
        return None
    project = next((p for p in review.document.projects if p.name == finding.project), None)
    indicator = next((i for i in project.indicators if i.row == finding.row), None) if project else None
    if indicator is None:
        return None
    if finding.kind in _VALUE_KINDS:
        return indicator.value
    if finding.kind is Kind.COPIED_DESCRIPTION:
        return indicator.description
    if finding.kind is Kind.BASIS_INVALID:
        return indicator.basis
    return None


def _runs_of(container: etree._Element, document: WordDocument) -> list[Run]:
    """Runs directly inside the container's paragraphs; an empty cell gets one empty run to anchor on."""
    paragraphs = [container] if container.tag == _P else list(container.iter(_P))
    runs = [Run(r, Paragraph(r.getparent(), document._body)) for p in paragraphs for r in p if r.tag == _R]
    if not runs and paragraphs:
        runs = [Paragraph(paragraphs[0], document._body).add_run("")]
    return runs


def _comment_text(findings: list[Finding]) -> list[str]:
    lines = []
    for finding in sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity]):
        source = "大模型" if finding.source == "llm" else finding.rule
        line = f"【{severity_label(finding.severity)}】{kind_label(finding.kind)}（{source}）：{finding.message}"
        if finding.suggestion:
            line += f" 建议：{finding.suggestion}"
        lines.append(line)
    return lines


@dataclass
class AnnotationResult:
    comments: int  # Word comments added, one per offending cell or paragraph
    findings: int  # findings placed in those comments
    unplaced: list[Finding]  # findings without a location in this file (listed in the first comment)


def annotate_docx(review: DocumentReview, original: Path, target: Path) -> AnnotationResult:
    """Write a copy of `original` with the review's findings as Word comments. `original` is only read."""
    if target.exists() and target.resolve() == original.resolve():
        raise InputError("批注副本不能覆盖原文件", file=str(original))
    try:
        document = docx.Document(str(original))
    except (PackageNotFoundError, PythonDocxError, zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError,
            etree.LxmlError, OSError) as exc:
        raise InputError(f"无法打开Word文档以生成批注副本：{exc}", file=str(original)) from exc
    body = _Body.of(document.element.body)
    anchored: dict[int, tuple[etree._Element, list[Finding]]] = {}
    unplaced: list[Finding] = []
    for finding in review.findings:
        location = finding.location
        element = None
        if location is not None and location.sheet is None:
            if location.table is not None:
                element = body.cell(location, _field_text(finding, review))
            elif location.line is not None:
                element = body.paragraph(location.line)
        if element is None:
            unplaced.append(finding)
            continue
        anchored.setdefault(id(element), (element, []))[1].append(finding)

    for element, findings in anchored.values():
        runs = _runs_of(element, document)
        lines = _comment_text(findings)
        comment = document.add_comment(runs, text=lines[0], author=AUTHOR, initials=INITIALS)
        for line in lines[1:]:
            comment.add_paragraph(line)
    if unplaced and body.paragraphs:
        # Findings we cannot tie to a cell still reach the reader, on the first paragraph.
        runs = _runs_of(body.paragraphs[0], document)
        lines = ["以下问题无法定位到具体单元格：", *_comment_text(unplaced)]
        comment = document.add_comment(runs, text=lines[0], author=AUTHOR, initials=INITIALS)
        for line in lines[1:]:
            comment.add_paragraph(line)
    document.save(str(target))
    placed = sum(len(f) for _, f in anchored.values())
    return AnnotationResult(comments=len(anchored) + (1 if unplaced and body.paragraphs else 0), findings=placed, unplaced=unplaced)
