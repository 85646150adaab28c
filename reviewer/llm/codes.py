"""Codes of LLM judgments: one per kind, so --select / --ignore / severity overrides work as for rules."""

from __future__ import annotations

from reviewer.findings import Kind

LLM_CODES: dict[Kind, str] = {
    Kind.IRRELEVANT: "LLM001",
    Kind.GENERIC_NAME: "LLM002",
    Kind.NOT_QUANTIFIED: "LLM003",
    Kind.UNIT_MISMATCH: "LLM004",
    Kind.MISCLASSIFIED: "LLM005",
    Kind.UNREALISTIC_TARGET: "LLM006",
    Kind.INPUT_AS_OUTPUT: "LLM007",
    Kind.GOAL_NOT_SMART: "LLM010",
}
DEPARTMENT_CODE = "LLM020"  # a 总体/分项绩效目标 of the department part that is not specific or measurable

ALL_CODES: tuple[str, ...] = (*LLM_CODES.values(), DEPARTMENT_CODE)
