"""A hand-built review for renderer and grading tests: findings are written out here, not produced by
the rules, so renderer snapshots change only when a renderer does. Rule codes look like "T-EP001", which
no real code (three letters, three digits) can be, so a rule's new basis text cannot change a snapshot.
Names are invented."""

from __future__ import annotations

from reviewer.findings import Finding, Kind, Severity
from reviewer.model import DepartmentItem, DepartmentPart, Document, Indicator, Location, Project, SpendingPlan
from reviewer.results import (
    DocumentReview,
    GoalAssessment,
    ItemAssessment,
    LLMProjectResult,
    LLMStats,
    ProjectReview,
    Rewrite,
    Verdict,
)
from reviewer.values import parse_value

SOURCE = "示例单位.docx"


def indicator(row: int, level1: str, level2: str, name: str, description: str, value: str, basis: str | None, table: int) -> Indicator:
    return Indicator(
        row=row,
        level1=level1,
        level2=level2,
        name=name,
        description=description,
        value=value,
        parsed=parse_value(value),
        basis=basis,
        location=Location(file=SOURCE, table=table, row=row + 8, column=3),
    )


def sample_document() -> Document:
    road = Project(
        name="乡村道路养护经费",
        budget=50.0,
        fiscal=50.0,
        other=0.0,
        amounts_stated=True,
        purpose="道路日常养护",
        spending_plan=SpendingPlan(raw=["25%", "50%", "75%", "100%"], percents=[25, 50, 75, 100]),
        goal="保障道路正常运行",
        indicators=[
            indicator(1, "产出指标", "数量指标", "养护道路里程", "全年养护乡村道路里程", "≥120公里", "年度养护计划", 2),
            indicator(2, "产出指标", "时效指标", "养护及时率", "及时率 | 养护", "≤100%", "工作经验", 2),
            indicator(3, "产出指标", "成本指标", "项目成本", "项目成本", "≤80万元", "预算", 2),
            indicator(4, "效益指标", "社会效益指标", "群众出行条件", "改善出行", "明显改善", "[示例]依据", 2),
            indicator(5, "满意度指标", "服务对象满意度指标", "群众满意度", "沿线群众满意度", "100%", "问卷调查", 2),
        ],
        location=Location(file=SOURCE, table=2, row=1, column=1),
    )
    training = Project(
        name="业务培训经费",
        budget=6.0,
        fiscal=6.0,
        amounts_stated=True,
        goal="2025年12月底前完成业务培训4期，培训300人次，参训人员考核合格率不低于90%。",
        indicators=[
            indicator(1, "产出指标", "数量指标", "培训期数", "全年举办培训期数", "4期", "年度培训计划", 3),
            indicator(2, "产出指标", "质量指标", "考核合格率", "参训人员考核合格人数/参训人数", "≥90%", "往年合格率", 3),
            indicator(3, "效益指标", "社会效益指标", "业务能力提升", "参训人员业务能力", "提升", "培训评估", 3),
            indicator(4, "满意度指标", "服务对象满意度指标", "参训人员满意度", "问卷调查满意比例", "≥90%", "往年调查", 3),
        ],
        location=Location(file=SOURCE, table=3, row=1, column=1),
    )
    archive = Project(
        name="档案数字化经费",
        budget=20.0,
        fiscal=20.0,
        amounts_stated=True,
        goal="2025年完成档案数字化2万卷。",
        indicators=[
            indicator(1, "产出指标", "数量指标", "数字化档案卷数", "全年完成数字化卷数", "≥20000卷", "年度计划", 4),
            indicator(2, "产出指标", "质量指标", "数字化差错率", "差错卷数/总卷数", "≤1%", "行业标准", 4),
            indicator(3, "效益指标", "可持续影响指标", "档案查阅时间", "平均单次查阅用时", "≤10分钟", "现状测算", 4),
            indicator(4, "满意度指标", "服务对象满意度指标", "查档群众满意度", "问卷调查满意比例", "≥90%", "往年调查", 4),
        ],
        location=Location(file=SOURCE, table=4, row=1, column=1),
    )
    department = DepartmentPart(
        overall="做好各项工作。",
        items=[
            DepartmentItem(number="（一）", title="道路养护", goal="保障道路畅通", indicators="养护道路", location=Location(file=SOURCE, line=5)),
            DepartmentItem(number="（三）", title="业务培训", goal="提升能力", indicators="培训4期", location=Location(file=SOURCE, line=8)),
        ],
        location=Location(file=SOURCE, line=1),
    )
    return Document(source=SOURCE, unit="示例县交通运输局", year=2025, department=department, projects=[road, training, archive])


def finding(rule: str, kind: Kind, severity: Severity, project: str | None, row: int | None, message: str, suggestion: str | None = None, **extra) -> Finding:
    return Finding(rule=rule, kind=kind, severity=severity, project=project, row=row, message=message, suggestion=suggestion, **extra)


ROAD = "乡村道路养护经费"
TRAINING = "业务培训经费"


