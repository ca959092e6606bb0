"""`warta serve`: the app on uvicorn, bound to localhost unless told otherwise."""

from __future__ import annotations

from warta.api.app import create_app
from warta.api.guard import allowed_hosts
from warta.api.state import DEFAULT_MAX_BYTES, open_state


def serve(db_path: str, *, host: str = "127.0.0.1", port: int = 8000,
          allow_store: bool = False, max_bytes: int = DEFAULT_MAX_BYTES,
          log_level: str = "info") -> None:
    """Serve `db_path` until interrupted; raises DatabaseError when it cannot be served."""
    import uvicorn

    state = open_state(db_path, allow_store=allow_store, max_bytes=max_bytes)
    state.allowed_hosts = allowed_hosts(host, port)  # DNS rebinding: only this server's names
    try:
        # No server header or access log of article contents; errors are logged by the app.
        uvicorn.run(create_app(state), host=host, port=port, server_header=False,
                    log_level=log_level)
    finally:
        state.close()
