"""One structured call to an OpenAI-compatible endpoint: transport retries, then validation retries.

Two retry loops, each where it belongs:
* transport (tenacity, around every single HTTP request): 429 (honouring Retry-After), 5xx, timeouts
  and connection errors, with bounded exponential backoff and jitter. The openai client's own retries
  are off so that every request sent is counted here.
* validation (instructor, around the conversation): an answer that fails the response model's
  validators goes back to the model with the error, at most `validation_retries` times.

Instructor's patched `create` would also render the messages as Jinja templates whenever a validation
context is given, which would execute template syntax found in a table cell. So the request is
prepared with instructor's mode handlers and run by its retry loop directly, without that step.
"""

from __future__ import annotations

import email.utils
import functools
import json
import logging
import random
import time
from dataclasses import dataclass, field
from typing import Any

import openai
from instructor import Mode, Provider
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks
from instructor.core.retry import retry_async
from instructor.v2.core.registry import mode_registry
from instructor.v2.core.response_model import prepare_response_model
from pydantic import BaseModel
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, wait_random_exponential

from reviewer.errors import LLMError
from reviewer.llm.settings import LLMSettings, StructuredMode, api_key_from_env

# instructor logs every failed attempt at ERROR; with no handler configured Python would print those
# to stderr. We report failures ourselves, in the review.
logging.getLogger("instructor").addHandler(logging.NullHandler())

_MODES: dict[StructuredMode, Mode] = {
    StructuredMode.TOOLS: Mode.TOOLS,
    StructuredMode.JSON_SCHEMA: Mode.JSON_SCHEMA,
    StructuredMode.JSON: Mode.JSON,
}


@dataclass
class Meter:
    """What the calls cost; one per stage run, shared by all calls."""

    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    validation_retries: int = 0
    transport_retries: int = 0


@dataclass
class Answer:
    """The JSON the model finally gave (valid, or the last try once retries are spent) and its cost."""

    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    validation_retries: int = 0
    exhausted: bool = False  # validation retries ran out: the text is the last, still invalid, try
    last_error: str | None = None


@dataclass
class _CallMeter:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    validation_retries: int = 0
    errors: list[str] = field(default_factory=list)


class _ToolsRefused(Exception):
    """The endpoint rejected a request with `tools` (HTTP 400)."""


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    return False


