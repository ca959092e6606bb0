"""Requests from other sites and other names: CSRF and DNS-rebinding protection.

- **Host**: a page on evil.example whose name is made to resolve to 127.0.0.1 (DNS
  rebinding) reaches a local server with `Host: evil.example:8000`. When the server knows
  the address it is bound to, every request must name it (`allowed_hosts`).
- **State-changing requests** (POST and the like): a browser tells where a request comes
  from (`Sec-Fetch-Site`, `Origin`, `Referer`); one from another site is refused, so a
  cross-site form cannot store an article on a server started with --allow-store. A request
  with none of these headers is not from a browser's page (browsers send Origin with every
  cross-origin POST) and is allowed: `curl` and scripts keep working. This is the rule of Go's
  net/http CrossOriginProtection.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from warta.api.problems import problem

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
ALL_INTERFACES = frozenset({"", "0.0.0.0", "::"})


def allowed_hosts(host: str, port: int) -> frozenset[str] | None:
    """The Host headers that name a server bound to `host`:`port`; None when it listens on
    every interface (any name of the machine may reach it: there is no list to check)."""
    if host in ALL_INTERFACES:
        return None
    names = set(LOOPBACK) if host in LOOPBACK else {host.lower()}
    hosts = {f"[{name}]:{port}" if ":" in name else f"{name}:{port}" for name in names}
    if port == 80:  # browsers leave the default port out
        hosts |= {f"[{name}]" if ":" in name else name for name in names}
    return frozenset(hosts)


class RequestGuard:
    """ASGI middleware; `hosts` is read from the server state on each request (the server
    sets it once it knows where it listens)."""

    def __init__(self, app: ASGIApp, state: object):
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {name.decode("latin-1").lower(): value.decode("latin-1")
                   for name, value in scope.get("headers") or []}
        host = headers.get("host", "").lower()
        refusal = self._wrong_host(host)
        if refusal is None and scope.get("method", "GET") not in SAFE_METHODS:
            refusal = cross_site(headers, host)
        if refusal is not None:
            await problem(403, refusal)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _wrong_host(self, host: str) -> str | None:
        hosts: frozenset[str] | None = getattr(self.state, "allowed_hosts", None)
        if hosts is None or host in hosts:
            return None
        return (f"the Host header {host or '(none)'!r} does not name this server "
                f"({', '.join(sorted(hosts))}); open it by that address")


def cross_site(headers: dict[str, str], host: str) -> str | None:
    """Why a state-changing request comes from another site, or None when it does not.

    Sec-Fetch-Site is the browser's own verdict and is trusted when present; without it the
    Origin, and failing that the Referer, must name this server.
    """
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        if fetch_site in ("same-origin", "none"):  # "none": typed or bookmarked by the user
            return None
        return _refused("Sec-Fetch-Site", fetch_site)
    origin = headers.get("origin")
    source, name = (origin, "Origin") if origin is not None else (
        headers.get("referer") or None, "Referer")
    if source is None:
        return None  # not sent by a browser's page
    if source == "null" or (urlsplit(source).netloc.lower() or None) != (host or None):
        return _refused(name, source)
    return None


def _refused(header: str, value: str) -> str:
    return (f"cross-site request refused ({header}: {value[:200]}): post from this server's "
            "own pages, or from a program rather than a browser")
