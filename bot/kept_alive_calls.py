"""Rasa's HTTP calls to its endpoints (above all the action server) over kept-alive connections.

Why: Rasa 3.6's ``EndpointConfig.request`` opens a new ``aiohttp.ClientSession`` for every
request, so every custom action call builds a session and a connector, opens a new TCP
connection, and closes them again. On our 2-core machine that was 2.4-2.9 ms a call against
1.1 ms over one kept-alive connection, with one to three action calls a chat turn
(docs/performance.md, "Action calls and saves, again (2026-12-02 evening)").
:func:`install` gives each endpoint one session per
event loop (Rasa's own ``EndpointConfig.session()``: the same headers, auth and timeout) and
sends every request as Rasa does: the same URL, parameters, token, compression and TLS
context; the same :class:`ClientResponseError` for an HTTP error; the reply's JSON, or
``None`` when it is not JSON.

A kept-alive connection goes stale when the action server restarts (a deploy, a crash and
its restart): the new server never saw the request, yet the old socket answers with a
disconnect. Such a request is sent once more on a new connection, the way Rasa sends every
request; a refused connection is not retried (the server is away, and Rasa reports it as
before). Only a server that died after reading a request *and* was back within the same
instant could see it twice. The client closes idle connections after 15 s (aiohttp's
default), before rasa_sdk's server does (120 s), so an idle pool does not go stale on its
own. The sessions are closed when the Rasa server stops.
"""

from __future__ import annotations

import asyncio
import os
import ssl
from typing import Any

SESSION_ATTRIBUTE = "_closedloop_session"  # (event loop, session) held on an EndpointConfig
_sessions: list[tuple[Any, Any]] = []  # (event loop, session): closed when the server stops


def _session(endpoint: Any) -> Any:
    """The endpoint's session for the running event loop, opened on first use."""
    loop = asyncio.get_running_loop()
    held = getattr(endpoint, SESSION_ATTRIBUTE, None)
    if held is not None and held[0] is loop and not held[1].closed:
        return held[1]
    session = endpoint.session()
    setattr(endpoint, SESSION_ATTRIBUTE, (loop, session))
    _sessions.append((loop, session))
    return session


def _ssl_context(endpoint: Any) -> ssl.SSLContext | None:
    """Rasa's TLS context for an endpoint with its own CA file (``cafile``), else None."""
    from rasa.shared.exceptions import FileNotFoundException

    if not endpoint.cafile:
        return None
    try:
        return ssl.create_default_context(cafile=endpoint.cafile)
    except FileNotFoundError as e:
        raise FileNotFoundException(
            f"Failed to find certificate file, '{os.path.abspath(endpoint.cafile)}' does not exist."
        ) from e


async def _send(session: Any, method: str, url: str, **kwargs: Any) -> Any:
    """One request as Rasa sends it: its JSON reply, ``None`` if not JSON, an error if >= 400."""
    from aiohttp.client_exceptions import ContentTypeError
    from rasa.utils.endpoints import ClientResponseError

    async with session.request(method, url, **kwargs) as response:
        if response.status >= 400:
            raise ClientResponseError(
                response.status, response.reason, await response.content.read()
            )
        try:
            return await response.json()
        except ContentTypeError:
            return None


async def request(
    self: Any,
    method: str = "post",
    subpath: str | None = None,
    content_type: str | None = "application/json",
    compress: bool = False,
    **kwargs: Any,
) -> Any:
    """``EndpointConfig.request`` over the endpoint's kept-alive session (module docstring)."""
    import aiohttp
    from rasa.utils.endpoints import concat_url

    headers = {"Content-Type": content_type} if content_type else {}
    headers.update(kwargs.pop("headers", None) or {})
    if self.headers:
        headers.update(self.headers)
    url = concat_url(self.url, subpath)
    params = self.combine_parameters(kwargs)
    options = dict(kwargs, headers=headers, params=params, compress=compress)
    options["ssl"] = _ssl_context(self)
    try:
        return await _send(_session(self), method, url, **options)
    except aiohttp.ClientConnectorError:
        raise  # no connection could be opened: nothing was sent, and a retry would not help
    except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError):
        # A stale kept-alive connection: once more on a new one, as Rasa would have sent it.
        async with self.session() as session:
            return await _send(session, method, url, **options)


async def close_sessions() -> None:
    """Close the sessions opened on the running event loop (the server is stopping)."""
    loop = asyncio.get_running_loop()
    for held in [held for held in _sessions if held[0] is loop]:
        _sessions.remove(held)
        await held[1].close()


def install() -> None:
    """Send Rasa's endpoint requests over kept-alive sessions, closed when the server stops."""
    from rasa.core import run
    from rasa.utils.endpoints import EndpointConfig

    if getattr(run.close_resources, "closes_kept_alive_sessions", False):
        return
    rasa_close_resources = run.close_resources

    async def close_resources(app: Any, loop: Any) -> None:
        await rasa_close_resources(app, loop)
        await close_sessions()

    close_resources.closes_kept_alive_sessions = True  # type: ignore[attr-defined]
    run.close_resources = close_resources  # type: ignore[assignment]
    EndpointConfig.request = request  # type: ignore[method-assign]
