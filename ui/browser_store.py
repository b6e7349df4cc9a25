"""A small JSON document kept in the visitor's own browser (localStorage), never on the server.

Streamlit 1.67's in-page components (`st.components.v2`, no iframe; browser_store.js) read the
stored text on a session's first run and write it back whenever Python changes it. Until the
browser has answered (the first run of each session), `mount` returns None.
"""
from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

_component = st.components.v2.component("browser_store", js=Path(__file__).with_name("browser_store.js").read_text())
_CACHE = "_browser_store"  # session_state: {storage key: (raw text or None, the browser's error or None)}


class Stored(NamedTuple):
    value: Any  # the parsed document; None when nothing is stored or it is unusable
    raw: str | None  # the exact stored text (None: nothing stored)
    error: str | None  # "not valid JSON", "the wrong shape", or the browser's storage error


def _cache() -> dict:
    return st.session_state.setdefault(_CACHE, {})


def _on_report(storage_key: str, key: str) -> None:
    """Runs before the script: what the browser holds (its first answer, or another tab's change)."""
    payload = (st.session_state[key] or {}).get("raw")
    if isinstance(payload, dict):
        _cache()[storage_key] = (payload.get("raw"), payload.get("err"))


def mount(storage_key: str, validate: Callable[[Any], bool] | None = None) -> Stored | None:
    """Mount the store once per run (not inside a form); None until the browser has answered."""
    key, data = f"browser_store:{storage_key}", {"k": storage_key}
    if storage_key in _cache():
        data["v"] = _cache()[storage_key][0]  # Python's value is the reference: the browser follows it
    _component(key=key, data=data, height=0, on_raw_change=partial(_on_report, storage_key, key))
    return load(storage_key, validate)


def load(storage_key: str, validate: Callable[[Any], bool] | None = None) -> Stored | None:
    """The last known value, without mounting anything (for callbacks)."""
    if storage_key not in _cache():
        return None
    raw, err = _cache()[storage_key]
    if err or raw is None:
        return Stored(None, raw, err)
    try:
        doc = json.loads(raw)
    except ValueError:
        return Stored(None, raw, "the stored value is not valid JSON")
    if not (validate(doc) if validate else isinstance(doc, dict)):
        return Stored(None, raw, "the stored value has the wrong shape")
    return Stored(doc, raw, None)


def save(storage_key: str, doc: Any) -> None:
    """Store `doc` (JSON); refused before the browser has answered, which would overwrite what it holds."""
    if storage_key not in _cache():
        raise RuntimeError(f"the browser has not answered for {storage_key!r} yet")
    _write(storage_key, json.dumps(doc, sort_keys=True, separators=(",", ":")))


def clear(storage_key: str) -> None:
    _write(storage_key, None)


def _write(storage_key: str, raw: str | None) -> None:
    if _cache().get(storage_key) == (raw, None):
        return
    _cache()[storage_key] = (raw, None)  # a callback's write goes out with the next mount ...
    if (ctx := get_script_run_ctx()) is not None and ctx.has_script_started:  # ... the script body's right now
        _component(key=f"browser_store:{storage_key}:{uuid.uuid4().hex}", height=0,
                   data={"k": storage_key, "v": raw, "w": 1})
