"""DIR/TGT: does the target point the right way, and is it a target that can fail or succeed?"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reviewer.findings import Kind, Severity
from reviewer.model import Indicator, Project
from reviewer.rules.base import Context, Hit, Rule, Scope
from reviewer.rules.measure_terms import DURATION_UNITS, RATE_NAME, in_cost
from reviewer.rules.target_terms import (
    COMPLETION,
    NOT_A_FLOOR,
    OUTPUT_LEVEL2,
    PER_UNIT,
    RATE_END,
    Measure,
    in_satisfaction_category,
    is_satisfaction,
    percent_like,
    polarity,
    row_measure,
    squash,
)
from reviewer.values import Comparison, ParsedValue, ValueKind

_AT_LEAST = (Comparison.GE, Comparison.GT)
_AT_MOST = (Comparison.LE, Comparison.LT)
_FLIP = {Comparison.GE: "≤", Comparison.GT: "≤", Comparison.LE: "≥", Comparison.LT: "≥"}
# Rates that may legitimately exceed 100%: growth and multiples.
_MAY_EXCEED_100 = ("增长", "增幅", "同比", "环比", "倍", "提高率", "提升率", "超额")


def _label(ind: Indicator) -> str:
    return squash(ind.name) or squash(ind.description)


def _is_quantity(ind: Indicator) -> bool:
    return ind.parsed.kind is ValueKind.NUMBER and ind.parsed.number is not None


# --- wrong_direction ------------------------------------------------------------------------------


def _ceiling_by_nature(parsed: ParsedValue) -> bool:
    """Money and time are capped by nature: "及时维修率 ≤2h" has a unit problem, not a direction one."""
    return parsed.is_money or parsed.unit in ("万", "亿", "月份") or parsed.unit in DURATION_UNITS


# Names of a span of time (less is better because shorter is better).
_TIME_SPAN = re.compile(r"时限|时长|用时|周期|期限|天数|时间")


_DECLARED_SIGN = {"positive": 1, "negative": -1}
_DECLARED_WORD = {"positive": "正向", "negative": "反向"}


def _declared_against_measure(ind: Indicator, ctx: Context) -> Hit | None:
    """The table's 指标性质/指标方向 contradicts what the row measures: 正向 on a less-is-better measure
    (a time to repair, an error or fault rate) or 反向 on a more-is-better one (a completion rate)."""
    declared = _DECLARED_SIGN.get(ind.polarity or "")
    if declared is None or not _is_quantity(ind):
        return None
    # Only where the name's head fixes the direction: a rate or a span of time. A head count or an
    # amount reads its direction from modifiers ("救助患病妇女人数" counts help given, not illness).
    if row_measure(ind) not in (Measure.RATE, Measure.TIME) and ind.parsed.unit not in DURATION_UNITS:
        return None
    measured = polarity(ind, ctx.lexicon)
    if measured == 0 or measured == declared:
        return None
    word = _DECLARED_WORD[ind.polarity or ""]
    nature = "越低越好的反向指标" if measured < 0 else "越高越好的正向指标"
    right = "反向" if measured < 0 else "正向"
    op = "≤" if measured < 0 else "≥"
    return Hit(
        message=f"“{_label(ind)}”是{nature}，指标性质却标为“{word}”，目标“{ind.value.strip()}”的方向相反。",
        suggestion=f"将指标性质改为“{right}”，指标值写成“{op}{ind.parsed.number:g}{ind.parsed.unit or ''}”。",
    )


def _wrong_direction(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    parsed = ind.parsed
    declared = _declared_against_measure(ind, ctx)
    if declared is not None:
        yield declared
        return
    if not _is_quantity(ind) or parsed.op is None:
        return
    value = ind.value.strip()
    fixed = _FLIP[parsed.op] if parsed.op is not Comparison.EQ else None
    if parsed.unit == "月份" and parsed.op in _AT_LEAST:
        yield Hit(
            message=f"“{_label(ind)}”的时间节点写成“{value}”，意为不早于该月，方向相反。",
            suggestion=f"写成完成时限，如“{parsed.number:g}月底前”。",
        )
        return
    # The words decide; a declared 正向/反向 speaks only where they are silent.
    pol = polarity(ind, ctx.lexicon) or _DECLARED_SIGN.get(ind.polarity or "", 0)
    if pol < 0 and parsed.is_percent and _TIME_SPAN.search(_label(ind)) and not RATE_NAME.search(_label(ind)):
        return  # "公开时限 ≥90%": a % cannot measure a time limit: a unit problem, not a direction one
    if pol < 0 and parsed.op in _AT_LEAST:
        what = f"成本类指标“{_label(ind)}”应设控制上限" if in_cost(ind) else f"“{_label(ind)}”越低越好"
        yield Hit(
            message=f"{what}，指标值“{value}”却用“{parsed.op.value}”。",
            suggestion=f"将“{parsed.op.value}”改为“{fixed}”。",
        )
    elif pol > 0 and parsed.op in _AT_MOST and not _ceiling_by_nature(parsed):
        if PER_UNIT.search(_label(ind)):
            return  # a per-unit cap ("每期培训人数 ≤50人") is a capacity, not a target
        yield Hit(
            message=f"“{_label(ind)}”越高越好，指标值“{value}”却用“{parsed.op.value}”。",
            suggestion=f"将“{parsed.op.value}”改为“{fixed}”，并设定应达到的下限(如“≥95%”)。"
            if percent_like(ind)
            else f"将“{parsed.op.value}”改为“{fixed}”。",
        )


WRONG_DIRECTION = Rule(
    code="DIR001",
    name="wrong_direction",
    kind=Kind.WRONG_DIRECTION,
    severity=Severity.ERROR,
    scope=Scope.ROW,
    title="指标方向错误",
    rationale=(
        "正向指标(完成率、及时率、覆盖率、满意度、产出数量)应设下限“≥”，反向指标(成本、故障率、"
        "再犯罪率、投诉、上访、时长)应设上限“≤”；方向写反，目标变成鼓励少做事或多花钱。"
    ),
    basis="财预〔2021〕101号 指标设置规范(正向指标与反向指标)",
    suggestion="正向指标用“≥”写下限，反向指标用“≤”写上限。",
    check=_wrong_direction,
)


# --- degenerate_target ------------------------------------------------------------------------------


def _degenerate(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    parsed = ind.parsed
    if not _is_quantity(ind):
        return
    number = parsed.number
    value = ind.value.strip()
    op = parsed.op
    if number == 0 and op is Comparison.GE and not any(w in _label(ind) for w in _MAY_EXCEED_100):
        # (a growth rate "≥0%" does say something: no decline)
        yield Hit(
            message=f"“{_label(ind)}”的指标值“{value}”任何结果都能达到，目标无意义。",
            suggestion="填写计划完成的数量(如“≥X件”，X为年度计划数)。",
        )
        return
    if not percent_like(ind):
        return
    if number == 100 and op is Comparison.GE:
        yield Hit(
            message=f"“{_label(ind)}”的指标值“{value}”只有恰好100%才能达到，目标无意义。",
            suggestion="要求全部完成的写“100%”，否则写实际可达的下限(如“≥95%”)。",
        )
    elif number == 100 and op is Comparison.LE and polarity(ind, ctx.lexicon) > 0:
        # a ceiling of 100% is meaningful only where the ratio can exceed it (成本控制率 = 实际/预算)
        yield Hit(
            message=f"“{_label(ind)}”的指标值“{value}”任何结果都能满足，目标无意义。",
            suggestion="写出应达到的下限(如“≥95%”)；反向指标写实际的控制上限。",
        )
    elif number >= 100 and op is Comparison.GT:
        yield Hit(
            message=f"“{_label(ind)}”的指标值“{value}”不可能达到，目标无意义。",
            suggestion="比率的目标不超过100%，如“100%”或“≥95%”。",
        )
    elif number > 100 and op not in _AT_MOST and not any(w in _label(ind) for w in _MAY_EXCEED_100):
        yield Hit(
            message=f"“{_label(ind)}”的比率目标“{value}”超过100%，无法实现。",
            suggestion="比率的目标不超过100%，如“100%”或“≥95%”。",
        )


DEGENERATE_TARGET = Rule(
    code="TGT001",
    name="degenerate_target",
    kind=Kind.DEGENERATE_TARGET,
    severity=Severity.ERROR,
    scope=Scope.ROW,
    title="目标值无意义",
    rationale=(
        "“≥100%”只有恰好100%才能达到，“≤100%”“≥0”任何结果都能达到，超过100%的比率无法实现："
        "这样的目标无法区分完成得好坏。"
    ),
    basis="财预〔2015〕88号 适当性、可行性",
    suggestion="写出能区分好坏的目标：全部完成写“100%”，否则写实际可达的下限(如“≥95%”)或计划数量。",
    check=_degenerate,
)


# --- satisfaction_100 ---------------------------------------------------------------------------------


def _satisfaction_100(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    parsed = ind.parsed
    if not _is_quantity(ind) or not is_satisfaction(ind) or not percent_like(ind):
        return
    if parsed.number == 100 and parsed.op in (None, Comparison.EQ, Comparison.GE):
        yield Hit(
            message=f"满意度指标“{_label(ind)}”的目标设为“{ind.value.strip()}”，抽样调查几乎不可能全部满意。",
            suggestion="满意度目标建议设为“≥90%”(或按上年实际调查结果确定)。",
        )


SATISFACTION_100 = Rule(
    code="TGT002",
    name="satisfaction_target_100",
    kind=Kind.SATISFACTION_100,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="满意度目标设为100%",
    rationale="满意度通过抽样调查取得，要求100%满意既不现实也无法区分工作好坏，通常设为85%～95%。",
    basis="建议(财预〔2021〕101号 满意度指标设置)",
    suggestion="满意度目标一般设为“≥85%”至“≥95%”，依据上年调查结果确定。",
    check=_satisfaction_100,
)


# --- unrealistic_target -------------------------------------------------------------------------------


def _floor_for(ind: Indicator, ctx: Context) -> tuple[str, float] | None:
    """(what kind of rate, its lowest sensible target) when the row is a satisfaction or completion rate."""
    if polarity(ind, ctx.lexicon) < 0 or ind.polarity in ("negative", "qualitative"):
        return None  # a 反向 "50%" is a ceiling, not a floor
    name = _label(ind)
    if is_satisfaction(ind):
        return "满意度", ctx.thresholds.satisfaction_floor
    if row_measure(ind) in (Measure.COUNT, Measure.MONEY, Measure.QUESTION):
        return None
    if in_satisfaction_category(ind) and not NOT_A_FLOOR.search(name):
        return "满意度", ctx.thresholds.satisfaction_floor
    if COMPLETION.search(name):
        return "完成、质量或时效类比率", ctx.thresholds.rate_floor
    if ind.category2 in OUTPUT_LEVEL2 and not RATE_END.search(name) and not NOT_A_FLOOR.search(name):
        # a percentage on a named piece of work ("保障项目运行 ≥60%") says how much of it gets done
        return "产出完成类比率", ctx.thresholds.rate_floor
    return None


def _unrealistic(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    parsed = ind.parsed
    if not _is_quantity(ind) or parsed.unit != "%" or parsed.op in _AT_MOST:
        return
    if not 0 < parsed.number < 100:
        return
    found = _floor_for(ind, ctx)
    if found is None:
        return
    what, floor = found
    if parsed.number < floor:
        better = 90 if what == "满意度" else 95
        yield Hit(
            message=f"{what}“{_label(ind)}”的目标仅“{ind.value.strip()}”，低于常理(一般不低于{floor:g}%)。",
            suggestion=f"改为“≥{better}%”，或说明为何只能达到该水平。",
        )


UNREALISTIC_TARGET = Rule(
    code="TGT003",
    name="target_implausibly_low",
    kind=Kind.UNREALISTIC_TARGET,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="目标值偏低，偏离常理",
    rationale=(
        "完成率、合格率、及时率和满意度是对计划内工作的要求，目标低于80%等于允许大部分工作不完成，"
        "失去约束作用。下限可在配置中调整(rate_floor、satisfaction_floor)。"
    ),
    basis="财预〔2015〕88号 适当性(目标与预算、工作任务相匹配)",
    suggestion="完成、质量、时效类比率一般设为“≥90%”以上，满意度“≥85%”以上；确实偏低的须说明依据。",
    check=_unrealistic,
)

RULES: list[Rule] = [WRONG_DIRECTION, DEGENERATE_TARGET, SATISFACTION_100, UNREALISTIC_TARGET]
