"""The lean send path both upstream clients use: what goes out, and what comes back."""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
import responses
from requests.adapters import HTTPAdapter

from addon.upstream import UpstreamAdapter, base_headers, once_sent, send, upstream_session

URL = "https://api.example.test/v1/thing/"


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock() as mock:
        yield mock


@pytest.fixture
def session() -> requests.Session:
    return upstream_session()


def test_query_drops_none_repeats_lists_and_joins_an_existing_query(
    rsps: responses.RequestsMock, session: requests.Session
) -> None:
    rsps.add(responses.GET, URL, json={})
    query = {"a": "1", "skip": None, "many": ["x", "y"], "flag": "false"}

    send(session, "GET", URL + "?fixed=1", headers={}, query=query, timeout=1)

    sent = urlsplit(rsps.calls[0].request.url or "")
    assert parse_qsl(sent.query) == [
        ("fixed", "1"),
        ("a", "1"),
        ("many", "x"),
        ("many", "y"),
        ("flag", "false"),
    ]


def test_a_query_of_pairs_keeps_its_order(
    rsps: responses.RequestsMock, session: requests.Session
) -> None:
    rsps.add(responses.GET, URL, json={})

    send(session, "GET", URL, headers={}, query=[("h", "To"), ("h", "From")], timeout=1)

    assert (rsps.calls[0].request.url or "").endswith("?h=To&h=From")


def test_unsafe_path_characters_are_quoted(
    rsps: responses.RequestsMock, session: requests.Session
) -> None:
    rsps.add(responses.GET, "https://api.example.test/v1/lead/a%20b/", json={})

    send(session, "GET", "https://api.example.test/v1/lead/a b/", headers={}, timeout=1)

    assert rsps.calls[0].request.url == "https://api.example.test/v1/lead/a%20b/"


def test_body_goes_out_as_given_with_its_length_and_the_headers(
    rsps: responses.RequestsMock, session: requests.Session
) -> None:
    rsps.add(responses.POST, URL, json={"ok": True}, status=201)
    body = json.dumps({"name": "Acme é"}).encode()
    headers = base_headers(session, Accept="application/json")

    reply = send(session, "POST", URL, headers=headers, body=body, timeout=1)

    sent = rsps.calls[0].request
    assert sent.body == body
    assert sent.headers["Content-Length"] == str(len(body))
    assert sent.headers["Accept"] == "application/json"
    assert "gzip" in sent.headers["Accept-Encoding"]  # the session's defaults come along
    assert reply.status_code == 201
    assert reply.json() == {"ok": True}


def test_redirects_are_not_followed(
    rsps: responses.RequestsMock, session: requests.Session
) -> None:
    rsps.add(responses.POST, URL, status=302, headers={"Location": "https://elsewhere.test/"})

    reply = send(session, "POST", URL, headers={}, body=b"{}", timeout=1)

    assert reply.status_code == 302
    assert len(rsps.calls) == 1


def test_cookies_from_an_answer_are_not_kept(
    rsps: responses.RequestsMock, session: requests.Session
) -> None:
    rsps.add(responses.GET, URL, json={}, headers={"Set-Cookie": "sid=secret; Path=/"})
    rsps.add(responses.GET, URL, json={})

    send(session, "GET", URL, headers={}, timeout=1)
    send(session, "GET", URL, headers={}, timeout=1)

    assert len(session.cookies) == 0
    assert "Cookie" not in rsps.calls[1].request.headers


def test_transport_failures_raise_requests_errors(
    rsps: responses.RequestsMock, session: requests.Session
) -> None:
    rsps.add(responses.GET, URL, body=requests.ConnectionError("refused"))

    with pytest.raises(requests.ConnectionError):
        send(session, "GET", URL, headers={}, timeout=1)


def test_the_session_ignores_the_environment_after_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("https_proxy", raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example.test:3128")
    session = upstream_session()
    monkeypatch.setenv("HTTPS_PROXY", "http://other.example.test:3128")

    assert session.proxies["https"] == "http://proxy.example.test:3128"
    assert session.trust_env is False


class Conn:
    """The attributes requests sets on a urllib3 connection to verify TLS."""

    cert_reqs: str | None = None
    ca_certs: str | None = None
    ca_cert_dir: str | None = None
    cert_file: str | None = None
    key_file: str | None = None


def _https(url: str = "https://api.example.test/v1/") -> requests.PreparedRequest:
    prepared = requests.PreparedRequest()
    prepared.prepare(method="GET", url=url)
    return prepared


@pytest.mark.parametrize("as_dir", [False, True])
def test_the_adapter_trusts_as_requests_does_and_looks_at_the_disk_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_dir: bool
) -> None:
    bundle = tmp_path / "certs"
    bundle.mkdir() if as_dir else bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    ours, theirs = UpstreamAdapter(), HTTPAdapter()
    expected_keys = theirs.build_connection_pool_key_attributes(_https(), str(bundle))
    expected_conn = Conn()
    theirs.cert_verify(expected_conn, "https://api.example.test/", str(bundle), None)
    first = ours.build_connection_pool_key_attributes(_https(), str(bundle))

    def no_disk(path: object) -> bool:
        raise AssertionError("the CA bundle was looked up again")

    monkeypatch.setattr(os.path, "isdir", no_disk)
    monkeypatch.setattr(os.path, "exists", no_disk)
    again = ours.build_connection_pool_key_attributes(_https(), str(bundle))
    conn = Conn()
    ours.cert_verify(conn, "https://api.example.test/", str(bundle), None)

    assert first == again == expected_keys

    def trust(c: Conn) -> tuple[str | None, ...]:
        return (c.cert_reqs, c.ca_certs, c.ca_cert_dir, c.cert_file, c.key_file)

    assert trust(conn) == trust(expected_conn)


