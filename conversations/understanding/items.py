"""Several tasks in one message: lines, bullets, and lists with commas.

The rule for "and": it separates items only where commas already made a list
("eggs, flour and butter" is three) or where the message announced how many
("two things: call mom and pay rent"). Without a comma "and" stays inside the
title, so "research and write the report" is one task, and so is "buy milk
and eggs" (say "milk, eggs" or put them on two lines for two).
"""

import re
from typing import Final

BULLET: Final = re.compile(r"^\s*(?:[-*+•·‣◦▪]|\d{1,2}[.)]|\[\s?\]|\(\d{1,2}\))\s*")
HEADER: Final = re.compile(
    r"^(?P<lead>.*?)\b(?P<count>two|three|four|five|six|seven|eight|nine|ten|\d{1,2}|a few|some|these|the following"
    r"|several|multiple)\s+(?:things|tasks|items|todos|to-dos)\s*(?::|-)\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
ANNOUNCED: Final = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
LAST_AND: Final = re.compile(r",?\s+(?:and|&|plus)\s+(?=[^,;]+$)", re.IGNORECASE)


class EmptyItem(ValueError):
    """A list with a hole in it ("milk, , eggs"): said back, nothing added."""


def _split_commas(text: str, *, force_and: bool) -> list[str]:
    if "," in text or ";" in text or force_and:
        text = LAST_AND.sub(", ", text, count=1)
    return [part.strip() for part in re.split(r"[,;]", text)]


def split(text: str) -> tuple[str, list[str]]:
    """The lead-in (e.g. "add") and the items of ``text``; one item when it is not a list.

    Raises EmptyItem when an item of an explicit list is empty.
    """
    lines = [line for line in text.split("\n") if line.strip()]
    lead = ""
    if len(lines) > 1:
        first = lines[0].rstrip()
        if first.endswith(":"):  # "Shopping:" above the list
            lead, lines = first.rstrip(":").strip(), lines[1:]
        items = [BULLET.sub("", line, count=1).strip() for line in lines]
        return lead, [item for item in items if item]
    line = lines[0] if lines else ""
    if header := HEADER.match(line):
        count = ANNOUNCED.get(header["count"].lower()) or (int(header["count"]) if header["count"].isdigit() else 0)
        items = _split_commas(header["rest"], force_and=True)
        if any(not item for item in items):
            raise EmptyItem(header["rest"])
        if count and len(items) != count and len(items) == 1:
            items = [header["rest"].strip()]
        return header["lead"].strip(), items
    lead_match = re.match(r"^(?P<lead>[^:]{1,40}):\s*(?P<rest>.+)$", line)
    body = lead_match["rest"] if lead_match and ("," in lead_match["rest"] or ";" in lead_match["rest"]) else line
    if "," not in body and ";" not in body:
        return "", [line]
    items = _split_commas(body, force_and=False)
    if any(not item for item in items):
        raise EmptyItem(body)
    return (lead_match["lead"].strip() if body is not line and lead_match else ""), items
