"""What every human-facing report shows, computed once from a DocumentReview.

The reviewers' own layout (审核意见): 总体目标 / 产出指标 / 效益指标 / 满意度指标 / 需补充完善事项. Row findings
go to the section of their indicator's 一级 (成本 counts as 产出, as in 财预〔2015〕88号's template);
project-level findings about the goal go to 总体目标, the rest to 需补充完善事项.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.findings import KIND_LABELS, Finding, Kind, Severity
from reviewer.grading import GRADE_MEANINGS, GRADE_RANK, assign_findings
from reviewer.model import Indicator, Level1, Level2, Project
from reviewer.results import (
    DocumentReview,
    GoalAssessment,
    Grade,
    ItemAssessment,
    LLMProjectResult,
    ProjectReview,
    Rewrite,
)
from reviewer.rules.registry import REGISTRY

SECTIONS: list[str] = ["总体目标", "产出指标", "效益指标", "满意度指标", "需补充完善事项"]
GOAL, OUTPUT, EFFECT, SATISFACTION, OTHER = SECTIONS

SEVERITY_LABELS: dict[Severity, str] = {Severity.ERROR: "严重", Severity.WARNING: "警告", Severity.INFO: "提示"}
SEVERITY_ORDER: dict[Severity, int] = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

LLM_STATUS_LABELS: dict[str, str] = {"judged": "已由大模型审核", "failed": "大模型审核失败"}

_LEVEL1_SECTION: dict[Level1, str] = {
    Level1.OUTPUT: OUTPUT,
    Level1.COST: OUTPUT,
    Level1.EFFECT: EFFECT,
    Level1.SATISFACTION: SATISFACTION,
}
_LEVEL2_SECTION: dict[Level2, str] = {
    Level2.QUANTITY: OUTPUT,
    Level2.QUALITY: OUTPUT,
    Level2.TIMELINESS: OUTPUT,
    Level2.COST: OUTPUT,
    Level2.ECONOMIC_COST: OUTPUT,
    Level2.SOCIAL_COST: OUTPUT,
    Level2.ECOLOGICAL_COST: OUTPUT,
    Level2.ECONOMIC: EFFECT,
    Level2.SOCIAL: EFFECT,
    Level2.ECOLOGICAL: EFFECT,
    Level2.SUSTAINABLE: EFFECT,
    Level2.SATISFACTION: SATISFACTION,
}
_GOAL_KINDS = {Kind.GOAL_NOT_SMART}


def section_of(indicator: Indicator | None) -> str:
    if indicator is None:
        return OTHER
    return _LEVEL1_SECTION.get(indicator.category1) or _LEVEL2_SECTION.get(indicator.category2, OTHER)


def basis_of(finding: Finding) -> str:
    """The regulation a finding rests on: the rule's basis, or for the LLM its judgment and confidence."""
    if finding.source == "llm":
        confidence = f"，置信度{finding.confidence:.2f}" if finding.confidence is not None else ""
        return f"大模型判断{confidence}"
    rule = REGISTRY.get(finding.rule)
    return rule.basis if rule is not None else ""


def kind_label(kind: Kind) -> str:
    return KIND_LABELS[kind]


def severity_label(severity: Severity) -> str:
    return SEVERITY_LABELS[severity]


def _ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.source != "rule", f.rule))


@dataclass
class Item:
    """One entry of a section: an indicator row with its findings, or a project-level finding."""

    findings: list[Finding]
    indicator: Indicator | None = None
    rewrite: Rewrite | None = None  # the LLM's accepted rewrite of this row
    rejected: list[Rewrite] = field(default_factory=list)  # rewrites our rules refused, with the reason

    @property
    def row(self) -> int | None:
        return self.indicator.row if self.indicator is not None else None

    @property
    def severity(self) -> Severity:
        return min((f.severity for f in self.findings), key=SEVERITY_ORDER.__getitem__, default=Severity.INFO)

    @property
    def cells(self) -> list[tuple[str, str]]:
        """The original cells of the row, labelled as on the form."""
        if self.indicator is None:
            return []
        i = self.indicator
        cells = [("一级指标", i.level1), ("二级指标", i.level2), ("三级指标", i.name), ("指标描述", i.description), ("指标值", i.value)]
        if i.basis is not None:
            cells.append(("确定依据", i.basis))
        return cells


