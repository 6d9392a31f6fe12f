"""Related rows carried inside their parent's own query, as JSON, so a page loads in a fixed few queries.

`prefetch_related` spends one query per relation, and a story page prints seven relations
(bylines, contributors, topics, notes, related stories and three kinds of body block). Here a
relation becomes a correlated subquery that folds its rows into one JSON array
(`json_group_array` on SQLite, `jsonb_agg` on PostgreSQL), selected as a column of the parent
row; `instances_from_rows()` turns the array back into model instances, with their foreign-key
targets attached, as if they had been fetched. Fields left out of a row are deferred, so
reading one by mistake costs a query that the pages' query-count tests catch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Aggregate, Func, OuterRef, Subquery
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware

# A row's keys are written into the SQL, so they must be plain names (model fields' attnames).
_KEY = re.compile(r"[a-z_][a-z0-9_]*")


class JSONRow(Func):
    """A JSON object of `key=column or expression`, as JSONObject builds it, its keys written as literals.

    JSONObject binds each key as a parameter, and on PostgreSQL casts it to text, compiling a
    new cast per key per query: a story page's query held 80 keys, and compiling them was a
    third of the page's time. These keys are field names, so they are written into the SQL.
    """

    function = "JSON_OBJECT"
    output_field = models.JSONField()

    def __init__(self, **fields):
        unsafe = [key for key in fields if not _KEY.fullmatch(key)]
        if unsafe:
            raise ValueError(f"JSONRow keys must be plain lower-case names, not {unsafe}.")
        self.keys = tuple(fields)
        super().__init__(*fields.values())

    def as_sql(self, compiler, connection, function=None, template=None, **extra_context):
        pairs, params = [], []
        for key, expression in zip(self.keys, self.get_source_expressions(), strict=True):
            sql, expression_params = compiler.compile(expression)
            pairs.append(f"'{key}', {sql}")
            params.extend(expression_params)
        return f"{function or self.function}({', '.join(pairs)})", params

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_BUILD_OBJECT", **extra_context)


class JSONRows(Aggregate):
    """Aggregate JSON objects into one JSON array."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def row_fields(model: type[models.Model], prefix: str = "", *, only: Iterable[str] | None = None) -> dict:
    """JSONRow arguments for `model`'s columns (all, or `only` these fields), reached through `prefix`."""
    fields = model._meta.concrete_fields
    if only is not None:
        wanted = set(only) | {"id"}
        fields = [field for field in fields if field.name in wanted or field.attname in wanted]
    return {field.attname: f"{prefix}{field.attname}" for field in fields}


def json_rows(queryset: models.QuerySet, *, parent: str, row: dict[str, Any], outer: str = "pk") -> Subquery:
    """`queryset` rows whose `parent` key is the outer row's `outer`, as a JSON array of `row` objects.

    `row` maps keys to columns or expressions, as JSONRow takes them; a nested
    `JSONRow(**row_fields(Author, "author__"))` carries a foreign-key target along, and a
    key that names no field (a nested `nested(json_rows(...))`, say) becomes a plain attribute.
    No rows gives NULL, which `instances_from_rows()` reads as an empty list. Rows come in
    no particular order (SQLite before 3.44 cannot order inside an aggregate): sort them after.
    """
    grouped = (
        queryset.filter(**{parent: OuterRef(outer)})
        .order_by()
        .values(parent)
        .annotate(rows=JSONRows(JSONRow(**row)))
        .values("rows")
    )
    return CompiledOnceSubquery(grouped, output_field=models.JSONField())


class CompiledOnceSubquery(Subquery):
    """A subquery whose SQL is compiled once per database and place in the outer query, then reused.

    Compiling the story page's JSON rows took longer than running the query. The SQL of a
    resolved copy depends only on the database, its own table aliases and the outer aliases it
    was resolved against, which make the key. Copies share the memo: annotate() resolves one
    copy per query.
    """

    def __init__(self, queryset, output_field=None, **extra):
        super().__init__(queryset, output_field, **extra)
        self._compiled: dict[tuple, tuple[str, tuple]] = {}

    def as_sql(self, compiler, connection, template=None, **extra_context):
        if template or extra_context:
            return super().as_sql(compiler, connection, template, **extra_context)
        query = self.query
        key = (
            connection.alias,
            connection.vendor,
            tuple(query.alias_map),
            tuple(query.external_aliases.items()),
        )
        compiled = self._compiled.get(key)
        if compiled is None:
            sql, params = super().as_sql(compiler, connection)
            compiled = self._compiled[key] = (sql, tuple(params))
        return compiled[0], list(compiled[1])


class nested(Func):
    """A JSON subquery used inside another row: SQLite would otherwise embed its array as a string."""

    function = "JSON"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return compiler.compile(self.get_source_expressions()[0])


def instances_from_rows(model: type[models.Model], rows: list[dict] | None, *, db: str) -> list[models.Model]:
    """Model instances from `json_rows()` output; nested objects become the cached foreign-key targets."""
    return [instance_from_row(model, row, db=db) for row in rows or ()]


def instance_from_row(model: type[models.Model], row: dict, *, db: str) -> models.Model:
    loaded, related, extra = {}, [], {}
    for key, value in row.items():
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            extra[key] = value
            continue
        if field.is_relation and isinstance(value, dict):
            target = instance_from_row(field.related_model, value, db=db)
            related.append((field, target))
            loaded[field.attname] = target.pk
        else:
            loaded[field.attname] = _python_value(field, value)
    # from_db() takes values in the model's column order; PostgreSQL's jsonb sorts keys its own way.
    names = [field.attname for field in model._meta.concrete_fields if field.attname in loaded]
    instance = model.from_db(db, names, [loaded[name] for name in names])
    for field, target in related:
        field.set_cached_value(instance, target)
    for key, value in extra.items():
        setattr(instance, key, value)
    return instance


def _python_value(field: models.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        # SQLite keeps UTC times as naive text; PostgreSQL's JSON spells out the offset.
        moment = parse_datetime(value)
        return make_aware(moment, UTC) if is_naive(moment) else moment
    if isinstance(field, models.ForeignKey):
        return field.target_field.to_python(value)
    return field.to_python(value)
