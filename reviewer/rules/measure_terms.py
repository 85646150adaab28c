"""What an indicator row measures, read from its words and parsed value.

Shared by the CLS/CST/DUP/REL families: "is this a timeliness measure", "is this value money", "is
this a count of work done". The patterns name the *kind of quantity* (time, money, count, opinion)
and are part of each rule's definition, which is why they live here rather than in a word list.
Open-ended vocabularies that a reviewer extends (fund-flow phrases, environment words) are lexicons.
"""

from __future__ import annotations

import re

from reviewer.lexicon import Lexicon
from reviewer.model import Indicator, Level1, Level2
from reviewer.values import ParsedValue, ValueKind

# --- categories -------------------------------------------------------------------------------------

EFFECT_LEVEL2 = frozenset({Level2.ECONOMIC, Level2.SOCIAL, Level2.ECOLOGICAL, Level2.SUSTAINABLE})
OUTPUT_LEVEL2 = frozenset({Level2.QUANTITY, Level2.QUALITY, Level2.TIMELINESS})
# 成本 as a 二级 under 产出, or 经济成本 under a 成本 一级 (财预〔2021〕101号): both are money measures.
MONEY_COST_LEVEL2 = frozenset({Level2.COST, Level2.ECONOMIC_COST})
COST_LEVEL2 = frozenset({Level2.COST, Level2.ECONOMIC_COST, Level2.SOCIAL_COST, Level2.ECOLOGICAL_COST})


def in_satisfaction(ind: Indicator) -> bool:
    return ind.category2 is Level2.SATISFACTION or (
        ind.category1 is Level1.SATISFACTION and ind.category2 is Level2.OTHER
    )


def in_effect(ind: Indicator) -> bool:
    """Under 效益/效果 (but not a 满意度 二级 that old templates put under 效益)."""
    if ind.category2 in EFFECT_LEVEL2:
        return True
    return ind.category1 is Level1.EFFECT and ind.category2 is Level2.OTHER


def in_money_cost(ind: Indicator) -> bool:
    return ind.category2 in MONEY_COST_LEVEL2 or (ind.category1 is Level1.COST and ind.category2 is Level2.OTHER)


def in_cost(ind: Indicator) -> bool:
    return ind.category2 in COST_LEVEL2 or (ind.category1 is Level1.COST and ind.category2 is Level2.OTHER)


# --- words --------------------------------------------------------------------------------------------

