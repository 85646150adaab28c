"""Response models of the three calls, with validators that need the project (instructor's context).

Validation runs twice in two modes (JudgeContext.strict):
* strict, inside instructor's retry loop: any problem raises, and the message (in Chinese, naming the
  row and the reason) goes back to the model for another try;
* lenient, on the answer finally kept (the accepted one, or the last one once retries are spent):
  what is unusable is dropped and recorded (notes, rejected rewrites) instead of failing the project.
Structural errors (not JSON, missing fields, wrong types) fail in both modes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator
from pydantic.json_schema import GenerateJsonSchema

from reviewer.findings import Kind
from reviewer.llm.verify import Verifier, draft_problems, missing_level1
from reviewer.model import DepartmentPart, Indicator, classify_level1
from reviewer.values import parse_value

# The kinds the model may add: judgments that need understanding, not arithmetic on the table.
LLM_KINDS: tuple[Kind, ...] = (
    Kind.IRRELEVANT,
    Kind.GENERIC_NAME,
    Kind.NOT_QUANTIFIED,
    Kind.UNIT_MISMATCH,
    Kind.MISCLASSIFIED,
    Kind.UNREALISTIC_TARGET,
    Kind.INPUT_AS_OUTPUT,
)
LLMKind = Literal[
    "irrelevant", "generic_name", "not_quantified", "unit_mismatch", "misclassified", "unrealistic_target",
    "input_as_output",
]
ComparisonSymbol = Literal["≥", "≤", ">", "<", "="]

REJECTED_PREFIX = "建议改写未通过校验: "


@dataclass
class JudgeContext:
    """What the validators need: the real (unredacted) project and the rules, plus what they record."""

    restore: Callable[[str], str]
    verifier: Verifier | None = None
    department: DepartmentPart | None = None
    strict: bool = True
    notes: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)  # "row:3" / "add:0" / "goal" -> reason

    def reset(self) -> None:
        self.notes.clear()
        self.rejected.clear()

    def as_validation_context(self) -> dict[str, Any]:
        return {"judge": self}


def _judge(info: ValidationInfo) -> JudgeContext | None:
    context = info.context
    if isinstance(context, dict):
        judge = context.get("judge")
        if isinstance(judge, JudgeContext):
            return judge
    return None


class _NoFieldTitles(GenerateJsonSchema):
    """Field titles ("title": "Measurable Reason") only repeat the key; every schema token is paid per call."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


class ResponseModel(BaseModel):
    """Base of the response models: their JSON schema (sent with every call) carries no field titles."""

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:  # type: ignore[override]
        kwargs.setdefault("schema_generator", _NoFieldTitles)
        return super().model_json_schema(*args, **kwargs)


class Check(ResponseModel):
    ok: bool = Field(description="是否满足")
    reason: str = Field(description="理由，20字以内")


class IndicatorDraft(ResponseModel):
    """一条改写后(或建议新增)的绩效指标。"""

    level1: str = Field(description="一级指标：产出指标/效益指标/满意度指标/成本指标")
    level2: str = Field(description="二级指标，如 数量指标、质量指标、时效指标、社会效益指标、服务对象满意度指标")
    name: str = Field(description="三级指标名称，具体、可衡量")
    description: str = Field(description="指标含义或计算口径")
    comparison: ComparisonSymbol = Field(description="比较符号")
    number: float = Field(description="目标数值")
    unit: str = Field(description="计量单位，如 %、次、人、万元、天")
    basis: str = Field(description="指标值确定依据，如 年度工作计划、历史数据、行业标准")

    def value_text(self) -> str:
        return draft_problems(self.level1, self.level2, self.name, self.comparison, self.number, self.unit)[0]

    def to_indicator(self, row: int, template: Indicator | None, restore: Callable[[str], str], location: Any,
                     has_basis: bool) -> Indicator:
        value = restore(self.value_text())
        return Indicator(
            row=row,
            level1=restore(self.level1),
            level2=restore(self.level2),
            name=restore(self.name),
            description=restore(self.description),
            value=value,
            parsed=parse_value(value),
            basis=restore(self.basis) if has_basis else None,
            location=template.location if template is not None else location,
        )


