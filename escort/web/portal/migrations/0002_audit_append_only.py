"""The audit table refuses UPDATE and DELETE at the database level (the hash chain detects what gets past)."""

from django.db import migrations

SQLITE = [
    "CREATE TRIGGER portal_audit_no_update BEFORE UPDATE ON portal_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    "CREATE TRIGGER portal_audit_no_delete BEFORE DELETE ON portal_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
]
POSTGRES = [
    "CREATE OR REPLACE FUNCTION portal_audit_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER portal_audit_no_change BEFORE UPDATE OR DELETE ON portal_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION portal_audit_append_only()",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS portal_audit_no_update")
        schema_editor.execute("DROP TRIGGER IF EXISTS portal_audit_no_delete")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS portal_audit_no_change ON portal_auditevent")


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
