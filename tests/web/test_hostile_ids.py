"""Console ids are ASCII digits: "²" or "①" pass str.isdigit() but not int()."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize("raw", ["%C2%B2", "%E2%91%A0", "%D9%A3"])
@pytest.mark.parametrize("page", ["cases", "feedback"])
def test_unicode_digits_are_404(agent_client: TestClient, page: str, raw: str) -> None:
    assert agent_client.get(f"/console/{page}/{raw}").status_code == 404
