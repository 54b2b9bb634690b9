//! Coding one document: triggers, patterns, roles, negation, modality and quotes, per sentence.

use crate::matcher::{mention_index, FormKind, Matcher, Occurrence, Window};
use model::{Actor, Doc, Event, Mention, MentionKind, Modality, Quote, Span, TokenKind};

/// Words after which a base or third-person verb form is read as a noun ("the attack").
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "our", "my", "your",
    "'s", "any", "no", "every", "each", "such", "another", "whose", "of", "for", "with", "new",
];

/// Words after which a base or third-person form reads as a verb ("they attack", "to attack").
const VERB_CONTEXT: &[&str] = &[
    "i", "we", "you", "they", "he", "she", "it", "who", "which", "that", "to", "will", "would",
    "can", "could", "may", "might", "must", "shall", "should", "do", "does", "did", "not", "n't",
    "and", "or", "also", "then", "jointly", "never", "'ll", "'d", "cannot", "both", "often",
];

const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "being", "'s", "'re", "get", "got"];

const PREPOSITIONS: &[&str] = &[
    "in", "of", "to", "from", "with", "at", "on", "for", "by", "against", "into", "over", "under",
    "after", "before", "about", "between", "among", "toward", "towards", "since", "during",
];

/// Words that start a new clause when they stand before a verb.
const CLAUSE_LINKS: &[&str] = &["and", "but", "or", ",", "which", "who", "while", "whereas", "as", "after", "before", "when"];

const REPORTED: &[&str] = &["reportedly", "allegedly", "purportedly"];

/// How many tokens before a trigger negation and modal words are looked for.
const AUX_WINDOW: usize = 4;

/// Quotation spans of a document, as token ranges, with the mention that speaks each.
pub struct Quotes {
    /// (first token inside, end token exclusive, speaker mention)
    pub regions: Vec<(usize, usize, Option<usize>)>,
}

impl Quotes {
    pub fn find(doc: &Doc) -> Quotes {
        let mut regions = Vec::new();
        let mut open: Option<usize> = None;
        for (i, t) in doc.tokens.iter().enumerate() {
            if t.kind != TokenKind::Quote {
                continue;
            }
            let q = doc.slice(t.span);
            match (q, open) {
                ("“" | "«" | "„", _) => open = Some(i),
                ("”" | "»", Some(o)) | ("\"", Some(o)) => {
                    regions.push((o + 1, i, None));
                    open = None;
                }
                ("\"", None) => open = Some(i),
                _ => {}
            }
        }
        let mut quotes = Quotes { regions };
        quotes.attribute(doc);
        quotes
    }

    fn attribute(&mut self, doc: &Doc) {
        let sentence_of = |tok: usize| doc.sentences.iter().position(|s| s.tokens.contains(&tok));
        let mut previous: Option<(usize, Option<usize>)> = None;
        for r in 0..self.regions.len() {
            let (first, end, _) = self.regions[r];
            let close_s = sentence_of(end);
            let open_s = sentence_of(first.saturating_sub(1));
            let after_close = close_s.and_then(|s| {
                let close_at = doc.tokens[end].span.end;
                let limit = doc.tokens.get(end + 8).map_or(usize::MAX, |t| t.span.end);
                doc.mentions.iter().position(|m| m.sentence == s && m.span.start >= close_at && m.span.start < limit && speaker_like(m))
            });
            let before_open = || {
                open_s.and_then(|s| {
                    let open_at = doc.tokens[first.saturating_sub(1)].span.start;
                    doc.mentions.iter().rposition(|m| m.sentence == s && m.span.end <= open_at && speaker_like(m))
                })
            };
            let continued = || {
                previous.and_then(|(prev_close_s, spk)| {
                    let prev = prev_close_s;
                    open_s.filter(|&o| o == prev || o == prev + 1).and(spk)
                })
            };
            let speaker = after_close.or_else(before_open).or_else(continued);
            self.regions[r].2 = speaker;
            previous = close_s.map(|s| (s, speaker));
        }
    }

    /// The region containing a token.
    pub fn region_of(&self, token: usize) -> Option<usize> {
        self.regions.iter().position(|&(a, b, _)| a <= token && token < b)
    }
}

fn speaker_like(m: &Mention) -> bool {
    !matches!(m.kind, MentionKind::Country) || m.actor.sector.is_some()
}

fn lower_words(doc: &Doc, s: usize) -> Vec<String> {
    doc.sentence_tokens(s)
        .iter()
        .map(|t| doc.slice(t.span).replace('’', "'").to_lowercase())
        .collect()
}

/// Codes every sentence of a document.
pub fn code_doc(matcher: &Matcher, doc: &Doc) -> Vec<Event> {
    let quotes = Quotes::find(doc);
    let mut events = Vec::new();
    for s in 0..doc.sentences.len() {
        code_sentence(matcher, doc, s, &quotes, &mut events);
    }
    events
}

