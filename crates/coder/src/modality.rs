//! Negation and modality from the words before a trigger, the recoding of future cooperation
//! and conflict as intent (03) and threat (13), and an event's confidence.

use model::{Doc, Event, MentionKind, Modality};

pub(crate) const REPORTED: &[&str] = &["reportedly", "allegedly", "purportedly"];

/// How many tokens before a trigger negation and modal words are looked for.
pub(crate) const AUX_WINDOW: usize = 4;

/// CAMEO codes statements of future cooperation as intent (03) and of future conflict as
/// threats (13): "Portugal will support Turkey" is 032, not 050.
pub(crate) fn intent_code(code: &str) -> Option<&'static str> {
    Some(match &code[..2] {
        "04" => "036",
        "05" => "032",
        "06" => "031",
        "07" => "033",
        "08" => "035",
        "14" => "133",
        "15" | "18" | "19" | "20" => "138",
        "16" => "131",
        "17" => "137",
        _ => return None,
    })
}

/// A future act that depends on a condition the target must meet ("will withdraw its force
/// unless ...", "will strike if ...") is a threat (13): of force (138), of repression (137),
/// of protest (133), of reducing relations or aid (131), else unspecified (130).
pub(crate) fn threat_code(code: &str) -> &'static str {
    match &code[..2] {
        "14" => "133",
        "15" | "18" | "19" | "20" => "138",
        "16" => "131",
        "17" => "137",
        _ => "130",
    }
}

pub(crate) fn negated(lower: &[&str], start: usize, clause_start: usize) -> bool {
    let from = start.saturating_sub(AUX_WINDOW).max(clause_start);
    lower[from..start]
        .iter()
        .any(|w| matches!(*w, "not" | "n't" | "never" | "cannot"))
        || lower[from..start].windows(2).any(|w| w == ["no", "longer"])
}

pub(crate) fn modality(lower: &[&str], start: usize, clause_start: usize) -> Modality {
    let from = start.saturating_sub(AUX_WINDOW).max(clause_start);
    let window = &lower[from..start];
    if window.iter().any(|w| {
        matches!(
            *w,
            "would" | "could" | "might" | "may" | "should" | "if" | "'d"
        )
    }) {
        Modality::Hypothetical
    } else if window.iter().any(|w| {
        matches!(
            *w,
            "will" | "'ll" | "shall" | "plans" | "plan" | "intends" | "expected" | "going"
        )
    }) {
        Modality::Future
    } else {
        Modality::Asserted
    }
}

pub(crate) fn confidence(specificity: usize, e: &Event, doc: &Doc) -> f32 {
    let mut c = 0.35 + 0.08 * (specificity.min(6) as f32);
    if e.source.is_some() {
        c += 0.15;
    }
    if e.target.is_some() {
        c += 0.1;
    }
    let pronoun =
        |m: Option<usize>| m.is_some_and(|i| doc.mentions[i].kind == MentionKind::Pronoun);
    if pronoun(e.source) || pronoun(e.target) {
        c -= 0.1;
    }
    if e.source_actor.is_some() {
        c -= 0.1;
    }
    c.clamp(0.05, 0.95)
}
