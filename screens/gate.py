"""The gate pane: what the agent loop waits on, and every decision the engineer can take there.

While a run goes, the pane shows one line: who is working and the cost so far against the budget. At a
gate it grows: the role that goes next, the prompt that will be sent (p reads and rewrites it), the plan
as fields with code shown as code, and the keys (`workbench.actions.GATE_KEYS`). Edits to the prompt,
the memory and the budget wait in the pane until a decision sends them together, as one
`agents.events.Answer`, through the controller: the loop's one gate handshake.

The modal editors for the prompt, the memory and the budget live here too; the session lines of a
replayed iteration are rendered here for the timeline (prompts and replies, not just candidates).
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TabbedContent, TabPane, TextArea

from agents.events import ROLE_TITLE, Answer, Gate, RoleName, Spend, plan_items
from agents.llm.base import Message
from agents.loop import Budget
from agents.memory import Entry, Memory
from screens.dialogs import DIALOG_CSS
from workbench.actions import GATE_KEYS
from workbench.controller import Controller, ControllerError

_WHO_NEXT = {"before_eval": "the evaluation of the candidate", "plan": "the Coder, carrying out this plan"}


def plan_view(plan: dict[str, Any]) -> Table:
    """A plan as a small field list: names on the left, text wrapped, code as highlighted C++."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column(ratio=1)
    for key, text, code in plan_items(plan):
        value: RenderableType = Syntax(text, "cpp", theme="monokai", background_color="default", word_wrap=True) \
            if code else Text(text)
        table.add_row(key, value)
    return table


def prompt_summary(prompt: tuple[Message, ...]) -> str:
    chars = sum(len(m.content) for m in prompt)
    return f"{len(prompt)} message{'s' if len(prompt) != 1 else ''}, {chars:,} characters"


