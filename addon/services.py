"""The long-lived collaborators one add-on instance shares across requests and threads."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from addon.close_client import CloseClient
from addon.config import Config
from addon.settings import SettingsStore


@dataclass
class Services:
    """Config, the settings store and pooled HTTP sessions for upstream APIs."""

    config: Config
    store: SettingsStore
    close_session: requests.Session = field(default_factory=requests.Session)
    clock: Callable[[], float] = time.monotonic

    def close_client(self, api_key: str, *, deadline: float | None = None) -> CloseClient:
        """Return a Close client for one user's key, sharing the pooled session."""
        return CloseClient(
            api_key,
            base_url=self.config.close_api_url,
            session=self.close_session,
            timeout=self.config.close_timeout_seconds,
            deadline=deadline,
            clock=self.clock,
        )

    def new_deadline(self) -> float:
        """Return the monotonic time by which the current request must have answered."""
        return self.clock() + self.config.request_deadline_seconds
