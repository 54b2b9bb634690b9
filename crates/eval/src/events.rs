//! The event coder against the PLOVER GSR, PETRARCH and TABARI records.

use crate::Prf;
use actors::{ActorResolver, Gazetteer};
use coder::{CodeTable, Coder};
use model::{Date, Doc, Layer, Layers, Pipeline, Span};
use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;

pub(crate) fn read_jsonl(path: &Path) -> Option<Vec<Value>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect(),
    )
}

/// The pipeline after cleaning: gold records are single clean sentences.
pub(crate) fn pipeline_for(actors: ActorResolver, coder: Coder) -> Pipeline {
    Pipeline::with_given(
        Layers::of(&[Layer::Body]),
        vec![
            Box::new(segment::Segmenter),
            Box::new(tagger::EntityTagger::builtin()),
            Box::new(actors),
            Box::new(pipeline::parser_for(&coder)),
            Box::new(coder),
        ],
    )
    .expect("segment, actors, parser, coder fit")
}

pub(crate) fn run(pipeline: &Pipeline, id: &str, text: &str, date: Option<Date>) -> Doc {
    let mut doc = Doc::from_text(id, text);
    doc.body = vec![Span::new(0, text.len())];
    doc.meta.date = date;
    pipeline.run(&mut doc);
    doc
}

/// The PLOVER GSR labels (the older 18-type list) as CAMEO roots.
fn gsr_root(label: &str) -> Option<&'static str> {
    Some(match label {
        "AGREE" => "03",
        "CONSULT" => "04",
        "SUPPORT" => "05",
        "COOPERATE" => "06",
        "AID" => "07",
        "CONCEDE" | "RETREAT" | "YIELD" => "08",
        "INVESTIGATE" => "09",
        "DEMAND" | "REQUEST" => "10",
        "DISAPPROVE" | "ACCUSE" => "11",
        "REJECT" => "12",
        "THREATEN" => "13",
        "PROTEST" => "14",
        "MOBILIZE" => "15",
        "SANCTION" => "16",
        "COERCE" => "17",
        "ASSAULT" => "18",
        "FIGHT" => "19",
        _ => return None,
    })
}

/// A GSR country code as ISO 3166 writes it: the GSR spells a few countries its own way
/// (Japan "JAP", Italy "ITL", Vietnam "VTN").
fn gsr_iso3(code: &str) -> String {
    match code {
        "JAP" => "JPN",
        "ITL" => "ITA",
        "VTN" => "VNM",
        other => other,
    }
    .to_string()
}

/// Older PLOVER labels in the current 16-type vocabulary.
fn plover_now(label: &str) -> &str {
    match label {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        other => other,
    }
}

/// GSR roots 18 (assault) and 20 (mass violence) fall under one older label, ASSAULT.
fn comparable_root(root: &str) -> &str {
    if root == "20" {
        "18"
    } else {
        root
    }
}

/// The PLOVER GSR records, each with its sentence run through the built-in pipeline: once, for
/// every section that reads them.
pub(crate) struct Gsr {
    path: std::path::PathBuf,
    docs: std::cell::OnceCell<Option<Vec<(Value, Doc)>>>,
}

impl Gsr {
    pub(crate) fn new(shared: &Path) -> Gsr {
        Gsr {
            path: shared.join("data/events/plover_gsr_cameo.jsonl"),
            docs: std::cell::OnceCell::new(),
        }
    }

    /// The records and their documents, under the section's heading; `None` (and a line
    /// saying so) when the file is absent.
    pub(crate) fn docs(&self, section: &str, out: &mut String) -> Option<&[(Value, Doc)]> {
        let _ = writeln!(out, "== {section}: PLOVER GSR ({}) ==", self.path.display());
        let docs = self.docs.get_or_init(|| {
            let records = read_jsonl(&self.path)?;
            let pipeline = pipeline_for(ActorResolver::builtin(), Coder::builtin());
            let docs = records
                .into_iter()
                .map(|r| {
                    let text = r["text"].as_str().unwrap_or("");
                    let date = r["date"].as_str().and_then(Date::parse_iso);
                    let doc = run(&pipeline, r["id"].as_str().unwrap_or("?"), text, date);
                    (r, doc)
                })
                .collect();
            Some(docs)
        });
        if docs.is_none() {
            let _ = writeln!(out, "absent: {} (skipped)\n", self.path.display());
        }
        docs.as_deref()
    }
}

