"""Grades 优 / 良 / 中 / 差 per project and for the document, from structured findings only.

The four grades are those of 财预〔2015〕88号 (《中央部门预算绩效目标管理办法》第二十二条):
- 优: the targets meet the requirements and go straight on to budgeting;
- 良: the reviewer may agree minor fixes directly with the department, then they go on;
- 中: the department must revise the targets and resubmit them for review;
- 差: the targets may not proceed to budgeting.

88号 names the review's four aspects (完整性、相关性、适当性、可行性) but leaves the cut-offs to the
reviewer, so the policy below is ours and every threshold is a key of `[grading]` in reviewer.toml:

差 when any of
  * the project has no indicator rows, or none of its rows is measurable (every row has a kind from
    `unmeasurable_kinds`: value missing, not quantified, template text);
  * a finding has a kind from `poor_kinds` (default: a missing 产出/效益/满意度 category, a cost above the
    budget);
  * at least `poor_irrelevant_share` of the rows are judged unrelated to the project (`irrelevant`).
中 when, short of 差, any of
  * a finding has a kind from `fair_kinds` (default: a 绩效目标 with no quantity, standard or deadline);
  * there are at least `fair_errors` error-severity findings;
  * at least `fair_row_share` of the rows have an error- or warning-severity finding.
良 when some error or warning remains below those limits; 优 when none does (info findings never lower
a grade).

LLM findings count only when `llm_findings` is on and their confidence is at least `llm_min_confidence`:
they add evidence but never replace a rule's. Free text (the LLM's opinion, reasons) is never read.

The document grade is the (count- or budget-weighted) mean of its project grades (差 0, 中 1, 良 2, 优 3)
rounded to the nearest grade, a tie going to the worse one, then capped: at least `document_poor_share` of projects graded 差 makes it 差; any 差 project makes
it at most 中; department-level findings make it at most 良 (or 中 from `fair_errors` of them on).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reviewer.errors import ConfigError
from reviewer.findings import KIND_LABELS, Finding, Kind, Severity
from reviewer.model import Document, Location, Project
from reviewer.results import DocumentReview, Grade, ProjectReview

GRADE_ORDER: list[Grade] = [Grade.POOR, Grade.FAIR, Grade.GOOD, Grade.EXCELLENT]
GRADE_RANK: dict[Grade, int] = {grade: rank for rank, grade in enumerate(GRADE_ORDER)}

GRADE_MEANINGS: dict[Grade, str] = {
    Grade.EXCELLENT: "绩效目标符合要求，直接进入下一步预算安排流程",
    Grade.GOOD: "存在个别问题，可与部门协商直接完善后进入下一步预算安排流程",
    Grade.FAIR: "需由部门修改完善绩效目标，按程序重新报送审核",
    Grade.POOR: "绩效目标不符合要求，不得进入下一步预算安排流程",
}


class GradingPolicy(BaseModel):
    """`[grading]` in reviewer.toml. Every key is optional; the defaults are the policy in the module doc."""

    model_config = ConfigDict(extra="forbid")

    poor_kinds: list[Kind] = Field(
        default_factory=lambda: [Kind.MISSING_CATEGORY, Kind.COST_BUDGET_CONFLICT],
        description="出现即评为“差”的问题类型",
    )
    unmeasurable_kinds: list[Kind] = Field(
        default_factory=lambda: [Kind.VALUE_MISSING, Kind.NOT_QUANTIFIED, Kind.PLACEHOLDER],
        description="使一行指标无法衡量的问题类型；全部指标行都无法衡量时评为“差”",
    )
    poor_irrelevant_share: float = Field(
        0.5, ge=0, le=1, description="与项目无关(irrelevant)的指标行占比达到此值时评为“差”"
    )
    fair_kinds: list[Kind] = Field(
        default_factory=lambda: [Kind.GOAL_NOT_SMART],
        description="出现即至少评为“中”的问题类型",
    )
    fair_errors: int = Field(3, ge=1, description="严重(error)问题达到此数量时至少评为“中”")
    fair_row_share: float = Field(
        0.3, ge=0, le=1, description="存在严重或警告问题的指标行占比达到此值时至少评为“中”"
    )
    llm_findings: bool = Field(True, description="是否将大模型发现的问题计入等级")
    llm_min_confidence: float = Field(0.7, ge=0, le=1, description="计入等级的大模型问题的最低置信度")
    document_weight: Literal["count", "budget"] = Field(
        "count", description="文档等级按项目个数(count)或预算数(budget)加权"
    )
    document_poor_share: float = Field(0.5, ge=0, le=1, description="评为“差”的项目占比达到此值时文档评为“差”")

    @classmethod
    def from_config(cls, table: dict[str, Any]) -> GradingPolicy:
        """Parse the raw `[grading]` table; a bad key or value is a ConfigError naming it."""
        try:
            return cls.model_validate(table)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(["grading", *(str(part) for part in first["loc"])])
            raise ConfigError(f"配置项 {where} 无效: {first['msg']}") from exc


# ---------------------------------------------------------------------------------------------------
# Which project a finding belongs to. Findings name their project; two projects may share a name, and
# then the finding's location decides (the last project of that name that starts before it).


def _position(location: Location | None) -> tuple[int, int]:
    if location is None:
        return (0, 0)
    return (location.table or 0, location.line or location.row or 0)


def assign_findings(document: Document, findings: Iterable[Finding]) -> tuple[list[Finding], list[list[Finding]]]:
    """Department-level findings, and the findings of each project in Document.projects order."""
    by_name: dict[str, list[int]] = {}
    for index, project in enumerate(document.projects):
        by_name.setdefault(project.name, []).append(index)
    department: list[Finding] = []
    per_project: list[list[Finding]] = [[] for _ in document.projects]
    for finding in findings:
        candidates = by_name.get(finding.project or "", []) if finding.project is not None else []
        if not candidates:
            department.append(finding)
            continue
        chosen = candidates[0]
        if len(candidates) > 1 and finding.location is not None:
            where = _position(finding.location)
            for index in candidates:
                if _position(document.projects[index].location) <= where:
                    chosen = index
        per_project[chosen].append(finding)
    return department, per_project


def counted(findings: Iterable[Finding], policy: GradingPolicy) -> list[Finding]:
    """The findings that weigh in the grade: rule findings, and confident LLM findings if enabled."""
    kept = []
    for finding in findings:
        if finding.source == "llm":
            if not policy.llm_findings:
                continue
            if finding.confidence is not None and finding.confidence < policy.llm_min_confidence:
                continue
        kept.append(finding)
    return kept


def _label(kind: Kind) -> str:
    return KIND_LABELS[kind]


def _clause(text: str) -> str:
    """A message as a clause inside a reason: its closing full stop dropped."""
    return text.strip().rstrip("。；;.")


def _kind_summary(findings: list[Finding]) -> str:
    counts = Counter(f.kind for f in findings)
    return "、".join(f"{_label(kind)}{n}处" for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def grade_project(project: Project, findings: list[Finding], policy: GradingPolicy) -> tuple[Grade, list[str]]:
    """A project's grade and the reasons for it, gravest first."""
    findings = counted(findings, policy)
    rows = {indicator.row for indicator in project.indicators}
    n_rows = len(rows)
    serious = [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)]

    poor: list[str] = []
    if n_rows == 0:
        poor.append("未设置任何绩效指标")
    else:
        unmeasurable = {f.row for f in findings if f.kind in policy.unmeasurable_kinds and f.row in rows}
        if len(unmeasurable) == n_rows:
            poor.append(f"没有可衡量的绩效指标：{n_rows}行指标均缺少指标值、未量化或为模板占位")
        irrelevant = {f.row for f in findings if f.kind is Kind.IRRELEVANT and f.row in rows}
        if irrelevant and len(irrelevant) / n_rows >= policy.poor_irrelevant_share:
            poor.append(f"绩效指标与项目不相关：{len(irrelevant)}/{n_rows}行指标与项目产出或效果无关")
    for kind in policy.poor_kinds:
        hits = [f for f in findings if f.kind is kind]
        if hits:
            poor.append(f"{_label(kind)}：{_clause(hits[0].message)}" + (f"（另有{len(hits) - 1}处）" if len(hits) > 1 else ""))
    fair: list[str] = []
    for kind in policy.fair_kinds:
        hits = [f for f in findings if f.kind is kind]
        if hits:
            fair.append(f"{_label(kind)}：{_clause(hits[0].message)}")
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if len(errors) >= policy.fair_errors:
        fair.append(f"严重问题{len(errors)}处（{_kind_summary(errors)}），需部门修改后重新报送")
    problem_rows = {f.row for f in serious if f.row in rows}
    if n_rows and problem_rows and len(problem_rows) / n_rows >= policy.fair_row_share:
        fair.append(f"{len(problem_rows)}/{n_rows}行指标存在问题，需部门修改完善")
    # The deciding reasons come first; the lesser ones follow so the department sees all it must fix.
    if poor:
        return Grade.POOR, poor + fair
    if fair:
        return Grade.FAIR, fair
    if serious:
        return Grade.GOOD, [f"存在个别问题（{_kind_summary(serious)}），可与部门协商直接完善"]
    return Grade.EXCELLENT, ["未发现需要修改的问题"]


