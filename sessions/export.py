"""A session as a report: Markdown, or one self-contained HTML page (no scripts, no external assets).

Both hold the task, every iteration (role, the plan it carried out, the diff against the previous
candidate, status, timing), a speedup-per-iteration chart (inline SVG, or a text bar chart in Markdown)
and the best kernel in full.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

from sessions.replay import Iteration, best_iteration, iterations, unified_diff
from sessions.store import Session

ROLE_TITLE = {"coder": "Coder", "debugger": "Debugger", "accelerator": "Accelerator"}


@dataclass(frozen=True)
class _Task:
    id: str
    summary: str
    source: str | None


def _task(session: Session) -> _Task:
    """The task as this machine has it; a report of a session whose task file is gone still renders."""
    from tasks.registry import get_task
    from tasks.task import TaskError

    try:
        t = get_task(session.header.task)
        source = t.source
    except (TaskError, OSError):
        return _Task(session.header.task, "", None)
    import ast

    doc = ast.get_docstring(ast.parse(source)) or ""
    return _Task(t.id, f"{doc} ({t.category}, ONNX {t.onnx_op})".strip(), source)


def _plan_text(it: Iteration) -> str:
    """The plan this iteration carried out, as readable lines (its JSON keys in order)."""
    p = it.guided_by
    if p is None:
        return "First draft, from the task description." if it.number <= 1 else ""
    lines = []
    for k, v in p.plan.items():
        v = v if isinstance(v, str) else json.dumps(v)
        lines.append(f"{k.replace('_', ' ')}: {v}")
    return "\n".join(lines) + ("\n(edited by the engineer)" if p.edited else "")


def _ms(x: float | None) -> str:
    return "—" if x is None else f"{x:.4g} ms"


def _files(session: Session, it: Iteration | None) -> dict[str, str]:
    return session.files_of(it.candidate) if it and it.candidate else {}


def _rows(session: Session) -> tuple[list[Iteration], list[dict[str, Any]]]:
    its = [it for it in iterations(session) if it.candidate or it.evaluation]
    rows: list[dict[str, Any]] = []
    prev: dict[str, str] = {}
    for it in its:
        files = _files(session, it)
        r = it.result
        rows.append({
            "it": it, "files": files,
            "diff": unified_diff(prev, files, "previous", "this") if prev else "",
            "status": it.status, "message": r.message if r else "",
            "kernel": it.median_ms, "mnn": r.baseline.mnn_native_ms if r else None, "speedup": it.speedup,
            "against": r.baseline.label if r else "MNN", "tuned": bool(r and r.host_tuned),
            "diagnostics": [str(d) for d in r.diagnostics if d.severity == "error"][:5] if r else [],
        })
        prev = files or prev
    return its, rows


def _provenance(session: Session) -> list[tuple[str, str]]:
    h = session.header
    who = {"human": "by hand (no LLM wrote these replies)", "llm": "by an LLM", "mixed": "by an LLM and by hand"}
    out = [("task", h.task), ("target", h.target), ("provider / model", f"{h.provider} / {h.model or '—'}"),
           ("written", who[h.written_by]), ("created", h.created), ("session", h.session_id)]
    if h.parent:
        out.append(("forked from", f"{h.parent.session_id or h.parent.session} at step {h.parent.step}"))
    if h.tool_versions:
        out.append(("tools", ", ".join(f"{k} {v}" for k, v in h.tool_versions.items())))
    if h.host:
        out.append(("host", ", ".join(f"{k} {v}" for k, v in h.host.items())))
    return out


def _title(session: Session) -> str:
    return session.header.title or f"{session.header.task} session"


# --- Markdown ------------------------------------------------------------------------------------------


def _fence(text: str, lang: str = "") -> str:
    ticks = "```"
    while ticks in text:  # a kernel holding ``` must not close our block early
        ticks += "`"
    return f"{ticks}{lang}\n{text.rstrip()}\n{ticks}"


def text_chart(rows: list[dict[str, Any]], width: int = 40) -> str:
    top = max((r["speedup"] for r in rows if r["speedup"]), default=0.0)
    lines = []
    for r in rows:
        label = f"it {r['it'].number:>2} {ROLE_TITLE.get(r['it'].role, r['it'].role):<11}"
        if r["speedup"]:
            bar = "█" * max(1, round(width * r["speedup"] / top))
            lines.append(f"{label} {bar} {r['speedup']:.2f}x")
        else:
            lines.append(f"{label} ({r['status']})")
    return "\n".join(lines)


def to_markdown(session: Session) -> str:
    task = _task(session)
    its, rows = _rows(session)
    best = best_iteration(session, its)
    md = [f"# {_title(session)}", ""]
    md += [f"- **{k}**: {v}" for k, v in _provenance(session)]
    md += ["", "## Task", "", f"`{task.id}`" + (f": {task.summary}" if task.summary else "")]
    if task.source:
        md += ["", _fence(task.source, "python")]
    md += ["", "## Iterations", "", "| # | role | status | kernel | MNN | speedup |", "|---|---|---|---|---|---|"]
    for r in rows:
        sp = "—" if r["speedup"] is None else f"{r['speedup']:.2f}x"
        md.append(f"| {r['it'].number} | {ROLE_TITLE.get(r['it'].role, r['it'].role)} | {r['status']} | "
                  f"{_ms(r['kernel'])} | {_ms(r['mnn'])} | {sp} |")
    md += ["", "## Speedup over MNN per iteration", "", _fence(text_chart(rows))]
    for r in rows:
        it: Iteration = r["it"]
        md += ["", f"### Iteration {it.number} — {ROLE_TITLE.get(it.role, it.role)}", ""]
        plan = _plan_text(it)
        if plan:
            md += ["**Plan**", "", _fence(plan), ""]
        md.append(f"**Status**: {r['status']}" + (f" — {r['message']}" if r["message"] else ""))
        md += [f"- {d}" for d in r["diagnostics"]]
        if r["kernel"] is not None:
            md.append(f"\n**Timing**: kernel {_ms(r['kernel'])}, {r['against']} {_ms(r['mnn'])}"
                      + (f", speedup {r['speedup']:.2f}x" if r["speedup"] else "")
                      + (" (built --host-tuned: -march=native)" if r["tuned"] else ""))
        if r["diff"]:
            md += ["", "**Diff against the previous candidate**", "", _fence(r["diff"], "diff")]
        elif it.number == its[0].number and r["files"]:
            md += ["", "**Candidate**", ""] + [_fence(t, "cpp") for t in r["files"].values()]
    md += ["", "## Best kernel", ""]
    if best is None:
        md.append("No candidate was correct.")
    else:
        against = best.result.baseline.label if best.result else "MNN"
        sp = f", {best.speedup:.2f}x over {against}" if best.speedup else ""
        md.append(f"Iteration {best.number}: {_ms(best.median_ms)}{sp}.")
        for name, text in _files(session, best).items():
            md += ["", f"`{name}`", "", _fence(text, "cpp")]
    if session.warnings:
        md += ["", "## Warnings while reading the session", ""] + [f"- {w}" for w in session.warnings]
    return "\n".join(md) + "\n"


# --- HTML ----------------------------------------------------------------------------------------------

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
pre{background:#f6f8fa;padding:.8em;overflow-x:auto;font:13px/1.4 ui-monospace,monospace;border-radius:4px}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left}
.ok{color:#1a7f37}.bad{color:#cf222e}.add{color:#1a7f37}.del{color:#cf222e}.hunk{color:#8250df}
dl{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}dt{font-weight:600}dd{margin:0}
section{border-top:1px solid #eee;margin-top:1.5em}
"""