pub(crate) fn gsr(set: &Gsr, verbose: bool, out: &mut String) -> bool {
    let Some(docs) = set.docs("events", out) else {
        return false;
    };
    let table = CodeTable::builtin();
    let (mut roots, mut types, mut with_source) = (Prf::default(), Prf::default(), Prf::default());
    let (mut source_checked, mut source_right) = (0, 0);
    let (mut target_checked, mut target_right) = (0, 0);
    let mut confusion = crate::confusion::Confusion::default();
    let mut misses = String::new();
    for (r, doc) in docs {
        let text = r["text"].as_str().unwrap_or("");
        let expected = r["expected"].as_array().cloned().unwrap_or_default();
        let gold_roots: Vec<&str> = expected
            .iter()
            .filter_map(|e| e["event"].as_str().and_then(gsr_root))
            .collect();
        let gold_types: Vec<String> = expected
            .iter()
            .filter_map(|e| e["event"].as_str())
            .map(|l| plover_now(l).to_string())
            .collect();
        let gold_actor_countries: Vec<String> = expected
            .iter()
            .flat_map(|e| e["actors"].as_array().cloned().unwrap_or_default())
            .filter_map(|a| a["code"].as_str().map(gsr_iso3))
            .collect();
        let gold_recipient_countries: Vec<String> = expected
            .iter()
            .flat_map(|e| e["recipients"].as_array().cloned().unwrap_or_default())
            .filter_map(|a| a["code"].as_str().map(gsr_iso3))
            .collect();
        // PLOVER has no statements or appeals (CAMEO 01, 02): those are out of scope here.
        let coded: Vec<&model::Event> = doc
            .events
            .iter()
            .filter(|e| !matches!(&e.cameo[..2], "01" | "02"))
            .collect();
        let mut pred_roots: Vec<&str> = coded
            .iter()
            .map(|e| comparable_root(&e.cameo[..2]))
            .collect();
        pred_roots.sort_unstable();
        pred_roots.dedup();
        let mut pred_types: Vec<String> = coded
            .iter()
            .filter_map(|e| table.info(&e.cameo).plover)
            .collect();
        pred_types.sort_unstable();
        pred_types.dedup();
        let mut gold_roots_dedup = gold_roots.clone();
        gold_roots_dedup.sort_unstable();
        gold_roots_dedup.dedup();
        let mut gold_types_dedup = gold_types.clone();
        gold_types_dedup.sort_unstable();
        gold_types_dedup.dedup();
        roots.add(&gold_roots_dedup, &pred_roots);
        types.add(&gold_types_dedup, &pred_types);
        let strings = |v: &[&str]| v.iter().map(|r| r.to_string()).collect::<Vec<_>>();
        confusion.add(&strings(&gold_roots_dedup), &strings(&pred_roots));
        // An event counts with its actor only when its source is one of the gold actors' countries.
        // The GSR writes "IGO" for any international body, "NGO" for a non-governmental one
        // and "IMG" for an international militarized group (al-Qaeda), where attache gives
        // its whole code (IMGMUSALQ).
        let gsr_country = |a: &model::Actor| {
            a.country.clone().or_else(|| {
                ["IGO", "NGO", "IMG"]
                    .into_iter()
                    .find(|p| a.code.starts_with(p))
                    .map(str::to_string)
            })
        };
        let role_country = |m: Option<usize>, over: &Option<model::Actor>| {
            over.as_ref()
                .or(m.map(|m| &doc.mentions[m].actor))
                .and_then(gsr_country)
        };
        let source_country = |e: &model::Event| role_country(e.source, &e.source_actor);
        let pred_with_source: Vec<(String, String)> = coded
            .iter()
            .map(|e| {
                (
                    comparable_root(&e.cameo[..2]).to_string(),
                    source_country(e).unwrap_or_default(),
                )
            })
            .filter(|(root, c)| {
                gold_roots_dedup.contains(&root.as_str()) && gold_actor_countries.contains(c)
            })
            .collect();
        let gold_pairs: Vec<(String, String)> = gold_roots_dedup
            .iter()
            .map(|r| (r.to_string(), String::new()))
            .collect();
        let matched = pred_with_source
            .iter()
            .map(|(r, _)| r.clone())
            .collect::<std::collections::BTreeSet<_>>();
        with_source.add(
            &gold_pairs
                .iter()
                .map(|(r, _)| r.clone())
                .collect::<Vec<_>>(),
            &pred_roots
                .iter()
                .map(|r| r.to_string())
                .filter(|r| matched.contains(r) || !gold_roots_dedup.contains(&r.as_str()))
                .collect::<Vec<_>>(),
        );
        for e in &coded {
            if gold_roots_dedup.contains(&comparable_root(&e.cameo[..2])) {
                source_checked += 1;
                if source_country(e).is_some_and(|c| gold_actor_countries.contains(&c)) {
                    source_right += 1;
                }
                if !gold_recipient_countries.is_empty() {
                    target_checked += 1;
                    let target = role_country(e.target, &e.target_actor);
                    if target.is_some_and(|c| gold_recipient_countries.contains(&c)) {
                        target_right += 1;
                    }
                }
            }
        }
        if verbose && pred_roots != gold_roots_dedup {
            let _ = writeln!(
                misses,
                "  {} gold {:?} coded {:?}: {}",
                r["id"].as_str().unwrap_or("?"),
                gold_roots_dedup,
                pred_roots,
                text
            );
            for e in &doc.events {
                let _ = writeln!(
                    misses,
                    "      {} {} ({})",
                    e.cameo,
                    doc.slice(e.trigger),
                    e.rule
                );
            }
        }
    }
    let _ = writeln!(out, "{} sentences; statements and appeals (CAMEO 01, 02) are out of PLOVER's scope and not counted", docs.len());
    let _ = writeln!(out, "root level (CAMEO root per sentence)      {roots}");
    let _ = writeln!(out, "PLOVER type level (current 16 types)      {types}");
    let _ = writeln!(
        out,
        "root level, source country also right     {with_source}"
    );
    let share = if source_checked == 0 {
        0.0
    } else {
        source_right as f64 / source_checked as f64
    };
    let _ = writeln!(out, "source country right on correctly rooted events: {share:.3} ({source_right}/{source_checked})");
    let _ = writeln!(
        out,
        "target country right on correctly rooted events with a gold target: {:.3} ({target_right}/{target_checked})",
        target_right as f64 / target_checked.max(1) as f64
    );
    confusion.render(10, out);
    let _ = writeln!(
        out,
        "code level: not available (the GSR gives PLOVER types, not CAMEO codes)\n"
    );
    if verbose {
        out.push_str(&misses);
        out.push('\n');
    }
    true
}