def _mean_grade(grades: list[Grade], weights: list[float]) -> Grade:
    total = sum(weights)
    if total <= 0:
        weights, total = [1.0] * len(grades), float(len(grades))
    mean = sum(GRADE_RANK[g] * w for g, w in zip(grades, weights, strict=True)) / total
    # Rounded to the nearest grade, a tie to the worse one: half a grade better is not yet better.
    return GRADE_ORDER[max(0, min(math.ceil(mean - 0.5 - 1e-9), len(GRADE_ORDER) - 1))]


def _at_most(grade: Grade, cap: Grade) -> Grade:
    return grade if GRADE_RANK[grade] <= GRADE_RANK[cap] else cap


def grade_document(
    document: Document,
    projects: list[ProjectReview],
    department: list[Finding],
    policy: GradingPolicy,
) -> tuple[Grade, list[str]]:
    """The document's grade from its project grades and its department-level findings."""
    department = [f for f in counted(department, policy) if f.severity in (Severity.ERROR, Severity.WARNING)]
    graded = [(p, p.grade) for p in projects if p.grade is not None]
    reasons: list[str] = []
    if not graded:
        if document.department is None:
            return Grade.POOR, ["未识别出任何项目绩效目标表"]
        grade = Grade.EXCELLENT
        reasons.append("文档只含部门整体绩效目标，未识别出项目绩效目标表")
    else:
        grades = [g for _, g in graded]
        if policy.document_weight == "budget":
            weights = [document.projects[p.index].budget or 0.0 for p, _ in graded]
        else:
            weights = [1.0] * len(graded)
        grade = _mean_grade(grades, weights)
        counts = Counter(grades)
        spread = "、".join(f"{g.value}{counts[g]}个" for g in reversed(GRADE_ORDER) if counts[g])
        basis = "按预算数加权" if policy.document_weight == "budget" else "按项目个数"
        reasons.append(f"{len(graded)}个项目：{spread}；{basis}综合为“{grade.value}”")
        poor = [p.name for p, g in graded if g is Grade.POOR]
        if poor:
            names = "、".join(f"“{n}”" for n in poor[:3]) + ("等" if len(poor) > 3 else "")
            if len(poor) / len(graded) >= policy.document_poor_share:
                grade = Grade.POOR
                reasons.append(f"{names}{len(poor)}个项目评为“差”，占比达到{policy.document_poor_share:.0%}")
            elif GRADE_RANK[grade] > GRADE_RANK[Grade.FAIR]:
                grade = Grade.FAIR
                reasons.append(f"{names}{len(poor)}个项目评为“差”，不得进入下一步预算安排流程，文档至多评为“中”")
    if department:
        errors = [f for f in department if f.severity is Severity.ERROR]
        cap = Grade.FAIR if len(errors) >= policy.fair_errors else Grade.GOOD
        if GRADE_RANK[grade] > GRADE_RANK[cap]:
            grade = _at_most(grade, cap)
            reasons.append(f"部门整体绩效目标存在问题（{_kind_summary(department)}），文档至多评为“{cap.value}”")
        else:
            reasons.append(f"部门整体绩效目标存在问题（{_kind_summary(department)}）")
    return grade, reasons


def grade_review(review: DocumentReview, policy: GradingPolicy | None = None) -> None:
    """Fill ProjectReview.grade/reasons and DocumentReview.grade/grade_reasons in place."""
    policy = policy or GradingPolicy()
    department, per_project = assign_findings(review.document, review.findings)
    for project_review in review.projects:
        project = review.document.projects[project_review.index]
        grade, reasons = grade_project(project, per_project[project_review.index], policy)
        project_review.grade = grade
        project_review.reasons = reasons
    review.grade, review.grade_reasons = grade_document(review.document, review.projects, department, policy)
