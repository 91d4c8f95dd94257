"""The screens: each module (or package) holds one screen's cards and the handlers of its buttons.

Importing this package registers every trigger and action; that is all these imports are for.
"""

# ruff: noqa: F401
from addon.screens import (
    activities,
    comments,
    compose,
    error,
    help,
    home,
    remove,
    scheduling_links,
    settings,
    suggested,
    welcome,
)
from addon.screens.create import handlers as create
from addon.screens.edit import deals as edit_deals
from addon.screens.edit import handlers as edit
from addon.screens.forms import handlers as forms
from addon.screens.record import handlers as record
from addon.screens.record import staged
from addon.screens.templates import handlers as templates
