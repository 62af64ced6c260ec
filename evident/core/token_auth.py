"""API token sign-in that stops guessing: an address sending wrong tokens is held off (429).

After ``EVIDENT_TOKEN_FAILURE_LIMIT`` wrong tokens from one address within the
lock-out window, every token request from it answers 429 until the window has
passed (or an administrator runs ``evident unlock-api-address ADDRESS``). The
count lives in the cache (Redis when configured), never in the database.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled


def failure_key(address: str) -> str:
    return f"evident:api-token-failures:{address}"


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


class GuardedTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, refused for a while after repeated wrong keys."""

    def authenticate(self, request):
        key = failure_key(client_address(request))
        window = settings.EVIDENT_TOKEN_LOCKOUT_SECONDS
        if cache.get(key, 0) >= settings.EVIDENT_TOKEN_FAILURE_LIMIT:
            raise Throttled(
                wait=window,
                detail="Too many wrong API tokens from this address; wait before trying again.",
            )
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            if not cache.add(key, 1, timeout=window):
                try:
                    cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.add(key, 1, timeout=window)
            raise


def unlock(address: str) -> bool:
    """Forget the wrong tokens counted for ``address``; True if it was counted."""
    return bool(cache.delete(failure_key(address)))
