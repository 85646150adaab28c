"""LLM settings: the [llm] table of reviewer.toml, then the environment, then command-line flags.

The API key is deliberately not a setting: it is read from the environment when the client is built
(REVIEWER_LLM_API_KEY, else OPENAI_API_KEY) and never stored in a model, a cache entry or a report.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

from platformdirs import user_cache_path
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reviewer.errors import ConfigError

ENV_BASE_URL = "REVIEWER_LLM_BASE_URL"
ENV_MODEL = "REVIEWER_LLM_MODEL"
ENV_API_KEY = "REVIEWER_LLM_API_KEY"
ENV_API_KEY_FALLBACK = "OPENAI_API_KEY"
ENV_CACHE = "REVIEWER_LLM_CACHE"

# Local servers (llama.cpp, vLLM, Ollama) accept any key, but the openai client insists on one.
NO_KEY = "no-key"

ENABLE_HINT = (
    "在 reviewer.toml 的 [llm] 中设置 base_url 和 model，或设置环境变量 "
    f"{ENV_BASE_URL} / {ENV_MODEL}(密钥用 {ENV_API_KEY})，或使用 --base-url / --model"
)


class StructuredMode(StrEnum):
    """How the response schema is sent: as a forced tool call, or as a JSON schema for servers without tools."""

    TOOLS = "tools"
    JSON_SCHEMA = "json_schema"
    JSON = "json"


def default_cache_path() -> Path:
    return user_cache_path("reviewer") / "llm-cache.sqlite3"


class LLMSettings(BaseModel):
    """Every key of [llm] in reviewer.toml (documented in the README)."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(True, description="是否启用模型评审(--llm/--no-llm)；未配置 base_url 时自动跳过")
    base_url: str | None = Field(None, description="OpenAI 兼容接口地址，如 https://api.deepseek.com/v1")
    model: str | None = Field(None, description="模型名称，如 deepseek-chat、qwen-plus")
    mode: StructuredMode = Field(
        StructuredMode.TOOLS, description="结构化输出方式: tools(默认) / json_schema / json(不支持工具调用的服务)"
    )
    temperature: float = Field(0.0, ge=0, le=2, description="采样温度，默认 0 以便复现")
    max_tokens: int = Field(4096, gt=0, description="每次调用的最大输出 token 数")
    timeout: float = Field(180.0, gt=0, description="单次 HTTP 请求超时(秒)")
    max_concurrency: int = Field(4, ge=1, le=64, description="同时评审的项目数")
    max_retries: int = Field(4, ge=0, le=10, description="429/5xx/超时/连接错误的最大重试次数")
    retry_initial: float = Field(1.0, gt=0, description="重试退避的初始等待(秒)，指数增长并带随机抖动")
    retry_max: float = Field(30.0, gt=0, description="单次重试的最长等待(秒)，也是 Retry-After 的上限")
    validation_retries: int = Field(2, ge=0, le=2, description="回答未通过校验时让模型改正的次数(至多 2)")
    min_confidence: float = Field(0.5, ge=0, le=1, description="模型置信度低于此值的判断不作为问题报告")
    department: bool = Field(True, description="是否评审部门整体绩效目标(总体/分项)")
    opinion: bool = Field(True, description="是否由模型根据结构化结果起草审核意见")
    cache: bool = Field(True, description="是否使用本地缓存(--no-cache 关闭)")
    cache_path: Path | None = Field(None, description="缓存文件路径(--cache)；默认在用户缓存目录")
    redact: bool = Field(False, description="发送前遮蔽姓名、身份证号、电话号码，报告中还原(--redact)")
    redact_names: list[str] = Field(default_factory=list, description="额外需要遮蔽的姓名")
    prompts_dir: Path | None = Field(None, description="提示词模板目录；默认为项目自带的 prompts/")
    max_cell_chars: int = Field(300, ge=20, description="发送给模型的单元格文字上限(字)，超出部分截断")

    @property
    def endpoint_configured(self) -> bool:
        return bool(self.base_url) and bool(self.model)

    @property
    def active(self) -> bool:
        return self.enabled and self.endpoint_configured

    def resolved_cache_path(self) -> Path:
        return self.cache_path or default_cache_path()

    def skip_reason(self) -> str | None:
        """Why the stage will not run, in one Chinese sentence, or None when it will."""
        if not self.enabled:
            return "已按 --no-llm 跳过模型评审，仅运行规则检查"
        if not self.base_url:
            return f"未配置模型接口，已跳过模型评审(仅运行规则检查)。启用方法: {ENABLE_HINT}"
        if not self.model:
            return f"已配置接口 {self.base_url} 但未指定模型，已跳过模型评审。启用方法: {ENABLE_HINT}"
        return None


def api_key_from_env(env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    return env.get(ENV_API_KEY) or env.get(ENV_API_KEY_FALLBACK) or NO_KEY


def resolve_settings(
    table: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> LLMSettings:
    """[llm] table < environment < command-line overrides (None values in overrides mean "not given")."""
    env = os.environ if env is None else env
    data: dict[str, Any] = dict(table or {})
    for secret in ("api_key", "key", "token"):
        if secret in data:
            raise ConfigError(
                f"[llm] 中不能写密钥({secret})：请通过环境变量 {ENV_API_KEY} 或 {ENV_API_KEY_FALLBACK} 提供"
            )
    for key, name in (("base_url", ENV_BASE_URL), ("model", ENV_MODEL), ("cache_path", ENV_CACHE)):
        if env.get(name):
            data[key] = env[name]
    for key, value in (overrides or {}).items():
        if value is not None:
            data[key] = value
    try:
        return LLMSettings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"配置项 llm.{where} 无效: {first['msg']}") from exc