class RowJudgment(ResponseModel):
    row: int = Field(description="行号，即【行n】中的 n")
    measurable: bool = Field(description="能否据此考核完成情况(可衡量)")
    measurable_reason: str = Field(description="理由，20字以内")
    relevant: Literal["yes", "partly", "no"] = Field(description="是否衡量本项目的产出或效果")
    relevant_reason: str = Field(description="理由，20字以内")
    kinds: list[LLMKind] = Field(default_factory=list, description="发现的问题类型，没有问题则为空")
    confidence: float = Field(ge=0, le=1, description="对本行判断的把握，0-1")
    rewrite: IndicatorDraft | None = Field(None, description="有问题的行给出改写，没有问题为 null")

    @field_validator("kinds", mode="before")
    @classmethod
    def _known_kinds(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, list):
            return value
        allowed = {k.value for k in LLM_KINDS}
        unknown = [v for v in value if v not in allowed]
        if not unknown:
            return value
        judge = _judge(info)
        if judge is not None and not judge.strict:
            judge.notes.append(f"模型给出了不在允许范围内的问题类型 {', '.join(map(str, unknown))}，已忽略")
            return [v for v in value if v in allowed]
        raise ValueError(f"kinds 只能取 {', '.join(sorted(allowed))}；{', '.join(map(str, unknown))} 不在其中")

    def has_problem(self) -> bool:
        return bool(self.kinds) or not self.measurable or self.relevant == "no"


class GoalJudgment(ResponseModel):
    specific: Check = Field(description="具体：指向明确，说明做什么、为谁做")
    measurable: Check = Field(description="可衡量：有数量、质量或标准")
    achievable: Check = Field(description="可实现：与预算和职责相称")
    relevant: Check = Field(description="相关：与项目资金用途相应匹配")
    time_bound: Check = Field(description="有时限：写明完成时间")
    confidence: float = Field(ge=0, le=1, description="对以上判断的把握，0-1")
    rewritten: str = Field(description="按 SMART 原则改写后的绩效目标，含数量、标准和时限")

    def not_smart(self) -> bool:
        """No quantity or standard and no deadline an evaluator could check (KINDS.md goal_not_smart)."""
        return not self.measurable.ok and not self.time_bound.ok


