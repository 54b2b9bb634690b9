//! The coder on whole articles: the AllSides dev gold set (`data/events/allsides_dev_gold.jsonl`),
//! every political event of 144 articles annotated by the rules in `ANNOTATION.md` beside it.
//!
//! As those rules say, gold and coded events are matched per article on the sentence (the
//! coded trigger lies in the gold sentence), the source country, the target country and the
//! CAMEO root (or the full code), with negation: a negated gold event matches only an event
//! the coder also flagged. Every coded event of a sentence the annotator found no event in is
//! a false positive, so this set counts over-production as the sentence sets cannot.

use crate::confusion::Confusion;
use crate::events::read_jsonl;
use crate::Prf;
use model::{Actor, Date, Doc, Span};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

/// One event as a matching key: (sentence, source country, target country, code, negated).
type Key = (String, String, String, String, bool);

/// An actor's country as the gold set writes it: the ISO code, or the IGO code for an
/// international body ("IGOUNO"); empty for none.
fn country_of(actor: Option<&Actor>) -> String {
    match actor {
        Some(a) => a.country.clone().unwrap_or_else(|| {
            if a.code.starts_with("IGO") || a.code.starts_with("NGO") {
                a.code.clone()
            } else {
                String::new()
            }
        }),
        None => String::new(),
    }
}

fn gold_country(v: &Value) -> String {
    v["country"].as_str().unwrap_or("").to_string()
}

