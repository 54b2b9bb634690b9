//! Choosing a trigger's pattern: every candidate tried within the trigger's window, the most
//! specific that matches wins; PETRARCH's own patterns may also reach over its flat window.

use super::sentence::{Bounds, Sentence};
use super::Trace;
use crate::matcher::{Match, Matcher, Occurrence};
use crate::roles::Roles;

/// The pattern that codes trigger `occ`, if any matches. The trace says where patterns were
/// looked for, what the parse gives as roles, and what each candidate did.
pub(super) fn choose(
    matcher: &Matcher,
    sent: &Sentence<'_>,
    occ: &Occurrence,
    as_verb: bool,
    b: &Bounds,
    roles: Option<&Roles>,
    trace: &mut Trace<'_>,
) -> Option<Match> {
    let window = sent.window(b.pre_start, b.pattern_end);
    note!(
        trace,
        "  patterns may match words {}..{}: \"{}\"",
        b.pre_start + 1,
        b.pattern_end,
        sent.words(b.pre_start, b.pattern_end)
    );
    if let Some(r) = roles {
        note_roles(sent, r, trace);
    }
    let better = |e: usize, best: &Option<Match>| {
        best.as_ref()
            .is_none_or(|m| matcher.specificity(e) > matcher.specificity(m.entry))
    };
    let mut best: Option<Match> = None;
    let mut lacking = 0;
    for (e, a, z) in matcher.candidates(occ, as_verb) {
        let found = matcher.try_entry(e, a, z, &window);
        if trace.is_some() {
            let entry = matcher.entry(e);
            let what = format!(
                "{}:{} {}",
                entry.origin.file,
                entry.origin.line,
                matcher.dict.pattern_text(entry)
            );
            if matcher.lacks_words(e, &sent.present) {
                // Most of a common verb's patterns need a word the sentence lacks: they are
                // counted, not listed.
                lacking += 1;
            } else if found.is_some() {
                note!(trace, "    tried {what}: matched");
            } else {
                note!(
                    trace,
                    "    tried {what}: no: its elements do not stand in order within the window"
                );
            }
        }
        if let Some(m) = found.filter(|_| better(e, &best)) {
            best = Some(m);
        }
    }
    if lacking > 0 {
        note!(
            trace,
            "    {lacking} more patterns of this trigger need a word the sentence does not have"
        );
    }
    if matcher.dict.flat_reading && sent.syntax.is_some() {
        // PETRARCH's own patterns were written for its flat reading: their words may lie in
        // the clause that governs the trigger ("indicated it should act") or in its
        // complement ("allowed that Mordor isn't a pleasant place").
        let wide = sent.window(
            b.flat_pre_start.min(b.pre_start),
            b.stop
                .min(b.mark_after)
                .min(occ.end + 20)
                .max(b.pattern_end),
        );
        for (e, a, z) in matcher.candidates(occ, as_verb) {
            if matcher.specificity(e) < 2 || !better(e, &best) {
                continue;
            }
            if let Some(m) = matcher.try_entry(e, a, z, &wide) {
                let entry = matcher.entry(e);
                note!(
                    trace,
                    "    {}:{} matched over the flat window of words {}..{}",
                    entry.origin.file,
                    entry.origin.line,
                    wide.pre_start + 1,
                    wide.post_end
                );
                best = Some(m);
            }
        }
    }
    if best.is_none() {
        note!(trace, "  no pattern matched");
    }
    best
}

/// What the parse gives as a trigger's roles, for the trace.
fn note_roles(sent: &Sentence<'_>, r: &Roles, trace: &mut Trace<'_>) {
    let name = |m: Option<usize>| {
        m.map_or("none".to_string(), |m| {
            format!("\"{}\"", sent.doc.slice(sent.doc.mentions[m].span))
        })
    };
    note!(
        trace,
        "  roles from the parse: source {}, target {}{}",
        name(r.source),
        name(r.target),
        if r.passive {
            format!(" (passive, patient {})", name(r.patient))
        } else {
            String::new()
        }
    );
}
