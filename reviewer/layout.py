"""Layout: the reader's blocks (grids and paragraphs, any format) into the typed model.

One pass over the blocks in reading order. Paragraphs before the first project form are the department
part (see layout_department). A project starts at a heading paragraph ("1.法制工作专项绩效目标表") or
at a form field seen after the previous project's indicator table; its name comes from the form's
项目名称 cell when there is one, else from the heading. Form rows are recognised by their labels
(项目编码, 预算数, 资金支出计划, 绩效目标 …) wherever they sit in the row, and the indicator table by its
header (一级指标 / 二级指标 / 三级指标 …), whose columns map every later row until the form ends.
Grids that are flat exports (one row per indicator) are handed to reviewer.layout_flat instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from reviewer.errors import InputError
from reviewer.layout_department import build_department, find_year, section_of
from reviewer import layout_flat
from reviewer.layout_flat import join_value
from reviewer.layout_headers import Column, polarity_of
from reviewer.layout_labels import (
    AMOUNT_FIELDS,
    clean_project_name,
    header_columns,
    inline_label,
    is_month,
    is_no_code,
    label_of,
    label_scale,
    money_unit_scale,
    one_line,
    parse_amount,
    parse_percent,
    project_heading,
    squash,
    unit_name,
)
from reviewer.model import DepartmentPart, Document, Indicator, Location, Project, SpendingPlan, TemplateRow
from reviewer.numbering import numbered_items
from reviewer.readers.grid import Cell, Grid, Paragraph, RawDocument
from reviewer.values import parse_value

NO_INDICATOR_TABLE = "未找到绩效指标表"
EMPTY_INDICATOR_TABLE = "绩效指标表为空(表头下没有任何指标行)"
_PART_TWO = re.compile(r"^第[二三四五六七八九十]+部分|^(?:[一二三四五六七八九十]+、)?(?:预算)?项目(?:支出)?绩效目标$")
# "部门整体支出绩效目标表" heads the department part, not a project form.
_DEPARTMENT_HEADING = re.compile(r"^(?:\d{4}年度?)?(?:部门|单位)?(?:整体)?(?:支出)?$")
# "某县司法局部门整体支出绩效目标表": a unit's name before 部门整体 (but "办公楼整体改造项目" is a project).
_DEPARTMENT_NAMED = re.compile(r"^(?!.*项目).*(?:部门|单位)整体(?:支出)?$")
_NOTE = re.compile(r"^(?:注|备注|说明|填表|填报)")
# Tab names a workbook gets by default, not project names.
_GENERIC_SHEET = re.compile(r"^(?:sheet|工作表|表|页)\s*\d*$|^(?:项目支出|项目)?绩效目标", re.IGNORECASE)
_NAME_PARAGRAPH = re.compile(r"^项目名称\s*[:：]\s*(\S.*)$")


# --- project drafts ----------------------------------------------------------------------------------
@dataclass
class _ProjectDraft:
    location: Location
    heading_name: str | None = None
    cell_name: str | None = None
    code: str | None = None
    unit: str | None = None
    amounts: dict[str, float | None] = field(default_factory=dict)
    purpose: str | None = None
    plan: SpendingPlan | None = None
    goal: list[str] = field(default_factory=list)
    columns: dict[int, Column] | None = None
    indicators: list[Indicator] = field(default_factory=list)
    template_rows: list[TemplateRow] = field(default_factory=list)
    level1: str = ""
    level2: str = ""

    def is_heading_only(self) -> bool:
        """Whether nothing but a heading has been read for this draft (no form row, no table)."""
        return not (
            self.cell_name or self.code or self.unit or self.amounts or self.purpose or self.plan or self.goal
            or self.columns is not None or self.indicators or self.template_rows
        )

    def build(self) -> Project:
        name = self.cell_name if self.cell_name else (self.heading_name or "")
        goal = "\n".join(self.goal).strip()
        has_basis = self.columns is None or Column.BASIS in self.columns.values()
        return Project(
            name=name,
            code=self.code,
            unit=self.unit,
            budget=self.amounts.get("budget"),
            fiscal=self.amounts.get("fiscal"),
            other=self.amounts.get("other"),
            amounts_stated=bool(self.amounts),
            purpose=self.purpose,
            spending_plan=self.plan,
            goal=goal,
            goal_items=numbered_items(goal) or ([goal] if goal else []),
            indicators=self.indicators,
            template_rows=self.template_rows,
            has_basis_column=has_basis,
            location=self.location,
        )


# What the row after a label row holds ("预算规模及资金用途" puts the purpose in the next row).
class _Pending(Enum):
    NONE = "none"
    PURPOSE = "purpose"
    GOAL = "goal"


@dataclass
class _Layout:
    source: str
    projects: list[Project] = field(default_factory=list)
    current: _ProjectDraft | None = None
    department_paragraphs: list[Paragraph] = field(default_factory=list)
    in_department: bool = True
    scale: float = 1.0  # amounts are in 万元 unless the form says 元
    pending: _Pending = _Pending.NONE
    saw_indicator_table: bool = False
    paragraphs: list[Paragraph] = field(default_factory=list)  # every paragraph: titles state the year
    unit: str | None = None  # the department's own 单位名称/部门名称, stated before any form
    department_heading: str | None = None  # names a department-level indicator table, if one follows
    # After a "部门整体绩效目标表" heading the form and indicator table are the department's, not a project's,
    # until a project heading, a 项目名称/项目编码 row or the next sheet.
    department_table: bool = False
    department_columns: bool = False  # inside the department's indicator table
    department_draft: _ProjectDraft | None = None  # collects the department table's indicator rows
    sheet: str | None = None  # the sheet of the last grid: a new sheet starts a new form

    # --- blocks ---
    def paragraph(self, paragraph: Paragraph) -> None:
        text = paragraph.text.strip()
        if not text:
            return
        self._note_money_unit(text)
        self.paragraphs.append(paragraph)
        location = Location(file=self.source, line=paragraph.line, sheet=paragraph.sheet)
        heading = project_heading(text)
        named = _NAME_PARAGRAPH.match(text)
        if heading is not None:
            self._heading(heading, location)
        elif named and (self.current is None or self.current.cell_name or self.current.columns is not None):
            self._start_project(location, heading_name=clean_project_name(named.group(1)))
        elif named and self.current is not None:
            self.current.cell_name = clean_project_name(named.group(1))
        elif _PART_TWO.match(squash(text)):
            self.in_department = False
            self.department_table = self.department_columns = False
        elif self.in_department:
            stated = inline_label(text)
            if stated is not None and stated[0] == "unit":
                self.unit = stated[1]
            else:
                self.department_paragraphs.append(paragraph)
        self.pending = _Pending.NONE

    def grid(self, grid: Grid) -> None:
        # An indicator table continued in a new grid (a page break in Word) goes on with the same
        # columns; a grid that opens with a form label starts the next form (see _leaves_table).
        if grid.sheet is not None and grid.sheet != self.sheet:
            if self.sheet is not None:
                self._finish_project()
                self.department_table = self.department_columns = False
            self.sheet = grid.sheet
        rows = [row for row in grid.rows if any(cell.text.strip() for cell in row)]
        for index, row in enumerate(rows):
            following = rows[index + 1] if index + 1 < len(rows) else None
            self._row(grid, row, following)

    # --- rows ---
    def _row(self, grid: Grid, row: list[Cell], following: list[Cell] | None) -> None:
        filled = [cell for cell in row if cell.text.strip()]
        heading = project_heading(filled[0].text) if len(filled) == 1 else None
        if heading is not None:
            # A sheet puts each form's title in a row of its own: it is a heading, not a table row.
            self._heading(heading, self._cell_location(grid, filled[0]))
            return
        columns = header_columns(row)
        if self.department_table and self._department_table_row(grid, row, filled, columns):
            return
        if columns is not None:
            self._header(grid, row, columns)
            return
        if self.current is None and self.in_department and self._department_row(filled):
            return
        labels: dict[int, str | None] = {}
        inline: dict[int, str] = {}
        for cell in row:
            label = label_of(cell.text)
            if label is None and (split := inline_label(cell.text)) is not None:
                label, inline[cell.column] = split
            labels[cell.column] = label
        if self.current is not None and self.current.columns is not None and not self._leaves_table(row, labels):
            self._indicator_row(grid, row)
            return
        self._form_row(grid, row, labels, inline, following)

    def _heading(self, name: str, location: Location) -> None:
        if name and (_DEPARTMENT_HEADING.match(name) or _DEPARTMENT_NAMED.search(name)):
            # "部门整体绩效目标表": what follows is the department's table, wherever it stands.
            self._finish_project()
            self.department_heading = name
            self.department_table, self.department_columns = True, False
        elif not name and self.in_department:
            self.department_heading = name
        else:
            self.department_table = self.department_columns = False
            draft = self.current
            if draft is not None and draft.is_heading_only():
                # Two headings with nothing between ("2025年市级部门项目支出绩效目标申报表" over a bare
                # "项目支出绩效目标申报表"): the first titles the compilation, one form follows both.
                draft.heading_name = name or draft.heading_name
                return
            self._start_project(location, heading_name=name)

    def _department_table_row(
        self, grid: Grid, row: list[Cell], filled: list[Cell], columns: dict[int, Column] | None
    ) -> bool:
        """Rows of a department-level form: consumed here unless a 项目名称/项目编码 row opens a project form."""
        first = filled[0] if filled else None
        first_label = label_of(first.text) if first is not None else None
        if first_label is None and first is not None and (split := inline_label(first.text)) is not None:
            first_label = split[0]
        if first_label in ("name", "code"):
            self.department_table = self.department_columns = False
            return False
        if columns is not None:
            self.department_columns = True
            self.saw_indicator_table = True
            if self.department_draft is None:
                self.department_draft = _ProjectDraft(location=self._cell_location(grid, filled[0]))
            self.department_draft.columns = columns
            self.department_draft.level1 = self.department_draft.level2 = ""
            return True
        if self.department_columns and self.department_draft is not None:
            self._indicator_row(grid, row, self.department_draft)
            return True
        if first is None:
            return True
        if self._department_row(filled):
            return True
        if first_label == "unit" and len(filled) > 1:
            self.unit = self.unit or one_line(filled[1].text)
        elif first_label == "goal" and len(filled) > 1:
            # The department's annual goal, as the text layout would have read it under its heading.
            self.department_paragraphs.append(Paragraph(text="总体绩效目标", line=first.line))
            self.department_paragraphs.extend(Paragraph(text=cell.text, line=cell.line) for cell in filled[1:])
        return True

    def _department_row(self, filled: list[Cell]) -> bool:
        """Rows of a department-level table ("总体绩效目标 | …", "部门名称 | …") feed the department part."""
        if not filled:
            return False
        first, rest = filled[0], filled[1:]
        if section_of(first.text) is not None:
            self.department_paragraphs.extend(Paragraph(text=cell.text, line=cell.line) for cell in filled)
            return True
        if label_of(first.text) == "unit" and rest:
            self.unit = one_line(rest[0].text)
            return True
        return False

    def _leaves_table(self, row: list[Cell], labels: dict[int, str | None]) -> bool:
        """A row inside an indicator table opens the next form only by a label in its first column.

        Indicator cells may well read like labels ("项目预算数", "100000人次"), the 一级指标 column never.
        """
        assert self.current is not None and self.current.columns is not None
        first = next((cell for cell in row if cell.text.strip()), None)
        if first is None or self.current.columns.get(first.column) not in (None, Column.LEVEL1):
            return False
        return labels[first.column] is not None or self._money_unit_row([first])

    def _header(self, grid: Grid, row: list[Cell], columns: dict[int, Column]) -> None:
        if self.current is not None and self.current.columns is not None:
            return  # the header repeated at the top of a new page: the same table goes on
        if self.current is None:
            self._start_project(self._cell_location(grid, row[0]), heading_name=self.department_heading)
        assert self.current is not None
        self.current.columns = columns
        self.current.level1 = self.current.level2 = ""
        self.saw_indicator_table = True
        self.pending = _Pending.NONE

    def _form_row(self, grid: Grid, row: list[Cell], labels: dict[int, str | None], inline: dict[int, str],
                  following: list[Cell] | None) -> None:
        if not any(labels.values()):
            self._unlabelled_row(grid, row)
            return
        self._open_project_for_form(grid, row, labels)
        project = self.current
        assert project is not None
        self.pending = _Pending.NONE
        consumed: set[int] = set()
        for position, cell in enumerate(row):
            label = labels[cell.column]
            if label is None or cell.column in consumed:
                continue
            neighbour = row[position + 1] if position + 1 < len(row) else None
            if cell.column in inline:
                value: str | None = inline[cell.column]
            elif neighbour is not None and labels.get(neighbour.column) is None:
                value = neighbour.text
                consumed.add(neighbour.column)
            else:
                value = None
            self._form_field(project, label, cell, value, row, following)
        for cell in row:
            if cell.column not in consumed and labels[cell.column] is None:
                self._loose_cell(project, cell)

    def _open_project_for_form(self, grid: Grid, row: list[Cell], labels: dict[int, str | None]) -> None:
        names = set(labels.values())
        current = self.current
        if current is None or current.columns is not None or ("name" in names and current.cell_name):
            self._start_project(self._cell_location(grid, row[0]))

    def _form_field(self, project: _ProjectDraft, label: str, cell: Cell, value: str | None,
                    row: list[Cell], following: list[Cell] | None) -> None:
        text = one_line(value or "")
        if label == "name":
            if text:
                project.cell_name = clean_project_name(text)
        elif label == "code":
            project.code = None if is_no_code(text) else squash(text)
        elif label == "unit":
            project.unit = text or project.unit
        elif label in AMOUNT_FIELDS:
            if value is None and following is not None:
                value = _cell_in_column(following, cell.column)
            scale = label_scale(cell.text) or self.scale
            project.amounts[label] = parse_amount(value or "", scale)
        elif label == "purpose":
            if text and label_of(text) is None:
                project.purpose = text
            else:
                self.pending = _Pending.PURPOSE
        elif label == "plan":
            months = [c for c in row if is_month(c.text)]
            if months:
                project.plan = _spending_plan(months, following)
        elif label == "goal":
            if value is None and following is not None and header_columns(following) is None:
                below = _cell_in_column(following, cell.column)
                value = below if below is not None and label_of(below) is None else None
            if value is not None and value.strip():
                project.goal = [value.strip()]
                self.pending = _Pending.NONE
            elif not project.goal:
                self.pending = _Pending.GOAL

    def _loose_cell(self, project: _ProjectDraft, cell: Cell) -> None:
        """A cell no label claims may still be the unit line ("103001中共…本级")."""
        if project.unit is None:
            project.unit = unit_name(cell.text)

    def _unlabelled_row(self, grid: Grid, row: list[Cell]) -> None:
        texts = [cell.text.strip() for cell in row if cell.text.strip()]
        if self._money_unit_row(row):
            for cell in row:
                self._note_money_unit(cell.text)
            project = self.current
            if project is None or project.columns is not None:
                # A unit line after the last table opens the next form.
                project = self._start_project(self._cell_location(grid, row[0]))
            for cell in row:
                self._loose_cell(project, cell)
            return
        if self.current is None or not texts:
            return
        months = [c for c in row if is_month(c.text)]
        if len(months) >= 2:
            return  # a plan header whose label sits in a merged cell above; values come next
        if self.pending is _Pending.PURPOSE:
            self.current.purpose = one_line(" ".join(texts))
            self.pending = _Pending.NONE
        elif self.pending is _Pending.GOAL:
            self.current.goal.extend(texts)

    def _money_unit_row(self, row: list[Cell]) -> bool:
        return any(money_unit_scale(cell.text) is not None or unit_name(cell.text) is not None for cell in row)

    def _indicator_row(self, grid: Grid, row: list[Cell], draft: _ProjectDraft | None = None) -> None:
        project = draft or self.current
        assert project is not None and project.columns is not None
        fields: dict[Column, str] = {}
        cells: dict[Column, Cell] = {}
        for cell in row:
            column = project.columns.get(cell.column)
            if column is not None:
                fields[column] = one_line(cell.text)
                cells[column] = cell
        level1_cell = fields.get(Column.LEVEL1, "")
        if _NOTE.match(level1_cell):
            return  # "注：…", "备注" under the table: not a row of it
        level1 = level1_cell or project.level1
        level2 = fields.get(Column.LEVEL2, "")
        if not level2 and (not level1_cell or level1_cell == project.level1):
            level2 = project.level2
        project.level1, project.level2 = level1, level2
        name = fields.get(Column.NAME, "")
        description = fields.get(Column.DESCRIPTION, "")
        value = _joined_value(fields)
        basis = fields.get(Column.BASIS, "")
        if name or value or description:
            anchor = cells.get(Column.NAME) or row[0]
            location = self._cell_location(grid, anchor, column=_column_of(project.columns, Column.NAME, anchor))
            project.indicators.append(Indicator(
                row=len(project.indicators) + 1,
                level1=level1,
                level2=level2,
                name=name,
                description=description,
                value=value,
                parsed=parse_value(value),
                basis=basis if Column.BASIS in project.columns.values() else None,
                polarity=polarity_of(fields.get(Column.POLARITY, ""), fields.get(Column.OPERATOR, "")),
                location=location,
            ))
        elif fields.get(Column.LEVEL2):
            anchor = cells.get(Column.LEVEL2) or row[0]
            location = self._cell_location(grid, anchor, column=_column_of(project.columns, Column.LEVEL2, anchor))
            project.template_rows.append(TemplateRow(level1=level1, level2=level2, location=location))

    # --- helpers ---
    def _start_project(self, location: Location, heading_name: str | None = None) -> _ProjectDraft:
        self._finish_project()
        self.in_department = False
        self.current = _ProjectDraft(location=location, heading_name=heading_name)
        self.pending = _Pending.NONE
        return self.current

    def _finish_project(self) -> None:
        # A draft with no name, no goal and no indicator table was a stray unit line or label, not a form.
        draft = self.current
        if draft is not None and (draft.cell_name or draft.heading_name or draft.goal or draft.columns is not None):
            self.projects.append(draft.build())
        self.current = None

    def _note_money_unit(self, text: str) -> None:
        scale = money_unit_scale(text)
        if scale is not None:
            self.scale = scale

    def _cell_location(self, grid: Grid, cell: Cell, column: int | None = None) -> Location:
        return Location(file=self.source, table=grid.table, row=cell.row, column=column or cell.column,
                        sheet=grid.sheet, line=cell.line)

    def add_projects(self, projects: Sequence[Project]) -> None:
        self._finish_project()
        self.in_department = False
        self.projects.extend(projects)
        if any(project.indicators or project.template_rows for project in projects):
            self.saw_indicator_table = True

    def document(self) -> Document:
        self._finish_project()
        if not self.saw_indicator_table:
            raise InputError(NO_INDICATOR_TABLE, file=self.source)
        if self.projects and not any(p.indicators or p.template_rows for p in self.projects):
            raise InputError(EMPTY_INDICATOR_TABLE, file=self.source)
        projects = _named_after_sheets(self.projects)
        unit = self.unit or next((project.unit for project in projects if project.unit), None)
        return Document(
            source=self.source,
            unit=unit,
            year=find_year(self.department_paragraphs) or find_year(self.paragraphs),
            department=self._department(),
            projects=projects,
        )


    def _department(self) -> DepartmentPart | None:
        department = build_department(self.department_paragraphs, self.source)
        indicators = self.department_draft.indicators if self.department_draft is not None else []
        if not indicators:
            return department
        return (department or DepartmentPart()).model_copy(update={"indicators": indicators})


def _named_after_sheets(projects: list[Project]) -> list[Project]:
    """A workbook with one form per sheet may name the project only in the sheet's tab."""
    per_sheet: dict[str, int] = {}
    for project in projects:
        if project.location.sheet is not None:
            per_sheet[project.location.sheet] = per_sheet.get(project.location.sheet, 0) + 1
    named: list[Project] = []
    for project in projects:
        sheet = project.location.sheet
        name = clean_project_name(sheet) if sheet is not None and per_sheet.get(sheet) == 1 else ""
        if not project.name and name and not _GENERIC_SHEET.match(name) and not _DEPARTMENT_HEADING.match(name):
            project = project.model_copy(update={"name": name})
        named.append(project)
    return named


