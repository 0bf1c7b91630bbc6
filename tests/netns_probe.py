"""Run inside `unshare -rn` by test_origin_guard: serves a script on loopback, with the system's
resolver address answered by a socket that records queries and never replies, then makes
WebSocket handshakes with the given Origin headers; prints what happened as JSON."""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.server import running

ANSWER_SECONDS = 60  # a handshake or health check that takes longer counts as hung


def resolver_address() -> str:
    for line in Path("/etc/resolv.conf").read_text().splitlines():
        if line.startswith("nameserver"):
            return line.split()[1]
    return "127.0.0.53"


def silent_resolver(address: str, queries: list[bytes]) -> None:
    """Receive DNS queries on `address`:53 (UDP and TCP) and never answer them."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    if address != "127.0.0.1" and not address.startswith("127."):
        subprocess.run(["ip", "addr", "add", f"{address}/32", "dev", "lo"], check=True)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind((address, 53))
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.bind((address, 53))
    tcp.listen()

    def on_udp() -> None:
        while True:
            queries.append(udp.recvfrom(4096)[0])

    def on_tcp() -> None:
        while True:
            connection, _ = tcp.accept()
            queries.append(connection.recv(4096))

    threading.Thread(target=on_udp, daemon=True).start()
    threading.Thread(target=on_tcp, daemon=True).start()


def handshake(port: int, origin: str) -> int:
    """The HTTP status the server answers a WebSocket handshake to /_stcore/stream with."""
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\nOrigin: {origin}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=ANSWER_SECONDS) as connection:
        connection.sendall(request.encode())
        return int(connection.recv(4096).split(b" ", 2)[1])


def health(port: int) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=ANSWER_SECONDS) as connection:
        connection.sendall(b"GET /_stcore/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        return int(connection.recv(4096).split(b" ", 2)[1])


def timed(function: object, *args: object) -> tuple[object, float]:
    started = time.monotonic()
    return function(*args), time.monotonic() - started  # type: ignore[operator]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("script")
    parser.add_argument("--origins", nargs="+", required=True)
    parser.add_argument(
        "--first-query-only",
        action="store_true",
        help="stop at the first DNS query (the control: no waiting for timeouts)",
    )
    args, flags = parser.parse_known_args()  # the rest are `streamlit run` flags
    queries: list[bytes] = []
    silent_resolver(resolver_address(), queries)
    log = Path(os.environ["PROBE_LOG"])  # where the server says its port
    command = ["-m", "streamlit", "run", args.script, "--server.fileWatcherType", "none", *flags]
    results = []
    # the pool outlives the server: a handshake left pending ends when the server stops
    with ThreadPoolExecutor(2) as pool, running(command, log, cwd=Path(args.script).parent) as url:
        port = int(url.rsplit(":", 1)[1])
        for origin in args.origins:
            before = len(queries)
            started = time.monotonic()
            pending = pool.submit(handshake, port, origin)
            if args.first_query_only:
                deadline = time.monotonic() + ANSWER_SECONDS
                while len(queries) == before and time.monotonic() < deadline:
                    time.sleep(0.05)
                results.append({"origin": origin, "dns_queries": len(queries) - before})
                break
            # another viewer's request while the handshake is answered: once the server has
            # asked the resolver, or has answered the handshake
            deadline = time.monotonic() + ANSWER_SECONDS
            while len(queries) == before and not pending.done() and time.monotonic() < deadline:
                time.sleep(0.01)
            other = pool.submit(timed, health, port)
            status = pending.result()
            results.append(
                {
                    "origin": origin,
                    "status": status,
                    "seconds": time.monotonic() - started,  # for benchmarks/hostile.py
                    "other_viewer": other.result()[0],
                    "other_seconds": other.result()[1],
                    "dns_queries": len(queries) - before,
                }
            )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
