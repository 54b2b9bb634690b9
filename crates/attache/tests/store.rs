//! `ingest` is idempotent and `timeline` reads dyads back by period.

use crate::*;

#[test]
fn ingest_twice_changes_nothing_and_the_timeline_reads_the_dyad() {
    let dir = scratch("store");
    let db = dir.join("events.db");
    let docs = dir.join("docs.jsonl");
    std::fs::write(
        &docs,
        "{\"id\": \"a\", \"date\": \"2021-03-17\", \"text\": \"The United States imposed sanctions on Russia.\"}\n\
         {\"id\": \"b\", \"date\": \"2021-03-18\", \"text\": \"Washington condemned Moscow over the poisoning.\"}\n\
         {\"id\": \"c\", \"date\": \"2021-04-02\", \"text\": \"The United States expelled Russian diplomats.\"}\n",
    )
    .unwrap();
    let first = attache(&[
        "ingest",
        docs.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("3 documents added"),
        "{}",
        stderr(&first)
    );
    let second = attache(&[
        "ingest",
        docs.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(
        stderr(&second).contains("0 documents added, 0 replaced"),
        "{}",
        stderr(&second)
    );
    assert!(
        stderr(&second).contains("3 unchanged, skipped"),
        "{}",
        stderr(&second)
    );

    let out = attache(&[
        "timeline",
        "USA",
        "RUS",
        "--db",
        db.to_str().unwrap(),
        "--by",
        "week",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let weeks = json_lines(&out);
    assert_eq!(weeks.len(), 2, "{weeks:?}");
    assert_eq!(weeks[0]["period"], "week of 2021-03-15");
    assert_eq!(weeks[0]["start"], "2021-03-15");
    assert!(weeks[0]["events"].as_u64().unwrap() >= 2);
    assert!(weeks[0]["material_conflict"].as_u64().unwrap() >= 1);
    assert!(weeks[0]["goldstein_sum"].as_f64().unwrap() < 0.0);
    assert_eq!(weeks[1]["period"], "week of 2021-03-29");

    let table = stdout(&attache(&[
        "timeline",
        "USA",
        "RUS",
        "--db",
        db.to_str().unwrap(),
    ]));
    assert!(table.contains("week of 2021-03-15"));
    assert_eq!(
        attache(&["timeline", "usa", "RUS", "--db", db.to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
}
