"""Provider, model and mode: what is set, what is missing, how to add it. Keys are never shown or stored."""

from __future__ import annotations

import os

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from workbench.config import KEY_ENV, MODES, Config, ConfigError, config_path, save_config


def provider_status(cfg: Config, environ: dict[str, str] | None = None) -> Text:
    """One line per provider: ready, or what is missing and how to add it (never the key itself)."""
    env = os.environ if environ is None else environ
    out = Text()
    for name, var in KEY_ENV.items():
        have = bool(env.get(var))
        chosen = " (chosen)" if cfg.provider == name else ""
        if have:
            out.append(f"✓ {name}{chosen}: {var} is set.\n", style="green")
        else:
            out.append(f"✗ {name}{chosen}: {var} is not set; export it in the shell that starts mkb-tui.\n",
                       style="yellow" if chosen else "dim")
    if env.get("OPENAI_BASE_URL") or cfg.base_url:
        out.append(f"  OpenAI-compatible server: {cfg.base_url or env.get('OPENAI_BASE_URL')}\n", style="dim")
    if not cfg.provider:
        out.append("No provider chosen: you are the Coder (edit, F5). Choose one to let the agents work.\n",
                   style="bold")
    return out


class SettingsScreen(ModalScreen[Config | None]):
    DEFAULT_CSS = """
    SettingsScreen { align: center middle; }
    SettingsScreen > VerticalScroll { width: 90%; max-width: 100; height: auto; max-height: 90%;
                                      border: thick $accent; background: $surface; padding: 1 2; }
    SettingsScreen Horizontal { height: auto; margin-top: 1; }
    SettingsScreen Label { margin-top: 1; }
    SettingsScreen #error { color: $error; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]  # noqa: RUF012

    def __init__(self, config: Config) -> None:
        super().__init__()
        self.config = config

    def compose(self) -> ComposeResult:
        cfg = self.config
        with VerticalScroll():
            yield Static(Text("Provider settings", style="bold"))
            yield Static(provider_status(cfg), id="provider-status")
            yield Label("Provider")
            choices = [("none (I am the Coder)", ""), ("Anthropic", "anthropic"), ("OpenAI or compatible", "openai")]
            yield Select(choices, value=cfg.provider, allow_blank=False, id="provider")
            yield Label("Model")
            yield Input(cfg.model, placeholder="e.g. claude-sonnet-4-5 or gpt-4.1", id="model")
            yield Label("Base URL (OpenAI-compatible servers: vLLM, llama.cpp, Ollama, OpenRouter)")
            yield Input(cfg.base_url, placeholder="http://127.0.0.1:8000/v1", id="base-url")
            yield Label("Loop mode")
            yield Select([(m, m) for m in MODES], value=cfg.mode, allow_blank=False, id="mode")
            yield Static("", id="error")
            with Horizontal():
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")
            yield Static(Text(f"Saved to {config_path()}", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#provider", Select).focus()  # keys work at once: no click needed to start

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        cfg = Config(**{**self.config.__dict__,
                        "provider": str(self.query_one("#provider", Select).value),
                        "model": self.query_one("#model", Input).value.strip(),
                        "base_url": self.query_one("#base-url", Input).value.strip(),
                        "mode": str(self.query_one("#mode", Select).value)})
        try:
            save_config(cfg)
        except (ConfigError, OSError) as exc:
            self.query_one("#error", Static).update(str(exc))
            return
        self.dismiss(cfg)
