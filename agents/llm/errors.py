"""SDK exceptions → one-sentence ProviderErrors. Both SDKs share the same exception shape (Stainless)."""

from __future__ import annotations

from types import ModuleType

from agents.llm.base import ProviderError


def classify(exc: BaseException, sdk: ModuleType, who: str, retries: int) -> ProviderError:
    """`who` names the endpoint ("OpenAI at http://...", "Anthropic"); never the key."""
    after = f" after {retries} retr{'y' if retries == 1 else 'ies'}" if retries else ""
    if isinstance(exc, ProviderError):
        return exc
    if isinstance(exc, sdk.APITimeoutError):
        return ProviderError(f"{who} did not answer in time{after}", "timeout")
    if isinstance(exc, sdk.APIConnectionError):
        return ProviderError(f"cannot connect to {who}{after}: {_root(exc)}", "connection")
    if isinstance(exc, sdk.AuthenticationError | sdk.PermissionDeniedError):
        return ProviderError(f"{who} refused the API key (HTTP {exc.status_code}); check the key", "auth")
    if isinstance(exc, sdk.RateLimitError):
        return ProviderError(f"{who} is rate-limiting requests (HTTP 429){after}; wait and retry", "rate_limit")
    if isinstance(exc, sdk.APIStatusError):
        code = exc.status_code
        kind = "server" if code >= 500 else "request"
        return ProviderError(f"{who} answered HTTP {code}{after if code >= 500 else ''}: {_message(exc)}", kind)
    if isinstance(exc, sdk.APIError):
        return ProviderError(f"{who} sent a reply that could not be read: {exc}", "server")
    return ProviderError(f"calling {who} failed: {type(exc).__name__}: {exc}", "request")


def _message(exc: BaseException) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        err = body.get("error", body)
        if isinstance(err, dict) and err.get("message"):
            return str(err["message"])[:200]
    return str(exc)[:200]


def _root(exc: BaseException) -> str:
    while exc.__cause__ is not None:
        exc = exc.__cause__
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:160]
