"""UNT: does the value's unit or type measure what the indicator names?"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reviewer.findings import Kind, Severity
from reviewer.model import Indicator, Level2, Project
from reviewer.rules.base import Context, Hit, Rule, Scope
from reviewer.rules.measure_terms import COUNT_UNITS, DURATION_UNITS, TIMELINESS_NAME, base_unit, in_money_cost
from reviewer.rules.target_terms import (
    PER_UNIT,
    RATIO_END,
    Measure,
    core_name,
    count_unit,
    declared_unit,
    describes_count,
    example_target,
    is_satisfaction,
    row_measure,
    squash,
    states_none_happened,
)
from reviewer.values import ParsedValue, ValueKind

# 人/名/位 count the same thing; so do 户/家.
_SAME_UNIT = {"名": "人", "位": "人", "人口": "人", "家": "户", "家庭户": "户", "％": "%"}


# Quantities that are pure numbers by definition: "灌溉水有效利用系数 ≥0.6", "空气质量综合指数 ≤4.5",
# "投入产出比 ≥1.2". Their value has no unit to check.
_DIMENSIONLESS = re.compile(r"(?:系数|指数|比值|倍数|产出比|效益比)$")

# Counted like things but measuring time spent.
_HOURS_OF_STUDY = frozenset({"学时", "课时", "人天"})


def _kind_of_unit(parsed: ParsedValue) -> str | None:
    """What the value's unit measures, in words a message can use."""
    if parsed.unit is None:
        return None
    if parsed.unit == "%":
        return "百分比"
    if parsed.is_money:
        return "金额"
    if parsed.unit in ("万", "亿"):
        return "金额或数量"
    if parsed.unit in DURATION_UNITS or parsed.unit in _HOURS_OF_STUDY:
        return "时长"
    if parsed.unit == "月份":
        return "月份"
    if base_unit(parsed) in COUNT_UNITS:
        return "数量"
    return None


def _is_quantity(parsed: ParsedValue) -> bool:
    return parsed.kind in (ValueKind.NUMBER, ValueKind.RANGE) and parsed.number is not None


def _with_unit(ind: Indicator) -> str:
    """The bare value with the unit its row implies ("≥90" on a 及时率 -> “≥90%”)."""
    parsed = ind.parsed
    op = parsed.op.value if parsed.op else ""
    number = f"{op}{parsed.number:g}"
    measure = row_measure(ind)
    if measure is Measure.RATE or is_satisfaction(ind):
        return f"“{number}%”"
    if measure is Measure.COUNT:
        return f"“{number}{count_unit(ind)}”"
    if measure is Measure.MONEY or in_money_cost(ind):
        return f"“{number}元”或“{number}万元”"
    return f"“{number}”加上计量单位(如%、人、次、万元)"


def _mismatch(ind: Indicator, project: Project) -> tuple[str, str] | None:
    """(what is wrong, what to write) for the first unit problem of the row, or None."""
    parsed = ind.parsed
    if not _is_quantity(parsed):
        return None
    name = squash(ind.name) or squash(ind.description)
    unit = parsed.unit
    shown = f"“{ind.value.strip()}”"
    target = example_target(ind, project.budget)

    declared = declared_unit(ind.name)
    if declared is not None:
        if unit is not None and _SAME_UNIT.get(unit, unit) != _SAME_UNIT.get(declared, declared):
            return f"三级指标“{name}”标明单位为“{declared}”，指标值却是{shown}", f"按“{declared}”填写指标值"
        return None

    if unit is None:
        if parsed.number == 0 or parsed.text:
            return None  # "≥0" is a degenerate target; words after the number may be a unit we do not know
        if _DIMENSIONLESS.search(core_name(ind.name) or name):
            return None
        return f"指标值{shown}没有计量单位，无法判断度量的是什么", f"补上单位，改为{_with_unit(ind)}"

    measure = row_measure(ind)
    kind = _kind_of_unit(parsed)
    if measure is Measure.QUESTION and not is_satisfaction(ind) and kind == "百分比":
        if states_none_happened(name):
            return f"“{name}”是是否型结果，用{shown}无法度量", "改为“是”，或改为事件发生数(如“发生数 0起”)"
        return f"“{name}”是是否型问题，用{shown}无法度量", "改为“是”，或改写为可计量的指标(如“……率≥95%”)"
    ratio = measure is Measure.RATE and bool(RATIO_END.search(core_name(ind.name) or core_name(ind.description)))
    if (measure is Measure.RATE and kind in ("金额", "金额或数量", "数量")) or (ratio and kind in ("时长", "月份")):
        return f"“{name}”是比率，指标值{shown}却是{kind}", "改用百分比，如“≥95%”"
    if measure is Measure.COUNT and kind == "百分比":
        return f"“{name}”计的是数量，指标值{shown}却是百分比", f"改为数量，如“≥X{count_unit(ind)}”(X为计划数)"
    if measure is Measure.MONEY and kind == "百分比":
        return f"“{name}”是金额，指标值{shown}却是百分比", f"改为金额，如{target}"
    if measure is Measure.TIME and kind in ("百分比", "金额", "数量"):
        return f"“{name}”是时间，指标值{shown}却是{kind}", f"改为{target}"

    timely = bool(TIMELINESS_NAME.search(name))
    if (timely or ind.category2 is Level2.TIMELINESS) and kind in ("金额", "金额或数量") and measure is not Measure.MONEY:
        return f"时效类指标“{name}”用{kind}{shown}表示，不度量时效", "改为及时率(如“≥95%”)或完成时限(如“10月底前”)"
    if timely and kind == "数量" and measure is not Measure.COUNT and not describes_count(ind.description):
        return f"时效类指标“{name}”用数量{shown}表示，不度量时效", "改为及时率(如“≥95%”)或完成时限(如“10月底前”)"
    if unit == "月份" and parsed.op is not None:
        return f"“{name}”的时间节点写成{shown}，月份是时点而不是可比较的数量", "写明完成时限，如“10月底前”"

    if PER_UNIT.search(name) and parsed.is_money and "/" not in unit and project.budget:
        amount = parsed.amount_in_wan()
        if amount is not None and amount >= project.budget:
            return (
                f"“{name}”是单位金额，指标值{shown}却达到项目预算总额({project.budget:g}万元)",
                "填写每户/每人的金额(如“≤X元/户”)",
            )
    return None


def _unit_mismatch(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    found = _mismatch(ind, project)
    if found:
        problem, fix = found
        yield Hit(message=f"{problem}，单位与指标不符。", suggestion=f"{fix}。")


UNIT_MISMATCH = Rule(
    code="UNT001",
    name="unit_mismatch",
    kind=Kind.UNIT_MISMATCH,
    severity=Severity.ERROR,
    scope=Scope.ROW,
    title="计量单位与指标不符",
    rationale=(
        "指标值的单位必须度量三级指标所说的内容：比率用%，次数、人数用次、人，成本用元或万元，"
        "时效用及时率或时限；单位不符或没有单位，年终无法据以评价。"
    ),
    basis="财预〔2021〕101号 指标设置规范(指标值与计量单位)；财预〔2015〕88号 可行性",
    suggestion="按指标名称所度量的内容改写单位，或改写名称使之与指标值一致。",
    check=_unit_mismatch,
)

RULES: list[Rule] = [UNIT_MISMATCH]
