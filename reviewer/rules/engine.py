"""Runs the registry over a document: selection, severity overrides, Findings with locations."""

from __future__ import annotations

from reviewer.findings import Finding
from reviewer.lexicon import Lexicon
from reviewer.model import Document, Project
from reviewer.rules.base import Context, Hit, Rule, Scope
from reviewer.rules.registry import REGISTRY
from reviewer.rules.settings import RuleSettings


def make_context(settings: RuleSettings | None = None, lexicon: Lexicon | None = None) -> Context:
    settings = settings or RuleSettings()
    return Context(lexicon=lexicon or Lexicon.load(), thresholds=settings.thresholds)


def active_rules(settings: RuleSettings) -> list[Rule]:
    return [rule for code, rule in REGISTRY.items() if settings.enabled(code)]


def _finding(rule: Rule, hit: Hit, settings: RuleSettings, project: Project | None, row: int | None) -> Finding:
    location = hit.location
    if location is None and project is not None:
        location = next((i.location for i in project.indicators if i.row == row), project.location)
    return Finding(
        rule=rule.code,
        kind=rule.kind,
        severity=settings.severity.get(rule.code, rule.severity),
        source="rule",
        project=project.name if project is not None else None,
        row=row,
        message=hit.message,
        suggestion=hit.suggestion,
        location=location,
    )


def run_rule_on_project(rule: Rule, project: Project, ctx: Context, settings: RuleSettings) -> list[Finding]:
    findings = []
    if rule.scope is Scope.ROW:
        for indicator in project.indicators:
            for hit in rule.run_row(indicator, project, ctx):
                findings.append(_finding(rule, hit, settings, project, indicator.row))
    elif rule.scope is Scope.PROJECT:
        for hit in rule.run_project(project, ctx):
            findings.append(_finding(rule, hit, settings, project, hit.row))
    return findings


def check_project(project: Project, settings: RuleSettings | None = None, ctx: Context | None = None) -> list[Finding]:
    """Row- and project-scope findings for one project (also used to verify LLM rewrites)."""
    settings = settings or RuleSettings()
    ctx = ctx or make_context(settings)
    findings: list[Finding] = []
    for rule in active_rules(settings):
        findings.extend(run_rule_on_project(rule, project, ctx, settings))
    return _ordered(findings)


def check_document(document: Document, settings: RuleSettings | None = None, ctx: Context | None = None) -> list[Finding]:
    settings = settings or RuleSettings()
    ctx = ctx or make_context(settings)
    findings: list[Finding] = []
    for rule in active_rules(settings):
        if rule.scope is Scope.DOCUMENT:
            findings.extend(_finding(rule, hit, settings, None, None) for hit in rule.run_document(document, ctx))
    for project in document.projects:
        findings.extend(check_project(project, settings, ctx))
    return findings


def _ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.row is not None, f.row or 0, f.rule))
