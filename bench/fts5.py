#!/usr/bin/env python3
"""The SQLite FTS5 baseline: the same corpus in an FTS5 table with the trigram
tokenizer, the same query set, ranked MATCH plus an exact COUNT.

    python3 bench/fts5.py CORPUS.csv [--db FILE] [--reps 200] [--budget 30] [--json OUT]

Each item becomes one row: its code (not indexed), its title, and a body made of
the same fields Qingdan's index puts in its body (server/src/policies/index.rs): text,
category, support type, delivery, document title and number, issuing and
executing unit, industries, regions, qualifications.

One query = the ranked first page (ORDER BY rank LIMIT 10, with a snippet) and
the exact number of matches (COUNT), as Qingdan answers both in one request.
Trigram cannot match strings shorter than three characters, so 2-character
terms find nothing with MATCH; for them a LIKE '%term%' scan (what an FTS5 user
would fall back to, unranked) is timed as well.

Python 3.11 standard library only; needs SQLite >= 3.34 (trigram tokenizer).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sqlite3
import sys
import time

QUERIES_LONG = ["高新技术企业", "技术改造", "出口信用保险", "担保费"]
QUERIES_SHORT = ["贴息", "房租", "上市", "创业"]
QUERIES = QUERIES_LONG + QUERIES_SHORT

BODY_COLUMNS = ["政策内容", "政策类别", "支持方式", "兑现方式", "文件名称", "文号", "发布单位", "执行单位",
                "适用行业", "适用区域", "资质要求"]
LIST_SEPARATORS = str.maketrans({"、": " ", "；": " ", ";": " ", "，": " ", ",": " "})
UNRESTRICTED = {"全部", "全区", "不限", "无"}


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile of samples (seconds)."""
    if not samples:
        return float("nan")
    s = sorted(samples)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def timed(fn, reps: int, budget: float, min_reps: int = 20, warmup: int = 2) -> list[float]:
    """Runs fn() up to reps times (after warmup runs), stopping early once budget
    seconds are spent and at least min_reps samples are taken."""
    for _ in range(warmup):
        fn()
    samples = []
    deadline = time.perf_counter() + budget
    for i in range(reps):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
        if i + 1 >= min_reps and time.perf_counter() > deadline:
            break
    return samples


def summary(samples: list[float]) -> dict:
    return {
        "n": len(samples),
        "p50_ms": percentile(samples, 50) * 1000,
        "p99_ms": percentile(samples, 99) * 1000,
        "max_ms": max(samples) * 1000 if samples else float("nan"),
    }


def list_cell(cell: str) -> str:
    words = cell.translate(LIST_SEPARATORS).split()
    return "" if any(w in UNRESTRICTED for w in words) else " ".join(words)


