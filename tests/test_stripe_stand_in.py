"""The Stripe stand-in every test stack runs (localstripe) starts on its own, whatever
another stack's instance left in the data file all instances share: two pytest-xdist workers
starting their stacks at once once crashed one of them on a half-written file."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.support.stack import LOCALSTRIPE, free_port, localstripe_args, wait_listening

SHARED_DATA_FILE = Path("/tmp/localstripe.pickle")  # localstripe's own, fixed path


def test_a_stacks_localstripe_starts_whatever_the_shared_data_file_holds(tmp_path: Path) -> None:
    SHARED_DATA_FILE.write_bytes(b"")  # as another instance leaves it in the middle of a write
    port = free_port()
    log = tmp_path / "localstripe.log"
    with log.open("ab") as output:
        process = subprocess.Popen(
            [LOCALSTRIPE, *localstripe_args(port)], stdout=output, stderr=subprocess.STDOUT
        )
    try:
        wait_listening(port, process, log, timeout=30)
    finally:
        process.terminate()
        process.wait(timeout=10)
