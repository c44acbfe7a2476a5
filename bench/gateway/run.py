"""Benchmark: a cheap authenticated GET (a) straight to the service, (b) through the gateway
with the whole chain on (JWT, scope, rate limit, metrics, JSON access log), (c) through nginx
as a plain reverse proxy. Same machine, same run, rounds interleaved; medians of the rounds.

    .venv/bin/python bench/gateway/run.py [--rounds 3] [--duration 5] [--connections 32]
        [--redis] [--client aiohttp|httpx] [--profile]
        [--extra httpx,redis,uvicorn]   (more gateway variants, same run)

Needs wrk and nginx (Debian packages; installed with apt-get when missing). Prints req/s,
p50 and p99 for each target, the ratios b/a and b/c, and the p50 the gateway adds at half
of (a)'s maximum rate (fixed-rate load). Results also go to bench/results/gateway-*.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from openloop import open_loop  # noqa: E402

PATH = "/v1/cheap"
VARIANTS: dict[str, dict[str, str]] = {
    "uvicorn": {"GATEWAY_SERVER": "uvicorn"},
    "httpx": {"GATEWAY_UPSTREAM_CLIENT": "httpx"},
    "aiohttp": {"GATEWAY_UPSTREAM_CLIENT": "aiohttp"},
    "redis": {},  # GATEWAY_REDIS_URL filled from --redis-url
}


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int


def free_port() -> int:
    for _ in range(500):
        port = random.randint(18000, 18999)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18000-18999")


def ensure_tools() -> None:
    missing = [tool for tool in ("wrk", "nginx") if not shutil.which(tool)]
    if shutil.which("nginx") is None and Path("/usr/sbin/nginx").exists():
        os.environ["PATH"] += ":/usr/sbin"
        missing = [tool for tool in missing if tool != "nginx"]
    if missing:
        print(f"installing {' '.join(missing)} (Debian packages)", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True)
        os.environ["PATH"] += ":/usr/sbin"


def wait_ready(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} not ready")


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, token: str, *, connections: int, seconds: int) -> WrkResult:
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Authorization: Bearer {token}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return WrkResult(rps, p50, p99, int(bad.group(1)) if bad else 0)


class Bench:
    def __init__(self, args: argparse.Namespace, stack: ExitStack) -> None:
        self.args = args
        self.stack = stack
        self.dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="gwbench-")))
        self.ports = {name: free_port() for name in ("upstream", "gateway", "nginx")}
        self.variants = {"b_gateway": {}} | {f"b_{name}": VARIANTS[name] for name in args.extra}
        for name in self.variants:
            self.ports.setdefault(name, free_port())
        self.ports["b_gateway"] = self.ports["gateway"]
        self.env = {
            **os.environ,
            "GATEWAY_DATABASE_URL": f"sqlite:///{self.dir / 'gateway.db'}",
            "GATEWAY_SIGNING_KEY_DIR": str(self.dir / "keys"),
            "GATEWAY_PORT": str(self.ports["gateway"]),
            "GATEWAY_OPS_PORT": str(free_port()),  # each gateway its own operations port
            "GATEWAY_UPSTREAM_OUTFALL": f"http://127.0.0.1:{self.ports['upstream']}",
            "GATEWAY_UPSTREAM_CLIENT": args.client,
            "GATEWAY_SERVER": args.server,
            # a tier high enough never to refuse: the limiter still runs on every request
            "GATEWAY_RATE_TIERS": json.dumps({"standard": {"rate": 1e9, "burst": 10**9}}),
            "GATEWAY_LOG_LEVEL": "INFO",
            "SUITE_BOOTSTRAP_CLIENT_ID": "bench",
            "SUITE_BOOTSTRAP_CLIENT_SECRET": "bench-secret-" + os.urandom(8).hex(),
        }
        if args.redis:
            self.env["GATEWAY_REDIS_URL"] = args.redis_url
        VARIANTS["redis"]["GATEWAY_REDIS_URL"] = args.redis_url
        self.processes: list[subprocess.Popen[bytes]] = []

    def spawn(
        self, command: list[str], log: str, env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        handle = open(self.dir / log, "wb")  # noqa: SIM115
        process = subprocess.Popen(
            command, env={**self.env, **(env or {})}, stdout=handle, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def start(self) -> None:
        python = sys.executable
        # only `migrate` applies migrations; every gateway variant shares this database
        subprocess.run([python, "-m", "gateway", "migrate"], env=self.env, check=True)
        self.gateway = self.spawn([python, "-m", "gateway", "serve"], "gateway.log")
        gateway_url = f"http://127.0.0.1:{self.ports['gateway']}"
        wait_ready(f"{gateway_url}/healthz")
        self.spawn(
            [
                python,
                str(HERE / "upstream.py"),
                str(self.ports["upstream"]),
                f"{gateway_url}/.well-known/jwks.json",
            ],
            "upstream.log",
        )
        wait_ready(f"http://127.0.0.1:{self.ports['upstream']}/readyz")
        conf = (HERE / "nginx.conf.template").read_text()
        for key, value in {
            "run_dir": str(self.dir),
            "upstream_port": str(self.ports["upstream"]),
            "nginx_port": str(self.ports["nginx"]),
        }.items():
            conf = conf.replace("{" + key + "}", value)
        (self.dir / "nginx.conf").write_text(conf)
        self.spawn(["nginx", "-c", str(self.dir / "nginx.conf"), "-p", str(self.dir)], "nginx.log")
        wait_ready(f"http://127.0.0.1:{self.ports['nginx']}/readyz")
        for name, overrides in self.variants.items():
            if name == "b_gateway":
                continue
            port = str(self.ports[name])
            overrides = {**overrides, "GATEWAY_OPS_PORT": str(free_port())}
            self.spawn([python, "-m", "gateway", "serve", "--port", port], f"{name}.log", overrides)
            wait_ready(f"http://127.0.0.1:{port}/healthz")
        self.access_token = self._access_token(gateway_url)
        self.service_token = self._service_token()
        self.urls = {"a_direct": f"http://127.0.0.1:{self.ports['upstream']}{PATH}"}
        self.tokens = {"a_direct": self.service_token}
        for name in self.variants:
            self.urls[name] = f"http://127.0.0.1:{self.ports[name]}/outfall{PATH}"
            self.tokens[name] = self.access_token
        self.urls["c_nginx"] = f"http://127.0.0.1:{self.ports['nginx']}{PATH}"
        self.tokens["c_nginx"] = self.service_token
        for name, url in self.urls.items():  # warm up pools, JWKS caches, route templates
            wrk(url, self.tokens[name], connections=4, seconds=1)

    def _access_token(self, gateway_url: str) -> str:
        response = httpx.post(
            f"{gateway_url}/oauth/token",
            data={"grant_type": "client_credentials", "scope": "outfall:read"},
            auth=("bench", self.env["SUITE_BOOTSTRAP_CLIENT_SECRET"]),
            timeout=30,
        )
        response.raise_for_status()
        return str(response.json()["access_token"])

    def _service_token(self) -> str:
        """What the gateway would send: signed with its key, aud=outfall (valid an hour)."""
        from gateway.keys import KeyStore
        from gateway.tokens import Identity, TokenIssuer

        keys = KeyStore(self.dir / "keys", retention=3600)
        keys.load()
        issuer = TokenIssuer(
            keys, issuer="mudanjiang-gateway", audience="-", access_ttl=3600, service_ttl=3600
        )
        return issuer.service_token(Identity("bench", "outfall:read", ("*",)), "outfall")

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _median(results: list[WrkResult]) -> WrkResult:
    return WrkResult(
        rps=statistics.median(r.rps for r in results),
        p50_ms=statistics.median(r.p50_ms for r in results),
        p99_ms=statistics.median(r.p99_ms for r in results),
        non_2xx=sum(r.non_2xx for r in results),
    )


def profile_gateway(bench: Bench, seconds: int) -> Path | None:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(py_spy).exists():
        print("py-spy not installed: uv pip install py-spy", flush=True)
        return None
    out = ROOT / "bench" / "results" / "gateway-profile.svg"
    out.parent.mkdir(parents=True, exist_ok=True)
    load = subprocess.Popen(
        [
            "wrk",
            "-t1",
            f"-c{bench.args.connections}",
            f"-d{seconds + 2}s",
            "-H",
            f"Authorization: Bearer {bench.access_token}",
            bench.urls["b_gateway"],
        ],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(1)
    subprocess.run(
        [
            py_spy,
            "record",
            "-p",
            str(bench.gateway.pid),
            "-d",
            str(seconds),
            "-o",
            str(out),
            "--nonblocking",
        ],
        check=False,
        capture_output=True,
    )
    load.wait()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--redis", action="store_true", help="rate limits in Redis")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--client", choices=["auto", "aiohttp", "httpx"], default="auto")
    parser.add_argument("--server", choices=["uvicorn"], default="uvicorn")
    parser.add_argument("--profile", action="store_true", help="py-spy flame graph of (b)")
    parser.add_argument(
        "--extra",
        type=lambda text: [v for v in text.split(",") if v],
        default=[],
        help=f"more gateway variants in the same run: {','.join(VARIANTS)}",
    )
    args = parser.parse_args()
    ensure_tools()
    with ExitStack() as stack:
        bench = Bench(args, stack)
        stack.callback(bench.stop)
        bench.start()
        rounds: dict[str, list[WrkResult]] = {name: [] for name in bench.urls}
        names = list(bench.urls)
        for index in range(args.rounds):
            shift = index % len(names)
            order = names[shift:] + names[:shift]  # interleaved, rotated
            for name in order:
                result = wrk(
                    bench.urls[name],
                    bench.tokens[name],
                    connections=args.connections,
                    seconds=args.duration,
                )
                rounds[name].append(result)
                print(
                    f"round {index + 1} {name:10s} {result.rps:9.1f} req/s  "
                    f"p50 {result.p50_ms:7.2f} ms  p99 {result.p99_ms:7.2f} ms",
                    flush=True,
                )
        medians = {name: _median(results) for name, results in rounds.items()}
        half_rate = medians["a_direct"].rps / 2
        fixed = {}
        for name in [n for n in bench.urls if n != "c_nginx"]:
            port = int(bench.urls[name].split(":")[2].split("/")[0])
            path = bench.urls[name].split(str(port), 1)[1]
            fixed[name] = open_loop(
                "127.0.0.1", port, path, bench.tokens[name], rate=half_rate, seconds=args.duration
            )
        profile = profile_gateway(bench, 8) if args.profile else None
    report(args, medians, fixed, half_rate, profile)


def report(
    args: argparse.Namespace,
    medians: dict[str, WrkResult],
    fixed: dict,
    half_rate: float,
    profile: Path | None,
) -> None:
    a, b, c = medians["a_direct"], medians["b_gateway"], medians["c_nginx"]
    added_p50 = fixed["b_gateway"].p50_ms - fixed["a_direct"].p50_ms
    print()
    print(
        f"gateway benchmark: {args.rounds} rounds x {args.duration} s, {args.connections} "
        f"connections, keep-alive, client={args.client}, "
        f"limiter={'redis' if args.redis else 'memory'}, {os.cpu_count()} CPUs"
    )
    print(f"{'target':12s} {'req/s':>9s} {'p50 ms':>8s} {'p99 ms':>8s} {'non-2xx':>8s}")
    for name, result in medians.items():
        print(
            f"{name:12s} {result.rps:9.1f} {result.p50_ms:8.2f} {result.p99_ms:8.2f} "
            f"{result.non_2xx:8d}"
        )
    print(f"b/a throughput = {b.rps / a.rps:.2f}   (target >= 0.5)")
    print(f"b/c throughput = {b.rps / c.rps:.2f}   (target >= 0.6)")
    for name, result in medians.items():
        if name.startswith("b_") and name != "b_gateway":
            print(f"{name}: /a = {result.rps / a.rps:.2f}, /c = {result.rps / c.rps:.2f}")
    print(
        f"at {half_rate:.0f} req/s fixed rate (half of a's max): p50 direct "
        f"{fixed['a_direct'].p50_ms:.2f} ms, through gateway {fixed['b_gateway'].p50_ms:.2f} ms, "
        f"added {added_p50:.2f} ms (target <= 2 ms); errors "
        f"{fixed['a_direct'].errors}/{fixed['b_gateway'].errors}"
    )
    for name, result in fixed.items():
        if name.startswith("b_") and name != "b_gateway":
            added = result.p50_ms - fixed["a_direct"].p50_ms
            print(f"{name} at that rate: p50 {result.p50_ms:.2f} ms, added {added:.2f} ms")
    if profile:
        print(f"profile of (b): {profile}")
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    path = results / f"gateway-{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(
        json.dumps(
            {
                "args": vars(args),
                "medians": {k: asdict(v) for k, v in medians.items()},
                "fixed_rate": {k: asdict(v) for k, v in fixed.items()},
                "ratios": {
                    "b_over_a": b.rps / a.rps,
                    "b_over_c": b.rps / c.rps,
                    "added_p50_ms_at_half_rate": added_p50,
                },
            },
            indent=2,
        )
    )
    print(f"results: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