# A name that states timeliness as its measure (及时率, 按时发放, 如期完成).
# 日清/日结/即时/当场 state a same-day or immediate deadline ("垃圾日产日清率", "即时结算率").
TIMELINESS_NAME = re.compile(r"及时|按时|准时|如期|按期|限时|时限|时效|日清|日结|即时|当场|当即|随到随办")
# Words that make a name a mix of timeliness and accuracy/completeness: no single home, leave it alone.
MIXED_QUALITY = re.compile(r"准确|合格|质量|完好|达标|足额|规范")
# Anything that speaks of time at all; a 时效 row without any of these measures something else.
TIME_WORDS = re.compile(
    TIMELINESS_NAME.pattern
    + r"|时间|期限|进度|逾期|延期|超期|工期|周期|天内|日内|小时|分钟|响应|时长|用时|速度|当天|当日|当月"
    r"|月底|月前|日前|之前|年底|年末|年内|年度|当年|季度|按月|按季|每月|每季|定期|限期|期内|时段|节点|提前|滞后"
    r"|截止|完工|竣工|开工|交付|上线|办结|时点|实时|第一时间|随时|当班|日产日清|周清|月清"
    r"|按计划|计划进度|周转|[0-9一二三四五六七八九十]+月"
    r"|执行率|支出率|支付率|拨付率"  # spending progress through the year is a schedule
)
# A rate or share as the measure.
RATE_NAME = re.compile(r"率|占比|比例|比率|比重|百分比")
# A name whose head is a rate ("项目资金到位率"): a rate about money is still a rate, not an amount.
RATE_ENDING = re.compile(r"(?:率|占比|比例|比率|比重|百分比)$")
# Rates of spending measured against the budget or cost plan (成本控制率, 预算执行率): the cost-control
# ratio some templates ask for under 成本.
COST_CONTROL_RATE = re.compile(r"成本|预算|控制|节约|节支|超支")
# Money as the thing measured (成本, 费用, 资金, 补助 ...).
MONEY_NAME = re.compile(
    r"成本|费|资金|经费|预算|金额|元|价|支出|开支|超支|节支|节约|节省|采购|投入|投资|补助|补贴|工资|薪|保费|款|额|消耗|花费|开销|报酬|奖金|奖励金"
)
# Opinion surveys: satisfaction itself, and the stand-ins a 满意度 row may also carry.
SATISFACTION = re.compile(r"满意|好评")
SATISFACTION_LIKE = re.compile(SATISFACTION.pattern + r"|认可度|认同度|获得感|幸福感|安全感|信任度|满足感|投诉")
# An economic benefit proper: income, savings, output value.
ECONOMIC_GAIN = re.compile(
    r"收入|收益|增收|创收|结余|节约|节省|节支|降低|减少|减轻|负担|挽回|损失|产值|增加值|利润|税|效益|GDP|销售|营业|营收"
    r"|交易|消费|出口|创汇|拉动|带动|撬动|吸引|投资|融资|贷款"
)
# Rates that are plainly not economic: crime, case handling, awareness, quality, coverage, opinion.
NON_ECONOMIC_RATE = re.compile(
    r"(?:犯罪|再犯|知晓|查实|破案|结案|办结|化解|调处|合格|达标|准确|覆盖|参与|事故|发案|上访|入学|巩固|治愈|接种)率"
    r"|满意|知晓"
)
# A change in the world (an effect), as opposed to work done or money paid (an output).
CHANGE_WORDS = re.compile(
    r"新增|增加|减少|降低|下降|带动|提升|提高|增强|增长|增幅|挽回|节约|节省|回流|转化|吸引|创造|拉动|改善|脱贫|就业"
)
# Awareness or perception raised: the classic social effect.
AWARENESS_RAISED = re.compile(
    r"(?:意识|知晓|观念|安全感|幸福感|获得感)[^，,；;]{0,4}(?:提高|提升|增强)|(?:提高|提升|增强)[^，,；;]{0,8}(?:意识|知晓率|观念|安全感|幸福感|获得感)"
)
FALLS = re.compile(r"减少|下降|降低")
# Counts of bad events: a social effect when they go down, not an output.
ADVERSE_EVENTS = re.compile(r"发生|事故|犯罪|上访|信访量|投诉|发案|违法|违纪|死亡|伤亡|火灾|案发")
# Bad things a project keeps down: adverse events plus pests, outbreaks and hazards. A count of them
# with a ceiling ("疫点数量 ≤3个", "安全事故发生次数 ＝0次") is an outcome or a standard, not work done.
BAD_THINGS = re.compile(ADVERSE_EVENTS.pattern + r"|疫点|疫情|疫区|病害|虫害|病虫|灾害|受灾|成灾|污染|隐患|险情")
# A name whose head is a level or state ("待遇保障水平", "生活状况", "服务能力"): a condition of the world.
STATE_HEAD = re.compile(r"(?:水平|状况|状态|能力|程度)$")
# Delivering the programme: paying, covering, enrolling, finishing the planned work.
DELIVERY_WORDS = re.compile(
    r"完成率|完成情况|完成数|完成既定|发放|领取|(?<!森林|植被|绿化|绿地|林草|草原|植物)覆盖|参保|投保|缴纳|核查率|受理率"
    r"|办结率|接收率|审核率"
)
STARTS_WITH_COMPLETION = re.compile(r"^\s*(?:完成|做好|开展)(?!后)")
# Count nouns in a name or description ("…次数", "…数量").
COUNT_NOUNS = re.compile(r"次数|场次|件数|篇数|个数|户数|家数|数量|期数|台数|人数|人次")
# People served by the programme (a head count of them is an output).
SERVICE_WORDS = re.compile(
    r"救助|矫正|培训|补助|补贴|发放|资助|慰问|奖励|帮扶|服务|参保|投保|接待|调解|咨询|体检|招聘|宣传|贷款|贴息|接收|受众|知晓"
)

# --- units ----------------------------------------------------------------------------------------------

DURATION_UNITS = frozenset({"h", "天", "工作日", "分钟", "秒", "周", "月", "季度", "年"})
TIME_UNITS = DURATION_UNITS | {"月份", "年度"}
PEOPLE_UNITS = frozenset({"人", "名", "位", "户", "家", "家庭户", "人次", "户次", "家次", "人口"})
THING_UNITS = frozenset(
    {
        "次", "件", "个", "场", "场次", "篇", "期", "台", "套", "张", "册", "份", "条", "批", "批次", "处",
        "公里", "千米", "km", "件次", "台次", "辆", "辆次", "本", "部", "所", "座", "栋", "间", "轮", "课时",
        "学时", "村", "站", "点", "个点",
    }
)
COUNT_UNITS = PEOPLE_UNITS | THING_UNITS
MAGNITUDE_ONLY = frozenset({"万", "亿"})  # "≥45万": money or a count; the name decides

