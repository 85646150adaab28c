"""No cell content, however odd, makes any rule raise: the whole catalog runs on generated projects."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.model import Document, Indicator, Location, Project, SpendingPlan
from reviewer.rules import check_document, make_context
from reviewer.values import parse_value

CTX = make_context()
LOC = Location(file="fuzz.txt")

# Fragments real tables are made of, so generated rows reach deep into the rules, plus arbitrary text.
FRAGMENTS = [
    "产出指标", "效益指标", "效果指标", "满意度指标", "成本指标", "数量指标", "质量指标", "时效指标", "经济效益指标",
    "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标", "经济成本指标", "完成率", "及时率", "满意度",
    "资金到位率", "人均救助金额", "次数", "人数", "是否", "≥", "≤", "＞", "100%", "95%", "0", "万元", "元/户", "2h",
    "百分比", "件", "目标内容1", "XX", "王某某", "依据上年度标准", "按要求", "越少越好", "正向", "反向", "\n", " ",
]
text = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=4).map("".join),
    st.text(max_size=12),
)


@st.composite
def projects(draw: st.DrawFn) -> Project:
    rows = draw(st.lists(st.tuples(text, text, text, text, text, st.none() | text), max_size=8))
    indicators = [
        Indicator(row=n, level1=l1, level2=l2, name=name, description=desc, value=value,
                  parsed=parse_value(value), basis=basis, location=LOC)
        for n, (l1, l2, name, desc, value, basis) in enumerate(rows, start=1)
    ]
    plan_cells = draw(st.none() | st.lists(text, min_size=4, max_size=4))
    plan = None if plan_cells is None else SpendingPlan(
        raw=plan_cells, percents=[parse_value(c).number for c in plan_cells])
    amount = st.none() | st.floats(min_value=-1e6, max_value=1e9, allow_nan=False)
    return Project(
        name=draw(text), budget=draw(amount), fiscal=draw(amount), other=draw(amount),
        amounts_stated=draw(st.booleans()), purpose=draw(st.none() | text), goal=draw(text),
        goal_items=draw(st.lists(text, max_size=3)), spending_plan=plan, indicators=indicators,
        has_basis_column=all(i.basis is not None for i in indicators), location=LOC,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_every_rule_survives_any_project(project: Project) -> None:
    findings = check_document(Document(source="fuzz.txt", projects=[project]), ctx=CTX)
    rows = {i.row for i in project.indicators}
    assert all(f.row is None or f.row in rows for f in findings)
