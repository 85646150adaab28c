"""What a row's 三级 name says it measures, and which way is better: the words behind the VAL/UNT/DIR/TGT rules.

Chinese puts the thing measured at the end of a noun phrase (及时维修**率**, 反宣品清除**次数**,
常年法律服务费用列入**成本费**), so the measure is read from the name's ending; the patterns here name
grammatical kinds of quantity (rate, count, money, duration, yes/no question) and are part of the rules'
definitions. Polarity words are open-ended vocabulary and live in the lexicons positive_words /
negative_words.
"""

from __future__ import annotations

import re
from enum import StrEnum

from reviewer.lexicon import Lexicon
from reviewer.model import Indicator, Level1, Level2
from reviewer.rules.measure_terms import in_cost
from reviewer.values import ParsedValue, ValueKind, parse_value


class Measure(StrEnum):
    RATE = "比率"
    COUNT = "数量"
    MONEY = "金额"
    TIME = "时间"
    QUESTION = "是否"


# A yes/no question: the indicator asks 是否/能否/有无 (KINDS.md: "是" is acceptable only then).
_QUESTION_WORDS = re.compile(r"是否|能否|有无|是不是|可否|有没有")
_STARTS_WITH_QUESTION = re.compile(r"^\s*(?:是否|能否|有无|是不是|可否|有没有)")
# An outcome stated as "nothing bad happened" (无重大事件发生): answered by yes/no or a count of 0, not a rate.
_NONE_HAPPENED = re.compile(r"(?:无|未发生|不发生|杜绝)[^，,。;；]{0,12}(?:发生|事件|事故|案件)$")

# The unit a name declares for itself: "各项任务完成及时率（%）", "制作与发放外宣品的数量（份）".
_DECLARED_UNIT = re.compile(
    r"[（(]\s*(%|％|‰|百分比|元|万元|亿元|人|名|人次|次|个|件|户|家|份|篇|册|本|张|条|场|场次|期|台|套|辆|项|所|处|座"
    r"|天|工作日|小时|h|公里|米|亩|平方米|吨)\s*[)）]\s*$"
)
# Words that only frame the measure ("…发放情况", "…工作水平") and are dropped before reading the ending.
_FRAME_SUFFIX = re.compile(r"(?:情况|状况|水平|指标|目标)$")

# A name that is itself a rate: a percentage on it is a level, not a share of the named work done.
RATE_END = re.compile(r"(?:率|比例|比率|比重|占比|百分比|满意度|知晓度|覆盖面|及时性)$")
# Only a ratio proper needs a percentage: timeliness (及时性) may also be a duration ("≤2h").
RATIO_END = re.compile(r"(?:率|比例|比率|比重|占比|百分比)$")
# Counts: "…次数", "…人数", "成果转化数"; an 指数/系数/预算数 is not a count.
_COUNT_END = re.compile(r"(?:次数|人数|人次|个数|件数|户数|场次|频次|家数|台数|篇数|期数|数量|总数|[^指系倍分参基算制]数)$")
# A point or span of time: answered by a date ("10月底前") or a duration ("≤180天").
_TIME_END = re.compile(r"(?:时间|时限|日期|期限|时长|工期|周期|用时|耗时|时间节点)$")
_MONEY_END = re.compile(
    r"(?:成本|成本费|费用|[^免收消缴交付]费|金额|资金|经费|单价|造价|价格|开支|预算数?|控制数|保费|投资额|支出额)$"
)
# A short rate name that says nothing of its own (完成率, 合格率): its description says what is counted.
_GENERIC_RATE = re.compile(r"^[\u4e00-\u9fff]{1,3}率$")
_RATIO_WORDS = re.compile(r"率|比例|比率|比重|占比|百分|%|％|覆盖|普及")
# A verb before the money noun makes the name an act ("及时发放资金", "按时缴纳保费"), not an amount.
_ACT_ON_MONEY = re.compile(r"发放|领取|缴纳|缴费|拨付|支付|兑现|到位|落实|报销|结算|使用")
_COUNTED_IN_TEXT = re.compile(
    r"[0-9一二两三四五六七八九十]+\s*(?:[-~至到]\s*[0-9一二两三四五六七八九十]+\s*)?"
    r"(?P<unit>次|个|人|名|件|场|期|篇|份|户|家|所|台|套|项|批|轮)(?![\u4e00-\u9fff]?率)"
)
# Per-unit amounts ("每户参保金额", "人均发放水平"): a total cannot be the value.
PER_UNIT = re.compile(r"每户|每人|每名|每位|每次|每件|每台|每个|每期|每班|每批|每场|人均|户均|次均|单位成本|单价")

