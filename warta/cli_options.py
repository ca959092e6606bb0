"""Command-line parameter types shared by the commands."""

from __future__ import annotations

from typing import Any

import click


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
