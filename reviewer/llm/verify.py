"""Check what the model proposes with our own rules before anyone sees it.

A rewritten row is put in place of the original row in a copy of its project, an added indicator is
appended, a rewritten goal replaces the goal; then the rule engine runs on that project. The proposal
is rejected when a finding appears on its row, or a project finding appears that the original did not
have. Rule findings are what the reviewer would otherwise report about the draft: a rewrite that
still triggers one is not a fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from reviewer.findings import Finding, Kind
from reviewer.model import Indicator, Level1, Project, classify_level1, classify_level2
from reviewer.rules import Context, check_project
from reviewer.rules.base import Rule, Scope
from reviewer.rules.engine import active_rules
from reviewer.rules.settings import RuleSettings
from reviewer.values import ValueKind, parse_value


@dataclass
class Verifier:
    """Runs the rules on one project with proposals substituted; the baseline is computed once.

    Only what a proposal can change is re-run: row rules on the proposed row, and project rules on the
    project with the proposal in it (the other rows' row findings cannot change). Results are memoized,
    because every answer is validated twice (strictly in the retry loop, leniently when kept).
    """

    project: Project
    settings: RuleSettings
    ctx: Context
    _memo: dict[str, list[str]] = field(init=False, default_factory=dict)

    @cached_property
    def baseline(self) -> list[Finding]:
        # Computed when the first answer is checked, so building a Verifier does not delay the request.
        return check_project(self.project, self.settings, self.ctx)

    @cached_property
    def _rules(self) -> list[Rule]:
        return active_rules(self.settings)

    def findings_on(self, row: int) -> list[Finding]:
        return [f for f in self.baseline if f.row == row]

    def check_row(self, indicator: Indicator, *, replace: bool) -> list[str]:
        """Reasons the indicator fails (empty when it passes). `replace` swaps the row, else appends it."""
        key = f"{replace}:{indicator.model_dump_json()}"
        if key not in self._memo:
            if replace:
                rows = [indicator if i.row == indicator.row else i for i in self.project.indicators]
            else:
                rows = [*self.project.indicators, indicator]
            trial = self.project.model_copy(update={"indicators": rows})
            self._memo[key] = self._new_findings(trial, indicator)
        return self._memo[key]

    def check_goal(self, goal: str) -> list[str]:
        key = f"goal:{goal}"
        if key not in self._memo:
            trial = self.project.model_copy(update={"goal": goal, "goal_items": [goal]})
            # The goal rule fired on the draft too: still firing means the rewrite did not fix it.
            self._memo[key] = self._new_findings(trial, None, always={Kind.GOAL_NOT_SMART})
        return self._memo[key]

    def _new_findings(self, trial: Project, indicator: Indicator | None, always: set[Kind] | None = None) -> list[str]:
        before = {(f.rule, f.row) for f in self.baseline}
        reasons = []
        for rule in self._rules:
            if rule.scope is Scope.ROW and indicator is not None:
                reasons.extend(f"{hit.message}({rule.code})" for hit in rule.run_row(indicator, trial, self.ctx))
            elif rule.scope is Scope.PROJECT:
                for hit in rule.run_project(trial, self.ctx):
                    on_row = indicator is not None and hit.row == indicator.row
                    if on_row or rule.kind in (always or set()) or (rule.code, hit.row) not in before:
                        reasons.append(f"{hit.message}({rule.code})")
        return reasons


def draft_value(comparison: str, number: float, unit: str) -> str:
    shown = f"{number:.4f}".rstrip("0").rstrip(".") if number != int(number) else str(int(number))
    return f"{comparison}{shown}{unit.strip()}"


def draft_problems(
    level1: str, level2: str, name: str, comparison: str, number: float, unit: str
) -> tuple[str, list[str]]:
    """The value text of a proposed indicator and the problems it has before any rule runs."""
    problems = []
    value = draft_value(comparison, number, unit)
    if not name.strip():
        problems.append("三级指标名称为空")
    if not unit.strip():
        problems.append("指标值缺少计量单位")
    parsed = parse_value(value)
    if parsed.kind is not ValueKind.NUMBER or parsed.number is None or abs(parsed.number - number) > 1e-9:
        problems.append(f"指标值“{value}”无法解析为“符号+数值+单位”")
    if classify_level1(level1) is Level1.OTHER:
        problems.append(f"一级指标“{level1}”不是产出/效益/满意度/成本指标")
    elif classify_level2(level2).value == "其他":
        problems.append(f"二级指标“{level2}”不是规范的二级指标(数量/质量/时效/成本/经济效益/社会效益/生态效益/可持续影响/满意度)")
    return value, problems


def missing_level1(project: Project) -> set[Level1]:
    """一级 categories with no indicator carrying a value (where additions are asked for)."""
    present = {i.category1 for i in project.indicators if i.parsed.kind is not ValueKind.EMPTY}
    return {Level1.OUTPUT, Level1.EFFECT, Level1.SATISFACTION} - present
