"""CLS: does each 三级 indicator sit under the right 二级/一级?

The 指标体系 (财预〔2021〕101号) gives each 二级 a kind of quantity: 数量 counts, 质量 rates and standards,
时效 time, 成本 money, 效益 changes in the world, 满意度 opinion surveys. A row is misplaced when the
quantity it states is of another kind. Each rule below is one such principle; a row gets at most one
of them (the first that applies, in the order of PRINCIPLES), so a reviewer reads one reason per row.
Both framework variants are normal: 成本 as a 二级 under 产出 or as its own 一级 (经济/社会/生态环境成本),
and 效益 or 效果 as the 一级 name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from reviewer.findings import Kind, Severity
from reviewer.model import Indicator, Level1, Level2, Project
from reviewer.rules import measure_terms as m
from reviewer.rules.base import Context, Hit, Rule, Scope
from reviewer.values import Comparison, ValueKind


@dataclass(frozen=True)
class Misplacement:
    code: str
    why: str  # Chinese clause: what the row measures and why that does not fit here
    home: str  # the 二级 it belongs to, e.g. "时效指标"


def _where(ind: Indicator) -> str:
    return f"“{ind.level2 or ind.level1}”"


# --- the principles, each returning a Misplacement or None -------------------------------------------


def _timeliness_outside_timeliness(ind: Indicator) -> Misplacement | None:
    """A timeliness measure (及时率, 按时发放) under 质量, 成本 or 效益; a duration under 成本."""
    if ind.category2 is Level2.TIMELINESS or m.in_satisfaction(ind) or m.SATISFACTION.search(m.words(ind)):
        return None
    # 数量 may count timely deliveries ("及时处理件数"); 质量, 成本 and 效益 may not hold timeliness.
    if not (ind.category2 is Level2.QUALITY or m.in_cost(ind) or m.in_effect(ind)):
        return None
    if m.is_timeliness_name(ind.name):
        return Misplacement("CLS001", f"{m.quote(ind.name)}衡量的是及时性", "时效指标")
    # In an effect row the description often carries the measure ("生活补贴发放情况" / "发放及时率").
    # A rate in the name defines the measure: "突发困难缓解率" described as "得到及时缓解的比例" is not timeliness.
    named_rate = m.RATE_NAME.search(ind.name) and not m.is_timeliness_name(ind.name)
    if m.in_effect(ind) and not named_rate and m.TIMELINESS_NAME.search(ind.description) and m.RATE_NAME.search(ind.description):
        if not m.MIXED_QUALITY.search(ind.description):
            return Misplacement("CLS001", f"{m.quote(ind.description)}衡量的是及时性", "时效指标")
    if m.in_money_cost(ind) and m.is_time_value(ind.parsed) and not m.MONEY_NAME.search(ind.name):
        return Misplacement("CLS001", f"指标值“{ind.value.strip()}”是时限/时长，不是金额", "时效指标")
    return None


def _satisfaction_outside_satisfaction(ind: Indicator) -> Misplacement | None:
    if m.in_satisfaction(ind) or not m.SATISFACTION.search(ind.name):
        return None
    if ind.category1 is Level1.OTHER and ind.category2 is Level2.OTHER:
        return None
    return Misplacement("CLS003", f"{m.quote(ind.name)}是满意度调查指标", "满意度指标")


def _not_satisfaction_under_satisfaction(ind: Indicator) -> Misplacement | None:
    if not m.in_satisfaction(ind) or not (ind.name or ind.description) or m.is_satisfaction(ind):
        return None
    return Misplacement("CLS004", f"{m.quote(m.label(ind))}不是服务对象满意度", _home_of(ind))


def _not_money_under_cost(ind: Indicator) -> Misplacement | None:
    """成本 is money: a rate or share there (赔付率, 人数占比) measures something else."""
    if not m.in_money_cost(ind) or not ind.name:
        return None
    # A money word inside a rate name ("项目资金到位率", "培训资金使用率") does not make it an amount:
    # the name's head is the rate. Ratios against the budget or cost plan (成本控制率) are cost control.
    name = "".join(ind.name.split())
    if m.MONEY_NAME.search(name) and not (m.RATE_ENDING.search(name) and not m.COST_CONTROL_RATE.search(name)):
        return None
    rate = bool(m.RATE_NAME.search(ind.name)) or ind.parsed.is_percent or ind.parsed.unit == "‰"
    if rate and not m.is_money_value(ind):
        return Misplacement("CLS002", f"{m.quote(ind.name)}是比率，不是以金额衡量的成本", "质量指标")
    return None


def _money_under_effect(ind: Indicator) -> Misplacement | None:
    """An amount of money under 效益 that is not an income or saving is the project's own spending."""
    if not m.in_effect(ind) or not m.is_money_value(ind):
        return None
    if m.ECONOMIC_GAIN.search(m.words(ind)):
        return None
    return Misplacement("CLS006", f"以金额“{ind.value.strip()}”衡量的是项目支出，不是效益", "成本指标")