def sample_findings(document: Document) -> list[Finding]:
    road = {i.row: i.location for i in document.projects[0].indicators}
    training = {i.row: i.location for i in document.projects[1].indicators}
    return [
        finding("T-EP001", Kind.NOT_QUANTIFIED, Severity.WARNING, None, None, "分项“（一）道路养护”的绩效指标“养护道路”没有数字", "写明养护里程，如“养护道路≥120公里”", location=Location(file=SOURCE, line=5)),
        finding("T-EP002", Kind.PLACEHOLDER, Severity.INFO, None, None, "分项编号从（一）跳到（三）", "按顺序编号", location=Location(file=SOURCE, line=8)),
        finding("T-OL001", Kind.GOAL_NOT_SMART, Severity.WARNING, ROAD, None, "绩效目标“保障道路正常运行”没有数量、标准或时限", "写明养护里程、质量标准和完成时间", location=document.projects[0].location),
        finding("T-IR001", Kind.WRONG_DIRECTION, Severity.ERROR, ROAD, 2, "“养护及时率”越高越好，却写成“≤100%”", "改为“≥95%”", location=road[2]),
        finding("T-EG001", Kind.DEGENERATE_TARGET, Severity.ERROR, ROAD, 2, "“≤100%”对任何结果都成立", "改为“≥95%”", location=road[2]),
        finding("T-ON001", Kind.COST_BUDGET_CONFLICT, Severity.ERROR, ROAD, 3, "成本上限80万元超过预算数50万元", "把成本上限改为“≤50万元”", location=road[3]),
        finding("T-RD002", Kind.COPIED_DESCRIPTION, Severity.WARNING, ROAD, 3, "描述“项目成本”照抄了三级指标名称", "写明成本口径，如“道路养护总支出”", location=road[3]),
        finding("T-AL002", Kind.NOT_QUANTIFIED, Severity.ERROR, ROAD, 4, "指标值“明显改善”不能据以评价", "改为可量化的值，如“道路优良率≥85%”", location=road[4]),
        finding("T-AT001", Kind.SATISFACTION_100, Severity.WARNING, ROAD, 5, "满意度目标设为100%", "改为“≥90%”", location=road[5]),
        finding("LLM001", Kind.IRRELEVANT, Severity.WARNING, ROAD, 4, "“群众出行条件”未说明与养护的对应关系", None, source="llm", confidence=0.8, location=road[4]),
        finding("T-AL002", Kind.NOT_QUANTIFIED, Severity.ERROR, TRAINING, 3, "指标值“提升”不能据以评价", "改为“考核成绩平均提高10分”", location=training[3]),
    ]


def sample_review() -> DocumentReview:
    document = sample_document()
    road_llm = LLMProjectResult(
        status="judged",
        rewrites=[
            Rewrite(row=4, level1="效益指标", level2="社会效益指标", name="道路优良率", description="优良路段里程/养护总里程", value="≥85%", basis="公路技术状况评定标准", reason="原指标值无法考核"),
            Rewrite(row=2, level1="产出指标", level2="时效指标", name="养护及时率", value="≤100%", accepted=False, rejection="指标方向错误：越高越好的比率不能用≤"),
        ],
        additions=[Rewrite(level1="效益指标", level2="可持续影响指标", name="道路使用年限", value="≥8年", basis="设计标准", reason="缺少可持续影响")],
        goal=GoalAssessment(
            specific=Verdict(ok=False, reason="未说明养护对象"),
            measurable=Verdict(ok=False, reason="无数量"),
            achievable=Verdict(ok=True),
            relevant=Verdict(ok=True),
            time_bound=Verdict(ok=False, reason="无时限"),
            rewritten="2025年12月底前完成乡村道路养护120公里，道路优良率不低于85%。",
        ),
    )
    department_llm = LLMProjectResult(
        status="judged",
        goal=GoalAssessment(
            specific=Verdict(ok=False, reason="未说明做哪些工作"),
            measurable=Verdict(ok=False, reason="无数量"),
            achievable=Verdict(ok=True),
            relevant=Verdict(ok=True),
            time_bound=Verdict(ok=True),
            rewritten="2025年完成乡村道路养护120公里、业务培训4期。",
        ),
        items=[
            ItemAssessment(index=0, number="（一）", title="道路养护", measurable=Verdict(ok=False, reason="没有数量"),
                           confidence=0.9, rewritten_goal="全年养护乡村道路120公里", rewritten_indicators=["养护里程≥120公里"]),
            ItemAssessment(index=1, number="（三）", title="业务培训", measurable=Verdict(ok=True), confidence=0.8,
                           rewritten_goal="培训4期", accepted=False, rejection="建议改写未通过校验：缺少时限"),
        ],
        notes=["分项（二）不存在，已忽略该判断"],
    )
    road_llm.notes.append("第9行不存在，已忽略该行的判断")
    return DocumentReview(
        document=document,
        department_llm=department_llm,
        findings=sample_findings(document),
        projects=[
            ProjectReview(name=ROAD, index=0, llm=road_llm),
            ProjectReview(name=TRAINING, index=1, llm=LLMProjectResult(status="failed", error="请求超时")),
            ProjectReview(name="档案数字化经费", index=2),
        ],
        accepted=1,
        notes=["部分项目由大模型审核；规则审核结果完整。"],
        llm_stats=LLMStats(requests=2, prompt_tokens=1000, completion_tokens=300, seconds=3.5),
    )
