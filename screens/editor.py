"""The kernel editor: a TextArea with tree-sitter C++ and the compiler's error lines marked."""

from __future__ import annotations

import re

from rich.style import Style
from textual.widgets import TextArea
from textual.widgets.text_area import TextAreaTheme

from screens.syntax import CAPTURE_STYLES, LANGUAGE_NAME, cpp_language, highlight_query_text
from toolchain.result import Diagnostic

THEME_NAME = "mkb"
ERROR_LINE = "mkb.error_line"
WARNING_LINE = "mkb.warning_line"
ERROR_SPOT = "mkb.error_spot"
_TOKEN = re.compile(r"\w+|\S")


def _theme() -> TextAreaTheme:
    base = TextAreaTheme.get_builtin_theme("monokai")
    assert base is not None  # shipped with Textual
    styles = dict(base.syntax_styles)
    styles.update(CAPTURE_STYLES)
    styles[ERROR_LINE] = Style(bgcolor="#4a1c1c")
    styles[WARNING_LINE] = Style(bgcolor="#3d3514")
    styles[ERROR_SPOT] = Style(underline=True, bold=True, color="#ff5555")
    return TextAreaTheme(name=THEME_NAME, base_style=base.base_style, gutter_style=base.gutter_style,
                         cursor_style=base.cursor_style, cursor_line_style=base.cursor_line_style,
                         cursor_line_gutter_style=base.cursor_line_gutter_style,
                         bracket_matching_style=base.bracket_matching_style,
                         selection_style=base.selection_style, syntax_styles=styles)


class KernelEditor(TextArea):
    """One candidate file. `mark(diagnostics)` tints their lines and underlines their spot."""

    def __init__(self, text: str, file_name: str, **kw: object) -> None:
        super().__init__(text, show_line_numbers=True, tab_behavior="indent", soft_wrap=False, **kw)  # type: ignore[arg-type]
        self.file_name = file_name
        self._marks: list[Diagnostic] = []
        self.register_language(LANGUAGE_NAME, cpp_language(), highlight_query_text())
        self.register_theme(_theme())
        self.theme = THEME_NAME
        self.language = LANGUAGE_NAME

    def mark(self, diagnostics: list[Diagnostic]) -> None:
        self._marks = [d for d in diagnostics if d.severity in ("error", "warning") and d.line >= 1]
        self._build_highlight_map()
        self.refresh()

    def _build_highlight_map(self) -> None:
        # Textual offers no public per-line decoration, so the marks ride on the highlight map it
        # rebuilds after every edit; that keeps them in place as the engineer types.
        super()._build_highlight_map()
        lines = self.document.line_count
        for d in getattr(self, "_marks", ()):
            row = d.line - 1
            if row >= lines:
                continue
            self._highlights[row].insert(0, (0, None, ERROR_LINE if d.severity == "error" else WARNING_LINE))
            line = self.document.get_line(row)
            start = max(0, d.column - 1)
            # Underline the token the compiler points at; highlight columns are bytes, as tree-sitter's.
            m = _TOKEN.match(line, start)
            end = m.end() if m else start + 1
            self._highlights[row].append((len(line[:start].encode()), len(line[:end].encode()), ERROR_SPOT))

    def goto(self, line: int, column: int) -> None:
        """Put the cursor at 1-based `line`:`column` (as compilers count), scrolled into view."""
        row = min(max(line - 1, 0), self.document.line_count - 1)
        col = min(max(column - 1, 0), len(self.document.get_line(row)))
        self.cursor_location = (row, col)
        self.scroll_cursor_visible(center=True)
        self.focus()