def _output_under_effect(ind: Indicator) -> Misplacement | None:
    """Work done, people served, money paid out, coverage reached: outputs, not effects."""
    if not m.in_effect(ind):
        return None
    text = m.words(ind)
    if m.CHANGE_WORDS.search(text) or m.ADVERSE_EVENTS.search(text):
        return None
    parsed = ind.parsed
    # A level or state ("参保人员待遇保障水平 稳步提高") is what an effect row measures, unless the value
    # counts work ("服务能力 ≥20个").
    if m.STATE_HEAD.search("".join(ind.name.split())) and not m.is_count(parsed):
        return None
    # A ceiling on a count of bad things ("松材线虫病疫点数量 ≤3个") is a less-is-better outcome.
    if _ceiling_on_bad_things(ind):
        return None
    # A rate named as such ("节水知晓率") with a count value ("≥3场") is a unit error, not a misplaced output.
    if m.is_count(parsed) and not m.RATE_NAME.search(ind.name):
        unit = m.base_unit(parsed)
        if unit not in m.PEOPLE_UNITS or m.SERVICE_WORDS.search(text):
            return Misplacement("CLS005", f"“{ind.value.strip()}”是工作量(产出数量)", "数量指标")
    # Hours delivered ("≥2000h") are output; a ceiling on hours ("日均校外培训时长 ≤0.5小时", "平均候诊
    #时长 ≤30分钟") is a less-is-better result, which is what an effect row may measure.
    if parsed.unit == "h" and m.has_quantity(parsed) and parsed.op not in (Comparison.LE, Comparison.LT):
        return Misplacement("CLS005", f"“{ind.value.strip()}”是服务时长(产出数量)", "数量指标")
    # A count noun in the name defines the measure whatever the value says ("清除次数 ≥20%" is a
    # count with a unit error); in the description only when the value does not contradict it.
    counted = m.COUNT_NOUNS.search(ind.name) or (m.COUNT_NOUNS.search(ind.description) and not parsed.is_percent)
    if counted and not m.RATE_NAME.search(ind.name) and not m.is_money_value(ind):
        if "人数" not in text or m.SERVICE_WORDS.search(text):
            return Misplacement("CLS005", f"{m.quote(m.label(ind))}是工作量(产出数量)", "数量指标")
    measure = ind.name if m.RATE_NAME.search(ind.name) else text
    value_words = parsed.text if parsed.kind is ValueKind.TEXT and parsed.text else ""
    activity = m.STARTS_WITH_COMPLETION.search(ind.name) or m.STARTS_WITH_COMPLETION.search(ind.description)
    if m.DELIVERY_WORDS.search(measure) or activity:
        return Misplacement("CLS005", f"{m.quote(m.label(ind))}衡量的是工作完成或发放覆盖(产出)", "质量指标")
    if value_words and m.DELIVERY_WORDS.search(value_words):
        return Misplacement("CLS005", f"{m.quote(m.label(ind))}衡量的是工作完成或发放覆盖(产出)", "质量指标")
    return None


