"""Migration operations that run on one database vendor only, each a no-op elsewhere.

The search index is vendor-specific (a GIN index on PostgreSQL, an FTS5 table on SQLite) while
the models and the migration history are shared, so the migration state stays the same on both.
"""

from django.db import migrations


class OnVendorOnly:
    """Mixin for a migration operation: its first argument names the vendor whose database it touches."""

    def __init__(self, vendor, *args, **kwargs):
        self.vendor = vendor
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, *args], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class RunSQLOn(OnVendorOnly, migrations.RunSQL):
    """RunSQL on `vendor` ("sqlite", "postgresql") only."""

    def describe(self):
        return f"Raw SQL operation on {self.vendor} only"


class AddIndexOn(OnVendorOnly, migrations.AddIndex):
    """AddIndex on `vendor` only; the index is in the model state everywhere."""

    def describe(self):
        return f"{super().describe()} on {self.vendor} only"
