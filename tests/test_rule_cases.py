"""Every rule's good and bad examples (reviewer/rules/cases/*.toml) run here, and the catalog is complete."""

from __future__ import annotations

import re

import pytest

from reviewer.findings import Kind
from reviewer.rules import REGISTRY, RuleSettings, check_document, make_context
from reviewer.rules.base import Scope
from reviewer.rules.cases import Case, load_cases

CASES = load_cases()
CTX = make_context()
CJK = re.compile(r"[\u4e00-\u9fff]")


def _params(expectation: str) -> list:
    params = []
    for code, cases in sorted(CASES.items()):
        for n, case in enumerate(getattr(cases, expectation), start=1):
            params.append(pytest.param(code, case, id=f"{code}-{expectation}{n}"))
    return params


def _run(code: str, case: Case):
    settings = RuleSettings(select=[code])
    return [f for f in check_document(case.build_document(), settings, CTX) if f.rule == code]


@pytest.mark.parametrize(("code", "case"), _params("bad"))
def test_bad_example_is_found(code: str, case: Case) -> None:
    findings = _run(code, case)
    assert findings, f"{code} did not fire on: {case.note}"
    for finding in findings:
        assert CJK.search(finding.message), "messages are written in Chinese"
    if case.at is not None:
        assert case.at in {f.row for f in findings}, f"{code} fired, but not at row {case.at}"
    elif REGISTRY[code].scope is Scope.ROW and case.row is not None:
        assert findings[0].row == 1


@pytest.mark.parametrize(("code", "case"), _params("good"))
def test_good_example_passes(code: str, case: Case) -> None:
    assert _run(code, case) == [], f"{code} fired on a good example: {case.note}"


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_rule_is_documented_and_has_examples(code: str) -> None:
    rule = REGISTRY[code]
    assert re.fullmatch(r"[A-Z]{3}\d{3}", rule.code)
    assert re.fullmatch(r"[a-z][a-z0-9_]+", rule.name)
    for text in (rule.title, rule.rationale, rule.basis, rule.suggestion):
        assert text.strip() and CJK.search(text), f"{code}: every text field is filled in Chinese"
    cases = CASES.get(code)
    assert cases is not None, f"{code} has no examples in reviewer/rules/cases/"
    assert len(cases.bad) >= 2 and len(cases.good) >= 1, f"{code} needs ≥2 bad and ≥1 good examples"


def test_every_case_names_a_registered_rule() -> None:
    assert set(CASES) <= set(REGISTRY)


def test_rule_names_are_unique() -> None:
    names = [rule.name for rule in REGISTRY.values()]
    assert len(names) == len(set(names))


def test_every_kind_has_a_rule() -> None:
    covered = {rule.kind for rule in REGISTRY.values()}
    assert set(Kind) <= covered, f"kinds without a rule: {sorted(set(Kind) - covered)}"