class GatePanel(VerticalScroll, can_focus=True):
    """Docked under the panes while an agent run goes; the engineer's controls at each gate."""

    DEFAULT_CSS = """
    GatePanel { height: auto; max-height: 45%; border: round $warning; padding: 0 1; display: none; }
    GatePanel.-running { display: block; border: round $primary-darken-2; }
    GatePanel.-waiting { display: block; border: round $warning; }
    GatePanel:focus { border: round $accent; }
    GatePanel #gate-next { text-style: bold; }
    GatePanel #gate-keys { color: $text-muted; }
    """
    BINDINGS = [Binding(k.key, f"gate('{k.id}')", k.title, show=False) for k in GATE_KEYS]  # noqa: RUF012

    def __init__(self, controller: Controller, **kw: Any) -> None:
        super().__init__(**kw)
        self.controller = controller
        self.gate: Gate | None = None
        self._prompt: tuple[Message, ...] | None = None  # the engineer's rewrite, until a decision sends it
        self._memory: tuple[Entry, ...] | None = None
        self._budget: Budget | None = None
        self.border_title = "Agent"

    def compose(self) -> ComposeResult:
        yield Static(id="gate-next")
        yield Static(id="gate-spend")
        yield Static(id="gate-plan")
        yield Static(id="gate-prompt")
        yield Static(id="gate-keys")

    # --- what the pane shows -------------------------------------------------------------------

    def running(self, spend: Spend | None, what: str = "working") -> None:
        """Between gates: one line, the run's state and its cost so far."""
        self.gate = None
        self._prompt = self._memory = self._budget = None
        self.set_class(True, "-running")
        self.set_class(False, "-waiting")
        self.border_title = "Agent"
        self.query_one("#gate-next", Static).update(Text(f"agent {what}", style="dim"))
        for part in ("#gate-plan", "#gate-prompt", "#gate-keys"):
            self.query_one(part, Static).update("")
            self.query_one(part, Static).display = False
        self.spend(spend)

    def spend(self, spend: Spend | None) -> None:
        if spend is not None:
            self.query_one("#gate-spend", Static).update(Text(spend.line(), style="bold"))

    def ended(self) -> None:
        focused = self.has_focus
        self.gate = None
        self.set_class(False, "-running")
        self.set_class(False, "-waiting")
        if focused:  # focus never stays on a hidden pane
            self.screen.focus_next()

    def show(self, gate: Gate) -> None:
        self.gate = gate
        self._prompt = self._memory = self._budget = None
        self.set_class(False, "-running")
        self.set_class(True, "-waiting")
        what = f"the {ROLE_TITLE.get(gate.role or '', '')}'s plan" if gate.gate == "plan" else \
            gate.gate.replace("_", " ") + (f" ({ROLE_TITLE.get(gate.role or '', gate.role)})" if gate.role else "")
        self.border_title = f"⏸ iteration {gate.iteration}: waiting at {what}"
        nxt = ROLE_TITLE.get(gate.next_role or "", "") if gate.gate == "before_llm" else _WHO_NEXT[gate.gate]
        self.query_one("#gate-next", Static).update(Text.assemble("Next: ", (nxt, "bold yellow")))
        self.spend(gate.spend)
        plan = self.query_one("#gate-plan", Static)
        plan.display = gate.plan is not None
        plan.update(plan_view(gate.plan) if gate.plan is not None else "")
        keys = self.query_one("#gate-keys", Static)
        keys.display = True
        keys.update(Text("  ".join(f"{k.key} {k.title}" for k in GATE_KEYS if self._offered(k.id)) +
                         "  F6 go on  F7 run to end  F8 stop"))
        self._show_prompt()

    def _offered(self, key_id: str) -> bool:
        g = self.gate
        if g is None:
            return False
        return {"prompt": g.prompt is not None, "plan": g.plan is not None, "reask": g.can_reask,
                "skip": g.gate != "before_eval"}.get(key_id, True)

    def _show_prompt(self) -> None:
        g, part = self.gate, self.query_one("#gate-prompt", Static)
        prompt = self._prompt or (g.prompt if g else None)
        part.display = prompt is not None
        if prompt is None or g is None:
            return
        edited = " (edited: it goes with your next decision)" if self._prompt is not None else ""
        lines = [Text.assemble((f"Prompt for the {ROLE_TITLE.get(g.next_role or '', g.next_role)}: ", "bold"),
                               prompt_summary(prompt), (edited, "bold green"), ("  — p reads or rewrites it", "dim"))]
        pending = [w for w, v in (("memory", self._memory), ("budget", self._budget)) if v is not None]
        if pending:
            lines.append(Text(f"Changed: {', '.join(pending)} (goes with your next decision)", style="bold green"))
        part.update(Group(*lines))

    # --- the decisions -------------------------------------------------------------------------

    def action_gate(self, key_id: str) -> None:
        if self.gate is None:
            self.app.notify("The agent loop is not waiting at a gate.")
            return
        if not self._offered(key_id):
            self.app.notify({"prompt": "No prompt is sent next: an evaluation is.",
                             "plan": "No plan is waiting here.",
                             "reask": "There is no reply here to ask for again.",
                             "skip": "An evaluation cannot be skipped: the next plan needs its result."}[key_id],
                            severity="warning")
            return
        if key_id in ("continue", "skip", "reask"):
            self.send(key_id)  # type: ignore[arg-type]
        elif key_id in ("coder", "debugger", "accelerator"):
            self.choose(key_id)  # type: ignore[arg-type]
        elif key_id == "prompt":
            self.edit_prompt()
        elif key_id == "plan":
            self.edit_plan()
        elif key_id == "memory":
            self.edit_memory()
        elif key_id == "budget":
            self.edit_budget()

    def choose(self, role: RoleName) -> None:
        g = self.gate
        if g is None:
            return
        if role == "coder" and g.gate != "plan" and g.next_role != "coder":
            self.app.notify("The Coder goes next only with a plan: choose it at a plan gate (or let a planner plan).",
                            severity="warning")
            return
        self.send("role", role=role)

    def send(self, decision: str, **kw: Any) -> None:
        """The decision, with every edit waiting in the pane, to the loop."""
        answer = Answer(decision, prompt=self._prompt, memory=self._memory, budget=self._budget, **kw)  # type: ignore[arg-type]
        try:
            self.controller.agent_answer(answer)
        except ControllerError as exc:  # the loop ended while the engineer was deciding
            self.app.notify(str(exc), severity="warning")
            return
        said = {"continue": "Going on", "skip": "Skipping this step", "reask": "Asking again for the last reply",
                "edit": "The Coder gets your plan", "stop": "Stopping"}.get(decision)
        if decision == "role":
            said = f"The {ROLE_TITLE[kw['role']]} goes next"
        extra = [w for w, v in (("your prompt", self._prompt), ("the memory", self._memory),
                                ("the budget", self._budget)) if v is not None]
        self.app.notify(f"{said}" + (f", with {', '.join(extra)}" if extra else "") + ".")
        self.running(None, "working")

    def edit_prompt(self) -> None:
        g = self.gate
        prompt = self._prompt or (g.prompt if g else None)
        if g is None or prompt is None:
            return

        def edited(new: tuple[Message, ...] | None) -> None:
            if new is not None and self.gate is g:
                self._prompt = None if new == g.prompt else new
                self._show_prompt()

        self.app.push_screen(EditPrompt(prompt, ROLE_TITLE.get(g.next_role or "", "the role")), edited)

    def edit_plan(self) -> None:
        from screens.dialogs import EditPlan

        g = self.gate
        if g is None or g.plan is None:
            self.app.notify("No plan is waiting: the loop stops at plans in confirm or manual mode (F9).")
            return

        def edited(plan: dict[str, Any] | None) -> None:
            if plan is not None and self.gate is g:
                self.send("edit", plan=plan)

        self.app.push_screen(EditPlan(g.plan), edited)

    def edit_memory(self) -> None:
        g = self.gate
        current = Memory(list(self._memory)).to_lines() if self._memory is not None else self.controller.agent_memory()

        def edited(entries: list[Entry] | None) -> None:
            if entries is not None and self.gate is g:
                self._memory = tuple(entries)
                self._show_prompt()

        self.app.push_screen(EditMemory(current), edited)

    def edit_budget(self) -> None:
        g = self.gate
        budget = self._budget or self.controller.agent_budget() or Budget()

        def edited(new: Budget | None) -> None:
            if new is not None and self.gate is g:
                self._budget = new
                self._show_prompt()
                u = g.spend
                self.spend(Spend(u.input_tokens, u.output_tokens, u.cost_usd, new.iterations, new.tokens,
                                 new.cost_usd))

        self.app.push_screen(EditBudget(budget), edited)


