"""Development aid: start the suite under test and keep it up until SIGTERM.

`python tests/reliability/relkit/devsuite.py /tmp/x/info.json` then run the tests with
`RELIABILITY_ATTACH=/tmp/x/info.json` to iterate without starting six processes each time.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from relkit.harness import start_suite


def main(info_file: Path) -> None:
    on_stop: list = []
    stopping = {"flag": False}
    signal.signal(signal.SIGTERM, lambda *_: stopping.update(flag=True))
    try:
        sut = start_suite(info_file.parent / "data", on_stop)
        suite = sut.suite
        info = {
            "data_dir": str(suite.data_dir),
            "base_port": suite.base_port,
            "client_id": suite.client_id,
            "client_secret": suite.client_secret,
            "database_urls": dict(suite.database_urls),
        }
        info_file.write_text(json.dumps(info))
        print("ready", sut.gateway_url, flush=True)
        while not stopping["flag"]:
            time.sleep(0.5)
    finally:
        for stop in on_stop:
            stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
