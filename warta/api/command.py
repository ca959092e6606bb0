"""The `warta serve` command (kept beside the app so that cli.py only registers it)."""

from __future__ import annotations

import click

from warta.api.state import DEFAULT_MAX_BYTES
from warta.api.state import DatabaseError as CannotServe
from warta.cli_options import DatabaseError, db_option, quiet_option, require_database


@click.command(name="serve")
@db_option(help="The warta database to serve (made by `warta code ... --db FILE`).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default serves this machine only.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--allow-store", is_flag=True,
              help="Let POST /api/code store articles when asked (store=true); otherwise the "
                   "database is opened read-only.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES,
              show_default=True, help="Largest request body (posted article or upload).")
@quiet_option("Log only the server's warnings and errors (no start-up lines).")
def serve_command(db_path: str, host: str, port: int, allow_store: bool,
                  max_bytes: int, quiet: bool = False) -> None:
    """Serve the REST API (OpenAPI at /openapi.json) and the web UI over a database."""
    from warta.api.server import serve

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: other machines can read this database",
                   err=True)
    require_database(db_path)
    try:
        serve(db_path, host=host, port=port, allow_store=allow_store, max_bytes=max_bytes,
              log_level="warning" if quiet else "info")
    except CannotServe as err:
        raise DatabaseError(f"--db: {err}") from err
