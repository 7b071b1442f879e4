"""What the migrations seed, copied once per test run and written back after every test that commits.

Transactional tests (threads with their own connections, the live server, the browser
tests) commit, and Django empties every table after each of them. The rows that the
migrations created are then gone for every test that follows, in whatever order the
tests run: content types, permissions, the Redaktører and Moderatorer groups, Wagtail's
root page, locale and default site, the register of municipalities. Django's
``serialized_rollback`` puts them back only at the *start* of a transactional test, and
through the ORM, row by row (half a second on SQLite, over a second on PostgreSQL).

Here the tables are copied raw once, right after the test database is migrated, and
written back whenever a test has committed: ``DELETE`` from the tables that hold rows,
then one ``executemany`` (SQLite) or ``COPY`` (PostgreSQL) per seeded table, in one
transaction whose foreign keys are checked at commit. So every test starts from the
same database, whichever ran before it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connections, transaction


@dataclass(frozen=True)
class TableCopy:
    """One table's rows as the migrations left them."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)  # SQLite
    copy_data: bytes = b""  # PostgreSQL, COPY's text format


@dataclass
class SeededData:
    """The migrated state of each test database, and how to put it back."""

    tables: dict[str, list[TableCopy]]

    @classmethod
    def take(cls, aliases: list[str]) -> SeededData:
        return cls(tables={alias: _copy_tables(alias) for alias in aliases})

    def restore(self) -> None:
        """Empty every table that holds rows, then write the seeded rows back, per database."""
        from django.contrib.contenttypes.models import ContentType

        for alias, copies in self.tables.items():
            connection = connections[alias]
            with transaction.atomic(using=alias), connection.cursor() as cursor:
                for table in _tables_with_rows(connection, cursor):
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
                for copy in copies:
                    _write_back(connection, cursor, copy)
                if connection.vendor == "postgresql":
                    _reset_sequences(connection, cursor)
        # Cached content types would name rows that a flush (with post_migrate) recreated under other ids.
        ContentType.objects.clear_cache()

    def row_counts(self, alias: str = "default") -> dict[str, int]:
        """How many rows each seeded table should hold (for tests of this module)."""
        return {copy.name: _count(copy) for copy in self.tables[alias]}


def _django_tables(connection) -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _tables_with_rows(connection, cursor) -> list[str]:
    """The tables that hold any row, found with one query instead of one per table."""
    tables = _django_tables(connection)
    if not tables:
        return []
    quote = connection.ops.quote_name
    probes = " UNION ALL ".join(
        f"SELECT {index} WHERE EXISTS (SELECT 1 FROM {quote(table)})" for index, table in enumerate(tables)
    )
    cursor.execute(probes)
    return [tables[row[0]] for row in cursor.fetchall()]


def _copy_tables(alias: str) -> list[TableCopy]:
    connection = connections[alias]
    quote = connection.ops.quote_name
    copies = []
    with connection.cursor() as cursor:
        for table in _tables_with_rows(connection, cursor):
            cursor.execute(f"SELECT * FROM {quote(table)} WHERE 1 = 0")
            columns = tuple(column[0] for column in cursor.description)
            if connection.vendor == "postgresql":
                buffer = io.BytesIO()
                with cursor.copy(f"COPY {quote(table)} TO STDOUT") as copy:
                    for chunk in copy:
                        buffer.write(chunk)
                copies.append(TableCopy(name=table, columns=columns, copy_data=buffer.getvalue()))
            else:
                cursor.execute(f"SELECT * FROM {quote(table)}")
                copies.append(TableCopy(name=table, columns=columns, rows=list(cursor.fetchall())))
    return copies


def _write_back(connection, cursor, copy: TableCopy) -> None:
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        with cursor.copy(f"COPY {quote(copy.name)} FROM STDIN") as writer:
            writer.write(copy.copy_data)
        return
    columns = ", ".join(quote(column) for column in copy.columns)
    placeholders = ", ".join(["%s"] * len(copy.columns))
    cursor.executemany(f"INSERT INTO {quote(copy.name)} ({columns}) VALUES ({placeholders})", copy.rows)


def _reset_sequences(connection, cursor) -> None:
    """Point every sequence past the highest id, whatever a test did to the sequences."""
    from django.apps import apps

    for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
        cursor.execute(statement)


def _count(copy: TableCopy) -> int:
    if copy.copy_data:
        return copy.copy_data.count(b"\n")
    return len(copy.rows)
