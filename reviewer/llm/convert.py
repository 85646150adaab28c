"""Validated answers → what the review holds: Findings (source "llm"), rewrites, goal assessments.

Everything here reads structured fields only (booleans, kinds, confidences); the model's free text is
shown as reasons, never interpreted. Strings are restored from --redact tokens here.
"""

from __future__ import annotations

from collections.abc import Callable

from reviewer.findings import KIND_LABELS, Finding, Kind, Severity
from reviewer.llm.codes import DEPARTMENT_CODE, LLM_CODES
from reviewer.llm.schema import (
    REJECTED_PREFIX,
    Check,
    DepartmentJudgment,
    GoalJudgment,
    IndicatorDraft,
    JudgeContext,
    ProjectJudgment,
    RowJudgment,
)
from reviewer.model import DepartmentPart, Project, classify_level1
from reviewer.results import GoalAssessment, ItemAssessment, LLMProjectResult, Rewrite, Verdict
from reviewer.rules.settings import RuleSettings


class Converter:
    def __init__(self, settings: RuleSettings, min_confidence: float, restore: Callable[[str], str],
                 existing: list[Finding]) -> None:
        self.settings = settings
        self.min_confidence = min_confidence
        self.restore = restore
        # The LLM adds: a kind a rule already reported on the same row is not reported twice.
        self.existing = {(f.project, f.row, f.kind) for f in existing}
        self.rule_kinds: dict[tuple[str | None, int | None], list[Kind]] = {}
        for f in existing:
            self.rule_kinds.setdefault((f.project, f.row), []).append(f.kind)

    def _finding(self, kind: Kind, code: str, project: Project | None, row: int | None, message: str,
                 suggestion: str | None, confidence: float) -> Finding | None:
        name = project.name if project is not None else None
        if not self.settings.enabled(code) or (name, row, kind) in self.existing or confidence < self.min_confidence:
            return None
        self.existing.add((name, row, kind))
        location = project.location if project is not None else None
        if project is not None and row is not None:
            location = next((i.location for i in project.indicators if i.row == row), location)
        return Finding(
            rule=code,
            kind=kind,
            severity=self.settings.severity.get(code, Severity.WARNING),
            source="llm",
            project=name,
            row=row,
            message=message,
            suggestion=suggestion,
            location=location,
            confidence=round(confidence, 3),
        )

    def project(self, project: Project, answer: ProjectJudgment, judge: JudgeContext) -> tuple[LLMProjectResult, list[Finding]]:
        r = self.restore
        names = {i.row: i.name for i in project.indicators}
        rewrites: list[Rewrite] = []
        findings: list[Finding] = []
        for judgment in answer.rows:
            rewrite = None
            if judgment.rewrite is not None:
                rejection = judge.rejected.get(f"row:{judgment.row}")
                reason = _row_reason(judgment, r) or self._rule_reason(project.name, judgment.row)
                rewrite = self._rewrite(judgment.rewrite, judgment.row, reason, rejection)
                rewrites.append(rewrite)
            suggestion = _suggest(rewrite)
            for kind in _row_kinds(judgment):
                reason = r(judgment.relevant_reason if kind is Kind.IRRELEVANT else judgment.measurable_reason)
                message = f"模型判断“{names[judgment.row]}”{KIND_LABELS[kind]}：{reason}"
                finding = self._finding(kind, LLM_CODES[kind], project, judgment.row, message, suggestion,
                                        judgment.confidence)
                if finding is not None:
                    findings.append(finding)

        additions = [
            self._rewrite(draft, None, f"补充缺少的{classify_level1(draft.level1).value}类指标",
                          judge.rejected.get(f"add:{index}"))
            for index, draft in enumerate(answer.additions)
        ]
        goal_rejection = judge.rejected.get("goal")
        goal = _goal(answer.goal, None if goal_rejection else r(answer.goal.rewritten), r)
        notes = [r(n) for n in judge.notes]
        if goal_rejection:
            notes.append(f"改写后的绩效目标“{r(answer.goal.rewritten)}”未采用，{REJECTED_PREFIX}{r(goal_rejection)}")
        if answer.goal.not_smart():
            failed = [c for c in (goal.specific, goal.measurable, goal.time_bound) if not c.ok]
            message = "模型判断绩效目标不够具体、不可考核：" + "；".join(c.reason for c in failed if c.reason)
            finding = self._finding(Kind.GOAL_NOT_SMART, LLM_CODES[Kind.GOAL_NOT_SMART], project, None, message,
                                    goal.rewritten and f"改为：{goal.rewritten}", answer.goal.confidence)
            if finding is not None:
                findings.append(finding)
        result = LLMProjectResult(status="judged", rewrites=rewrites, additions=additions, goal=goal, notes=notes)
        return result, findings

    def department(self, part: DepartmentPart, answer: DepartmentJudgment,
                   judge: JudgeContext) -> tuple[LLMProjectResult, list[Finding]]:
        r = self.restore
        items: list[ItemAssessment] = []
        findings: list[Finding] = []
        for judgment in answer.items:
            item = part.items[judgment.item - 1]
            rejection = judge.rejected.get(f"item:{judgment.item}")
            assessment = ItemAssessment(
                index=judgment.item - 1,
                number=item.number,
                title=item.title,
                measurable=Verdict(ok=judgment.measurable, reason=r(judgment.reason)),
                confidence=round(judgment.confidence, 3),
                rewritten_goal=r(judgment.rewritten_goal) or None,
                rewritten_indicators=[r(s) for s in judgment.rewritten_indicators],
                accepted=rejection is None,
                rejection=f"{REJECTED_PREFIX}{r(rejection)}" if rejection else None,
            )
            items.append(assessment)
            if not judgment.measurable:
                suggestion = None
                if rejection is None:
                    suggestion = f"绩效目标改为：{assessment.rewritten_goal}；绩效指标改为：{'；'.join(assessment.rewritten_indicators)}"
                finding = self._finding(
                    Kind.GOAL_NOT_SMART, DEPARTMENT_CODE, None, None,
                    f"模型判断分项绩效目标{item.number}{item.title}不够具体、不可考核：{assessment.measurable.reason}",
                    suggestion, judgment.confidence,
                )
                if finding is not None:
                    findings.append(finding)
        goal_rejection = judge.rejected.get("goal")
        goal = _goal(answer.overall, None if goal_rejection else r(answer.overall.rewritten), r)
        notes = [r(n) for n in judge.notes]
        if goal_rejection:
            notes.append(f"改写后的总体绩效目标“{r(answer.overall.rewritten)}”未采用，{REJECTED_PREFIX}{r(goal_rejection)}")
        if answer.overall.not_smart() and part.overall.strip():
            finding = self._finding(
                Kind.GOAL_NOT_SMART, DEPARTMENT_CODE, None, None,
                "模型判断总体绩效目标不够具体、不可考核：" + "；".join(
                    c.reason for c in (goal.measurable, goal.time_bound) if not c.ok and c.reason),
                goal.rewritten and f"改为：{goal.rewritten}", answer.overall.confidence,
            )
            if finding is not None:
                findings.append(finding)
        return LLMProjectResult(status="judged", goal=goal, items=items, notes=notes), findings

    def _rule_reason(self, project: str, row: int) -> str:
        kinds = dict.fromkeys(self.rule_kinds.get((project, row), []))
        return f"针对规则发现的问题：{'、'.join(KIND_LABELS[k] for k in kinds)}" if kinds else ""

    def _rewrite(self, draft: IndicatorDraft, row: int | None, reason: str, rejection: str | None) -> Rewrite:
        r = self.restore
        return Rewrite(
            row=row,
            level1=r(draft.level1),
            level2=r(draft.level2),
            name=r(draft.name),
            description=r(draft.description),
            value=r(draft.value_text()),
            basis=r(draft.basis),
            reason=reason,
            accepted=rejection is None,
            rejection=f"{REJECTED_PREFIX}{r(rejection)}" if rejection else None,
        )


