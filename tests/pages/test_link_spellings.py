"""A hand-written link may name an option by its value or its label, in any letter case.

Every URL-bound option control on every page is walked: each of its options must be selected by
its value, its label and upper-case variants of both, and one option per control is opened
through a real link in each spelling.
"""
import pytest
from streamlit.testing.v1 import AppTest

import ui
from tests.conftest import ROOT
from ui import links

PAGES = [lesson.slug for lesson in ui.LESSONS]
OPTION_PROTOS = {"selectbox", "radio", "button_group", "slider"}  # select_slider is a slider proto with options


@pytest.fixture
def spy(monkeypatch):
    """Records every control a page draws through `ui.bound`: its options, format and value."""
    seen: dict[str, dict] = {}
    real = ui.bound

    def bound(widget, *args, key, **kwargs):
        value = real(widget, *args, key=key, **kwargs)
        name = widget.__name__
        if name in links._OPTION_WIDGETS:
            options = list(args[0] if name == "tabs" else args[1] if len(args) > 1 else kwargs["options"])
            seen[key] = {"kind": name, "options": options, "fmt": kwargs.get("format_func", str), "value": value,
                         "multi": kwargs.get("selection_mode") == "multi"}
        return value

    monkeypatch.setattr(ui, "bound", bound)
    return seen


def open_page(slug: str, params: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    at.switch_page(f"lessons/{slug}/page.py")
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def bound_option_keys(at: AppTest) -> set[str]:
    """Keys of the option controls Streamlit bound to the URL in this run (however they were drawn)."""
    keys = set()
    for node in at.main:
        proto = getattr(node, "proto", None)
        if proto is None or not getattr(proto, "query_param_key", ""):
            continue
        if node.type in OPTION_PROTOS and (node.type != "slider" or list(getattr(proto, "options", []))):
            keys.add(proto.query_param_key)
    return keys


def every_tab(slug: str, spy: dict):
    """Each combination of open tabs on a page (nested tabs too), with the option controls drawn there."""
    todo, done = [{}], []
    while todo:
        params = todo.pop()
        spy.clear()
        at = open_page(slug, params)
        assert not at.exception, (slug, params, at.exception)
        drawn = dict(spy)
        assert bound_option_keys(at) <= set(drawn), "an option control is bound to the URL without ui.bound"
        done.append((params, drawn))
        for key, control in drawn.items():
            if control["kind"] == "tabs" and key not in params:
                todo += [{**params, key: label} for label in control["options"][1:]]
    return done


def test_every_option_is_named_by_its_value_its_label_and_any_case(spy):
    controls = 0
    for slug in PAGES:
        for _, drawn in every_tab(slug, spy):
            for key, c in drawn.items():
                controls += 1
                for option in c["options"]:
                    label = str(c["fmt"](option))
                    for text in (str(option), label, label.upper(), str(option).upper(), f"{option} "):
                        assert links.spelled_as_label([text], c["options"], c["fmt"]) == [label], (key, text)
    assert controls >= 40


def target(control: dict):
    """An option other than the one the control shows by default."""
    options, value = control["options"], control["value"]
    if control["multi"]:
        return [options[-1]] if value != [options[-1]] else [options[0]]
    return options[1] if value == options[0] else options[0]


@pytest.mark.parametrize("slug", PAGES)
def test_a_link_in_any_spelling_opens_the_named_option(slug, spy):
    for params, drawn in every_tab(slug, spy):
        choices = {key: target(c) for key, c in drawn.items() if c["kind"] != "tabs"}
        fmt = {key: drawn[key]["fmt"] for key in choices}
        for spell in (str, lambda o: str(o).upper(), lambda o: f" {o} "):
            link = {**params, **{key: [spell(v) for v in value] if isinstance(value, list) else spell(value)
                                 for key, value in choices.items()}}
            spy.clear()
            at = open_page(slug, link)
            assert not at.exception
            assert "not valid here" not in " ".join(i.value for i in at.info), link
            for key, want in choices.items():
                if key in spy:  # a control whose place depends on another choice may be gone
                    assert spy[key]["value"] == want, (key, link[key])
                    label = [str(fmt[key](v)) for v in want] if isinstance(want, list) else [str(fmt[key](want))]
                    got = at.query_params[key]
                    assert (got if isinstance(got, list) else [got]) == label, "the address bar holds the label"


def test_the_notice_lists_the_accepted_spellings_of_a_dropped_option():
    at = open_page("mnist", {"mnist_kind": "rnn", "mnist_opt": "SGD"})
    notice = " ".join(i.value for i in at.info)
    assert "`mnist_kind=rnn` (accepted: mlp, cnn)" in notice
    assert "mnist_opt" not in notice and at.selectbox(key="mnist_opt").value == "sgd"


@pytest.mark.parametrize("raw, labels", [
    (["cnn"], ["CNN"]), (["CNN"], ["CNN"]), (["Cnn  "], ["CNN"]), (["rnn"], None), (["1e-3"], None),
])
def test_spelled_as_label(raw, labels):
    assert links.spelled_as_label(raw, ["mlp", "cnn"], str.upper) == labels


def test_numbers_are_named_by_any_spelling_of_the_same_number():
    assert links.spelled_as_label(["1e-3"], [1e-4, 1e-3], str) == ["0.001"]
    assert links.spelled_as_label(["80%", "0.9"], [0.8, 0.9], "{:.0%}".format) == ["80%", "90%"]
    assert links.spelled_as_label(["nan"], [0.1, 0.2], str) is None
    assert links.spelled_as_label(["True"], [True, False], str) == ["True"]