# --- the editors ------------------------------------------------------------------------------------


class EditPrompt(ModalScreen[tuple[Message, ...] | None]):
    """The prompt about to be sent, one tab a message, to read or rewrite; ctrl+s keeps the rewrite."""

    DEFAULT_CSS = DIALOG_CSS.format(name="EditPrompt") + """
    EditPrompt > Vertical { max-width: 140; width: 95%; height: 90%; max-height: 90%; }
    EditPrompt TabbedContent, EditPrompt ContentSwitcher, EditPrompt TabPane { height: 1fr; }
    EditPrompt TextArea { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Close"), Binding("ctrl+s", "keep", "Keep", priority=True)]  # noqa: RUF012

    def __init__(self, prompt: tuple[Message, ...], role: str) -> None:
        super().__init__()
        self.prompt, self.role = prompt, role

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"The prompt for the {self.role} ({prompt_summary(self.prompt)}): ctrl+s keeps your "
                        "rewrite for the next decision, Esc closes without a change.")
            with TabbedContent():
                for i, m in enumerate(self.prompt):
                    with TabPane(f"{i + 1} · {m.role}", id=f"msg-tab-{i}"):
                        yield TextArea(m.content, id=f"msg-{i}", soft_wrap=True)

    def action_keep(self) -> None:
        self.dismiss(tuple(Message(m.role, self.query_one(f"#msg-{i}", TextArea).text)
                           for i, m in enumerate(self.prompt)))


class EditMemory(ModalScreen[list[Entry] | None]):
    """The loop's memory, one JSON entry a line: rewrite an outcome, delete a line to forget a plan."""

    DEFAULT_CSS = DIALOG_CSS.format(name="EditMemory") + """
    EditMemory > Vertical { max-width: 140; width: 95%; }
    EditMemory TextArea { height: 16; }
    EditMemory #memory-error { color: $error; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel"), Binding("ctrl+s", "keep", "Keep", priority=True)]  # noqa: RUF012

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("The memory every planner reads (one plan and its outcome a line). ctrl+s keeps it for "
                        "the next decision, Esc cancels.")
            yield TextArea(self.text, id="memory", soft_wrap=True)
            yield Static("", id="memory-error")

    def action_keep(self) -> None:
        try:
            self.dismiss(Memory.from_lines(self.query_one("#memory", TextArea).text))
        except ValueError as exc:
            self.query_one("#memory-error", Static).update(str(exc))


class EditBudget(ModalScreen[Budget | None]):
    """Iterations, tokens and cost the run may spend; an empty cap means none."""

    DEFAULT_CSS = DIALOG_CSS.format(name="EditBudget") + "EditBudget #budget-error { color: $error; }"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel"), Binding("ctrl+s", "keep", "Keep", priority=True)]  # noqa: RUF012

    def __init__(self, budget: Budget) -> None:
        super().__init__()
        self.budget = budget

    def compose(self) -> ComposeResult:
        b = self.budget
        with Vertical():
            yield Label("Budgets for this run (empty: no cap). Enter or ctrl+s keeps them, Esc cancels.")
            yield Label("iterations")
            yield Input(str(b.iterations), id="iterations")
            yield Label("tokens (input + output)")
            yield Input("" if b.tokens is None else str(b.tokens), id="tokens")
            yield Label("cost (USD)")
            yield Input("" if b.cost_usd is None else f"{b.cost_usd:g}", id="cost")
            yield Static("", id="budget-error")
            yield Button("Keep", variant="primary", id="keep")

    @on(Input.Submitted)
    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        try:
            self.dismiss(self.read())
        except ValueError as exc:
            self.query_one("#budget-error", Static).update(str(exc))

    def read(self) -> Budget:
        def value(field: str) -> str:
            return self.query_one(f"#{field}", Input).value.strip()

        def number(field: str, kind: type, what: str) -> Any:
            text = value(field)
            if not text and field != "iterations":
                return None
            try:
                x = kind(text)
            except ValueError:
                raise ValueError(f"{what} must be a number greater than 0, not {text!r}") from None
            if x <= 0:
                raise ValueError(f"{what} must be greater than 0, not {text}")
            return x

        return Budget(iterations=number("iterations", int, "iterations"), tokens=number("tokens", int, "tokens"),
                      cost_usd=number("cost", float, "the cost"), wall_s=self.budget.wall_s)


# --- a replayed iteration's session lines -----------------------------------------------------------


def session_event_lines(e: Any) -> list[Text]:
    """A recorded prompt, reply, plan, gate decision or human edit as timeline lines (replay)."""
    from agents.events import plan_text

    k, who = e.kind, ROLE_TITLE.get(getattr(e, "role", "") or "", getattr(e, "role", ""))
    if k == "prompt":
        last = e.messages[-1].content if e.messages else ""
        head = Text(f"→ {who} asked ({e.provider}/{e.model}, {len(e.messages)} messages, "
                    f"{sum(len(m.content) for m in e.messages):,} characters)"
                    + (", the engineer's rewrite" if e.edited else ""), style="bold green" if e.edited else "dim bold")
        return [head] + [Text(f"    {line}", style="dim") for line in _clip(last, 6)]
    if k == "reply":
        cost = f", ${e.cost_usd:.4f}" if e.cost_usd is not None else ""
        head = Text(f"← {who} replied ({e.input_tokens or 0}+{e.output_tokens or 0} tokens{cost})", style="cyan")
        return [head] + [Text(f"    {line}", style="dim") for line in _clip(e.text, 10)]
    if k == "plan":
        return [Text(f"{who} plan" + (" (edited)" if e.edited else "") + ":", style="italic")] + \
            [Text(line, style="italic") for line in plan_text(e.plan, "    ").splitlines()]
    if k == "gate":
        chosen = f": the {ROLE_TITLE.get(e.role or '', e.role)} goes next" if e.decision == "role" else ""
        return [Text(f"⏸ {e.gate.replace('_', ' ')} → {e.decision}{chosen}", style="yellow")]
    if k == "human_edit":
        return [Text(f"✎ the engineer changed the {e.what}: {e.detail}", style="bold green")]
    if k == "error":
        return [Text(f"✗ {who}: {e.message}", style="bold red")]
    return []


def _clip(text: str, n: int) -> list[str]:
    lines = text.strip().splitlines()
    return lines[:n] + ([f"… ({len(lines) - n} more lines)"] if len(lines) > n else [])
