"""VAL: is there a target value at all, and is it one an evaluator can check?"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reviewer.findings import Kind, Severity
from reviewer.model import Indicator, Project
from reviewer.rules.base import Context, Hit, Rule, Scope
from reviewer.rules.target_terms import asks_yes_no, example_target, squash, word_polarity
from reviewer.rules.wording import row_placeholder
from reviewer.values import ValueKind


def _value_missing(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    if ind.parsed.kind is ValueKind.EMPTY and (ind.name or ind.description) and not row_placeholder(ind, ctx):
        if squash(ind.value) == "无" and (asks_yes_no(ind) or word_polarity(squash(ind.name), ctx.lexicon) < 0):
            return  # "无" answers a 有无/是否 question, or sets zero for a bad event ("重大安全事故": 无)
        label = ind.name or ind.description
        shown = f"“{ind.value}”" if ind.value.strip() else "空"
        yield Hit(
            message=f"指标“{label}”的指标值为{shown}，无法据以考核。",
            suggestion=f"为“{label}”填写可考核的目标值(比较符+数值+单位，如“≥95%”“≥1000人”)。",
        )


VALUE_MISSING = Rule(
    code="VAL001",
    name="value_missing",
    kind=Kind.VALUE_MISSING,
    severity=Severity.ERROR,
    scope=Scope.ROW,
    title="指标值缺失",
    rationale="列出了指标却未填写指标值，绩效目标无法细化量化，也无法在年终据以评价。",
    basis="财预〔2015〕88号 完整性、可行性；财预〔2021〕101号 指标值设定要求",
    suggestion="填写指标值；无法确定目标值的指标应删除或改用可量化的指标。",
    check=_value_missing,
)


# Outcomes an evaluator can check although they carry no number: a pass/fail standard met
# ("通过验收", "符合国家标准"), a stock phrase for 100% ("全覆盖", "应保尽保"), a grade ("优良"), or
# nothing bad happening ("全年无安全事故发生", "零投诉").
_CHECKABLE_OUTCOME = re.compile(
    r"(?:全部|均|全面)?(?:达标|符合|通过验收|验收合格|验收通过|(?:符合|达到)[^，,。；;]{0,10}标准)"
    r"|(?:实现)?全覆盖|应保尽保|应发尽发|优良"
    r"|(?:全年|确保|实现)?(?:无|零|未发生|不发生|杜绝)[^，,。；;]{0,12}"
    r"(?:事故|事件|案件|投诉|差错|失误|伤亡|上访|隐患)(?:发生)?"
)

# "全年未出现" / "不发生" as the value of a row whose name or description names the bad event
# ("区域性食品安全负面舆情", "是否发生…疫情"): the event count is zero, which can be checked.
_NONE_HAPPENED = re.compile(r"(?:全年|确保|实现)?(?:未|不|无|零)(?:发生|出现)")
_BAD_EVENT = re.compile(r"事故|事件|案件|投诉|差错|失误|伤亡|上访|隐患|舆情|疫情|纠纷|中毒|污染|火灾|犯罪|发案")


def _none_of_named_event(ind: Indicator) -> bool:
    return bool(_NONE_HAPPENED.fullmatch(squash(ind.value))) and bool(_BAD_EVENT.search(squash(ind.name + ind.description)))


def _shown(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _not_quantified(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    parsed = ind.parsed
    if parsed.kind is ValueKind.EMPTY or parsed.is_quantified or row_placeholder(ind, ctx):
        return  # a template left in the row ("≥XX个") is reported once, as a placeholder
    label = _shown(ind.name or ind.description or ind.value)
    value = _shown(ind.value)
    target = example_target(ind, project.budget)
    if parsed.kind is ValueKind.YES_NO:
        if parsed.both_options:
            yield Hit(
                message=f"指标“{label}”的指标值“{value}”保留了两个选项，未确定目标。",
                suggestion=f"确定一个目标：是否型指标填“是”或“否”，否则改为{target}。",
            )
        elif not asks_yes_no(ind):
            yield Hit(
                message=f"指标“{label}”不是“是否……”型问题，指标值“{value}”无法衡量完成程度。",
                suggestion=f"改为{target}；确属是否型的，将名称改写为“是否……”。",
            )
        return
    if _CHECKABLE_OUTCOME.fullmatch(squash(ind.value)) or _none_of_named_event(ind):
        return
    vague = ctx.lexicon.contains_any("vague_phrases", ind.value)
    text = squash(ind.value)
    if text in (squash(ind.name), squash(ind.description)):
        why = "照抄了指标名称或描述"
    elif vague:
        why = f"是空泛表述(“{vague}”)"
    else:
        why = "是工作内容或方向的描述"
    yield Hit(
        message=f"指标“{label}”的指标值“{value}”{why}，不是可考核的数值或等级。",
        suggestion=f"改为{target}。",
    )


NOT_QUANTIFIED = Rule(
    code="VAL002",
    name="value_not_quantified",
    kind=Kind.NOT_QUANTIFIED,
    severity=Severity.ERROR,
    scope=Scope.ROW,
    title="指标值未量化",
    rationale=(
        "指标值写成“进一步保障”“按要求支出”“是/否”之类的表述，年终无法判断是否完成；"
        "“是”只适用于名称为“是否……”的是否型指标。"
    ),
    basis="财预〔2015〕88号 可行性(目标细化量化)；财预〔2021〕101号 指标值设定要求",
    suggestion="写成比较符+数值+单位(≥95%、≥1000人、≤5万元)，或分级的定性等级(优/良/中/差)。",
    check=_not_quantified,
)

RULES: list[Rule] = [VALUE_MISSING, NOT_QUANTIFIED]
