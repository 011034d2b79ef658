"""Maturity level thresholds increase with the level, checked by the database across rows.

A CHECK constraint sees one row only, so the invariant is a trigger named
"maturity_level_thresholds_increase" on SQLite and PostgreSQL (the two databases the project runs on).
"""

from django.db import migrations

TABLE = "assessments_maturitylevel"
NAME = "maturity_level_thresholds_increase"

# A row conflicts when a lower level of the same bank has a minimum score at or above its own, or a higher
# level one at or below it.
CONFLICT = f"""
    SELECT 1 FROM {TABLE} AS other
    WHERE other.bank_id = NEW.bank_id AND other.id <> NEW.id
      AND ((other.level < NEW.level AND other.min_score >= NEW.min_score)
        OR (other.level > NEW.level AND other.min_score <= NEW.min_score))
"""

SQLITE_CREATE = [
    f"""CREATE TRIGGER {NAME}_{event.lower()} BEFORE {event} ON {TABLE}
        FOR EACH ROW WHEN EXISTS ({CONFLICT.replace("other.id <> NEW.id", "other.id IS NOT NEW.id")})
        BEGIN SELECT RAISE(ABORT, '{NAME}'); END"""
    for event in ("INSERT", "UPDATE")
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {NAME}_{event}" for event in ("insert", "update")]

POSTGRES_CREATE = [
    f"""CREATE FUNCTION {NAME}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS ({CONFLICT}) THEN
                RAISE EXCEPTION '{NAME}' USING ERRCODE = 'check_violation', CONSTRAINT = '{NAME}';
            END IF;
            RETURN NEW;
        END $$""",
    f"""CREATE TRIGGER {NAME} BEFORE INSERT OR UPDATE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {NAME}()""",
]
POSTGRES_DROP = [f"DROP TRIGGER IF EXISTS {NAME} ON {TABLE}", f"DROP FUNCTION IF EXISTS {NAME}()"]


def statements(vendor: str, *, create: bool) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    if vendor == "postgresql":
        return POSTGRES_CREATE if create else POSTGRES_DROP
    raise RuntimeError(f"No trigger for {NAME} on {vendor}: add one for this database.")


def create(apps, schema_editor):
    for sql in statements(schema_editor.connection.vendor, create=True):
        schema_editor.execute(sql, params=None)


def drop(apps, schema_editor):
    for sql in statements(schema_editor.connection.vendor, create=False):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
