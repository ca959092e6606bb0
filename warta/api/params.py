"""Query parameters of the event listing, shared by the REST API and the event table page.

Parameters are taken as strings so that an HTML form's empty fields mean "any".
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from warta.store.queries import MAX_LIMIT, MAX_OFFSET, SORTS, EventQuery

_CODE = r"^[A-Za-z0-9]{0,15}$"
_DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def event_query(
    date_from: Annotated[str | None, Query(pattern=_DATE, description=(
        "Earliest event date, YYYY[-MM[-DD]]; month- or year-precision dates overlap"))] = None,
    date_to: Annotated[str | None, Query(pattern=_DATE,
                                         description="Latest event date")] = None,
    actor: Annotated[str | None, Query(pattern=_CODE, description=(
        "Actor code prefix (RUS, USAGOV) or country code, as source or target"))] = None,
    dyad: Annotated[str | None, Query(pattern=r"^([A-Za-z0-9]{1,15},[A-Za-z0-9]{1,15})?$",
                                      description="Two actors, e.g. RUS,USA: either "
                                                  "direction")] = None,
    plover: Annotated[str | None, Query(pattern=r"^[A-Za-z_]{0,20}$",
                                        description="PLOVER root, e.g. THREATEN")] = None,
    quad_class: Annotated[str | None, Query(pattern=r"^[1-4]?$",
                                            description="QuadClass 1-4")] = None,
    language: Annotated[str | None, Query(pattern=r"^[a-z]{0,3}$")] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    party: Annotated[str | None, Query(max_length=200, description=(
        "Attribution party: name (substring) or code"))] = None,
    q: Annotated[str | None, Query(max_length=200, description="Free text")] = None,
    document_id: Annotated[str | None, Query(max_length=64)] = None,
    modality: Annotated[str | None, Query(pattern=r"^[a-z_]{0,20}$", description=(
        "Modality (asserted, negated, denied, intended, ...); not_asserted: negated or "
        "denied"))] = None,
    sort: Annotated[str, Query(pattern="^(" + "|".join(SORTS) + ")$")] = "date",
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "desc",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> EventQuery:
    pair = _blank(dyad)
    return EventQuery(
        date_from=_blank(date_from), date_to=_blank(date_to), actor=_blank(actor),
        dyad=tuple(pair.split(",")) if pair else None,  # type: ignore[arg-type]
        plover=_blank(plover), quad_class=int(quad_class) if _blank(quad_class) else None,
        language=_blank(language), outlet=_blank(outlet), party=_blank(party), q=_blank(q),
        document_id=_blank(document_id), modality=_blank(modality), sort=sort, order=order,
        limit=limit, offset=offset,
    )
