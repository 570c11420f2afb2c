"""Who published a document: the registered domain of its URL.

Independent sources are counted by publisher, so `www.state.gov` and `state.gov`
are one source and `bbc.co.uk` is not `co.uk`. The public-suffix list comes from
`tldextract`'s bundled snapshot; nothing is fetched.

    publisher_of("https://www.whitehouse.gov/briefing-room/...")  # "whitehouse.gov"
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

__all__ = ["publisher_of"]

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=4096)
def _registered(host: str) -> str:
    parts = _EXTRACT(host)
    return parts.top_domain_under_public_suffix or host


def publisher_of(url: str | None) -> str | None:
    """The registered domain of `url` (lower case), or None when it has no host."""
    if not url or "://" not in url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return _registered(host.lower()) if host else None
