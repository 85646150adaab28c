"""VAL rules beyond their documented cases."""

from __future__ import annotations

import pytest

from reviewer.rules import RuleSettings, check_project
from reviewer.rules.cases import Case, CaseRow

SETTINGS = RuleSettings(select=["VAL"])


def _findings(**cells: str):
    return check_project(Case(row=CaseRow(**cells)).build_project(), SETTINGS)


@pytest.mark.parametrize("value", ["按进度支付", "逐年提升", "按要求支出", "稳定", "开展扫黑除恶宣传情况", "0新区环境稳定"])
def test_phrases_are_not_quantified(value: str) -> None:
    assert [f.rule for f in _findings(name="工作完成情况", value=value)] == ["VAL002"]


@pytest.mark.parametrize("value", ["≥95%", "1090个", "12月底前完成", "优", "补助1007户，补助1630人", "通过验收"])
def test_quantities_grades_and_deadlines_pass(value: str) -> None:
    assert _findings(name="工作完成情况", value=value) == []


def test_yes_needs_a_question_in_the_name_or_at_the_start_of_the_description() -> None:
    assert _findings(name="网络连通性", description="查看网络是否连通", value="是")
    assert not _findings(name="网络连通性", description="是否全年保持网络连通", value="是")


def test_vague_phrase_is_named_in_the_message() -> None:
    (finding,) = _findings(name="社会稳定", value="进一步保障")
    assert "进一步" in finding.message


def test_suggestion_fits_what_the_row_counts() -> None:
    (finding,) = _findings(name="宣传活动次数", value="开展宣传活动")
    assert "次" in (finding.suggestion or "")


def test_none_for_bad_events_is_a_target_not_a_missing_value() -> None:
    assert _findings(name="法律援助案件数", value="无")
    assert not _findings(name="重大安全事故", value="无")
    assert _findings(name="预防犯罪宣传", value="无")  # preventing crime is no bad event
