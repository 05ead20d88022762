"""Listing a collection: the stored items, filtered and paged, in the documented shape.

The list response is an array of items, or an envelope object with one array property
(``{"data": [...], "total": 2}``) whose count and paging fields are filled in too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pymockapi.crud import _ids, _listing
from pymockapi.crud._bodies import without
from pymockapi.crud._shapes import array_items, envelope, flagged, keyword, properties
from pymockapi.exchange import HttpResponse
from pymockapi.model import Schema

if TYPE_CHECKING:
    from pymockapi.crud.responder import Call

_TOTAL = {"total", "totalcount", "count", "totalitems", "totalresults", "totalelements"}
_PAGING = {
    "limit": "limit",
    "pagesize": "limit",
    "perpage": "limit",
    "offset": "offset",
    "skip": "offset",
    "page": "page",
    "pagenumber": "page",
}
_TOTAL_HEADERS = {"xtotalcount", "totalcount", "xtotal", "xtotalitems"}


def _plain(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def list_items(call: Call) -> HttpResponse | None:
    context = call.context
    if not call.parents_exist():
        return call.not_found()
    decision = context.decide()
    schema = decision.media.schema if decision.media is not None else None
    if schema is None:
        return None
    items_schema = array_items(schema)
    noun = call.resource.shape.rsplit("/", 1)[-1]
    wrapper = None if items_schema is not None else envelope(schema, noun)
    if wrapper is not None:
        items_schema = wrapper[1]
    if items_schema is None:
        return None  # not a list this responder understands: the spec answers
    query = context.validated.query if context.validated is not None else {}
    item_schema = call.resource.item_schema
    names = list(properties(item_schema)) if item_schema is not None else []
    wanted = _listing.filters(context.operation, query, names)
    stored = call.store.list_items(call.session, call.collection)
    matching = [item for item in stored if _listing.matches(item, wanted)]
    bound = keyword(schema if wrapper is None else _array_of(schema, wrapper[0]), "maxItems")
    page = _listing.paginate(
        context.operation, query, matching, bound if isinstance(bound, int) else None
    )
    hidden = flagged(items_schema, "writeOnly")
    fitted = [
        call.conformance.fit(
            without(item, hidden), items_schema, call.seed(_key(call, item, index)), {}
        )
        for index, item in enumerate(page.items)
    ]
    if wrapper is None:  # minItems, uniqueItems...: the list as a whole must fit too
        value: Any = call.conformance.fit(fitted, schema, call.seed("#list"), {})
    else:
        value = _wrap(call, schema, wrapper[0], fitted, page)
    response = context.render(decision, value=value)
    for header in decision.response.headers:
        if _plain(header.name) in _TOTAL_HEADERS:
            response.set_header(header.name, str(page.total))
    return response


def _array_of(schema: Schema, name: str) -> Schema:
    return properties(schema)[name]


def _key(call: Call, item: Any, index: int) -> str:
    id_property = call.resource.id_property
    found = _ids.key_of(item.get(id_property)) if isinstance(item, dict) and id_property else None
    return found if found is not None else f"@{index}"


def _wrap(call: Call, schema: Schema, name: str, items: list[Any], page: _listing.Page) -> Any:
    generated = call.conformance.generate(schema, call.seed("#list"), call.context.path_params)
    value = dict(generated) if isinstance(generated, dict) else {}
    value[name] = items
    numbers = {"limit": page.limit, "offset": page.offset, "page": page.page}
    for field in properties(schema):
        plain = _plain(field)
        if plain in _TOTAL:
            value[field] = page.total
        elif plain in _PAGING and numbers[_PAGING[plain]] is not None:
            value[field] = numbers[_PAGING[plain]]
        elif plain in ("hasmore", "hasnext") and field in value:
            value[field] = page.offset + len(items) < page.total
    return call.conformance.fit(value, schema, call.seed("#list"), call.context.path_params)
