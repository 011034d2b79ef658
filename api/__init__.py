"""The REST API (``/api/v1/``): an organization's assessments, results, benchmarks, answers and history; a
consultancy's clients and workshops; question banks for bank editors. Built on Django REST framework with an
OpenAPI 3 schema from drf-spectacular. It sits above both apps: it imports ``assessments`` and ``reports``,
and neither imports it.

Callers authenticate with an API key (``assessments.models.ApiKey``, ``authentication.py``), see only what
the key's organization or consultancy owns (anything else answers 404), and get every error as
``application/problem+json`` in the language they ask for (``problems.py``)."""
