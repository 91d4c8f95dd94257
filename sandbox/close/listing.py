"""List mechanics shared by every endpoint: ``_skip``/``_limit``, ``_fields``, ``_order_by``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sandbox.close.clock import parse_when
from sandbox.close.errors import bad_request, validation_error

Json = dict[str, Any]
Args = Mapping[str, str]

DEFAULT_LIMIT = 100
MAX_LIMIT = 200  # Close's maximum varies per resource and is undocumented; 200 is what clients use


def int_arg(args: Args, name: str, default: int) -> int:
    """Read a non-negative integer query parameter or answer a Close-shaped 400."""
    raw = args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(str(raw))
    except ValueError:
        raise validation_error({name: "Enter a whole number."}) from None
    if value < 0:
        raise validation_error({name: "Ensure this value is greater than or equal to 0."})
    return value


def bool_arg(args: Args, name: str) -> bool | None:
    """Read a true/false query parameter (None when absent)."""
    raw = args.get(name)
    if raw in (None, ""):
        return None
    lowered = str(raw).lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise validation_error({name: "Must be true or false."})


def page(
    records: list[Json],
    args: Args,
    render: Callable[[Json], Json],
    *,
    max_limit: int = MAX_LIMIT,
    total: bool = False,
) -> Json:
    """Slice records by ``_skip``/``_limit`` and render only that page."""
    skip = int_arg(args, "_skip", 0)
    limit = int_arg(args, "_limit", DEFAULT_LIMIT)
    if limit > max_limit:
        raise bad_request(f"The maximum _limit for this resource is {max_limit}.")
    window = records[skip : skip + limit]
    body: Json = {"has_more": skip + len(window) < len(records)}
    if total:
        body["total_results"] = len(records)
    return body | {"data": [render(record) for record in window]}


def order(records: list[Json], spec: str | None, keys: dict[str, Callable[[Json], Any]]) -> None:
    """Sort records in place by ``_order_by`` (comma list, ``-`` for descending)."""
    if not spec:
        return
    fields = [part.strip() for part in spec.split(",") if part.strip()]
    for name in reversed(fields):  # stable sorts, last key first, give multi-key ordering
        key = keys.get(name.lstrip("-"))
        if key is None:
            allowed = ", ".join(sorted(keys))
            raise validation_error({"_order_by": f"Invalid ordering. Allowed: {allowed}."})
        records.sort(key=_sort_key(key), reverse=name.startswith("-"))


def _sort_key(get: Callable[[Json], Any]) -> Callable[[Json], tuple[int, Any]]:
    # None sorts first (ascending) and never compares against real values.
    def key(record: Json) -> tuple[int, Any]:
        value = get(record)
        return (0, "") if value is None else (1, value)

    return key


def getter(name: str) -> Callable[[Json], Any]:
    """Return a function reading one key of a record (None when absent)."""
    return lambda record: record.get(name)


def trim(obj: Json, fields: list[str]) -> Json:
    """Keep only the named fields (plus ``id``); ``custom`` keeps every ``custom.*`` key."""
    if "_all" in fields:
        return obj
    wanted = set(fields) | {"id"}
    keep_custom = "custom" in wanted
    return {
        k: v for k, v in obj.items() if k in wanted or (keep_custom and k.startswith("custom."))
    }


def apply_fields(body: Json, spec: str | None) -> Json:
    """Apply a ``_fields`` comma list to an object, or to each item of a ``data`` list."""
    if not spec:
        return body
    fields = [part.strip() for part in spec.split(",") if part.strip()]
    if isinstance(body.get("data"), list):
        return body | {"data": [trim(item, fields) for item in body["data"]]}
    return trim(body, fields)


def match_filter(
    records: list[Json], args: Args, name: str, get: Callable[[Json], Any]
) -> list[Json]:
    """Keep records whose value equals ``name`` or is one of ``name__in`` (comma list)."""
    wanted: set[str] = set()
    if args.get(name):
        wanted.add(str(args[name]))
    if args.get(f"{name}__in"):
        wanted |= {part.strip() for part in str(args[f"{name}__in"]).split(",") if part.strip()}
    if not wanted:
        return records
    return [r for r in records if str(get(r)) in wanted]


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
}


def date_filter(
    records: list[Json], args: Args, name: str, get: Callable[[Json], Any]
) -> list[Json]:
    """Apply ``name__lt``/``__lte``/``__gt``/``__gte`` date(-time) filters to records."""
    for op, compare in _COMPARE.items():
        raw = args.get(f"{name}__{op}")
        if not raw:
            continue
        bound = parse_when(raw)
        if bound is None:
            raise validation_error({f"{name}__{op}": "Enter a valid date/time."})
        records = [
            r
            for r in records
            if (value := parse_when(get(r))) is not None and compare(value, bound)
        ]
    return records
