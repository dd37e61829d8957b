"""`platform/` is the source root, not a package: `import platform` must stay the standard
library's module, which asyncpg, redis, uvicorn and others import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.support.stack import REPO

PROBE = """
import json, platform, asyncpg, redis, uvicorn
import tenants, identity, core
print(json.dumps({"file": platform.__file__, "version": platform.python_version(),
                  "has_system": callable(platform.system)}))
"""


def test_import_platform_is_the_standard_library_module() -> None:
    # The way the project runs its code: repo root on the path (python -m, pytest, CLIs)
    # and platform/ on it as the source root.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "platform")])}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    stdlib = Path(sysconfig.get_paths()["stdlib"]).resolve()
    assert Path(found["file"]).resolve().parent == stdlib
    assert found["version"] == ".".join(map(str, sys.version_info[:3]))
    assert found["has_system"] is True


def test_platform_has_no_package_marker() -> None:
    assert not (REPO / "platform" / "__init__.py").exists()
    assert (REPO / "platform" / "core" / "__init__.py").exists()
