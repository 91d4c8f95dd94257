"""The add-on's calls to Gmail and Close: pooled sessions, and one lean way to send.

`requests.Session.request` redoes work on every call that never changes for our two
upstreams: it merges session and request settings through several dict copies, builds a
cookie header from a jar and feeds every answer back through it, and runs its hook and
redirect machinery. `send` builds the request once and hands it to the session's mounted
adapter (connection pool, TLS verification, proxies): about 30% less CPU per call
(`benchmarks/upstream_send.py`). It reads the whole answer, so the connection goes
straight back to the pool.

What is given up is nothing we use: no redirects are followed (a redirected POST would
silently become a GET), no cookies are kept (neither API sets any that matter), no hooks.
"""

from __future__ import annotations

import os
import threading
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import requests
import urllib3
import urllib3.connection
import urllib3.connectionpool
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import DEFAULT_CA_BUNDLE_PATH, requote_uri

Query = Mapping[str, Any] | Iterable[tuple[str, Any]] | None


class UpstreamError(Exception):
    """A call to Gmail or Close failed; `message` is safe to show a user.

    It never holds secrets or response data. Each upstream's errors subclass this with
    their own default message.
    """

    default_message = "The request could not be completed."

    def __init__(self, message: str | None = None, *, status: int | None = None) -> None:
        self.message = message or self.default_message
        self.status = status
        super().__init__(self.message)


_this_thread = threading.local()


@contextmanager
def once_sent(start: Callable[[], object]) -> Iterator[None]:
    """Call `start` as soon as this thread's next upstream call is on the wire.

    Work that only has to be done by the time a call answers (a store read) is best
    started once the request has left. Started before, it competes for the interpreter
    lock with this thread while the request is built and written, and the request
    leaves, and so comes back, later. Should no call go out inside the block (a cached
    answer, a failure before connecting, a test double in place of the adapter),
    `start` is called on leaving it. Either way it is called exactly once.
    """
    outer = getattr(_this_thread, "on_sent", None)
    _this_thread.on_sent = start
    try:
        yield
    finally:
        pending = _this_thread.on_sent
        _this_thread.on_sent = outer
        if pending is not None:
            pending()


def _request_sent() -> None:
    start = getattr(_this_thread, "on_sent", None)
    if start is not None:
        _this_thread.on_sent = None
        start()


class _SignallingHTTPConnection(urllib3.connection.HTTPConnection):
    """A connection that tells `once_sent` when the request is out, before awaiting the answer."""

    def getresponse(self) -> urllib3.HTTPResponse:  # type: ignore[override]
        _request_sent()
        return super().getresponse()


class _SignallingHTTPSConnection(urllib3.connection.HTTPSConnection):
    def getresponse(self) -> urllib3.HTTPResponse:  # type: ignore[override]
        _request_sent()
        return super().getresponse()


class _SignallingHTTPPool(urllib3.connectionpool.HTTPConnectionPool):
    ConnectionCls = _SignallingHTTPConnection


class _SignallingHTTPSPool(urllib3.connectionpool.HTTPSConnectionPool):
    ConnectionCls = _SignallingHTTPSConnection


_SIGNALLING_POOLS: dict[str, type[urllib3.HTTPConnectionPool]] = {
    "http": _SignallingHTTPPool,
    "https": _SignallingHTTPSPool,
}


