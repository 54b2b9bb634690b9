//! One sentence as the coder reads it: its words, actors, triggers, parse and quotation
//! marks, and the windows each trigger's patterns and roles are looked for in.

use super::{CLAUSE_LINKS, COMPLEMENTIZERS};
use crate::flat::clause_subject_start;
use crate::matcher::{mention_index, Matcher, MentionIndex, Occurrence, Window};
use crate::quotes::{mentions_of, Quotes};
use crate::roles::SentenceSyntax;
use model::{Doc, Mention};

pub(super) struct Sentence<'a> {
    pub doc: &'a Doc,
    pub s: usize,
    pub lower: &'a [&'a str],
    pub n: usize,
    pub first_token: usize,
    /// The sentence's mentions that name an actor (a pronoun nobody could be found for names
    /// none), by document index.
    pub mentions: Vec<(usize, &'a Mention)>,
    pub starts: MentionIndex,
    pub ends: MentionIndex,
    pub ids: Vec<u32>,
    pub present: Vec<u64>,
    /// The parse, when the parser read this sentence (it reads every sentence that can give
    /// an event); without one the flat heuristics place the roles.
    pub syntax: Option<SentenceSyntax<'a>>,
    pub occs: Vec<Occurrence>,
    /// Per trigger, whether it is read as a verb.
    pub verbal: Vec<bool>,
    /// The marks of real quotations, as sentence-relative token positions.
    pub marks: Vec<usize>,
}

/// Where one trigger's patterns and roles are looked for (sentence-relative token positions).
pub(super) struct Bounds {
    /// After the last ";" or ":" before the trigger.
    pub clause_start: usize,
    /// After the last quotation mark before the trigger, and the first after it.
    pub mark_before: usize,
    pub mark_after: usize,
    /// The first word a pattern may take before the trigger, and the end of what it may take
    /// after it.
    pub pre_start: usize,
    pub pattern_end: usize,
    /// The same start in the flat reading, which the parse narrows.
    pub flat_pre_start: usize,
    /// The end of the sentence's clause (its first full stop, ";", ":" or question mark).
    pub stop: usize,
    /// Where a target may still stand.
    pub target_end: usize,
}

/// The occurrences that do not touch an actor's name: tokens inside one are not triggers
/// ("United" in "United Kingdom", "State" in "Secretary of State").
pub fn outside_names(
    occs: Vec<Occurrence>,
    starts: &crate::matcher::MentionIndex,
    n: usize,
) -> Vec<Occurrence> {
    let mut named = vec![false; n];
    for (&a, &(_, b)) in starts.iter() {
        for flag in &mut named[a..b.min(n)] {
            *flag = true;
        }
    }
    occs.into_iter()
        .filter(|o| !named[o.start..o.end].iter().any(|&f| f))
        .collect()
}

/// A noun trigger of several words ("hunger strike") is read from the noun that heads them:
/// its first word is a compound modifier, whose clause is only itself.
fn compound_head(syn: &SentenceSyntax<'_>, mut o: Occurrence) -> Occurrence {
    if syn.tag(o.head).is_verb() {
        return o;
    }
    while syn.rel(o.head) == model::Rel::Compound {
        match syn.parse.head(o.head) {
            Some(h) if h > o.head && h <= o.end + 1 && syn.tag(h).is_noun() => o.head = h,
            _ => break,
        }
    }
    o
}