def test_plain_http_and_verify_off_are_left_to_requests() -> None:
    ours, conn = UpstreamAdapter(), Conn()
    ours.cert_verify(conn, "http://127.0.0.1:8080/", "/no/such/bundle", None)
    assert conn.cert_reqs == "CERT_NONE" and conn.ca_certs is None

    _, pool = ours.build_connection_pool_key_attributes(_https(), False)
    assert pool["cert_reqs"] == "CERT_NONE"


def test_a_missing_bundle_is_an_error_not_a_silent_downgrade(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        UpstreamAdapter().cert_verify(Conn(), "https://x.test/", str(tmp_path / "none"), None)


class GatedServer:
    """A loopback HTTP server on one kept-alive connection, answering once allowed to.

    `arrived` is set when a request has fully come in; answers wait for `allowed`.
    """

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.arrived = threading.Event()
        self.allowed = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}/v1/thing/"

    def _serve(self) -> None:
        conn, _ = self.listener.accept()
        with conn, conn.makefile("rb") as incoming:
            while incoming.readline():  # a request line; the tests send no bodies
                while incoming.readline() not in (b"\r\n", b""):
                    pass  # its headers
                self.arrived.set()
                if not self.allowed.wait(timeout=5):
                    return
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")


def test_once_sent_starts_the_work_after_the_request_is_out_and_before_the_answer() -> None:
    server = GatedServer()
    seen: list[bool] = []

    def start() -> None:
        seen.append(server.arrived.wait(timeout=5))
        server.allowed.set()  # the answer can only come after this ran

    with once_sent(start):
        reply = send(upstream_session(), "GET", server.url, headers={}, timeout=5)

    assert reply.status_code == 200
    assert seen == [True]


def test_once_sent_starts_the_work_once_however_many_calls_go_out(
    session: requests.Session,
) -> None:
    server = GatedServer()
    server.allowed.set()
    starts: list[str] = []

    with once_sent(lambda: starts.append("started")):
        send(session, "GET", server.url, headers={}, timeout=5)
        assert starts == ["started"]
        send(session, "GET", server.url, headers={}, timeout=5)

    assert starts == ["started"]


@pytest.mark.parametrize("outcome", ["no call", "connection refused", "test double"])
def test_once_sent_starts_the_work_on_leaving_when_nothing_went_out(
    outcome: str, session: requests.Session
) -> None:
    starts: list[str] = []

    with once_sent(lambda: starts.append("started")):
        if outcome == "connection refused":
            with socket.socket() as closed:
                closed.bind(("127.0.0.1", 0))
                port = closed.getsockname()[1]
            with pytest.raises(requests.ConnectionError):
                send(session, "GET", f"http://127.0.0.1:{port}/", headers={}, timeout=5)
        elif outcome == "test double":
            with responses.RequestsMock() as mock:
                mock.add(responses.GET, URL, json={})
                send(session, "GET", URL, headers={}, timeout=5)
        assert starts == []

    assert starts == ["started"]


def test_an_inner_once_sent_leaves_the_outer_work_for_the_next_call() -> None:
    server = GatedServer()
    server.allowed.set()
    starts: list[str] = []

    with once_sent(lambda: starts.append("outer")):
        with once_sent(lambda: starts.append("inner")):
            pass
        assert starts == ["inner"]
        send(upstream_session(), "GET", server.url, headers={}, timeout=5)
        assert starts == ["inner", "outer"]

    assert starts == ["inner", "outer"]


def test_once_sent_belongs_to_the_thread_that_entered_it() -> None:
    server = GatedServer()
    server.allowed.set()
    starts: list[str] = []

    with once_sent(lambda: starts.append("started")):
        elsewhere = threading.Thread(
            target=send,
            args=(upstream_session(), "GET", server.url),
            kwargs={"headers": {}, "timeout": 5},
        )
        elsewhere.start()
        elsewhere.join()
        assert starts == []

    assert starts == ["started"]


def test_once_sent_knows_when_a_call_through_a_proxy_is_out() -> None:
    proxy = GatedServer()  # answers whatever it is asked, as a forward proxy would
    session = upstream_session()
    session.proxies = {"http": proxy.url.removesuffix("/v1/thing/")}
    seen: list[bool] = []

    def start() -> None:
        seen.append(proxy.arrived.wait(timeout=5))
        proxy.allowed.set()

    with once_sent(start):
        reply = send(session, "GET", "http://api.example.test/v1/", headers={}, timeout=5)

    assert reply.status_code == 200
    assert seen == [True]
