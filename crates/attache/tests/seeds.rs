//! The user's two articles: the events the foundation issue asks for, and clean output.

use crate::*;
use serde_json::Value;

fn events() -> Vec<Value> {
    let out = attache(&[
        "code",
        seed(SEED_000).to_str().unwrap(),
        seed(SEED_003).to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    json_lines(&out)
}

fn country<'a>(e: &'a Value, side: &str) -> Option<&'a str> {
    e[side]["country"].as_str()
}

fn root(e: &Value) -> &str {
    e["cameo_root"].as_str().unwrap()
}

#[test]
fn antonov_speaks_critically_of_the_united_states() {
    let all = events();
    let found = all.iter().any(|e| {
        country(e, "source") == Some("RUS")
            && country(e, "target") == Some("USA")
            && matches!(root(e), "01" | "11" | "12")
            && e["source"]["name"] == "Anatoly Antonov"
    });
    assert!(
        found,
        "no RUS->USA statement, criticism or rejection by Antonov"
    );
}

#[test]
fn the_united_states_condemns_the_moscow_attack() {
    assert!(events().iter().any(|e| country(e, "source") == Some("USA")
        && root(e) == "11"
        && e["doc_id"] == "000_e7a3b49e42ff8ba5"));
}

#[test]
fn washington_sanctions_russia() {
    assert!(events().iter().any(|e| country(e, "source") == Some("USA")
        && country(e, "target") == Some("RUS")
        && root(e) == "16"));
}

#[test]
fn russia_recalls_its_ambassador() {
    let all = events();
    let recall = all
        .iter()
        .find(|e| country(e, "source") == Some("RUS") && root(e) == "16")
        .expect("no RUS-sourced reduce-relations event");
    assert_eq!(recall["source"]["code"], "RUSGOV");
    // Russia recalls him from the United States: two sides, each with its own evidence.
    assert_eq!(recall["target"]["country"], "USA");
    assert_ne!(recall["source"]["text"], recall["target"]["text"]);
    assert!(recall["sentence_text"]
        .as_str()
        .unwrap()
        .contains("recalled"));
    assert!(recall["rule"]
        .as_str()
        .unwrap()
        .contains("16_reduce_relations.txt"));
}

#[test]
fn biden_calls_putin_a_killer() {
    let all = events();
    let e = all
        .iter()
        .find(|e| {
            country(e, "source") == Some("USA")
                && country(e, "target") == Some("RUS")
                && root(e) == "11"
                && e["doc_id"] == "003_6db0edf236483f29"
        })
        .expect("no USA->RUS disapproval in the recall article");
    assert_eq!(e["source"]["name"], "Joe Biden");
    assert_eq!(e["target"]["name"], "Vladimir Putin");
}

#[test]
fn quotes_are_attributed_to_their_speakers() {
    let all = events();
    let ryabkov = all
        .iter()
        .find(|e| e["trigger"]["text"] == "told")
        .expect("Ryabkov told RIA Novosti");
    assert_eq!(ryabkov["quote"]["speaker"]["name"], "Sergei Ryabkov");
    assert!(ryabkov["quote"]["text"]
        .as_str()
        .unwrap()
        .contains("The timing"));
}

#[test]
fn clean_keeps_every_paragraph_of_the_recall_article_and_none_of_the_clutter() {
    let input = std::fs::read_to_string(seed(SEED_003)).unwrap();
    let out = attache(&["clean", seed(SEED_003).to_str().unwrap()]);
    assert!(out.status.success());
    let text = stdout(&out);
    for paragraph in [
        "Russian Envoy Unlikely to Return to U.S. in Near Future, Deputy FM Says",
        "Russia’s Ambassador to the United States Anatoly Antonov will likely not return to Washington",
        "Antonov was recalled to Moscow last month following U.S. President Joe Biden’s televised remarks",
        "\"This is not a question of the next few days.",
        "“We expect that they will still be able to demonstrate a desire",
        "Since returning to Moscow, Antonov has held meetings at the Foreign Ministry",
        "Antonov’s return to Moscow comes amid deteriorating U.S.-Russia ties",
    ] {
        assert!(text.contains(paragraph), "lost: {paragraph}");
    }
    for clutter in [
        "Enjoying ad-free content",
        "Support us",
        "Our journalism is banned",
        "Valery Sharifulin / TASS",
        "A Message from The Moscow Times",
        "Dear readers",
        "Remind me later",
        "Read more",
        "Monthly",
        "×",
    ] {
        assert!(!text.contains(clutter), "kept: {clutter}");
    }
    assert!(
        input.contains("Read more"),
        "the fixture still has its clutter"
    );
}

#[test]
fn clean_leaves_the_interview_article_untouched() {
    let input = std::fs::read_to_string(seed(SEED_000)).unwrap();
    let out = attache(&["clean", "--json", seed(SEED_000).to_str().unwrap()]);
    let doc = &json_lines(&out)[0];
    assert_eq!(
        doc["removed"].as_array().unwrap().len(),
        0,
        "{}",
        doc["removed"]
    );
    assert_eq!(doc["text"].as_str().unwrap(), input.trim());
}
