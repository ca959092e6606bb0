"""Polite HTTP fetching for feeds and the articles they link: a total deadline per request,
retries with backoff, a per-host rate limit, a size cap and an honest user agent
("warta/<version>"). One Fetcher may be used from several threads at once."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from warta import __version__
from warta.ingest.deadline import Deadline, deadline_transport

USER_AGENT = f"warta/{__version__}"
MAX_BYTES = 10 * 1024 * 1024


class FetchError(Exception):
    """A URL that could not be fetched; `reason` is what the skipped table records."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class Response:
    url: str  # after redirects
    body: bytes
    content_type: str


@dataclass
class Fetcher:
    timeout: float = 10.0  # seconds for a whole attempt: connecting, redirects, the body
    retries: int = 2  # further attempts after a timeout, a connection error or a 5xx
    backoff: float = 1.0  # seconds before the first retry, doubled after each
    per_host_interval: float = 1.0  # at least this long between two requests to one host
    max_bytes: int = MAX_BYTES
    _last: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _deadline: Deadline = field(default_factory=Deadline)
    _client: httpx.Client | None = None

    def get(self, url: str) -> Response:
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"not an http(s) URL: {url}")
        reason = ""
        started = time.monotonic()
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                return self._attempt(url)
            except _Retry as retry:
                reason = retry.reason
        spent = time.monotonic() - started
        raise FetchError(f"{reason} after {self.retries + 1} attempts ({spent:.1f} s in all, "
                         f"with backoff): {url}")

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _http(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                self._client = httpx.Client(
                    transport=deadline_transport(self._deadline), follow_redirects=True,
                    timeout=self.timeout,
                    headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
            return self._client

    def _attempt(self, url: str) -> Response:
        self._wait_for_host(urlsplit(url).netloc)  # the wait is politeness, not the server's
        client = self._http()
        started = time.monotonic()
        self._deadline.set(self.timeout)
        try:
            with client.stream("GET", url) as response:
                if response.status_code >= 500 or response.status_code == 429:
                    raise _Retry(f"HTTP {response.status_code}")
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code} "
                                     f"{response.reason_phrase}: {url}")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"larger than {self.max_bytes} bytes: {url}")
                    if self._deadline.passed():  # through a proxy, which is not bounded
                        raise httpx.ReadTimeout("the request's deadline passed")
                    chunks.append(chunk)
                return Response(str(response.url), b"".join(chunks),
                                response.headers.get("Content-Type", ""))
        except httpx.TimeoutException:
            raise _Retry(f"timed out after {time.monotonic() - started:.1f} s (--timeout "
                         f"{self.timeout:g} s for the whole response)") from None
        except httpx.TransportError as err:
            raise _Retry(f"cannot connect ({err or type(err).__name__})") from None
        except httpx.HTTPError as err:  # too many redirects, an invalid URL
            raise FetchError(f"{err or type(err).__name__}: {url}") from None
        finally:
            self._deadline.clear()

    def _wait_for_host(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            ready = self._last.get(host, 0.0) + self.per_host_interval
            self._last[host] = max(now, ready)
        if ready > now:
            time.sleep(ready - now)


class _Retry(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
