"""Evaluate an Advanced Filtering query tree (``POST /data/search/``) into sets of object ids.

Supported nodes: ``and``, ``or``, ``object_type``, ``field_condition`` (regular and custom
fields), ``has_related`` and full-text ``text``; every node may carry ``negate``. Conditions:
``text`` (``full_words``, ``beginning_of_words``, ``phrase``, ``exact_value``), ``term`` and
``number_range``. A field condition must name the object type being filtered (hop to related
objects with ``has_related``, as Close's own filters do). Anything else raises a 400.
Contact emails and phones are pseudo-objects with ids ``cont_…/index``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sandbox.close.errors import CloseApiError, bad_request
from sandbox.close.search_fields import field_values, indexed_search
from sandbox.close.textindex import TEXT_MODES, text_matches

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]
OBJECT_TYPES = ("lead", "contact", "contact_email", "contact_phone", "opportunity")


def unsupported(message: str) -> CloseApiError:
    """Return the 400 for a query the emulator does not understand."""
    return bad_request(f"Invalid query: {message}")


class Evaluator:
    """Evaluates query nodes against one state (call with the state's lock held)."""

    def __init__(self, state: CloseState, hidden: frozenset[str] = frozenset()) -> None:
        self.state = state
        self.hidden = hidden  # leads and contacts the search index has not caught up with

    def universe(self, obj_type: str) -> set[str]:
        """Return every id of an object type."""
        s = self.state
        if obj_type == "lead":
            return set(s.leads)
        if obj_type == "contact":
            return set(s.contacts)
        if obj_type == "opportunity":
            return set(s.opportunities)
        key = "emails" if obj_type == "contact_email" else "phones"
        return {f"{cid}/{i}" for cid, c in s.contacts.items() for i in range(len(c[key]))}

    def eval(self, node: Any, obj_type: str) -> set[str]:
        """Return the ids of ``obj_type`` objects matching a query node."""
        if not isinstance(node, dict):
            raise unsupported("every query node must be an object")
        handlers: dict[str, Callable[[Json, str], set[str]]] = {
            "and": self._and,
            "or": self._or,
            "object_type": self._object_type,
            "field_condition": self._field_condition,
            "has_related": self._has_related,
            "text": self._text,
        }
        handler = handlers.get(str(node.get("type")))
        if handler is None:
            raise unsupported(f'query type "{node.get("type")}" is not supported')
        found = handler(node, obj_type)
        found = self.universe(obj_type) - found if node.get("negate") else found
        if self.hidden:
            # A contact's emails and phones are "cont_…/n": hidden with their contact.
            found = {i for i in found if i.split("/", 1)[0] not in self.hidden}
        return found

    def _children(self, node: Json) -> list[Any]:
        queries = node.get("queries")
        if not isinstance(queries, list):
            raise unsupported(f'"{node["type"]}" needs a "queries" list')
        return queries

    def _and(self, node: Json, obj_type: str) -> set[str]:
        found = self.universe(obj_type)
        for child in self._children(node):
            found &= self.eval(child, obj_type)
        return found

    def _or(self, node: Json, obj_type: str) -> set[str]:
        found: set[str] = set()
        for child in self._children(node):
            found |= self.eval(child, obj_type)
        return found

    def _object_type(self, node: Json, obj_type: str) -> set[str]:
        if node.get("object_type") not in OBJECT_TYPES:
            raise unsupported(f'unknown object_type "{node.get("object_type")}"')
        return self.universe(obj_type) if node["object_type"] == obj_type else set()

    def _field_condition(self, node: Json, obj_type: str) -> set[str]:
        field, condition = node.get("field"), node.get("condition")
        if not isinstance(field, dict) or not isinstance(condition, dict):
            raise unsupported('"field_condition" needs "field" and "condition" objects')
        if field.get("object_type") != obj_type:
            raise unsupported(
                f'field of "{field.get("object_type")}" used while filtering "{obj_type}" '
                '(use "has_related")'
            )
        fast = indexed_search(self.state, obj_type, field, condition)
        if fast is not None:
            return fast
        matches = condition_matcher(condition)
        return {
            obj_id
            for obj_id in self.universe(obj_type)
            if any(matches(v) for v in field_values(self.state, obj_type, field, obj_id))
        }

    def _has_related(self, node: Json, obj_type: str) -> set[str]:
        this, related = node.get("this_object_type"), node.get("related_object_type")
        if this != obj_type:
            raise unsupported(f'has_related on "{this}" used while filtering "{obj_type}"')
        if related not in OBJECT_TYPES:
            raise unsupported(f'unknown related_object_type "{related}"')
        found = self.eval(node.get("related_query"), str(related))
        return relate(self.state, obj_type, str(related), found)

    def _text(self, node: Json, obj_type: str) -> set[str]:
        value, mode = node.get("value"), node.get("mode", "beginning_of_words")
        if not isinstance(value, str) or mode not in TEXT_MODES:
            raise unsupported('"text" needs a string "value" and a valid "mode"')
        s = self.state
        contacts = s.contact_name_index.search(mode, value) | s.email_index.search(mode, value)
        if obj_type == "contact":
            return contacts
        if obj_type == "lead":
            return s.lead_name_index.search(mode, value) | relate(s, "lead", "contact", contacts)
        raise unsupported(f'"text" queries cannot filter "{obj_type}"')


def condition_matcher(condition: Json) -> Callable[[Any], bool]:
    """Build a predicate for one condition object."""
    kind = condition.get("type")
    if kind == "text":
        mode, value = condition.get("mode"), condition.get("value")
        if mode not in TEXT_MODES or not isinstance(value, str):
            raise unsupported(f"text condition needs a mode in {TEXT_MODES} and a string value")
        return lambda v: isinstance(v, str) and text_matches(str(mode), value, v)
    if kind == "term":
        values = condition.get("values")
        if not isinstance(values, list):
            raise unsupported('term condition needs a "values" list')
        wanted = {str(v) for v in values}
        return lambda v: str(v) in wanted
    if kind == "number_range":
        return _number_range(condition)
    raise unsupported(f'condition type "{kind}" is not supported')


_RANGE_OPS: dict[str, Callable[[float, float], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number_range(condition: Json) -> Callable[[Any], bool]:
    bounds = {k: condition[k] for k in _RANGE_OPS if condition.get(k) is not None}
    if not bounds or not all(_is_number(b) for b in bounds.values()):
        raise unsupported("number_range needs numeric gt/gte/lt/lte bounds")
    return lambda v: _is_number(v) and all(_RANGE_OPS[k](v, b) for k, b in bounds.items())


def relate(state: CloseState, this: str, related: str, ids: set[str]) -> set[str]:
    """Map ids of a related type to the ids of ``this`` type they belong to."""
    owner = {i.split("/", 1)[0] for i in ids} if related.startswith("contact_") else ids
    if this == "lead" and related.startswith("contact"):
        return {state.contacts[c]["lead_id"] for c in owner if c in state.contacts}
    if this == "lead" and related == "opportunity":
        return {state.opportunities[o]["lead_id"] for o in ids if o in state.opportunities}
    if this == "contact" and related in ("contact_email", "contact_phone"):
        return owner & set(state.contacts)
    if this == "contact" and related == "lead":
        return {c for lead in ids for c in state.lead_children(lead).contacts}
    if this == "opportunity" and related == "lead":
        return {o for lead in ids for o in state.lead_children(lead).opportunities}
    raise unsupported(f'"{this}" has no related "{related}"')