def rows(corpus: str):
    with open(corpus, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        col = {name: i for i, name in enumerate(header)}
        code, title = col["政策编号"], col["政策名称"]
        body = [(col[name], name in ("适用行业", "适用区域", "资质要求")) for name in BODY_COLUMNS]
        for r in reader:
            yield (r[code], r[title], " ".join(list_cell(r[i]) if is_list else r[i] for i, is_list in body))


def build(corpus: str, db_path: str) -> dict:
    """Creates db_path from the corpus; returns rows and seconds (parse + insert + commit)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(db_path + suffix):
            os.remove(db_path + suffix)
    t0 = time.perf_counter()
    con = sqlite3.connect(db_path)
    con.execute("CREATE VIRTUAL TABLE policies USING fts5(code UNINDEXED, title, body, tokenize = 'trigram')")
    with con:
        con.executemany("INSERT INTO policies (code, title, body) VALUES (?, ?, ?)", rows(corpus))
    n = con.execute("SELECT count(*) FROM policies").fetchone()[0]
    con.close()
    seconds = time.perf_counter() - t0
    return {"rows": n, "seconds": seconds, "rows_per_s": n / seconds if seconds else float("nan"),
            "db_bytes": os.path.getsize(db_path)}


def phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def matcher(con: sqlite3.Connection, term: str):
    """One query of `term` on an open FTS5 database: the ranked first page with a
    snippet and the exact count; returns (page, total)."""
    expr = phrase(term)
    ranked_sql = ("SELECT code, title, snippet(policies, 2, '<mark>', '</mark>', '…', 24) "
                  "FROM policies WHERE policies MATCH ? ORDER BY rank LIMIT 10")
    count_sql = "SELECT count(*) FROM policies WHERE policies MATCH ?"

    def match_query():
        page = con.execute(ranked_sql, (expr,)).fetchall()
        total = con.execute(count_sql, (expr,)).fetchone()[0]
        return page, total

    return match_query


def run_queries(db_path: str, reps: int = 200, budget: float = 30.0, min_reps: int = 20,
                like_reps: int = 50, queries=QUERIES, log=None) -> dict:
    """Times the query set; returns {term: {...}} with 'match' and, for terms shorter
    than three characters, 'like' results."""
    con = sqlite3.connect(db_path)
    like_page_sql = "SELECT code, title FROM policies WHERE title LIKE ? OR body LIKE ? LIMIT 10"
    like_count_sql = "SELECT count(*) FROM policies WHERE title LIKE ? OR body LIKE ?"
    out = {}
    for term in queries:
        match_query = matcher(con, term)
        page, total = match_query()
        result = {"match": {"rows": total, "page": len(page), **summary(timed(match_query, reps, budget, min_reps))}}
        if len(term) < 3:
            pattern = f"%{term}%"

            def like_query():
                page = con.execute(like_page_sql, (pattern, pattern)).fetchall()
                total = con.execute(like_count_sql, (pattern, pattern)).fetchone()[0]
                return page, total

            page, total = like_query()
            result["like"] = {"rows": total, "page": len(page),
                              **summary(timed(like_query, like_reps, budget, min(min_reps, like_reps), warmup=1))}
        out[term] = result
        if log:
            m = result["match"]
            line = f"  FTS5 {term}: MATCH {m['rows']} rows, p50 {m['p50_ms']:.2f} ms, p99 {m['p99_ms']:.2f} ms (n={m['n']})"
            if "like" in result:
                lk = result["like"]
                line += f"; LIKE {lk['rows']} rows, p50 {lk['p50_ms']:.1f} ms, p99 {lk['p99_ms']:.1f} ms (n={lk['n']})"
            log(line)
    con.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description="SQLite FTS5 (trigram) baseline for the Qingdan benchmark")
    ap.add_argument("corpus", help="CSV in the import format (bench/gen_corpus.py)")
    ap.add_argument("--db", help="FTS5 database file (default: CORPUS with .fts5.db)")
    ap.add_argument("--reps", type=int, default=200, help="repetitions per query (default 200)")
    ap.add_argument("--budget", type=float, default=30.0, help="seconds per query before stopping early (default 30)")
    ap.add_argument("--json", help="also write the results as JSON to this file")
    args = ap.parse_args()
    version = tuple(int(x) for x in sqlite3.sqlite_version.split("."))
    if version < (3, 34, 0):
        print(f"SQLite {sqlite3.sqlite_version} has no trigram tokenizer (needs >= 3.34)", file=sys.stderr)
        return 2
    db_path = args.db or os.path.splitext(args.corpus)[0] + ".fts5.db"
    b = build(args.corpus, db_path)
    print(f"SQLite {sqlite3.sqlite_version}: FTS5 trigram build of {b['rows']} rows in {b['seconds']:.2f} s "
          f"({b['rows_per_s']:.0f} rows/s, {b['db_bytes'] / 1e6:.1f} MB)")
    q = run_queries(db_path, args.reps, args.budget)
    print()
    print("| query | MATCH rows | p50 ms | p99 ms | n | LIKE rows | LIKE p50 ms | LIKE p99 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for term, r in q.items():
        m = r["match"]
        lk = r.get("like")
        like = f"{lk['rows']} | {lk['p50_ms']:.1f} | {lk['p99_ms']:.1f}" if lk else "— | — | —"
        print(f"| {term} | {m['rows']} | {m['p50_ms']:.2f} | {m['p99_ms']:.2f} | {m['n']} | {like} |")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"sqlite_version": sqlite3.sqlite_version, "build": b, "queries": q}, f, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
