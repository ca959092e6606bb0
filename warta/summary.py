"""Human-readable output of a run: a table of events per document, and the closing tally."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from warta.mirrors import is_mutual, one_per_mirror
from warta.model import Actor, Document, Event
from warta.runner import Totals

NONE = "—"
SKIPS_LISTED = 20  # beyond this the store's `skipped` table is the place to look
ISSUES_SHOWN = 4  # a glance, not the record: JSONL and the store hold them all


def document_table(doc: Document) -> Table:
    """The document's events at a glance: who did what to whom, when, where, says who."""
    heading = doc.title or doc.origin or doc.id
    details = ", ".join(
        part for part in (
            doc.origin if doc.title else None,
            doc.outlet,
            f"published {doc.published}" if doc.published else None,
            f"language {doc.language}" if doc.language else None,
            f"id {doc.id}",
        ) if part
    )
    table = Table(title=Text(heading, style="bold"), caption=Text(details), caption_justify="left",
                  title_justify="left", show_lines=True, expand=False)
    for name, options in (
        ("#", {"justify": "right"}),
        ("PLOVER / CAMEO", {}),
        ("source", {}),
        ("target", {}),
        ("date", {}),
        ("modality", {}),
        ("according to", {}),
        ("place", {}),
        ("issues", {}),
    ):
        table.add_column(name, overflow="fold", **options)
    shown = _without_mirrors(doc.events)
    for number, (event, mutual) in enumerate(shown, start=1):
        table.add_row(str(number), _type(event, mutual), _actor(event.source),
                      _actor(event.target), _date(event), Text(event.modality),
                      _attribution(event), _place(event), _issues(event))
    return table


def _without_mirrors(events: list[Event]) -> list[tuple[Event, bool]]:
    """Each event with whether it stands for both directions (shown as A ↔ B). A document
    coded by this version holds a reciprocal event once (`reciprocal`, warta/mirrors.py); the
    pairing still folds two mirrored records, as an older caller may hand them in."""
    return [(event, folded or (event.reciprocal and event.source is not None
                               and event.target is not None))
            for event, folded in one_per_mirror(events, _mirror_key)]


def _mirror_key(e: Event) -> tuple[int, tuple[int, int, str | None] | None,
                                   tuple[int, int, str | None] | None, bool]:
    return (e.trigger_start, _side(e.source), _side(e.target),
            is_mutual(e.plover, e.reciprocal))


def _side(actor: Actor | None) -> tuple[int, int, str | None] | None:
    return (actor.start, actor.end, actor.code) if actor is not None else None


def print_document(console: Console, doc: Document) -> None:
    if doc.events:
        console.print(document_table(doc))
    else:
        console.print(Text(f"{doc.title or doc.origin}: no events ({doc.id})", style="dim"))
    console.print()


def print_totals(console: Console, totals: Totals, *, list_skipped: bool = True) -> None:
    """One line with the tally, then each skipped input with its reason."""
    console.print(Text(tally(totals), style="bold"))
    if not list_skipped:
        return
    for skipped in totals.skipped[:SKIPS_LISTED]:
        console.print(Text(f"  skipped {skipped.origin}: {skipped.reason}"))
    hidden = len(totals.skipped) - SKIPS_LISTED
    if hidden > 0:
        console.print(Text(f"  ... and {hidden} more (see the `skipped` table with --db)"))
    for origin, message in totals.warnings[:SKIPS_LISTED]:
        console.print(Text(f"  warning {origin}: {message}"))
    hidden = len(totals.warnings) - SKIPS_LISTED
    if hidden > 0:
        console.print(Text(f"  ... and {hidden} more (see the `warnings` table with --db)"))


def tally(totals: Totals) -> str:
    text = (
        f"{_count(totals.coded, 'document')} coded, {_count(totals.events, 'event')}, "
        f"{len(totals.skipped)} skipped, {totals.already} already coded"
    )
    if totals.warnings:
        text += f"; {_count(len(totals.warnings), 'metadata warning')}"
    return text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _type(event: Event, mutual: bool = False) -> Text:
    text = Text(event.plover, style="bold")
    text.append(f" / {event.cameo}")
    if mutual:
        text.append("\nboth directions (↔)", style="dim")
    return text


def _actor(actor: Actor | None) -> Text:
    if actor is None:
        return Text(NONE, style="dim")
    # An actor that could not be coded is still shown with its text, never dropped.
    text = Text(actor.code or "uncoded", style="bold" if actor.code else "yellow")
    text.append(f"\n{actor.text}", style="dim")
    return text


def _date(event: Event) -> Text:
    date = event.date
    if date is None or date.value is None:
        return Text(NONE, style="dim")
    return Text(f"{date.value}\n({date.precision}, {date.method})")


def _attribution(event: Event) -> Text:
    attribution = event.attribution
    if attribution is None:
        return Text(NONE, style="dim")
    party = attribution.party
    if party is None:
        return Text(attribution.text)
    # A joint statement ("Istana Kremlin dan Gedung Putih") has no single code: name both.
    return Text(f"{party.code or party.name or 'uncoded'}\n{party.text}")


def _issues(event: Event) -> Text:
    if not event.issues:
        return Text(NONE, style="dim")
    shown = ", ".join(event.issues[:ISSUES_SHOWN])
    hidden = len(event.issues) - ISSUES_SHOWN
    return Text(shown + (f" +{hidden} more" if hidden > 0 else ""))


def _place(event: Event) -> Text:
    place = event.place
    if place is None:
        return Text(NONE, style="dim")
    return Text(f"{place.name}" + (f" ({place.country})" if place.country else ""))
