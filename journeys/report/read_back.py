"""Reading a run's own report files back: the attachments of a name in its Allure results, and
JUnit test cases picked by their scenario. One home for the loops the summary, the quality rates,
the skip reasons, the rates and the flaky marks all need."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def attachments_named(allure: Path, name: str) -> Iterator[tuple[dict, Path]]:
    """(result, the attachment's file) for each attachment called ``name`` in ``allure``'s results,
    on the scenario or any of its steps; unreadable results and missing files are passed over."""
    for path in sorted(allure.glob("*-result.json")) if allure.is_dir() else ():
        try:
            result = json.loads(path.read_text())
        except ValueError:
            continue
        for attachment in _attachments(result):
            source = allure / attachment.get("source", "")
            if attachment.get("name") == name and source.is_file():
                yield result, source


def update_cases(folder: Path, by_scenario: dict[tuple[str, str], T],
                 change: Callable[[ElementTree.Element, T], bool]) -> None:
    """``change(case, value)`` for each JUnit test case in ``folder`` whose scenario ``by_scenario``
    names ((feature name, scenario name) -> value); a file is written back only when it changed."""
    if not by_scenario or not folder.is_dir():
        return
    for path in folder.glob("*.xml"):
        tree = ElementTree.parse(path)
        changed = False
        for case in tree.iter("testcase"):
            found = next((value for (feature, scenario), value in by_scenario.items()
                          if scenario == case.get("name") and case.get("classname", "").endswith(feature)),
                         None)
            if found is not None and change(case, found):
                changed = True
        if changed:
            tree.write(path, encoding="utf-8", xml_declaration=True)


def _attachments(node: dict) -> Iterator[dict]:
    yield from node.get("attachments", [])
    for step in node.get("steps", []):
        yield from _attachments(step)
