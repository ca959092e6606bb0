"""A total deadline for an HTTP request, enforced on every socket operation.

httpx's timeouts bound each operation (connect, each read), not the request: a server that
sends one byte a second never lets a read time out, and a response of 64 KB then takes 18
hours. Here every connect, TLS handshake, write and read is given at most the time left until
the request's deadline, so a request ends by its deadline whatever the server does.

The deadline is per thread (feeds are fetched from several threads, over one client):
`Deadline.set` before a request, `Deadline.clear` after it.
"""

from __future__ import annotations

import ssl
import threading
import time
import typing

import httpcore
import httpx

SocketOptions = typing.Iterable[typing.Any] | None


class Deadline(threading.local):
    at: float | None = None

    def set(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def clear(self) -> None:
        self.at = None

    def passed(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at

    def bound(self, timeout: float | None, expired: type[Exception]) -> float | None:
        """`timeout`, shortened to the time left; `expired` raised once none is left."""
        if self.at is None:
            return timeout
        left = self.at - time.monotonic()
        if left <= 0:
            raise expired("the request's deadline passed")
        return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, deadline: Deadline):
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.bound(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.bound(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        bounded = self._deadline.bound(timeout, httpcore.ConnectTimeout)
        return _Stream(self._stream.start_tls(ssl_context, server_hostname, bounded),
                       self._deadline)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, deadline: Deadline):
        self._backend = httpcore.SyncBackend()
        self._deadline = deadline

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: SocketOptions = None) -> httpcore.NetworkStream:
        bounded = self._deadline.bound(timeout, httpcore.ConnectTimeout)
        stream = self._backend.connect_tcp(host, port, bounded, local_address, socket_options)
        return _Stream(stream, self._deadline)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: SocketOptions = None) -> httpcore.NetworkStream:
        bounded = self._deadline.bound(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_unix_socket(path, bounded, socket_options),
                       self._deadline)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def deadline_transport(deadline: Deadline) -> httpx.HTTPTransport:
    """httpx's own transport over connections that keep to `deadline`."""
    transport = httpx.HTTPTransport()
    # HTTPTransport takes no network backend; its connection pool does. The pool is rebuilt
    # with the same defaults (TLS verified, HTTP/1.1), on the deadline-keeping backend.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(), network_backend=_Backend(deadline))
    return transport
