"""The LLM stage: one structured call per project (plus one for the department part and one for the
审核意见) that judges measurability and relevance and proposes rewrites, verified by our own rules.

Entry points: `LLMSettings` / `resolve_settings` (settings.py), `run_llm_stage` (stage.py),
`ResponseCache` (cache.py). The rest of the package is imported lazily by the stage so that a
rules-only run never imports openai or instructor.
"""

from reviewer.llm.settings import LLMSettings, StructuredMode, resolve_settings

__all__ = ["LLMSettings", "StructuredMode", "resolve_settings"]
