"""Load the sample corpus in claims/demo/ and create the demo desk's logins. Safe to run twice."""

from __future__ import annotations

import json
import secrets
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from claims import roles, services
from claims.models import Article, Conflict, ConflictStatus, Figure, FigureKind, ReviewStatus
from sources.services import citation_create

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"


class Command(BaseCommand):
    help = "Load the sample articles, claims, figures, sources and conflicts; create demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="", help="Password for the demo logins (default: random).")

    def handle(self, *args, password: str, **options):
        manifest = json.loads((DEMO_DIR / "manifest.json").read_text(encoding="utf-8"))
        password = demo_password(password)
        users = [ensure_user(name, password) for name in (roles.EDITOR, roles.REVIEWER)]
        with transaction.atomic():
            loaded, figures = load_manifest(manifest)
            reviewed = review(manifest, figures, reviewer=users[1])
            loaded += load_web_pages()
        self.stdout.write(f"Sample corpus: {loaded} new article(s), {Article.objects.count()} in all; "
                          f"{reviewed} review(s) given by '{roles.REVIEWER}'.")
        self.stdout.write(self.style.SUCCESS(logins(password)))


def demo_password(given: str = "") -> str:
    """The demo logins' password: the one given, else the one kept from the last run (so a second `make demo`
    leaves the logins as they were), else a new one. Kept in FACTCHECK_DEMO_PASSWORD_FILE, readable by its owner
    alone, for serve_demo to print and the next run to reuse."""
    path = Path(settings.FACTCHECK_DEMO_PASSWORD_FILE)
    kept = path.read_text(encoding="utf-8").strip() if path.is_file() else ""
    password = given or kept or secrets.token_urlsafe(9)
    if password != kept:
        path.touch(mode=0o600)
        path.chmod(0o600)  # a file left from before keeps its mode otherwise
        path.write_text(password + "\n", encoding="utf-8")
    return password


def logins(password: str) -> str:
    token, _created = Token.objects.get_or_create(user=get_user_model().objects.get(username=roles.EDITOR))
    return "\n".join([
        _("Log in as '{editor}' or '{reviewer}' with the password: {password}").format(
            editor=roles.EDITOR, reviewer=roles.REVIEWER, password=password),
        _("API token for '{editor}': {token}").format(editor=roles.EDITOR, token=token.key),
    ])


# A news page of ours, as a browser would have saved it, with the address it would have had: its links become the
# citations of its claims and its attributions named sources, as for a page fetched by URL. Its addresses are
# under .example, which the fetcher refuses without asking DNS: the demo never reaches out.
WEB_PAGES = [("web/de-container-lieferungen.html",
              "https://www.weser-kurier.example/politik/munition-fuer-moskau-nordkorea-lieferungen.html")]


def load_web_pages() -> int:
    added = 0
    for name, url in WEB_PAGES:
        html = (DEMO_DIR / name).read_text(encoding="utf-8")
        added += services.article_from_html(html=html, url=url)[1]
    return added


def load_manifest(manifest: dict) -> tuple[int, dict]:
    """Articles, claims, figures, citations and conflicts of the sample; the articles added, and every sample
    figure by (file, claim index, figure index)."""
    figures: dict[tuple[str, int, int], Figure] = {}
    loaded = 0
    for entry in manifest["articles"]:
        existing = Article.objects.filter(url=entry["url"]).first()
        if existing:
            collect_figures(existing, entry, figures)
            continue
        load_article(entry, figures)
        loaded += 1
    for conflict in manifest["conflicts"]:
        pair = figure_pair(figures, conflict)
        if pair and not Conflict.objects.filter(figure_a=pair[0], figure_b=pair[1]).exists():
            services.conflict_create(
                figure_a=pair[0], figure_b=pair[1], kind=conflict["kind"], explanation=conflict["explanation"]
            )
    return loaded, figures


