"""Flat exports: one table, one header row, one row per indicator, project columns beside the indicator columns.

Budget systems export the 项目支出绩效目标表 of many projects as a single listing. Project columns are
either repeated on every row or filled only on a project's first row (then carried forward); a new
项目名称 or 项目编码 starts the next project. The 指标值 may be split into an operator column, the
number and a unit column; we join them back so Indicator.value reads like the form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reviewer.errors import InputError
from reviewer.layout_headers import PLAN_MONTHS, YUAN_TO_WAN, Column, match_header, money_unit, polarity_of
from reviewer.model import Indicator, Location, Project, SpendingPlan, TemplateRow
from reviewer.numbering import numbered_items
from reviewer.readers.grid import Cell, Grid
from reviewer.values import parse_value

# How far down a sheet the header row may sit (titles, notes such as "单位：万元" come first).
HEADER_SEARCH_ROWS = 10

_PROJECT_KEYS = (Column.PROJECT_NAME, Column.PROJECT_CODE)
_INDICATOR_CELLS = (Column.NAME, Column.DESCRIPTION, Column.VALUE, Column.BASIS)
_AMOUNTS = (Column.BUDGET, Column.FISCAL, Column.OTHER)

# Operator cells as exports write them, mapped to the symbol the form would show. Words such as
# 定性 / 定量 / 正向 / 反向 describe the indicator, not a comparison, and add nothing to the value
# (正向/反向/定性 become Indicator.polarity instead; a rule may use it, the value stays as written).
_OPERATORS: dict[str, str] = {
    "大于等于": "≥",
    "不低于": "≥",
    "不少于": "≥",
    "不小于": "≥",
    "小于等于": "≤",
    "不高于": "≤",
    "不多于": "≤",
    "不大于": "≤",
    "不超过": "≤",
    "大于": ">",
    "高于": ">",
    "小于": "<",
    "低于": "<",
    "等于": "=",
    ">=": "≥",
    "<=": "≤",
}
_OPERATOR_SYMBOLS = "≥≤><=＞＜＝≧≦"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_PLAN_IN_TEXT = re.compile(r"(3|6|10|12)\s*月\s*[底末]?\s*[:：]?\s*(\d+(?:\.\d+)?\s*%?)")
_EMPTY_MARKERS = re.compile(r"^[\s/／—\-－_无]*$")
_TOTAL = re.compile(r"^(合计|总计|小计)$")


@dataclass(frozen=True)
class _Header:
    row_index: int  # index in grid.rows of the last header row
    columns: dict[Column, int]  # column -> Cell.column
    money_scale: dict[Column, float]  # per amount column: factor to 万元


def is_flat(grid: Grid) -> bool:
    """Whether the grid is a flat listing: one header row naming a project column and indicator columns."""
    return _find_header(grid) is not None


def build_projects(grid: Grid, source: str) -> list[Project]:
    """Projects of a flat listing, in row order; InputError when indicator rows precede any project."""
    header = _find_header(grid)
    if header is None:
        raise InputError("表格不是逐行指标清单（未找到同时包含项目名称、三级指标和指标值的表头）", file=source)
    builders: list[_ProjectBuilder] = []
    for cells in grid.rows[header.row_index + 1 :]:
        row = _Row(cells, header.columns)
        if row.is_empty() or row.is_header_again() or row.is_total():
            continue
        current = builders[-1] if builders else None
        if current is None or current.starts_new(row):
            if not row.text(Column.PROJECT_NAME) and not row.text(Column.PROJECT_CODE):
                raise InputError(
                    "指标行之前没有项目名称或项目编码，无法确定所属项目",
                    file=source,
                    row=row.number,
                )
            current = _ProjectBuilder(grid=grid, source=source, header=header, first=row)
            builders.append(current)
        current.add(row)
    return [builder.project() for builder in builders]


def _find_header(grid: Grid) -> _Header | None:
    for index, cells in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        columns = _match_row(cells)
        if not any(key in columns for key in _PROJECT_KEYS):
            continue
        header_cells = {cell.column: cell.text for cell in cells}
        last = index
        # A second header row under merged group headers (资金支出计划 over 3月底…12月底, 指标值
        # over 符号/指标值/计量单位, 绩效指标 over 一级/二级/三级/指标值) refines the columns; it holds
        # nothing but header names.
        if index + 1 < len(grid.rows):
            below = grid.rows[index + 1]
            sub = _match_row(below)
            named = [cell for cell in below if cell.text.strip()]
            if sub and len(sub) == len(named):
                for key, where in sub.items():
                    for replaced in [old for old, at in columns.items() if at == where]:
                        del columns[replaced]  # the group header that sat over this column
                    columns[key] = where
                    header_cells[where] = f"{header_cells.get(where, '')} {_text_at(below, where)}"
                last = index + 1
        if not (Column.NAME in columns and Column.VALUE in columns):
            continue
        if last > index and not _only_headers(cells) and not {Column.NAME, Column.VALUE} <= set(_match_row(cells)):
            continue  # "项目名称 | 甲" above a form's indicator header is a form, not a listing's header
        scale = _money_scale(grid.rows[:index], header_cells, columns)
        return _Header(row_index=last, columns=columns, money_scale=scale)
    return None


# Group headers merged over the indicator columns of a two-row header.
_GROUP_HEADER = re.compile(r"^(?:年度)?(?:绩效)?指标(?:体系|内容)?$")


def _only_headers(cells: list[Cell]) -> bool:
    texts = [cell.text for cell in cells if cell.text.strip()]
    return all(match_header(text) is not None or _GROUP_HEADER.match(re.sub(r"\s+", "", text)) for text in texts)


def _text_at(cells: list[Cell], column: int) -> str:
    return next((cell.text for cell in cells if cell.column == column), "")


def _match_row(cells: list[Cell]) -> dict[Column, int]:
    columns: dict[Column, int] = {}
    for cell in cells:
        column = match_header(cell.text)
        if column is not None and column not in columns:  # the first of two same-named columns wins
            columns[column] = cell.column
    return columns


def _money_scale(
    above: list[list[Cell]], header_cells: dict[int, str], columns: dict[Column, int]
) -> dict[Column, float]:
    """Factor to 万元 for each amount column: its own "(元)" first, else a "单位：元" note above."""
    note_unit = None
    for cells in above:
        for cell in cells:
            if "单位" in cell.text:
                note_unit = money_unit(cell.text) or note_unit
    scale: dict[Column, float] = {}
    for amount in _AMOUNTS:
        if amount in columns:
            unit = money_unit(header_cells.get(columns[amount], "")) or note_unit or "万元"
            scale[amount] = YUAN_TO_WAN if unit == "元" else 1.0
    return scale


class _Row:
    def __init__(self, cells: list[Cell], columns: dict[Column, int]) -> None:
        by_column = {cell.column: cell for cell in cells}
        self.cells = cells
        self.number = cells[0].row if cells else 0
        self._texts = {
            key: _cell_text(key, by_column[where].text) for key, where in columns.items() if where in by_column
        }

    def text(self, column: Column) -> str:
        return self._texts.get(column, "")

    def is_empty(self) -> bool:
        return not any(self._texts.values())

    def is_header_again(self) -> bool:
        # Exports that page the listing repeat the header row.
        return match_header(self.text(Column.NAME)) is Column.NAME

    def is_total(self) -> bool:
        return bool(_TOTAL.match(self.text(Column.PROJECT_NAME))) and not any(
            self.text(column) for column in _INDICATOR_CELLS
        )


def _cell_text(column: Column, text: str) -> str:
    """A cell as the model holds it: the goal keeps its lines, codes lose all spaces, others are one line."""
    if column is Column.GOAL:
        return text.strip()
    if column is Column.PROJECT_CODE:
        return re.sub(r"\s+", "", text)
    # Line breaks inside a one-value cell are layout (a narrow column), not content.
    return re.sub(r"[ \t]*\n\s*", " ", text).strip()


@dataclass
class _ProjectBuilder:
    grid: Grid
    source: str
    header: _Header
    first: _Row
    values: dict[Column, str] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    template_rows: list[TemplateRow] = field(default_factory=list)
    level1: str = ""
    level2: str = ""

    def starts_new(self, row: _Row) -> bool:
        for key in _PROJECT_KEYS:
            text = row.text(key)
            if text and self.values.get(key) and text != self.values[key]:
                return True
        return False

    def add(self, row: _Row) -> None:
        for key in self.header.columns:
            if key in _PROJECT_FIELDS and key not in self.values and row.text(key):
                self.values[key] = row.text(key)
        self._add_indicator(row)

    def _add_indicator(self, row: _Row) -> None:
        # 一级/二级 carry forward down the rows of one project (merged or left blank in the export).
        level1 = row.text(Column.LEVEL1)
        if level1 and level1 != self.level1:
            self.level1 = level1
            self.level2 = ""
        if row.text(Column.LEVEL2):
            self.level2 = row.text(Column.LEVEL2)
        value = join_value(row.text(Column.OPERATOR), row.text(Column.VALUE), row.text(Column.MEASURE_UNIT))
        # Same test as the form layout: a row is an indicator when it names one, describes one or has a value.
        if not (row.text(Column.NAME) or row.text(Column.DESCRIPTION) or value):
            if row.text(Column.LEVEL1) or row.text(Column.LEVEL2):
                self.template_rows.append(
                    TemplateRow(level1=self.level1, level2=self.level2, location=self._location(row, Column.LEVEL2))
                )
            return
        self.indicators.append(
            Indicator(
                row=len(self.indicators) + 1,
                level1=self.level1,
                level2=self.level2,
                name=row.text(Column.NAME),
                description=row.text(Column.DESCRIPTION),
                value=value,
                parsed=parse_value(value),
                basis=row.text(Column.BASIS) if Column.BASIS in self.header.columns else None,
                polarity=polarity_of(row.text(Column.POLARITY), row.text(Column.OPERATOR)),
                location=self._location(row, Column.NAME),
            )
        )

    def _location(self, row: _Row, column: Column) -> Location:
        return Location(
            file=self.source,
            sheet=self.grid.sheet,
            table=self.grid.table,
            row=row.number,
            column=self.header.columns.get(column),
            line=row.cells[0].line if row.cells else None,
        )

    def project(self) -> Project:
        goal = self.values.get(Column.GOAL, "")
        code = self.values.get(Column.PROJECT_CODE)
        return Project(
            name=self.values.get(Column.PROJECT_NAME, ""),
            code=None if code is None or _EMPTY_MARKERS.match(code) else code,
            unit=self.values.get(Column.UNIT),
            budget=self._amount(Column.BUDGET),
            fiscal=self._amount(Column.FISCAL),
            other=self._amount(Column.OTHER),
            amounts_stated=any(amount in self.header.columns for amount in _AMOUNTS),
            purpose=self.values.get(Column.PURPOSE),
            spending_plan=self._spending_plan(),
            goal=goal,
            goal_items=numbered_items(goal) or ([goal] if goal else []),
            indicators=self.indicators,
            template_rows=self.template_rows,
            has_basis_column=Column.BASIS in self.header.columns,
            location=self._location(self.first, Column.PROJECT_NAME),
        )

    def _amount(self, column: Column) -> float | None:
        text = self.values.get(column, "")
        number = parse_amount(text)
        if number is None:
            return None
        # A unit written in the cell ("5万元") beats the column's unit.
        written = re.search(r"(万?元)\s*$", text)
        if written:
            scale = 1.0 if written.group(1) == "万元" else YUAN_TO_WAN
        else:
            scale = self.header.money_scale.get(column, 1.0)
        return round(number * scale, 6)

    def _spending_plan(self) -> SpendingPlan | None:
        if any(month in self.header.columns for month in PLAN_MONTHS):
            raw = [self.values.get(month, "") for month in PLAN_MONTHS]
        elif Column.PLAN in self.header.columns:
            raw = split_plan_text(self.values.get(Column.PLAN, ""))
        else:
            return None
        if not any(raw):
            return None
        return SpendingPlan(raw=raw, percents=plan_percents(raw))


_PROJECT_FIELDS = {
    Column.PROJECT_NAME,
    Column.PROJECT_CODE,
    Column.UNIT,
    Column.BUDGET,
    Column.FISCAL,
    Column.OTHER,
    Column.PURPOSE,
    Column.GOAL,
    Column.PLAN,
    *PLAN_MONTHS,
}


def join_value(operator: str, value: str, unit: str) -> str:
    """指标值 from split columns: ("≥" or "大于等于", "95", "%") -> "≥95%"."""
    value = value.strip()
    if not value:
        return ""
    operator = re.sub(r"\s+", "", operator)
    symbol = _OPERATORS.get(operator, operator if operator and operator in _OPERATOR_SYMBOLS else "")
    # A comparison only reads before a number: "=" beside 是 or 优 is how exports fill the column.
    if symbol and _NUMBER.match(value):
        value = symbol + value
    elif symbol and value.startswith(symbol):
        pass  # the value already carries its comparison ("≥" | "≥90")
    unit = unit.strip()
    if unit and not value.endswith(unit):
        value += unit
    return value


def parse_amount(text: str) -> float | None:
    """An amount cell as a number ("1,200.50" -> 1200.5); None when empty or not a number."""
    cleaned = re.sub(r"[\s,，]|万?元$", "", text)
    if not cleaned or not _NUMBER.fullmatch(cleaned):
        return None
    return float(cleaned)


def split_plan_text(text: str) -> list[str]:
    """A one-column 资金支出计划 ("3月底25%，6月底50%…" or "25%/50%/75%/100%") as the four cells."""
    by_month = {month: share.replace(" ", "") for month, share in _PLAN_IN_TEXT.findall(text)}
    if by_month:
        return [by_month.get(month, "") for month in ("3", "6", "10", "12")]
    parts = [part for part in re.split(r"[,，;；、/\s]+", text.strip()) if part]
    return (parts + ["", "", "", ""])[:4] if len(parts) <= 4 else ["", "", "", ""]


def plan_percents(raw: list[str]) -> list[float | None]:
    """Each plan cell as a percentage; when no cell says "%" and all are fractions, they are shares of 1."""
    numbers: list[float | None] = []
    for cell in raw:
        match = _NUMBER.search(cell.replace("％", "%"))
        numbers.append(float(match.group()) if match else None)
    stated = [number for number in numbers if number is not None]
    if stated and not any("%" in cell or "％" in cell for cell in raw) and 0 < max(stated) <= 1:
        return [None if number is None else round(number * 100, 6) for number in numbers]
    return numbers
