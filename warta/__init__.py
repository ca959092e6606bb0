"""warta: political event data (PLOVER/CAMEO) from news, read in its own languages."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["Pipeline", "code_text", "code_document", "__version__"]


def __getattr__(name: str) -> Any:
    # Keep `import warta` cheap: the pipeline (and its resources) load on first use.
    if name == "Pipeline":
        from warta.pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)


def code_document(doc: Any) -> Any:
    """Code one `warta.model.Document` with the default pipeline; returns the coded Document."""
    from warta.pipeline import default_pipeline

    return default_pipeline().process(doc)


def code_text(
    text: str,
    lang: str | None = None,
    published: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    *,
    records: bool = True,
) -> list[Any]:
    """Code an article's text into event records (dicts, as in the JSONL output).

    With `records=False` the `warta.model.Event` objects are returned instead. A document that
    cannot be coded (empty, unsupported language) raises `ValueError` with the reason.
    """
    from warta.model import Document
    from warta.pipeline import default_pipeline
    from warta.run import code_run
    from warta.runner import Outcome

    # The same run as every other interface (warta.run), without a store.
    outcomes: list[Outcome] = []
    code_run([Document(raw=text, language_hint=lang, published=published, url=url,
                       outlet=outlet)], process=default_pipeline().process,
             each=outcomes.append)
    [outcome] = outcomes
    if outcome.status != "coded" or outcome.document is None:
        raise ValueError(outcome.skipped.reason if outcome.skipped else "not coded")
    if not records:
        return list(outcome.document.events)
    return outcome.records
