"""Words in step text that mean something: a person is a capitalised first name; a duration is
"1 second", "2 seconds" or "500 milliseconds" (the promise's numbers, as a product owner reads them).

Loaded first (behave loads step modules in name order), so every module can use them.
"""

import parse
from behave import register_type

from journeys.rules.promises import seconds_in


@parse.with_pattern(r"[A-Z][a-z]+")
def parse_person(text):
    return text


@parse.with_pattern(r"\d+(?:\.\d+)? (?:seconds?|milliseconds?)")
def parse_duration(text):
    return seconds_in(text)


register_type(Person=parse_person, Duration=parse_duration)
