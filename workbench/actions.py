"""Every steering action of the workbench, once: its id, default key, and what it does.

The App turns these into priority bindings (a focused editor swallows printable keys and binds F6/F7
itself, so the workbench's keys must win), the command palette lists them, F1 help prints them, and
the user's `[keymap]` table in config.toml remaps them by id. No Textual here: this is plain data.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActionSpec:
    id: str  # the Textual action name on the App and the binding id the keymap uses
    key: str  # the default key
    title: str  # short, for the footer and the palette
    help: str  # one sentence, for F1 and the palette
    footer: bool = True
    scope: str = "workbench"  # "workbench": the main screen's; "app": any screen's


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("devices", "f4", "Devices", "Where kernels run: this machine, inside a real MNN tree, or a phone."),
    ActionSpec("evaluate", "f5", "Evaluate", "Compile, verify and time the editor's kernel against the task."),
    ActionSpec("step", "f6", "Step", "Let the agent loop take its next step, up to the next gate."),
    ActionSpec("run", "f7", "Run", "Let the agent loop run to its budget without stopping at gates."),
    ActionSpec("pause", "f8", "Pause", "Stop the running evaluation or agent loop at the next safe point."),
    ActionSpec("cycle_mode", "f9", "Mode", "Switch the loop's mode: manual, confirm, auto."),
    ActionSpec("settings", "f2", "Provider", "Provider, model and mode settings; says what is missing.",
               footer=False, scope="app"),
    ActionSpec("diff", "f3", "Diff", "Diff any two candidates, or a candidate and the editor."),
    ActionSpec("edit_plan", "ctrl+g", "Edit plan", "Rewrite the pending plan before the Coder gets it.",
               footer=False),
    ActionSpec("gate", "f12", "Gate", "Go to the gate pane: its keys skip, re-ask, choose the next role, "
               "edit the prompt, the memory or the budget.", footer=False),
    ActionSpec("override", "ctrl+b", "Use editor", "Make the editor's text the loop's current candidate.",
               footer=False),
    ActionSpec("revert", "ctrl+r", "Revert", "Load an earlier candidate into the editor: this session's, or the last "
               "one evaluated or the one saved in an earlier launch.", footer=False),
    ActionSpec("verify_mnn", "f11", "Check in MNN", "Drop the editor's kernel into the MNN tree (`mkb mnn setup`) "
               "in place of MNN's file, build, and run MNN's own tests of the op.", footer=False),
    ActionSpec("save", "ctrl+s", "Save", "Save the kernel files (and the session, when one is recorded)."),
    ActionSpec("open_session", "ctrl+o", "Open session", "Open a recorded session for replay.", footer=False),
    ActionSpec("fork", "ctrl+f", "Fork", "Fork the session at the current step into a new session.", footer=False),
    ActionSpec("next_pane", "ctrl+n", "Next pane",
               "Show and focus the next pane (on a narrow terminal the panes are tabs: this switches them).",
               footer=False),
    ActionSpec("zoom", "f10", "Zoom", "Show the focused pane on the whole screen; again to go back."),
    ActionSpec("reference", "ctrl+l", "Reference", "Load the task's reference kernel into the editor (asks first "
               "when the editor holds unsaved edits).", footer=False),
    ActionSpec("tasks", "ctrl+t", "Tasks", "Pick another task.", scope="app"),
    ActionSpec("help", "f1", "Help", "Show every key and what it does.", scope="app"),
    ActionSpec("quit", "ctrl+q", "Quit", "Quit the workbench.", scope="app"),
)

BY_ID: dict[str, ActionSpec] = {a.id: a for a in ACTIONS}


@dataclass(frozen=True)
class GateKey:
    id: str
    key: str
    title: str
    help: str


# The gate pane's own keys (active while it has focus: a gate gives it focus, f12 goes back to it).
GATE_KEYS: tuple[GateKey, ...] = (
    GateKey("continue", "enter", "go on", "Accept the plan or let the step happen, with your edits."),
    GateKey("prompt", "p", "prompt", "Read the prompt that will be sent, and rewrite it."),
    GateKey("plan", "e", "edit plan", "Rewrite the waiting plan before the Coder gets it."),
    GateKey("skip", "s", "skip", "Skip the step: set the plan aside, or do not make the LLM call."),
    GateKey("reask", "r", "re-ask", "Ask again for the last reply, with the same prompt."),
    GateKey("coder", "c", "Coder", "The Coder goes next (at a plan gate: it carries out the plan)."),
    GateKey("debugger", "d", "Debugger", "The Debugger goes next (at a plan gate: it plans instead)."),
    GateKey("accelerator", "a", "Accelerator", "The Accelerator goes next (at a plan gate: it plans instead)."),
    GateKey("memory", "m", "memory", "Edit the memory every planner reads."),
    GateKey("budget", "b", "budget", "Set the iteration, token and cost budgets."),
)


class KeymapError(ValueError):
    """A `[keymap]` entry naming no action; the message is one sentence."""


def resolve_keymap(overrides: dict[str, str]) -> dict[str, str]:
    """Action id -> key, the defaults with the user's overrides applied."""
    unknown = sorted(set(overrides) - set(BY_ID))
    if unknown:
        raise KeymapError(f"the keymap names unknown actions: {', '.join(unknown)} "
                          f"(known: {', '.join(BY_ID)})")
    return {a.id: overrides.get(a.id, a.key) for a in ACTIONS}
