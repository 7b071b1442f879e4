"""A lookup by primary key whose SQL is compiled once, for the one query every page view makes.

Routing reads the page that answers a request by its primary key, as its specific class
with the images its fields name (core/routing.py). Compiling that query (the columns of
Wagtail's page, our base page and the page type, joined to the image table) takes Django
about eight times as long as SQLite takes to run it. `CompiledPkLookup` compiles it once
per database and then only runs the SQL with another primary key and builds the object
the way Django's ModelIterable does: the same converters, `from_db` and select_related
populators, so the object is the one `queryset.get(pk=...)` gives (tested field by field).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)

# Stands in for the primary key while compiling, to find its place among the parameters.
_PROBE = -918_273_645


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    pk_index: int
    compiler: SQLCompiler
    init_list: tuple[str, ...]
    fields_start: int
    fields_end: int
    related_populators: tuple[Any, ...]


class CompiledPkLookup(Generic[M]):
    """`queryset.get(pk=pk)`, compiled once per database alias (see the module's doc)."""

    def __init__(self, queryset: QuerySet[M]) -> None:
        if queryset.query.is_sliced or queryset.query.distinct or queryset.query.annotations:
            raise ValueError("A compiled lookup takes a plain queryset (select_related is fine).")
        self.queryset = queryset
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def _compile(self, db: str) -> _Compiled:
        compiler = self.queryset.filter(pk=_PROBE).query.get_compiler(using=db)
        sql, params = compiler.as_sql()  # also fills compiler.select and klass_info
        probes = [i for i, value in enumerate(params) if value == _PROBE]
        if len(probes) != 1:
            raise ValueError("The primary key's place in the compiled query is not clear.")
        klass_info = compiler.klass_info
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        return _Compiled(
            sql=sql,
            params=tuple(params),
            pk_index=probes[0],
            compiler=compiler,
            init_list=tuple(column[0].target.attname for column in compiler.select[start:end]),
            fields_start=start,
            fields_end=end,
            related_populators=tuple(get_related_populators(klass_info, compiler.select, db)),
        )

    def get(self, pk: Any) -> M:
        """The object with primary key `pk`; the model's DoesNotExist if there is none."""
        db = self.queryset.db
        compiled = self._compiled.get(db)
        if compiled is None:
            compiled = self._compile(db)
            with self._lock:
                self._compiled[db] = compiled
        connection = connections[db]
        value = self.queryset.model._meta.pk.get_db_prep_value(pk, connection)
        if _out_of_range(self.queryset.model, value, connection):
            # No row can have it, and SQLite would fail to bind it: Django's own integer
            # lookups answer such a value with no rows, and so does this one.
            raise self.queryset.model.DoesNotExist(f"No {self.queryset.model.__name__} with pk {pk!r}.")
        params = list(compiled.params)
        params[compiled.pk_index] = value
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchmany(2)
        if not rows:
            raise self.queryset.model.DoesNotExist(f"No {self.queryset.model.__name__} with pk {pk!r}.")
        row = next(iter(compiled.compiler.results_iter([rows])))
        model_class = compiled.compiler.klass_info["model"]
        obj = model_class.from_db(db, list(compiled.init_list), row[compiled.fields_start : compiled.fields_end])
        for populator in compiled.related_populators:
            populator.populate(row, obj)
        return obj


def _out_of_range(model: type[Model], value: Any, connection: BaseDatabaseWrapper) -> bool:
    """Whether `value` lies outside the range of the primary key's integer column (a
    child page's key is the parent's, followed through the one-to-one link)."""
    field = model._meta.pk
    while field.is_relation:
        field = field.target_field
    ranges = connection.ops.integer_field_ranges
    if not isinstance(value, int) or field.get_internal_type() not in ranges:
        return False
    low, high = connection.ops.integer_field_range(field.get_internal_type())
    return (low is not None and value < low) or (high is not None and value > high)
