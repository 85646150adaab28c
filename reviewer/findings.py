"""Findings: what a rule or the LLM reports about a document, in the vocabulary of shared/eval/KINDS.md."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from reviewer.model import Location


class Kind(StrEnum):
    """Problem kinds (shared/eval/KINDS.md). The kind is the contract; rule codes are our own business."""

    # row level
    VALUE_MISSING = "value_missing"
    NOT_QUANTIFIED = "not_quantified"
    UNIT_MISMATCH = "unit_mismatch"
    WRONG_DIRECTION = "wrong_direction"
    DEGENERATE_TARGET = "degenerate_target"
    SATISFACTION_100 = "satisfaction_100"
    UNREALISTIC_TARGET = "unrealistic_target"
    MISCLASSIFIED = "misclassified"
    COST_BUDGET_CONFLICT = "cost_budget_conflict"
    INPUT_AS_OUTPUT = "input_as_output"
    IRRELEVANT = "irrelevant"
    GENERIC_NAME = "generic_name"
    COPIED_DESCRIPTION = "copied_description"
    BASIS_INVALID = "basis_invalid"
    DUPLICATE = "duplicate"
    PLACEHOLDER = "placeholder"
    # project level
    MISSING_CATEGORY = "missing_category"
    GOAL_NOT_SMART = "goal_not_smart"
    PLAN_INVALID = "plan_invalid"
    BUDGET_INCONSISTENT = "budget_inconsistent"
    PERSONAL_INFO = "personal_info"


KIND_LABELS: dict[Kind, str] = {
    Kind.VALUE_MISSING: "指标值缺失",
    Kind.NOT_QUANTIFIED: "指标值未量化",
    Kind.UNIT_MISMATCH: "计量单位/口径不符",
    Kind.WRONG_DIRECTION: "指标方向错误",
    Kind.DEGENERATE_TARGET: "目标值无意义",
    Kind.SATISFACTION_100: "满意度设为100%",
    Kind.UNREALISTIC_TARGET: "目标值偏离常理",
    Kind.MISCLASSIFIED: "指标归类错误",
    Kind.COST_BUDGET_CONFLICT: "成本与预算不符",
    Kind.INPUT_AS_OUTPUT: "以投入代替产出",
    Kind.IRRELEVANT: "与项目无关",
    Kind.GENERIC_NAME: "指标名称空泛",
    Kind.COPIED_DESCRIPTION: "描述照抄名称",
    Kind.BASIS_INVALID: "确定依据无效",
    Kind.DUPLICATE: "指标重复",
    Kind.PLACEHOLDER: "模板占位未填",
    Kind.MISSING_CATEGORY: "缺少指标类别",
    Kind.GOAL_NOT_SMART: "绩效目标不具体",
    Kind.PLAN_INVALID: "支出计划异常",
    Kind.BUDGET_INCONSISTENT: "预算数据不一致",
    Kind.PERSONAL_INFO: "含个人信息",
}


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Finding(BaseModel):
    """One problem, located to the project and row. JSON keys are read by shared/eval/score.py."""

    rule: str = Field(description="rule code (e.g. VAL003); for the LLM stage the judgment's code (e.g. LLM001)")
    kind: Kind
    severity: Severity
    source: Literal["rule", "llm"] = "rule"
    project: str | None = Field(None, description="project name; None for the department-level part")
    row: int | None = Field(None, description="Indicator.row; None for project- and document-level findings")
    message: str
    suggestion: str | None = None
    location: Location | None = None
    confidence: float | None = Field(None, description="LLM findings only: the model's confidence 0-1")