impl<'a> Sentence<'a> {
    pub fn new(
        matcher: &Matcher,
        doc: &'a Doc,
        s: usize,
        quotes: &Quotes,
        lower: &'a [&'a str],
    ) -> Sentence<'a> {
        let n = lower.len();
        let first_token = doc.sentences[s].tokens.start;
        let mentions: Vec<(usize, &Mention)> = mentions_of(doc, s)
            .map(|i| (i, &doc.mentions[i]))
            .filter(|(_, m)| !m.actor.code.is_empty())
            .collect();
        let (starts, ends) = mention_index(doc, s, &mentions);
        let ids = matcher.pattern_ids(lower);
        let present = matcher.presence(&ids);
        let occs = outside_names(matcher.occurrences(lower), &starts, n);
        let syntax = doc.parse_of(s).filter(|p| p.len() == n).map(|parse| {
            let mut spans: Vec<(usize, usize, usize)> =
                starts.iter().map(|(&a, &(m, b))| (m, a, b)).collect();
            spans.sort_unstable_by_key(|&(m, a, _)| (a, m));
            SentenceSyntax::new(doc, parse, lower, &spans)
        });
        // With a parse, a verb pattern fires only on a word tagged as a verb and a noun pattern
        // only on a noun; a trigger word tagged as neither ("U.S.-backed") is no trigger.
        let occs: Vec<Occurrence> = match &syntax {
            Some(syn) => occs
                .into_iter()
                .filter(|o| syn.tag(o.head).is_verb() || syn.tag(o.head).is_noun())
                .map(|o| compound_head(syn, o))
                .collect(),
            None => occs,
        };
        let verbal: Vec<bool> = occs
            .iter()
            .map(|o| match &syntax {
                Some(syn) => syn.tag(o.head).is_verb(),
                None => o.verb_reading(doc, lower, &ends),
            })
            .collect();
        let marks = quotation_marks(quotes, first_token, n);
        Sentence {
            doc,
            s,
            lower,
            n,
            first_token,
            mentions,
            starts,
            ends,
            ids,
            present,
            syntax,
            occs,
            verbal,
            marks,
        }
    }

    /// The text of tokens `a..b`.
    pub fn words(&self, a: usize, b: usize) -> String {
        let toks = self.doc.sentence_tokens(self.s);
        if a >= b || b > toks.len() {
            return String::new();
        }
        self.doc.text[toks[a].span.start..toks[b - 1].span.end].to_string()
    }

    /// A pattern window from `pre_start` to `post_end`.
    pub fn window(&self, pre_start: usize, post_end: usize) -> Window<'_> {
        Window {
            ids: &self.ids,
            present: &self.present,
            pre_start,
            post_end,
            starts: &self.starts,
            ends: &self.ends,
        }
    }

    /// Where the patterns and roles of trigger `k` are looked for.
    pub fn bounds(&self, k: usize) -> Bounds {
        let (lower, n, occ) = (self.lower, self.n, &self.occs[k]);
        let clause_start = (0..occ.start)
            .rev()
            .find(|&j| matches!(lower[j], ";" | ":"))
            .map_or(0, |j| j + 1);
        // Quotation marks bound both windows: words inside a quotation and around it belong
        // to different speakers.
        let mark_before = self
            .marks
            .iter()
            .rev()
            .find(|&&j| j < occ.start)
            .map_or(0, |&j| j + 1);
        let mark_after = self
            .marks
            .iter()
            .find(|&&j| j >= occ.end)
            .copied()
            .unwrap_or(n);
        let pre_start = clause_start
            .max(occ.start.saturating_sub(12))
            .max(mark_before);
        let stop = (occ.end..n)
            .find(|&j| matches!(lower[j], "." | ";" | ":" | "!" | "?"))
            .unwrap_or(n);
        let later = || self.occs[k + 1..].iter().zip(&self.verbal[k + 1..]);
        let next_clause = later()
            .find(|(o, v)| **v && o.start > 0 && CLAUSE_LINKS.contains(&lower[o.start - 1]))
            .map_or(n, |(o, _)| o.start - 1);
        let clause_end = stop.min(next_clause).min(occ.end + 20).min(mark_after);
        // The object may sit in a "that" clause ("said that ... Washington"), not in a
        // "when" or "because" clause; patterns stay within the verb's own clause.
        let target_end = (occ.end..clause_end)
            .find(|&j| lower[j] != "that" && COMPLEMENTIZERS.contains(&lower[j]))
            .unwrap_or(clause_end);
        // Patterns also stop where a new clause begins: a subject before a later verb ("said
        // on Tuesday it had halted aid": "aid" is not what was said).
        let new_clause = later()
            .filter(|(_, v)| **v)
            .find_map(|(o, _)| clause_subject_start(lower, &self.ends, o.start, occ.end))
            .unwrap_or(n);
        let flat_end = (occ.end..target_end)
            .find(|&j| COMPLEMENTIZERS.contains(&lower[j]))
            .unwrap_or(target_end)
            .min(new_clause);
        // With a parse, a pattern stays within the trigger's own clause.
        let (parsed_start, pattern_end) = match &self.syntax {
            Some(syn) => {
                let (lo, hi) = syn.clause(occ.head, occ.start, occ.end);
                (
                    lo.max(clause_start).max(mark_before),
                    hi.min(stop).min(mark_after).min(occ.end + 20),
                )
            }
            None => (pre_start, flat_end),
        };
        Bounds {
            clause_start,
            mark_before,
            mark_after,
            pre_start: parsed_start,
            pattern_end,
            flat_pre_start: pre_start,
            stop,
            target_end,
        }
    }
}

/// The marks of real quotations in the sentence whose first token is `first_token`, as
/// sentence-relative token positions. A short quoted phrase ("a “killer”") is a citation
/// inside the sentence, not a change of speaker, so it does not bound anything.
fn quotation_marks(quotes: &Quotes, first_token: usize, n: usize) -> Vec<usize> {
    let last_token = first_token + n;
    let mut marks: Vec<usize> = Vec::new();
    let from = quotes.regions.partition_point(|&(_, b, _)| b < first_token);
    for &(a, b, _) in quotes.regions[from..]
        .iter()
        .take_while(|(a, _, _)| *a <= last_token)
    {
        for mark in [a.wrapping_sub(1), b] {
            if (first_token..last_token).contains(&mark) {
                marks.push(mark - first_token);
            }
        }
    }
    marks.sort_unstable();
    marks
}
