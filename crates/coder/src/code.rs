//! Coding one document: triggers, patterns, roles, negation, modality and quotes, per sentence.

use crate::flat::{clause_subject_start, coordinated, is_passive, place_like, subject_of};
use crate::matcher::{mention_index, FormKind, Matcher, Occurrence, Window};
use crate::modality::{confidence, intent_code, modality, negated, REPORTED};
use crate::quotes::{mentions_of, Quotes};
use crate::roles::{SentenceSyntax, LOCATIVE};
use model::{Actor, Doc, Event, Mention, MentionKind, Modality, Quote, Span};

/// Words that start a new clause when they stand before a verb.
const CLAUSE_LINKS: &[&str] = &[
    "and", "but", "or", ",", "which", "who", "while", "whereas", "as", "after", "before", "when",
];

fn lower_words(doc: &Doc, s: usize) -> Vec<std::borrow::Cow<'_, str>> {
    doc.sentence_tokens(s)
        .iter()
        .map(|t| match model::straight_apostrophes(doc.slice(t.span)) {
            std::borrow::Cow::Borrowed(w) => model::lowercase(w),
            std::borrow::Cow::Owned(w) => std::borrow::Cow::Owned(w.to_lowercase()),
        })
        .collect()
}

/// Whether a sentence can give an event: it has an actor with a code and a trigger with a
/// pattern whose words the sentence has.
pub fn wants_parse(matcher: &Matcher, doc: &Doc, s: usize) -> bool {
    let has_actor = doc.mentions[mentions_of(doc, s)]
        .iter()
        .any(|m| !m.actor.code.is_empty());
    if !has_actor {
        return false;
    }
    let owned = lower_words(doc, s);
    let lower: Vec<&str> = owned.iter().map(|w| w.as_ref()).collect();
    let occs = matcher.occurrences(&lower);
    if occs.is_empty() {
        return false;
    }
    // A trigger all of whose patterns need a word the sentence lacks gives no event however
    // it is parsed.
    let present = matcher.presence(&matcher.word_ids(&lower));
    occs.iter().any(|o| {
        [true, false].into_iter().any(|verb| {
            matcher
                .candidates(o, verb)
                .iter()
                .any(|&(e, _, _)| !matcher.lacks_words(e, &present))
        })
    })
}

/// Codes every sentence of a document.
pub fn code_doc(matcher: &Matcher, doc: &Doc) -> Vec<Event> {
    let quotes = Quotes::find(doc);
    let mut events = Vec::new();
    for s in 0..doc.sentences.len() {
        code_sentence(matcher, doc, s, &quotes, &mut events, None);
    }
    events
}

/// Words that open a subordinate clause: the subject of a verb is not found beyond them, and
/// a pattern does not reach past them.
const COMPLEMENTIZERS: &[&str] = &[
    "that", "which", "who", "whom", "because", "whether", "if", "when", "while", "although",
    "though", "whereas", "where", "whose",
];

/// What the coder saw and decided in one sentence, in words (for `attache explain`): each
/// candidate trigger, the patterns tried and why each matched or not, the roles, and why a
/// matched pattern gave no event.
pub fn explain_sentence(matcher: &Matcher, doc: &Doc, s: usize) -> Vec<String> {
    let quotes = Quotes::find(doc);
    let mut lines = Vec::new();
    let mut events = Vec::new();
    code_sentence(matcher, doc, s, &quotes, &mut events, Some(&mut lines));
    lines
}

/// Adds a line to the trace, when there is one.
macro_rules! note {
    ($trace:expr, $($arg:tt)*) => {
        if let Some(t) = $trace.as_mut() {
            t.push(format!($($arg)*));
        }
    };
}