/// PETRARCH's validation dictionaries, which the PETRARCH and TABARI records are coded against.
fn validation_stages(shared: &Path) -> Result<(ActorResolver, Coder), String> {
    let dir = shared.join("reference/phoenix");
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .map_err(|e| format!("{}: {e}", dir.join(name).display()))
    };
    let mut g = Gazetteer::default();
    actors::petrarch::import(
        &mut g,
        &read("PETR.Validate.actors.txt")?,
        &read("PETR.Validate.agents.txt")?,
    );
    let (dict, _) =
        coder::petrarch::import("PETR.Validate.verbs.txt", &read("PETR.Validate.verbs.txt")?)
            .map_err(|e| e.to_string())?;
    Ok((ActorResolver::with_gazetteer(g), Coder::new(dict)))
}

/// PETRARCH writes an actor of unknown country as `---` ("---GOV"); attache leaves it out.
fn petrarch_actor(code: Option<&str>) -> String {
    code.unwrap_or("").trim_start_matches("---").to_string()
}

pub fn validation(shared: &Path, file: &str, title: &str, verbose: bool, out: &mut String) -> bool {
    let path = shared.join("data/events").join(file);
    let _ = writeln!(out, "== events: {title} ({}) ==", path.display());
    let Some(records) = read_jsonl(&path) else {
        let _ = writeln!(out, "absent: {} (skipped)\n", path.display());
        return false;
    };
    let (actors, coder) = match validation_stages(shared) {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(
                out,
                "could not load PETRARCH's validation dictionaries ({e}); skipped\n"
            );
            return false;
        }
    };
    let pipeline = pipeline_for(actors, coder);
    let mut code_level = Prf::default();
    let mut root_level = Prf::default();
    let mut codes_only = Prf::default();
    let mut dyadic = Prf::default();
    let mut confusion = crate::confusion::Confusion::default();
    let (mut rooted, mut source_right, mut target_right) = (0, 0, 0);
    let mut used = 0;
    let mut misses = String::new();
    for r in &records {
        if r["error_expected"].as_bool() == Some(true) {
            continue;
        }
        used += 1;
        let text = r["text"].as_str().unwrap_or("");
        let date = r["date"].as_str().and_then(actors::petrarch::petrarch_date);
        let doc = run(&pipeline, r["id"].as_str().unwrap_or("?"), text, date);
        let gold: Vec<(String, String, String)> = r["expected"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                (
                    petrarch_actor(e["source"].as_str()),
                    petrarch_actor(e["target"].as_str()),
                    e["code"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        let actor_code = |m: Option<usize>, over: &Option<model::Actor>| -> String {
            over.as_ref()
                .map(|a| a.code.clone())
                .or_else(|| m.map(|m| doc.mentions[m].actor.code.clone()))
                .unwrap_or_default()
        };
        let pred: Vec<(String, String, String)> = doc
            .events
            .iter()
            .filter(|e| !e.negated)
            .map(|e| {
                (
                    actor_code(e.source, &e.source_actor),
                    actor_code(e.target, &e.target_actor),
                    e.cameo.clone(),
                )
            })
            .collect();
        let root = |v: &[(String, String, String)]| {
            v.iter()
                .map(|(s, t, c)| (s.clone(), t.clone(), c[..c.len().min(2)].to_string()))
                .collect::<Vec<_>>()
        };
        let codes = |v: &[(String, String, String)]| {
            v.iter().map(|(_, _, c)| c.clone()).collect::<Vec<_>>()
        };
        code_level.add(&gold, &pred);
        let root_of = |c: &str| c[..c.len().min(2)].to_string();
        confusion.add(
            &gold.iter().map(|g| root_of(&g.2)).collect::<Vec<_>>(),
            &pred.iter().map(|p| root_of(&p.2)).collect::<Vec<_>>(),
        );
        // Roles, given the right root: does a gold event of that root have this source, this
        // target?
        for (ps, pt, pc) in &pred {
            let same_root: Vec<&(String, String, String)> = gold
                .iter()
                .filter(|g| root_of(&g.2) == root_of(pc))
                .collect();
            if !same_root.is_empty() {
                rooted += 1;
                source_right += usize::from(same_root.iter().any(|g| &g.0 == ps));
                target_right += usize::from(same_root.iter().any(|g| &g.1 == pt));
            }
        }
        // PETRARCH codes only events with both actors; attache also codes one-actor events.
        let both: Vec<(String, String, String)> = pred
            .iter()
            .filter(|(s, t, _)| !s.is_empty() && !t.is_empty())
            .cloned()
            .collect();
        dyadic.add(&gold, &both);
        root_level.add(&root(&gold), &root(&pred));
        codes_only.add(&codes(&gold), &codes(&pred));
        if verbose && gold != pred {
            let _ = writeln!(
                misses,
                "  {} gold {:?} coded {:?}: {}",
                r["id"].as_str().unwrap_or("?"),
                gold,
                pred,
                text
            );
        }
    }
    let _ = writeln!(out, "{used} records (fictional actors: coded with PETRARCH's PETR.Validate actor, agent and verb dictionaries)");
    let _ = writeln!(
        out,
        "code level (source, target, code)         {code_level}"
    );
    let _ = writeln!(
        out,
        "root level (source, target, root)         {root_level}"
    );
    let _ = writeln!(out, "code level, two-actor events only         {dyadic}");
    let _ = writeln!(
        out,
        "event code alone, actors ignored          {codes_only}"
    );
    let _ = writeln!(
        out,
        "roles given the right root: source right {:.3}, target right {:.3} (of {rooted} events)",
        source_right as f64 / rooted.max(1) as f64,
        target_right as f64 / rooted.max(1) as f64
    );
    confusion.render(10, out);
    out.push('\n');
    if verbose {
        out.push_str(&misses);
        out.push('\n');
    }
    true
}
