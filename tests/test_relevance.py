"""REL: decided from the project's own text (name, 资金用途, 绩效目标)."""

from __future__ import annotations

from reviewer.model import Indicator, Location, Project
from reviewer.rules import RuleSettings, check_project, make_context
from reviewer.values import parse_value

CTX = make_context()


def _project(name: str, level2: str, ind_name: str, value: str, goal: str = "", purpose: str | None = None) -> Project:
    ind = Indicator(
        row=1, level1="效益指标", level2=level2, name=ind_name, value=value, parsed=parse_value(value),
        location=Location(file="t", row=1),
    )
    return Project(name=name, goal=goal, goal_items=[goal] if goal else [], purpose=purpose,
                   indicators=[ind], location=Location(file="t"))


def _rules(project: Project) -> list[str]:
    return [f.rule for f in check_project(project, RuleSettings(select=["REL"]), CTX)]


def test_environmental_purpose_makes_an_ecological_benefit_relevant() -> None:
    assert _rules(_project("乡镇综合服务经费", "生态效益指标", "生态影响", "≥90%", purpose="用于河道垃圾清理")) == []
    assert _rules(_project("乡镇综合服务经费", "生态效益指标", "生态影响", "≥90%", purpose="用于值班补助")) == ["REL001"]


def test_security_environment_is_not_ecology() -> None:
    # "治安环境" in a goal does not make a project environmental
    project = _project("平安建设经费", "生态效益指标", "生态影响", "≥90%", goal="营造良好治安环境")
    assert _rules(project) == ["REL001"]


def test_empty_or_money_ecological_rows_are_left_to_other_rules() -> None:
    assert _rules(_project("法庭建设", "生态效益指标", "资源消耗", "≤30万元")) == []
    assert _rules(_project("法庭建设", "生态效益指标", "生态影响", "")) == []


def test_income_claim_needs_an_economic_purpose() -> None:
    assert _rules(_project("卡口值班经费", "经济效益指标", "乡镇增加收入", "≥13.5万元")) == ["REL002"]
    assert _rules(_project("农业产业扶持资金", "经济效益指标", "农户增收", "≥5%")) == []


def test_another_insurance_programme_is_flagged_only_when_the_project_names_one() -> None:
    assert _rules(_project("城乡居民养老保险补助", "社会效益指标", "医疗补助覆盖人数", "≥100人")) == ["REL003"]
    assert _rules(_project("社会保险补助", "社会效益指标", "医疗补助覆盖人数", "≥100人")) == []


def test_an_ecological_row_saying_it_does_not_apply_is_accepted() -> None:
    assert _rules(_project("法庭建设", "生态效益指标", "生态效益", "不涉及")) == []


def test_a_worded_environmental_effect_is_irrelevant_but_a_measured_one_is_left_to_a_reader() -> None:
    project = "计划生育特殊家庭扶助资金"
    assert _rules(_project(project, "生态效益指标", "节能减排效果", "有效提升")) == ["REL001"]
    assert _rules(_project(project, "生态效益指标", "年节约用电量", "≥2万千瓦时")) == []


def test_a_rural_place_is_not_an_economic_purpose() -> None:
    repair = _project("农村饮水安全工程维修养护", "经济效益指标", "乡镇增加收入", "≥10万元",
                      purpose="对农村集中供水工程管网、水泵进行维修养护")
    revival = _project("乡村振兴衔接资金", "经济效益指标", "村集体增加收入", "≥10万元")
    assert _rules(repair) == ["REL002"]
    assert _rules(revival) == []
