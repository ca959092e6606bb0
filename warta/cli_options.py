"""Command-line parameter types shared by the commands."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from warta.store import Store


class LanguageCode(click.ParamType):
    """The code of an installed language pack (warta/lang/<code>/ or $WARTA_LANG_PATH), checked
    when the command runs, so that a pack added later needs no change here."""

    name = "CODE"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        from warta.resources import supported_languages

        supported = supported_languages()
        code = str(value).strip().lower()
        if code not in supported:
            self.fail(f"{value!r} has no language pack; installed: {', '.join(supported)}",
                      param, ctx)
        return code


LANGUAGE = LanguageCode()


# -- the same --db and --quiet on every command (README, "Command-line conventions") ----------

F = TypeVar("F", bound=Callable[..., Any])


class DatabaseError(click.ClickException):
    """A --db that names no database, or one that cannot be opened: exit status 2, on every
    command."""

    exit_code = 2


def db_option(*, required: bool = True, help: str = "The database written by `warta code "
              "--db`.") -> Callable[[F], F]:
    """`--db FILE.duckdb`: the same name, metavar and (no) default on every command; required
    by every command that needs a database (only `warta code` may run without one)."""
    return click.option("--db", "db_path", required=required,
                        metavar="FILE.duckdb", help=help)


def quiet_option(help: str) -> Callable[[F], F]:
    """`--quiet` / `-q` on every command: no progress, notes or tables; results and errors
    are still printed."""
    return click.option("--quiet", "-q", is_flag=True, help=help)


def missing_database(path: str) -> str:
    """The one message for a --db that names no database."""
    return (f"--db: no database at {path!r}; code articles into it first with: "
            f"warta code ARTICLES --db {path}")


def require_database(path: str) -> None:
    """Commands that read a database refuse a path where there is none (opening it would
    create an empty one)."""
    if path != ":memory:" and not os.path.isfile(path):
        raise DatabaseError(missing_database(path))


def open_database(path: str, *, create: bool = False,
                  factory: Callable[[str], Store] | None = None) -> Store:
    """The store at `path` (created by `warta code`/`warta watch` when `create`), or a
    DatabaseError that says why not. `factory` makes the store (default: `Store`)."""
    from warta.store import Store, StoreError

    if not create:
        require_database(path)
    try:
        return (factory or Store)(path)
    except StoreError as err:
        raise DatabaseError(f"--db: {err}") from err
