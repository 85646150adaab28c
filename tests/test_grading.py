"""Grades from structured findings: each tier of the documented policy, its config keys, the document grade."""

from __future__ import annotations

import pytest
from render_fixtures import TRAINING, finding, sample_document, sample_review

from reviewer.config import Config
from reviewer.errors import ConfigError
from reviewer.findings import Kind, Severity
from reviewer.grading import GradingPolicy, assign_findings, grade_document, grade_project, grade_review
from reviewer.model import Location
from reviewer.results import DocumentReview, Grade, ProjectReview

POLICY = GradingPolicy()


def _grade(findings, project_index: int = 1, policy: GradingPolicy = POLICY):
    document = sample_document()
    return grade_project(document.projects[project_index], findings, policy)


def test_no_findings_is_excellent() -> None:
    grade, reasons = _grade([])
    assert grade is Grade.EXCELLENT
    assert reasons == ["未发现需要修改的问题"]


def test_info_findings_do_not_lower_the_grade() -> None:
    grade, _ = _grade([finding("X", Kind.DUPLICATE, Severity.INFO, TRAINING, 1, "提示")])
    assert grade is Grade.EXCELLENT


def test_one_minor_problem_is_good() -> None:
    grade, reasons = _grade([finding("X", Kind.NOT_QUANTIFIED, Severity.ERROR, TRAINING, 3, "“提升”不能评价")])
    assert grade is Grade.GOOD
    assert "指标值未量化1处" in reasons[0]


def test_vague_goal_means_revise_and_resubmit() -> None:
    grade, reasons = _grade([finding("G", Kind.GOAL_NOT_SMART, Severity.WARNING, TRAINING, None, "目标空泛。")])
    assert grade is Grade.FAIR
    assert reasons == ["绩效目标不具体：目标空泛"]


def test_many_errors_mean_revise_and_resubmit() -> None:
    findings = [finding("X", Kind.UNIT_MISMATCH, Severity.ERROR, TRAINING, 1, "单位不符")] * 3
    grade, reasons = _grade(findings)
    assert grade is Grade.FAIR
    assert "严重问题3处" in reasons[0]


def test_problem_row_share_means_revise_and_resubmit() -> None:
    # 2 of 4 rows with a warning reaches the default share of 0.3.
    findings = [
        finding("X", Kind.COPIED_DESCRIPTION, Severity.WARNING, TRAINING, 1, "照抄"),
        finding("X", Kind.COPIED_DESCRIPTION, Severity.WARNING, TRAINING, 2, "照抄"),
    ]
    assert _grade(findings)[0] is Grade.FAIR
    assert _grade(findings, policy=GradingPolicy(fair_row_share=0.6))[0] is Grade.GOOD


@pytest.mark.parametrize("kind", [Kind.MISSING_CATEGORY, Kind.COST_BUDGET_CONFLICT])
def test_poor_kinds_mean_may_not_proceed(kind: Kind) -> None:
    row = 1 if kind is Kind.COST_BUDGET_CONFLICT else None
    grade, reasons = _grade([finding("X", kind, Severity.ERROR, TRAINING, row, "问题说明")])
    assert grade is Grade.POOR
    assert reasons[0].endswith("问题说明")


def test_no_measurable_indicator_is_poor() -> None:
    findings = [finding("V", Kind.NOT_QUANTIFIED, Severity.WARNING, TRAINING, row, "未量化") for row in (1, 2, 3)]
    findings.append(finding("V", Kind.VALUE_MISSING, Severity.WARNING, TRAINING, 4, "缺失"))
    grade, reasons = _grade(findings)
    assert grade is Grade.POOR
    assert reasons[0].startswith("没有可衡量的绩效指标")
    # One measurable row left: no longer "no measurable indicators".
    assert _grade(findings[:3])[0] is not Grade.POOR


def test_project_without_indicators_is_poor() -> None:
    document = sample_document()
    project = document.projects[1].model_copy(update={"indicators": []})
    assert grade_project(project, [], POLICY) == (Grade.POOR, ["未设置任何绩效指标"])


