"""Realistic values chosen by property name: one table, easy to extend.

Names are normalized (lower case, without ``_``, ``-`` and spaces) so ``first_name``,
``firstName`` and ``First-Name`` share a row. A value from here is only a candidate: the
string and number compilers serve it only when it satisfies every constraint.
"""

from __future__ import annotations

import random

from pymockapi.generation import _formats as f
from pymockapi.generation._context import below


def _version(rng: random.Random) -> str:
    return f"{below(rng, 5)}.{below(rng, 21)}.{below(rng, 10)}"


STRING_NAMES: dict[str, f.Maker] = {}
for _kind, _names in {
    "email": "email emailaddress mail",
    "first_name": "firstname givenname forename",
    "last_name": "lastname surname familyname",
    "name": "name fullname displayname realname author owner contactname",
    "username": "username login handle nickname screenname",
    "phone": "phone phonenumber mobile telephone tel cellphone",
    "city": "city town locality",
    "country": "country countryname",
    "country_code": "countrycode",
    "state": "state region province",
    "street": "street streetaddress address address1 addressline1 line1",
    "postcode": "zip zipcode postalcode postcode",
    "company": "company companyname organization organisation employer",
    "currency": "currency currencycode",
    "sentence": "title summary headline subject message comment note caption",
    "paragraph": "description bio about body details biography text",
    "color": "color colour",
    "job": "job jobtitle occupation position role",
    "word": "tag category label kind",
}.items():
    for _name in _names.split():
        STRING_NAMES[_name] = f.pick(_kind)

for _name in [
    "url",
    "website",
    "homepage",
    "avatar",
    "avatarurl",
    "image",
    "imageurl",
    "link",
    "href",
    "photourl",
]:
    STRING_NAMES[_name] = f.uri
for _name in [
    "createdat",
    "updatedat",
    "deletedat",
    "modifiedat",
    "timestamp",
    "publishedat",
    "lastlogin",
]:
    STRING_NAMES[_name] = f.date_time
for _name in ("birthdate", "dateofbirth", "dob", "startdate", "enddate", "duedate"):
    STRING_NAMES[_name] = f.date
STRING_NAMES.update(
    {
        "id": f.uuid_value,
        "uuid": f.uuid_value,
        "guid": f.uuid_value,
        "ip": f.ipv4,
        "ipaddress": f.ipv4,
        "domain": f.pick("domain"),
        "hostname": f.pick("domain"),
        "sha": f.hex_string(40),
        "hash": f.hex_string(40),
        "token": f.hex_string(32),
        "locale": f.pick_from(("en-US", "fr-FR", "de-DE", "ja-JP")),
        "language": f.pick_from(("en", "fr", "de", "es", "ja")),
        "version": f.fixed(_version),
        "password": f.password,
    }
)

NUMBER_NAMES: dict[str, tuple[float, float, int]] = {}
"""Name -> (low, high, decimals) of a plausible range, intersected with the schema bounds."""
for _name in [
    "price",
    "amount",
    "cost",
    "total",
    "subtotal",
    "balance",
    "fee",
    "salary",
    "tax",
    "discount",
]:
    NUMBER_NAMES[_name] = (1.0, 500.0, 2)
for _name in ["id", "userid", "petid", "orderid"]:
    NUMBER_NAMES[_name] = (1, 100_000, 0)
NUMBER_NAMES.update(
    {
        "age": (18, 90, 0),
        "quantity": (1, 20, 0),
        "count": (0, 250, 0),
        "totalcount": (0, 250, 0),
        "year": (1990, 2025, 0),
        "rating": (1, 5, 1),
        "score": (0, 100, 1),
        "latitude": (-90.0, 90.0, 6),
        "lat": (-90.0, 90.0, 6),
        "longitude": (-180.0, 180.0, 6),
        "lng": (-180.0, 180.0, 6),
        "lon": (-180.0, 180.0, 6),
        "port": (1024, 65535, 0),
        "percentage": (0, 100, 1),
        "page": (1, 20, 0),
        "limit": (10, 100, 0),
    }
)


_SEPARATORS = str.maketrans("", "", "_- ")


def normalize(name: str) -> str:
    return name.lower().translate(_SEPARATORS)


def string_maker(name: str) -> f.Maker | None:
    key = normalize(name)
    found = STRING_NAMES.get(key)
    if found is None and len(key) > 3 and key.endswith("url"):
        return f.uri
    if found is None and key.endswith(("email", "emailaddress")):
        return STRING_NAMES["email"]
    if found is None and (name.endswith("_at") or (name[-3:-2].islower() and name.endswith("At"))):
        return f.date_time
    return found


def number_range(name: str) -> tuple[float, float, int] | None:
    key = normalize(name)
    found = NUMBER_NAMES.get(key)
    if found is None and key.endswith("id") and len(key) > 2:
        return NUMBER_NAMES["id"]
    if found is None and key.endswith(("price", "amount", "cost")):
        return NUMBER_NAMES["price"]
    return found


def words(rng: random.Random, pool: tuple[str, ...], count: int) -> str:
    """``count`` words of ``pool`` (the locale's ``word`` pool), separated by spaces."""
    size = len(pool)
    if count == 1:
        return pool[below(rng, size)]
    return " ".join([pool[below(rng, size)] for _ in range(count)])
