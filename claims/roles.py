"""The desk's roles as permission sets; a data migration turns them into groups."""

from __future__ import annotations

EDITOR = "editor"
REVIEWER = "reviewer"

VIEW_ALL = [
    "claims.view_article", "claims.view_claim", "claims.view_figure", "claims.view_conflict",
    "sources.view_source", "sources.view_citation", "sources.view_sourcecheck", "claims.view_namedsource",
]
EDITOR_PERMISSIONS = VIEW_ALL + [
    "claims.add_article", "claims.change_article",
    "claims.add_claim", "claims.change_claim", "claims.delete_claim",
    "claims.add_figure", "claims.change_figure", "claims.delete_figure",
    "claims.add_conflict", "claims.change_conflict", "claims.change_namedsource",
    "sources.add_source", "sources.change_source",
    "sources.add_citation", "sources.change_citation", "sources.delete_citation",
]
# Reviewers do an editor's work and, alone, decide verdicts and conflicts.
REVIEWER_PERMISSIONS = EDITOR_PERMISSIONS + ["claims.set_verdict", "claims.decide_conflict"]

ROLES = {EDITOR: EDITOR_PERMISSIONS, REVIEWER: REVIEWER_PERMISSIONS}
