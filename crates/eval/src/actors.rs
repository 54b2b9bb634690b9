//! Actor resolution against the PLOVER GSR: for each gold source and target actor, whether a
//! mention covers its words, and whether that mention's country and sector are the gold ones.

use crate::events::Gsr;
use model::{Doc, Mention, Span};
use std::fmt::Write as _;

/// Counts for one side (sources or targets).
#[derive(Default)]
struct Side {
    /// Gold actors whose words were found in the sentence.
    gold: usize,
    /// ... that a resolved mention (one with a code) covers.
    found: usize,
    country_right: usize,
    /// Gold actors with a sector attache codes (not `***` or an ethnic or religious code).
    with_sector: usize,
    sector_found: usize,
    sector_right: usize,
}

impl Side {
    fn line(&self, name: &str) -> String {
        let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        format!(
            "{name:<8} {} in the text: resolved {:.3}; country right {:.3} of all, {:.3} of resolved; sector right {:.3} of {} with a gold sector, {:.3} of resolved",
            self.gold,
            share(self.found, self.gold),
            share(self.country_right, self.gold),
            share(self.country_right, self.found),
            share(self.sector_right, self.with_sector),
            self.with_sector,
            share(self.sector_right, self.sector_found),
        )
    }
}

/// The GSR's country codes as ISO 3166 alpha-3 (it writes a few CAMEO ones).
fn gold_country(code: &str) -> &str {
    match code {
        "JAP" => "JPN",
        "ITL" => "ITA",
        other => other,
    }
}

/// The GSR's sector as an attache sector, when attache codes such a sector.
fn gold_sector(sector: &str) -> Option<&str> {
    let head = sector.get(..3)?;
    Some(match head {
        "CIV" => "CVL",
        "JRN" => "MED",
        "***" | "MOS" => return None,
        s => s,
    })
}

/// The resolved mention covering most of a span.
fn covering(doc: &Doc, span: Span) -> Option<&Mention> {
    doc.mentions
        .iter()
        .filter(|m| !m.actor.code.is_empty() && m.span.overlaps(span))
        .max_by_key(|m| m.span.end.min(span.end) - m.span.start.max(span.start))
}

/// Scores actor resolution on the GSR; false when the file is absent.
pub(crate) fn gsr(set: &Gsr, verbose: bool, out: &mut String) -> bool {
    let Some(docs) = set.docs("actors", out) else {
        return false;
    };
    let (mut sources, mut targets) = (Side::default(), Side::default());
    let mut misses = String::new();
    for (r, doc) in docs {
        let text = r["text"].as_str().unwrap_or("");
        let expected = r["expected"].as_array().cloned().unwrap_or_default();
        for e in &expected {
            for (key, side) in [("actors", &mut sources), ("recipients", &mut targets)] {
                for a in e[key].as_array().into_iter().flatten() {
                    let (Some(words), Some(code)) = (a["actorText"].as_str(), a["code"].as_str())
                    else {
                        continue;
                    };
                    let Some(at) = text.find(words).filter(|_| !words.is_empty()) else {
                        continue;
                    };
                    side.gold += 1;
                    let sector = a["sector"].as_str().and_then(gold_sector);
                    side.with_sector += usize::from(sector.is_some());
                    let Some(m) = covering(doc, Span::new(at, at + words.len())) else {
                        if verbose {
                            let _ =
                                writeln!(misses, "  unresolved {key} {words:?} ({code}): {text}");
                        }
                        continue;
                    };
                    side.found += 1;
                    let ours = &m.actor;
                    let gold = gold_country(code);
                    let country_right = if gold == "IGO" || gold == "NGO" {
                        ours.code.starts_with(gold)
                    } else {
                        ours.country.as_deref() == Some(gold)
                    };
                    side.country_right += usize::from(country_right);
                    if let Some(s) = sector {
                        side.sector_found += 1;
                        side.sector_right += usize::from(ours.sector.as_deref() == Some(s));
                    }
                    let sector_wrong = sector.is_some_and(|s| ours.sector.as_deref() != Some(s));
                    if verbose && (!country_right || sector_wrong) {
                        let _ = writeln!(
                            misses,
                            "  {key} {words:?} gold {code} {} got {} ({:?}): {text}",
                            a["sector"].as_str().unwrap_or(""),
                            ours.code,
                            doc.slice(m.span)
                        );
                    }
                }
            }
        }
    }
    let _ = writeln!(out, "{}", sources.line("sources"));
    let _ = writeln!(out, "{}\n", targets.line("targets"));
    if verbose {
        out.push_str(&misses);
        out.push('\n');
    }
    true
}
