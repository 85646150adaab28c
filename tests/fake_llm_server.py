"""A real OpenAI-compatible HTTP server on 127.0.0.1 for tests and the benchmark, with fault injection.

It answers /v1/chat/completions the way a well-behaved model would (one judgment per 【行n】 of the
prompt, a rewrite for every row the prompt lists a rule finding for, one item per 【分项n】), in
whichever structured-output form the request asks for (a forced tool call, or JSON content).
Faults are scripted per marker: the first request whose messages contain the marker gets the first
fault of its list, the next one the second, and so on; "ok" means answer normally.

Faults: 429 (with Retry-After), 500, timeout (answer only after `timeout_sleep` seconds), truncated
(JSON cut in half, finish_reason "stop"), length (cut, finish_reason "length"), schema_invalid,
unknown_row, bad_kind, bad_rewrite (a 100% satisfaction target our rules reject), empty (no content,
no tool call), garbage (prose instead of JSON), flag_rows (every row judged not measurable),
echo_tokens (flag_rows, quoting the --redact tokens of the prompt back in the reasons). `refuse_tools=True` plays a server without tool calls (HTTP 400 to `tools`).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

_ROW = re.compile(r"【行(\d+)】")
_ITEM = re.compile(r"【分项(\d+)】")
_TOKEN = re.compile(r"〔[^〔〕]{1,8}\d+〕")

# Distinct, plainly measurable output indicators for rewrites (one per rewritten row, cycling).
_REWRITES = [
    ("组织业务培训人次", "全年组织业务培训的参训人次", "人次"),
    ("印发宣传材料份数", "全年印发的宣传材料份数", "份"),
    ("开展入户走访户数", "全年入户走访的户数", "户"),
    ("维护监控设备台数", "全年完成维护的监控设备台数", "台"),
    ("办理群众诉求件数", "全年办结的群众诉求件数", "件"),
    ("举办专题讲座场次", "全年举办专题讲座的场次", "场"),
]


def estimate_tokens(text: str) -> int:
    """Roughly what a Qwen tokenizer counts: one token per CJK character, one per ~4 other characters."""
    cjk = sum(1 for ch in text if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    return cjk + (len(text) - cjk + 3) // 4


class FakeLLMServer:
    def __init__(self, latency: float = 0.0, timeout_sleep: float = 3.0, retry_after: str = "1",
                 refuse_tools: bool = False) -> None:
        self.latency = latency
        self.refuse_tools = refuse_tools
        self.timeout_sleep = timeout_sleep
        self.retry_after = retry_after
        self.script: list[tuple[str, list[str]]] = []
        self.requests: list[dict[str, Any]] = []  # parsed bodies, in arrival order
        self.raw: list[bytes] = []  # bodies as received (for "nothing secret was sent" checks)
        self.headers: list[dict[str, str]] = []
        self.arrivals: list[float] = []  # time.monotonic() of each request (concurrency checks)
        self.served: dict[str, int] = defaultdict(int)  # fault name -> times injected
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---------------------------------------------------------------- lifecycle
    def start(self) -> FakeLLMServer:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "server not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def add_faults(self, marker: str, faults: list[str]) -> None:
        """Requests whose messages contain `marker` get these faults in turn (then normal answers)."""
        self.script.append((marker, list(faults)))

    def completions(self) -> int:
        return sum(1 for body in self.requests if "messages" in body)

    # ---------------------------------------------------------------- answering
    def next_fault(self, text: str) -> str:
        with self._lock:
            for marker, faults in self.script:
                if marker in text and faults:
                    fault = faults.pop(0)
                    self.served[fault] += 1
                    return fault
        return "ok"

    def answer(self, body: dict[str, Any], fault: str) -> dict[str, Any]:
        messages = body.get("messages", [])
        prompt = "\n".join(str(m.get("content") or "") for m in messages)
        first_user = next((str(m.get("content") or "") for m in messages if m.get("role") == "user"), "")
        call = _call_kind(body)
        if call == "project":
            payload: Any = _project_answer(first_user, fault)
        elif call == "department":
            payload = _department_answer(first_user)
        else:
            payload = {"summary": "本次共审核若干项目，部分指标未量化、归类不当，需修改完善后重新报送。",
                       "required_changes": ["将未量化的指标值改为“符号+数值+单位”", "满意度目标不设为100%"]}
        if fault in ("flag_rows", "echo_tokens"):
            payload = _flag_rows(payload, _TOKEN.findall(first_user) if fault == "echo_tokens" else [])
        if fault == "schema_invalid":
            payload = {"rows": "全部合格", "goal": None}
        text = json.dumps(payload, ensure_ascii=False)
        finish = "stop"
        if fault == "truncated":
            text = text[: len(text) // 2]
        elif fault == "length":
            text, finish = text[: len(text) // 2], "length"
        elif fault == "empty":
            text = ""
        elif fault == "garbage":
            text = "好的，我已经审核完毕，所有指标都没有问题。"
        message: dict[str, Any] = {"role": "assistant", "content": None}
        tool_name = _tool_name(body)
        if fault == "empty":
            message["content"] = ""
        elif tool_name is not None:
            message["tool_calls"] = [{
                "id": f"call_{len(self.requests)}",
                "type": "function",
                "function": {"name": tool_name, "arguments": text},
            }]
        else:
            message["content"] = text
        return {
            "id": f"chatcmpl-fake-{len(self.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "fake"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {
                "prompt_tokens": estimate_tokens(prompt + json.dumps(body.get("tools", ""), ensure_ascii=False)),
                "completion_tokens": estimate_tokens(text),
                "total_tokens": estimate_tokens(prompt) + estimate_tokens(text),
            },
        }


def _call_kind(body: dict[str, Any]) -> str:
    name = _tool_name(body) or ""
    schema = json.dumps(body.get("response_format") or "", ensure_ascii=False)
    system = next((str(m.get("content")) for m in body.get("messages", []) if m.get("role") == "system"), "")
    probe = name + schema + system
    if "ProjectJudgment" in probe or "【行" in json.dumps(body.get("messages", []), ensure_ascii=False):
        return "project"
    if "DepartmentJudgment" in probe or "【分项" in json.dumps(body.get("messages", []), ensure_ascii=False):
        return "department"
    return "opinion"


def _tool_name(body: dict[str, Any]) -> str | None:
    tools = body.get("tools") or []
    if tools:
        return str(tools[0]["function"]["name"])
    return None


def _flagged_rows(prompt: str) -> list[int]:
    section = prompt.split("规则已发现的问题", 1)[-1].split("缺少的指标类别", 1)[0]
    return sorted({int(n) for n in _ROW.findall(section)})


def _missing_categories(prompt: str) -> list[str]:
    match = re.search(r"缺少的指标类别：(.*)", prompt)
    if not match or match.group(1).strip() == "无":
        return []
    return [c for c in match.group(1).strip().split("、") if c]


def _rewrite(slot: int, level1: str = "产出指标") -> dict[str, Any]:
    """A rewrite that keeps the row's category, so the project keeps its 产出/效益/满意度 balance."""
    if "满意" in level1:
        return {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": f"服务对象满意度(第{slot + 1}项服务)",
                "description": "问卷调查中表示满意的服务对象占受访对象的比例", "comparison": "≥", "number": 90,
                "unit": "%", "basis": "上年度满意度调查结果"}
    if "效益" in level1 or "效果" in level1:
        return {"level1": "效益指标", "level2": "社会效益指标", "name": f"政策知晓率(第{slot + 1}项宣传)",
                "description": "抽样调查中知晓相关政策的群众占受访群众的比例", "comparison": "≥", "number": 85,
                "unit": "%", "basis": "上年度抽样调查结果"}
    name, description, unit = _REWRITES[slot % len(_REWRITES)]
    return {"level1": "产出指标", "level2": "数量指标", "name": name, "description": description,
            "comparison": "≥", "number": 120 + slot, "unit": unit, "basis": "年度工作计划"}