def _not_economic_under_economic(ind: Indicator) -> Misplacement | None:
    """经济效益 is about money gained or saved; a 犯罪率 or 查实率 there is a social or quality measure."""
    if ind.category2 is not Level2.ECONOMIC:
        return None
    if m.NON_ECONOMIC_RATE.search(ind.name) and not m.ECONOMIC_GAIN.search(ind.name) and not m.MONEY_NAME.search(ind.name):
        return Misplacement("CLS009", f"{m.quote(ind.name)}不是经济指标", "社会效益指标")
    return None


def _not_timeliness_under_timeliness(ind: Indicator) -> Misplacement | None:
    """时效 measures time: a deadline, a duration, a timeliness rate."""
    if ind.category2 is not Level2.TIMELINESS or not (ind.name or ind.description):
        return None
    parsed = ind.parsed
    if m.is_count(parsed):
        return Misplacement("CLS007", f"“{ind.value.strip()}”是数量，不是时限", "数量指标")
    if m.TIME_WORDS.search(m.words(ind)) or m.is_time_value(parsed):
        return None
    if parsed.kind is ValueKind.EMPTY or m.is_money_value(ind):
        return None  # nothing to go on, or a unit error another rule reports
    return Misplacement("CLS007", f"{m.quote(m.label(ind))}与时间无关", _home_of(ind))


def _money_under_output(ind: Indicator) -> Misplacement | None:
    """An amount of money named as money ("执法车辆燃油费 ≤3万元") under 数量, 质量 or 时效 is a cost.

    Only when the name says money: "按合同时间缴纳费用 17万元" under 时效 names a time and has a unit error.
    """
    if ind.category2 not in _OUTPUT_ONLY or not m.is_money_value(ind):
        return None
    if not m.MONEY_NAME.search(ind.name) or m.TIME_WORDS.search(ind.name) or m.RATE_NAME.search(ind.name):
        return None
    return Misplacement("CLS012", f"以金额“{ind.value.strip()}”衡量的{m.quote(ind.name)}是成本", "成本指标")


def _count_under_quality(ind: Indicator) -> Misplacement | None:
    """质量 states a standard (合格率, 达标率); a count of things or people is a 数量."""
    if ind.category2 is not Level2.QUALITY:
        return None
    parsed = ind.parsed
    # "安全事故发生次数 ＝0次" is a safety standard the output must meet, not a quantity of work.
    if _ceiling_on_bad_things(ind):
        return None
    if m.is_count(parsed) and parsed.op not in ("≤", "<") and not m.RATE_NAME.search(ind.name):
        return Misplacement("CLS008", f"“{ind.value.strip()}”是数量，不是质量标准", "数量指标")
    return None


def _ceiling_on_bad_things(ind: Indicator) -> bool:
    """A count of adverse events, pests or hazards held at or under a ceiling (≤3个, ＝0次)."""
    parsed = ind.parsed
    if not m.is_count(parsed) or not m.BAD_THINGS.search(m.words(ind)):
        return False
    return parsed.op in (Comparison.LE, Comparison.LT) or parsed.number == 0


def _effect_under_output(ind: Indicator) -> Misplacement | None:
    """Awareness raised or offences reduced are changes in the world: effects, not outputs."""
    if ind.category2 not in m.OUTPUT_LEVEL2:
        return None
    if m.AWARENESS_RAISED.search(ind.name):
        return Misplacement("CLS011", f"{m.quote(ind.name)}是项目带来的变化(效益)", "社会效益指标")
    value_words = ind.parsed.text if ind.parsed.kind is ValueKind.TEXT and ind.parsed.text else ""
    if m.ADVERSE_EVENTS.search(m.words(ind)) and m.FALLS.search(value_words):
        return Misplacement("CLS011", f"{m.quote(m.label(ind))}衡量的是违法犯罪等事件的减少(效益)", "社会效益指标")
    return None