# Units that name the same kind of countable thing (a 受益乡镇 "个" vs a 救助 "人" are not comparable,
# but 人/名/位 are).
UNIT_GROUPS: dict[str, str] = {u: "人" for u in ("人", "名", "位", "人口")} | {
    u: "户" for u in ("户", "家", "家庭户")
}


# A value or description saying the indicator does not apply: a correct answer, not a claim.
NOT_APPLICABLE = re.compile(r"不涉及|不适用|无此项|不产生|无相关|未涉及")


def base_unit(parsed: ParsedValue) -> str | None:
    """The unit before any "/…" ("元/户" -> "元")."""
    if parsed.unit is None:
        return None
    return parsed.unit.split("/", 1)[0]


def has_quantity(parsed: ParsedValue) -> bool:
    return parsed.number is not None and parsed.kind in (ValueKind.NUMBER, ValueKind.RANGE, ValueKind.TEXT)


def is_count(parsed: ParsedValue) -> bool:
    return has_quantity(parsed) and base_unit(parsed) in COUNT_UNITS and not parsed.is_money


def is_duration(parsed: ParsedValue) -> bool:
    return has_quantity(parsed) and parsed.unit in DURATION_UNITS


def is_time_value(parsed: ParsedValue) -> bool:
    return parsed.kind is ValueKind.DEADLINE or (has_quantity(parsed) and parsed.unit in TIME_UNITS)


def words(ind: Indicator) -> str:
    """Name and description: what the row says it measures."""
    return f"{ind.name} {ind.description}"


def money_amount_wan(ind: Indicator, *, high: bool = False) -> float | None:
    """The value as a total amount of money in 万元, or None.

    A bare "万/亿" ("≥45万") counts as money only when the row speaks of money.
    """
    parsed = ind.parsed
    if not has_quantity(parsed):
        return None
    if parsed.is_money:
        return parsed.amount_in_wan(high=high)
    if parsed.unit in MAGNITUDE_ONLY and MONEY_NAME.search(words(ind)):
        return parsed.amount_in_wan(high=high)
    return None


def is_money_value(ind: Indicator) -> bool:
    """A total or per-unit amount of money (元, 万元, 元/户, or a money row's bare 万)."""
    parsed = ind.parsed
    if not has_quantity(parsed):
        return False
    return parsed.is_money or money_amount_wan(ind) is not None


def is_timeliness_name(name: str) -> bool:
    return bool(TIMELINESS_NAME.search(name)) and not MIXED_QUALITY.search(name)


def is_satisfaction(ind: Indicator) -> bool:
    """The row is an opinion survey (满意度, or a stand-in such as 安全感) by its name or description."""
    return bool(SATISFACTION_LIKE.search(words(ind)))


def label(ind: Indicator) -> str:
    """How a message names the row: its 三级 name, else its description, else its value."""
    return (ind.name or ind.description or ind.value).strip()


def quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


# --- fund flow (input_as_output) ------------------------------------------------------------------------
# Shared by CST003 (which reports the row as input_as_output) and the CLS family (which must not also call
# it misplaced: a 资金到位率 under 质量 has one problem, it measures input, wherever it sits).

# Paying benefits or wages to people (补贴发放到位率) is an output; allocating money down the chain
# (补助资金拨付到位率, 资金下达) is still input even when the money is a subsidy.
_PAID_TO_PEOPLE = re.compile(r"发放|补助|补贴|工资|薪|救助金|慰问金|奖金|奖励金|抚恤|津贴|贴息")
_ALLOCATION = re.compile(r"拨付|下达")
# Spending progress through the year (执行率, 支付及时率) is what a 时效 row may state.
_SPENDING_PROGRESS = re.compile(r"执行|支付|拨付|支出")
# Money having *arrived* (到位) says nothing about when: 到位 is not 及时.
_ARRIVED = re.compile(r"到位")


def _fund_flow_in(text: str, lexicon: Lexicon) -> str | None:
    if not text:
        return None
    if _PAID_TO_PEOPLE.search(text) and not (_ALLOCATION.search(text) and "发放" not in text):
        return None
    return lexicon.contains_any("fund_flow_terms", text)


def fund_flow_term(ind: Indicator, lexicon: Lexicon) -> str | None:
    """The fund-flow phrase that makes the row an input stated as an output (CST003), or None.

    Under 时效 a statement of spending progress (资金支付及时率, 预算执行率) is accepted; one that only
    says the money arrived (资金拨付到位率) is not a timeliness statement.
    """
    if ind.category2 is Level2.TIMELINESS and (
        is_timeliness_name(ind.name) or (_SPENDING_PROGRESS.search(ind.name) and not _ARRIVED.search(ind.name))
    ):
        return None
    return _fund_flow_in(ind.name, lexicon) or _fund_flow_in(ind.description, lexicon)
