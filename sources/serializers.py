from __future__ import annotations

from rest_framework import serializers

from .models import Source


class SourceSerializer(serializers.ModelSerializer):
    citation_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Source
        fields = ["id", "url", "domain", "title", "publisher", "citation_count", "created_at", "updated_at"]
        read_only_fields = fields


class SourceCreateSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=2000)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    publisher = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
