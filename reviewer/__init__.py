"""reviewer: review Chinese budget performance targets (部门预算绩效目标 / 项目支出绩效目标表)."""

__version__ = "0.1.0"
