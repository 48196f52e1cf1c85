"""The README's figures are the script's, its two commands come first, and it links nothing outside."""

import re
from pathlib import Path

from journeys.run.readme_figures import README, readme_block, render, scenarios_by_feature

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_figures_are_what_the_script_computes():
    block = readme_block(README.read_text())
    assert block is not None, "README.md lost its figures block"
    assert block == render(), ("README.md's figures differ from the feature files or "
                               "bench/readme-timings.json: run .venv/bin/python scripts/readme_figures.py --write")


def test_the_count_follows_the_feature_files(tmp_path):
    (tmp_path / "a.feature").write_text(
        "Feature: A\n  Scenario: one\n    Given x\n  Rule: r\n    @local-only\n"
        "    Scenario Outline: <n>\n      Given x\n      Examples: names\n        | n |\n"
        "        | two |\n        | three |\n")
    assert sum(len(s) for s in scenarios_by_feature(tmp_path).values()) == 3
    text = render(tmp_path, {"journeys": {"seconds": 75.4, "measured_at": "2026-11-29",
                                          "machine": "2 cores"}})
    assert "**3 journeys** in 1 feature (2 of them need the suite's own platform, 0 are slow)" in text
    assert "`python3 tasks.py journeys`: 1 min 15 s here, measured 2026-11-29 on 2 cores" in text
    assert "`python3 tasks.py tests`: not measured on this machine yet" in text


def test_title_paragraph_then_the_two_commands_first():
    text = README.read_text()
    assert text.startswith("# "), "the README starts with its title"
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    assert blocks[:2] == ["python3 tasks.py journeys\n", "python3 tasks.py tests\n"]
    before = text[:text.index("```sh")]
    assert before.count("\n\n") <= 2, "only a title and one paragraph come before the two commands"


def test_the_readme_and_docs_link_nothing_outside_the_repository():
    for path in [README, ROOT / "features" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        assert not re.search(r"(?<!\.)\.\./", path.read_text()), \
            f"{path.relative_to(ROOT)} points outside the repository"
