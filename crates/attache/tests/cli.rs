//! Reading from standard input, JSON Lines metadata, publication dates and `entities`.

use crate::*;
use std::process::Stdio;

#[test]
fn reads_plain_text_and_json_lines_from_stdin() {
    let out = with_stdin(
        &["code", "--date", "2021-03-18", "-"],
        "Russia recalled its ambassador from Washington.\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let events = json_lines(&out);
    let e = &events[0];
    assert_eq!(e["doc_id"], "stdin");
    assert_eq!(e["cameo"], "161");
    assert_eq!(e["source"]["country"], "RUS");
    assert_eq!(e["target"]["country"], "USA");
    assert_eq!(e["date"], "2021-03-18");
    assert_eq!(e["date_basis"], "published");
    assert_eq!(e["plover"], "SANCTION");
    assert_eq!(e["quad_class"], 4);

    let out = with_stdin(
        &["code"],
        "{\"id\": \"x1\", \"date\": \"2024-03-23\", \"text\": \"Washington condemned Moscow.\"}\n",
    );
    let events = json_lines(&out);
    assert_eq!(events[0]["doc_id"], "x1");
    assert_eq!(events[0]["date"], "2024-03-23");
}

#[test]
fn events_without_a_date_say_so() {
    let out = with_stdin(
        &["code"],
        "Russia recalled its ambassador from Washington.\n",
    );
    let e = &json_lines(&out)[0];
    assert!(e["date"].is_null());
    assert_eq!(e["date_basis"], "none");
}

#[test]
fn entities_lists_resolved_mentions_with_antecedents() {
    let out = attache(&["entities", seed(SEED_003).to_str().unwrap()]);
    assert!(out.status.success());
    let mentions = json_lines(&out);
    let navalny = mentions
        .iter()
        .find(|m| m["name"] == "Alexei Navalny")
        .expect("Navalny");
    assert_eq!(navalny["country"], "RUS");
    assert_eq!(navalny["sector"], "OPP");
    let he = mentions
        .iter()
        .find(|m| m["text"] == "he")
        .expect("a pronoun");
    assert_eq!(
        he["name"], "Sergei Ryabkov",
        "the quoted 'he' is the deputy foreign minister"
    );
    assert!(he["antecedent"].is_array());
}

#[test]
fn codes_the_bundled_sample() {
    let out = attache(&[
        "code",
        root().join("samples/wikinews.jsonl").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let events = json_lines(&out);
    let docs: std::collections::BTreeSet<&str> =
        events.iter().filter_map(|e| e["doc_id"].as_str()).collect();
    assert!(
        docs.len() > 150,
        "only {} of 295 sample articles gave events",
        docs.len()
    );
}

#[test]
fn a_reader_that_stops_early_is_not_a_failure() {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_attache"))
        .args([
            "code",
            "-j",
            "1",
            root().join("samples/wikinews.jsonl").to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here: the pipe closes while attache is still writing.
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with('{'));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("error"), "{}", stderr(&out));
}

#[test]
fn pages_with_no_article_text_are_counted() {
    let dir = scratch("no-text");
    std::fs::write(
        dir.join("nav.html"),
        "<html><body><nav><a href=/>Home</a></nav><script>x()</script></body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.join("good.txt"),
        "Russia recalled its ambassador from Washington.\n",
    )
    .unwrap();
    let out = attache(&["code", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("1 had no article text left after cleaning"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn explain_shows_the_parse_the_actors_the_patterns_and_the_event() {
    let out = attache(&[
        "explain",
        "Russia recalled its ambassador from Washington.",
        "--date",
        "2021-03-18",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    // The parse: "Russia" is the subject of "recalled", the root.
    assert!(
        text.lines()
            .any(|l| l.contains("Russia") && l.contains("nsubj") && l.contains(" 2 ")),
        "{text}"
    );
    assert!(text.contains("recalled (ROOT VBD)"), "{text}");
    // The actors and how each was resolved.
    assert!(
        text.contains("\"Washington\": a capital or seat of power"),
        "{text}"
    );
    // The trigger, the patterns tried, the one chosen, and the event.
    assert!(text.contains("trigger \"recalled\""), "{text}");
    assert!(text.contains("tried 16_reduce_relations.txt"), "{text}");
    assert!(text.contains("chose 16_reduce_relations.txt"), "{text}");
    assert!(text.contains("161 "), "{text}");
    assert!(
        text.contains("RUS (\"Russia\") -> USA (\"Washington\")"),
        "{text}"
    );

    // A document from a file, by its id; an id that is not there is an error naming it.
    let seeds = shared().join("seeds");
    let out = attache(&["explain", "--doc", "nope", seeds.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("nope"), "{}", stderr(&out));
    let out = attache(&[
        "explain",
        "--doc",
        "003_6db0edf236483f29",
        seeds.to_str().unwrap(),
        "--sentence",
        "2",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("== sentence 2 =="), "{text}");
    assert!(!text.contains("== sentence 3 =="), "{text}");
    assert!(text.contains("Anatoly Antonov"), "{text}");
}

#[test]
fn explain_codes_with_petrarch_dictionaries_from_a_folder() {
    // A PETRARCH actor, agent and verb dictionary of the project's own, in PETRARCH's format.
    let dir = scratch("petrarch");
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    write(
        "PETR.Validate.actors.txt",
        "GONDOR_  [GON]\nMORDOR_  [MOR]\n",
    );
    write("PETR.Validate.agents.txt", "ENVOY  [~GOV]\n");
    write(
        "PETR.Validate.verbs.txt",
        "---  RECALL   [160]  ---\nRECALL\n- * ENVOY [161]\n",
    );
    let out = attache(&[
        "explain",
        "--petrarch",
        dir.to_str().unwrap(),
        "Gondor recalled its envoy from Mordor.",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("chose PETR.Validate.verbs.txt:3"), "{text}");
    assert!(text.contains("161 "), "{text}");
    // "its envoy" is Gondor's, not Mordor's: the target is the country he leaves.
    assert!(
        text.contains("GON (\"Gondor\") -> MOR (\"Mordor\")"),
        "{text}"
    );
    // A folder without the files is an error that names the missing file.
    let empty = scratch("petrarch-empty");
    let out = attache(&["explain", "--petrarch", empty.to_str().unwrap(), "x"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("PETR.Validate.actors.txt"),
        "{}",
        stderr(&out)
    );
}
