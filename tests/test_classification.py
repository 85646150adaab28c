"""CLS: one reason per misplaced row, both framework variants, the home each row is sent to."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer.findings import Kind
from reviewer.model import Indicator, Location, Project
from reviewer.rules import RuleSettings, check_project, make_context
from reviewer.rules.classification import RULES as CLS_RULES
from reviewer.rules.classification import misplacement
from reviewer.values import parse_value

CTX = make_context()


def _ind(level1: str, level2: str, name: str, value: str, description: str = "", row: int = 1) -> Indicator:
    return Indicator(
        row=row,
        level1=level1,
        level2=level2,
        name=name,
        description=description,
        value=value,
        parsed=parse_value(value),
        location=Location(file="t", row=row),
    )


def _cls_findings(*rows: Indicator):
    project = Project(name="测试项目", indicators=list(rows), location=Location(file="t"))
    return [f for f in check_project(project, RuleSettings(select=["CLS"]), CTX) if f.kind is Kind.MISCLASSIFIED]


def test_a_row_gets_one_classification_finding_even_when_several_principles_apply() -> None:
    # a timeliness name (CLS001) whose value is also a duration under 成本
    findings = _cls_findings(_ind("产出指标", "成本指标", "及时维修率", "≤2h"))
    assert [f.rule for f in findings] == ["CLS001"]
    assert "时效指标" in (findings[0].suggestion or "")


@pytest.mark.parametrize(
    ("level1", "level2", "name", "value", "home"),
    [
        ("产出指标", "成本指标", "保险赔付率", "100%", "质量指标"),
        ("成本指标", "经济成本指标", "登记人数占比", "≥95%", "质量指标"),
        ("效果指标", "社会效益指标", "督导检查", "≥12次", "数量指标"),
        ("效益指标", "经济效益指标", "资金成本", "≤200万元", "成本指标"),
        ("产出指标", "时效指标", "设备在线率", "≥95%", "质量指标"),
        ("效益指标", "社会效益指标", "参保对象满意度", "≥95%", "满意度指标"),
    ],
)
def test_misplaced_rows_are_sent_to_the_right_level2(level1: str, level2: str, name: str, value: str, home: str) -> None:
    found = misplacement(_ind(level1, level2, name, value))
    assert found is not None
    assert found.home == home


@pytest.mark.parametrize(
    ("level1", "level2", "name", "value"),
    [
        # 成本 as its own 一级 with 经济成本 under it (财预〔2021〕101号) holds money
        ("成本指标", "经济成本指标", "设备购置成本", "≤12万元"),
        ("产出指标", "成本指标", "每户投保成本", "20元/户"),
        # 效果 is the same 一级 as 效益
        ("效果指标", "社会效益指标", "群众安全感", "≥90%"),
        # old templates put 满意度 as a 二级 under 效益
        ("效益指标", "服务对象满意度指标", "群众满意度", "≥90%"),
        ("产出指标", "时效指标", "资金支付及时率", "100%"),
        ("产出指标", "时效指标", "按照合同时间缴纳费用", "17万元"),
        ("产出指标", "数量指标", "宣传活动次数", "≥3次"),
        ("效益指标", "社会效益指标", "城镇新增就业人数", "≥1500人"),
        ("效益指标", "经济效益指标", "带动农户增收", "≥30万元"),
        ("效益指标", "经济效益指标", "提高工作效率", "≥50%"),
    ],
)
def test_well_placed_rows_pass(level1: str, level2: str, name: str, value: str) -> None:
    assert misplacement(_ind(level1, level2, name, value)) is None


def test_an_empty_template_row_is_not_judged() -> None:
    assert misplacement(_ind("产出指标", "时效指标", "", "")) is None


def test_row_without_level_names_is_left_alone() -> None:
    # a flat export that lost its 一级/二级 columns gives nothing to compare against
    assert misplacement(_ind("", "", "群众满意度", "≥90%")) is None


def test_timeliness_in_the_description_counts_only_for_effect_rows() -> None:
    quality = _ind("产出指标", "质量指标", "矛盾纠纷化解率", "100%", description="上报各类矛盾纠纷及时化解率")
    effect = _ind("效果指标", "社会效益指标", "生活补贴发放情况", "100%", description="生活补贴发放及时率")
    assert misplacement(quality) is None
    found = misplacement(effect)
    assert found is not None and found.code == "CLS001"


def test_message_quotes_the_row_and_its_level2() -> None:
    (finding,) = _cls_findings(_ind("产出指标", "质量指标", "铁路护路公里数", "≥60公里"))
    assert "“≥60公里”" in finding.message and "“质量指标”" in finding.message
    assert finding.row == 1


_CELL = st.text(alphabet=st.sampled_from(list("产出效益果满意度数量质时成本经济社会生态可持续率次人元万%≥≤<>.0123456789及时按费")), max_size=12)


@settings(max_examples=200, deadline=None)
@given(level1=_CELL, level2=_CELL, name=_CELL, description=_CELL, value=_CELL)
def test_any_cells_give_a_known_answer_and_never_raise(
    level1: str, level2: str, name: str, description: str, value: str
) -> None:
    found = misplacement(_ind(level1, level2, name, value, description=description))
    assert found is None or found.code in {rule.code for rule in CLS_RULES}
