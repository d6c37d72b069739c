"""closedloop/ports.py: ports for servers started side by side in tests and benchmarks."""

from __future__ import annotations

import socket

import pytest

from closedloop import ports
from closedloop.ports import _outgoing_ports_start, free_port, free_ports


def test_ports_are_below_the_kernels_outgoing_range_and_bindable() -> None:
    first = free_ports(3)
    assert 10_000 <= first and first + 3 <= _outgoing_ports_start()
    for port in range(first, first + 3):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))


def test_a_port_is_never_handed_out_twice() -> None:
    handed = [free_port() for _ in range(200)] + [free_ports(2), free_ports(2) + 1]
    assert len(set(handed)) == len(handed)


def test_a_port_in_use_is_passed_over(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        taken = held.getsockname()[1]
        held.listen()
        tried = iter([taken, taken, 20_000])
        monkeypatch.setattr(ports.random, "randrange", lambda *_: next(tried))
        monkeypatch.setattr(ports, "_outgoing_ports_start", lambda: 65_000)
        monkeypatch.setattr(ports, "_handed_out", set())
        assert free_port() == 20_000