SATISFACTION = re.compile(r"满意")
SATISFACTION_RATE = re.compile(r"满意(?:度|率|程度)")
NOT_SATISFIED = re.compile(r"不满意")

# Explicit polarity stated in the description or basis ("回流人数越少越为优", "比例越高越好").
_LESS_IS_BETTER = re.compile(r"越(?:少|低|小|短)越(?:好|优|佳)|越(?:少|低)越为优")
_MORE_IS_BETTER = re.compile(r"越(?:多|高|大)越(?:好|优|佳)|越(?:多|高)越为优")

# Rates whose target is "all of the planned work done": completion, quality, timeliness (KINDS.md
# unrealistic_target).
# Telling everyone due (告知/通知/送达率) is a duty done for all of them, like a completion.
COMPLETION = re.compile(
    r"完成|合格|及时|按时|按期|如期|达标|到位|办结|结案|签订|兑现|准确|完好|正确|执行率|落实率|告知|通知|送达"
)
# Rates that may legitimately be low: shares and changes (覆盖、占比、提高率), excellence above the pass
# mark (优良率), and outcomes outside the department's control (破案率、就业率).
NOT_A_FLOOR = re.compile(
    r"覆盖|占比|比例|比重|普及|参保|参与|使用率|利用率|增长|增幅|增加|提高|提升|下降|降低|减少|转化|知晓|自愿"
    r"|效率|能力|优良|优秀|优质|精品|示范|一等|破案|治愈|康复|回收|就业|脱贫|成活|中标|获奖|录取|升学"
    r"|节约|节支|节省|抽检|抽查|抽样|检出|贡献|受益"
    # health outcomes set by national programme targets well below 80% (高血压控制达标率, 健康素养水平)
    r"|控制率|控制达标|规范管理|素养|发现率"
)
OUTPUT_LEVEL2 = frozenset({Level2.QUANTITY, Level2.QUALITY, Level2.TIMELINESS})


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def asks_yes_no(ind: Indicator) -> bool:
    """The indicator is a yes/no question: its name asks 是否/能否/有无, or its description starts so."""
    return bool(_QUESTION_WORDS.search(ind.name) or _STARTS_WITH_QUESTION.match(ind.description))


def states_none_happened(text: str) -> bool:
    return bool(_NONE_HAPPENED.search(squash(text)))


def declared_unit(name: str) -> str | None:
    """The unit a name declares in brackets at its end, normalized like a value's unit."""
    match = _DECLARED_UNIT.search(name)
    return parse_value(f"1{match.group(1)}").unit if match else None


def core_name(name: str) -> str:
    core = _DECLARED_UNIT.sub("", squash(name))
    return _FRAME_SUFFIX.sub("", core) or core


def measure_of(text: str) -> Measure | None:
    """What a name (or a description used as one) counts, read from its ending."""
    core = core_name(text)
    if not core:
        return None
    if _QUESTION_WORDS.search(core) or states_none_happened(core):
        return Measure.QUESTION
    if RATE_END.search(core):
        return Measure.RATE
    if _COUNT_END.search(core):
        return Measure.COUNT
    if _MONEY_END.search(core) and not _ACT_ON_MONEY.search(core):
        return Measure.MONEY
    if _TIME_END.search(core):
        return Measure.TIME
    return None