_OUTPUT_ONLY = frozenset({Level2.QUANTITY, Level2.QUALITY, Level2.TIMELINESS})


def _level2_outside_level1(ind: Indicator) -> Misplacement | None:
    """The 二级 itself does not belong to the 一级 (数量指标 under 效益, 社会效益指标 under 产出)."""
    if ind.category2 in _OUTPUT_ONLY and ind.category1 in (Level1.EFFECT, Level1.SATISFACTION):
        return Misplacement("CLS010", f"二级指标“{ind.level2}”属于产出指标，却在一级“{ind.level1}”下", "产出指标")
    if ind.category2 in m.EFFECT_LEVEL2 and ind.category1 in (Level1.OUTPUT, Level1.COST, Level1.SATISFACTION):
        return Misplacement("CLS010", f"二级指标“{ind.level2}”属于效益指标，却在一级“{ind.level1}”下", "效益指标")
    return None


def _home_of(ind: Indicator) -> str:
    """Best guess of where a row belongs, from the kind of quantity it states."""
    parsed = ind.parsed
    if m.is_timeliness_name(ind.name) or m.is_time_value(parsed):
        return "时效指标"
    if m.is_money_value(ind):
        return "成本指标"
    if m.is_count(parsed):
        return "数量指标"
    if m.RATE_NAME.search(m.words(ind)) or parsed.is_percent:
        return "质量指标"
    return "产出或效益指标"


PRINCIPLES: list[Callable[[Indicator], Misplacement | None]] = [
    _level2_outside_level1,
    _timeliness_outside_timeliness,
    _satisfaction_outside_satisfaction,
    _not_satisfaction_under_satisfaction,
    _not_money_under_cost,
    _money_under_effect,
    _output_under_effect,
    _not_economic_under_economic,
    _money_under_output,
    _not_timeliness_under_timeliness,
    _count_under_quality,
    _effect_under_output,
]


# Every CLS rule asks the same question of a row; answer it once. The answer depends only on the
# cells (the parsed value is a function of the value cell), so they are the key.
_MEMO: dict[tuple[str, str, str, str, str], Misplacement | None] = {}
_MEMO_LIMIT = 4096


def misplacement(ind: Indicator) -> Misplacement | None:
    """The first principle that finds the row misplaced, or None."""
    key = (ind.level1, ind.level2, ind.name, ind.description, ind.value)
    if key in _MEMO:
        return _MEMO[key]
    found = _diagnose(ind)
    if len(_MEMO) >= _MEMO_LIMIT:
        _MEMO.clear()
    _MEMO[key] = found
    return found


def _diagnose(ind: Indicator) -> Misplacement | None:
    if not (ind.name or ind.description or ind.value.strip()):
        return None
    for principle in PRINCIPLES:
        found = principle(ind)
        if found is not None:
            return found
    return None


def _reported_as_input(found: Misplacement, ind: Indicator, ctx: Context) -> bool:
    """A fund-flow row (资金到位率 under 质量 or 时效) has one problem, input_as_output (CST003).

    Except a rate under 成本 (CLS002): there the cost slot itself holds no amount of money, which the
    table must fix whatever the rate measures.
    """
    return found.code != "CLS002" and m.fund_flow_term(ind, ctx.lexicon) is not None


