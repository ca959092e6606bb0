"""The REST API and web UI served by `warta serve` (FastAPI over the library functions)."""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # `warta --help` imports the serve command; FastAPI loads only when serving.
    if name == "create_app":
        from warta.api.app import create_app

        return create_app
    raise AttributeError(name)
