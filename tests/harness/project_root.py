"""Where the project lives, for every test helper (the tests' one home for it)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def feature_files() -> list[Path]:
    """The catalogue's feature files, never none: a check over none of them would pass unseen."""
    found = sorted((ROOT / "features").glob("*.feature"))
    assert found, f"no feature file in {ROOT / 'features'}: a check of every feature would check nothing"
    return found
