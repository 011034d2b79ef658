"""The question-bank editor, in the Django admin.

A bank's page lists its levels and dimensions, a dimension's its questions and recommendations, a question's
its options: each row links to its own page and each list to an add page with its parent filled in, and the
breadcrumbs lead back up to the bank. English and Japanese sit side by side. Published and retired versions
are read-only here, inlines and actions included; a bank's buttons publish it (once it validates), retire it,
start a new draft version, and preview a dimension as respondents see it (views/bank_editor.py).

Every staff member may view banks; changing one takes the permissions that the "bank editors" group grants
(migration 0011), and publishing or retiring its ``publish_questionbank`` permission. Superusers have all.
"""

from . import admins  # noqa: F401  (registers the editor's pages with the admin)