def _row_levels(data: str) -> dict[int, str]:
    levels = {}
    for line in data.splitlines():
        match = _ROW.match(line)
        if match:
            levels[int(match.group(1))] = line[match.end():].split("｜", 1)[0]
    return levels


def _project_answer(prompt: str, fault: str) -> dict[str, Any]:
    data = prompt.split("【待审数据结束】", 1)[0]
    rows = list(dict.fromkeys(int(n) for n in _ROW.findall(data)))
    levels = _row_levels(data)
    flagged = set(_flagged_rows(prompt))
    judgments = []
    for slot, row in enumerate(rows):
        judgments.append({
            "row": row, "measurable": True, "measurable_reason": "有明确数值和单位",
            "relevant": "yes", "relevant_reason": "衡量本项目产出", "kinds": [], "confidence": 0.9,
            "rewrite": _rewrite(slot, levels.get(row, "")) if row in flagged else None,
        })
    if fault == "unknown_row":
        judgments.append(dict(judgments[0], row=99) if judgments else {"row": 99})
    if fault == "bad_kind" and judgments:
        judgments[0]["kinds"] = ["all_fine"]
    if fault == "bad_rewrite" and judgments:
        judgments[0]["rewrite"] = {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "服务对象满意度",
                                   "description": "服务对象对本项目的满意程度", "comparison": "=", "number": 100,
                                   "unit": "%", "basis": "问卷调查"}
        judgments[0]["kinds"] = ["unrealistic_target"]
    additions = []
    for category in _missing_categories(prompt):
        additions.append(_rewrite(len(rows) + len(additions), category + "指标"))
    check = {"ok": True, "reason": "已写明"}
    return {
        "rows": judgments,
        "goal": {
            "specific": check, "measurable": {"ok": False, "reason": "没有数量指标"}, "achievable": check,
            "relevant": check, "time_bound": {"ok": False, "reason": "没有完成时限"}, "confidence": 0.8,
            "rewritten": "2024年12月底前完成全年120次专项服务，服务对象满意度达到90%以上。",
        },
        "additions": additions,
    }


