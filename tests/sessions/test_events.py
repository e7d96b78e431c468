"""Every event kind survives write → file → load unchanged (hypothesis draws the events)."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sessions.events import (
    EVENT_TYPES,
    BlobEvent,
    CandidateEvent,
    ErrorEvent,
    EvaluationEvent,
    ForkEvent,
    GateEvent,
    Header,
    HumanEditEvent,
    Message,
    PlanEvent,
    PromptEvent,
    ReplyEvent,
    parse_event,
    sha256_text,
)
from sessions.store import SessionWriter, load_session
from toolchain.result import Baseline, Correctness, Diagnostic, EvalResult, Status, Timing

# Plain words: random text could by chance look like a credential, which the writer rightly redacts.
text = st.text(alphabet=string.ascii_letters + string.digits + " \n\t{}\"'\\;<>é€😀", max_size=60)
nat = st.integers(min_value=0, max_value=10**6)
floats = st.floats(allow_nan=False, allow_infinity=False, width=32)
role = st.sampled_from(["coder", "debugger", "accelerator"])
sha = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)
json_value = st.recursive(st.none() | st.booleans() | st.integers(-1000, 1000) | floats | text,
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
                          max_leaves=8)

timings = st.builds(lambda xs: Timing.from_samples(xs), st.lists(st.floats(0.001, 100), min_size=1, max_size=5))
eval_results = st.builds(
    EvalResult,
    task=text, status=st.sampled_from(list(Status)), message=text,
    diagnostics=st.lists(st.builds(Diagnostic, st.sampled_from(["error", "warning", "note"]), text, nat, nat, text),
                         max_size=2).map(tuple),
    correctness=st.none() | st.builds(Correctness, st.booleans(), st.none() | floats, st.none() | floats, nat),
    timing=st.none() | timings,
    baseline=st.builds(Baseline, st.none() | st.floats(0.001, 100), text, st.none() | timings),
)

EVENTS = {
    BlobEvent: text.map(lambda t: BlobEvent(sha256=sha256_text(t), text=t)),
    CandidateEvent: st.builds(CandidateEvent, iteration=nat, origin=st.sampled_from(["reference", "coder", "human",
                                                                                     "replay"]),
                              files=st.dictionaries(text, sha, max_size=3)),
    PromptEvent: st.builds(PromptEvent, iteration=nat, role=role, provider=text, model=text,
                           messages=st.lists(st.builds(Message, role=text, content=text), max_size=3)),
    ReplyEvent: st.builds(ReplyEvent, iteration=nat, role=role, text=text, model=text,
                          request_id=st.none() | text, input_tokens=st.none() | nat, output_tokens=st.none() | nat,
                          cost_usd=st.none() | floats, latency_ms=st.none() | floats),
    EvaluationEvent: st.builds(lambda i, c, r: EvaluationEvent(iteration=i, candidate=c, result=r.to_json()),
                               nat, nat, eval_results),
    PlanEvent: st.builds(PlanEvent, iteration=nat, role=st.sampled_from(["debugger", "accelerator"]),
                         plan=st.dictionaries(text, json_value, max_size=4), edited=st.booleans()),
    HumanEditEvent: st.builds(HumanEditEvent, iteration=nat,
                              what=st.sampled_from(["candidate", "plan", "provider", "model"]), detail=text),
    GateEvent: st.builds(GateEvent, iteration=nat, gate=st.sampled_from(["before_llm", "before_eval", "plan"]),
                         decision=st.sampled_from(["continue", "accept", "edit", "skip", "stop"])),
    ErrorEvent: st.builds(ErrorEvent, iteration=nat, role=text, message=text),
    ForkEvent: st.builds(ForkEvent, from_session=text, from_step=nat),
}


def test_every_event_kind_has_a_strategy() -> None:
    assert set(EVENTS) == set(EVENT_TYPES)


@pytest.mark.parametrize("kind", EVENT_TYPES, ids=lambda t: t.__name__)
def test_round_trip_through_a_file(kind: type, tmp_path_factory: pytest.TempPathFactory) -> None:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(EVENTS[kind], min_size=1, max_size=4))
    def check(events: list) -> None:
        path = tmp_path_factory.mktemp("rt") / "s.jsonl"
        header = Header(task="Softmax", provider="test")
        with SessionWriter.create(path, header) as w:
            written = [w.append(e) for e in events]
        s = load_session(path)
        assert s.header == header
        # A repeated blob is stored once; everything else line for line.
        seen: set[str] = set()
        expect = []
        for e in written:
            if e.kind == "blob":
                if e.sha256 in seen:
                    continue
                seen.add(e.sha256)
            expect.append(e)
        assert s.events == expect
        if kind is not CandidateEvent:  # random hashes name no stored blob, which load rightly warns of
            assert s.warnings == []
        for e in s.events:
            assert parse_event(e.model_dump(mode="json")) == e

    check()


def test_evaluation_result_is_checked_at_its_line() -> None:
    with pytest.raises(ValidationError, match="not an evaluation result"):
        EvaluationEvent(iteration=1, candidate=1, result={"task": "x", "status": "fine"})


def test_blob_hash_must_match_its_text() -> None:
    with pytest.raises(ValidationError, match="does not match"):
        BlobEvent(sha256="0" * 64, text="int x;")


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError):
        parse_event({"kind": "gate", "iteration": 1, "gate": "plan", "decision": "accept", "api_key": "x"})


def test_header_gets_an_id_once(tmp_path: Path) -> None:
    h = Header(task="Softmax", provider="p")
    assert "Softmax" in h.session_id
    assert Header.model_validate(h.model_dump()) == h


def test_a_tool_without_a_version_is_left_out() -> None:
    h = Header(task="Softmax", provider="p", tool_versions={"mkb": None, "MNN": "3.6.1"})
    assert h.tool_versions == {"MNN": "3.6.1"}
