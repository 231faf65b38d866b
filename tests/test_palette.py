"""One palette (common/palette.py) for the desk's badges and charts: the stylesheets paint badges only in its
colours, and each map of it names exactly the classes a stylesheet paints. Also: common/ sits below the apps."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from claims.models import ConflictKind, ReviewStatus
from common import palette
from sources.models import Outcome

ROOT = Path(__file__).resolve().parent.parent
STYLESHEETS = sorted([*ROOT.glob("claims/static/claims/*.css"), *ROOT.glob("sources/static/sources/*.css")])
# A badge: a class named so, a claim's number on the article page, or one of health.css's single-class badges.
BADGE = re.compile(r"badge|claim-no|^\.health-[\w-]+$|^\.figure-(?:found|gone|unreadable)$")
BACKGROUND = re.compile(r"background(?:-color)?:\s*(#[0-9a-fA-F]{3,8})\b")
NAMED = {value for name, value in vars(palette).items() if name.isupper() and isinstance(value, str)}


def rules(css: str) -> list[tuple[str, str]]:
    """(selector, declarations) for every selector of every rule, comments left out."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [(selector.strip(), body) for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css)
            for selector in selectors.split(",")]


def badge_colours(pattern: str) -> dict[str, str]:
    """{what the selector names: its background} for the badge selectors matching `pattern` (one group)."""
    found = {}
    for sheet in STYLESHEETS:
        for selector, body in rules(sheet.read_text()):
            match, colour = re.fullmatch(pattern, selector), BACKGROUND.search(body)
            if match and colour:
                found[match.group(1)] = colour.group(1).lower()
    return found


def test_every_badge_colour_of_the_stylesheets_is_in_the_palette():
    strays = [(sheet.name, selector, colour.lower())
              for sheet in STYLESHEETS for selector, body in rules(sheet.read_text()) if BADGE.search(selector)
              for colour in BACKGROUND.findall(body) if colour.lower() not in NAMED]
    assert not strays, f"badge colours not in common/palette.py: {strays}"


def test_the_palette_writes_colours_as_the_stylesheets_do():
    assert all(re.fullmatch("#[0-9a-f]{6}", value) for value in NAMED)


def test_the_status_badges_are_the_dashboards_colours():
    assert badge_colours(r"\.status-badge\.status-(\w+)") == palette.STATUS_COLOURS
    assert badge_colours(r"a\.claim-no\.status-(\w+)") == palette.STATUS_COLOURS
    assert set(palette.STATUS_COLOURS) == {status.value for status in ReviewStatus}


def test_the_health_badges_are_the_dashboards_colours():
    health = badge_colours(r"\.health-(\w+)")
    assert {outcome.value: health.get(outcome.value) for outcome in Outcome} == palette.HEALTH_COLOURS
    assert (health["dead"], health["unchecked"]) == (palette.DARK_RED, palette.NEVER_CHECKED)


def test_the_kind_and_figure_badges_are_the_palettes():
    assert badge_colours(r"\.kind-badge\.kind-(\w+)") == palette.KIND_COLOURS
    assert set(palette.KIND_COLOURS) <= {kind.value for kind in ConflictKind}
    assert badge_colours(r"\.figure-(found|gone|unreadable)") == palette.FIGURE_COLOURS


def test_common_imports_nothing_from_the_apps():
    """common/ is the plumbing below claims and sources: an import of either would make it a cycle."""
    modules = sorted((ROOT / "common").rglob("*.py"))
    imported = [(path.name, name) for path in modules for name in _imports(path)
                if name.split(".")[0] in ("claims", "sources")]
    assert modules and not imported
    assert not (ROOT / "common" / "models.py").exists() and not (ROOT / "common" / "migrations").exists()


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names.append(node.module or "")
    return names