def _checker(code: str) -> Callable[[Indicator, Project, Context], Iterator[Hit]]:
    def check(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
        found = misplacement(ind)
        if found is not None and found.code == code and not _reported_as_input(found, ind, ctx):
            yield Hit(
                message=f"{found.why}，却放在{_where(ind)}下，指标归类错误。",
                suggestion=f"建议将{m.quote(m.label(ind))}移至“{found.home}”。",
            )

    return check


_BASIS = "财预〔2021〕101号 指标体系(产出：数量/质量/时效/成本；效益；满意度)"

TIMELINESS_MISPLACED = Rule(
    code="CLS001",
    name="timeliness_misplaced",
    kind=Kind.MISCLASSIFIED,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="时效类指标放在质量、成本或效益指标下",
    rationale="及时率、按时发放、时限等衡量的是完成的时间，应归入时效指标；放在质量、成本或效益下会使该类指标缺位，评价时口径混乱。",
    basis=_BASIS,
    suggestion="将及时性、时限类指标移至“时效指标”，原二级指标下改设真正的质量、成本或效益指标。",
    check=_checker("CLS001"),
)

NOT_MONEY_UNDER_COST = Rule(
    code="CLS002",
    name="rate_under_cost",
    kind=Kind.MISCLASSIFIED,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="成本指标下填写了比率类指标",
    rationale="成本指标反映项目的资金耗费，应以元、万元计量；赔付率、占比等比率不是成本，项目实际上缺少成本控制目标。",
    basis=_BASIS,
    suggestion="比率类指标移至质量或数量指标；成本指标填写单位成本或总成本上限(如“≤20元/户”“≤30万元”)。",
    check=_checker("CLS002"),
)

SATISFACTION_OUTSIDE = Rule(
    code="CLS003",
    name="satisfaction_outside_satisfaction",
    kind=Kind.MISCLASSIFIED,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="满意度指标放在效益或产出指标下",
    rationale="满意度是服务对象的主观评价，框架中单列为满意度指标；放在社会效益等二级下会与满意度指标重复或使效益指标缺位。",
    basis=_BASIS,
    suggestion="将满意度类指标移至“满意度指标”，效益指标下改设反映项目实际效果的指标。",
    check=_checker("CLS003"),
)

NOT_SATISFACTION_UNDER_SATISFACTION = Rule(
    code="CLS004",
    name="non_satisfaction_under_satisfaction",
    kind=Kind.MISCLASSIFIED,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="满意度指标下填写的不是满意度",
    rationale="满意度指标应反映服务对象对项目的满意程度(通过问卷等调查取得)；填写发放到位、覆盖率、工作量等内容，既归类错误，又使满意度实际缺失。",
    basis=_BASIS,
    suggestion="满意度指标改为“××对象满意度 ≥90%”等调查指标；原内容移至相应的产出或效益指标。",
    check=_checker("CLS004"),
)

OUTPUT_UNDER_EFFECT = Rule(
    code="CLS005",
    name="output_under_effect",
    kind=Kind.MISCLASSIFIED,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="产出指标放在效益指标下",
    rationale="效益指标反映项目实施后带来的变化；活动次数、服务人数、工作完成率、资金发放和参保覆盖情况是项目直接提供的产出，放在效益下会掩盖效益目标的缺失。",
    basis=_BASIS,
    suggestion="将工作量、完成率、发放覆盖类指标移至产出指标(数量/质量)；效益指标改写为服务对象或社会状况的可衡量变化。",
    check=_checker("CLS005"),
)

MONEY_UNDER_EFFECT = Rule(
    code="CLS006",
    name="money_under_effect",
    kind=Kind.MISCLASSIFIED,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="以项目支出金额作为效益指标",
    rationale="经济、生态等效益应衡量项目带来的收益、节约或环境改善；以项目自身的资金金额作为效益，实为成本，效益目标并未设定。",
    basis=_BASIS,
    suggestion="金额类指标移至成本指标；效益指标改为可衡量的收益、节约额或环境、社会变化。",
    check=_checker("CLS006"),
)

TIMELINESS_WITHOUT_TIME = Rule(
    code="CLS007",
    name="timeless_timeliness",
    kind=Kind.MISCLASSIFIED,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="时效指标下填写的与时间无关",
    rationale="时效指标衡量完成时限或及时程度；在线率、完成率、次数、“无重大事件发生”等与时间无关的内容放在时效下，项目的时限目标实际缺失。",
    basis=_BASIS,
    suggestion="时效指标改为“××及时率 ≥95%”或“××月底前完成”；原内容移至质量或数量指标。",
    check=_checker("CLS007"),
)

COUNT_UNDER_QUALITY = Rule(
    code="CLS008",
    name="count_under_quality",
    kind=Kind.MISCLASSIFIED,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="质量指标下填写的是数量",
    rationale="质量指标反映产出达到的标准(合格率、达标率、准确率)；人数、公里数等数量放在质量下，质量目标实际缺失。",
    basis=_BASIS,
    suggestion="将数量移至“数量指标”，质量指标改为合格率、达标率等标准。",
    check=_checker("CLS008"),
)

NOT_ECONOMIC_UNDER_ECONOMIC = Rule(
    code="CLS009",
    name="non_economic_rate_under_economic",
    kind=Kind.MISCLASSIFIED,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="经济效益指标下填写了非经济的比率",
    rationale="经济效益指标衡量项目带来的收入、节约或经济产出；再犯罪率、知晓率、案件查实率等是社会效益或工作质量指标。",
    basis=_BASIS,
    suggestion="将该比率移至社会效益或质量指标；确无经济效益的项目可不设经济效益指标。",
    check=_checker("CLS009"),
)

LEVEL2_OUTSIDE_LEVEL1 = Rule(
    code="CLS010",
    name="level2_outside_level1",
    kind=Kind.MISCLASSIFIED,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="二级指标与一级指标不对应",
    rationale="数量、质量、时效属于产出指标，经济、社会、生态效益和可持续影响属于效益指标；二级挂错一级会使指标体系结构错乱。",
    basis=_BASIS,
    suggestion="按指标体系把二级指标放回对应的一级指标下。",
    check=_checker("CLS010"),
)

EFFECT_UNDER_OUTPUT = Rule(
    code="CLS011",
    name="effect_under_output",
    kind=Kind.MISCLASSIFIED,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="效益指标放在产出指标下",
    rationale="意识提高、知晓率提升、违法犯罪减少等是项目实施后带来的变化，属于效益指标；放在产出下，产出目标(做了什么、做了多少)实际缺失。",
    basis=_BASIS,
    suggestion="将该指标移至社会效益指标，并量化(如“××知晓率 ≥85%”)；产出指标改为宣传次数、覆盖人数等工作量。",
    check=_checker("CLS011"),
)

MONEY_UNDER_OUTPUT = Rule(
    code="CLS012",
    name="money_under_output",
    kind=Kind.MISCLASSIFIED,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="金额类指标放在数量、质量或时效指标下",
    rationale="以元、万元衡量的费用是成本，应归入成本指标；放在数量、质量或时效下，这些二级既没有真正的产出目标，成本控制也无从考核。",
    basis=_BASIS,
    suggestion="将费用类指标移至“成本指标”并设上限(如“≤3万元”)，原二级下改设实际工作量、质量标准或完成时限。",
    check=_checker("CLS012"),
)

RULES: list[Rule] = [
    TIMELINESS_MISPLACED,
    NOT_MONEY_UNDER_COST,
    SATISFACTION_OUTSIDE,
    NOT_SATISFACTION_UNDER_SATISFACTION,
    OUTPUT_UNDER_EFFECT,
    MONEY_UNDER_EFFECT,
    TIMELINESS_WITHOUT_TIME,
    COUNT_UNDER_QUALITY,
    NOT_ECONOMIC_UNDER_ECONOMIC,
    LEVEL2_OUTSIDE_LEVEL1,
    EFFECT_UNDER_OUTPUT,
    MONEY_UNDER_OUTPUT,
]
