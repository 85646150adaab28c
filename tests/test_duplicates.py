"""DUP: every repeat after the first is reported at its own row; generic or empty rows are not repeats."""

from __future__ import annotations

from reviewer.model import Indicator, Location, Project
from reviewer.rules import RuleSettings, check_project, make_context
from reviewer.rules.duplicates import repeats
from reviewer.values import parse_value

CTX = make_context()


def _ind(row: int, level2: str, name: str, value: str, description: str = "", level1: str = "产出指标") -> Indicator:
    return Indicator(
        row=row, level1=level1, level2=level2, name=name, description=description, value=value,
        parsed=parse_value(value), location=Location(file="t", row=row),
    )


def _project(*rows: Indicator) -> Project:
    return Project(name="测试项目", indicators=list(rows), location=Location(file="t"))


def test_every_repeat_after_the_first_is_reported_at_the_repeat() -> None:
    project = _project(
        _ind(1, "成本指标", "资金成本", "≤200万元"),
        _ind(2, "数量指标", "接访人次", "≥300人次"),
        _ind(3, "经济效益指标", "资金成本", "≤200万元", level1="效益指标"),
        _ind(4, "生态效益指标", "资金成本", "≤200万元", level1="效益指标"),
    )
    findings = check_project(project, RuleSettings(select=["DUP"]), CTX)
    assert sorted(f.row for f in findings) == [3, 4]
    assert all("第1行" in f.message or "第1行" in (f.suggestion or "") for f in findings)


def test_same_short_generic_name_with_different_descriptions_is_not_a_repeat() -> None:
    project = _project(
        _ind(1, "数量指标", "完成率", "≥90%", description="反邪教宣传次数完成比例"),
        _ind(2, "质量指标", "完成率", "≥90%", description="审前调查评估完成比例"),
    )
    assert repeats(project, CTX) == {}


def test_rows_without_name_or_description_are_ignored() -> None:
    project = _project(_ind(1, "数量指标", "", "≥5次"), _ind(2, "质量指标", "", "≥5次"))
    assert repeats(project, CTX) == {}


def test_same_count_needs_a_shared_subject() -> None:
    unrelated = _project(_ind(1, "数量指标", "群众工作中心维护次数", "≥5次"), _ind(2, "数量指标", "应急演练", "≥5次"))
    related = _project(
        _ind(1, "数量指标", "值班值守情况", "≥24小时"),
        _ind(2, "社会效益指标", "重大活动期间值班情况", "≥24小时", level1="效益指标"),
    )
    assert repeats(unrelated, CTX) == {}
    assert set(repeats(related, CTX)) == {2}


def test_amount_on_a_rate_row_is_not_a_second_cost() -> None:
    project = _project(
        _ind(1, "成本指标", "项目成本", "≤150万元"),
        _ind(2, "经济效益指标", "提高知晓率", "≤150万元", level1="效益指标"),
    )
    assert repeats(project, CTX) == {}


def test_two_respondent_groups_in_satisfaction_are_not_repeats_but_a_misplaced_copy_is() -> None:
    groups = _project(
        _ind(1, "服务对象满意度指标", "群众满意度", "≥90%", level1="满意度指标"),
        _ind(2, "服务对象满意度指标", "企业满意度", "≥90%", level1="满意度指标"),
    )
    copy = _project(
        _ind(1, "社会效益指标", "参保对象满意度", "≥95%", level1="效益指标"),
        _ind(2, "服务对象满意度指标", "人员满意度", "≥95%", level1="满意度指标"),
    )
    assert repeats(groups, CTX) == {}
    assert set(repeats(copy, CTX)) == {2}


def test_row_without_target_restating_another_row_is_a_repeat() -> None:
    project = _project(
        _ind(1, "社会效益指标", "", "100%", description="享受医疗救助资金补助覆盖率", level1="效益指标"),
        _ind(2, "生态效益指标", "享受医疗救助补助覆盖情况", "", level1="效益指标"),
    )
    found = repeats(project, CTX)
    assert set(found) == {2} and found[2].code == "DUP001"


def test_row_without_target_with_other_content_is_not_a_repeat() -> None:
    project = _project(
        _ind(1, "质量指标", "资金发放", "100%", description="救助资金发放比率"),
        _ind(2, "时效指标", "培训场地租赁", ""),
    )
    assert repeats(project, CTX) == {}


def test_enrolment_of_one_group_stated_twice_is_a_repeat_whatever_the_targets() -> None:
    project = _project(
        _ind(1, "质量指标", "为保洁员投保情况", "100%", description="为环卫保洁员缴纳意外伤害保险缴纳率"),
        _ind(2, "社会效益指标", "保洁员参保情况", "≥90%", description="环卫保洁员参保人数占保洁员总人数的比例",
             level1="效益指标"),
    )
    found = repeats(project, CTX)
    assert set(found) == {2} and found[2].code == "DUP002"


def test_enrolment_in_two_schemes_or_of_two_groups_is_not_a_repeat() -> None:
    schemes = _project(
        _ind(1, "质量指标", "养老保险参保率", "≥95%", description="城乡居民养老保险参保比例"),
        _ind(2, "质量指标", "医疗保险参保率", "≥95%", description="城乡居民医疗保险参保比例"),
    )
    groups = _project(
        _ind(1, "质量指标", "学生投保率", "100%", description="为在校学生购买意外伤害保险投保率"),
        _ind(2, "质量指标", "教职工投保率", "100%", description="为教职工购买意外伤害保险投保率"),
    )
    assert repeats(schemes, CTX) == {}
    assert repeats(groups, CTX) == {}


def test_risk_coverage_is_not_insurance_enrolment() -> None:
    project = _project(
        _ind(1, "质量指标", "风险隐患排查覆盖率", "100%", description="辖区企业安全风险隐患排查覆盖率"),
        _ind(2, "社会效益指标", "重点企业风险点覆盖情况", "≥95%", description="重点企业风险点排查覆盖率",
             level1="效益指标"),
    )
    assert repeats(project, CTX) == {}


def test_a_swapped_content_word_names_another_object() -> None:
    project = _project(
        _ind(1, "数量指标", "宫颈癌筛查人数", "≥6000人", description="为适龄妇女免费进行宫颈癌检查的人数"),
        _ind(2, "数量指标", "乳腺癌筛查人数", "≥6000人", description="为适龄妇女免费进行乳腺癌检查的人数"),
        _ind(3, "数量指标", "新生儿听力筛查人数", "≥900人", description="为新生儿进行听力筛查的人数"),
        _ind(4, "数量指标", "新生儿视力筛查人数", "≥900人", description="为新生儿进行视力筛查的人数"),
    )
    assert repeats(project, CTX) == {}


def test_degree_and_rate_name_one_measure_whatever_the_targets() -> None:
    project = _project(
        _ind(1, "服务对象满意度指标", "读者满意度", "≥90%", description="问卷调查中满意的读者比例", level1="满意度指标"),
        _ind(2, "服务对象满意度指标", "读者满意率", "≥92%", description="读者对借阅服务满意的比例", level1="满意度指标"),
    )
    found = repeats(project, CTX)
    assert set(found) == {2} and found[2].code == "DUP001" and found[2].earlier.row == 1