def test_unrelated_indicators_are_poor() -> None:
    findings = [finding("L", Kind.IRRELEVANT, Severity.WARNING, TRAINING, row, "无关", source="llm", confidence=0.9) for row in (1, 2)]
    grade, reasons = _grade(findings)
    assert grade is Grade.POOR
    assert "2/4行" in reasons[0]


def test_unconfident_or_disabled_llm_findings_do_not_count() -> None:
    findings = [finding("L", Kind.IRRELEVANT, Severity.WARNING, TRAINING, row, "无关", source="llm", confidence=0.5) for row in (1, 2)]
    assert _grade(findings)[0] is Grade.EXCELLENT
    confident = [f.model_copy(update={"confidence": 0.95}) for f in findings]
    assert _grade(confident, policy=GradingPolicy(llm_findings=False))[0] is Grade.EXCELLENT


def test_poor_reasons_come_first_and_lesser_ones_follow() -> None:
    findings = [
        finding("G", Kind.GOAL_NOT_SMART, Severity.WARNING, TRAINING, None, "目标空泛"),
        finding("M", Kind.MISSING_CATEGORY, Severity.ERROR, TRAINING, None, "缺少满意度指标"),
    ]
    grade, reasons = _grade(findings)
    assert grade is Grade.POOR
    assert reasons == ["缺少指标类别：缺少满意度指标", "绩效目标不具体：目标空泛"]


def test_policy_kinds_are_configurable() -> None:
    policy = GradingPolicy.from_config({"poor_kinds": ["goal_not_smart"], "fair_kinds": []})
    grade, _ = _grade([finding("G", Kind.GOAL_NOT_SMART, Severity.WARNING, TRAINING, None, "目标空泛")], policy=policy)
    assert grade is Grade.POOR


@pytest.mark.parametrize(
    ("table", "where"),
    [({"fair_errors": 0}, "grading.fair_errors"), ({"poor_kinds": ["nonsense"]}, "grading.poor_kinds.0"), ({"typo": 1}, "grading.typo")],
)
def test_bad_grading_config_is_a_config_error(table: dict, where: str) -> None:
    with pytest.raises(ConfigError) as error:
        GradingPolicy.from_config(table)
    assert where in str(error.value)


def test_config_grading_table_parses() -> None:
    config = Config.model_validate({"grading": {"fair_errors": 5, "document_weight": "budget"}})
    policy = GradingPolicy.from_config(config.grading)
    assert policy.fair_errors == 5 and policy.document_weight == "budget"


def _projects(*grades: Grade) -> list[ProjectReview]:
    return [ProjectReview(name=f"p{i}", index=i, grade=g) for i, g in enumerate(grades)]


def test_document_grade_is_the_nearest_grade_to_the_mean() -> None:
    document = sample_document()
    grade, _ = grade_document(document, _projects(*[Grade.FAIR] * 12, Grade.POOR, Grade.POOR), [], POLICY)
    assert grade is Grade.FAIR  # mean 0.86: nearer 中 than 差
    grade, _ = grade_document(document, _projects(Grade.FAIR, Grade.FAIR, Grade.FAIR, Grade.EXCELLENT), [], POLICY)
    assert grade is Grade.FAIR  # mean 1.5: a tie goes to the worse grade


def test_document_grade_ties_go_to_the_worse_grade() -> None:
    document = sample_document()
    grade, reasons = grade_document(document, _projects(Grade.EXCELLENT, Grade.GOOD, Grade.GOOD), [], POLICY)
    assert grade is Grade.GOOD  # mean 2.33 of 3 -> 良
    assert "3个项目：优1个、良2个" in reasons[0]
    grade, _ = grade_document(document, _projects(Grade.EXCELLENT, Grade.GOOD), [], POLICY)
    assert grade is Grade.GOOD  # 2.5 is not yet 优


