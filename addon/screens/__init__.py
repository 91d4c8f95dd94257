"""The screens: each package holds one screen's card builder and the handlers of its buttons.

Importing this package registers every trigger and action.
"""

from addon.screens import activities
from addon.screens.compose import handlers as compose
from addon.screens.create import handlers as create
from addon.screens.edit import deals as edit_deals
from addon.screens.edit import handlers as edit
from addon.screens.error import handlers as error
from addon.screens.forms import handlers as forms
from addon.screens.help import handlers as help
from addon.screens.home import handlers as home
from addon.screens.record import handlers as record
from addon.screens.record import staged
from addon.screens.remove import handlers as remove
from addon.screens.settings import handlers as settings
from addon.screens.welcome import handlers as welcome

__all__ = [
    "activities",
    "compose",
    "create",
    "edit",
    "edit_deals",
    "error",
    "forms",
    "help",
    "home",
    "record",
    "remove",
    "settings",
    "staged",
    "welcome",
]