@dataclass
class Section:
    title: str
    items: list[Item] = field(default_factory=list)
    goal: GoalAssessment | None = None  # 总体目标 only
    additions: list[Rewrite] = field(default_factory=list)  # 需补充完善事项 only: indicators the LLM proposes to add


@dataclass
class ProjectView:
    index: int
    number: int  # 1-based, as printed
    project: Project
    review: ProjectReview
    findings: list[Finding]
    sections: list[Section]

    @property
    def name(self) -> str:
        return self.project.name

    @property
    def grade(self) -> Grade | None:
        return self.review.grade

    @property
    def reasons(self) -> list[str]:
        return self.review.reasons

    @property
    def llm(self) -> LLMProjectResult | None:
        return self.review.llm

    @property
    def llm_notes(self) -> list[str]:
        """What the LLM stage dropped from its answer for this project, and why."""
        return list(self.llm.notes) if self.llm is not None else []

    @property
    def headline(self) -> str:
        """The grade's reasons in a few words, for summary tables: "成本与预算不符；绩效目标不具体"."""
        parts = []
        for reason in self.reasons[:3]:
            head, colon, _ = reason.partition("：")
            parts.append(head if colon and len(head) <= 12 else shorten(reason, 40))
        return "；".join(parts)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def problem_rows(self) -> int:
        return len({f.row for f in self.findings if f.row is not None})

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        rank = GRADE_RANK[self.grade] if self.grade is not None else len(GRADE_RANK)
        return (rank, -self.count(Severity.ERROR), -self.count(Severity.WARNING), self.index)


@dataclass
class ReportView:
    review: DocumentReview
    projects: list[ProjectView]
    department: list[Finding]

    @property
    def source(self) -> str:
        return self.review.document.source

    @property
    def title(self) -> str:
        document = self.review.document
        parts = [str(document.year) + "年度" if document.year else "", document.unit or Path(document.source).stem]
        return "".join(parts)

    @property
    def worst_first(self) -> list[ProjectView]:
        return sorted(self.projects, key=lambda p: p.sort_key)

    @property
    def grade_meaning(self) -> str:
        return GRADE_MEANINGS[self.review.grade] if self.review.grade else ""

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.review.findings if f.severity is severity)

    @property
    def kind_counts(self) -> list[tuple[Kind, int]]:
        """Problems by kind, most frequent first (ties in the KINDS.md order)."""
        order = {kind: i for i, kind in enumerate(Kind)}
        counts = Counter(f.kind for f in self.review.findings)
        return sorted(counts.items(), key=lambda kv: (-kv[1], order[kv[0]]))

    @property
    def grade_counts(self) -> list[tuple[Grade, int]]:
        counts = Counter(p.grade for p in self.projects if p.grade is not None)
        return [(g, counts[g]) for g in (Grade.EXCELLENT, Grade.GOOD, Grade.FAIR, Grade.POOR)]

    @property
    def department_llm(self) -> LLMProjectResult | None:
        return self.review.department_llm

    @property
    def has_department(self) -> bool:
        return bool(self.department) or self.department_llm is not None

    @property
    def llm_used(self) -> bool:
        return any(p.llm is not None for p in self.projects)


def _project_sections(project: Project, findings: list[Finding], llm: LLMProjectResult | None) -> list[Section]:
    sections = {title: Section(title) for title in SECTIONS}
    indicators = {i.row: i for i in project.indicators}
    rewrites = {r.row: r for r in (llm.rewrites if llm else []) if r.row is not None and r.accepted}
    rejected: dict[int | None, list[Rewrite]] = {}
    for rewrite in llm.rewrites if llm else []:
        if not rewrite.accepted:
            rejected.setdefault(rewrite.row, []).append(rewrite)

    by_row: dict[int, list[Finding]] = {}
    for finding in findings:
        if finding.row is not None and finding.row in indicators:
            by_row.setdefault(finding.row, []).append(finding)
        else:
            title = GOAL if finding.kind in _GOAL_KINDS else OTHER
            sections[title].items.append(Item(findings=[finding]))
    rows_shown = set(by_row) | set(rewrites) | {r for r in rejected if r is not None and r in indicators}
    for row in sorted(rows_shown):
        indicator = indicators[row]
        item = Item(
            findings=_ordered(by_row.get(row, [])),
            indicator=indicator,
            rewrite=rewrites.get(row),
            rejected=rejected.get(row, []),
        )
        sections[section_of(indicator)].items.append(item)
    for row, refused in rejected.items():
        if row is None or row not in indicators:
            sections[OTHER].items.append(Item(findings=[], rejected=refused))
    if llm is not None:
        sections[GOAL].goal = llm.goal
        sections[OTHER].additions = [a for a in llm.additions if a.accepted]
        refused_additions = [a for a in llm.additions if not a.accepted]
        if refused_additions:
            sections[OTHER].items.append(Item(findings=[], rejected=refused_additions))
    for section in sections.values():
        section.items.sort(key=lambda item: (item.row is None, item.row or 0, SEVERITY_ORDER[item.severity]))
    return [sections[title] for title in SECTIONS]


