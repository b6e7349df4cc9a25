"""Assignment links on the page: the task box at the top, the goal checked against the student's own
run, a signed completion code, and the share box's "Make this an assignment" builder.

`core.assignments` reads the link; `ui.links.bound` locks and hides controls from it.
"""
from __future__ import annotations

import functools
import os
import re
from contextvars import ContextVar
from urllib.parse import urlencode

import streamlit as st

from core import completion
from core.assignments import PARAMS, Assignment, read
from core.goals import OPS, Goal, check
from ui.challenges import metrics

_current: ContextVar[Assignment | None] = ContextVar("assignment", default=None)
_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")


def plain(text: str) -> str:
    """Text shown through Markdown exactly as typed: every Markdown character escaped."""
    return _MD.sub(r"\\\1", text)


@functools.cache
def known_keys(slug: str) -> re.Pattern:
    """Every key a lesson's controls use, read from its own source (an f-string's {part} matches any text)."""
    import ui
    from ui import ROOT

    source = "\n".join(p.read_text() for p in sorted((ROOT / "lessons" / slug).glob("*.py")))
    keys = set(re.findall(r'key=f?"([a-z][^"]*)"', source))
    prefix = next(lesson.prefix for lesson in ui.LESSONS if lesson.slug == slug)
    keys |= {f"{prefix}challenge", f"{prefix}predict_{{name}}"}  # the Challenges tab's own controls
    return re.compile("|".join(re.sub(r"\\\{[^}]*\\\}", ".+", re.escape(k)) for k in sorted(keys)))


def begin(slug: str) -> Assignment:
    """Read the page's link once per run; `bound` then locks and hides what it names."""
    params = {k: st.query_params.get_all(k) for k in PARAMS if k in st.query_params}
    pattern = known_keys(slug)
    assignment = read(params, lambda k: bool(pattern.fullmatch(k)),
                      {name: metric for name, (_, metric) in metrics(slug).items()}) if params else Assignment()
    _current.set(assignment)
    return assignment


def current() -> Assignment:
    return _current.get() or Assignment()


def secret() -> bytes | None:
    """The server's signing secret: NNLAB_SECRET in the environment or in Streamlit's secrets."""
    found = completion.secret_from_env(os.environ)
    if found is None:
        try:
            value = st.secrets.get("NNLAB_SECRET")
        except Exception:  # no secrets file at all
            value = None
        found = str(value).strip().encode() if value and str(value).strip() else None
    return found


def box(slug: str) -> None:
    """At the top of a lesson page: the task, the goal against the student's own run, and the code."""
    from ui import challenges

    a = current()
    for problem in a.problems:
        st.warning(problem, icon=":material/link_off:")
    if not (a.task or a.goal):
        return
    with st.container(border=True, key="assignment_box"):
        st.markdown(":material/assignment: **Your assignment**")
        if a.task:
            st.text(a.task)  # plain text: never Markdown or HTML
        if a.goal is None:
            return
        result_name, metric = metrics(slug)[a.goal.metric]
        result = challenges.lesson_results(slug).get(result_name, {})
        verdict = check(a.goal, result, {metric.name: metric})
        (st.success if verdict.reached else st.info)(verdict.describe(), icon=":material/flag:")
        if verdict.reached:
            name = st.text_input("Your name (optional, goes into the code)", max_chars=completion.MAX_NAME,
                                 key="assignment_name")
            code = completion.make_code(slug, a.goal, verdict.achieved, secret(), name=name)
            st.caption("Your completion code: copy it and hand it in. Your instructor can check it on the home page.")
            st.code(code, language=None, wrap_lines=True)


def builder(slug: str, drawn: dict[str, str]) -> None:
    """In the share box: lock and hide controls, pick a goal, type a task, and copy the link."""
    st.markdown("**Make this an assignment**")
    c1, c2 = st.columns(2)
    lock = c1.multiselect("Lock (shown, cannot be changed)", list(drawn), format_func=drawn.get, key="_assign_lock")
    hide = c2.multiselect("Hide (not shown; the link's value applies)", list(drawn), format_func=drawn.get,
                          key="_assign_hide")
    task = st.text_area("Task (plain text)", max_chars=300, key="_assign_task")
    table = metrics(slug)
    g1, g2, g3 = st.columns([2, 1, 1])
    name = g1.selectbox("Goal", [None, *table], format_func=lambda n: "no goal" if n is None else table[n][1].label,
                        key="_assign_metric")
    op = g2.selectbox("Comparison", OPS, key="_assign_op", disabled=name is None)
    value = g3.number_input("Value", value=0.9, key="_assign_value", disabled=name is None,
                            help="a fraction for percentages: 0.95 for 95%")
    pairs = [(k, v) for k in st.query_params if k not in PARAMS for v in st.query_params.get_all(k)]
    pairs += [("lock", ",".join(lock))] if lock else []
    pairs += [("hide", ",".join(hide))] if hide else []
    pairs += [("task", task.strip())] if task.strip() else []
    if name is not None:
        pairs.append(("goal", Goal(name, op, value).to_text()))
    st.code(f"{st.context.url or ''}?{urlencode(pairs)}", language=None, wrap_lines=True)


def checker() -> None:
    """On the home page: is a pasted completion code genuine, and what does it record?"""
    code = st.text_area("Paste a student's completion code", key="home_code", max_chars=completion.MAX_CODE)
    if not code.strip():
        return
    verdict = completion.read_code(code, secret())
    (st.success if verdict.genuine else st.error if verdict.genuine is False else st.warning)(verdict.message)
    if verdict.payload:
        st.dataframe([{"what": k, "recorded": str(v)} for k, v in verdict.payload.items()], key="home_code_table",
                     hide_index=True)
