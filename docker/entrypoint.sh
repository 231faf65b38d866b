#!/bin/sh
# Entrypoint of the factcheck image (docker/Dockerfile).
# RUN_MIGRATIONS=true applies the migrations before the command starts; only the web service sets it,
# so worker and beat never race it. Strict like the settings: anything but true/1/false/0/empty is an error.
set -eu

case "${RUN_MIGRATIONS:-}" in
    true | 1)
        python manage.py migrate --noinput
        ;;
    false | 0 | "")
        ;;
    *)
        echo "entrypoint: RUN_MIGRATIONS must be true or false, not '${RUN_MIGRATIONS}'" >&2
        exit 64
        ;;
esac

exec "$@"