pub fn gold(shared: &Path, verbose: bool, out: &mut String) -> bool {
    let path = shared.join("data/events/allsides_dev_gold.jsonl");
    let corpus = shared.join("data/corpora/allsides_intl.jsonl");
    let _ = writeln!(
        out,
        "== events: AllSides dev gold, whole articles ({}) ==",
        path.display()
    );
    let Some(gold) = read_jsonl(&path) else {
        let _ = writeln!(out, "absent: {} (skipped)\n", path.display());
        return false;
    };
    let wanted: BTreeSet<&str> = gold.iter().filter_map(|g| g["id"].as_str()).collect();
    let Ok(text) = std::fs::read_to_string(&corpus) else {
        let _ = writeln!(
            out,
            "absent: {} holds the articles (skipped)\n",
            corpus.display()
        );
        return false;
    };
    let mut articles: HashMap<String, Value> = HashMap::new();
    for line in text.lines() {
        if let Ok(v) = serde_json::from_str::<Value>(line) {
            if let Some(id) = v["ID"].as_str().filter(|id| wanted.contains(id)) {
                articles.insert(id.to_string(), v);
            }
        }
    }
    let pipeline = pipeline::standard();
    let (mut roots, mut codes, mut no_statements) =
        (Prf::default(), Prf::default(), Prf::default());
    let mut confusion = Confusion::default();
    let (mut coded_events, mut gold_events, mut missing_sentences, mut sentences) = (0, 0, 0, 0);
    let mut bare_statements = 0;
    let mut detail = String::new();
    for g in &gold {
        let id = g["id"].as_str().unwrap_or("?");
        let Some(article) = articles.get(id) else {
            let _ = writeln!(detail, "  {id}: article not in the corpus (skipped)");
            continue;
        };
        let body = article["content_original"].as_str().unwrap_or("");
        let mut doc = Doc::from_text(id, body);
        doc.meta.date = article["date"].as_str().and_then(Date::parse_iso);
        pipeline.run(&mut doc);
        sentences += doc.sentences.len();
        // Each gold sentence's bytes in the article (its first occurrence).
        let events = g["events"].as_array().cloned().unwrap_or_default();
        let mut spans: Vec<(String, Span)> = Vec::new();
        for e in &events {
            let s = e["sentence"].as_str().unwrap_or("");
            if spans.iter().any(|(t, _)| t == s) {
                continue;
            }
            match body.find(s).filter(|_| !s.is_empty()) {
                Some(at) => spans.push((s.to_string(), Span::new(at, at + s.len()))),
                None => missing_sentences += 1,
            }
        }
        let key_of_sentence = |text: &str| spans.iter().position(|(t, _)| t == text);
        let gold_keys: Vec<Key> = events
            .iter()
            .filter_map(|e| {
                let k = key_of_sentence(e["sentence"].as_str().unwrap_or(""))?;
                Some((
                    format!("g{k}"),
                    gold_country(&e["source"]),
                    gold_country(&e["target"]),
                    e["cameo"].as_str().unwrap_or("").to_string(),
                    e["negated"].as_bool().unwrap_or(false),
                ))
            })
            .collect();
        let coded_keys: Vec<Key> = doc
            .events
            .iter()
            .map(|e| {
                let sentence = spans
                    .iter()
                    .position(|(_, s)| s.contains(e.trigger))
                    .map_or_else(|| format!("p{}", e.sentence), |k| format!("g{k}"));
                let actor = |m: Option<usize>, over: &Option<Actor>| {
                    country_of(over.as_ref().or(m.map(|m| &doc.mentions[m].actor)))
                };
                (
                    sentence,
                    actor(e.source, &e.source_actor),
                    actor(e.target, &e.target_actor),
                    e.cameo.clone(),
                    e.negated,
                )
            })
            .collect();
        bare_statements += doc
            .events
            .iter()
            .filter(|e| e.cameo == "010" && e.target.is_none())
            .count();
        coded_events += coded_keys.len();
        gold_events += gold_keys.len();
        let at_root = |keys: &[Key]| -> Vec<Key> {
            let mut v: Vec<Key> = keys
                .iter()
                .map(|(s, a, b, c, n)| {
                    (
                        s.clone(),
                        a.clone(),
                        b.clone(),
                        c[..c.len().min(2)].to_string(),
                        *n,
                    )
                })
                .collect();
            v.sort();
            v.dedup();
            v
        };
        let dedup = |keys: &[Key]| -> Vec<Key> {
            let mut v = keys.to_vec();
            v.sort();
            v.dedup();
            v
        };
        let (gold_roots, coded_roots) = (at_root(&gold_keys), at_root(&coded_keys));
        roots.add(&gold_roots, &coded_roots);
        codes.add(&dedup(&gold_keys), &dedup(&coded_keys));
        let not_statement =
            |v: &[Key]| -> Vec<Key> { v.iter().filter(|k| k.3 != "01").cloned().collect() };
        no_statements.add(&not_statement(&gold_roots), &not_statement(&coded_roots));
        // Roots per (sentence, source, target), for the confusion table.
        let mut units: BTreeSet<(String, String, String)> = BTreeSet::new();
        for k in gold_roots.iter().chain(&coded_roots) {
            units.insert((k.0.clone(), k.1.clone(), k.2.clone()));
        }
        for u in units {
            let of = |v: &[Key]| -> Vec<String> {
                v.iter()
                    .filter(|k| (&k.0, &k.1, &k.2) == (&u.0, &u.1, &u.2))
                    .map(|k| k.3.clone())
                    .collect()
            };
            confusion.add(&of(&gold_roots), &of(&coded_roots));
        }
        if verbose {
            let gold_set: BTreeSet<&Key> = gold_roots.iter().collect();
            let coded_set: BTreeSet<&Key> = coded_roots.iter().collect();
            for k in coded_set.difference(&gold_set) {
                let _ = writeln!(detail, "  {id} spurious {k:?}");
            }
            for k in gold_set.difference(&coded_set) {
                let _ = writeln!(detail, "  {id} missed {k:?}");
            }
        }
    }
    let _ = writeln!(
        out,
        "{} articles, {sentences} sentences: {gold_events} gold events, {coded_events} coded ({:.1} per 1,000 sentences); {missing_sentences} gold sentences not found in their article",
        articles.len(),
        1000.0 * coded_events as f64 / sentences.max(1) as f64
    );
    let _ = writeln!(
        out,
        "root level (sentence, source and target country, root)  {roots}"
    );
    let _ = writeln!(
        out,
        "code level (the same, full CAMEO code)                   {codes}"
    );
    let _ = writeln!(
        out,
        "root level without statements (root 01)                  {no_statements}"
    );
    let _ = writeln!(
        out,
        "bare statements (010 with no target): {:.1}% of coded events",
        100.0 * bare_statements as f64 / coded_events.max(1) as f64
    );
    confusion.render(12, out);
    out.push('\n');
    if verbose {
        out.push_str(&detail);
        out.push('\n');
    }
    true
}