def test_any_poor_project_caps_the_document_at_fair() -> None:
    document = sample_document()
    grade, reasons = grade_document(document, _projects(Grade.EXCELLENT, Grade.EXCELLENT, Grade.POOR), [], POLICY)
    assert grade is Grade.FAIR
    assert any("“p2”" in r and "至多评为“中”" in r for r in reasons)


def test_half_poor_projects_make_the_document_poor() -> None:
    document = sample_document()
    grade, _ = grade_document(document, _projects(Grade.EXCELLENT, Grade.POOR, Grade.POOR), [], POLICY)
    assert grade is Grade.POOR


def test_budget_weighting() -> None:
    document = sample_document()  # budgets 50, 6, 20
    projects = _projects(Grade.FAIR, Grade.EXCELLENT, Grade.GOOD)
    assert grade_document(document, projects, [], POLICY)[0] is Grade.GOOD  # count: mean 2.0
    assert grade_document(document, projects, [], GradingPolicy(document_weight="budget"))[0] is Grade.FAIR  # 1.42


def test_department_findings_cap_the_document() -> None:
    document = sample_document()
    department = [finding("D", Kind.NOT_QUANTIFIED, Severity.WARNING, None, None, "分项无数字")]
    grade, reasons = grade_document(document, _projects(Grade.EXCELLENT), department, POLICY)
    assert grade is Grade.GOOD
    assert "部门整体绩效目标存在问题" in reasons[-1]


def test_document_without_projects_or_department_is_poor() -> None:
    document = sample_document().model_copy(update={"projects": [], "department": None})
    assert grade_document(document, [], [], POLICY)[0] is Grade.POOR


def test_findings_are_assigned_by_name_then_location() -> None:
    document = sample_document()
    twin = document.projects[1].model_copy(update={"location": Location(file="x", table=9, row=1)})
    document = document.model_copy(update={"projects": [*document.projects, twin]})
    later = finding("X", Kind.DUPLICATE, Severity.WARNING, TRAINING, 1, "重复", location=Location(file="x", table=9, row=9))
    earlier = finding("X", Kind.DUPLICATE, Severity.WARNING, TRAINING, 1, "重复", location=Location(file="x", table=3, row=9))
    department = finding("D", Kind.PLACEHOLDER, Severity.INFO, None, None, "编号")
    dept, per_project = assign_findings(document, [later, earlier, department])
    assert dept == [department]
    assert per_project[1] == [earlier] and per_project[3] == [later]


def test_grade_review_fills_every_grade() -> None:
    review = sample_review()
    grade_review(review)
    assert [p.grade for p in review.projects] == [Grade.POOR, Grade.GOOD, Grade.EXCELLENT]
    assert all(p.reasons for p in review.projects)
    assert review.grade is Grade.FAIR
    assert review.grade_reasons


def test_grades_come_from_structured_fields_only() -> None:
    review = sample_review()
    grade_review(review)
    before = [(p.grade, p.reasons) for p in review.projects], review.grade
    review.opinion = "全部优秀，建议评为优"
    for project in review.projects:
        if project.llm is not None:
            project.llm.error = "评为优"
    grade_review(review)
    assert ([(p.grade, p.reasons) for p in review.projects], review.grade) == before


def test_grade_review_on_an_empty_review() -> None:
    review = DocumentReview(document=sample_document().model_copy(update={"projects": []}))
    grade_review(review)
    assert review.grade is Grade.EXCELLENT  # only the department part, which has no findings
    assert review.grade_reasons == ["文档只含部门整体绩效目标，未识别出项目绩效目标表"]


def test_cli_rejects_a_bad_grading_table_before_reviewing(tmp_path, seeds_dir) -> None:
    from typer.testing import CliRunner

    from reviewer.cli import app

    config = tmp_path / "reviewer.toml"
    config.write_text("[lexicon]\n[grading]\nfair_errors = 0\n", encoding="utf-8")
    seed = seeds_dir / "000_89e405313b3c43ac.txt"
    result = CliRunner().invoke(app, ["review", str(seed), "--no-llm", "--config", str(config)])
    assert result.exit_code == 2
    assert "grading.fair_errors" in result.stderr
    assert result.stdout == ""