def svg_chart(rows: list[dict[str, Any]]) -> str:
    """Bars of speedup over MNN per iteration; failed iterations as a red mark; a line at 1x."""
    bar, gap, h, pad = 44, 14, 220, 36
    top = max([r["speedup"] or 0.0 for r in rows] + [1.2]) * 1.1
    w = pad + len(rows) * (bar + gap) + gap
    y = lambda v: pad / 2 + (h - pad) * (1 - v / top)  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h + 24}" role="img" '
             f'aria-label="speedup over MNN per iteration" font-family="sans-serif" font-size="11">',
             f'<line x1="{pad}" x2="{w}" y1="{y(1):.1f}" y2="{y(1):.1f}" stroke="#888" stroke-dasharray="4"/>',
             f'<text x="2" y="{y(1) + 4:.1f}">1x</text>']
    for i, r in enumerate(rows):
        x = pad + gap + i * (bar + gap)
        n = r["it"].number
        if r["speedup"]:
            top_y = y(r["speedup"])
            parts.append(f'<rect x="{x}" y="{top_y:.1f}" width="{bar}" height="{y(0) - top_y:.1f}" fill="#2f81f7">'
                         f'<title>iteration {n}: {r["speedup"]:.2f}x</title></rect>')
            parts.append(f'<text x="{x + bar / 2}" y="{top_y - 4:.1f}" text-anchor="middle">{r["speedup"]:.2f}x</text>')
        else:
            parts.append(f'<text x="{x + bar / 2}" y="{y(0) - 6:.1f}" text-anchor="middle" fill="#cf222e">✗'
                         f'<title>iteration {n}: {html.escape(r["status"])}</title></text>')
        parts.append(f'<text x="{x + bar / 2}" y="{h + 14}" text-anchor="middle">it {n}</text>')
    parts.append(f'<line x1="{pad}" x2="{w}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#444"/></svg>')
    return "".join(parts)


