"""Make a provider from (name, model, base_url, config), finding the key in the environment or config.

Keys: `ANTHROPIC_API_KEY`, `OPENAI_API_KEY` (and `OPENAI_BASE_URL`) from the environment, else the
config mapping's `providers.<name>.api_key` / `base_url`. A key is required for the provider's own
endpoint; with an explicit base URL (a local vLLM, llama.cpp or Ollama, or a test server) it is optional,
since such servers usually ignore it. The SDK imports are deferred so `mkb --help` stays instant.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from agents.llm.base import CallOptions, Completion, Price, Provider, ProviderError

PROVIDERS = ("anthropic", "openai", "replay")
_ENV_KEY = {"anthropic": "ANTHROPIC_API_KEY", "openai": "OPENAI_API_KEY"}
_ENV_URL = {"anthropic": "ANTHROPIC_BASE_URL", "openai": "OPENAI_BASE_URL"}
# Sent when a custom server needs no key: the SDKs insist on some string.
_NO_KEY = "no-key"


def make_provider(
    name: str,
    model: str,
    base_url: str | None = None,
    config: Mapping[str, Any] | None = None,
    options: CallOptions | None = None,
    replies: Iterable[str | Completion] | None = None,
    env: Mapping[str, str] | None = None,
) -> Provider:
    """Raises ProviderError (kind `missing_key` or `request`) with one sentence when it cannot."""
    env = os.environ if env is None else env
    section: Mapping[str, Any] = ((config or {}).get("providers") or {}).get(name) or {}
    prices = {k: Price(float(v[0]), float(v[1])) for k, v in ((config or {}).get("prices") or {}).items()}
    if name == "replay":
        from agents.llm.replay_provider import ReplayProvider

        return ReplayProvider(replies or (), model or "replay")
    if name not in _ENV_KEY:
        raise ProviderError(f"unknown provider {name!r}; choose one of {', '.join(PROVIDERS)}", "request")
    url = base_url or env.get(_ENV_URL[name]) or section.get("base_url") or None
    key = env.get(_ENV_KEY[name]) or section.get("api_key")
    if not key:
        if not url:
            raise ProviderError(f"no API key for {name}: set {_ENV_KEY[name]} in the environment", "missing_key")
        key = _NO_KEY
    if name == "anthropic":
        from agents.llm.anthropic_provider import AnthropicProvider

        return AnthropicProvider(model, key, url, options, prices)
    from agents.llm.openai_provider import OpenAIProvider

    return OpenAIProvider(model, key, url, options, prices)
