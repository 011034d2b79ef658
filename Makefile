# The two commands of the README, and a few more for development.
.PHONY: serve serve-production test test-postgres topology lint ci messages

serve:          ## set up on SQLite and serve at http://127.0.0.1:8000 with a demo login
	bash scripts/serve

serve-production:  ## migrate, collect static files, run gunicorn and the task worker (needs DATABASE_URL…)
	bash scripts/serve-production

topology:       ## two gunicorn servers and a worker on a private PostgreSQL, driven across both
	bash scripts/with-postgres .venv/bin/python scripts/topology_check.py

test:           ## install what the tests need and run every test on SQLite
	bash scripts/test

test-postgres:  ## run every test against a private PostgreSQL cluster (needs root for runuser)
	bash scripts/with-postgres .venv/bin/python -m pytest

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/python manage.py makemigrations --check --dry-run

messages:       ## refresh locale/ja/LC_MESSAGES/django.po after changing strings
	.venv/bin/python manage.py makemessages -l ja --ignore .venv --ignore node_modules --no-obsolete

ci:
	bash .ci/run
