"""Rule settings that come from reviewer.toml: thresholds, selection, severity overrides."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from reviewer.findings import Severity


class Thresholds(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rate_floor: float = Field(80.0, description="完成/质量/时效类比率的最低合理目标值(%)")
    satisfaction_floor: float = Field(80.0, description="满意度的最低合理目标值(%)")
    duplicate_similarity: float = Field(0.85, description="两个指标名称视为重复的相似度下限(0-1)")


class RuleSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    select: list[str] = Field(default_factory=list, description="只运行这些规则(代码或代码前缀)；空表示全部")
    ignore: list[str] = Field(default_factory=list, description="不运行这些规则(代码或代码前缀)")
    severity: dict[str, Severity] = Field(default_factory=dict, description="按规则代码覆盖严重程度")
    thresholds: Thresholds = Field(default_factory=Thresholds)

    def enabled(self, code: str) -> bool:
        if self.select and not any(code.startswith(prefix) for prefix in self.select):
            return False
        return not any(code.startswith(prefix) for prefix in self.ignore)