def _department_answer(prompt: str) -> dict[str, Any]:
    items = sorted({int(n) for n in _ITEM.findall(prompt)})
    check = {"ok": True, "reason": "已写明"}
    return {
        "overall": {"specific": check, "measurable": {"ok": False, "reason": "缺少量化指标"}, "achievable": check,
                    "relevant": check, "time_bound": {"ok": False, "reason": "没有时限"}, "confidence": 0.8,
                    "rewritten": "2024年12月底前完成年度重点工作12项，群众满意度达到90%以上。"},
        "items": [{"item": n, "measurable": n % 2 == 0, "reason": "绩效指标缺少数值" if n % 2 else "已量化",
                   "confidence": 0.85, "rewritten_goal": "2024年底前完成本分项年度任务",
                   "rewritten_indicators": ["任务完成率≥95%", "群众满意度≥90%"]} for n in items],
    }


def _flag_rows(payload: dict[str, Any], tokens: list[str]) -> dict[str, Any]:
    """Every row judged not measurable (with a rewrite); reasons quote the --redact tokens, if any."""
    quoted = "、".join(dict.fromkeys(tokens))
    if "rows" in payload:
        levels = {j["row"]: (j["rewrite"] or {}).get("level1", "") for j in payload["rows"]}
        for slot, judgment in enumerate(payload["rows"]):
            judgment["measurable"] = False
            judgment["measurable_reason"] = f"指标值含糊{quoted}"
            judgment["relevant_reason"] = f"涉及{quoted}" if quoted else "衡量本项目产出"
            judgment["rewrite"] = judgment["rewrite"] or _rewrite(slot, levels.get(judgment["row"], ""))
        payload["goal"]["specific"]["reason"] = f"提到{quoted}" if quoted else "已写明"
    return payload


def _handler(server: FakeLLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                # The client gave up (the timeout fault): nobody is left to answer.
                self.close_connection = True

        def do_GET(self) -> None:
            self._send(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            body = json.loads(raw or b"{}")
            with server._lock:
                server.raw.append(raw)
                server.arrivals.append(time.monotonic())
                server.requests.append(body)
                server.headers.append({k.lower(): v for k, v in self.headers.items()})
            text = "\n".join(str(m.get("content") or "") for m in body.get("messages", []))
            fault = server.next_fault(text)
            if server.latency:
                time.sleep(server.latency)
            if server.refuse_tools and "tools" in body:
                self._send(400, {"error": {"message": "tools are not supported", "type": "invalid_request_error"}})
            elif fault == "429":
                self._send(429, {"error": {"message": "rate limited", "type": "rate_limit"}},
                           {"Retry-After": server.retry_after})
            elif fault == "500":
                self._send(500, {"error": {"message": "internal error", "type": "server_error"}})
            elif fault == "timeout":
                time.sleep(server.timeout_sleep)
                self._send(200, server.answer(body, "ok"))
            else:
                self._send(200, server.answer(body, fault))

    return Handler


def main() -> None:
    """Serve until interrupted: `python tests/fake_llm_server.py [--latency 1.0] [--fault MARKER=f1,f2]`."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--fault", action="append", default=[], metavar="MARKER=FAULT,FAULT")
    args = parser.parse_args()
    server = FakeLLMServer(latency=args.latency)
    for spec in args.fault:
        marker, _, faults = spec.partition("=")
        server.add_faults(marker, faults.split(","))
    server.start()
    print(server.base_url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
