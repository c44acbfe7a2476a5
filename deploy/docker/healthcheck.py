"""Container health probe: exit 0 when the URL answers 2xx within the timeout, else 1.

Slim images carry no curl; this uses only the standard library.
Usage: python /opt/suite/healthcheck.py http://127.0.0.1:8001/readyz [timeout_seconds]
"""

import sys
import urllib.error
import urllib.request


def probe(url: str, timeout: float) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return 200 <= response.status < 300
    except (urllib.error.URLError, OSError, ValueError):
        return False


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: healthcheck.py URL [TIMEOUT]", file=sys.stderr)
        return 2
    timeout = float(argv[2]) if len(argv) > 2 else 3.0
    return 0 if probe(argv[1], timeout) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