def _row_kinds(judgment: RowJudgment) -> list[Kind]:
    kinds = [Kind(k) for k in dict.fromkeys(judgment.kinds)]
    if judgment.relevant == "no" and Kind.IRRELEVANT not in kinds:
        kinds.append(Kind.IRRELEVANT)
    if not judgment.measurable and not kinds:
        kinds.append(Kind.NOT_QUANTIFIED)
    return kinds


def _row_reason(judgment: RowJudgment, restore: Callable[[str], str]) -> str:
    parts = [KIND_LABELS[k] for k in _row_kinds(judgment)]
    if not judgment.measurable:
        parts.append(restore(judgment.measurable_reason))
    if judgment.relevant != "yes":
        parts.append(restore(judgment.relevant_reason))
    return "；".join(p for p in parts if p)


def _suggest(rewrite: Rewrite | None) -> str | None:
    if rewrite is None or not rewrite.accepted:
        return None
    return f"改为：{rewrite.level1}/{rewrite.level2}/{rewrite.name}，{rewrite.value}(依据：{rewrite.basis})"


def _goal(judgment: GoalJudgment, rewritten: str | None, restore: Callable[[str], str]) -> GoalAssessment:
    def verdict(check: Check) -> Verdict:
        return Verdict(ok=check.ok, reason=restore(check.reason))

    return GoalAssessment(
        specific=verdict(judgment.specific),
        measurable=verdict(judgment.measurable),
        achievable=verdict(judgment.achievable),
        relevant=verdict(judgment.relevant),
        time_bound=verdict(judgment.time_bound),
        rewritten=rewritten or None,
    )