def build_view(review: DocumentReview) -> ReportView:
    department, per_project = assign_findings(review.document, review.findings)
    projects = []
    for number, project_review in enumerate(review.projects, start=1):
        project = review.document.projects[project_review.index]
        findings = per_project[project_review.index]
        projects.append(
            ProjectView(
                index=project_review.index,
                number=number,
                project=project,
                review=project_review,
                findings=findings,
                sections=_project_sections(project, findings, project_review.llm),
            )
        )
    return ReportView(review=review, projects=projects, department=_ordered(department))


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def rewrite_text(rewrite: Rewrite) -> str:
    """A proposed indicator in one line: 一级/二级/三级：描述 指标值（依据）."""
    path = "/".join(part for part in (rewrite.level1, rewrite.level2, rewrite.name) if part)
    text = path
    if rewrite.description and rewrite.description != rewrite.name:
        text += f"（{rewrite.description}）"
    if rewrite.value:
        text += f"：{rewrite.value}"
    if rewrite.basis:
        text += f"；确定依据：{rewrite.basis}"
    return text


SMART_LABELS: list[tuple[str, str]] = [
    ("specific", "具体"),
    ("measurable", "可衡量"),
    ("achievable", "可实现"),
    ("relevant", "相关"),
    ("time_bound", "有时限"),
]


# How a goal that fails each criterion is described ("绩效目标不具体、无完成时限").
SMART_FAILED: dict[str, str] = {
    "specific": "不具体",
    "measurable": "不可衡量",
    "achievable": "难以实现",
    "relevant": "与项目不相关",
    "time_bound": "无完成时限",
}


def smart_failures(goal: GoalAssessment) -> str | None:
    """The SMART criteria a goal fails, with the LLM's reasons: "不具体（…）、无完成时限（…）"; None when all pass."""
    failed = []
    for key, label in SMART_FAILED.items():
        verdict = getattr(goal, key)
        if not verdict.ok:
            failed.append(f"{label}（{verdict.reason}）" if verdict.reason else label)
    return "、".join(failed) if failed else None


def item_text(item: ItemAssessment) -> str:
    """The LLM's judgment of one 分项绩效目标 in one line."""
    parts = [f"{item.number}{item.title}：" + ("可衡量" if item.measurable.ok else "不可衡量")]
    if item.measurable.reason and not item.measurable.ok:
        parts[0] += f"（{item.measurable.reason}）"
    if item.accepted:
        if item.rewritten_goal:
            parts.append(f"建议绩效目标：{item.rewritten_goal}")
        if item.rewritten_indicators:
            parts.append("建议绩效指标：" + "；".join(item.rewritten_indicators))
    elif item.rejection:
        parts.append(item.rejection)
    return "；".join(parts)


def department_llm_lines(llm: LLMProjectResult | None) -> list[tuple[str, str]]:
    """(label, text) pairs for the department part's LLM results, in the order reports show them."""
    if llm is None:
        return []
    if llm.status == "failed":
        return [("大模型审核失败", llm.error or "")]
    lines: list[tuple[str, str]] = []
    if llm.goal is not None:
        failures = smart_failures(llm.goal)
        if failures:
            lines.append(("大模型评估总体绩效目标", failures))
        if llm.goal.rewritten:
            lines.append(("大模型改写的总体绩效目标", llm.goal.rewritten))
    for item in llm.items:
        if not item.measurable.ok or item.rewritten_goal or item.rewritten_indicators or item.rejection:
            lines.append(("大模型评估分项绩效目标", item_text(item)))
    lines += [("大模型审核说明", note) for note in llm.notes]
    return lines
