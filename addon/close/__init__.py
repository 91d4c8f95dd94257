"""A thin, typed client for the Close CRM REST API."""

from addon.close.client import CloseClient
from addon.close.errors import (
    CloseAuthError,
    CloseDeadlineExceeded,
    CloseError,
    CloseForbidden,
    CloseNotFound,
    ClosePlanLimit,
    CloseRateLimited,
    CloseTimeout,
    CloseUnavailable,
    CloseValidationError,
)

__all__ = [
    "CloseAuthError",
    "CloseClient",
    "CloseDeadlineExceeded",
    "CloseError",
    "CloseForbidden",
    "CloseNotFound",
    "ClosePlanLimit",
    "CloseRateLimited",
    "CloseTimeout",
    "CloseUnavailable",
    "CloseValidationError",
]