class UpstreamAdapter(HTTPAdapter):
    """requests' adapter, with two changes for the add-on's own calls.

    * It looks at the CA bundle on disk once rather than on every call. To choose
      between a bundle file and a directory, requests asks the filesystem on every call
      (twice for HTTPS). The answer cannot change while the add-on runs, and a system
      call is slow on sandboxed hosts: here it was the costliest single step of the
      request thread's own work.
    * Its connections start the work handed to `once_sent` once a request is out.
    """

    def __init__(self, **kwargs: Any) -> None:
        self._trust: dict[bool | str, tuple[str, str]] = {}
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _SIGNALLING_POOLS

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> urllib3.PoolManager:
        manager: urllib3.PoolManager = super().proxy_manager_for(proxy, **kwargs)
        if type(manager) is urllib3.ProxyManager:  # SOCKS managers keep their own pools
            manager.pool_classes_by_scheme = _SIGNALLING_POOLS
        return manager

    def trust(self, verify: bool | str) -> tuple[str, str]:
        """Return ("ca_certs" or "ca_cert_dir", path) for a truthy `verify`, found once."""
        found = self._trust.get(verify)
        if found is None:
            path = DEFAULT_CA_BUNDLE_PATH if verify is True else str(verify)
            if not path or not os.path.exists(path):
                raise OSError(f"no TLS CA certificate bundle at {path}")
            found = ("ca_cert_dir", path) if os.path.isdir(path) else ("ca_certs", path)
            self._trust[verify] = found
        return found

    def build_connection_pool_key_attributes(
        self, request: requests.PreparedRequest, verify: Any, cert: Any = None
    ) -> tuple[Any, Any]:
        if not isinstance(verify, str):
            return super().build_connection_pool_key_attributes(request, verify, cert)
        host, pool = super().build_connection_pool_key_attributes(request, True, cert)
        kind, path = self.trust(verify)
        return host, {**pool, kind: path}

    # requests' own stubs leave cert_verify untyped.
    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        if not (url.lower().startswith("https") and verify):
            super().cert_verify(conn, url, verify, cert)  # type: ignore[no-untyped-call]
            return
        # The client certificate, if any, as requests handles it; then the trust store.
        super().cert_verify(conn, url, False, cert)  # type: ignore[no-untyped-call]
        kind, path = self.trust(verify)
        conn.cert_reqs = "CERT_REQUIRED"
        conn.ca_certs = path if kind == "ca_certs" else None
        conn.ca_cert_dir = path if kind == "ca_cert_dir" else None


def upstream_session() -> requests.Session:
    """Return a pooled HTTP session for one upstream, with environment settings read once."""
    session = requests.Session()
    session.proxies = {
        k: v for k, v in urllib.request.getproxies().items() if k in ("http", "https")
    }
    session.verify = (
        os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
    )
    session.trust_env = False
    adapter = UpstreamAdapter(pool_connections=4, pool_maxsize=64)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def base_headers(session: requests.Session, **headers: str) -> dict[str, str]:
    """Return the session's default headers (compression, keep-alive) with ours on top."""
    merged = {k: v for k, v in session.headers.items() if isinstance(v, str)}
    merged.update(headers)
    return merged


def send(
    session: requests.Session,
    method: str,
    url: str,
    *,
    headers: Mapping[str, str],
    query: Query = None,
    body: bytes | None = None,
    timeout: float,
) -> requests.Response:
    """Send one call through the session's adapter and return the answer, fully read.

    `headers` must be complete (see `base_headers`): the session's own are not merged in.
    A `body` is sent as is, with its length. Raises what requests raises on transport
    failures (`requests.RequestException` subclasses).
    """
    prepared = requests.PreparedRequest()
    prepared.method = method
    prepared.url = _url(url, query)
    prepared.headers = CaseInsensitiveDict(headers)
    if body is not None:
        prepared.body = body
        prepared.headers["Content-Length"] = str(len(body))
    adapter = session.get_adapter(prepared.url)
    response = adapter.send(
        prepared,
        timeout=timeout,
        verify=True if session.verify is None else session.verify,
        cert=session.cert,
        proxies=session.proxies,
    )
    _ = response.content  # read it all now: the connection returns to the pool
    return response


def _url(url: str, query: Query) -> str:
    base = requote_uri(url)
    if not query:
        return base
    pairs = query.items() if isinstance(query, Mapping) else query
    # As requests does: a None value leaves the key out; a list repeats it.
    encoded = urlencode([(k, v) for k, v in pairs if v is not None], doseq=True)
    if not encoded:
        return base
    return f"{base}&{encoded}" if "?" in base else f"{base}?{encoded}"
