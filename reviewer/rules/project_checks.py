"""PRJ: the project as a whole: categories, goal, spending plan."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reviewer.findings import Kind, Severity
from reviewer.model import Indicator, Level1, Level2, Project, TemplateRow, classify_level1, classify_level2
from reviewer.numbering import tokens
from reviewer.rules.base import Context, Hit, Rule, Scope
from reviewer.values import ValueKind

# ---------------------------------------------------------------- missing_category

# When a draft leaves the 一级 cell blank or writes something odd there, the 二级 still tells the category.
_LEVEL1_OF_LEVEL2: dict[Level2, Level1] = {
    Level2.QUANTITY: Level1.OUTPUT,
    Level2.QUALITY: Level1.OUTPUT,
    Level2.TIMELINESS: Level1.OUTPUT,
    Level2.ECONOMIC: Level1.EFFECT,
    Level2.SOCIAL: Level1.EFFECT,
    Level2.ECOLOGICAL: Level1.EFFECT,
    Level2.SUSTAINABLE: Level1.EFFECT,
    Level2.SATISFACTION: Level1.SATISFACTION,
}

# The three categories every table must fill (财预〔2021〕101号); 成本 is not required of older forms.
_REQUIRED: dict[Level1, str] = {
    Level1.OUTPUT: "产出指标",
    Level1.EFFECT: "效益指标",
    Level1.SATISFACTION: "满意度指标",
}


def categories_of(row: Indicator | TemplateRow) -> set[Level1]:
    """The 一级 categories a row fills: its 一级, and the one its 二级 implies.

    Older forms put 服务对象满意度 as a 二级 under 效益指标; such a row still fills 满意度. Counting a
    row for both is generous on purpose: a misplaced row is `misclassified`, not a missing category.
    """
    found = {classify_level1(row.level1)} - {Level1.OTHER}
    implied = _LEVEL1_OF_LEVEL2.get(classify_level2(row.level2))
    if implied is not None:
        found.add(implied)
    return found


def _missing_category(project: Project, ctx: Context) -> Iterator[Hit]:
    if not project.indicators and not project.template_rows:
        return  # no table was found: nothing to judge (and nothing a reader could point at)
    filled: set[Level1] = set()
    named: set[Level1] = set()
    for template in project.template_rows:
        named |= categories_of(template)
    for ind in project.indicators:
        named |= categories_of(ind)
        if ind.parsed.kind is not ValueKind.EMPTY:
            filled |= categories_of(ind)
    missing = [label for category, label in _REQUIRED.items() if category not in filled]
    if not missing:
        return
    listed = "、".join(missing)
    detail = "(相关行的指标值为空)" if any(c in named for c, label in _REQUIRED.items() if label in missing) else ""
    example = {
        "产出指标": "数量/质量/时效指标，如“完成…(件/人/次)”",
        "效益指标": "社会效益等指标，如“…覆盖率≥95%”",
        "满意度指标": "服务对象满意度，如“受益群众满意度≥90%”",
    }
    yield Hit(
        message=f"项目“{project.name}”的指标表中没有填写了指标值的{listed}{detail}，绩效指标体系不完整。",
        suggestion="补充" + "；".join(f"{label}：{example[label]}" for label in missing) + "。",
    )


MISSING_CATEGORY = Rule(
    code="PRJ001",
    name="missing_category",
    kind=Kind.MISSING_CATEGORY,
    severity=Severity.ERROR,
    scope=Scope.PROJECT,
    title="缺少产出、效益或满意度指标",
    rationale="绩效指标应覆盖产出、效益和满意度；缺少其中一类(或只留下空行)，项目的绩效就无法全面衡量，审核应退回补充。",
    basis="财预〔2015〕88号 完整性；财预〔2021〕101号 指标体系(产出、效益、满意度指标)",
    suggestion="为缺少的类别补充至少一个有指标值的三级指标。",
    check=_missing_category,
)


# ---------------------------------------------------------------- goal_not_smart

_TEMPLATE_LABEL = re.compile(r"目标内容\s*\d{1,2}")
# A quantity an evaluator can count: a number with a counting unit or a percentage. Years and months
# alone are dates, not quantities ("2024年", "利用3年时间" is no yearly target).
_QUANTITY = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|％|‰|[万千百亿]?(?:元|张|个|人|次|件|户|台|套|篇|份|册|家|所|场|期|项|公里|千米|米|平方米|亩|吨|"
    r"名|辆|座|处|条|起|批|宗|例|部|间|栋|班|届|课时|学时|村|镇|乡|个月|小时|天|日|周|余|公斤|千克|克|升|立方米|方|"
    r"公顷|平方公里|千瓦|眼|株|棵|头|只|所|分)|[万亿](?![\u4e00-\u9fff]))"
    r"|百分之[零一二两三四五六七八九十百\d]+"
    r"|[≥≤>＞<＜]\s*\d"
)
# A deadline: "6月底前", "12月31日前", "10个工作日内".
_DEADLINE = re.compile(
    r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}日)?(?:底|末|份|中旬|上旬|下旬)?(?:前|之前|以前)"
    r"|年底前|年末前|季度(?:末|底)?前|\d+个?(?:工作日|日|天|小时)(?:内|之内)"
)
# A standard that can be checked as met or not: paid in full, paid every month, no accident at all.
_STANDARD = re.compile(r"足额|按月|按季度?|每月|每季度?|每周|每日|每年\d|不发生|零发生|零事故")


def _checkable(goal: str) -> bool:
    spans = [(t.start, t.end) for t in tokens(goal)]
    text = "".join(ch if not any(a <= i < b for a, b in spans) else " " for i, ch in enumerate(goal))
    text = _TEMPLATE_LABEL.sub(" ", text)
    return bool(_QUANTITY.search(text) or _DEADLINE.search(text) or _STANDARD.search(text))


def _goal_not_smart(project: Project, ctx: Context) -> Iterator[Hit]:
    goal = project.goal.strip()
    if not goal:
        return  # a missing goal is the reader's or the form's business, not a vague one
    if _checkable(goal):
        return
    shown = goal if len(goal) <= 60 else goal[:60] + "…"
    yield Hit(
        message=f"绩效目标“{shown}”没有数量、质量标准或完成时限，年终无法据以考核。",
        suggestion=(
            "按“做什么、做多少、做到什么标准、什么时间完成”改写，例如“年内完成…X项(人/次)，…率达到95%以上，"
            "12月底前资金全部支付”，并与指标表中的指标值一致。"
        ),
    )


GOAL_NOT_SMART = Rule(
    code="PRJ002",
    name="goal_not_smart",
    kind=Kind.GOAL_NOT_SMART,
    severity=Severity.WARNING,
    scope=Scope.PROJECT,
    title="绩效目标不具体、不可考核",
    rationale=(
        "绩效目标应说明资金在一年内要达到的产出和效果，并细化量化；“保证正常运行”“各项工作全部落实”"
        "这类表述没有数量、标准或时限，评价时无法判断是否实现。"
    ),
    basis="财预〔2015〕88号 完整性、可行性(绩效目标应清晰、细化、量化)",
    suggestion="写出可考核的数量、质量标准和完成时限。",
    check=_goal_not_smart,
)


# ---------------------------------------------------------------- plan_invalid

_MONTHS = ("3月底", "6月底", "10月底", "12月底")
_TOLERANCE = 0.5  # percentage points: "33.3%" written for a third is not an error


def _plan_points(project: Project) -> list[tuple[str, float | None]]:
    plan = project.spending_plan
    if plan is None:
        return []
    values = list(plan.percents)
    known = [v for v in values if v is not None]
    if not known:
        return []
    raw = "".join(plan.raw)
    if "%" not in raw and "％" not in raw:
        budget = project.budget
        if all(v <= 1.0 for v in known) and abs(known[-1] - 1.0) < 1e-6:
            values = [None if v is None else v * 100 for v in values]  # written as fractions: 0.25 … 1
        elif budget and budget != 100 and abs((values[-1] or 0.0) - budget) <= max(0.01 * budget, 0.01):
            values = [None if v is None else v / budget * 100 for v in values]  # written as amounts (万元)
    months = _MONTHS if len(values) == len(_MONTHS) else tuple(f"第{i + 1}期" for i in range(len(values)))
    return list(zip(months, values, strict=True))


def _plan_problem(points: list[tuple[str, float | None]]) -> str | None:
    seen: list[tuple[str, float]] = [(m, v) for m, v in points if v is not None]
    for (m1, v1), (m2, v2) in zip(seen, seen[1:], strict=False):
        if v2 < v1 - _TOLERANCE:
            return f"累计支出比例从{m1}的{v1:g}%降到{m2}的{v2:g}%(累计数不应减少)"
    last_month, last = points[-1]
    if last is None:
        return f"{last_month}的累计支出比例未填写"
    if last < 100 - _TOLERANCE:
        return f"到{last_month}累计只支出{last:g}%，未达到100%"
    if last > 100 + _TOLERANCE:
        return f"到{last_month}累计支出{last:g}%，超过了100%"
    return None


def _plan_invalid(project: Project, ctx: Context) -> Iterator[Hit]:
    points = _plan_points(project)
    if not points:
        return  # no plan at all is not an invalid plan
    problem = _plan_problem(points)
    if problem is None:
        return
    raw = "、".join(c.strip() or "空" for c in project.spending_plan.raw) if project.spending_plan else ""
    yield Hit(
        message=f"资金支出计划(累计)“{raw}”：{problem}。",
        suggestion="按实际用款进度填写逐季累计的支出比例，逐期不减少，12月底达到100%(如25%、50%、75%、100%)。",
    )


PLAN_INVALID = Rule(
    code="PRJ003",
    name="plan_invalid",
    kind=Kind.PLAN_INVALID,
    severity=Severity.WARNING,
    scope=Scope.PROJECT,
    title="资金支出计划异常",
    rationale=(
        "资金支出计划是3、6、10、12月底的累计支出进度：累计数不会减少，年度预算应在12月底前全部支出；"
        "年底达不到100%说明预算编多了或计划不实，财政部门据此安排用款和监控执行进度。"
    ),
    basis="财预〔2015〕88号 可行性；建议(预算执行进度管理)",
    suggestion="按累计口径重填支出计划，12月底为100%。",
    check=_plan_invalid,
)


RULES: list[Rule] = [MISSING_CATEGORY, GOAL_NOT_SMART, PLAN_INVALID]
