"""Start the local llama.cpp server of ../shared/llm/local-llm.sh with CPU weight repacking turned off.

On this machine (Xeon with AVX-512) llama.cpp's repacked Q4_K kernels crash with a general protection
fault as soon as a prompt has more than one token, so `local-llm.sh serve` dies on the first request.
Loading the model without "extra buffer types" (the repacking) avoids that code path. Run it with the
Python of the venv that `local-llm.sh setup` built:

    ~/.cache/reviewer-dev/venv-llm/bin/python bench/local_llm_server.py [--port 8011] [--model PATH]

It serves http://127.0.0.1:8011/v1 with the model name "local", like `local-llm.sh serve`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import llama_cpp
import llama_cpp.llama

DEFAULT_MODEL = Path.home() / ".cache/reviewer-dev/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"


def _without_repacking():  # type: ignore[no-untyped-def]
    params = _default_params()
    params.use_extra_bufts = False
    return params


_default_params = llama_cpp.llama_model_default_params
llama_cpp.llama_model_default_params = _without_repacking
llama_cpp.llama.llama_cpp.llama_model_default_params = _without_repacking


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", default="8011")
    parser.add_argument("--model", default=str(DEFAULT_MODEL))
    parser.add_argument("--threads", default="2")
    args = parser.parse_args()
    sys.argv = [
        "llama_cpp.server", "--model", args.model, "--host", "127.0.0.1", "--port", args.port,
        "--n_ctx", "8192", "--n_threads", args.threads, "--model_alias", "local",
    ]
    from llama_cpp.server.__main__ import main as serve

    serve()


if __name__ == "__main__":
    main()
