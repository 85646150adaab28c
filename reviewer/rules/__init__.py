"""Rule-based checks: pure functions of the model that return Findings."""

from reviewer.rules.base import Context, Hit, Rule, Scope
from reviewer.rules.engine import check_document, check_project, make_context
from reviewer.rules.registry import REGISTRY, RULES
from reviewer.rules.settings import RuleSettings, Thresholds

__all__ = [
    "REGISTRY",
    "RULES",
    "Context",
    "Hit",
    "Rule",
    "RuleSettings",
    "Scope",
    "Thresholds",
    "check_document",
    "check_project",
    "make_context",
]
