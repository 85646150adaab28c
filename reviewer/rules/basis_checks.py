"""BAS: is 指标值确定依据 a basis at all?

A basis says where the target value comes from: a document, plan, standard, last year's figure,
statistics, a contract, the budget, or the calculation behind the number. Reviewers return a basis
that is empty, only a unit, a copy of the row's own cells (or of another row's basis), a measure's
name, "结合实际", or a slogan. The source words and the non-basis phrases are word lists
(basis_sources, basis_vague); this module holds the principle.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from reviewer.findings import Kind, Severity
from reviewer.model import Indicator, Project
from reviewer.rules import measure_terms as m
from reviewer.rules.base import Context, Hit, Rule, Scope
from reviewer.rules.wording import row_placeholder
from reviewer.values import ValueKind, parse_value

_NOISE = re.compile(r"[^\w\u4e00-\u9fff%]|_")

# A bare unit written where the basis should be: "%", "万张", "元/户", "人次".
_UNIT_ONLY = re.compile(
    r"^(?:%|％|‰|百分比|百分率|(?:[万千百亿])?(?:元|张|个|人|次|件|户|台|套|篇|份|册|家|所|场|期|项|公里|千米|米|平方米|亩|吨|"
    r"小时|天|日|月|年|周|人次|户次|名|辆|座|处|条|起|批)(?:/(?:人|户|次|年|月|个|件))?)$"
)

# A target restated inside the basis ("…的比例为100%", "大于百分之九十"): dropped before comparing.
_TARGET_CLAUSE = re.compile(
    r"(?:比例|比率)?(?:为|达到|达|大于|高于|不低于|不少于|≥|>|＞)?"
    r"(?:百分之[零一二两三四五六七八九十百]+|\d+(?:\.\d+)?(?:%|％|百分比)?)"
)

# A basis that is only the name of what is counted: "成功转化人数", "资金支付情况", "受益覆盖率".
_MEASURE_NAME = re.compile(
    r"(?:人数|数量|次数|人次|个数|件数|户数|比例|比率|占比|率|情况|程度|成本|金额|性|水平|效果|量|数)$"
)
_MEASURE_NAME_MAX = 20  # longer texts ending in 比率 are formulas or explanations, not a bare name

_SOURCE_NAME_MAX = 10  # a short source phrase ("年度工作计划") that a cell happens to contain
_COPY_EXTRA_MAX = 6  # characters a basis may add around a copied cell and still be a copy
_COPY_COVERAGE = 0.62  # share of the basis' character pairs found in the row's own cells
_SHARED_BASIS_MIN = 8  # a basis repeated across rows is judged only when it says something specific

# A dated figure or document: "2024年接待23.8万人次", "2024年路况检测结果83.5%", "2025年国家…补助标准".
# A year ties the text to a record (last year's actual, that year's standard or plan), which is
# exactly what a basis is; a bare "2025年" alone says nothing and is left to the other checks.
_DATED = re.compile(r"(?:19|20)\d{2}年(?:度|底|末|初)?(?=.{2,})")


# A satisfaction target comes from a survey or past satisfaction results (or a standard/document).
# A basis that never speaks of opinion but defines a rate, a ratio or a count is another measure's
# calculation ("完成率至少90%", "报销及时次数和总报销次数的比例", "演出场次达到标准").
_OPINION = re.compile(m.SATISFACTION_LIKE.pattern + r"|调查|测评|问卷|评价|评议|回访|走访|座谈|征求意见")
_OTHER_MEASURE = re.compile(r"率|比例|比率|占比|" + m.COUNT_NOUNS.pattern)

# The population the target counts out of: a total or a register ("全县行政村总数", "入库科技型中小企业数",
# "在册低保户数", "辖区常住人口"). Covering every village on the list, or the enterprises in the register,
# is where a count like "≥128个" comes from; it is a source, not merely the measure's name. A marker of a
# register or of a whole jurisdiction is required, and the text must end in a population (…数 or 人口),
# not in a count of events ("组织全区大型宣传活动次数" is the row's own activity count).
_REGISTER = re.compile(r"总数|总量|总人数|在册|入库|登记|名册|台账|花名册|常住|户籍|辖区|全县|全市|全区|全省|全镇|全乡|全旗")
_POPULATION_END = re.compile(r"(?:数|人口|名册|名单)$")
_EVENT_COUNT = re.compile(r"(?:次数|人次|场次|频次|批次|件数|天数|时长)$")
_POPULATION_MAX = 20


def _population_basis(basis: str) -> bool:
    return (
        len(basis) <= _POPULATION_MAX
        and _REGISTER.search(basis) is not None
        and _POPULATION_END.search(basis) is not None
        and _EVENT_COUNT.search(basis) is None
    )


_FILLER = re.compile(r"[的了和及与等之地得其各]")
_MIN_REWORDED = 8  # characters; a shorter basis built from the row's words is judged by pair share alone

# Connectives that announce a source without naming one: "根据…", "依据…" followed by the row's own words.
_CONNECTIVES = re.compile(r"根据|依据|按照|参照|参考")


def _norm(text: str | None) -> str:
    return _NOISE.sub("", text or "")


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} if len(text) > 1 else {text}


def _coverage(text: str, others: set[str]) -> tuple[float, str]:
    """Share of `text`'s character pairs found in `others`, and the characters no pair covers.

    The uncovered characters are returned with "|" where covered text was cut out, so that the
    source words looked up in them are words the basis adds, not words formed across a gap.
    """
    if not text:
        return 0.0, ""
    covered = [False] * len(text)
    pairs = _pairs(text)
    for i in range(len(text) - 1):
        if text[i : i + 2] in others:
            covered[i] = covered[i + 1] = True
    hits = sum(1 for p in pairs if p in others)
    rest = "".join(ch if not cov else "|" for ch, cov in zip(text, covered, strict=True))
    return hits / len(pairs), rest


@lru_cache(maxsize=4)
def _vague_lists(entries: tuple[str, ...]) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    anywhere = [re.escape(e) for e in entries if not e.startswith("^")]
    starts = tuple(e[1:] for e in entries if e.startswith("^") and len(e) > 1)
    return (re.compile("|".join(anywhere)) if anywhere else None), starts


def _has_source(text: str, ctx: Context) -> bool:
    return ctx.lexicon.contains_any("basis_sources", text) is not None or _DATED.search(text) is not None


def _row_cells(ind: Indicator) -> dict[str, str]:
    return {"三级指标名称": _norm(ind.name), "绩效指标描述": _norm(ind.description), "指标值": _norm(ind.value)}


# A survey is where an opinion measure's value comes from; a short title naming one is a citation,
# even when the name and the description speak of the same survey. A longer text is a formula.
_SURVEY = re.compile(r"测评|问卷|调查|回访|民意")
_SURVEY_TITLE_MAX = 14


def _survey_title(basis: str, ind: Indicator) -> bool:
    return (
        len(basis) <= _SURVEY_TITLE_MAX
        and _SURVEY.search(basis) is not None
        and m.SATISFACTION.search(f"{ind.name}{ind.description}") is not None
    )


def _copied_cell(basis: str, ind: Indicator, ctx: Context) -> str | None:
    """Which of the row's own cells the basis restates (possibly with the target appended)."""
    core = _TARGET_CLAUSE.sub("", basis) or basis
    cells = {label: text for label, text in _row_cells(ind).items() if text}
    if not cells:
        return None
    if len(basis) <= _SOURCE_NAME_MAX and _has_source(basis, ctx) and any(basis in t and basis != t for t in cells.values()):
        return None  # "年度工作计划" as the basis of "年度工作计划完成率": the row names its source
    if _survey_title(basis, ind) and basis not in cells.values():
        return None  # "年度消费者满意度测评": the survey the rate is read from, named after the measure
    if "《" in (ind.basis or "") and basis not in cells.values():
        return None  # a titled document is a citation even when its title shares words with the row
    if _DATED.search(basis) and basis not in cells.values():
        return None  # "2024年接待23.8万人次": last year's record of the same measure is the classic basis
    for label, text in cells.items():
        if core == text or basis == text:
            return label
        # the cell with a few words around it ("办公设备" + "可持续性服务")
        if len(text) >= 3 and text in core and len(core) - len(text) <= _COPY_EXTRA_MAX:
            if not _has_source(core.replace(text, "|"), ctx):
                return label
    others = set().union(*(_pairs(text) for text in cells.values()))
    share, rest = _coverage(core, others)
    cited = _CONNECTIVES.sub("", core)
    if cited != core and len(cited) <= _SOURCE_NAME_MAX and _has_source(cited, ctx):
        return None  # "按照年度工作计划" for "年度工作计划完成率": a short citation of the source the row names
    # "依据" added to the row's own words still names no source
    if _has_source(_CONNECTIVES.sub("|", rest), ctx):
        return None
    # reworded: the pairs are broken up, but the basis adds no word of its own
    own_words = _FILLER.sub("", _CONNECTIVES.sub("", rest)).replace("|", "")
    if share < _COPY_COVERAGE and not (len(core) >= _MIN_REWORDED and len(own_words) <= 1):
        return None
    return max(cells, key=lambda label: _coverage(core, _pairs(cells[label]))[0])


