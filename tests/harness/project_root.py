"""Where the project lives, for every test helper (the tests' one home for it)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
