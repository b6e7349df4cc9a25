"""Completion codes: a genuine code reads back, and no edit, wrong secret or garbage passes or crashes the reader."""
import base64
import json
from datetime import UTC, datetime

import pytest

from core.completion import MAX_CODE, MAX_NAME, clean_name, make_code, read_code, secret_from_env
from core.goals import Goal

SECRET = b"correct horse battery staple"
WHEN = datetime(2025, 1, 31, 9, 5, 7, 123456, tzinfo=UTC)
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def code(secret=SECRET, name="Ada Lovelace", goal="test_accuracy:>=:0.95"):
    return make_code("mnist", goal, 0.961, secret, name=name, now=WHEN)


def test_genuine_round_trip():
    result = read_code(code(), SECRET)
    assert result.genuine is True
    assert result.message == "Genuine: signed by this server."
    assert result.payload == {"page": "mnist", "goal": "test_accuracy:>=:0.95", "achieved": 0.961,
                              "time": "2025-01-31T09:05:07Z", "name": "Ada Lovelace"}


def test_goal_object_and_no_name():
    result = read_code(code(goal=Goal("test_accuracy", ">=", 0.95), name=None), SECRET)
    assert result.genuine and result.payload["goal"] == "test_accuracy:>=:0.95" and result.payload["name"] == ""


def test_unsigned_codes_are_never_genuine():
    unsigned = code(secret=None)
    assert unsigned.endswith(".unsigned") and code(secret=b"") == unsigned
    here = read_code(unsigned, None)
    assert (here.genuine, here.payload["page"]) == (None, "mnist")
    assert here.message == ("Unsigned: this server has no secret (NNLAB_SECRET), so anyone could have made this code.")
    assert read_code(unsigned, SECRET).genuine is None and "Unsigned" in read_code(unsigned, SECRET).message


def test_signed_code_on_a_server_without_secret_cannot_be_checked():
    result = read_code(code(), None)
    assert result.genuine is None and result.message.startswith("Cannot check")


def test_wrong_secret_is_rejected_without_payload():
    result = read_code(code(), b"another secret")
    assert (result.genuine, result.payload) == (False, None)
    assert result.message.startswith("Forged or edited: the signature does not match")


def test_every_single_character_change_is_rejected():
    original = code()
    for i, old in enumerate(original):
        for new in ALPHABET + ".=+/ ~é\x00":
            if new != old:
                edited = original[:i] + new + original[i + 1:]
                assert read_code(edited, SECRET).genuine is not True, (i, old, new)


def test_edited_payload_is_forged():
    prefix, payload, signature = code().split(".")
    fields = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    fields["achieved"] = 0.99
    body = base64.urlsafe_b64encode(json.dumps(fields).encode()).decode().rstrip("=")
    assert read_code(f"{prefix}.{body}.{signature}", SECRET).genuine is False
    assert read_code(f"{prefix}.{body}.unsigned", SECRET).genuine is None  # anyone can make unsigned codes


def forge(fields):
    body = base64.urlsafe_b64encode(json.dumps(fields).encode()).decode().rstrip("=")
    return f"NNLAB1.{body}.unsigned"


GOOD = {"page": "mnist", "goal": "test_accuracy:>=:0.95", "achieved": 0.961, "time": "2025-01-31T09:05:07Z",
        "name": ""}


@pytest.mark.parametrize("junk", [
    "", "hello", "NNLAB1..unsigned", "NNLAB1.abc.unsigned", "NNLAB1.a.unsigned", "NNLAB2.e30.unsigned",
    "x" * 10_000, "NNLAB1." + "A" * 10_000 + ".unsigned", "\x00\xff\ud800" * 50, None, 42, b"NNLAB1.e30.unsigned",
    "NNLAB1.e30.unsigned",  # {}
    forge([1, 2]), forge("text"), forge(None), forge({**GOOD, "extra": 1}),
    forge({k: v for k, v in GOOD.items() if k != "time"}),
    forge({**GOOD, "achieved": "0.9"}), forge({**GOOD, "achieved": True}), forge({**GOOD, "achieved": 10**300}),
    forge({**GOOD, "achieved": float("nan")}), forge({**GOOD, "page": "../etc"}), forge({**GOOD, "page": 7}),
    forge({**GOOD, "goal": "nonsense"}), forge({**GOOD, "goal": ["x"]}), forge({**GOOD, "time": "yesterday"}),
    forge({**GOOD, "time": "2025-13-40T99:00:00Z"}), forge({**GOOD, "name": "a\nb"}), forge({**GOOD, "name": 5}),
    forge({**GOOD, "name": "x" * 81}), forge({**GOOD, "name": "\u202eevil"}),
    "NNLAB1." + base64.urlsafe_b64encode(b"[" * 1400).decode().rstrip("=") + ".unsigned",  # JSON nested too deep
    "NNLAB1." + base64.urlsafe_b64encode(b"\xff\xfe").decode().rstrip("=") + ".unsigned",  # not UTF-8
])
def test_garbage_is_not_a_code_and_never_raises(junk):
    for secret in (SECRET, None):
        result = read_code(junk, secret)
        assert (result.genuine, result.payload) == (None, None)
        assert result.message.startswith("Not a completion code: ")


def test_a_well_formed_forgery_reads_as_unsigned():
    assert read_code(forge(GOOD), SECRET).payload == GOOD


def test_pasted_with_surrounding_whitespace():
    assert read_code(f"  {code()}\n", SECRET).genuine is True


def test_length_cap_message():
    assert f"at most {MAX_CODE:,}" in read_code("N" * (MAX_CODE + 1), SECRET).message


@pytest.mark.parametrize("raw, clean", [
    ("  Ada   Lovelace ", "Ada Lovelace"), ("Ada\nLovelace\t", "Ada Lovelace"), ("A\x00d\x07a", "Ada"),
    ("Ad\u200ba \u200b L", "Ada L"), ("\u202eevil", "evil"), ("Zoë 李", "Zoë 李"), (None, ""),
    ("x" * 200, "x" * MAX_NAME), ("a" * 79 + " b", "a" * 79),
])
def test_clean_name(raw, clean):
    assert clean_name(raw) == clean == clean_name(clean)


def test_name_is_cleaned_in_the_code():
    result = read_code(code(name="Ada\x1b[31m\nLovelace" + "!" * 200), SECRET)
    assert result.genuine and result.payload["name"] == ("Ada[31m Lovelace" + "!" * 200)[:MAX_NAME]


def test_make_code_refuses_what_the_app_should_never_pass():
    for bad in (dict(page="Bad Page"), dict(goal="nonsense"), dict(achieved=float("nan"))):
        args = {"page": "mnist", "goal": "a:>=:1", "achieved": 1.0, **bad}
        with pytest.raises(ValueError):
            make_code(args["page"], args["goal"], args["achieved"], SECRET)


def test_secret_from_env():
    assert secret_from_env({"NNLAB_SECRET": "s3cret"}) == b"s3cret"
    assert secret_from_env({"NNLAB_SECRET": "  "}) is None
    assert secret_from_env({}) is None


def test_time_is_utc_to_the_second():
    from datetime import timedelta, timezone

    moscow_noon = datetime(2025, 1, 31, 12, 0, tzinfo=timezone(timedelta(hours=3)))
    later = make_code("mnist", "a:>=:1", 1.0, None, now=moscow_noon)
    assert read_code(later, None).payload["time"] == "2025-01-31T09:00:00Z"
