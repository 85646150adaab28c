"""DUP: the same indicator twice in one project.

Every repeat after the first is reported at the repeat's row, naming the row it repeats. Two
principles: the same indicator under the same or a near-same name/description (DUP001), and the same
target quantity restated under another name: one cost ceiling twice, one count of the same subjects
twice, one satisfaction survey twice, one insured group's coverage rate twice (DUP002). A row with
no target whose words are another row's words is that row again (DUP001). A row is reported once, by
the first principle.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from reviewer.findings import Kind, Severity
from reviewer.model import Indicator, Project
from reviewer.rules import measure_terms as m
from reviewer.rules.base import Context, Hit, ProjectCheck, Rule, Scope
from reviewer.values import Comparison, ValueKind

# Punctuation, digits and filler that say nothing about what is measured.
_NOISE = re.compile(r"[\s\u3000，。、,.;；:：“”\"'‘’（）()\[\]【】%％≥≤<>＞＜=＝~～\-—/0-9]|情况|指标|百分比")
# Words any two rows of a project may share without measuring the same thing.
_GENERIC = re.compile(
    r"情况|数量|个数|人数|次数|件数|户数|工作|完成|开展|提供|组织|全年|年度|重要时期|期间|及时|按时|保障|"
    r"提高|提升|为群众|群众|服务|对象|项目|管理|建设|落实|正常|全部|实际|本年内|年内|新区|全区"
)
_ENTITY_UNITS = frozenset({"人", "名", "位", "人口", "户", "家", "家庭户", "个"})
_CEILINGS = (Comparison.LE, Comparison.LT)
_SHORT_NAME = 3  # names this short ("完成率") are generic: a repeat must also match in description


@dataclass(frozen=True)
class Repeat:
    code: str
    earlier: Indicator
    why: str  # Chinese clause naming the shared measure


def _normalized(text: str) -> str:
    return _NOISE.sub("", text)


def _similarity(a: str, b: str) -> float:
    a, b = _normalized(a), _normalized(b)
    if len(a) < 2 or len(b) < 2:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _value_class(ind: Indicator) -> str:
    parsed = ind.parsed
    if parsed.kind is ValueKind.EMPTY:
        return "empty"
    if m.is_money_value(ind):
        return "money"
    if parsed.is_percent:
        return "percent"
    if m.is_count(parsed):
        return "count:" + m.UNIT_GROUPS.get(m.base_unit(parsed) or "", m.base_unit(parsed) or "")
    if parsed.kind in (ValueKind.NUMBER, ValueKind.RANGE):
        return f"number:{parsed.unit or ''}"
    return parsed.kind.value


def _same_target(a: Indicator, b: Indicator) -> bool:
    """Compatible values: the same kind of quantity and, where both have a number, the same number."""
    if _value_class(a) != _value_class(b) or _value_class(a) == "empty":
        return False
    if a.parsed.number is not None and b.parsed.number is not None:
        return abs(a.parsed.number - b.parsed.number) < 1e-9
    return True


def _shared_subject(a: Indicator, b: Indicator) -> str | None:
    """The longest run of two or more characters both rows name, outside generic words."""
    left = _GENERIC.sub("|", _normalized(m.words(a)))
    right = _GENERIC.sub("|", _normalized(m.words(b)))
    match = SequenceMatcher(None, left, right, autojunk=False).find_longest_match()
    shared = left[match.a : match.a + match.size].strip("|")
    return shared if len(shared) >= 2 and "|" not in shared else None


def _generic_name(ind: Indicator, ctx: Context) -> bool:
    name = ind.name.strip()
    return len(_normalized(name)) <= _SHORT_NAME or name in ctx.lexicon.words("generic_names")


def _telling_texts(ind: Indicator, ctx: Context) -> list[str]:
    """The texts that can identify the indicator: the name unless it is generic, and the description."""
    texts = [] if _generic_name(ind, ctx) else [ind.name]
    return [*texts, ind.description]


_MIN_COPIED = 6  # characters; shorter texts ("逐渐完善", "是") recur by chance


def _copies_cells(a: Indicator, b: Indicator) -> bool:
    """B's description and value are both texts of A: the row restates A's content."""
    cells_a = {text for text in map(_normalized, (a.name, a.description, a.value)) if len(text) >= _MIN_COPIED}
    desc_b, value_b = _normalized(b.description), _normalized(b.value)
    return len(desc_b) >= _MIN_COPIED and len(value_b) >= _MIN_COPIED and {desc_b, value_b} <= cells_a


def _content(text: str) -> str:
    """The words that name what is measured: generic words cut out ("|" marks the cut)."""
    return _GENERIC.sub("|", _normalized(text))


def _content_pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if "|" not in text[i : i + 2]}


_MIN_RESTATED = 4  # content characters a target-less row must name to be another row's restatement
_RESTATED_COVERAGE = 0.8  # share of its character pairs found in the other row's name and description


def _restates_without_target(a: Indicator, b: Indicator, ctx: Context) -> bool:
    """B has no target and names nothing A's name/description does not: nothing tells them apart."""
    if b.parsed.kind is not ValueKind.EMPTY:
        return False
    earlier = _content_pairs(_content(f"{a.name}|{a.description}"))
    judged = [
        len(pairs & earlier) / len(pairs)
        for pairs, content in ((_content_pairs(c), c) for c in map(_content, _telling_texts(b, ctx)))
        if len(content.replace("|", "")) >= _MIN_RESTATED and pairs
    ]
    # every telling text must be A's: a description that adds "及时" or another group is another measure
    return bool(judged) and min(judged) >= _RESTATED_COVERAGE