def ends_in_count(name: str) -> bool:
    """The name itself (no frame word such as 情况 after it) ends in a count noun."""
    return bool(_COUNT_END.search(_DECLARED_UNIT.sub("", squash(name))))


def describes_count(description: str) -> bool:
    """The description defines a count ("反邪教宣传次数", "每年宣传约3次"), not a ratio."""
    text = squash(description)
    if not text or _RATIO_WORDS.search(text):
        return False
    return measure_of(text) is Measure.COUNT or bool(_COUNTED_IN_TEXT.search(text))


def is_generic_rate(name: str) -> bool:
    return bool(_GENERIC_RATE.match(core_name(name)))


def row_measure(ind: Indicator) -> Measure | None:
    """What the row measures: its name's ending, unless the name is a bare 完成率/合格率 and the
    description says what is counted, or the name counts people while the description defines a ratio."""
    measure = measure_of(ind.name)
    if measure is Measure.RATE and is_generic_rate(ind.name) and describes_count(ind.description):
        return Measure.COUNT
    # A name ending in a count noun (…村数, …人数, …户数) counts, whatever verb the description uses
    # ("覆盖的行政村数量"); only a framed name ("参保人数情况") defers to a description defining a ratio.
    if measure is Measure.COUNT and not ends_in_count(ind.name) and _RATIO_WORDS.search(squash(ind.description)):
        return Measure.RATE
    if measure is None and not squash(ind.name):
        return measure_of(ind.description)
    return measure


def measure_text(ind: Indicator) -> str:
    """The words polarity is read from: the name, or the description when the name is a bare rate
    word that defers to it (合格率 / "重点时期上访次数")."""
    if is_generic_rate(ind.name) and describes_count(ind.description):
        return squash(ind.description)
    return squash(ind.name)


def is_satisfaction(ind: Indicator) -> bool:
    """A satisfaction rate: named so, or described so under a 满意度 heading."""
    name, description = squash(ind.name), squash(ind.description)
    if NOT_SATISFIED.search(name + description):
        return False
    return bool(SATISFACTION.search(name)) or (
        bool(SATISFACTION_RATE.search(description)) and in_satisfaction_category(ind)
    )


def in_satisfaction_category(ind: Indicator) -> bool:
    return ind.category2 is Level2.SATISFACTION or (
        ind.category1 is Level1.SATISFACTION and ind.category2 is Level2.OTHER
    )


def _last_word(text: str, words: list[str]) -> tuple[int, int]:
    """(end position, length) of the entry ending last in `text` (longest on a tie); (-1, 0) if none."""
    best = (-1, 0)
    for word in words:
        start = text.rfind(word)
        if start >= 0:
            best = max(best, (start + len(word), len(word)))
    return best


# Reducing something bad is good, whichever side the verb stands on ("减少损失", "投诉件数同比下降").
_REDUCTION = re.compile(r"减少|降低|下降|压减|压缩|缩短|遏制|挽回|减轻|减损|防止|预防|避免|杜绝")


# Enforcement or handling of a bad thing (cases, offences, disputes) before the bad word.
_ENFORCEMENT = re.compile(
    r"办结|办理|查处|查办|查获|立案|受理|侦破|破获|调解|化解|调处|处置|审结|结案|整改|打击|抓获|督办|执结"
)
# Handling that failed or ran late is bad again ("逾期未办结案件数", "调解不成功件数").
_FAILED_HANDLING = re.compile(r"未|逾期|超期|超时|不成功|失败|不予|错误|差错|撤销")


