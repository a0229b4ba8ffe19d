"""Looks codes up the way a log engine does: loads errcat's CSV lookup table,
extracts codes from a log with the engine's own regular-expression function,
joins them against the table, and prints {code: [count, status, error]} as
JSON.

Usage: engines.py clickhouse|duckdb LOOKUP_CSV LOG

Each engine is its own implementation: chDB is ClickHouse embedded (RE2,
`extractAllGroupsHorizontal`, the `file` table function with CSVWithNames);
DuckDB has its own CSV reader and `regexp_extract_all`.
"""
import json
import sys

# A code: upper-case letters and digits in two or more dash-separated parts,
# standing alone: neither a letter, digit, `_` nor `-` on either side (so
# `XGEN-1201-100001` and `GEN-1201-1000011` are no codes). What is no code
# of the catalogue is dropped by the join.
CODE = r"(?:^|[^A-Za-z0-9_-])([A-Z0-9]+(?:-[A-Z0-9]+)+)(?:$|[^A-Za-z0-9_-])"


def quoted(path):
    """A path as an SQL string literal's content."""
    return path.replace("\\", "\\\\").replace("'", "\\'")


def clickhouse(lookup, log):
    import chdb

    lookup, log = quoted(lookup), quoted(log)
    query = f"""
        SELECT found.code, count() AS n, any(lookup.status), any(lookup.error)
        FROM (
            SELECT arrayJoin(extractAllGroupsHorizontal(line, '{CODE}')[1]) AS code
            FROM file('{log}', 'LineAsString', 'line String')
        ) AS found
        INNER JOIN file('{lookup}', 'CSVWithNames') AS lookup ON found.code = lookup.code
        GROUP BY found.code
        ORDER BY found.code
        FORMAT JSONCompact
    """
    rows = json.loads(chdb.query(query).bytes())["data"]
    return {code: [int(n), int(status), error] for code, n, status, error in rows}


def duckdb(lookup, log):
    import duckdb

    connection = duckdb.connect()
    rows = connection.execute(
        f"""
        SELECT found.code, count(*) AS n, any_value(lookup.status), any_value(lookup.error)
        FROM (
            SELECT unnest(regexp_extract_all(line, '{CODE}', 1)) AS code
            FROM read_csv(?, columns = {{'line': 'VARCHAR'}}, header = false, delim = '\x01', quote = '', escape = '')
        ) AS found
        JOIN read_csv(?, header = true, all_varchar = true) AS lookup ON found.code = lookup.code
        GROUP BY found.code
        ORDER BY found.code
        """,
        [log, lookup],
    ).fetchall()
    return {code: [int(n), int(status), error] for code, n, status, error in rows}


def main():
    engine, lookup, log = sys.argv[1:4]
    result = {"clickhouse": clickhouse, "duckdb": duckdb}[engine](lookup, log)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