def _other_measure_for_satisfaction(ind: Indicator, basis: str) -> bool:
    if not m.SATISFACTION.search(f"{ind.name}{ind.description}") or "《" in (ind.basis or ""):
        return False
    return _OPINION.search(basis) is None and _OTHER_MEASURE.search(basis) is not None


def _problem(ind: Indicator, ctx: Context) -> str | None:
    """Why this basis is no basis, or None when it is one (or when the table has no basis column)."""
    raw = ind.basis
    if raw is None:
        return None
    basis = _norm(raw)
    if not basis:
        return "为空"
    if _UNIT_ONLY.match(basis):
        return "只填了计量单位"
    parsed = parse_value(raw)  # the basis cell read like a value: is it a bare target or a "是"?
    if parsed.kind in (ValueKind.EMPTY, ValueKind.YES_NO):
        return "没有实际内容"  # "无", "—", "是"
    copied = _copied_cell(basis, ind, ctx)
    if copied is not None:
        return f"只是照抄了本行的{copied}"
    if _other_measure_for_satisfaction(ind, basis):
        return "说明的是另一项指标的口径或数量，不是满意度目标值的来源"
    vague, slogan_starts = _vague_lists(tuple(ctx.lexicon.words("basis_vague")))
    if vague is not None and vague.search(basis) and not _has_source(vague.sub("|", basis), ctx):
        return "是“结合实际”“逐年提升”一类的空泛表述"
    if _has_source(basis, ctx) or _population_basis(basis):
        return None
    if parsed.kind in (ValueKind.NUMBER, ValueKind.RANGE):
        return "只是一个目标值，没有说明从何而来"
    if len(basis) <= _MEASURE_NAME_MAX and _MEASURE_NAME.search(basis):
        return "只是一个指标名称或统计口径，不是取值依据"
    if basis.startswith(slogan_starts):
        return "是工作目的或口号，不是取值依据"
    return None