def _cell_in_column(row: list[Cell], column: int) -> str | None:
    return next((cell.text for cell in row if cell.column == column), None)


def _column_of(columns: dict[int, Column], wanted: Column, fallback: Cell) -> int:
    return next((number for number, column in columns.items() if column is wanted), fallback.column)


def _joined_value(fields: dict[Column, str]) -> str:
    """指标值 as written; forms that split it into 指标性质 / 指标值 / 度量单位 get the parts joined.

    The same rule as flat exports: "大于等于" becomes "≥", and 定性 / 定量 add nothing to the value.
    """
    return join_value(fields.get(Column.OPERATOR, ""), fields.get(Column.VALUE, ""),
                      fields.get(Column.MEASURE_UNIT, ""))


def _spending_plan(months: list[Cell], following: list[Cell] | None) -> SpendingPlan | None:
    if following is None:
        return None
    if len(following) == len(months):
        raw = [one_line(cell.text) for cell in following]
    else:
        raw = [one_line(_cell_in_column(following, cell.column) or "") for cell in months]
    return SpendingPlan(raw=raw, percents=[parse_percent(text) for text in raw])


def build_document(raw: RawDocument) -> Document:
    """The typed Document of a reader's output; InputError when it holds no indicator table."""
    layout = _Layout(raw.source)
    for block in raw.blocks:
        if isinstance(block, Grid):
            if layout_flat.is_flat(block):
                layout.add_projects(layout_flat.build_projects(block, raw.source))
            else:
                layout.grid(block)
        else:
            layout.paragraph(block)
    return layout.document()