fn code_sentence(matcher: &Matcher, doc: &Doc, s: usize, quotes: &Quotes, out: &mut Vec<Event>) {
    let owned = lower_words(doc, s);
    let lower: Vec<&str> = owned.iter().map(String::as_str).collect();
    let n = lower.len();
    let first_token = doc.sentences[s].tokens.start;
    let mentions: Vec<(usize, &Mention)> = doc.mentions.iter().enumerate().filter(|(_, m)| m.sentence == s).collect();
    let (starts, ends) = mention_index(doc, s, &mentions);
    let occs = matcher.occurrences(&lower);
    for (k, occ) in occs.iter().enumerate() {
        let as_verb = occ.verb_reading(&lower, &ends);
        let clause_start = (0..occ.start).rev().find(|&j| matches!(lower[j], ";" | ":")).map_or(0, |j| j + 1);
        let pre_start = clause_start.max(occ.start.saturating_sub(12));
        let stop = (occ.end..n).find(|&j| matches!(lower[j], "." | ";" | ":" | "!" | "?")).unwrap_or(n);
        let next_clause = occs[k + 1..]
            .iter()
            .find(|o| o.start > 0 && CLAUSE_LINKS.contains(&lower[o.start - 1]))
            .map_or(n, |o| o.start);
        let post_end = stop.min(next_clause).min(occ.end + 20);
        let window = Window { lower: &lower, pre_start, post_end, starts: &starts, ends: &ends };
        let mut best: Option<crate::matcher::Match> = None;
        for e in matcher.candidates(occ, as_verb) {
            if let Some(m) = matcher.try_entry(e, occ, &window) {
                let better = best.as_ref().is_none_or(|b| matcher.specificity(e) > matcher.specificity(b.entry));
                if better {
                    best = Some(m);
                }
            }
        }
        let Some(best) = best else { continue };
        let entry = matcher.entry(best.entry);
        let Some(code) = entry.code.clone() else { continue };
        let passive = as_verb && occ.kind == FormKind::Past && is_passive(&lower, occ.start);
        if entry.passive_own_government && !passive {
            continue;
        }
        let trigger_token = first_token + occ.start;
        let region = quotes.region_of(trigger_token);
        let subject = best.source.or_else(|| subject_of(doc, &lower, &mentions, &ends, occ, clause_start, region.map(|r| quotes.regions[r]), first_token, as_verb));
        let object = best.target.or_else(|| {
            (occ.end..post_end).find_map(|j| starts.get(&j).map(|&(m, _)| m)).filter(|&m| Some(m) != subject)
        });
        let mut event = Event {
            sentence: s,
            source: subject,
            target: object,
            source_actor: None,
            target_actor: None,
            cameo: code.clone(),
            trigger: Span::new(doc.tokens[trigger_token].span.start, doc.tokens[first_token + occ.end - 1].span.end),
            rule: format!("{}:{} {}", entry.origin.file, entry.origin.line, matcher.dict.pattern_text(entry)),
            negated: negated(&lower, occ.start, clause_start),
            modality: modality(&lower, occ.start, clause_start),
            quote: None,
            date: doc.meta.date,
            confidence: 0.0,
        };
        if passive && best.source.is_none() && best.target.is_none() {
            let by_agent = (occ.end..post_end)
                .find(|&j| lower[j] == "by")
                .and_then(|j| (j + 1..post_end.min(j + 3)).find_map(|p| starts.get(&p).map(|&(m, _)| m)));
            event.target = subject;
            event.source = by_agent;
            if by_agent.is_none() && entry.passive_own_government {
                let Some(patient) = subject else { continue };
                let actor = &doc.mentions[patient].actor;
                let Some(country) = actor.country.clone() else { continue };
                event.source = Some(patient);
                event.source_actor = Some(Actor {
                    code: format!("{country}GOV"),
                    country: Some(country.clone()),
                    sector: Some("GOV".into()),
                    name: None,
                    role: None,
                    posted_to: None,
                });
                event.target = None;
                if let Some(post) = actor.posted_to.clone() {
                    event.target = Some(patient);
                    event.target_actor = Some(Actor { code: post.clone(), country: Some(post), ..Actor::default() });
                }
            }
        }
        if event.source.is_some() && event.source == event.target && event.target_actor.is_none() {
            event.target = None;
        }
        if event.source.is_none() && event.target.is_none() {
            continue;
        }
        if let Some(r) = region {
            let (a, b, speaker) = quotes.regions[r];
            event.quote = Some(Quote { span: Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end), speaker });
        } else if code.starts_with("01") {
            // A statement whose sentence carries a quotation: that quotation is what was said.
            let range = doc.sentences[s].tokens.clone();
            if let Some(&(a, b, speaker)) = quotes.regions.iter().find(|(a, _, _)| range.contains(a)) {
                if b > a {
                    event.quote = Some(Quote { span: Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end), speaker });
                }
            }
        }
        if REPORTED.iter().any(|w| lower.contains(w)) || lower.windows(2).any(|w| w == ["according", "to"] || w == ["quoted", "as"]) {
            if event.modality == Modality::Asserted {
                event.modality = Modality::Reported;
            }
        }
        event.confidence = confidence(matcher.specificity(best.entry), &event, doc);
        let reverse = entry.reverse.clone();
        let swapped = reverse.filter(|_| event.source.is_some() && event.target.is_some()).map(|r| {
            let mut e = event.clone();
            std::mem::swap(&mut e.source, &mut e.target);
            std::mem::swap(&mut e.source_actor, &mut e.target_actor);
            e.cameo = r;
            e
        });
        out.push(event);
        out.extend(swapped);
    }
}

