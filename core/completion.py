"""Completion codes: a student who reaches an assignment's goal copies one; the instructor pastes it back to check it.

A code is `NNLAB1.<payload>.<signature>`: the payload is base64url JSON (page, goal, achieved, time, name), and the
signature is HMAC-SHA256 of the exact text `NNLAB1.<payload>` under the server's secret, or `unsigned` without one.
Signing the transmitted text rather than the decoded bytes, and comparing signatures as text, means every
single-character change is caught, including ones base64 would decode to the same bytes.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from core.goals import Goal, GoalError, parse_goal

PREFIX = "NNLAB1"
UNSIGNED = "unsigned"
MAX_NAME = 80
MAX_CODE = 2000  # characters; a real code is well under 1000
FIELDS = ("achieved", "goal", "name", "page", "time")
_PAGE = re.compile(r"[a-z0-9][a-z0-9_-]{0,59}")
_TIME = "%Y-%m-%dT%H:%M:%SZ"
_CODE = re.compile(rf"{PREFIX}\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{{43}}|{UNSIGNED})")


@dataclass(frozen=True)
class CodeCheck:
    genuine: bool | None  # None: unsigned, or this server has no secret to check the signature with
    payload: dict | None  # page, goal, achieved, time, name; None when not a code or the signature does not match
    message: str


def secret_from_env(environ: Mapping[str, str] = os.environ) -> bytes | None:
    """NNLAB_SECRET as bytes; None when unset or blank, so codes are made unsigned rather than under an empty key."""
    value = environ.get("NNLAB_SECRET", "").strip()
    return value.encode() if value else None


def clean_name(name: str | None) -> str:
    """Plain text for a student's name: control and format characters go (zero-width, bidi overrides), whitespace
    runs (newlines too) become one space, and at most MAX_NAME characters stay. Cleaning twice changes nothing."""
    kept = "".join(c for c in name or "" if c.isspace() or not unicodedata.category(c).startswith("C"))
    return " ".join(kept.split())[:MAX_NAME].strip()


def make_code(page: str, goal: Goal | str, achieved: float, secret: bytes | None, name: str | None = "",
              now: datetime | None = None) -> str:
    """A code recording that `achieved` met `goal` on `page` at `now` (default: this second, UTC).

    Without a secret (None or empty) the code is unsigned. Raises ValueError for arguments the app should never pass.
    """
    when = (now or datetime.now(UTC)).astimezone(UTC).strftime(_TIME)
    payload = {"page": page, "goal": str(goal), "achieved": float(achieved), "time": when, "name": clean_name(name)}
    problem = _problem(payload)
    if problem:
        raise ValueError(problem)
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    signed = f"{PREFIX}.{base64.urlsafe_b64encode(body).decode().rstrip('=')}"
    return f"{signed}.{_signature(signed, secret) if secret else UNSIGNED}"


def read_code(code: str, secret: bytes | None) -> CodeCheck:
    """Check a pasted code. Never raises: anything that is not a well-formed code says why."""
    if not isinstance(code, str):
        return _not_code("it is not text")
    code = code.strip()
    if len(code) > MAX_CODE:
        return _not_code(f"it is {len(code):,} characters long; a code has at most {MAX_CODE:,}")
    match = _CODE.fullmatch(code)
    if not match:
        return _not_code(f"it should look like {PREFIX}.<letters and digits>.<signature>")
    encoded, signature = match.groups()
    if signature != UNSIGNED and secret:
        expected = _signature(f"{PREFIX}.{encoded}", secret)
        if not hmac.compare_digest(signature.encode(), expected.encode()):
            return CodeCheck(False, None, "Forged or edited: the signature does not match "
                                          "(or the code was signed under a different NNLAB_SECRET).")
    try:
        payload = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode())
    except (ValueError, RecursionError):  # bad base64 (binascii.Error), UTF-8 or JSON; JSON nested too deep
        return _not_code("its middle part does not decode")
    problem = _problem(payload)
    if problem:
        return _not_code(problem)
    if signature != UNSIGNED and secret:
        return CodeCheck(True, payload, "Genuine: signed by this server.")
    if signature != UNSIGNED:
        return CodeCheck(None, payload, "Cannot check: this server has no secret (NNLAB_SECRET), so it cannot tell "
                                        "a genuine signature from a made-up one.")
    if secret:
        return CodeCheck(None, payload, "Unsigned: it was made on a server without a secret, "
                                        "so anyone could have made this code.")
    return CodeCheck(None, payload, "Unsigned: this server has no secret (NNLAB_SECRET), "
                                    "so anyone could have made this code.")


def _signature(signed_text: str, secret: bytes) -> str:
    digest = hmac.new(secret, signed_text.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _problem(payload: object) -> str | None:
    """What is wrong with a payload, or None: the same rules when making a code and when reading one."""
    if not isinstance(payload, dict) or tuple(sorted(payload)) != FIELDS:
        return f"its payload must have exactly the fields {', '.join(FIELDS)}"
    page, goal, achieved, time, name = (payload[k] for k in ("page", "goal", "achieved", "time", "name"))
    if not isinstance(page, str) or not _PAGE.fullmatch(page):
        return "its page must be a lesson's short name, like mnist"
    try:
        parse_goal(goal)
    except GoalError as e:
        return f"its goal does not read: {e}"
    if not isinstance(achieved, float) or not math.isfinite(achieved):
        return "its achieved value must be a finite number"
    if not isinstance(time, str) or not _is_time(time):
        return "its time must be UTC like 2025-01-31T09:05:00Z"
    if not isinstance(name, str) or clean_name(name) != name:
        return f"its name must be plain text of at most {MAX_NAME} characters"
    return None


def _is_time(text: str) -> bool:
    try:
        return datetime.strptime(text, _TIME).strftime(_TIME) == text
    except ValueError:
        return False


def _not_code(why: str) -> CodeCheck:
    return CodeCheck(None, None, f"Not a completion code: {why}.")
