"""Fetching source pages safely: which hosts and addresses the fetcher may reach."""
