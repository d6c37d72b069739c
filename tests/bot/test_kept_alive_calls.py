"""bot/kept_alive_calls.py: Rasa's endpoint requests over one kept-alive connection.

Each request must come back as Rasa 3.6's own ``EndpointConfig.request`` returns it (the
reply's JSON, ``None`` for a reply that is not JSON, the same error for an HTTP error or a
server that is away) while the server sees one connection instead of one per request; a
connection the server dropped is replaced without the caller noticing. Run in Rasa's
virtualenv against an HTTP server in the same script; the served bot goes through it in the
end-to-end tests (``closedloop run`` starts Rasa with ``python -m bot.rasa_run``).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import run_in_rasa

SCRIPT = """
import asyncio, json, sys
from aiohttp import web
import aiohttp
from rasa.utils.endpoints import EndpointConfig
from bot import kept_alive_calls

connections = set()
drop_next = []

async def webhook(request):
    connections.add(id(request.transport))
    if drop_next:
        drop_next.clear()
        request.transport.close()  # the connection dropped under the request, no reply
        return web.Response()
    body = await request.json()
    return web.json_response({
        "body": body,
        "query": dict(request.query),
        "header": request.headers.get("X-Shop"),
        "type": request.headers.get("Content-Type"),
    })

async def text(request):
    connections.add(id(request.transport))
    return web.Response(text="plain")

async def missing(request):
    connections.add(id(request.transport))
    return web.Response(status=404, text="no such action")

async def outcome(endpoint, **kwargs):
    try:
        return ["ok", await endpoint.request(**kwargs)]
    except Exception as error:  # the same error, whichever it is
        return ["error", type(error).__name__, getattr(error, "status", None),
                str(getattr(error, "text", ""))]

def shop_endpoint(port):
    return EndpointConfig(
        f"http://127.0.0.1:{port}", params={"shop": "1"}, headers={"X-Shop": "demo"},
        token="secret",
    )

async def calls(endpoint):
    return [
        await outcome(endpoint, json={"next_action": "action_x"}, method="post",
                      subpath="webhook", timeout=5),
        await outcome(endpoint, method="get", subpath="text"),
        await outcome(endpoint, json={}, method="post", subpath="missing"),
    ]

async def main():
    app = web.Application()
    app.router.add_post("/webhook", webhook)
    app.router.add_get("/text", text)
    app.router.add_post("/missing", missing)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]

    before = await calls(shop_endpoint(port))
    connections_before = len(connections)
    connections.clear()
    kept_alive_calls.install()
    kept_alive_calls.install()  # twice, as a test run and the server may: installed once
    endpoint = shop_endpoint(port)  # Rasa makes each endpoint once, at start
    after = await calls(endpoint) + await calls(endpoint)
    connections_after = len(connections)

    endpoint = EndpointConfig(f"http://127.0.0.1:{port}")
    first = await outcome(endpoint, json={"n": 1}, subpath="webhook")
    drop_next.append(True)
    dropped = await outcome(endpoint, json={"n": 2}, subpath="webhook")
    session = getattr(endpoint, kept_alive_calls.SESSION_ATTRIBUTE)[1]
    await runner.cleanup()
    away = await outcome(endpoint, json={"n": 3}, subpath="webhook")
    await kept_alive_calls.close_sessions()
    print(json.dumps({
        "before": before, "after": after,
        "connections_before": connections_before, "connections_after": connections_after,
        "first": first, "dropped": dropped, "away": away, "closed": session.closed,
    }))

asyncio.run(main())
"""


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    """The script's run: Rasa's requests, then the same requests through the module."""
    outcome: dict[str, Any] = run_in_rasa(SCRIPT, None)
    return outcome


def test_requests_answer_as_rasa_answers_them_over_one_connection(result: dict[str, Any]) -> None:

    assert result["after"] == result["before"] * 2
    reply, text, missing = result["before"]
    assert reply == [
        "ok",
        {
            "body": {"next_action": "action_x"},
            "query": {"shop": "1", "token": "secret"},
            "header": "demo",
            "type": "application/json",
        },
    ]
    assert text == ["ok", None]
    assert missing == ["error", "ClientResponseError", 404, "b'no such action'"]
    assert result["connections_before"] == 3  # Rasa's own: a connection per request
    assert result["connections_after"] == 1  # six requests, one connection


def test_a_dropped_connection_is_replaced_and_a_server_away_still_fails(
    result: dict[str, Any],
) -> None:
    assert result["first"][1]["body"] == {"n": 1}
    assert result["dropped"][1]["body"] == {"n": 2}  # sent again on a new connection
    assert result["away"][:2] == ["error", "ClientConnectorError"]
    assert result["closed"]
