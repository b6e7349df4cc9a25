"""Challenges on the page: a lesson records what the learner's runs achieved, and its last tab checks them.

Progress (solved challenges, predictions made) lives in the learner's own browser (`browser_store`),
so a reload or a server restart loses nothing and nothing personal stays on the server. Results
live in the session: a check reads the learner's own runs, never a number typed into the page.
"""
from __future__ import annotations

import importlib
from collections.abc import Mapping
from datetime import UTC, datetime

import streamlit as st

from core.challenges import Challenge, Progress, by_id, next_challenge
from core.goals import Metric
from ui import browser_store

STORE = "nnlab-progress"  # the localStorage key
_RESULTS = "challenge_results"  # session_state: {"lesson.result": {metric: value}}


def challenges(lesson: str) -> tuple[Challenge, ...]:
    """A lesson's challenges, in the order it teaches them (`core/<lesson>/challenges.py`)."""
    return importlib.import_module(f"core.{lesson}.challenges").CHALLENGES


def metrics(lesson: str) -> dict[str, tuple[str, Metric]]:
    """The numbers a lesson's runs report, by name: the recorded result that holds each, and how it reads."""
    return importlib.import_module(f"core.{lesson}.challenges").METRICS


def everything() -> dict[str, Challenge]:
    import ui

    return by_id([c for lesson in ui.LESSONS for c in challenges(lesson.slug)])


def mount() -> None:
    """Once per run, on every page: the browser's copy of the progress (answers on a session's first run)."""
    browser_store.mount(STORE)


def progress() -> Progress | None:
    """The learner's progress; None until the browser has answered. An unreadable copy is reset, with a notice."""
    stored = browser_store.load(STORE)
    if stored is None:
        return None
    if stored.raw is None:
        return Progress()
    try:
        if stored.error:
            raise ValueError(stored.error)
        return Progress.read(stored.value, everything())
    except ValueError as err:
        st.warning(f"Your saved progress could not be read ({err}), so it starts afresh.",
                   icon=":material/restart_alt:")
        browser_store.save(STORE, Progress().to_json())
        return Progress()


def record(lesson: str, name: str, metrics: Mapping[str, float]) -> None:
    """What one of the learner's runs achieved; every challenge it completes is marked solved now."""
    results = st.session_state.setdefault(_RESULTS, {})
    results[f"{lesson}.{name}"] = {k: float(v) for k, v in metrics.items()}
    mine = progress()
    if mine is None:
        return
    for ch in challenges(lesson):
        if ch.result == name and ch.id not in mine.solved and ch.solved_by(lesson_results(lesson)):
            mine = mine.solve(ch.id, datetime.now(UTC).isoformat(timespec="seconds"))
            st.toast(f"Challenge solved: **{ch.title}**", icon=":material/emoji_events:")
    browser_store.save(STORE, mine.to_json())


def lesson_results(lesson: str) -> dict[str, dict[str, float]]:
    results = st.session_state.get(_RESULTS, {})
    return {key.split(".", 1)[1]: value for key, value in results.items() if key.startswith(f"{lesson}.")}


def reset() -> None:
    browser_store.save(STORE, Progress().to_json())


def _open_setup(ch: Challenge) -> None:
    """Put the challenge's starting setup into the lesson's controls (and open its tab) for the next run."""
    st.session_state.update(ch.setup)


def show(lesson: str, prefix: str) -> None:
    """The Challenges tab: pick a challenge, predict, open its setup, run, and see it checked."""
    import ui

    mine = progress()
    if mine is None:
        st.caption("Loading your progress from this browser…")
        return
    lesson_challenges = challenges(lesson)
    results = lesson_results(lesson)
    for ch in lesson_challenges:  # solved in another tab while this one was closed
        if ch.id not in mine.solved and ch.solved_by(results):
            mine = mine.solve(ch.id, datetime.now(UTC).isoformat(timespec="seconds"))
    browser_store.save(STORE, mine.to_json())
    done = sum(ch.id in mine.solved for ch in lesson_challenges)
    st.progress(done / max(len(lesson_challenges), 1), text=f"{done} of {len(lesson_challenges)} solved in this lesson")
    titles = {ch.id: ("✓ " if ch.id in mine.solved else "") + ch.title for ch in lesson_challenges}
    chosen = ui.bound(st.selectbox, "Challenge", list(titles), format_func=titles.get, key=f"{prefix}challenge")
    card(by_id(lesson_challenges)[chosen], mine, results, prefix)


