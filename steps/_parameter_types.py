"""Words in step text that mean something: a person is a capitalised first name.

Loaded first (behave loads step modules in name order), so every module can use them.
"""

import parse
from behave import register_type


@parse.with_pattern(r"[A-Z][a-z]+")
def parse_person(text):
    return text


register_type(Person=parse_person)