def _pre(text: str, diff: bool = False) -> str:
    if not diff:
        return f"<pre>{html.escape(text)}</pre>"
    cls = {"+": "add", "-": "del", "@": "hunk"}
    out = []
    for line in text.splitlines():
        c = "" if line.startswith(("+++", "---")) else cls.get(line[:1], "")
        out.append(f'<span class="{c}">{html.escape(line)}</span>' if c else html.escape(line))
    return "<pre>" + "\n".join(out) + "</pre>"


def to_html(session: Session) -> str:
    e = html.escape
    task = _task(session)
    its, rows = _rows(session)
    best = best_iteration(session, its)
    title = e(_title(session))
    b = [f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
         f"<style>{_CSS}</style></head><body><h1>{title}</h1><dl>"]
    b += [f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in _provenance(session)]
    b.append(f"</dl><h2>Task</h2><p><code>{e(task.id)}</code>{': ' + e(task.summary) if task.summary else ''}</p>")
    if task.source:
        b.append(f"<details><summary>task file</summary>{_pre(task.source)}</details>")
    b.append("<h2>Iterations</h2><table><tr><th>#</th><th>role</th><th>status</th><th>kernel</th>"
             "<th>MNN</th><th>speedup</th></tr>")
    for r in rows:
        cls = "ok" if r["status"] == "ok" else "bad"
        sp = "—" if r["speedup"] is None else f"{r['speedup']:.2f}x"
        b.append(f'<tr><td><a href="#it{r["it"].number}">{r["it"].number}</a></td>'
                 f'<td>{e(ROLE_TITLE.get(r["it"].role, r["it"].role))}</td><td class="{cls}">{e(r["status"])}</td>'
                 f'<td>{_ms(r["kernel"])}</td><td>{_ms(r["mnn"])}</td><td>{sp}</td></tr>')
    b.append(f"</table><h2>Speedup over MNN per iteration</h2>{svg_chart(rows)}")
    for r in rows:
        it: Iteration = r["it"]
        b.append(f'<section id="it{it.number}"><h3>Iteration {it.number} — '
                 f'{e(ROLE_TITLE.get(it.role, it.role))}</h3>')
        plan = _plan_text(it)
        if plan:
            b.append(f"<h4>Plan</h4>{_pre(plan)}")
        cls = "ok" if r["status"] == "ok" else "bad"
        b.append(f'<p><b>Status</b>: <span class="{cls}">{e(r["status"])}</span>'
                 f'{" — " + e(r["message"]) if r["message"] else ""}</p>')
        if r["diagnostics"]:
            b.append("<ul>" + "".join(f"<li><code>{e(d)}</code></li>" for d in r["diagnostics"]) + "</ul>")
        if r["kernel"] is not None:
            b.append(f"<p><b>Timing</b>: kernel {_ms(r['kernel'])}, {e(r['against'])} {_ms(r['mnn'])}"
                     + (f", speedup {r['speedup']:.2f}x" if r["speedup"] else "")
                     + (" (built --host-tuned: -march=native)" if r["tuned"] else "") + "</p>")
        if r["diff"]:
            b.append(f"<h4>Diff against the previous candidate</h4>{_pre(r['diff'], diff=True)}")
        elif it.number == its[0].number and r["files"]:
            b += [f"<h4>{e(n)}</h4>{_pre(t)}" for n, t in r["files"].items()]
        b.append("</section>")
    b.append("<h2>Best kernel</h2>")
    if best is None:
        b.append("<p>No candidate was correct.</p>")
    else:
        against = best.result.baseline.label if best.result else "MNN"
        sp = f", {best.speedup:.2f}x over {against}" if best.speedup else ""
        b.append(f"<p>Iteration {best.number}: {_ms(best.median_ms)}{sp}.</p>")
        b += [f"<h4>{e(n)}</h4>{_pre(t)}" for n, t in _files(session, best).items()]
    if session.warnings:
        b.append("<h2>Warnings while reading the session</h2><ul>"
                 + "".join(f"<li>{e(w)}</li>" for w in session.warnings) + "</ul>")
    b.append("</body></html>")
    return "\n".join(b) + "\n"