def _message(ind: Indicator, reason: str) -> Hit:
    label = ind.name.strip() or ind.description.strip() or "该指标"
    value = f"“{ind.value.strip()}”" if ind.value.strip() else ""
    if ind.basis and ind.basis.strip():
        message = f"指标“{label}”的指标值确定依据“{ind.basis.strip()}”{reason}，不能说明目标值{value}的来源。"
    else:
        message = f"指标“{label}”未填写指标值确定依据，无法判断目标值{value}是否合理。"
    return Hit(
        message=message,
        suggestion=(
            f"写明“{label}”目标值的来源：政策文件或计划的名称文号、行业标准、上年实际完成数、历史统计数据、"
            "合同约定或测算过程(如“上年完成1000人，按增长5%测算”)。"
        ),
    )


def _only_template(text: str, ctx: Context) -> bool:
    """The cell holds nothing but template text ("目标内容1", "XX"), or nothing at all."""
    text = text.strip()
    if not text:
        return True
    return any((found := p.search(text)) is not None and found.group(0).strip() == text for p in ctx.lexicon.placeholder_regexes)


def _untouched_template(ind: Indicator, ctx: Context) -> bool:
    """A template row nobody filled in ("目标内容1", no value, no basis): one problem, NAM003's.

    Its empty basis is part of the unused row, not a second finding. A row the department did start
    ("XX满意度" with a gap for the object) is a real indicator whose missing basis is its own omission.
    """
    if row_placeholder(ind, ctx) is None:
        return False
    return all(_only_template(text or "", ctx) for text in (ind.name, ind.description, ind.value, ind.basis))


