//! Reading from standard input, JSON Lines metadata, publication dates and `entities`.

use crate::*;
use std::io::Write;
use std::process::Stdio;

fn with_stdin(args: &[&str], input: &str) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

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