def _quantified_text(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and parse_value(text).number is not None


class ProjectJudgment(ResponseModel):
    """对一个项目支出绩效目标表的审核结果。"""

    rows: list[RowJudgment] = Field(description="每个指标行一条判断，行号与【行n】一致")
    goal: GoalJudgment = Field(description="对项目绩效目标的 SMART 评估")
    additions: list[IndicatorDraft] = Field(
        default_factory=list, description="仅当缺少产出、效益或满意度类指标时建议新增的指标"
    )

    @model_validator(mode="after")
    def _verify(self, info: ValidationInfo) -> ProjectJudgment:
        judge = _judge(info)
        if judge is None or judge.verifier is None:
            return self
        verifier = judge.verifier
        project = verifier.project
        known = {i.row: i for i in project.indicators}
        problems: list[str] = []

        kept: list[RowJudgment] = []
        for judgment in self.rows:
            if judgment.row not in known:
                problems.append(f"第{judgment.row}行不存在(本项目只有行号 {_row_list(known)})")
                judge.notes.append(f"模型返回了不存在的第{judgment.row}行，已丢弃")
            elif any(k.row == judgment.row for k in kept):
                problems.append(f"第{judgment.row}行判断重复")
                judge.notes.append(f"模型对第{judgment.row}行给出了重复判断，仅保留第一条")
            else:
                kept.append(judgment)
        missing = sorted(set(known) - {k.row for k in kept})
        if missing:
            problems.append(f"缺少第{'、'.join(map(str, missing))}行的判断")
            judge.notes.append(f"模型未判断第{'、'.join(map(str, missing))}行")

        for judgment in kept:
            flagged = judgment.has_problem() or any(f.severity == "error" for f in verifier.findings_on(judgment.row))
            if judgment.rewrite is None:
                if flagged:
                    problems.append(f"第{judgment.row}行有问题，但没有给出改写(rewrite)")
                continue
            reasons = self._draft_reasons(judgment.rewrite, judgment.row, known[judgment.row], judge)
            if reasons:
                problems.append(f"第{judgment.row}行的改写未通过校验: {'；'.join(reasons)}")
                judge.rejected[f"row:{judgment.row}"] = "；".join(reasons)

        absent = missing_level1(project)
        next_row = max(known, default=0) + 1
        for index, draft in enumerate(self.additions):
            category = classify_level1(draft.level1)
            if category not in absent:
                reason = f"项目已有{category.value}类指标，无需新增"
            else:
                reason = "；".join(self._draft_reasons(draft, next_row, None, judge))
            if reason:
                problems.append(f"新增指标{index + 1}“{draft.name}”未通过校验: {reason}")
                judge.rejected[f"add:{index}"] = reason

        goal = judge.restore(self.goal.rewritten)
        goal_reasons = [] if _quantified_text(goal) else ["改写后的绩效目标没有可考核的数量或时限"]
        goal_reasons += verifier.check_goal(goal) if not goal_reasons else []
        if goal_reasons:
            problems.append(f"改写后的绩效目标未通过校验: {'；'.join(goal_reasons)}")
            judge.rejected["goal"] = "；".join(goal_reasons)

        if judge.strict and problems:
            raise ValueError("\n".join(problems))
        self.rows = kept
        return self

    @staticmethod
    def _draft_reasons(draft: IndicatorDraft, row: int, original: Indicator | None, judge: JudgeContext) -> list[str]:
        verifier = judge.verifier
        assert verifier is not None  # checked by the caller
        _, reasons = draft_problems(draft.level1, draft.level2, draft.name, draft.comparison, draft.number, draft.unit)
        if reasons:
            return reasons
        indicator = draft.to_indicator(
            row, original, judge.restore, verifier.project.location, verifier.project.has_basis_column
        )
        return verifier.check_row(indicator, replace=original is not None)


def _row_list(known: dict[int, Indicator]) -> str:
    rows = sorted(known)
    if rows and rows == list(range(rows[0], rows[-1] + 1)):
        return f"{rows[0]}-{rows[-1]}"
    return "、".join(map(str, rows))


class ItemJudgment(ResponseModel):
    item: int = Field(description="分项序号，即【分项n】中的 n")
    measurable: bool = Field(description="绩效目标和绩效指标是否具体、可考核")
    reason: str = Field(description="理由，30字以内")
    confidence: float = Field(ge=0, le=1, description="把握，0-1")
    rewritten_goal: str = Field(description="改写后的分项绩效目标，含数量、标准或时限")
    rewritten_indicators: list[str] = Field(description="改写后的绩效指标，每条含指标名称、符号、数值和单位")


class DepartmentJudgment(ResponseModel):
    """对部门整体绩效目标(总体与分项)的审核结果。"""

    overall: GoalJudgment = Field(description="对总体绩效目标的 SMART 评估")
    items: list[ItemJudgment] = Field(description="每个分项绩效目标一条，序号与【分项n】一致")

    @model_validator(mode="after")
    def _verify(self, info: ValidationInfo) -> DepartmentJudgment:
        judge = _judge(info)
        if judge is None or judge.department is None:
            return self
        count = len(judge.department.items)
        problems: list[str] = []
        kept: list[ItemJudgment] = []
        for item in self.items:
            if not 1 <= item.item <= count or any(k.item == item.item for k in kept):
                problems.append(f"分项{item.item}不存在或重复(共 {count} 个分项)")
                judge.notes.append(f"模型返回了不存在或重复的分项{item.item}，已丢弃")
                continue
            kept.append(item)
            vague = [s for s in item.rewritten_indicators if not _quantified_text(judge.restore(s))]
            if vague or not item.rewritten_indicators:
                reason = "改写后的绩效指标没有数值: " + "；".join(vague) if vague else "没有给出改写后的绩效指标"
                problems.append(f"分项{item.item}{reason}")
                judge.rejected[f"item:{item.item}"] = reason
        if judge.department.overall.strip() and not _quantified_text(judge.restore(self.overall.rewritten)):
            problems.append("改写后的总体绩效目标没有可考核的数量或时限")
            judge.rejected["goal"] = "改写后的总体绩效目标没有可考核的数量或时限"
        if judge.strict and problems:
            raise ValueError("\n".join(problems))
        self.items = kept
        return self


def echoed_fields(model: BaseModel) -> list[str]:
    """String fields (or list items) whose text is the field's own name or description."""
    echoed = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        texts = value if isinstance(value, list) else [value]
        marks = {name, info.description or ""} - {""}
        if any(isinstance(t, str) and t.strip() in marks for t in texts):
            echoed.append(name)
    return echoed


class ReviewOpinion(ResponseModel):
    """根据结构化审核结果起草的审核意见。"""

    summary: str = Field(description="总体审核意见，200字以内")
    required_changes: list[str] = Field(description="需补充完善事项，每条一句，按重要性排序，至多8条")

    @model_validator(mode="after")
    def _bounded(self, info: ValidationInfo) -> ReviewOpinion:
        echoed = echoed_fields(self)
        if echoed:
            # A weak model copies the schema's instructions instead of writing: that is no opinion at all.
            raise ValueError(f"{', '.join(echoed)} 照抄了字段说明或名称，请根据审核结果写出实际内容")
        problems = []
        if not self.summary.strip():
            problems.append("summary 不能为空")
        if len(self.summary) > 400:
            problems.append(f"summary 过长({len(self.summary)}字)，请控制在200字以内")
        if len(self.required_changes) > 12:
            problems.append("required_changes 至多8条")
        judge = _judge(info)
        if problems and (judge is None or judge.strict):
            raise ValueError("；".join(problems))
        if judge is not None and problems:
            judge.notes.extend(problems)
        return self
