"""The Timings pane's honest chart, live samples and a phone's state (pure rendering: no Textual app needed)."""

from __future__ import annotations

from screens.panes import live_line, phone_state, speedup_chart
from toolchain.result import EvalResult, Status


def _bar_cells(text: str) -> list[str]:
    """Per row (top first), the bar column's cell: the first character after the 6-wide label."""
    return [line[6] for line in text.split("\n")]


def test_nothing_is_drawn_without_a_correct_candidate() -> None:
    assert speedup_chart([], 40, 4).plain == ""
    assert speedup_chart([None, None], 40, 4).plain == ""


def test_bars_are_proportional_and_one_is_a_reference_line() -> None:
    text = speedup_chart([0.46], 40, 4).plain
    rows = text.split("\n")
    assert any(r.startswith("1.0x ─") for r in rows), text  # the 1.0x line is on the chart
    cells = _bar_cells(text)
    # 0.46x of a chart whose top is above 1.0x: under half the height, never the full column.
    assert cells[0] in " ┄" and cells[1] in " ┄" and cells[3] == "█", text
    tall = _bar_cells(speedup_chart([2.0], 40, 4).plain)
    assert tall[-1] == "█" and tall[0] != " "  # 2.0x reaches the top row


def test_a_failed_candidate_leaves_its_column_blank() -> None:
    text = speedup_chart([1.5, None, 0.8], 40, 4).plain
    bottom = text.split("\n")[-1]
    assert bottom[6] == "█" and bottom[8] == " " and bottom[10] == "█", text


def test_many_iterations_show_the_newest() -> None:
    text = speedup_chart([1.0] * 5 + [3.0], 12, 4).plain
    assert len(text.split("\n")[0]) <= 12 and "3" in text.split("\n")[0]


def test_live_line_has_running_median_and_spread() -> None:
    line = live_line("kernel", (1.0, 2.0, 3.0, 4.0, 5.0)).plain
    assert "5 samples" in line and "median 3 ms" in line and "±1" in line


def _phone_result(before: dict, after: dict, during: list[dict] | None = None) -> EvalResult:
    run = {"before": before, "after": after} | ({"during": during} if during is not None else {})
    return EvalResult("T", Status.OK, "ok", target="adb:X", provenance={"device": {"runs": [run]}})


def test_phone_state_before_after_and_throttling() -> None:
    cool = {"cur_khz": [1800000, 2840000], "temps_c": {"cpu": 41.0, "battery": 30.0}}
    same = phone_state(_phone_result(cool, cool))
    assert same is not None and "41 °C" in same.plain and "2.84 GHz" in same.plain
    assert "THROTTLED" not in same.plain
    slowed = {"cur_khz": [1800000, 1800000], "temps_c": {"cpu": 52.0}}
    assert "THROTTLED" in phone_state(_phone_result(cool, slowed)).plain
    hot = {"cur_khz": [1800000, 2840000], "temps_c": {"cpu": 63.0}}
    assert "THROTTLED" in phone_state(_phone_result(cool, hot)).plain
    assert phone_state(EvalResult("T", Status.OK, "ok")) is None  # the host records no runs


def test_a_throttle_seen_only_while_running_is_reported() -> None:
    cool = {"cur_khz": [1800000, 2840000], "temps_c": {"cpu": 41.0}}
    dip = {"cur_khz": [1800000, 1500000], "temps_c": {"cpu": 58.5}}
    text = phone_state(_phone_result(cool, cool, [cool, dip, cool])).plain
    assert "during 58.5 °C, 1.80 GHz (hottest, slowest of 3)" in text and "THROTTLED" in text
    steady = phone_state(_phone_result(cool, cool, [cool, cool])).plain
    assert "during 41 °C, 2.84 GHz" in steady and "THROTTLED" not in steady
