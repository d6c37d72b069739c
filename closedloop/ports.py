"""Free TCP ports for servers started side by side, by the tests and the benchmarks.

Picked below the ports the kernel gives outgoing connections: a port found by binding to 0
comes from that range, and a client connection (Rasa's to PostgreSQL, a health check) may
take it before the server binds it; a second Rasa server once failed to start so ("address
already in use"). ``closedloop run`` itself serves on the configured ports.
"""

from __future__ import annotations

import random
import socket
from pathlib import Path
from typing import Final

_PORTS_FROM: Final = 10_000
_handed_out: set[int] = set()


def _outgoing_ports_start() -> int:
    """The first port the kernel gives outgoing connections (Linux's default 32768)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_ports(count: int) -> int:
    """The first of ``count`` consecutive ports on 127.0.0.1 that are free right now
    (production mode runs Rasa servers on consecutive ports); never the same port twice in
    one process."""
    end = _outgoing_ports_start() - count
    for _ in range(1_000):
        first = random.randrange(_PORTS_FROM, end)
        ports = range(first, first + count)
        if _handed_out.isdisjoint(ports) and all(_bindable(port) for port in ports):
            _handed_out.update(ports)
            return first
    raise RuntimeError(f"no {count} consecutive free ports under {end + count}")


def free_port() -> int:
    """A port on 127.0.0.1 that is free right now (:func:`free_ports`)."""
    return free_ports(1)