# 度 and 率 end the name of one measure either way: 满意度/满意率, 知晓度/知晓率, 完成度/完成率.
_DEGREE_OR_RATE = re.compile(r"[度率]$")
# Single characters a near-same wording may swap without changing what is measured (满意度/满意率,
# 人数/人次, 的/之); any other swapped content (宫颈/乳腺, 听/视) names another object.
_SAME_SENSE = frozenset("度率数量名人个次的之和及与")


def _measure_name(text: str) -> str:
    return _DEGREE_OR_RATE.sub("率", _normalized(text))


def _other_object(x: str, y: str) -> str | None:
    """A content word one text puts where the other has a different one: 宫颈癌/乳腺癌筛查人数.

    Near-same wording that swaps what is counted or served measures two things, however similar the
    rest; a swapped generic word or a same-sense character (满意度/满意率) does not.
    """
    left, right = _content(x), _content(y)
    matcher = SequenceMatcher(None, left, right, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace":
            continue
        mine, theirs = left[i1:i2].strip("|"), right[j1:j2].strip("|")
        if not mine or not theirs or "|" in mine + theirs or {mine, theirs} <= _SAME_SENSE:
            continue
        return f"{mine}/{theirs}"
    return None


# The general public under its many names: 市民满意度, 群众满意率, 居民满意度 ask the same people the same
# question. Other groups (学生/家长, 患者/医生, 游客/商户) are other surveys and keep their own words.
_PUBLIC = re.compile(r"社会公众|人民群众|广大群众|老百姓|市民|群众|居民|公众|百姓")


def _public_satisfaction_name(name: str) -> str | None:
    """The name with the public's synonym and 度/率 unified, when it names the public's satisfaction."""
    text = _normalized(name)
    if not m.SATISFACTION.search(text) or not _PUBLIC.search(text):
        return None
    return _DEGREE_OR_RATE.sub("率", _PUBLIC.sub("公众", text))


def _same_public_satisfaction(a: Indicator, b: Indicator) -> bool:
    if _normalized(a.name) == _normalized(b.name):
        return False  # the same name is judged by the same-name principle
    key_a, key_b = _public_satisfaction_name(a.name), _public_satisfaction_name(b.name)
    if key_a is None or key_a != key_b:
        return False
    both_described = _normalized(a.description) and _normalized(b.description)
    # descriptions that ask about two different things ("对亮灯" / "对维修响应") keep them apart
    return not (both_described and _other_object(a.description, b.description))


def _same_indicator(a: Indicator, b: Indicator, ctx: Context) -> str | None:
    """DUP001: same name, or near-same name/description with the same kind of target."""
    name_a, name_b = _normalized(a.name), _normalized(b.name)
    threshold = ctx.thresholds.duplicate_similarity
    if len(name_a) >= 2 and name_a == name_b:
        if not _generic_name(a, ctx) or _similarity(a.description, b.description) >= threshold:
            return f"与第{a.row}行名称相同"
    if len(name_a) >= 2 and name_a != name_b and _measure_name(a.name) == _measure_name(b.name):
        if m.is_satisfaction(a) == m.is_satisfaction(b) and (
            not (_generic_name(a, ctx) or _generic_name(b, ctx))
            or _similarity(a.description, b.description) >= threshold
        ):
            return f"与第{a.row}行{m.quote(m.label(a))}名称只差“度/率”，是同一指标"
    if _same_public_satisfaction(a, b):
        return f"与第{a.row}行{m.quote(m.label(a))}都是社会公众的满意度，只是称谓或“度/率”不同，是同一指标"
    if _copies_cells(a, b):
        return f"的描述和指标值照搬第{a.row}行{m.quote(m.label(a))}的内容"
    if _restates_without_target(a, b, ctx):
        return f"未填指标值，名称或描述只是重述第{a.row}行{m.quote(m.label(a))}"
    if m.is_satisfaction(a) != m.is_satisfaction(b) or not _same_target(a, b):
        return None
    pairs = [(x, y) for x in _telling_texts(a, ctx) for y in _telling_texts(b, ctx)]
    if any(_other_object(x, y) for x, y in ((a.name, b.name), (a.description, b.description))):
        return None
    if pairs and max(_similarity(x, y) for x, y in pairs) >= threshold:
        return f"与第{a.row}行{m.quote(m.label(a))}名称或描述基本相同、目标值一致"
    return None


_PAID = re.compile(r"发放")
_RECEIVED = re.compile(r"领取")


def _same_quantity(a: Indicator, b: Indicator, ctx: Context) -> str | None:
    """DUP002: one target quantity restated under another name."""
    if (a.parsed.op in _CEILINGS) != (b.parsed.op in _CEILINGS):
        return None
    number_a, number_b = a.parsed.number, b.parsed.number
    if number_a is None or number_b is None or abs(number_a - number_b) > 1e-9:
        return None
    timely_a, timely_b = m.is_timeliness_name(a.name), m.is_timeliness_name(b.name)
    if timely_a and timely_b and a.parsed.is_percent and b.parsed.is_percent:
        subject = _shared_subject(a, b)
        if subject is not None:
            return f"与第{a.row}行{m.quote(m.label(a))}是同一事项(“{subject}”)的及时性"
        return None
    if timely_a or timely_b:
        return None  # a quantity on a 及时… row is a unit error, not a second measure of it
    amount_a, amount_b = m.money_amount_wan(a), m.money_amount_wan(b)
    if amount_a is not None or amount_b is not None:
        if amount_a is None or amount_b is None or amount_a <= 0:
            return None
        if m.RATE_NAME.search(a.name) or m.RATE_NAME.search(b.name):
            return None  # the amount does not fit the name there: a unit error, reported elsewhere
        if abs(amount_a - amount_b) <= 0.005:
            return f"与第{a.row}行{m.quote(m.label(a))}是同一金额“{b.value.strip()}”"
        return None
    unit_a, unit_b = m.base_unit(a.parsed), m.base_unit(b.parsed)
    if unit_a and unit_b and unit_a != "%" and number_a > 0:
        same_unit = m.UNIT_GROUPS.get(unit_a, unit_a) == m.UNIT_GROUPS.get(unit_b, unit_b)
        if same_unit or (unit_a in _ENTITY_UNITS and unit_b in _ENTITY_UNITS):
            subject = _shared_subject(a, b)
            if subject is not None:
                return f"与第{a.row}行{m.quote(m.label(a))}是同一对象(“{subject}”)的同一数量"
        return None
    if a.parsed.is_percent and b.parsed.is_percent:
        # The share of people who received a subsidy is the share of it that was paid out.
        words_a, words_b = m.words(a), m.words(b)
        paid_received = (_PAID.search(words_a) and _RECEIVED.search(words_b)) or (
            _RECEIVED.search(words_a) and _PAID.search(words_b)
        )
        if paid_received and _shared_subject(a, b) is not None:
            return f"与第{a.row}行{m.quote(m.label(a))}是同一笔资金的发放与领取，为同一度量"
        both_surveys = m.SATISFACTION.search(a.name) and m.SATISFACTION.search(b.name)
        if both_surveys and m.in_satisfaction(a) != m.in_satisfaction(b) and a.parsed.op == b.parsed.op:
            return f"与第{a.row}行{m.quote(m.label(a))}是同一满意度调查、同一目标值"
    return None


# Enrolling a group in an insurance scheme: 参保率, 投保率, 为…缴纳保险, 保险覆盖率, 参保人数占…比例.
# (a bare 险 only as a scheme's short name: 意外险, never 风险/险情)
_INSURANCE = re.compile(r"保险|参保|投保|医保|社保|(?:意外|责任|人身|伤害|治安|财产|农业|养老|医疗|失业|工伤|生育)险")
_ENROLMENT = re.compile(r"参保|投保|缴纳|购买|办理|覆盖")
# Other insurance measures: collecting contributions, claims, payouts, opinions, timing.
_NOT_ENROLMENT = re.compile(r"征缴|征收|收缴|缴费|赔付|理赔|报销|待遇|发放|满意|知晓|及时|按时")
# What is left of a coverage row once the measure's own words are gone: the insured group.
_MEASURE_WORDS = re.compile(
    r"保险|参保|投保|医保|社保|意外伤害|意外|人身|责任|伤害|险种|险|缴纳|购买|办理|覆盖|总人数|人数|总数|比例|比率|占|率|为|的|应|实际"
)
# A qualifier that names another kind of person: 患者 vs 患者监护人 are two insured groups.
_PERSON = re.compile(r"人|者|员|属|子女|户|工|生|民|童|老")
_PROGRAMMES = re.compile(r"养老|医疗|医保|失业|工伤|生育|意外|治安|农业|财产|责任")


def _enrolment_rate(ind: Indicator) -> bool:
    text = m.words(ind)
    return (
        ind.parsed.is_percent
        and _INSURANCE.search(text) is not None
        and _ENROLMENT.search(text) is not None
        and _NOT_ENROLMENT.search(text) is None
        and not m.is_satisfaction(ind)
    )


def _insured_group(ind: Indicator) -> str:
    return _MEASURE_WORDS.sub("|", _content(m.words(ind)))


def _uncovered(text: str, pairs: set[str]) -> str:
    """The characters of `text` that no pair in `pairs` covers."""
    covered = [False] * len(text)
    for i in range(len(text) - 1):
        if text[i : i + 2] in pairs:
            covered[i] = covered[i + 1] = True
    return "".join(ch for ch, cov in zip(text, covered, strict=True) if not cov and ch != "|")


def _same_group(group_a: str, group_b: str) -> bool:
    """The smaller description of the group is within the larger, which adds no other kind of person."""
    pairs_a, pairs_b = _content_pairs(group_a), _content_pairs(group_b)
    small, large, large_text = (pairs_a, pairs_b, group_b) if len(pairs_a) <= len(pairs_b) else (pairs_b, pairs_a, group_a)
    if not small or len(small & large) / len(small) < _RESTATED_COVERAGE:
        return False
    return _PERSON.search(_uncovered(large_text, small)) is None


def _same_coverage(a: Indicator, b: Indicator, ctx: Context) -> str | None:
    """DUP002: one insured group's enrolment stated twice (缴纳率, 参保比例, 覆盖率), whatever the targets."""
    if not (_enrolment_rate(a) and _enrolment_rate(b)):
        return None
    schemes_a, schemes_b = set(_PROGRAMMES.findall(m.words(a))), set(_PROGRAMMES.findall(m.words(b)))
    if schemes_a and schemes_b and not schemes_a & schemes_b:
        return None  # 养老保险参保率 and 医疗保险参保率 are two schemes
    group_a, group_b = _insured_group(a), _insured_group(b)
    if len(group_a.replace("|", "")) >= 2 and len(group_b.replace("|", "")) >= 2 and not _same_group(group_a, group_b):
        return None  # 城乡居民 / 困难群众, 患者 / 患者监护人: two groups, two coverage measures
    return f"与第{a.row}行{m.quote(m.label(a))}都是同一参保(投保)对象的覆盖比例，为同一度量"


def _indicates(ind: Indicator) -> bool:
    return bool(ind.name.strip() or ind.description.strip())


# Both DUP rules need the same pairing; compute it once per project content and settings.
_MEMO: dict[tuple[object, ...], dict[int, Repeat]] = {}
_MEMO_LIMIT = 512


def repeats(project: Project, ctx: Context) -> dict[int, Repeat]:
    """Each repeated row (by row number) with the first earlier row it repeats."""
    key = (
        ctx.thresholds.duplicate_similarity,
        tuple(ctx.lexicon.words("generic_names")),
        tuple((i.row, i.level1, i.level2, i.name, i.description, i.value) for i in project.indicators),
    )
    if key not in _MEMO:
        if len(_MEMO) >= _MEMO_LIMIT:
            _MEMO.clear()
        _MEMO[key] = _find_repeats(project, ctx)
    return _MEMO[key]


def _find_repeats(project: Project, ctx: Context) -> dict[int, Repeat]:
    found: dict[int, Repeat] = {}
    rows = [ind for ind in project.indicators if _indicates(ind)]
    for j, later in enumerate(rows):
        for test, code in ((_same_indicator, "DUP001"), (_same_quantity, "DUP002"), (_same_coverage, "DUP002")):
            for earlier in rows[:j]:
                why = test(earlier, later, ctx)
                if why is not None:
                    found[later.row] = Repeat(code, earlier, why)
                    break
            if later.row in found:
                break
    return found


def _checker(code: str) -> ProjectCheck:
    def check(project: Project, ctx: Context) -> Iterator[Hit]:
        for row, repeat in sorted(repeats(project, ctx).items()):
            if repeat.code != code:
                continue
            later = next(ind for ind in project.indicators if ind.row == row)
            yield Hit(
                message=f"指标{m.quote(m.label(later))}{repeat.why}，属重复设置。",
                suggestion=(
                    f"删除重复的{m.quote(m.label(later))}，或改为第{repeat.earlier.row}行未覆盖的其他方面"
                    "(如由产出改为服务对象的实际变化)。"
                ),
                row=row,
                location=later.location,
            )

    return check


_BASIS = "财预〔2021〕101号 指标设置规范(指标应相互独立、避免重复)"

SAME_INDICATOR = Rule(
    code="DUP001",
    name="duplicate_indicator",
    kind=Kind.DUPLICATE,
    severity=Severity.WARNING,
    scope=Scope.PROJECT,
    title="同一指标重复设置",
    rationale="同一指标以相同或几乎相同的名称、描述出现两次，占用了其他维度的位置，也会在评价时重复计分。",
    basis=_BASIS,
    suggestion="保留一处，删除重复行，或将其改为尚未覆盖的产出或效益维度。",
    check=_checker("DUP001"),
)

SAME_QUANTITY = Rule(
    code="DUP002",
    name="restated_target",
    kind=Kind.DUPLICATE,
    severity=Severity.WARNING,
    scope=Scope.PROJECT,
    title="同一目标数量换个名称重复出现",
    rationale="同一金额上限、同一对象的同一数量或同一满意度调查在不同二级指标下换名重复，实为一个指标，其他维度的目标因此缺失。",
    basis=_BASIS,
    suggestion="保留最贴切的一处；另一处改为该维度真正要衡量的内容(如效益指标改为服务对象的实际变化)。",
    check=_checker("DUP002"),
)

RULES: list[Rule] = [SAME_INDICATOR, SAME_QUANTITY]
