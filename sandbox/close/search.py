"""``POST /data/search/``: validate the body, evaluate, sort, page by cursor and project fields.

Body keys: ``query`` (required), ``_fields`` (an object keyed by object type, e.g.
``{"contact": ["id", "lead_id", "emails"]}``; without it each result is only ``id`` +
``__object_type``), ``_limit`` (default 100, max 200), ``cursor``, ``sort``, ``results_limit``
and ``limit`` (only ``null``). Results are leads (the default) or contacts, per the query's
``object_type``. Answer: ``{"data": [...], "cursor": "…" | null}``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sandbox.close.clock import parse_when, utcnow
from sandbox.close.contacts import render_contact
from sandbox.close.errors import bad_request
from sandbox.close.leads import render_lead
from sandbox.close.search_eval import Evaluator, unsupported

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]

KEYS = {"query", "_fields", "_limit", "limit", "cursor", "sort", "results_limit"}
MAX_LIMIT = 200
SORTABLE = ("date_created", "date_updated", "name", "display_name")


def result_type(query: Json) -> str:
    """Find the object type a query returns: its top-level ``object_type`` node, else lead."""
    children = query.get("queries") if query.get("type") == "and" else None
    nodes = [query, *(children if isinstance(children, list) else [])]
    for node in nodes:
        if isinstance(node, dict) and node.get("type") == "object_type" and not node.get("negate"):
            if node.get("object_type") not in ("lead", "contact"):
                raise unsupported("only lead and contact results can be searched")
            return str(node["object_type"])
    return "lead"


def _int(body: Json, key: str, default: int | None, top: int | None = None) -> int | None:
    value = body.get(key, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise bad_request(f"{key} must be a non-negative integer.")
    if top is not None and value > top:
        raise bad_request(f"The maximum {key} is {top}.")
    return value


def _fingerprint(body: Json) -> str:
    basis = json.dumps([body.get("query"), body.get("sort")], sort_keys=True)
    return hashlib.sha256(basis.encode()).hexdigest()[:12]


def _decode_cursor(body: Json) -> int:
    raw = body.get("cursor")
    if not raw:
        return 0
    try:
        data = json.loads(base64.urlsafe_b64decode(str(raw).encode()))
        offset, print_ = int(data["o"]), str(data["f"])
    except (ValueError, KeyError, TypeError):
        raise bad_request("Invalid cursor.") from None
    if print_ != _fingerprint(body):
        raise bad_request("This cursor belongs to a different query.")
    return offset


def _encode_cursor(body: Json, offset: int) -> str:
    data = json.dumps({"o": offset, "f": _fingerprint(body)}).encode()
    return base64.urlsafe_b64encode(data).decode()


def _text_key(name: str) -> Callable[[Json], str]:
    return lambda record: str(record.get(name) or "")


def _sort(state: CloseState, records: list[Json], obj_type: str, sort: Any) -> None:
    records.sort(key=lambda r: (r["date_updated"], r["id"]), reverse=True)
    if not isinstance(sort, list):
        raise bad_request("sort must be a list.")
    for clause in reversed(sort):
        field = clause.get("field", {}) if isinstance(clause, dict) else {}
        name = field.get("field_name")
        if field.get("object_type") != obj_type or name not in SORTABLE:
            raise unsupported(f"cannot sort {obj_type} results by {name}")
        key = "name" if name == "display_name" else str(name)
        descending = clause.get("direction", "asc") == "desc"
        records.sort(key=_text_key(key), reverse=descending)


def _project(state: CloseState, obj_type: str, record: Json, fields: Json) -> Json:
    wanted = fields.get(obj_type)
    item: Json = {"__object_type": obj_type, "id": record["id"]}
    if not wanted:
        return item
    full = render_lead(state, record) if obj_type == "lead" else render_contact(state, record)
    keep_custom = "custom" in wanted
    extra = {
        k: v for k, v in full.items() if k in wanted or (keep_custom and k.startswith("custom."))
    }
    return item | extra


def _not_yet_indexed(state: CloseState) -> frozenset[str]:
    """Return the leads and contacts created within the injected search lag."""
    lag_ms = state.faults.config.search_lag_ms
    if not lag_ms:
        return frozenset()
    since = utcnow() - timedelta(milliseconds=lag_ms)
    records = [*state.leads.values(), *state.contacts.values()]
    return frozenset(
        r["id"] for r in records if (parse_when(r.get("date_created")) or since) > since
    )


def run_search(state: CloseState, body: Json) -> Json:
    """Answer one ``/data/search/`` request (call with the state's lock held)."""
    unknown = sorted(set(body) - KEYS)
    if unknown:
        raise bad_request(f"Unknown search parameters: {', '.join(unknown)}.")
    query, fields = body.get("query"), body.get("_fields") or {}
    if not isinstance(query, dict):
        raise bad_request("query: This field is required.")
    if not isinstance(fields, dict) or not all(isinstance(v, list) for v in fields.values()):
        raise bad_request('_fields must be an object keyed by object type, e.g. {"lead": [...]}.')
    if body.get("limit") is not None:
        raise bad_request("Use _limit to set the page size.")
    obj_type = result_type(query)
    ids = Evaluator(state, _not_yet_indexed(state)).eval(query, obj_type)
    source = state.leads if obj_type == "lead" else state.contacts
    records = [source[i] for i in ids]
    _sort(state, records, obj_type, body.get("sort") or [])
    cap = _int(body, "results_limit", None)
    records = records[:cap] if cap is not None else records
    limit = _int(body, "_limit", 100, MAX_LIMIT) or 0
    offset = _decode_cursor(body)
    window = records[offset : offset + limit]
    more = limit > 0 and offset + limit < len(records)
    return {
        "data": [_project(state, obj_type, r, fields) for r in window],
        "cursor": _encode_cursor(body, offset + limit) if more else None,
    }
