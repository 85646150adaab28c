"""REL: indicators that do not measure this project.

Only what the text decides: an ecological benefit claimed by a project with no environmental content,
an income gain claimed by a project with no economic purpose, an indicator that names another
insurance programme than the project's. Subtler cases (a 完工及时率 on a car rental) are the LLM's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reviewer.findings import Kind, Severity
from reviewer.model import Indicator, Level2, Project
from reviewer.rules import measure_terms as m
from reviewer.rules.base import Context, Hit, Rule, Scope
from reviewer.rules.wording import row_placeholder
from reviewer.values import ValueKind

# The category's own words say nothing about the indicator's content.
_CATEGORY_WORDS = re.compile(r"生态效益|生态环境|生态|环境")
# An income or earnings gain for someone.
_INCOME_GAIN = re.compile(r"收入|增收|收益|创收|致富")
# A project purpose that makes income gains relevant. Places (农村, 乡村) are not purposes: a rural
# water-supply repair or a village clinic does not exist to raise anyone's income; 乡村振兴 does.
_ECONOMIC_PURPOSE = re.compile(
    r"收入|增收|收益|经济|产业|就业|创业|贷款|贴息|企业|农业|农民|乡村振兴|旅游|招商|商贸|市场|消费|脱贫|扶贫|致富"
    r"|合作社|电商|产值|养殖|种植|公路|道路|交通|基础设施|园区|水利|灌溉|土地|住房|能源"
)
# A claim on the region's whole economy (地区生产总值增速, GDP增长), not on anyone's income.
_REGIONAL_ECONOMY = re.compile(r"生产总值|GDP|经济增速|经济增长|经济总量|地方经济|区域经济|县域经济")
# Purposes that make the regional economy the project's business. Firms or energy in a project's text
# (an emission-control project treats 企业) are objects of the work, not an economic-development purpose.
_DEVELOPMENT_PURPOSE = re.compile(
    r"经济发展|发展经济|经济增长|产业|招商|园区|商贸|消费|产值|乡村振兴|营商|投资|生产总值|GDP|县域经济|区域经济"
)
# Leverage ("带动农户增收") is how a genuine economic benefit is stated; a direct claim is not.
_LEVERAGE = re.compile(r"带动|促进|拉动|辐射")
# Social-insurance programmes: one project funds one of them.
_PROGRAMMES: dict[str, re.Pattern[str]] = {
    "养老": re.compile(r"养老"),
    "医疗": re.compile(r"医疗|医保"),
    "失业": re.compile(r"失业"),
    "工伤": re.compile(r"工伤"),
    "生育": re.compile(r"生育"),
}


def _project_text(project: Project) -> str:
    return " ".join([project.name, project.purpose or "", project.goal, *project.goal_items])


def _has_value(ind: Indicator) -> bool:
    return ind.parsed.kind is not ValueKind.EMPTY


def _measured(ind: Indicator) -> bool:
    """A number or a yes/no: the row states a checkable result ("垃圾清运量≥500吨"), which hints at
    environmental work the project text leaves out. "节能减排效果 有效提升" only claims a general
    effect in environmental words, which any project could copy from the template."""
    return ind.parsed.kind in (ValueKind.NUMBER, ValueKind.RANGE, ValueKind.YES_NO)


def _ecology_without_environment(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    if ind.category2 is not Level2.ECOLOGICAL or not _has_value(ind) or m.is_money_value(ind):
        return  # no value: nothing claimed; money: a cost in the wrong place (CLS006)
    if row_placeholder(ind, ctx):
        return  # template text left in the row ("指标1："): NAM003 reports it, nothing is claimed yet
    if m.NOT_APPLICABLE.search(f"{m.words(ind)} {ind.value}"):
        return  # "不涉及": the department already says the category does not apply
    if ctx.lexicon.contains_any("environment_terms", _project_text(project)):
        return
    if _measured(ind) and ctx.lexicon.contains_any("environment_terms", _CATEGORY_WORDS.sub("", m.words(ind))):
        return  # the row measures a concrete environmental quantity; let a reader judge
    yield Hit(
        message=(
            f"项目“{project.name}”的名称、用途和绩效目标均不涉及生态环境，"
            f"生态效益指标{m.quote(m.label(ind))}与项目无关。"
        ),
        suggestion="删除该生态效益指标(不适用的二级指标可不设)，或改为本项目确实产生的社会效益。",
    )


def _income_without_economic_purpose(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    if ind.category2 is not Level2.ECONOMIC or not _has_value(ind) or row_placeholder(ind, ctx):
        return
    if _REGIONAL_ECONOMY.search(ind.name):
        # The whole region's economy moves for a thousand reasons: only a project that exists to
        # develop it may claim its growth, and then by leverage or not, it is still that purpose.
        if _DEVELOPMENT_PURPOSE.search(_project_text(project)):
            return
        yield Hit(
            message=(
                f"项目“{project.name}”并不以发展地方经济为目的，经济效益指标{m.quote(m.label(ind))}"
                "是地区整体经济指标，无法归因于本项目，与项目无关。"
            ),
            suggestion="删除该经济效益指标(无经济效益的项目可不设)，效益指标改为项目直接产生的社会或生态效益。",
        )
        return
    if not _INCOME_GAIN.search(ind.name) or _LEVERAGE.search(ind.name):
        return
    if _ECONOMIC_PURPOSE.search(_project_text(project)):
        return
    yield Hit(
        message=f"项目“{project.name}”并不以增加收入为目的，经济效益指标{m.quote(m.label(ind))}与项目无关。",
        suggestion="删除该经济效益指标(无经济效益的项目可不设)，效益指标改为项目实际带来的社会效益。",
    )


# "带动乡村旅游收入增长", "拉动医药产业产值增长": a spill-over claimed on another sector's income or output.
_SPILLOVER = re.compile(r"(?:带动|拉动)(?P<sector>[\u4e00-\u9fff]{2,10}?)(?:收入|产值|营业额|销售额|营收|增加值)")
# The sector words a spill-over names; people ("农民", "创业人员") and firms ("企业") are beneficiaries,
# judged by REL002, not sectors.
_SECTOR = re.compile(
    r"产业|行业|旅游|文旅|餐饮|住宿|商贸|物流|医药|康养|零售|制造|建筑|电商|养殖|种植|加工|服务业|文化"
)
# Qualifiers around the sector's own word: "乡村旅游" is about 旅游, "医药产业" about 医药.
_SECTOR_QUALIFIERS = re.compile(r"乡村|农村|城乡|城市|全县|全市|全区|本地|当地|地方|区域|相关|周边|上下游|产业|行业|业$")
# A project whose purpose is to develop industry may claim spill-overs on any sector.
_INDUSTRY_PURPOSE = re.compile(r"产业|招商|经济发展|乡村振兴|园区|商贸|消费|产值")


def _spillover_to_other_sector(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    if ind.category2 is not Level2.ECONOMIC or not _has_value(ind) or row_placeholder(ind, ctx):
        return
    found = _SPILLOVER.search(re.sub(r"\s", "", ind.name))
    if found is None or _SECTOR.search(found.group("sector")) is None:
        return
    core = _SECTOR_QUALIFIERS.sub("", found.group("sector"))
    if len(core) < 2:
        return  # "带动相关产业产值": no sector named, nothing to compare with the project
    text = _project_text(project)
    named = {w for w in _SECTOR.findall(found.group("sector")) if w not in ("产业", "行业")}
    if core in text or any(w in text for w in named) or _INDUSTRY_PURPOSE.search(text):
        return  # the project works in that sector ("旅游厕所建设" and 旅游收入), or develops industry
    yield Hit(
        message=(
            f"项目“{project.name}”的名称、用途和绩效目标不涉及“{core}”，也不以发展产业为目的，"
            f"经济效益指标{m.quote(m.label(ind))}把其他行业的增长算作本项目效益，与项目无关。"
        ),
        suggestion="删除该经济效益指标(无经济效益的项目可不设)，效益指标改为项目直接产生的社会效益。",
    )


def _programmes_in(text: str) -> set[str]:
    return {name for name, pattern in _PROGRAMMES.items() if pattern.search(text)}


def _other_programme(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    own = _programmes_in(project.name)
    if len(own) != 1:
        return
    named = _programmes_in(m.words(ind))
    if not named or named & own:
        return
    other = "、".join(sorted(named))
    yield Hit(
        message=f"项目“{project.name}”属{next(iter(own))}类，指标{m.quote(m.label(ind))}却针对{other}，对象与本项目不符。",
        suggestion="按本项目的对象改写该指标(疑为从其他项目照抄)。",
    )


_BASIS = "财预〔2015〕88号 相关性(绩效目标应与项目属性、用途相关)"

ECOLOGY_WITHOUT_ENVIRONMENT = Rule(
    code="REL001",
    name="ecology_without_environment",
    kind=Kind.IRRELEVANT,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="与生态环境无关的项目设置生态效益指标",
    rationale="项目的名称、资金用途和绩效目标都不涉及生态环境，生态效益指标只是照模板填写，无法据以评价，也稀释了真正的效益目标。",
    basis=_BASIS,
    suggestion="不适用的二级指标可不设；删除该指标或改为项目实际产生的效益。",
    check=_ecology_without_environment,
)

INCOME_WITHOUT_ECONOMIC_PURPOSE = Rule(
    code="REL002",
    name="income_without_economic_purpose",
    kind=Kind.IRRELEVANT,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="非经济类项目以增加收入或地区经济增长作为经济效益",
    rationale=(
        "维稳、安保、保险、污染治理等项目并不以增加收入或发展地方经济为目的，“增加收入”“地区生产总值增速”类指标"
        "与项目无关，常是把拨付的经费当作收入，或把无法归因的全地区经济增长算作本项目效益。"
    ),
    basis=_BASIS,
    suggestion="删除该指标；没有经济效益的项目可不设经济效益指标。",
    check=_income_without_economic_purpose,
)

OTHER_PROGRAMME = Rule(
    code="REL003",
    name="other_programme_object",
    kind=Kind.IRRELEVANT,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="指标对象属于另一个保险项目",
    rationale="养老保险补助项目中出现医疗补助人员等其他险种的对象，多为照抄其他项目的指标，与本项目无关。",
    basis=_BASIS,
    suggestion="按本项目的补助对象改写指标。",
    check=_other_programme,
)

SPILLOVER_TO_OTHER_SECTOR = Rule(
    code="REL004",
    name="spillover_to_other_sector",
    kind=Kind.IRRELEVANT,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="以带动其他行业增长作为经济效益",
    rationale=(
        "执法、救助、保障类项目不以发展产业为目的，声称“带动”某个与项目无关的行业收入或产值增长，"
        "既无法归因于本项目，也无法评价，只是为填满经济效益指标。"
    ),
    basis=_BASIS,
    suggestion="删除该指标；没有经济效益的项目可不设经济效益指标。",
    check=_spillover_to_other_sector,
)

RULES: list[Rule] = [ECOLOGY_WITHOUT_ENVIRONMENT, INCOME_WITHOUT_ECONOMIC_PURPOSE, OTHER_PROGRAMME, SPILLOVER_TO_OTHER_SECTOR]