def figure_pair(figures: dict, conflict: dict) -> tuple[Figure, Figure] | None:
    """A sample conflict's two figures in id order, as stored; None if a claim of the pair was deleted since."""
    pair = [figures.get((side["file"], side["claim"], side["figure"])) for side in (conflict["a"], conflict["b"])]
    return None if None in pair else tuple(sorted(pair, key=lambda figure: figure.pk))


def review(manifest: dict, figures: dict, *, reviewer) -> int:
    """The reviewer's verdicts and decisions of the sample, through the workflow; a claim already reviewed and a
    conflict already decided stay as they are."""
    done = 0
    articles = {entry["file"]: Article.objects.get(url=entry["url"]) for entry in manifest["articles"]}
    quotes = {entry["file"]: [spec["quote"] for spec in entry["claims"]] for entry in manifest["articles"]}
    for item in manifest["reviews"]:
        # By its quote, not its place: a claim deleted since would shift the places onto other claims.
        claim = articles[item["file"]].claims.filter(text=quotes[item["file"]][item["claim"]]).first()
        if claim is None or claim.status != ReviewStatus.UNREVIEWED:
            continue
        claim = services.claim_update(claim=claim, user=reviewer, changes={"status": ReviewStatus.IN_REVIEW})
        if item["status"] != ReviewStatus.IN_REVIEW:
            # A verdict with its public page is published as ClaimReview; one without waits for its page.
            services.claim_update(claim=claim, user=reviewer, changes={
                "status": item["status"], "verdict_note": item["note"], "review_url": item.get("page", "")})
        done += 1
    for item in manifest["decisions"]:
        pair = figure_pair(figures, manifest["conflicts"][item["conflict"]])
        conflict = Conflict.objects.filter(figure_a=pair[0], figure_b=pair[1]).first() if pair else None
        if conflict is not None and conflict.status == ConflictStatus.SUGGESTED:
            services.conflict_decide(conflict=conflict, user=reviewer, status=item["status"], note=item["note"])
            done += 1
    return done


def load_article(entry: dict, figures: dict) -> None:
    text = (DEMO_DIR / entry["file"]).read_text(encoding="utf-8")
    article = services.article_create(
        title=entry["title"], text=text, url=entry["url"], publisher=entry["publisher"],
        author=entry["author"], published=date.fromisoformat(entry["published"]), language=entry["language"],
    )
    for index, spec in enumerate(entry["claims"]):
        start = text.index(spec["quote"])
        claim = services.claim_create(
            article=article, start=start, end=start + len(spec["quote"]), speaker=spec["speaker"]
        )
        for number, figure in enumerate(spec["figures"]):
            figures[(entry["file"], index, number)] = create_figure(claim, spec["quote"], figure)
        for citation in spec["citations"]:
            citation_create(claim=claim, check=False, **citation)  # the demo's URLs are fictional


def create_figure(claim, quote: str, spec: dict) -> Figure:
    start = claim.start + quote.index(spec["text"])
    value = spec["value"] if spec["kind"] == FigureKind.DATE else Decimal(str(spec["value"]))
    return services.figure_create(
        claim=claim, start=start, end=start + len(spec["text"]), kind=spec["kind"],
        **Figure.stored_values(spec["kind"], value),
        low=number_or_none(spec["low"]), high=number_or_none(spec["high"]),
        unit=spec["unit"], qualifier=spec["qualifier"], as_of=spec["as_of"],
    )


def collect_figures(article: Article, entry: dict, figures: dict) -> None:
    # Claims by their quote, not their place: one deleted since must not shift the others' figures.
    claims = {claim.text: claim for claim in article.claims.prefetch_related("figures")}
    for index, spec in enumerate(entry["claims"]):
        claim = claims.get(spec["quote"])
        for number, figure in enumerate(sorted(claim.figures.all(), key=lambda f: f.id) if claim else ()):
            figures[(entry["file"], index, number)] = figure


def number_or_none(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def ensure_user(name: str, password: str):
    user, _created = get_user_model().objects.get_or_create(username=name, defaults={"is_staff": True})
    user.is_staff = True
    if not user.check_password(password):
        user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=name))
    return user
