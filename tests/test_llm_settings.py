"""LLM settings: [llm] < environment < flags; the key only from the environment; clear skip notes."""

from __future__ import annotations

import pytest

from reviewer.errors import ConfigError
from reviewer.llm.settings import (
    ENV_API_KEY,
    ENV_API_KEY_FALLBACK,
    NO_KEY,
    StructuredMode,
    api_key_from_env,
    default_cache_path,
    resolve_settings,
)


def test_environment_overrides_the_table_and_flags_override_both() -> None:
    table = {"base_url": "http://table/v1", "model": "table-model", "mode": "json_schema"}
    env = {"REVIEWER_LLM_BASE_URL": "http://env/v1", "REVIEWER_LLM_MODEL": "env-model"}
    settings = resolve_settings(table, env, {"model": "flag-model", "base_url": None})
    assert settings.base_url == "http://env/v1"
    assert settings.model == "flag-model"
    assert settings.mode is StructuredMode.JSON_SCHEMA


def test_a_key_in_the_config_file_is_refused() -> None:
    with pytest.raises(ConfigError, match="环境变量"):
        resolve_settings({"base_url": "http://x/v1", "api_key": "sk-abc"}, env={})


def test_the_key_comes_from_the_environment_with_a_fallback() -> None:
    assert api_key_from_env({ENV_API_KEY: "k1", ENV_API_KEY_FALLBACK: "k2"}) == "k1"
    assert api_key_from_env({ENV_API_KEY_FALLBACK: "k2"}) == "k2"
    assert api_key_from_env({}) == NO_KEY
    assert "api_key" not in resolve_settings({}, env={ENV_API_KEY: "k1"}).model_dump()


def test_without_an_endpoint_the_stage_is_skipped_with_instructions() -> None:
    settings = resolve_settings({}, env={})
    assert not settings.active
    reason = settings.skip_reason()
    assert reason is not None and "跳过" in reason and "REVIEWER_LLM_BASE_URL" in reason and "--base-url" in reason
    assert resolve_settings({}, env={}, overrides={"enabled": False}).skip_reason() is not None
    no_model = resolve_settings({"base_url": "http://x/v1"}, env={})
    assert "未指定模型" in (no_model.skip_reason() or "")
    assert resolve_settings({"base_url": "http://x/v1", "model": "m"}, env={}).skip_reason() is None


def test_bad_values_are_config_errors_naming_the_key() -> None:
    with pytest.raises(ConfigError, match="llm.validation_retries"):
        resolve_settings({"validation_retries": 5}, env={})
    with pytest.raises(ConfigError, match="llm.mode"):
        resolve_settings({"mode": "telepathy"}, env={})
    with pytest.raises(ConfigError, match="llm.nonsense"):
        resolve_settings({"nonsense": 1}, env={})


def test_the_cache_lives_in_the_user_cache_dir_unless_given() -> None:
    assert resolve_settings({}, env={}).resolved_cache_path() == default_cache_path()
    assert str(resolve_settings({}, env={"REVIEWER_LLM_CACHE": "/tmp/c.sqlite3"}).resolved_cache_path()) == "/tmp/c.sqlite3"