impl Occurrence {
    /// Whether a verb form here reads as a verb rather than a noun or adjective.
    fn verb_reading(&self, lower: &[&str], ends: &std::collections::HashMap<usize, (usize, usize)>) -> bool {
        if self.start == 0 {
            return true;
        }
        let prev = lower[self.start - 1];
        if DETERMINERS.contains(&prev) {
            return false;
        }
        match self.kind {
            FormKind::Past | FormKind::Gerund => true,
            FormKind::Base | FormKind::ThirdPerson => {
                VERB_CONTEXT.contains(&prev) || prev.ends_with("ly") || ends.contains_key(&self.start) || BE.contains(&prev)
            }
        }
    }
}

fn is_passive(lower: &[&str], start: usize) -> bool {
    let mut j = start;
    let mut steps = 0;
    while j > 0 && steps < 4 {
        j -= 1;
        steps += 1;
        let w = lower[j];
        if BE.contains(&w) {
            return true;
        }
        if !(w.ends_with("ly") || matches!(w, "not" | "n't" | "also" | "later" | "then" | "since" | "already")) {
            return false;
        }
    }
    false
}

#[allow(clippy::too_many_arguments)]
fn subject_of(
    doc: &Doc,
    lower: &[&str],
    mentions: &[(usize, &Mention)],
    ends: &std::collections::HashMap<usize, (usize, usize)>,
    occ: &Occurrence,
    clause_start: usize,
    region: Option<(usize, usize, Option<usize>)>,
    first_token: usize,
    as_verb: bool,
) -> Option<usize> {
    let _ = mentions;
    // For a noun trigger, the actor right before it ("US sanctions", "Biden's remarks").
    if !as_verb {
        let mut j = occ.start;
        if j > 0 && lower[j - 1] == "'s" {
            j -= 1;
        }
        for back in [j, j.saturating_sub(1)] {
            if let Some(&(m, from)) = ends.get(&back) {
                let anti = from >= 2 && lower[from - 1] == "-" && lower[from - 2] == "anti";
                if !anti {
                    return Some(m);
                }
            }
        }
    }
    let inside = |tok: usize| region.is_some_and(|(a, b, _)| a <= first_token + tok && first_token + tok < b);
    let trigger_inside = inside(occ.start);
    let mut fallback = None;
    for end in (clause_start + 1..=occ.start).rev() {
        let Some(&(m, from)) = ends.get(&end) else { continue };
        if trigger_inside && !inside(from) {
            break;
        }
        let after_preposition = from > 0 && PREPOSITIONS.contains(&lower[from - 1]);
        let anti = from >= 2 && lower[from - 1] == "-" && lower[from - 2] == "anti";
        if anti {
            continue;
        }
        if !after_preposition {
            return Some(m);
        }
        fallback.get_or_insert(m);
    }
    if trigger_inside {
        if let Some((_, _, speaker)) = region {
            return speaker.or(fallback);
        }
    }
    let _ = doc;
    fallback
}

fn negated(lower: &[&str], start: usize, clause_start: usize) -> bool {
    let from = start.saturating_sub(AUX_WINDOW).max(clause_start);
    lower[from..start].iter().any(|w| matches!(*w, "not" | "n't" | "never" | "cannot"))
        || lower[from..start].windows(2).any(|w| w == ["no", "longer"])
}

fn modality(lower: &[&str], start: usize, clause_start: usize) -> Modality {
    let from = start.saturating_sub(AUX_WINDOW).max(clause_start);
    let window = &lower[from..start];
    if window.iter().any(|w| matches!(*w, "would" | "could" | "might" | "may" | "should" | "if" | "'d")) {
        Modality::Hypothetical
    } else if window.iter().any(|w| matches!(*w, "will" | "'ll" | "shall" | "plans" | "plan" | "intends" | "expected" | "going")) {
        Modality::Future
    } else {
        Modality::Asserted
    }
}

fn confidence(specificity: usize, e: &Event, doc: &Doc) -> f32 {
    let mut c = 0.35 + 0.08 * (specificity.min(6) as f32);
    if e.source.is_some() {
        c += 0.15;
    }
    if e.target.is_some() {
        c += 0.1;
    }
    let pronoun = |m: Option<usize>| m.is_some_and(|i| doc.mentions[i].kind == MentionKind::Pronoun);
    if pronoun(e.source) || pronoun(e.target) {
        c -= 0.1;
    }
    if e.source_actor.is_some() {
        c -= 0.1;
    }
    c.clamp(0.05, 0.95)
}
