"""Settings that live in the page's URL: controls bound to the address bar, and the link to share.

Every URL-bound control of a lesson is drawn with `bound`, so the lab has one place that
decides how a link is read: an option can be named by its value or its label in any case,
values a control cannot take are reported, and the share box shows the whole setup.
"""
from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from urllib.parse import urlencode

import streamlit as st


def _same(raw: list[str], value) -> bool:
    """Does a URL's raw value mean the widget's value (it was the default, so Streamlit dropped it)?"""
    values = value if isinstance(value, (list, tuple)) else [value]
    if len(raw) != len(values):
        return False
    for r, v in zip(raw, values, strict=True):
        if str(v).lower() == r.lower():
            continue
        try:
            if float(r) != float(v):
                return False
        except (TypeError, ValueError):
            return False
    return True


def _names(text: str, option, label: str) -> bool:
    """Does a link's text name this option: its value or its label, in any letter case, or the same number?"""
    want = text.strip().casefold()
    if want in (str(option).casefold(), label.casefold()):
        return True
    if isinstance(option, (int, float)) and not isinstance(option, bool):
        try:
            return math.isclose(float(want), option, rel_tol=1e-12, abs_tol=0.0)
        except ValueError:
            return False
    return False


def spelled_as_label(raw: list[str], options: Iterable, format_func: Callable = str) -> list[str] | None:
    """The display labels that a link's values name, or None when one of them names no option.

    A bound option widget takes only its display label from a link (`mnist_kind=CNN`, but
    not `cnn`); a person writing a link by hand may use either, in any case.
    """
    pairs = [(option, str(format_func(option))) for option in options]
    labels = []
    for text in raw:
        match = next((label for option, label in pairs if label == text), None)  # already a label: keep it
        match = match or next((label for option, label in pairs if _names(text, option, label)), None)
        if match is None:
            return None
        labels.append(match)
    return labels


_OPTION_WIDGETS = {"selectbox", "radio", "segmented_control", "pills", "select_slider", "tabs"}
_BEFORE = "_link_as_opened"  # session key: the link's values, kept across the run that respells them
_NOTICE = "_link_notice"  # session key: (prefix, the page's URL settings, what the link lost)
_SEEN = "_link_seen"  # session key: prefix → the page's URL settings as the last run left them


@dataclass
class _Link:
    """The link a page was opened with, the spellings each option control accepts, the controls drawn."""
    before: dict[str, list[str]]
    accepted: dict[str, list[str]] = field(default_factory=dict)
    drawn: dict[str, str] = field(default_factory=dict)  # key → label, for the assignment builder


_link: ContextVar[_Link | None] = ContextVar("link", default=None)


def bound(widget: Callable, *args, key: str, **kwargs):
    """A control whose value lives in the page's URL: `ui.bound(col.selectbox, "Optimizer", OPTIMIZERS, key=...)`.

    Option controls accept an option's value or its label, in any letter case, from a link: a
    link spelled another way than the label is rewritten to the label before the widget reads it
    (one extra run), so the address bar and the share box always hold one canonical form.
    """
    name = getattr(widget, "__name__", "")
    link = _link.get()
    if name in _OPTION_WIDGETS:
        options = list(args[0] if name == "tabs" else args[1] if len(args) > 1 else kwargs["options"])
        fmt = kwargs.get("format_func", str)
        if link is not None:
            link.accepted[key] = [str(option) for option in options]
        raw = st.query_params.get_all(key)
        labels = spelled_as_label(raw, options, fmt) if raw else None
        if labels is not None and labels != raw:
            with contextlib.suppress(st.errors.StreamlitAPIException):  # bound already: the widget owns the URL
                st.query_params[key] = labels
                if link is not None:
                    st.session_state[_BEFORE] = link.before  # so the notice still sees what the link held
                st.rerun()
    from ui import assignment

    a = assignment.current()
    if key in a.lock:
        kwargs.update(disabled=True, help="Locked by this assignment link")
    if key in a.hide and name != "tabs":  # drawn into a placeholder that is then emptied: the value stays
        slot = st.empty()
        value = getattr(slot, name)(*args, key=key, bind="query-params", **kwargs)
        slot.empty()
        return value
    if link is not None and name != "tabs":
        link.drawn[key] = str(args[0] if args else kwargs.get("label", key))
    return widget(*args, key=key, bind="query-params", **kwargs)


@contextlib.contextmanager
def shared_settings(prefix: str):
    """Wrap a page's URL-bound widgets (keys starting with `prefix`, drawn with `bound`).

    Streamlit drops URL values a widget cannot take; this says so instead of
    staying silent, lists the spellings an option control accepts, and offers
    the page's address as a link to share.
    """
    opened = {k: st.query_params.get_all(k) for k in st.query_params if k.startswith(prefix)}
    seen = st.session_state.setdefault(_SEEN, {})
    # only what a link brings is checked: a value the last run left in the URL was valid, even when the app then
    # moves that control itself (a button's callback) and the URL no longer holds it at the end of this run
    last = seen.get(prefix, {})
    before = st.session_state.pop(_BEFORE, None) or {k: v for k, v in opened.items() if last.get(k) != v}
    link = _Link(before)
    token = _link.set(link)
    try:
        yield
    finally:
        _link.reset(token)
    accepted = link.accepted
    ignored = [f"`{k}={','.join(v)[:40].replace('`', '')}`"
               + (f" (accepted: {', '.join(accepted[k])[:200]})" if k in accepted else "")
               for k, v in before.items()
               if k not in st.query_params and not (k in st.session_state and _same(v, st.session_state[k]))]
    now = {k: st.query_params.get_all(k) for k in st.query_params if k.startswith(prefix)}
    seen[prefix] = now
    if ignored:
        st.session_state[_NOTICE] = (prefix, now, ignored)
    else:  # a rerun that is not a new link (a component reporting in) keeps the notice until a control moves
        kept_prefix, kept_settings, kept = st.session_state.get(_NOTICE, (None, None, []))
        ignored = kept if (kept_prefix, kept_settings) == (prefix, now) else []
    if ignored:
        # a hand-written link may also name a default by its label; Streamlit drops that too
        st.info("Some settings in the link were not valid here (or named the default), so the page uses its "
                "defaults for them: "
                + ", ".join(ignored), icon=":material/link_off:")
    with st.expander("Share this setup", icon=":material/share:"):
        st.caption("The address bar holds every setting on this page: send it, and the other person "
                   "opens the same setup.")
        pairs = [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
        st.code(f"{st.context.url or ''}?{urlencode(pairs)}" if pairs else st.context.url or "", language=None)
        import ui
        from ui import assignment

        assignment.builder(ui.lesson(prefix).slug, link.drawn)

