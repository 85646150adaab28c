"""NAM: names and descriptions: boilerplate, copies, template residue, private persons."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from reviewer.findings import Kind, Severity
from reviewer.model import Indicator, Level2, Project
from reviewer.rules.base import Context, Hit, Rule, Scope
from reviewer.values import ValueKind

# Everything that does not change what a name says: spaces, punctuation, brackets, "%" of "（%）".
_NOISE = re.compile(r"[\s\u3000，,。.．、;；:：!！?？\"“”'‘’()（）\[\]【】<>《》〈〉%％/／\-—_·]")

# Words in front of a name that qualify nothing ("各项任务完成及时率" is still just "完成及时率").
# 项目 is not one of them: "项目成本" is the standard name of the cost row, not an empty "成本".
_EMPTY_QUALIFIERS = re.compile(r"^(?:各项|各类|全部|整体|总体|本年度|年度|全年|日常|相关|任务|工作|业务)+")
_TRAILING_STATE = re.compile(r"(?:提升|提高)?情况$")

# What a description may add to a name without defining anything: the polarity ("人数越多越好").
# ("…的次数" alone does add something: the unit of count.)
_DIRECTION_ONLY = re.compile(r"^(?:的)?(?:人数|数量|次数|比例|比率)?越(?:多|高|大|少|低|小|快|短)越(?:好|优)$")


def norm(text: str) -> str:
    return _NOISE.sub("", text)


def _quote(text: str) -> str:
    return f"“{text.strip()}”"


# ---------------------------------------------------------------- generic_name


@lru_cache(maxsize=8)
def _generic_sets(entries: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    whole = frozenset(norm(e) for e in entries if not e.startswith("*"))
    parts = tuple(norm(e[1:]) for e in entries if e.startswith("*") and norm(e[1:]))
    return whole, parts


def _name_forms(name: str) -> set[str]:
    """The name as written and with its empty qualifiers taken off (both are compared with the list)."""
    text = norm(name)
    forms = {text}
    core = _TRAILING_STATE.sub("", text) or text
    forms.add(core)
    forms.add(_EMPTY_QUALIFIERS.sub("", core) or core)
    forms.add(_EMPTY_QUALIFIERS.sub("", text) or text)
    return forms


# A vague condition that no figure defines: "提高群众健康水平", "全民阅读氛围", "河湖环境", "提升创新能力".
# Named that way and given a value in words ("明显提高", "持续改善"), the row states a wish, not a measure.
# With a slogan verb in front it is a wish whatever the basis; without one ("市容环境", "防治效果") it may be
# a state the department scores by a named method, so it is generic only when the basis names no source.
_SLOGAN_VERB = "提高|提升|营造|促进|增强|改善|优化|加强"
_VAGUE_CONDITION = re.compile(rf"^(?:{_SLOGAN_VERB})?[\u4e00-\u9fff]{{0,10}}(?:水平|氛围|环境|效果|意识|能力)$")
_SLOGAN_LED = re.compile(rf"^(?:{_SLOGAN_VERB})")
# A value that only says "better": "有效提升", "明显提高", "进一步增强", "持续改善", "良好", or a grade.
# A value naming what improves ("提高新区精神文明") at least says what the row is about.
_BETTER_ONLY = re.compile(
    r"^(?:有效|明显|显著|进一步|持续|不断|稳步|逐步|逐年|大幅|全面|普遍|切实|得到|有所|较大|大力)*"
    r"(?:提升|提高|增强|改善|加强|优化|好转|向好|良好|较好|良|优|好)$"
)


def _vague_condition(ind: Indicator, ctx: Context) -> bool:
    """A vague condition whose value only says "better"; with a figure ("≥90%") it is at worst loose."""
    if not (ind.parsed.kind is ValueKind.GRADED or _BETTER_ONLY.match(norm(ind.value))):
        return False
    forms = [form for form in _name_forms(ind.name) if _VAGUE_CONDITION.match(form)]
    if not forms:
        return False
    if any(_SLOGAN_LED.match(form) for form in forms) or _SLOGAN_LED.match(norm(ind.description)):
        return True
    return not (ind.basis and ctx.lexicon.contains_any("basis_sources", ind.basis))


def _category_name(text: str) -> str:
    return norm(text).removesuffix("指标")


def _generic_name(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    name = norm(ind.name)
    if len(name) < 2:
        return
    whole, parts = _generic_sets(tuple(ctx.lexicon.words("generic_names")))
    forms = _name_forms(ind.name)
    reason = None
    if forms & whole or any(part in name for part in parts):
        reason = "是可以套用到任何项目的空泛表述，没有说明衡量的对象和口径"
    elif _vague_condition(ind, ctx):
        reason = f"只是“水平”“氛围”“环境”“效果”“能力”一类无法计量的状态，指标值{_quote(ind.value)}也未给出衡量标准"
    elif ind.category2 is not Level2.SATISFACTION and name in {
        _category_name(ind.level2),
        _category_name(ind.level1),
    }:
        # "服务对象满意度" under "服务对象满意度指标" names a real survey measure; other categories do not.
        reason = "只是重复了所在的一级/二级指标名称"
    if reason is None:
        return
    focus = norm(project.name) or "本项目"
    yield Hit(
        message=f"三级指标{_quote(ind.name)}{reason}。",
        suggestion=(
            f"改为能直接计量的具体指标，写明对象和口径，例如“{focus}…完成数量(个)”“…覆盖率(%)=已覆盖数/应覆盖数”，"
            "避免“提高效率”“社会稳定水平”“可持续性”一类套话。"
        ),
    )


GENERIC_NAME = Rule(
    code="NAM001",
    name="generic_name",
    kind=Kind.GENERIC_NAME,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="三级指标名称空泛",
    rationale=(
        "“完成率”“社会稳定水平”“可持续性”这类名称放在任何项目中都成立，说不清衡量的是哪项产出或效果，"
        "年终无法据以采集数据和评价；只重复一级/二级指标名称的三级指标同样没有内容。"
    ),
    basis="财预〔2021〕101号 指标设置规范(三级指标应细化、具体、可衡量)；财预〔2015〕88号 相关性",
    suggestion="按“对象+计量内容+单位”命名三级指标，如“法律援助案件受理数(件)”“设备完好率(%)”。",
    check=_generic_name,
)


# ---------------------------------------------------------------- copied_description


def _one_char_apart(a: str, b: str) -> bool:
    """Same length, one character differs: a typo of the same words ("受益乡镇个数"/"收益乡镇个数")."""
    return len(a) == len(b) >= 4 and sum(x != y for x, y in zip(a, b, strict=True)) == 1


# "按预算资金完成率" for "预算资金完成率": a preposition in front, with nothing to say how or by what.
_BY_PREFIX = re.compile(r"^(?:按照|按)")


def _copy_reason(name: str, description: str) -> str | None:
    if name == description or _one_char_apart(name, description):
        return "与三级指标名称相同"
    if _BY_PREFIX.sub("", description) == name:
        return "只是在三级指标名称前加了“按”字"
    if description.startswith(name) and _DIRECTION_ONLY.match(description[len(name):]):
        return "只是在三级指标名称后加了指标方向"
    if len(description) >= 2 and name.endswith(description) and len(name) > len(description):
        return "只是截取了三级指标名称的一部分"
    return None


def _copied_description(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    name, description = norm(ind.name), norm(ind.description)
    if not name or not description:
        return
    reason = _copy_reason(name, description)
    if reason is None:
        return
    yield Hit(
        message=f"绩效指标描述{_quote(ind.description)}{reason}，没有界定统计范围和计算口径。",
        suggestion=(
            f"描述应说明{_quote(ind.name)}统计什么、怎么算，例如“统计期内…的数量”或“…率=实际完成数/计划数×100%”，"
            "并写明数据来源。"
        ),
    )


COPIED_DESCRIPTION = Rule(
    code="NAM002",
    name="copied_description",
    kind=Kind.COPIED_DESCRIPTION,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="绩效指标描述照抄指标名称",
    rationale=(
        "绩效指标描述的作用是界定指标的统计范围、计算公式和数据来源；照抄名称等于没有描述，"
        "评价时各方对口径会有不同理解，目标值也无从核对。"
    ),
    basis="财预〔2021〕101号 指标设置规范(指标解释应明确口径和计算方法)",
    suggestion="写出指标的统计对象、范围和计算公式，如“已化解纠纷数/受理纠纷总数×100%”。",
    check=_copied_description,
)


# ---------------------------------------------------------------- placeholder

_ROW_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "三级指标"),
    ("description", "绩效指标描述"),
    ("value", "指标值"),
    ("basis", "指标值确定依据"),
)


def _placeholder_in(text: str | None, ctx: Context) -> str | None:
    if not text or not text.strip():
        return None
    for pattern in ctx.lexicon.placeholder_regexes:
        match = pattern.search(text)
        if match:
            return match.group(0).strip() or text.strip()
    return None


def row_placeholder(ind: Indicator, ctx: Context) -> str | None:
    """The template text left in any cell of the row, or None.

    Other rules defer to NAM003 on such a row: an empty or "XX" value under a "目标内容1" name is the
    template not filled in, one problem, not also a missing or unquantified target.
    """
    return next((found for field, _ in _ROW_FIELDS if (found := _placeholder_in(getattr(ind, field), ctx))), None)


def _placeholder_row(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    for field, label in _ROW_FIELDS:
        text = getattr(ind, field)
        found = _placeholder_in(text, ctx)
        if found:
            yield Hit(
                message=f"{label}{_quote(text)}仍是模板占位文字({_quote(found)})，未按实际填写。",
                suggestion=f"把{label}中的{_quote(found)}替换为本项目的实际内容或数值。",
            )
            return  # one finding per row is enough to send it back


PLACEHOLDER_ROW = Rule(
    code="NAM003",
    name="placeholder_in_row",
    kind=Kind.PLACEHOLDER,
    severity=Severity.ERROR,
    scope=Scope.ROW,
    title="指标行保留模板占位文字",
    rationale="“XX”“**”“指标1：”等是模板里留给填报人替换的占位符，留在表中说明该指标没有真正填写，无法审核。",
    basis="财预〔2015〕88号 完整性",
    suggestion="逐项替换模板占位文字；确实不适用的指标行整行删除。",
    check=_placeholder_row,
)


def _placeholder_goal(project: Project, ctx: Context) -> Iterator[Hit]:
    items = project.goal_items or ([project.goal] if project.goal else [])
    for item in items:
        found = _placeholder_in(item, ctx)
        if found:
            yield Hit(
                message=f"绩效目标{_quote(item)}仍是模板占位文字，未填写实际目标。",
                suggestion="写出本项目年度要完成的产出和效果，如“完成…(数量)，…率达到…%，…月底前完成”。",
            )
            return


PLACEHOLDER_GOAL = Rule(
    code="NAM004",
    name="placeholder_in_goal",
    kind=Kind.PLACEHOLDER,
    severity=Severity.ERROR,
    scope=Scope.PROJECT,
    title="绩效目标保留模板占位文字",
    rationale="绩效目标只留下“目标内容1”“XX”等模板文字，说明目标没有填写，项目无法审核。",
    basis="财预〔2015〕88号 完整性",
    suggestion="删除模板文字，写出具体、可考核的年度绩效目标。",
    check=_placeholder_goal,
)


# ---------------------------------------------------------------- personal_info

# Characters that end place and office names, titles and ordinary words, never a given name: with them
# "邱庄镇", "武装部", "毛主席", "范围内", "一段时间" are not people.
_NOT_GIVEN_NAME = set(
    "省市县区乡镇村街道局委办厅处科所站院校队部会组社室中心府门路河山湖江海馆证甸庄屯"
    "席记长任员者们人次间内外上下中前后时年月日期等的和及与其类项性化点面域户"
)


@lru_cache(maxsize=4)
def _person_pattern(surnames: tuple[str, ...], contexts: tuple[str, ...]) -> re.Pattern[str] | None:
    if not surnames or not contexts:
        return None
    single = "".join(sorted({s for s in surnames if len(s) == 1}))
    double = "|".join(sorted({s for s in surnames if len(s) == 2}, key=len, reverse=True))
    surname = f"(?:{double}|[{single}])" if double else f"[{single}]"
    context = "|".join(sorted(set(contexts), key=len, reverse=True))
    # surname + two given-name characters, right before a word about a person's own affairs
    return re.compile(rf"({surname}[\u4e00-\u9fff]{{2}})(?=(?:{context}))")


# A role that introduces one named person: "失独家庭户主刘桂兰等12户", "申请人王强、…". Right after such a
# word a surname-led two- or three-character word that ends where a name ends (等, a comma, a bracket,
# 同志, 一家) is the person, even when named once. 某 ("患者张某") is already anonymised.
_ROLE_BEFORE_NAME = "户主|患者|救助对象|申请人|信访人|当事人|监护人"
_NAME_END = r"(?=等|、|，|,|。|；|;|（|\(|同志|一家)"
_NOT_GIVEN_NAME_AFTER_ROLE = _NOT_GIVEN_NAME | set("某围数率费款额名单")


@lru_cache(maxsize=4)
def _role_name_pattern(surnames: tuple[str, ...]) -> re.Pattern[str] | None:
    single = "".join(sorted({s for s in surnames if len(s) == 1}))
    double = "|".join(sorted({s for s in surnames if len(s) == 2}, key=len, reverse=True))
    if not single:
        return None
    surname = f"(?:{double}|[{single}])" if double else f"[{single}]"
    return re.compile(rf"(?:{_ROLE_BEFORE_NAME})({surname}[\u4e00-\u9fff]{{1,2}}){_NAME_END}")


def _named_after_role(corpus: str, ctx: Context) -> list[str]:
    pattern = _role_name_pattern(tuple(ctx.lexicon.words("surnames")))
    if pattern is None:
        return []
    found: list[str] = []
    for match in pattern.finditer(corpus):
        candidate = match.group(1)
        if candidate not in found and not set(candidate[1:]) & _NOT_GIVEN_NAME_AFTER_ROLE:
            found.append(candidate)
    return found


# A named person heading a group: "由张建华等5名农业技术推广研究员牵头授课". "X等N名/人/位" followed by who they
# are names X as the first of those people. The name must start where a phrase starts (after punctuation or a
# word that introduces people: 由, 邀请, 带领…), so "消防武警等20名" is not read as "武警"; words ending in a
# troop, a post or an institution ("武警", "高管", "王书记") are not given names; "等3名同志" has no name at all.
_GROUP_AFTER_NAME = r"等[0-9０-９一二两三四五六七八九十百]+(?:名|人|位)(?=[\u4e00-\u9fff])"
_PHRASE_START = (
    r"(?:(?<![\u4e00-\u9fff])|(?<=由|请|派|及|和|与|同|聘)|(?<=邀请|聘请|组织|安排|带领|选派|委派|专家|教授|老师|医生))"
)
_NOT_GIVEN_NAME_IN_GROUP = _NOT_GIVEN_NAME_AFTER_ROLE | set("警兵官管校层工师生士")


@lru_cache(maxsize=4)
def _group_name_pattern(surnames: tuple[str, ...]) -> re.Pattern[str] | None:
    single = "".join(sorted({s for s in surnames if len(s) == 1}))
    double = "|".join(sorted({s for s in surnames if len(s) == 2}, key=len, reverse=True))
    if not single:
        return None
    surname = f"(?:{double}|[{single}])" if double else f"[{single}]"
    return re.compile(rf"{_PHRASE_START}({surname}[\u4e00-\u9fff]{{1,2}}){_GROUP_AFTER_NAME}")


def _named_before_group(corpus: str, ctx: Context) -> list[str]:
    pattern = _group_name_pattern(tuple(ctx.lexicon.words("surnames")))
    if pattern is None:
        return []
    found: list[str] = []
    for match in pattern.finditer(corpus):
        candidate = match.group(1)
        if candidate not in found and not set(candidate[1:]) & _NOT_GIVEN_NAME_IN_GROUP:
            found.append(candidate)
    return found


def _person_names(project: Project, ctx: Context) -> list[str]:
    pattern = _person_pattern(
        tuple(ctx.lexicon.words("surnames")), tuple(ctx.lexicon.words("personal_context"))
    )
    texts = [project.name, project.goal, *(f"{i.name}\n{i.description}\n{i.basis or ''}" for i in project.indicators)]
    corpus = "\n".join(texts)
    found: list[str] = _named_after_role(corpus, ctx)
    found += [name for name in _named_before_group(corpus, ctx) if not any(name in f or f in name for f in found)]
    if pattern is None:
        return found
    for match in pattern.finditer(corpus):
        candidate = match.group(1)
        if any(candidate in name or name in candidate for name in found):
            continue  # already named (a two-character name after a role is inside the longer match)
        if set(candidate[1:]) & _NOT_GIVEN_NAME:
            continue
        # A name is a name when the form uses it again (or puts it in the project name): one stray
        # match of surname + two characters before "家属" is not enough to call someone out.
        if corpus.count(candidate) >= 2 or candidate in project.name:
            found.append(candidate)
    return found


def _personal_info(project: Project, ctx: Context) -> Iterator[Hit]:
    names = _person_names(project, ctx)
    if names:
        shown = "、".join(_quote(n) for n in names)
        yield Hit(
            message=f"项目名称、绩效目标或指标中出现个人姓名{shown}，公开的预算绩效文本不应包含个人信息。",
            suggestion=f"删去姓名{shown}，改用“特定救助对象”“重点信访人员”等类别表述，项目名称按支出用途命名。",
        )


PERSONAL_INFO = Rule(
    code="NAM005",
    name="personal_info",
    kind=Kind.PERSONAL_INFO,
    severity=Severity.ERROR,
    scope=Scope.PROJECT,
    title="项目中出现个人姓名",
    rationale=(
        "预算绩效目标随部门预算公开，写入具体个人(救助对象、信访人及其家属)的姓名会泄露个人信息；"
        "以个人命名项目也说明项目按事设立，而不是按支出用途和政策目标设立。"
    ),
    basis="建议(《个人信息保护法》；财预〔2015〕88号 相关性)",
    suggestion="用对象类别代替姓名，并按资金用途重新命名项目。",
    check=_personal_info,
)


RULES: list[Rule] = [GENERIC_NAME, COPIED_DESCRIPTION, PLACEHOLDER_ROW, PLACEHOLDER_GOAL, PERSONAL_INFO]
