"""What the cells of a project form say: field labels, indicator-table headers, project headings,
amounts and percentages. Pure functions of cell text, used by reviewer.layout.

Labels are matched on the text without whitespace ("其中：财政    资金" → "其中：财政资金"); the shared
synonym table (reviewer.layout_headers) adds the spellings other templates use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reviewer.layout_headers import PLAN_MONTHS, Column, match_header
from reviewer.readers.grid import Cell


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def one_line(text: str) -> str:
    """A cell that holds one value: line breaks inside it are layout, not content."""
    return re.sub(r"[ \t]*\n\s*", " ", text).strip()


# --- form labels -------------------------------------------------------------------------------------
# A label may carry a unit in brackets ("预算数（万元）") and a colon.
_UNIT_SUFFIX = r"(?:[（(](?:万元|元|%|累计%|百分比)[）)])?"
_LABELS: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"^(?:{pattern}){_UNIT_SUFFIX}[:：]?$")
    for name, pattern in {
        "name": r"项目名称",
        "code": r"项目编码|项目代码|项目编号",
        "unit": r"单位名称|预算单位|(?:项目)?申报单位(?:名称)?|(?:项目)?实施单位(?:名称)?|填报单位",
        "budget": r"(?:年度|项目)?(?:预算数|预算金额|预算资金|预算总额|资金总额|资金总量|总额|总金额|预算安排)",
        "fiscal": r"(?:其中[:：]?)?(?:财政资金|财政拨款|财政性资金|一般公共预算(?:资金)?)",
        "other": r"(?:其中[:：]?)?其他资金",
        "purpose": r"(?:预算规模及|项目)?资金(?:使用)?用途|项目资金用途|资金用途及预算规模",
        "plan": r"(?:资金|预算)?支出计划(?:\(累计%?\)|（累计%?）)?|资金支出进度",
        "goal": r"(?:项目|年度|年度总体|总体|项目总体|项目年度)?(?:绩效)?目标|绩效目标[（(].*[）)]",
        # The other column of "总体目标 | 中长期目标 | 年度目标": the annual one is what the year is judged on.
        # 中期目标 (专项债券 / multi-year projects) and 项目期目标 (中央部门申报表) are the same column.
        "long_term_goal": r"中长期(?:绩效)?目标|长期目标|(?:实施期|中期|项目期)(?:绩效)?目标",
    }.items()
}
AMOUNT_FIELDS = ("budget", "fiscal", "other")
_MONTH = re.compile(r"^(?:\d{1,2}月(?:底|末|份)?|第?[一二三四1-4]季度(?:末|底)?)$")
_MONEY_UNIT = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)")
# "103001中共…本级": a unit code, then the unit's name (no quantity: "100000元用于…" is not one).
_UNIT_LINE = re.compile(r"^\d{6,9}\s*(?![元万亿千百个人次户份件张台套天年月日])(?=[\u4e00-\u9fff])(?!.*\d)")
_NUMBER = re.compile(r"^[-+]?\d[\d,，]*(?:\.\d+)?")
_PERCENT = re.compile(r"^([-+]?\d+(?:\.\d+)?)\s*(?:%|％|百分比)?$")
_NO_CODE = re.compile(r"^[-—─_/\\无]*$")


# The shared synonym table knows more spellings ("项目金额", "其它资金", "主要用途" …).
_FORM_COLUMNS = {
    Column.PROJECT_NAME: "name", Column.PROJECT_CODE: "code", Column.UNIT: "unit", Column.BUDGET: "budget",
    Column.FISCAL: "fiscal", Column.OTHER: "other", Column.PURPOSE: "purpose", Column.PLAN: "plan",
    Column.GOAL: "goal",
}
_INLINE_LABEL = re.compile(r"^([^:：\n]{2,12})[:：]\s*(\S.*)$", re.DOTALL)


def is_month(text: str) -> bool:
    """A 资金支出计划 column header: 3月底, 6月末, 第一季度 …"""
    return bool(_MONTH.match(squash(text))) or match_header(text) in PLAN_MONTHS


def label_of(text: str) -> str | None:
    """The form field a label cell names ("name", "budget", "plan" …), or None."""
    squashed = squash(text)
    for name, pattern in _LABELS.items():
        if pattern.match(squashed):
            return name
    column = match_header(text)
    return _FORM_COLUMNS.get(column) if column is not None else None


def inline_label(text: str) -> tuple[str, str] | None:
    """A label and its value written in one cell: "项目名称：社区矫正专项"."""
    match = _INLINE_LABEL.match(text.strip())
    if match is None:
        return None
    label = label_of(match.group(1))
    return (label, match.group(2).strip()) if label is not None else None


# --- indicator header --------------------------------------------------------------------------------
_TABLE_COLUMNS = frozenset({
    Column.LEVEL1, Column.LEVEL2, Column.NAME, Column.DESCRIPTION, Column.VALUE, Column.OPERATOR,
    Column.MEASURE_UNIT, Column.BASIS, Column.POLARITY,
})
# Headers the synonym table (layout_headers) does not list verbatim, by the words they contain.
# Order matters: "指标值确定依据" is a basis, "指标值/描述" a value, "绩效指标描述" a description.
_HEADER_WORDS: list[tuple[re.Pattern[str], Column]] = [
    (re.compile(r"依据"), Column.BASIS),
    (re.compile(r"指标值|目标值"), Column.VALUE),
    (re.compile(r"描述|解释|说明"), Column.DESCRIPTION),
    (re.compile(r"三级"), Column.NAME),
    (re.compile(r"二级"), Column.LEVEL2),
    (re.compile(r"一级"), Column.LEVEL1),
]


def _word_column(text: str) -> Column | None:
    squashed = squash(text)
    return next((column for pattern, column in _HEADER_WORDS if squashed and pattern.search(squashed)), None)


def _synonym_column(text: str) -> Column | None:
    column = match_header(text)
    return column if column in _TABLE_COLUMNS else None


def header_columns(cells: Sequence[Cell]) -> dict[int, Column] | None:
    """Column number → meaning, when the row is the indicator table's header.

    Explicit words win over synonyms: in "绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值" the names
    are under 三级指标, and "绩效指标" is only the merged cell at the left of the table.
    """
    columns: dict[int, Column] = {}
    for classify in (_word_column, _synonym_column):
        for cell in cells:
            column = classify(cell.text)
            if cell.column not in columns and column is not None and column not in columns.values():
                columns[cell.column] = column
    wanted = {Column.LEVEL1, Column.LEVEL2, Column.NAME}
    return columns if wanted <= set(columns.values()) else None


# --- project headings --------------------------------------------------------------------------------
_HEADING_SUFFIX = re.compile(
    r"(?:预算项目|项目支出|预算)?绩效(?:目标)?(?:申报)?表\s*(?:[（(][^（）()]*[）)])?\s*$"
)
_LEADING_NUMBER = re.compile(
    r"^\s*(?:附件\s*\d*\s*[:：]?\s*)?(?:\d{1,3}(?:[.．]\d{1,3})*[.．、](?!\d)|[（(]\d{1,3}[）)]|"
    r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])\s*"
)
_HEADING_MAX = 80


def project_heading(text: str) -> str | None:
    """The project name a heading paragraph announces ("" for a bare "项目支出绩效目标表"), else None."""
    line = one_line(text)
    if len(line) > _HEADING_MAX or not _HEADING_SUFFIX.search(line):
        return None
    return clean_project_name(line)


def clean_project_name(text: str) -> str:
    name = one_line(text)
    name = re.sub(r"^项目名称\s*[:：]\s*", "", name)
    previous = None
    while previous != name:
        previous = name
        name = _LEADING_NUMBER.sub("", name)
    name = _HEADING_SUFFIX.sub("", name)
    return re.sub(r"\s{2,}", " ", name).strip(" ：:")


# --- values ------------------------------------------------------------------------------------------
def parse_amount(text: str, scale: float) -> float | None:
    """An amount cell in 万元; `scale` converts the unit the form uses (元 → 0.0001)."""
    squashed = squash(text)
    match = _NUMBER.match(squashed)
    if match is None:
        return None
    number = float(match.group(0).replace(",", "").replace("，", ""))
    rest = squashed[match.end():]
    if rest.startswith("万"):
        scale = 1.0
    elif rest.startswith("元"):
        scale = 0.0001
    return round(number * scale, 6)


def parse_percent(text: str) -> float | None:
    match = _PERCENT.match(squash(text))
    return float(match.group(1)) if match else None


def label_scale(text: str) -> float | None:
    squashed = squash(text)
    if re.search(r"[（(]万元[）)]", squashed):
        return 1.0
    if re.search(r"[（(]元[）)]", squashed):
        return 0.0001
    return None


def money_unit_scale(text: str) -> float | None:
    """1.0 for "单位：万元", 0.0001 for "金额单位：元" (amounts become 万元), else None."""
    match = _MONEY_UNIT.search(squash(text))
    if match is None:
        return None
    return 1.0 if match.group(1) == "万元" else 0.0001


def unit_name(text: str) -> str | None:
    """The unit's name from a unit line ("103001中共…本级" → "中共…本级"), else None."""
    text = text.strip()
    return _UNIT_LINE.sub("", one_line(text)).strip() if _UNIT_LINE.match(text) else None


def is_no_code(text: str) -> bool:
    """"————", "/", "无": the form states there is no project code."""
    return bool(_NO_CODE.match(squash(text)))
