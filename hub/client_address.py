"""The address a request comes from, for the sign-in lockout and every rate limit.

Behind reverse proxies every request reaches the app from the nearest proxy's address, so
that a lockout or a rate limit keyed on it would lock out or throttle everyone at once. Each
proxy appends the address it received the request from to X-Forwarded-For; with
TRUSTED_PROXY_COUNT proxies in front of the app, the client is the entry that many places
from the right: whatever a client writes into the header itself stays to the left of it and
is never believed. With no trusted proxy (the default) the header is ignored altogether.

(django-ipware counts the proxies of a chain without the nearest one, whose address is not
in the header; one setting read the same way by django-axes and django-ratelimit, in the
terms an operator knows, "how many proxies are in front of the app", is easier to get right.)
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's address: REMOTE_ADDR, or the right X-Forwarded-For entry behind proxies."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    if len(hops) < count:
        # Fewer entries than proxies: the request did not come through all of them (or a
        # proxy is misconfigured); only the connection's own address is known for sure.
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
