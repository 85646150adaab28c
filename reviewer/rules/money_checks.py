"""CST: money: costs against the budget, funds used as outputs, budget arithmetic."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reviewer.findings import Kind, Severity
from reviewer.model import Indicator, Level2, Project
from reviewer.rules import measure_terms as m
from reviewer.rules.base import Context, Hit, Rule, Scope
from reviewer.values import Comparison

# Amounts are in 万元 with two decimals on the forms: differences below half a cent-of-万 are rounding.
_ROUNDING = 0.005

# Words that make a row a cost, wherever it sits (资源消耗 under 生态效益 is still a cost ceiling).
_COST_NAME = re.compile(r"成本|费用|经费|资金|预算|消耗|支出|开支|金额|投入|造价|花费")
# A per-unit amount: 每户, 人均, 单价, or a "元/户" unit.
_PER_UNIT_NAME = re.compile(r"每(?:名|位|个)?(?P<unit>[人户家台套次场件所辆本份期村张册]|个)|(?P<avg>[人户])均|单价|单位成本")
# Paying money to people is an output (补助/补贴/工资发放), not the fund flow CST003 is about.
_SAVINGS = re.compile(r"节约|节省|节支|挽回|损失|带动|拉动|撬动|吸引")
_CEILING_OPS = (Comparison.LE, Comparison.LT)
# A benefit in money this close to the budget is the budget itself.
_SAME_AS_BUDGET = 0.8


def _wan(amount: float) -> str:
    return f"{amount:,.4f}".rstrip("0").rstrip(".")


def _exceeds(amount: float, budget: float) -> bool:
    return amount > budget + _ROUNDING + budget * 1e-9


def _per_unit(ind: Indicator) -> str | None:
    """The unit a per-unit cost is counted in ("户" for 20元/户 or 每户参保金额), else None."""
    unit = ind.parsed.unit or ""
    if "/" in unit:
        return unit.split("/", 1)[1] or None
    found = _PER_UNIT_NAME.search(ind.name)
    if found is None:
        return None
    return found.group("unit") or found.group("avg") or "件"


def _unit_group(unit: str | None) -> str | None:
    if unit is None:
        return None
    return m.UNIT_GROUPS.get(unit, unit)


# --- CST001 / CST002: cost_budget_conflict -------------------------------------------------------------


def _cost_exceeds_budget(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    budget = project.budget
    if budget is None or budget <= 0 or _per_unit(ind) is not None:
        return
    # Under 成本 every amount is a cost; elsewhere only a ceiling on a cost-named row is one (资源消耗
    # ≤120万 under 生态效益), not an amount gained or leveraged (带动社会资金投入 ≥500万元).
    if not m.in_cost(ind) and not (_COST_NAME.search(ind.name) and ind.parsed.op in _CEILING_OPS):
        return
    amount = m.money_amount_wan(ind, high=True) or m.money_amount_wan(ind)
    if amount is None or not _exceeds(amount, budget):
        return
    yield Hit(
        message=(
            f"成本指标{m.quote(m.label(ind))}的指标值“{ind.value.strip()}”(即{_wan(amount)}万元)"
            f"超过项目预算数{_wan(budget)}万元。"
        ),
        suggestion=f"成本上限不应超过预算数，建议改为“≤{_wan(budget)}万元”或按实际测算的更低金额。",
    )


# Words of a unit cost's name that say how it is expressed, not whom or what it is paid for.
_COST_FRAME = re.compile(
    r"每(?:名|位|个)?[人户家台套次场件所辆本份期村张册个]?|[人户次]均|平均|单价|单位|成本|费用|金额|资金|经费|标准|水平"
    r"|额度|不超过|控制|[0-9０-９]+|[^\u4e00-\u9fff]"
)


def _subject_words(text: str) -> set[str]:
    """Two-character words left once the per-unit and money framing is removed ("人均救助金额" -> 救助)."""
    core = _COST_FRAME.sub(" ", text)
    return {part[i : i + 2] for part in core.split() for i in range(len(part) - 1)}


def _quantity_for(unit: str, ind: Indicator, project: Project) -> Indicator | None:
    """The count the unit cost divides: a count in the same unit whose name speaks of the same
    beneficiaries or work as the unit cost's name or description (人均救助金额 ↔ 救助人数), the smallest
    if several do. Another count in the project is not it; when none matches, None."""
    group = _unit_group(unit)
    subject = _subject_words(ind.name) or _subject_words(ind.description)
    if not subject:
        return None
    candidates = [
        other
        for other in project.indicators
        if other.row != ind.row
        and m.is_count(other.parsed)
        and _unit_group(m.base_unit(other.parsed)) == group
        and other.parsed.op not in _CEILING_OPS
        and (other.parsed.number or 0) > 0
        and subject & _subject_words(f"{other.name} {other.description}")
    ]
    if not candidates:
        return None
    # Several matching counts: the smallest is a floor, so a total above the budget is certain.
    return min(candidates, key=lambda other: other.parsed.number or 0)


def _unit_cost_exceeds_budget(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    budget = project.budget
    unit = _per_unit(ind)
    if budget is None or budget <= 0 or unit is None or not m.is_money_value(ind):
        return
    base = m.base_unit(ind.parsed)
    per_unit = ind.parsed.model_copy(update={"unit": base}).amount_in_wan()
    if per_unit is None or per_unit <= 0:
        return
    quantity = _quantity_for(unit, ind, project)
    if quantity is None:
        if _exceeds(per_unit, budget):
            yield Hit(
                message=f"单位成本{m.quote(m.label(ind))}“{ind.value.strip()}”本身已超过项目预算数{_wan(budget)}万元。",
                suggestion=f"核实单位成本的计量单位(元/万元)，单位成本应不超过预算数，总成本≤{_wan(budget)}万元。",
            )
        return
    count = quantity.parsed.number or 0
    total = per_unit * count
    if not _exceeds(total, budget):
        return
    ceiling = budget / count * 10000  # 元 per unit
    yield Hit(
        message=(
            f"单位成本{m.quote(m.label(ind))}“{ind.value.strip()}”×数量{m.quote(m.label(quantity))}"
            f"“{quantity.value.strip()}”={_wan(total)}万元，超过项目预算数{_wan(budget)}万元。"
        ),
        suggestion=f"按预算测算，单位成本应不超过{ceiling:,.2f}元/{unit}(预算数÷数量)，请核实金额或计量单位。",
    )


# --- CST003 / CST004: input_as_output -----------------------------------------------------------------


def _funds_as_output(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    # The predicate is shared with the CLS family, which skips these rows (one problem per row).
    term = m.fund_flow_term(ind, ctx.lexicon)
    if term is None:
        return
    shown = m.quote(m.label(ind)) if term in m.label(ind) else f"{m.quote(m.label(ind))}(“{term}”)"
    yield Hit(
        message=f"{shown}衡量的是资金到位、拨付或使用等投入情况，不是项目的产出或效益。",
        suggestion="改为资金所支撑的实际产出(如服务人次、完成数量、质量标准)或效益；支付进度可在时效指标中以“资金支付及时率”反映。",
    )


def _funds_as_benefit(ind: Indicator, project: Project, ctx: Context) -> Iterator[Hit]:
    budget = project.budget
    if budget is None or budget <= 0 or ind.parsed.op in _CEILING_OPS:
        return
    # Outside 效益 only a bare amount named as the funds ("河长制工作经费 30万元"): a ceiling under 成本
    # ("≤30万元") is cost control, and "≥" there is a direction problem reported by DIR001.
    # A time-named row with an amount ("按照合同时间缴纳费用 17万元") has a unit problem instead.
    if not m.in_effect(ind) and (
        ind.parsed.op is not None or not m.MONEY_NAME.search(ind.name) or m.TIME_WORDS.search(ind.name)
    ):
        return
    if _per_unit(ind) is not None or _SAVINGS.search(m.words(ind)):
        return
    amount = m.money_amount_wan(ind)
    if amount is None or not (_SAME_AS_BUDGET * budget <= amount <= budget + _ROUNDING):
        return
    yield Hit(
        message=(
            f"{'效益' if m.in_effect(ind) else ''}指标{m.quote(m.label(ind))}的目标“{ind.value.strip()}”与项目预算数"
            f"{_wan(budget)}万元相当，是把项目资金本身当作{'效益' if m.in_effect(ind) else '产出'}。"
        ),
        suggestion="效益指标应衡量资金使用后带来的变化(如收入增长、损失减少、服务对象状况改善)，不能以拨付或使用的资金额代替。",
    )


# --- CST005 / CST006: budget_inconsistent ----------------------------------------------------------------


def _budget_sum_mismatch(project: Project, ctx: Context) -> Iterator[Hit]:
    budget = project.budget
    if budget is None or (project.fiscal is None and project.other is None):
        return
    total = (project.fiscal or 0.0) + (project.other or 0.0)
    if abs(budget - total) <= _ROUNDING + budget * 1e-9:
        return
    yield Hit(
        message=(
            f"预算数{_wan(budget)}万元不等于财政资金{_wan(project.fiscal or 0.0)}万元与其他资金"
            f"{_wan(project.other or 0.0)}万元之和({_wan(total)}万元)。"
        ),
        suggestion="核对预算数与资金来源：预算数 = 财政资金 + 其他资金。",
    )


def _amounts_missing(project: Project, ctx: Context) -> Iterator[Hit]:
    if not project.amounts_stated:
        return
    if project.budget is None:
        yield Hit(
            message="表中设有预算数栏，但未填写预算数。",
            suggestion="填写项目预算数(万元)，并与财政资金、其他资金之和一致。",
        )
    elif project.fiscal is None and project.other is None:
        yield Hit(
            message=f"预算数为{_wan(project.budget)}万元，但未填写资金来源(财政资金、其他资金)。",
            suggestion="填写财政资金和其他资金，两者之和应等于预算数。",
        )


_BASIS_COST = "财预〔2015〕88号 可行性(目标与预算相匹配)；财预〔2021〕101号 成本指标"
_BASIS_INPUT = "财预〔2021〕101号 指标设置规范(不得以预算执行、资金拨付等投入类指标代替产出和效益)"
_BASIS_BUDGET = "财预〔2015〕88号 完整性(预算数据准确、完整)"

COST_EXCEEDS_BUDGET = Rule(
    code="CST001",
    name="cost_exceeds_budget",
    kind=Kind.COST_BUDGET_CONFLICT,
    severity=Severity.ERROR,
    scope=Scope.ROW,
    title="成本上限超过项目预算数",
    rationale="成本指标是项目花费的上限，超过预算数的上限既不能约束支出，也说明成本与预算未相互测算，目标与预算不匹配。",
    basis=_BASIS_COST,
    suggestion="成本上限不超过预算数，按实际测算填写(如“≤预算数万元”)。",
    check=_cost_exceeds_budget,
)

UNIT_COST_EXCEEDS_BUDGET = Rule(
    code="CST002",
    name="unit_cost_exceeds_budget",
    kind=Kind.COST_BUDGET_CONFLICT,
    severity=Severity.ERROR,
    scope=Scope.ROW,
    title="单位成本×数量超过项目预算数",
    rationale="单位成本乘以数量指标给出的数量就是项目总成本；它超过预算数，说明单位成本、数量或计量单位至少有一个填错。",
    basis=_BASIS_COST,
    suggestion="按“预算数÷数量”核算单位成本上限，核实金额单位(元/万元)。",
    check=_unit_cost_exceeds_budget,
)

FUNDS_AS_OUTPUT = Rule(
    code="CST003",
    name="funds_as_output",
    kind=Kind.INPUT_AS_OUTPUT,
    severity=Severity.ERROR,
    scope=Scope.ROW,
    title="以资金到位、拨付或使用情况代替产出或效益",
    rationale="资金到位率、预算执行率、资金使用效益等反映的是资金投入和管理，无论资金做成了什么都能达标，不能说明项目的产出和效益。",
    basis=_BASIS_INPUT,
    suggestion="改为资金支撑的实际产出或效益；资金支付进度可用时效指标“资金支付及时率”反映。",
    check=_funds_as_output,
)

FUNDS_AS_BENEFIT = Rule(
    code="CST004",
    name="funds_as_benefit",
    kind=Kind.INPUT_AS_OUTPUT,
    severity=Severity.WARNING,
    scope=Scope.ROW,
    title="以项目资金额作为效益或产出",
    rationale="以接近预算数的金额作为效益目标(如“乡镇增加收入≥7.5万元”而预算为8万元)，或把安排的经费总额本身列为指标(“工作经费 30万元”)，衡量的只是资金拨付本身，并非资金带来的产出或效益。",
    basis=_BASIS_INPUT,
    suggestion="效益指标改为资金使用后可衡量的变化(收入增长、损失减少、服务对象状况改善等)。",
    check=_funds_as_benefit,
)

BUDGET_SUM_MISMATCH = Rule(
    code="CST005",
    name="budget_sum_mismatch",
    kind=Kind.BUDGET_INCONSISTENT,
    severity=Severity.ERROR,
    scope=Scope.PROJECT,
    title="预算数不等于财政资金与其他资金之和",
    rationale="预算数应等于各资金来源之和；不一致说明预算数据有误，绩效目标与预算无法对应。",
    basis=_BASIS_BUDGET,
    suggestion="核对并更正预算数、财政资金、其他资金，使预算数 = 财政资金 + 其他资金。",
    check=_budget_sum_mismatch,
)

AMOUNTS_MISSING = Rule(
    code="CST006",
    name="amounts_missing",
    kind=Kind.BUDGET_INCONSISTENT,
    severity=Severity.WARNING,
    scope=Scope.PROJECT,
    title="表中预算金额未填写",
    rationale="绩效目标表设有预算数和资金来源栏时必须填写，否则无法核对成本指标与预算是否匹配。",
    basis=_BASIS_BUDGET,
    suggestion="填写预算数和资金来源(财政资金、其他资金)。",
    check=_amounts_missing,
)

RULES: list[Rule] = [
    COST_EXCEEDS_BUDGET,
    UNIT_COST_EXCEEDS_BUDGET,
    FUNDS_AS_OUTPUT,
    FUNDS_AS_BENEFIT,
    BUDGET_SUM_MISMATCH,
    AMOUNTS_MISSING,
]
