"""Factories that create rows through the services, so numbering and anchoring are the real ones."""

from __future__ import annotations

import operator
from decimal import Decimal
from functools import reduce

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from claims import roles, services
from claims.models import Article, Claim, Figure

TEXT = (
    "Nach Angaben des Verteidigungsministers lieferte Nordkorea bis zu fünf Millionen "
    "Artilleriegeschosse. US-Beamte zählten fast 7.000 Container. "
    "2023 stieg das Handelsvolumen auf 29 Millionen Dollar."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.django.Password("pw")

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        for name in extracted or ():
            user.groups.add(role_group(name))


def role_group(name: str) -> Group:
    """The role's group as migration claims 0003 makes it. A transactional test's flush empties every table and
    Django then makes the permissions again, not the groups a migration wrote: made again here when missing."""
    group, created = Group.objects.get_or_create(name=name)
    if created:
        wanted = [code.split(".") for code in roles.ROLES[name]]
        group.permissions.set(Permission.objects.filter(
            reduce(operator.or_, (Q(content_type__app_label=app, codename=codename) for app, codename in wanted))))
    return group


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Artikel {n}")
    text = TEXT
    publisher = "Nachrichten Beispiel"
    language = "de"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.article_create(**kwargs)


class ClaimFactory(factory.django.DjangoModelFactory):
    """Defaults to the first sentence of TEXT."""

    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    start = 0
    end = factory.LazyAttribute(lambda o: o.article.text.index(".") + 1)
    speaker = ""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.claim_create(**kwargs)


def claim_at(article: Article, quote: str, **kwargs) -> Claim:
    start = article.text.index(quote)
    return services.claim_create(article=article, start=start, end=start + len(quote), **kwargs)


def figure_at(claim: Claim, text: str, *, value=None, **kwargs) -> Figure:
    start = claim.article.text.index(text, claim.start)
    kind = kwargs.pop("kind", "date" if isinstance(value, str) else "count")
    fields = {"date_value": value} if kind == "date" else {"value": Decimal(str(value))}
    return services.figure_create(claim=claim, start=start, end=start + len(text), kind=kind, **fields, **kwargs)