fn code_sentence(
    matcher: &Matcher,
    doc: &Doc,
    s: usize,
    quotes: &Quotes,
    out: &mut Vec<Event>,
    mut trace: Option<&mut Vec<String>>,
) {
    let owned = lower_words(doc, s);
    let lower: Vec<&str> = owned.iter().map(|w| w.as_ref()).collect();
    let n = lower.len();
    let first_token = doc.sentences[s].tokens.start;
    let mentions: Vec<(usize, &Mention)> = mentions_of(doc, s)
        .map(|i| (i, &doc.mentions[i]))
        // A pronoun nobody could be found for names no actor.
        .filter(|(_, m)| !m.actor.code.is_empty())
        .collect();
    let (starts, ends) = mention_index(doc, s, &mentions);
    let occs = matcher.occurrences(&lower);
    let ids = matcher.word_ids(&lower);
    let present = matcher.presence(&ids);
    // Tokens inside an actor's name are not triggers ("United" in "United Kingdom").
    let mut named = vec![false; n];
    for (&a, &(_, b)) in starts.iter() {
        for flag in &mut named[a..b.min(n)] {
            *flag = true;
        }
    }
    let occs: Vec<Occurrence> = occs
        .into_iter()
        .filter(|o| !named[o.start..o.end].iter().any(|&f| f))
        .collect();
    // The parse, when the parser read this sentence (it reads every sentence with an actor and
    // a trigger), places the roles; without one the flat heuristics below do.
    let syntax = doc.parse_of(s).filter(|p| p.len() == n).map(|parse| {
        let mut spans: Vec<(usize, usize, usize)> =
            starts.iter().map(|(&a, &(m, b))| (m, a, b)).collect();
        spans.sort_unstable_by_key(|&(m, a, _)| (a, m));
        SentenceSyntax::new(doc, parse, &lower, &spans)
    });
    // With a parse, a verb pattern fires only on a word tagged as a verb and a noun pattern
    // only on a noun; a trigger word tagged as neither ("U.S.-backed") is no trigger.
    let occs: Vec<Occurrence> = match &syntax {
        Some(syn) => occs
            .into_iter()
            .filter(|o| syn.tag(o.head).is_verb() || syn.tag(o.head).is_noun())
            .collect(),
        None => occs,
    };
    let verbal: Vec<bool> = occs
        .iter()
        .map(|o| match &syntax {
            Some(syn) => syn.tag(o.head).is_verb(),
            None => o.verb_reading(doc, &lower, &ends),
        })
        .collect();
    // The marks of real quotations in this sentence, as sentence-relative token positions. A
    // short quoted phrase ("a “killer”") is a citation inside the sentence, not a change of
    // speaker, so it does not bound anything.
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
    if occs.is_empty() {
        note!(trace, "no word of the sentence triggers a pattern");
    }
    let words = |a: usize, b: usize| -> String {
        let toks = doc.sentence_tokens(s);
        if a >= b || b > toks.len() {
            return String::new();
        }
        doc.text[toks[a].span.start..toks[b - 1].span.end].to_string()
    };
    // The triggers that gave an event, by head token: a noun they govern is part of their
    // pattern ("threatened military strikes", "imposed sanctions").
    let mut coded_heads: Vec<usize> = Vec::new();
    // Obligations in what is said: (the verb of saying, the demand's code, who must act).
    let mut demands: Vec<(usize, &'static str, Option<usize>)> = Vec::new();
    let first_event = out.len();
    for (k, occ) in occs.iter().enumerate() {
        let as_verb = verbal[k];
        note!(
            trace,
            "trigger \"{}\" (token {}{}): read as a {}",
            words(occ.start, occ.end),
            occ.head + 1,
            syntax.as_ref().map_or(String::new(), |x| format!(
                ", tagged {}",
                x.tag(occ.head).as_str()
            )),
            if as_verb { "verb" } else { "noun" }
        );
        let governor = syntax.as_ref().and_then(|x| {
            let h = x.parse.head(occ.head)?;
            (!as_verb && x.parse.rels[occ.head] == model::Rel::Dobj && coded_heads.contains(&h))
                .then_some(h)
        });
        if let Some(h) = governor {
            note!(
                trace,
                "  no event: the object of \"{}\", whose own event covers it",
                words(h, h + 1)
            );
            continue;
        }
        let clause_start = (0..occ.start)
            .rev()
            .find(|&j| matches!(lower[j], ";" | ":"))
            .map_or(0, |j| j + 1);
        // Quotation marks bound both windows: words inside a quotation and around it belong
        // to different speakers.
        let mark_before = marks
            .iter()
            .rev()
            .find(|&&j| j < occ.start)
            .map_or(0, |&j| j + 1);
        let mark_after = marks.iter().find(|&&j| j >= occ.end).copied().unwrap_or(n);
        let pre_start = clause_start
            .max(occ.start.saturating_sub(12))
            .max(mark_before);
        let flat_pre_start = pre_start;
        let stop = (occ.end..n)
            .find(|&j| matches!(lower[j], "." | ";" | ":" | "!" | "?"))
            .unwrap_or(n);
        let next_clause = occs[k + 1..]
            .iter()
            .zip(&verbal[k + 1..])
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
        let new_clause = occs[k + 1..]
            .iter()
            .zip(&verbal[k + 1..])
            .filter(|(_, v)| **v)
            .find_map(|(o, _)| clause_subject_start(&lower, &ends, o.start, occ.end))
            .unwrap_or(n);
        let pattern_end = (occ.end..target_end)
            .find(|&j| COMPLEMENTIZERS.contains(&lower[j]))
            .unwrap_or(target_end)
            .min(new_clause);
        // With a parse, a pattern stays within the trigger's own clause.
        let (pre_start, pattern_end) = match &syntax {
            Some(syn) => {
                let (lo, hi) = syn.clause(occ.head, occ.start, occ.end);
                (
                    lo.max(clause_start).max(mark_before),
                    hi.min(stop).min(mark_after).min(occ.end + 20),
                )
            }
            None => (pre_start, pattern_end),
        };
        let roles = syntax.as_ref().map(|syn| syn.roles(occ.head, as_verb));
        let window = Window {
            ids: &ids,
            present: &present,
            pre_start,
            post_end: pattern_end,
            starts: &starts,
            ends: &ends,
        };
        note!(
            trace,
            "  patterns may match words {}..{}: \"{}\"",
            pre_start + 1,
            pattern_end,
            words(pre_start, pattern_end)
        );
        if let Some(r) = &roles {
            let name = |m: Option<usize>| {
                m.map_or("none".to_string(), |m| {
                    format!("\"{}\"", doc.slice(doc.mentions[m].span))
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
        let mut best: Option<crate::matcher::Match> = None;
        let mut lacking = 0;
        for (e, a, b) in matcher.candidates(occ, as_verb) {
            let found = matcher.try_entry(e, a, b, &window);
            if trace.is_some() {
                let entry = matcher.entry(e);
                let what = format!(
                    "{}:{} {}",
                    entry.origin.file,
                    entry.origin.line,
                    matcher.dict.pattern_text(entry)
                );
                let verdict = if matcher.lacks_words(e, &present) {
                    // Most of a common verb's patterns need a word the sentence lacks: they
                    // are counted, not listed.
                    lacking += 1;
                    ""
                } else if found.is_some() {
                    "matched"
                } else {
                    "no: its elements do not stand in order within the window"
                };
                if !verdict.is_empty() {
                    note!(trace, "    tried {what}: {verdict}");
                }
            }
            if let Some(m) = found {
                if best
                    .as_ref()
                    .is_none_or(|b| matcher.specificity(e) > matcher.specificity(b.entry))
                {
                    best = Some(m);
                }
            }
        }
        if lacking > 0 {
            note!(
                trace,
                "    {lacking} more patterns of this trigger need a word the sentence does not have"
            );
        }
        if matcher.dict.flat_reading && syntax.is_some() {
            // PETRARCH's own patterns were written for its flat reading: their words may lie
            // in the clause that governs the trigger ("indicated it should act") or in its
            // complement ("allowed that Mordor isn't a pleasant place").
            let wide = Window {
                pre_start: flat_pre_start.min(pre_start),
                post_end: stop.min(mark_after).min(occ.end + 20).max(pattern_end),
                ..window
            };
            for (e, a, b) in matcher.candidates(occ, as_verb) {
                let better = |m: &Option<crate::matcher::Match>| {
                    m.as_ref()
                        .is_none_or(|m| matcher.specificity(e) > matcher.specificity(m.entry))
                };
                if matcher.specificity(e) < 2 || !better(&best) {
                    continue;
                }
                if let Some(m) = matcher.try_entry(e, a, b, &wide) {
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
        let Some(best) = best else {
            note!(trace, "  no pattern matched");
            continue;
        };
        let entry = matcher.entry(best.entry);
        note!(
            trace,
            "  chose {}:{} {} (the most specific that matched)",
            entry.origin.file,
            entry.origin.line,
            matcher.dict.pattern_text(entry)
        );
        let Some(code) = entry.code.clone() else {
            note!(trace, "  that pattern marks a phrase that is not an event");
            continue;
        };
        // "calling them an occupying army": a verb with a predicate on its object names or
        // judges it; a pattern that does not read that predicate reads the wrong sense.
        if let Some(p) = syntax
            .as_ref()
            .filter(|_| as_verb)
            .and_then(|x| x.predicate_on_object(occ.head))
            .filter(|&p| !best.consumed.iter().any(|&(a, b)| a <= p && p < b))
        {
            note!(
                trace,
                "  no event: the verb names its object \"{}\", which the pattern does not read",
                words(p, p + 1)
            );
            continue;
        }
        let passive = match &roles {
            Some(r) => as_verb && r.passive,
            None => as_verb && occ.kind == FormKind::Past && is_passive(&lower, occ.start),
        };
        if entry.passive_own_government && !passive {
            note!(trace, "  no event: the pattern applies only in the passive");
            continue;
        }
        // The subject is looked for back to the previous verb or clause opener, never past it.
        let previous_verb = occs[..k]
            .iter()
            .zip(&verbal[..k])
            .rev()
            .find(|(o, v)| **v && o.end <= occ.start)
            .map_or(0, |(o, _)| o.end);
        let opener = (0..occ.start)
            .rev()
            .find(|&j| COMPLEMENTIZERS.contains(&lower[j]))
            .map_or(0, |j| j + 1);
        let subject_start = clause_start.max(previous_verb).max(opener).max(mark_before);
        let trigger_token = first_token + occ.start;
        let region = quotes.region_of(trigger_token);
        // A parse that gives the verb no subject at all (a misparse such as "Pakistan today
        // threatened") leaves it to the flat search; one whose subject is no actor does not.
        let parsed_subject = roles.as_ref().filter(|r| !r.no_subject).map(|r| {
            if r.passive {
                r.patient
            } else {
                r.source
            }
        });
        let subject = best
            .source
            .or_else(|| match parsed_subject {
                Some(found) => found,
                None => subject_of(&lower, &ends, occ, subject_start, as_verb),
            })
            .or_else(|| {
                // Inside a quotation with nobody named before the verb, the speaker is the subject.
                region
                    .and_then(|r| quotes.regions[r].2)
                    .filter(|_| !as_verb || subject_start == mark_before)
            });
        let consumed = |j: usize| best.consumed.iter().any(|&(a, b)| a <= j && j < b);
        // A place after "in" that follows a noun says where that thing happened ("the attack
        // in Moscow"), so it is not the target; after the verb itself ("arrived in Gondor") it is.
        let locative = |j: usize| {
            j >= 2
                && LOCATIVE.contains(&lower[j - 1])
                && j - 2 >= occ.end
                && place_like(doc, starts.get(&j).map(|&(m, _)| m))
        };
        let object = best.target.or_else(|| {
            if let Some(r) = &roles {
                let found = if r.passive {
                    r.target.filter(|t| Some(*t) != r.patient)
                } else {
                    r.target
                };
                // A passive's subject is its target already.
                if found.is_some() || r.passive {
                    return found;
                }
            }
            // Where the parse names no target (or misreads the phrase: "visited Russia
            // today" taken as one noun), the first actor after the trigger in its clause,
            // unless the parse puts it in a phrase of topic or as another verb's object.
            let topic = |m: usize| syntax.as_ref().is_some_and(|x| x.topic(occ.head, m));
            // Nor is the subject of a verb outside the trigger's subtree ("..., a senior
            // official said") its target.
            let elsewhere = |m: usize| {
                syntax
                    .as_ref()
                    .is_some_and(|x| x.subject_elsewhere(m, occ.head))
            };
            (occ.end..target_end)
                .filter(|&j| !consumed(j) && !locative(j))
                .find_map(|j| starts.get(&j).map(|&(m, _)| m))
                .filter(|&m| Some(m) != subject && !topic(m) && !elsewhere(m))
        });
        // The object may be a word of the pattern itself ("*recall ambassador"): then the
        // target lies beyond it, or is the country the diplomat is posted to.
        let mention_taken = |m: usize| {
            starts
                .iter()
                .any(|(&a, &(x, b))| x == m && (a..b).any(&consumed))
        };
        let mut posted = None;
        let object = match (object, &syntax) {
            (Some(m), Some(syn)) if best.target.is_none() && mention_taken(m) => {
                // Else a diplomat stands for the country he is posted to, and an actor of
                // a country for that country ("expelled Russian diplomats").
                let beyond = syn.beyond_object(occ.head, &mention_taken);
                let actor = &doc.mentions[m].actor;
                match (beyond, &actor.posted_to) {
                    (Some(b), _) => Some(b),
                    (None, Some(p)) => {
                        posted = Some((m, p.clone()));
                        None
                    }
                    (None, None) => actor.country.is_some().then_some(m),
                }
            }
            (o, _) => o,
        };
        let mood = syntax.as_ref().map(|x| x.mood(occ.head, as_verb));
        let mut event = Event {
            sentence: s,
            source: subject,
            target: object,
            source_actor: None,
            target_actor: None,
            cameo: code.clone(),
            trigger: Span::new(
                doc.tokens[trigger_token].span.start,
                doc.tokens[first_token + occ.end - 1].span.end,
            ),
            rule: format!(
                "{}:{} {}",
                entry.origin.file,
                entry.origin.line,
                matcher.dict.pattern_text(entry)
            ),
            // A pattern that spells out the negation ("DID N'T CLASH OVER") codes the negated
            // act itself.
            negated: !spells_negation(&lower, &best.consumed)
                && match &mood {
                    Some(m) => m.negated,
                    None => negated(&lower, occ.start, clause_start),
                },
            modality: match (&roles, &mood) {
                (Some(r), _) if r.intent => Modality::Future,
                (_, Some(m)) => m.modality,
                _ => modality(&lower, occ.start, clause_start),
            },
            quote: None,
            date: doc.meta.date,
            confidence: 0.0,
        };
        // What might, could, should or would happen, what happens only if something else
        // does, and what is asked, did not happen: no event. An obligation in what someone
        // says is that speaker's demand.
        if event.modality == Modality::Hypothetical {
            let why = mood
                .as_ref()
                .map_or("a modal before it", |m| m.why.as_str());
            if let Some(v) = mood.as_ref().and_then(|m| m.demanded_by) {
                demands.push((v, demand_code(&code), event.source));
                note!(
                    trace,
                    "  no event: {why}; the verb of saying it depends on codes a demand"
                );
            } else {
                note!(trace, "  no event: {why}, not an act that happened");
            }
            continue;
        }
        if let Some(why) = syntax
            .as_ref()
            .filter(|_| !matcher.dict.flat_reading)
            .and_then(|x| x.charged(occ.head, as_verb))
        {
            note!(
                trace,
                "  no event: {why}, alleged rather than reported as done"
            );
            continue;
        }
        if let Some((m, country)) = posted {
            event.target = Some(m);
            event.target_actor = Some(Actor {
                code: country.clone(),
                country: Some(country),
                ..Actor::default()
            });
        }
        if passive && best.source.is_none() && best.target.is_none() {
            let by_agent = match &roles {
                Some(r) => r.source,
                None => (occ.end..target_end)
                    .find(|&j| lower[j] == "by")
                    .and_then(|j| {
                        (j + 1..target_end.min(j + 3)).find_map(|p| starts.get(&p).map(|&(m, _)| m))
                    }),
            };
            event.target = subject;
            event.source = by_agent;
            if by_agent.is_none() && entry.passive_own_government {
                let Some(patient) = subject else { continue };
                let actor = &doc.mentions[patient].actor;
                let Some(country) = actor.country.clone() else {
                    continue;
                };
                event.source = Some(patient);
                event.source_actor = Some(Actor {
                    code: format!("{country}GOV"),
                    country: Some(country.clone()),
                    sector: Some("GOV".into()),
                    ..Actor::default()
                });
                event.target = None;
                if let Some(post) = actor.posted_to.clone() {
                    event.target = Some(patient);
                    event.target_actor = Some(Actor {
                        code: post.clone(),
                        country: Some(post),
                        ..Actor::default()
                    });
                }
                // The mention that names each side best is the evidence: "recalled to
                // Moscow" names the government that recalled, "U.S. President" the country
                // it recalled from; the diplomat's name stays where nothing better is written.
                let others: Vec<usize> = mentions
                    .iter()
                    .map(|&(i, _)| i)
                    .filter(|&i| i != patient)
                    .collect();
                if let Some(m) = naming(doc, &others, &country) {
                    event.source = Some(m);
                }
                if let Some(post) = &actor.posted_to {
                    if let Some(m) = naming(doc, &others, post) {
                        event.target = Some(m);
                    }
                }
            }
        }
        if event.source.is_some() && event.source == event.target && event.target_actor.is_none() {
            event.target = None;
        }
        // An event needs someone who acted; an unnamed official of no known country acting on
        // nobody ("a senior official said") tells nothing about relations between actors.
        let Some(source) = event.source else {
            note!(trace, "  no event: nobody acts (no source)");
            continue;
        };
        let anonymous = |m: usize| {
            let a = &doc.mentions[m].actor;
            a.country.is_none()
                && !a.code.starts_with("IGO")
                && !a.code.starts_with("NGO")
                && a.name.is_none()
        };
        if event.target.is_none() && event.source_actor.is_none() && anonymous(source) {
            note!(
                trace,
                "  no event: an unnamed actor of no known country, acting on nobody"
            );
            continue;
        }
        if let Some(r) = region {
            let (a, b, speaker) = quotes.regions[r];
            event.quote = Some(Quote {
                span: Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end),
                speaker,
            });
        } else if code.starts_with("01") {
            // A statement whose sentence carries a quotation: that quotation is what was said.
            let range = doc.sentences[s].tokens.clone();
            if let Some((a, b, speaker)) = quotes.touching(&range) {
                if b > a {
                    event.quote = Some(Quote {
                        span: Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end),
                        speaker,
                    });
                }
            }
        }
        if event.modality == Modality::Asserted
            && (REPORTED.iter().any(|w| lower.contains(w))
                || lower
                    .windows(2)
                    .any(|w| w == ["according", "to"] || w == ["quoted", "as"]))
        {
            event.modality = Modality::Reported;
        }
        // Only real CAMEO codes (digits) are remapped; validation dictionaries use others, and
        // PETRARCH's own patterns carry their codes as written.
        if event.modality == Modality::Future
            && !matcher.dict.flat_reading
            && !event.negated
            && event.cameo.bytes().all(|b| b.is_ascii_digit())
        {
            if let Some(intent) = intent_code(&event.cameo) {
                event
                    .rule
                    .push_str(&format!(" ; future {} coded as intent", event.cameo));
                event.cameo = intent.to_string();
            }
        }
        event.confidence = confidence(matcher.specificity(best.entry), &event, doc);
        // "Gondor and Osgiliath", "Mordor, Rohan and Bree": one event per member of a
        // coordinated source or target. A compound source with no target acts on itself when
        // the action is mutual (agreeing, meeting, symmetric patterns).
        // The parse's conjuncts, and the members of a written list ("Mordor, Rohan, Fornost
        // and Bree", which a parse may read as appositions).
        let members = |m: Option<usize>| {
            m.map_or_else(Vec::new, |m| {
                let flat = coordinated(doc, &lower, &starts, &ends, m);
                match &syntax {
                    Some(syn) => {
                        let mut all = syn.members(m);
                        for x in flat {
                            if !all.contains(&x) {
                                all.push(x);
                            }
                        }
                        all.sort_by_key(|&x| doc.mentions[x].span.start);
                        all
                    }
                    None => flat,
                }
            })
        };
        let sources = if event.source_actor.is_some() {
            vec![event.source.unwrap_or_default()]
        } else {
            members(event.source)
        };
        let targets = if event.target_actor.is_some() {
            event.target.into_iter().collect()
        } else {
            members(event.target)
        };
        // "Gondor and Osgiliath agreed to cooperate" is an agreement between them; "five Arab
        // nations agreed to participate" is five agreements with someone else.
        let reciprocal = syntax
            .as_ref()
            .is_none_or(|x| x.complement_is_reciprocal(occ.head));
        let mutual =
            entry.reverse.is_some() || (matches!(&event.cameo[..2], "03" | "04") && reciprocal);
        let mut pairs: Vec<(usize, Option<usize>)> = Vec::new();
        if targets.is_empty() && sources.len() > 1 && mutual {
            for &a in &sources {
                for &b in &sources {
                    if a != b {
                        pairs.push((a, Some(b)));
                    }
                }
            }
        } else if targets.is_empty() {
            pairs.extend(sources.iter().map(|&a| (a, None)));
        } else {
            for &a in &sources {
                for &b in &targets {
                    if a != b || event.target_actor.is_some() {
                        pairs.push((a, Some(b)));
                    }
                }
            }
        }
        let same_actor = |a: usize, b: usize| {
            let (x, y) = (&doc.mentions[a].actor, &doc.mentions[b].actor);
            a == b || (!x.code.is_empty() && x.code == y.code && x.name == y.name)
        };
        // A target that is the source again ("Japan said it ...") leaves the event one-sided.
        let mut pairs: Vec<(usize, Option<usize>)> = pairs
            .into_iter()
            .map(|(a, b)| {
                (
                    a,
                    b.filter(|&b| event.target_actor.is_some() || !same_actor(a, b)),
                )
            })
            .collect();
        pairs.dedup();
        for (a, b) in pairs {
            let mut e = event.clone();
            e.source = Some(a);
            e.target = b;
            if e.source_actor.is_none() {
                e.source_actor = event.source.and_then(|h| distributed(doc, h, a));
            }
            if e.target_actor.is_none() {
                e.target_actor = event
                    .target
                    .zip(b)
                    .and_then(|(h, b)| distributed(doc, h, b));
            }
            let reverse = entry
                .reverse
                .clone()
                .filter(|_| e.target.is_some())
                .map(|r| {
                    let mut back = e.clone();
                    std::mem::swap(&mut back.source, &mut back.target);
                    std::mem::swap(&mut back.source_actor, &mut back.target_actor);
                    back.cameo = r;
                    back
                });
            // A mutual event already coded both ways by the compound needs no reverse copy.
            for candidate in std::iter::once(e).chain(reverse) {
                if !already_coded(out, &candidate) {
                    if trace.is_some() {
                        let who = |m: Option<usize>, over: &Option<Actor>| match m {
                            None => "nobody".to_string(),
                            Some(m) => {
                                let code = over
                                    .as_ref()
                                    .map_or(&doc.mentions[m].actor.code, |a| &a.code);
                                format!("{} \"{}\"", code, doc.slice(doc.mentions[m].span))
                            }
                        };
                        note!(
                            trace,
                            "  event {}: {} -> {}{}{}",
                            candidate.cameo,
                            who(candidate.source, &candidate.source_actor),
                            who(candidate.target, &candidate.target_actor),
                            if candidate.negated { ", negated" } else { "" },
                            match candidate.modality {
                                Modality::Asserted => String::new(),
                                m => format!(", {}", m.as_str()),
                            }
                        );
                    }
                    out.push(candidate);
                    if !coded_heads.contains(&occ.head) {
                        coded_heads.push(occ.head);
                    }
                }
            }
        }
    }
    apply_demands(doc, first_token, &demands, &mut out[first_event..], trace);
}

/// "The Red Cross said US forces must ensure security": the statement is a demand of the
/// speaker on whoever must act. Each obligation found in a clause that a verb of saying
/// governs turns that verb's statements into demands.
fn apply_demands(
    doc: &Doc,
    first_token: usize,
    demands: &[(usize, &'static str, Option<usize>)],
    events: &mut [Event],
    mut trace: Option<&mut Vec<String>>,
) {
    for &(verb, code, who) in demands {
        let at = doc.tokens[first_token + verb].span.start;
        for e in events.iter_mut() {
            if e.trigger.start != at || !e.cameo.starts_with("01") {
                continue;
            }
            if who.is_some() && who != e.source {
                e.target = who;
                e.target_actor = None;
            }
            e.rule.push_str(&format!(
                " ; {} coded as {code}: an obligation in what was said",
                e.cameo
            ));
            note!(
                trace,
                "  statement at token {} is a demand: {code}",
                verb + 1
            );
            e.cameo = code.to_string();
        }
    }
}

/// "The ambassadors of Arnor, Osgiliath and Gondor": a role whose country is the first of a
/// list of countries holds for each of them. `member`, a bare country conjoined to the
/// country of role mention `head`, stands for that country's office.
fn distributed(doc: &Doc, head: usize, member: usize) -> Option<Actor> {
    let (h, m) = (&doc.mentions[head], &doc.mentions[member]);
    let text = doc.slice(h.span);
    let of_country = [" of ", " in ", " from "].iter().any(|p| text.contains(p));
    if head == member
        || h.kind != MentionKind::Role
        || h.actor.country.is_none()
        || m.kind != MentionKind::Country
        || m.actor.sector.is_some()
        || m.span.start < h.span.end
        || !of_country
    {
        return None;
    }
    let sector = h.actor.sector.clone()?;
    let country = m.actor.country.clone()?;
    Some(Actor {
        code: Actor::compose_code(Some(&country), Some(&sector)),
        country: Some(country),
        sector: Some(sector),
        role: h.actor.role.clone(),
        ..m.actor.clone()
    })
}

/// Whether the words a pattern took include its negation ("did n't", "will not").
fn spells_negation(lower: &[&str], consumed: &[(usize, usize)]) -> bool {
    consumed.iter().any(|&(a, b)| {
        lower[a..b]
            .iter()
            .any(|w| matches!(*w, "not" | "n't" | "never" | "cannot"))
    })
}

/// The demand for an act of this code: to meet (106), to cooperate (101, 102), to give aid
/// (103), to yield (105), or unspecified (100).
fn demand_code(code: &str) -> &'static str {
    match code.get(..2) {
        Some("04") => "106",
        Some("05") => "102",
        Some("06") => "101",
        Some("07") => "103",
        Some("08") => "105",
        _ => "100",
    }
}

/// Among a sentence's mentions, the one that names a country most plainly: the country itself
/// ("the U.S."), else its capital or seat of power ("Moscow").
fn naming(doc: &Doc, mentions: &[usize], country: &str) -> Option<usize> {
    let rank = |m: usize| match doc.mentions[m].kind {
        MentionKind::Country => Some(0),
        MentionKind::Metonym => Some(1),
        _ => None,
    };
    mentions
        .iter()
        .copied()
        .filter(|&m| doc.mentions[m].actor.country.as_deref() == Some(country))
        .filter_map(|m| rank(m).map(|r| (r, doc.mentions[m].span.start, m)))
        .min()
        .map(|(_, _, m)| m)
}

/// Whether the same event (the same actors and code in the same sentence) is already in the
/// output: "imposed sanctions on Russia" is one event, though both "imposed" and "sanctions"
/// trigger it.
fn already_coded(out: &[Event], e: &Event) -> bool {
    // Events arrive in sentence order, so only the tail of this sentence needs looking at.
    out.iter()
        .rev()
        .take_while(|o| o.sentence == e.sentence)
        .any(|o| {
            o.source == e.source
                && o.target == e.target
                && o.cameo == e.cameo
                && o.source_actor == e.source_actor
                && o.target_actor == e.target_actor
                && o.negated == e.negated
        })
}
