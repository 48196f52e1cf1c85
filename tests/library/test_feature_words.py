"""The feature files speak the product's language: no word from the list in features/README.md.

The list lives in ``features/README.md`` ("Words kept out of the features"), so the people who
write features read it where they read the tags; this test parses it from there and checks every
line of every feature file, comments included (a secret's name has no place even there).
"""

import re

from project_root import ROOT, feature_files

FEATURES = ROOT / "features"
HEADING = "## Words kept out of the features"


def kept_out_words(readme: str) -> list[str]:
    """The backticked list items under the heading, up to the next heading."""
    section = readme.split(HEADING, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^- `([^`]+)`", section, re.MULTILINE)


def pattern_for(word: str) -> re.Pattern:
    """Whole word or phrase, any case; a capitalised name with ``_`` also matches names it begins."""
    tail = r"\w*" if "_" in word and word.isupper() else r"(?![\w])"
    return re.compile(r"(?<![\w])" + r"\s+".join(map(re.escape, word.split())) + tail, re.IGNORECASE)


def jargon_in(text: str, words: list[str]) -> list[tuple[int, str, str]]:
    """(line number, word, line) for every listed word found."""
    patterns = [(word, pattern_for(word)) for word in words]
    return [(number, word, line.strip()) for number, line in enumerate(text.splitlines(), 1)
            for word, pattern in patterns if pattern.search(line)]


def test_the_list_is_there_and_holds_the_issues_words():
    words = kept_out_words((FEATURES / "README.md").read_text())
    for word in ("run", "frame", "connection", "refresh pass", "service directory", "tool servers",
                 "reference platform", "JWT_SECRET"):
        assert word in words, f"features/README.md's list of words kept out lacks {word!r}"


def test_the_lint_finds_a_word_and_leaves_longer_words_alone():
    words = ["run", "connection", "refresh pass", "JWT_SECRET"]
    text = ("Then Sam sees the assistant run a tool\nAnd Ava's pass runs out\n"
            "# needs JWT_SECRET_KEY\nWhen the Refresh  Pass is used\nAnd Mia is connected")
    assert [(n, w) for n, w, _ in jargon_in(text, words)] == [(1, "run"), (3, "JWT_SECRET"),
                                                               (4, "refresh pass")]


def test_no_feature_file_uses_a_word_kept_out():
    words = kept_out_words((FEATURES / "README.md").read_text())
    found = [f"{path.name}:{number}: {word!r} in: {line}"
             for path in feature_files()
             for number, word, line in jargon_in(path.read_text(), words)]
    assert not found, ("features use words kept out of them (features/README.md, 'Words kept out "
                       "of the features': use the product's own word):\n" + "\n".join(found))


def test_every_outline_names_its_examples_by_its_title():
    """behave.ini names an Outline's examples by their title alone: the title needs a placeholder
    (or each example would carry the same name) and each Examples table a name of its own."""
    problems = []
    for path in feature_files():
        lines = path.read_text().splitlines()
        for number, line in enumerate(lines, 1):
            text = line.strip()
            if text.startswith(("Scenario Outline:", "Scenario Template:")) and "<" not in text:
                problems.append(f"{path.name}:{number}: the title names no placeholder: {text}")
            if text in ("Examples:", "Scenarios:"):
                problems.append(f"{path.name}:{number}: Examples without a name")
    assert not problems, "\n".join(problems)
    assert "scenario_outline_annotation_schema = {name}" in (FEATURES.parent / "behave.ini").read_text()
