"""An edit in the user's words: values as toasts and notes say them, records as labels name them.

Names are read from the record the card was built from, never carried by a button:
"Dana Whitfield · Title", "Opportunity $72,000 · Status", "Task “Call Dana”".
"""

from __future__ import annotations

from typing import Any

from addon.close.models import Opportunity, Task
from addon.crm import field_values as fv
from addon.crm.fields import CHOICE_KINDS, FieldSpec
from addon.ui.format import money, shorten


def show(spec: FieldSpec, value: Any) -> str:
    """Return a Close value in words: 'Qualified', 'IT, Cars', '$72,000', 'Jun 30, 2026'."""
    if value is None or value == "" or value == []:
        return "Not done" if spec.kind == "done" else fv.NOT_SET
    if spec.kind in CHOICE_KINDS:
        values = value if isinstance(value, list) else [value]
        return ", ".join(spec.option_text(v) for v in values)
    if spec.kind == "money":
        return money(int(value), spec.currency)
    if spec.kind == "percent":
        return f"{value}%"
    if spec.kind == "done":
        return "Done" if value else "Not done"
    shown = {"number": fv.show_number, "date": fv.show_date, "datetime": fv.show_datetime}
    return shown[spec.kind](value) if spec.kind in shown else str(value)


def opportunity_name(opp: Opportunity) -> str:
    """Return how an edit names an opportunity: by its value, else by its status."""
    if opp.value:
        return money(opp.value, opp.value_currency, formatted=opp.value_formatted)
    return opp.status_label or "Opportunity"


def task_name(task: Task) -> str:
    """Return how an edit names a task: by its text, cut short."""
    return shorten(task.text, 80)


def label_for(object_type: str, name: str, field_label: str) -> str:
    """Return how a staged change names its field: the record first unless it is the lead."""
    if object_type == "lead":
        return field_label
    if object_type == "opportunity":
        return f"Opportunity {name} · {field_label}"
    if object_type == "task":
        return f"Task “{name}”"
    return f"{name} · {field_label}" if name else field_label
