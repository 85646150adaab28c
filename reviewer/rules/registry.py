"""The one explicit table of every rule, by code. A rule not listed in a family's RULES does not run."""

from __future__ import annotations

from reviewer.rules import (
    basis_checks,
    classification,
    department_checks,
    duplicates,
    money_checks,
    project_checks,
    relevance,
    target_checks,
    unit_checks,
    value_checks,
    wording,
)
from reviewer.rules.base import Rule

RULES: list[Rule] = [
    *value_checks.RULES,
    *unit_checks.RULES,
    *target_checks.RULES,
    *classification.RULES,
    *money_checks.RULES,
    *relevance.RULES,
    *duplicates.RULES,
    *wording.RULES,
    *basis_checks.RULES,
    *project_checks.RULES,
    *department_checks.RULES,
]

REGISTRY: dict[str, Rule] = {rule.code: rule for rule in RULES}

if len(REGISTRY) != len(RULES):
    raise RuntimeError("two rules share a code")