def _basis_invalid(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    if not (ind.name.strip() or ind.description.strip()):
        return
    if _untouched_template(ind, ctx):
        return
    reason = _problem(ind, ctx)
    if reason is not None:
        yield _message(ind, reason)


BASIS_INVALID = Rule(
    code="BAS001",
    name="basis_invalid",
    kind=Kind.BASIS_INVALID,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="指标值确定依据无效",
    rationale=(
        "确定依据用来说明目标值为什么定在这个水平(文件规定、计划任务、行业标准、历史数据、测算过程)；"
        "空白、只填单位、照抄名称/描述/指标值或写口号，审核时无法判断目标值是否合理、是否偏低。"
    ),
    basis="财预〔2015〕88号 可行性(绩效目标应有依据、合理可行)；财预〔2021〕101号 指标值设定依据",
    suggestion="写明依据的文件、计划、标准或上年数据，必要时列出测算过程。",
    check=_basis_invalid,
)


def _shared_basis_elsewhere(project: Project, ctx: Context) -> Iterator[Hit]:
    """A specific explanation copied down the column: it fits one row and says nothing about the others."""
    by_text: dict[str, list[Indicator]] = {}
    for ind in project.indicators:
        basis = _norm(ind.basis)
        if len(basis) >= _SHARED_BASIS_MIN and (ind.name.strip() or ind.description.strip()):
            by_text.setdefault(basis, []).append(ind)
    for basis, rows in by_text.items():
        if len(rows) < 2 or _has_source(basis, ctx):
            continue
        fits = {ind.row: _coverage(basis, set().union(*map(_pairs, _row_cells(ind).values())))[0] for ind in rows}
        owner = max(rows, key=lambda ind: fits[ind.row])
        if fits[owner.row] < 0.1:
            continue
        for ind in rows:
            if ind.row != owner.row and fits[ind.row] < 0.05 and _problem(ind, ctx) is None:
                yield Hit(
                    message=(
                        f"指标“{ind.name.strip() or ind.description.strip()}”的确定依据“{ind.basis.strip() if ind.basis else ''}”"
                        f"照抄自“{owner.name.strip()}”一行，与本指标无关，不能说明目标值的来源。"
                    ),
                    suggestion=f"为“{ind.name.strip()}”单独写明目标值的来源(文件、计划、标准、上年数据或测算过程)。",
                    row=ind.row,
                )


BASIS_COPIED_FROM_ROW = Rule(
    code="BAS002",
    name="basis_copied_from_other_row",
    kind=Kind.BASIS_INVALID,
    severity=Severity.WARNING,
    scope=Scope.PROJECT,
    title="指标值确定依据照抄其他指标",
    rationale="一段只说明某一个指标的依据被整列复制到其他指标，其他指标实际上没有依据，审核无法判断其目标值是否合理。",
    basis="财预〔2015〕88号 可行性；财预〔2021〕101号 指标值设定依据",
    suggestion="逐个指标写明各自目标值的来源。",
    check=_shared_basis_elsewhere,
)


RULES: list[Rule] = [BASIS_INVALID, BASIS_COPIED_FROM_ROW]
