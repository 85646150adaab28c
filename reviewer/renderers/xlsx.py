"""XLSX revision sheet for the department: one row per indicator with its original cells, the problems,
the suggested rewrite, and a status column to fill in; frozen header, filters, severity colours.
A second sheet lists project-level and department-level problems with the grades."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from reviewer.findings import Finding, Severity
from reviewer.renderers.view import (
    SEVERITY_ORDER,
    ProjectView,
    ReportView,
    basis_of,
    build_view,
    kind_label,
    severity_label,
)
from reviewer.results import DocumentReview

STATUSES = ["未处理", "已修改", "不修改（请说明理由）"]
FILLS: dict[Severity, PatternFill] = {
    Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"),
    Severity.WARNING: PatternFill("solid", fgColor="FFEB9C"),
    Severity.INFO: PatternFill("solid", fgColor="DDEBF7"),
}
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")

INDICATOR_COLUMNS: list[tuple[str, int]] = [
    ("序号", 6),
    ("项目名称", 18),
    ("行", 5),
    ("一级指标", 10),
    ("二级指标", 12),
    ("三级指标", 18),
    ("指标描述", 22),
    ("指标值", 12),
    ("确定依据", 14),
    ("问题级别", 8),
    ("问题", 40),
    ("依据", 20),
    ("修改建议", 36),
    ("建议三级指标", 18),
    ("建议指标值", 12),
    ("建议确定依据", 18),
    ("建议来源", 10),
    ("修改状态", 14),
    ("部门说明", 30),
]
STATUS_COLUMN = [name for name, _ in INDICATOR_COLUMNS].index("修改状态") + 1

PROBLEM_COLUMNS: list[tuple[str, int]] = [
    ("项目名称", 20),
    ("等级", 6),
    ("问题级别", 8),
    ("问题类型", 14),
    ("问题", 50),
    ("依据", 24),
    ("修改建议", 40),
    ("修改状态", 14),
    ("部门说明", 30),
]


def _text(value: object) -> object:
    """Cell text made safe: no control characters openpyxl rejects."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _append(sheet: Worksheet, values: list[object], fill: PatternFill | None = None) -> int:
    row = sheet.max_row + 1  # the header is always row 1
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=_text(value))
        if isinstance(value, str) and value.startswith("="):
            # Document text is data, never a formula ("=100%" is a value someone typed).
            cell.data_type = "s"
        cell.alignment = WRAP
        cell.border = BORDER
        if fill is not None:
            cell.fill = fill
    return row


def _header(sheet: Worksheet, columns: list[tuple[str, int]]) -> None:
    for column, (name, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=column, value=name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def _status_validation(sheet: Worksheet, column: int) -> None:
    if sheet.max_row < 2:
        return
    validation = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True)
    validation.error = "请从列表中选择修改状态"
    validation.prompt = "部门填写：" + " / ".join(STATUSES)
    sheet.add_data_validation(validation)
    letter = get_column_letter(column)
    validation.add(f"{letter}2:{letter}{sheet.max_row}")


def _worst(findings: list[Finding]) -> Severity | None:
    return min((f.severity for f in findings), key=SEVERITY_ORDER.__getitem__, default=None)


def _problems(findings: list[Finding]) -> str:
    lines = []
    for n, finding in enumerate(findings, start=1):
        source = "（大模型）" if finding.source == "llm" else f"（{finding.rule}）"
        lines.append(f"{n}. {kind_label(finding.kind)}：{finding.message}{source}")
    return "\n".join(lines)


def _bases(findings: list[Finding]) -> str:
    seen: list[str] = []
    for finding in findings:
        basis = basis_of(finding)
        if basis and basis not in seen:
            seen.append(basis)
    return "\n".join(seen)


def _suggestions(findings: list[Finding]) -> str:
    return "\n".join(f"{n}. {f.suggestion}" for n, f in enumerate(findings, start=1) if f.suggestion)


def _indicator_rows(sheet: Worksheet, project: ProjectView, counter: list[int]) -> None:
    rows: dict[int, list[Finding]] = {}
    for finding in project.findings:
        if finding.row is not None:
            rows.setdefault(finding.row, []).append(finding)
    rewrites = {r.row: r for r in (project.llm.rewrites if project.llm else []) if r.accepted and r.row is not None}
    for indicator in project.project.indicators:
        findings = sorted(rows.get(indicator.row, []), key=lambda f: SEVERITY_ORDER[f.severity])
        worst = _worst(findings)
        rewrite = rewrites.get(indicator.row)
        counter[0] += 1
        _append(
            sheet,
            [
                counter[0],
                project.name,
                indicator.row,
                indicator.level1,
                indicator.level2,
                indicator.name,
                indicator.description,
                indicator.value,
                indicator.basis if indicator.basis is not None else "",
                severity_label(worst) if worst else "",
                _problems(findings),
                _bases(findings),
                _suggestions(findings),
                rewrite.name if rewrite else "",
                rewrite.value if rewrite else "",
                rewrite.basis if rewrite else "",
                "大模型改写" if rewrite else "",
                STATUSES[0] if findings else "",
                "",
            ],
            FILLS[worst] if worst else None,
        )


def _problem_rows(sheet: Worksheet, view: ReportView) -> None:
    for finding in view.department:
        _append(sheet, _problem_values("部门整体绩效目标", "", finding), FILLS[finding.severity])
    for project in view.projects:
        grade = project.grade.value if project.grade else ""
        project_level = [f for f in project.findings if f.row is None]
        if not project_level:
            reasons = "；".join(project.reasons)
            _append(sheet, [project.name, grade, "", "", reasons, "", "", "", ""])
        for finding in sorted(project_level, key=lambda f: SEVERITY_ORDER[f.severity]):
            _append(sheet, _problem_values(project.name, grade, finding), FILLS[finding.severity])


def _problem_values(project: str, grade: str, finding: Finding) -> list[object]:
    return [
        project,
        grade,
        severity_label(finding.severity),
        kind_label(finding.kind),
        finding.message,
        basis_of(finding),
        finding.suggestion or "",
        STATUSES[0],
        "",
    ]


def build_workbook(review: DocumentReview) -> Workbook:
    view = build_view(review)
    workbook = Workbook()
    indicators = workbook.active
    assert indicators is not None
    indicators.title = "指标修改清单"
    _header(indicators, INDICATOR_COLUMNS)
    counter = [0]
    for project in view.projects:
        _indicator_rows(indicators, project, counter)
    indicators.auto_filter.ref = f"A1:{get_column_letter(len(INDICATOR_COLUMNS))}{max(indicators.max_row, 1)}"
    _status_validation(indicators, STATUS_COLUMN)

    problems = workbook.create_sheet("项目与部门问题")
    _header(problems, PROBLEM_COLUMNS)
    _problem_rows(problems, view)
    problems.auto_filter.ref = f"A1:{get_column_letter(len(PROBLEM_COLUMNS))}{max(problems.max_row, 1)}"
    _status_validation(problems, len(PROBLEM_COLUMNS) - 1)
    for sheet in (indicators, problems):
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.print_title_rows = "1:1"
    workbook.properties.title = f"绩效指标修改清单：{view.title}"
    return workbook


def render_xlsx(review: DocumentReview) -> bytes:
    buffer = BytesIO()
    build_workbook(review).save(buffer)
    return buffer.getvalue()


def write_xlsx(review: DocumentReview, path: Path) -> None:
    path.write_bytes(render_xlsx(review))
