"""docs/configuration.md stays true: it names every setting the code reads."""

from __future__ import annotations

from pathlib import Path

from core.settings import Settings

DOC = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


def test_every_setting_is_documented() -> None:
    text = DOC.read_text()
    missing = [
        f"ORBIT_{name.upper()}"
        for name in Settings.model_fields
        if f"`ORBIT_{name.upper()}`" not in text
    ]
    assert missing == [], f"document these in docs/configuration.md: {missing}"