def card(ch: Challenge, mine: Progress, results: Mapping[str, Mapping[str, float]], prefix: str) -> None:
    """One challenge: task, prediction first, the setup, hints one at a time, the check, and once solved why."""
    with st.container(border=True):
        st.markdown(f"**{ch.title}**")
        st.markdown(ch.task)
        predicted = mine.predictions.get(ch.id)
        if ch.prediction and predicted is None:
            predict(ch, prefix)
            return  # the prediction is recorded before anything else is shown
        if ch.prediction:
            st.markdown(f"Your prediction: **{predicted}{ch.prediction.unit}**")
        st.button("Open the setup", icon=":material/open_in_new:", key=f"{prefix}open_{ch.id}",
                  on_click=_open_setup, args=(ch,), help="Sets the controls and opens the tab this challenge is about")
        checks = ch.check(results)
        for c in checks:
            (st.success if c.reached else st.info)(c.describe(), icon=":material/check_circle:" if c.reached
                                                   else ":material/flag:")
        if ch.id in mine.solved:
            st.markdown(f"**Why it works:** {ch.explanation}")
            if ch.prediction:
                outcome = ch.prediction.outcome(results.get(ch.result, {}))
                st.markdown(f"You predicted **{predicted}{ch.prediction.unit}**; the run gave "
                            f"**{outcome if outcome is not None else '—'}{ch.prediction.unit}**.")
        else:
            hints(ch, prefix)


def predict(ch: Challenge, prefix: str) -> None:
    import ui

    p = ch.prediction
    st.markdown(f"**Predict first:** {p.question}")
    key = f"{prefix}predict_{ch.id.split('.')[1]}"
    if p.choices:
        answer = ui.bound(st.radio, "Your prediction", p.choices, index=None, key=key)
    else:
        answer = ui.bound(st.number_input, f"Your prediction ({p.unit.strip() or 'a number'})", value=None,
                          key=key)
    if st.button("Lock in my prediction", key=f"{prefix}lock_{ch.id}", disabled=answer is None or not p.valid(answer)):
        browser_store.save(STORE, progress().predict(ch.id, answer).to_json())
        st.rerun()


def hints(ch: Challenge, prefix: str) -> None:
    shown = st.session_state.setdefault(f"_hints_{ch.id}", 0)
    for hint in ch.hints[:shown]:
        st.markdown(f":material/lightbulb: {hint}")
    if shown < len(ch.hints):
        label = f"Show a hint ({shown + 1} of {len(ch.hints)})"
        if st.button(label, key=f"{prefix}hint_{ch.id}", icon=":material/lightbulb:"):
            st.session_state[f"_hints_{ch.id}"] = shown + 1
            st.rerun()


def panel() -> None:
    """The home page's "Your progress": solved of total per lesson, and the next challenge to try."""
    import ui

    mine = progress()
    if mine is None:
        st.caption("Loading your progress from this browser…")
        return
    course = [ch for lesson in ui.LESSONS for ch in challenges(lesson.slug)]
    for lesson in ui.LESSONS:
        mine_here = challenges(lesson.slug)
        done = sum(ch.id in mine.solved for ch in mine_here)
        st.progress(done / max(len(mine_here), 1), text=f"{lesson.title}: {done} of {len(mine_here)} solved")
    nxt = next_challenge(course, mine)
    if nxt is None:
        st.success("Every challenge solved. Well done!", icon=":material/emoji_events:")
    else:
        lesson = next(lesson for lesson in ui.LESSONS if lesson.slug == nxt.lesson)
        st.page_link(lesson.path, label=f"Next: {nxt.title} ({lesson.title} › Challenges)",
                     icon=":material/arrow_forward:")
    if st.button("Reset my progress", icon=":material/delete:", key="home_reset_progress"):
        reset()
        st.rerun()
