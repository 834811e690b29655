"""Reading docs/guide.md's examples, for the tests that run them as written."""

from __future__ import annotations

import re
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide.md"


def section(title: str) -> str:
    """The text of the guide's ``## title`` section."""
    text = GUIDE.read_text()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end]


def code(title: str, language: str = "python") -> list[str]:
    """The section's code blocks in ``language``, in order."""
    return re.findall(rf"```{language}\n(.*?)```", section(title), re.S)


def run_blocks(title: str, namespace: dict | None = None) -> dict:
    """Runs the section's Python blocks in order in one namespace (a module of its own
    unless given), as a reader pasting them one after another would."""
    if namespace is None:
        namespace = {"__name__": f"guide_{title.split()[0].lower()}"}
    for block in code(title):
        exec(compile(block, f"docs/guide.md ({title})", "exec"), namespace)
    return namespace
