"""LLM providers: one protocol (`base.Provider`), adapters for Anthropic, OpenAI(-compatible) and replay."""

from agents.llm.base import CallOptions, Completion, Message, Provider, ProviderError
from agents.llm.factory import PROVIDERS, make_provider

__all__ = ["PROVIDERS", "CallOptions", "Completion", "Message", "Provider", "ProviderError", "make_provider"]
