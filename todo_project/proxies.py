"""Which address a request came from: ``X-Forwarded-For`` is believed only from a configured proxy.

``TODO_TRUSTED_PROXIES`` (comma-separated addresses or networks, default none)
is the one setting. The server applies it before the app sees a request:
gunicorn through ``gunicorn.conf.py``, ``make run``'s uvicorn and ``runmcp
--transport http`` through ``forwarded_allow_ips``. They rewrite the ASGI
``client`` to the first untrusted address from the right of the header only
when the connection comes from a trusted proxy; from anyone else the header is
ignored. Everything that counts or logs an address reads that ``client``
(``REMOTE_ADDR`` in Django): the sign-in, token and registration limits, the
MCP failed-token limit and the request log. DRF is told to ignore the header
itself (``NUM_PROXIES = 0``).

No Django here: ``gunicorn.conf.py`` imports this before any settings exist.
"""

import ipaddress
import os
from typing import Final

SETTING: Final = "TODO_TRUSTED_PROXIES"


def trusted_proxies(value: str | None = None) -> list[str]:
    """The configured proxies (``value``, else the environment's), each checked to be an address or network.

    Raises ``ValueError`` naming the setting and the entry that is neither.
    """
    raw = os.environ.get(SETTING, "") if value is None else value
    proxies = [entry.strip() for entry in raw.split(",") if entry.strip()]
    for entry in proxies:
        try:
            ipaddress.ip_network(entry)
        except ValueError:
            raise ValueError(
                f'{SETTING}: "{entry}" is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24).'
            ) from None
    return proxies
