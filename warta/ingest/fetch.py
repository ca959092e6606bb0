"""Polite HTTP fetching for feeds and the articles they link: timeouts, retries with backoff,
a per-host rate limit, a size cap and an honest user agent ("warta/<version>")."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from warta import __version__

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
    timeout: float = 10.0  # seconds per attempt, for connecting and for the whole body
    retries: int = 2  # further attempts after a timeout, a connection error or a 5xx
    backoff: float = 1.0  # seconds before the first retry, doubled after each
    per_host_interval: float = 1.0  # at least this long between two requests to one host
    max_bytes: int = MAX_BYTES
    _last: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, url: str) -> Response:
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"not an http(s) URL: {url}")
        reason = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                return self._attempt(url)
            except _Retry as retry:
                reason = retry.reason
        raise FetchError(f"{reason} after {self.retries + 1} attempts: {url}")

    def _attempt(self, url: str) -> Response:
        self._wait_for_host(urlsplit(url).netloc)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                       "Accept-Encoding": "identity"})
        deadline = time.monotonic() + self.timeout
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                chunks, size = [], 0
                while chunk := response.read(65536):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"larger than {self.max_bytes} bytes: {url}")
                    if time.monotonic() > deadline:  # a server trickling bytes forever
                        raise _Retry(f"timed out after {self.timeout:g} s")
                    chunks.append(chunk)
                return Response(response.geturl(), b"".join(chunks),
                                response.headers.get("Content-Type", ""))
        except urllib.error.HTTPError as err:
            if err.code >= 500 or err.code == 429:
                raise _Retry(f"HTTP {err.code}") from None
            raise FetchError(f"HTTP {err.code} {err.reason}: {url}") from None
        except (TimeoutError, urllib.error.URLError, ConnectionError, OSError) as err:
            if isinstance(err, FetchError | _Retry):
                raise
            cause = getattr(err, "reason", err)
            if isinstance(cause, TimeoutError) or "timed out" in str(cause):
                raise _Retry(f"timed out after {self.timeout:g} s") from None
            raise _Retry(f"cannot connect ({cause})") from None

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
