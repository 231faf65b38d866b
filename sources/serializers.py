from __future__ import annotations

from rest_framework import serializers

from common.api_input import StrictText

from .models import Outcome, Source, SourceCheck

HEALTH_FIELDS = ["status", "is_dead", "failure_count", "last_checked_at", "last_good_at", "changed_at",
                 "next_check_at", "final_url"]


class SourceSerializer(serializers.ModelSerializer):
    citation_count = serializers.IntegerField(read_only=True)
    figure_gone = serializers.BooleanField(read_only=True, help_text="A citation's figure is no longer on the page.")
    # Read-only fields lose the model's blank=True in DRF, and with it the "" the schema must allow.
    status = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, read_only=True,
                                     help_text="Outcome of the last check; empty until the first.")

    class Meta:
        model = Source
        fields = ["id", "url", "domain", "title", "publisher", "citation_count", *HEALTH_FIELDS, "figure_gone",
                  "created_at", "updated_at"]
        read_only_fields = fields


class SourceCreateSerializer(StrictText, serializers.Serializer):
    url = serializers.CharField(max_length=2000)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    publisher = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SourceCheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = SourceCheck
        fields = ["id", "checked_at", "seconds", "method", "outcome", "detail", "http_status", "redirect_chain",
                  "final_url", "content_type", "content_length", "content_hash", "changed", "retry_after"]
        read_only_fields = fields


class RecheckSerializer(serializers.Serializer):
    queued = serializers.IntegerField(help_text="Sent to a worker now.")
    checking = serializers.IntegerField(help_text="Already being checked: that check stands, none is added.")
    waiting = serializers.IntegerField(help_text="Due now; their host is being checked, they follow once it is free.")
    detail = serializers.CharField(source="__str__", help_text="The same, in words.")
