#!/usr/bin/env python3
"""Write N unique E.164 numbers (digits, no '+'), one per line: the big list for the RSS-only measurement.

usage: gen_numbers.py OUT_FILE N [SQLITE_DB]

Uses the same bijection as gen_blocklist.py (number i = num(i)), so the first 1,000,000 lines are exactly the 1M
blocklist and all N lines are distinct (num() is a bijection on [0, 6.4e9)). With SQLITE_DB it also writes the
htable table Kamailio's htable module loads (same schema as run.sh builds for the 1M list). Both outputs are written
to a temporary name and renamed at the end, so an interrupted run never leaves a half-written list behind.
"""
import os
import sqlite3
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_blocklist import A, B, M  # noqa: E402  (the shared generator's constants)

CHUNK = 100_000


def numbers(n):
    """num(i) for i in [0, n), in chunks of formatted strings (fast enough for 10M in well under a minute)."""
    for start in range(0, n, CHUNK):
        out = []
        for i in range(start, min(n, start + CHUNK)):
            v = (A * i + B) % M
            npa, rest = divmod(v, 8_000_000)
            nxx, line = divmod(rest, 10_000)
            out.append("1%03d%03d%04d" % (200 + npa, 200 + nxx, line))
        yield out


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    db = sys.argv[3] if len(sys.argv) > 3 else None
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        for chunk in numbers(n):
            f.write("\n".join(chunk))
            f.write("\n")
    os.replace(tmp, out)
    if db:
        tmpdb = db + ".tmp"
        if os.path.exists(tmpdb):
            os.remove(tmpdb)
        con = sqlite3.connect(tmpdb)
        con.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE htable (id INTEGER PRIMARY KEY AUTOINCREMENT,"
            " key_name VARCHAR(64) NOT NULL DEFAULT '', key_type INTEGER NOT NULL DEFAULT 0,"
            " value_type INTEGER NOT NULL DEFAULT 0, key_value VARCHAR(128) NOT NULL DEFAULT '',"
            " expires INTEGER NOT NULL DEFAULT 0);")
        with open(out) as f:
            con.executemany(
                "INSERT INTO htable(key_name,key_type,value_type,key_value,expires) VALUES (?,0,1,'1',0)",
                ((line.rstrip("\n"),) for line in f))
        con.commit()
        con.close()
        os.replace(tmpdb, db)
    print("wrote %d unique numbers to %s%s" % (n, out, (" and " + db) if db else ""))


if __name__ == "__main__":
    main()