def word_polarity(text: str, lexicon: Lexicon) -> int:
    """+1 more is better, -1 less is better, 0 unknown. The word nearest the end of the phrase is its
    head and wins ("投诉办结率" is a 办结率; "成功接劝返回流人数" counts 回流)."""
    positive = _last_word(text, lexicon.words("positive_words"))
    negative = _last_word(text, lexicon.words("negative_words"))
    if positive == negative == (-1, 0):
        return 0
    if positive > negative:
        return 1
    if _REDUCTION.search(text):
        return 1
    # Work done on a bad thing is an output: "办结农业违法案件数", "查处违法行为起数" count enforcement,
    # so more is better; "违法案件数" / "发案数" alone count occurrences and stay less-is-better.
    if _ENFORCEMENT.search(text[: negative[0] - negative[1]]) and not _FAILED_HANDLING.search(text):
        return 1  # the verb governs the bad word; "办理时长" is a time taken, its own negative word
    return -1


def stated_polarity(ind: Indicator) -> int:
    """Polarity the department wrote out in the description or basis ("越少越好")."""
    for text in (ind.description, ind.basis or ""):
        text = squash(text)
        if _LESS_IS_BETTER.search(text):
            return -1
        if _MORE_IS_BETTER.search(text):
            return 1
    return 0


def is_money_like(parsed: ParsedValue) -> bool:
    """An amount of money, a bare 万/亿, or a bare number (a cost row's "≥100" is money without unit)."""
    if parsed.kind not in (ValueKind.NUMBER, ValueKind.RANGE) or parsed.number is None:
        return False
    return parsed.is_money or parsed.unit in ("万", "亿") or (parsed.unit is None and not parsed.text)


def polarity(ind: Indicator, lexicon: Lexicon) -> int:
    """Which way is better for this row: stated words first, then a cost ceiling, then the name."""
    stated = stated_polarity(ind)
    if stated:
        return stated
    if in_cost(ind) and is_money_like(ind.parsed):
        return -1
    return word_polarity(measure_text(ind), lexicon)


def percent_like(ind: Indicator) -> bool:
    """The value is a percentage, or a bare number on a row that measures a rate."""
    parsed = ind.parsed
    if parsed.unit == "%":
        return True
    if parsed.unit is not None or parsed.text:
        return False
    return row_measure(ind) is Measure.RATE and declared_unit(ind.name) in (None, "%")


_COUNT_UNIT_OF_ENDING: list[tuple[str, str]] = [
    ("人次", "人次"), ("场次", "场次"), ("次数", "次"), ("频次", "次"), ("人数", "人"), ("户数", "户"),
    ("件数", "件"), ("个数", "个"), ("家数", "家"), ("台数", "台"), ("篇数", "篇"), ("期数", "期"),
]


def count_unit(ind: Indicator) -> str:
    """The counting word the row's name implies ("…次数" → 次), 个 when it does not say."""
    declared = declared_unit(ind.name)
    if declared and declared != "%":
        return declared
    for text in (core_name(ind.name), squash(ind.description)):
        for ending, unit in _COUNT_UNIT_OF_ENDING:
            if ending in text:
                return unit
    counted = _COUNTED_IN_TEXT.search(squash(ind.description))
    return counted.group("unit") if counted else "个"


def example_target(ind: Indicator, budget: float | None) -> str:
    """A target of the right shape for what the row measures, for suggestions."""
    measure = row_measure(ind)
    if is_satisfaction(ind):
        return "“≥90%”"
    if measure is Measure.RATE:
        return "“≥95%”"
    if measure is Measure.COUNT:
        return f"“≥X{count_unit(ind)}”(X为年度计划数)"
    if measure is Measure.MONEY:
        return f"“≤{budget:g}万元”(不超过预算数)" if budget else "“≤X万元”(不超过预算数)"
    if measure is Measure.QUESTION:
        return "“是”或“否”"
    if measure is Measure.TIME:
        return "完成时限(如“10月底前”)或时长(如“≤30天”)"
    return "比较符+数值+单位的目标值(如“≥95%”“≥1000人”“≤5万元”)"