def retry_after_seconds(exc: BaseException) -> float | None:
    """The server's Retry-After (retry-after-ms, seconds, or an HTTP date), when it sent one."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(float(millis) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        return max(parsed.timestamp() - time.time(), 0.0) if parsed else None


class LLMClient:
    def __init__(self, settings: LLMSettings, meter: Meter | None = None) -> None:
        if not settings.base_url or not settings.model:
            raise LLMError("未配置模型接口(base_url / model)")
        self.settings = settings
        self.meter = meter or Meter()
        self.mode = settings.mode
        self.model = settings.model
        self.base_url = settings.base_url
        self._client = openai.AsyncOpenAI(
            base_url=settings.base_url,
            api_key=api_key_from_env(),
            timeout=settings.timeout,
            max_retries=0,
        )
        self.notes: list[str] = []  # what the reader should know about how the endpoint was used
        self.down: str | None = None  # set once the endpoint is known to be unusable for every call
        self._backoff = wait_random_exponential(multiplier=settings.retry_initial, max=settings.retry_max)

    async def aclose(self) -> None:
        await self._client.close()

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        server_says = retry_after_seconds(exc) if exc is not None else None
        if server_says is not None:
            # Honour the server, bounded, with a little jitter so parallel calls do not return together.
            return min(server_says, self.settings.retry_max) + random.uniform(0, 0.1)
        return self._backoff(state)

    async def structured(self, messages: list[dict[str, str]], response_model: type[BaseModel],
                         context: dict[str, Any]) -> Answer:
        """Ask, validate (strictly) with retries; raises LLMError when the endpoint cannot be used."""
        if self.down is not None:
            raise LLMError(self.down)
        try:
            return await self._structured(messages, response_model, context)
        except _ToolsRefused:
            # Servers without tool calls answer 400 to `tools`: ask for a JSON schema instead, from now on.
            self.mode = StructuredMode.JSON_SCHEMA
            self.notes.append("模型接口不支持工具调用，已改用 JSON Schema 结构化输出(可在 [llm] 中设置 mode = \"json_schema\")")
            return await self._structured(messages, response_model, context)

    async def _structured(self, messages: list[dict[str, str]], response_model: type[BaseModel],
                          context: dict[str, Any]) -> Answer:
        call = _CallMeter()
        mode = _MODES[self.mode]
        request = {
            "model": self.model,
            "messages": [dict(m) for m in messages],
            "temperature": self.settings.temperature,
            "max_tokens": self.settings.max_tokens,
        }
        if mode is Mode.JSON:  # this mode writes the schema into the messages: prepare every request
            prepared, kwargs = _prepare(response_model, mode, request)
        else:  # tools / response_format depend on the model only: prepare once per model
            prepared, extra = _prepared_extras(response_model, mode)
            kwargs = {**request, **extra}
        hooks = Hooks()
        hooks.on("parse:error", lambda error, **_: call.errors.append(str(error)))

        async def send(*args: Any, **request: Any) -> Any:
            retrying = AsyncRetrying(
                retry=retry_if_exception(is_transient),
                stop=stop_after_attempt(self.settings.max_retries + 1),
                wait=self._wait,
                reraise=True,
            )
            async for attempt in retrying:
                with attempt:
                    if attempt.retry_state.attempt_number > 1:
                        self.meter.transport_retries += 1
                    self.meter.requests += 1
                    completion = await self._client.chat.completions.create(*args, **request)
            usage = getattr(completion, "usage", None)
            if usage is not None:
                call.prompt_tokens += usage.prompt_tokens or 0
                call.completion_tokens += usage.completion_tokens or 0
                self.meter.prompt_tokens += usage.prompt_tokens or 0
                self.meter.completion_tokens += usage.completion_tokens or 0
            return completion

        try:
            result = await retry_async(
                func=send,
                response_model=prepared,
                args=(),
                kwargs=kwargs,
                context=context,
                max_retries=self.settings.validation_retries,
                strict=False,
                mode=mode,
                provider=Provider.OPENAI,
                hooks=hooks,
            )
        except IncompleteOutputException as exc:
            raise LLMError(f"模型输出达到 max_tokens({self.settings.max_tokens})上限被截断，请调大 llm.max_tokens") from exc
        except InstructorRetryException as exc:
            retries = max(exc.n_attempts - 1, 0)
            self.meter.validation_retries += retries
            if not exc.failed_attempts:
                cause = exc.__cause__
                if mode is Mode.TOOLS and _refuses_tools(cause):
                    raise _ToolsRefused from exc
                reason = _describe_api_error(cause)
                if _endpoint_unusable(exc.__cause__):
                    # Every other call would fail the same way after the same retries: fail them at once.
                    self.down = reason
                raise LLMError(reason) from exc
            # Retries ran out (or the endpoint failed during one): keep the last answer for a lenient parse.
            last = exc.failed_attempts[-1].completion
            text = answer_text(last, self.mode)
            if text is None:
                raise LLMError(f"模型多次回答均无法使用: {_short(str(exc.failed_attempts[-1].exception))}") from exc
            return Answer(text, call.prompt_tokens, call.completion_tokens, retries, exhausted=True,
                          last_error=_short(str(exc.failed_attempts[-1].exception)))
        retries = len(call.errors)
        self.meter.validation_retries += retries
        text = answer_text(getattr(result, "_raw_response", None), self.mode)
        if text is None:  # cannot happen for a parsed answer; kept so a library change fails loudly
            raise LLMError("无法取回模型回答的原文")
        return Answer(text, call.prompt_tokens, call.completion_tokens, retries)


def _prepare(response_model: type[BaseModel], mode: Mode, request: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    handlers = mode_registry.get_handlers(Provider.OPENAI, mode)
    return handlers.request_handler(response_model=prepare_response_model(response_model), kwargs=request)


@functools.cache
def _prepared_extras(response_model: type[BaseModel], mode: Mode) -> tuple[Any, dict[str, Any]]:
    """The prepared model and what the mode adds to a request (tools + tool_choice, or response_format)."""
    prepared, kwargs = _prepare(response_model, mode, {"messages": []})
    return prepared, {k: v for k, v in kwargs.items() if k != "messages"}


def answer_text(completion: Any, mode: StructuredMode) -> str | None:
    """The JSON text of a chat completion: the forced tool call's arguments, or the message content."""
    choices = getattr(completion, "choices", None)
    if not choices:
        return None
    message = choices[0].message
    if mode is StructuredMode.TOOLS:
        calls = getattr(message, "tool_calls", None) or []
        if calls:
            arguments = calls[0].function.arguments
            return arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False)
    return message.content or None


def _refuses_tools(exc: BaseException | None) -> bool:
    """A 400 that is about `tools` / `tool_choice` (not, say, a prompt longer than the context)."""
    if not isinstance(exc, openai.BadRequestError):
        return False
    text = str(exc).lower()
    return "tool" in text or "function" in text


def _endpoint_unusable(exc: BaseException | None) -> bool:
    if isinstance(exc, openai.APIConnectionError) and not isinstance(exc, openai.APITimeoutError):
        return True
    return isinstance(exc, openai.APIStatusError) and exc.status_code in (401, 403, 404)


def _describe_api_error(exc: BaseException | None) -> str:
    if isinstance(exc, openai.APITimeoutError):
        return "请求模型接口超时(已重试)"
    if isinstance(exc, openai.APIConnectionError):
        return f"无法连接模型接口(已重试): {_short(str(exc))}"
    if isinstance(exc, openai.APIStatusError):
        hint = {401: "密钥无效或缺失", 403: "无权访问", 404: "接口地址或模型名称错误", 429: "请求过于频繁(已重试)"}
        reason = hint.get(exc.status_code) or ("服务端错误(已重试)" if exc.status_code >= 500 else "请求被拒绝")
        return f"模型接口返回 HTTP {exc.status_code}: {reason}"
    return f"模型调用失败: {_short(str(exc))}"


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
