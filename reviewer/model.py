"""The typed model every stage after the readers works on: Document -> Project -> Indicator.

Readers and the layout step build it; rules, the LLM stage and renderers only read it. Strings are
parsed once, here or in `values`, never again downstream.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from reviewer.values import ParsedValue


class Location(BaseModel):
    """Where a cell or paragraph sits in the source file (all numbers 1-based)."""

    file: str
    table: int | None = None
    row: int | None = None
    column: int | None = None
    sheet: str | None = None
    line: int | None = None

    def describe(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.table is not None:
            parts.append(f"表{self.table}")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column is not None:
            parts.append(f"第{self.column}列")
        if self.line is not None and not parts:
            parts.append(f"第{self.line}行(文本)")
        return "".join(parts)


class Level1(StrEnum):
    """一级指标 category. 效益 and 效果 are the same category; 成本 may be its own 一级 (财预〔2021〕101号)."""

    OUTPUT = "产出"
    EFFECT = "效益"
    SATISFACTION = "满意度"
    COST = "成本"
    OTHER = "其他"


class Level2(StrEnum):
    """二级指标 category."""

    QUANTITY = "数量"
    QUALITY = "质量"
    TIMELINESS = "时效"
    COST = "成本"
    ECONOMIC = "经济效益"
    SOCIAL = "社会效益"
    ECOLOGICAL = "生态效益"
    SUSTAINABLE = "可持续影响"
    SATISFACTION = "满意度"
    ECONOMIC_COST = "经济成本"
    SOCIAL_COST = "社会成本"
    ECOLOGICAL_COST = "生态环境成本"
    OTHER = "其他"


_LEVEL1_PATTERNS: list[tuple[str, Level1]] = [
    ("满意", Level1.SATISFACTION),
    ("产出", Level1.OUTPUT),
    ("效益", Level1.EFFECT),
    ("效果", Level1.EFFECT),
    ("成本", Level1.COST),
]

# Order matters: the cost sub-kinds before the effect sub-kinds ("经济成本" vs "经济效益").
_LEVEL2_PATTERNS: list[tuple[str, Level2]] = [
    ("满意", Level2.SATISFACTION),
    ("经济成本", Level2.ECONOMIC_COST),
    ("社会成本", Level2.SOCIAL_COST),
    ("生态环境成本", Level2.ECOLOGICAL_COST),
    ("环境成本", Level2.ECOLOGICAL_COST),
    ("生态成本", Level2.ECOLOGICAL_COST),
    ("数量", Level2.QUANTITY),
    ("质量", Level2.QUALITY),
    ("时效", Level2.TIMELINESS),
    ("进度", Level2.TIMELINESS),
    ("成本", Level2.COST),
    ("经济", Level2.ECONOMIC),
    ("社会", Level2.SOCIAL),
    ("生态", Level2.ECOLOGICAL),
    ("环境", Level2.ECOLOGICAL),
    ("可持续", Level2.SUSTAINABLE),
]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def classify_level1(text: str) -> Level1:
    squashed = _squash(text)
    for needle, category in _LEVEL1_PATTERNS:
        if needle in squashed:
            return category
    return Level1.OTHER


def classify_level2(text: str) -> Level2:
    squashed = _squash(text)
    for needle, category in _LEVEL2_PATTERNS:
        if needle in squashed:
            return category
    return Level2.OTHER


class Indicator(BaseModel):
    """One indicator row of a project's table (一级/二级/三级指标, 描述, 指标值, 确定依据)."""

    row: int = Field(description="1-based within the project, counting only rows that name an indicator or carry a value")
    level1: str = ""
    level2: str = ""
    name: str = Field("", description="三级指标")
    description: str = Field("", description="绩效指标描述 or a synonym")
    value: str = Field("", description="指标值 as written (op, number and unit joined when the source splits them)")
    parsed: ParsedValue
    basis: str | None = Field(None, description="指标值确定依据; None when the table has no such column")
    polarity: Literal["positive", "negative", "qualitative"] | None = Field(
        None,
        description=(
            "指标性质/指标方向 as the table states it: 正向 (more is better), 反向 (less is better), 定性 "
            "(qualitative); None when the table has no such column or the cell says nothing of direction"
        ),
    )
    location: Location

    @computed_field  # type: ignore[prop-decorator]
    @property
    def category1(self) -> Level1:
        return classify_level1(self.level1)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def category2(self) -> Level2:
        return classify_level2(self.level2)


class TemplateRow(BaseModel):
    """A row of the form's skeleton left empty (a 二级 name and nothing else): structure, not an indicator."""

    level1: str = ""
    level2: str = ""
    location: Location


class SpendingPlan(BaseModel):
    """资金支出计划: cumulative share of the budget spent by the end of 3/6/10/12月."""

    raw: list[str] = Field(description="the four cells as written, in order 3/6/10/12月底")
    percents: list[float | None] = Field(description="each cell as a percentage (0-100), None when empty or unreadable")


class Project(BaseModel):
    """One 项目支出绩效目标表."""

    name: str
    code: str | None = None
    unit: str | None = Field(None, description="单位名称 stated on the form")
    budget: float | None = Field(None, description="预算数 in 万元")
    fiscal: float | None = Field(None, description="财政资金 in 万元")
    other: float | None = Field(None, description="其他资金 in 万元")
    amounts_stated: bool = Field(False, description="the form has 预算数/财政资金/其他资金 cells at all")
    purpose: str | None = Field(None, description="资金用途")
    spending_plan: SpendingPlan | None = None
    goal: str = Field("", description="绩效目标 as written")
    goal_items: list[str] = Field(default_factory=list, description="绩效目标 split into its numbered items")
    indicators: list[Indicator] = Field(default_factory=list)
    template_rows: list[TemplateRow] = Field(default_factory=list)
    has_basis_column: bool = True
    location: Location


class DepartmentItem(BaseModel):
    """One 分项绩效目标 item of the department-level part."""

    number: str = Field("", description="the numbering as written, e.g. （四）")
    title: str = ""
    duty: str | None = Field(None, description="职责描述")
    goal: str | None = Field(None, description="绩效目标")
    indicators: str | None = Field(None, description="绩效指标")
    location: Location


class DepartmentPart(BaseModel):
    """部门整体绩效目标: 总体绩效目标, 分项绩效目标, 工作保障措施."""

    overall: str = ""
    overall_items: list[str] = Field(default_factory=list)
    items: list[DepartmentItem] = Field(default_factory=list)
    indicators: list[Indicator] = Field(
        default_factory=list, description="部门整体绩效指标: the department-level indicator table, when the draft has one"
    )
    safeguards: str = ""
    location: Location | None = None


class Document(BaseModel):
    """A department's draft: the department-level part and one form per budget project."""

    source: str
    unit: str | None = None
    year: int | None = None
    department: DepartmentPart | None = None
    projects: list[Project] = Field(default_factory=list)
