//! Coding one document, sentence by sentence: for each trigger, its pattern (`pattern`), who
//! acts on whom (`place`), whether the act happened (`mood`, `modality`), and the events
//! written out for each member of a coordination (`emit`). `sentence` holds what the coder
//! reads of one sentence.

/// Adds a line to the trace, when there is one.
macro_rules! note {
    ($trace:expr, $($arg:tt)*) => {
        if let Some(t) = $trace.as_mut() {
            t.push(format!($($arg)*));
        }
    };
}

mod emit;
mod pattern;
mod place;
mod sentence;

use crate::flat::is_passive;
use crate::matcher::{mention_index, FormKind, Match, Matcher, Window};
use crate::modality::{confidence, intent_code, modality, negated, threat_code, REPORTED};
use crate::quotes::{mentions_of, Quotes};
use crate::roles::Roles;
use model::{Actor, Doc, Event, Mention, Modality, Quote, Span};
use place::Placed;
use sentence::{Bounds, Sentence};

/// The lines `attache explain` prints, when it asks for them.
type Trace<'a> = Option<&'a mut Vec<String>>;

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
    if !has_actor(doc, s) {
        return false;
    }
    let owned = lower_words(doc, s);
    let lower: Vec<&str> = owned.iter().map(|w| w.as_ref()).collect();
    let occs = matcher.occurrences(&lower);
    if occs.is_empty() {
        return false;
    }
    let mentions: Vec<(usize, &Mention)> = mentions_of(doc, s)
        .map(|i| (i, &doc.mentions[i]))
        .filter(|(_, m)| !m.actor.code.is_empty())
        .collect();
    let (starts, ends) = mention_index(doc, s, &mentions);
    // The coder's own triggers: none inside an actor's name.
    let occs = sentence::outside_names(occs, &starts, lower.len());
    if occs.is_empty() {
        return false;
    }
    // A trigger none of whose event patterns matches anywhere in the sentence gives no
    // event however it is parsed: every window the coder matches in lies inside the
    // sentence, and a pattern that matches in a window matches in any window around it.
    let ids = matcher.word_ids(&lower);
    let present = matcher.presence(&ids);
    let sentence = Window {
        ids: &ids,
        present: &present,
        pre_start: 0,
        post_end: lower.len(),
        starts: &starts,
        ends: &ends,
    };
    occs.iter().any(|o| {
        [true, false].into_iter().any(|verb| {
            matcher.candidates(o, verb).iter().any(|&(e, a, b)| {
                matcher.entry(e).code.is_some() && matcher.try_entry(e, a, b, &sentence).is_some()
            })
        })
    })
}

/// Whether a sentence names an actor with a code. One that does not gives no event: a speaker
/// known only from a quotation elsewhere ("I support that plan." ... Carter said) is no actor
/// of the sentence's own, and such sentences would be read without a parse.
fn has_actor(doc: &Doc, s: usize) -> bool {
    doc.mentions[mentions_of(doc, s)]
        .iter()
        .any(|m| !m.actor.code.is_empty())
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

/// Obligations found in what is said: (the verb of saying, the demand's code, who must act).
type Demands = Vec<(usize, &'static str, Option<usize>)>;

fn code_sentence(
    matcher: &Matcher,
    doc: &Doc,
    s: usize,
    quotes: &Quotes,
    out: &mut Vec<Event>,
    mut trace: Trace<'_>,
) {
    if !has_actor(doc, s) {
        note!(
            trace,
            "the sentence names no actor with a code: it gives no event"
        );
        return;
    }
    let owned = lower_words(doc, s);
    let lower: Vec<&str> = owned.iter().map(|w| w.as_ref()).collect();
    let sent = Sentence::new(matcher, doc, s, quotes, &lower);
    if sent.occs.is_empty() {
        note!(trace, "no word of the sentence triggers a pattern");
    }
    // The triggers that gave an event, by head token: a noun they govern is part of their
    // pattern ("threatened military strikes", "imposed sanctions").
    let mut coded_heads: Vec<usize> = Vec::new();
    let mut demands: Demands = Vec::new();
    let first_event = out.len();
    for k in 0..sent.occs.len() {
        let head = sent.occs[k].head;
        if code_trigger(
            matcher,
            &sent,
            quotes,
            k,
            &coded_heads,
            &mut demands,
            out,
            &mut trace,
        ) && !coded_heads.contains(&head)
        {
            coded_heads.push(head);
        }
    }
    drop_covered_intents(&sent, out, first_event, &mut trace);
    emit::apply_demands(
        doc,
        sent.first_token,
        &demands,
        &mut out[first_event..],
        trace,
    );
}

/// "plans to impose restrictions", "decided to allow": when the complement gives its own
/// event (a future one, so an intent or a threat), the governor's bare intent (030, a plan
/// with no content) says nothing more and is dropped.
fn drop_covered_intents(
    sent: &Sentence<'_>,
    out: &mut Vec<Event>,
    first_event: usize,
    trace: &mut Trace<'_>,
) {
    let Some(syn) = &sent.syntax else { return };
    let toks = sent.doc.sentence_tokens(sent.s);
    let token_of = |e: &Event| toks.iter().position(|t| t.span.start == e.trigger.start);
    // The governors of the events whose trigger is a complement ("impose" under "plans").
    let governors: Vec<usize> = out[first_event..]
        .iter()
        .filter_map(token_of)
        .filter(|&t| syn.parse.rels[t] == model::Rel::Xcomp)
        .filter_map(|t| syn.parse.head(t))
        .collect();
    // Only this sentence's events are looked at: a retain over all of `out` would make
    // coding quadratic in a document's events.
    let mut tail = out.split_off(first_event);
    tail.retain(|e| {
        if e.cameo != "030" {
            return true;
        }
        let Some(t) = token_of(e).filter(|t| governors.contains(t)) else {
            return true;
        };
        note!(
            trace,
            "  the intent of \"{}\" is dropped: its complement's event says what is intended",
            sent.words(t, t + 1)
        );
        false
    });
    out.append(&mut tail);
}

/// Codes trigger `k` of a sentence; true when it gave an event.
#[allow(clippy::too_many_arguments)]
fn code_trigger(
    matcher: &Matcher,
    sent: &Sentence<'_>,
    quotes: &Quotes,
    k: usize,
    coded_heads: &[usize],
    demands: &mut Demands,
    out: &mut Vec<Event>,
    trace: &mut Trace<'_>,
) -> bool {
    let (occ, as_verb, syntax) = (&sent.occs[k], sent.verbal[k], &sent.syntax);
    if covered(sent, k, coded_heads, trace) {
        return false;
    }
    let b = sent.bounds(k);
    let roles = syntax.as_ref().map(|syn| syn.roles(occ.head, as_verb));
    let Some(best) = pattern::choose(matcher, sent, occ, as_verb, &b, roles.as_ref(), trace) else {
        return false;
    };
    let entry = matcher.entry(best.entry);
    note!(
        trace,
        "  chose {}:{} {} (the most specific that matched)",
        entry.origin.file,
        entry.origin.line,
        matcher.dict.pattern_text(entry)
    );
    if entry.code.is_none() {
        note!(trace, "  that pattern marks a phrase that is not an event");
        return false;
    }
    // "calling them an occupying army": a verb with a predicate on its object names or
    // judges it; a pattern that does not read that predicate reads the wrong sense.
    if let Some(p) = syntax
        .as_ref()
        .filter(|_| as_verb)
        .and_then(|x| x.predicate_on_object(occ.head))
        .filter(|&p| !best.consumed.iter().any(|&(a, z)| a <= p && p < z))
    {
        note!(
            trace,
            "  no event: the verb names its object \"{}\", which the pattern does not read",
            sent.words(p, p + 1)
        );
        return false;
    }
    let passive = match &roles {
        Some(r) => as_verb && r.passive,
        None => as_verb && occ.kind == FormKind::Past && is_passive(sent.lower, occ.start),
    };
    if entry.passive_own_government && !passive {
        note!(trace, "  no event: the pattern applies only in the passive");
        return false;
    }
    let placed = place::place(sent, quotes, k, as_verb, &best, roles.as_ref(), &b);
    let Some((mut event, conditional)) = happened(
        matcher,
        sent,
        k,
        as_verb,
        &best,
        roles.as_ref(),
        &b,
        &placed,
        demands,
        trace,
    ) else {
        return false;
    };
    if let Some((m, country)) = &placed.posted {
        event.target = Some(*m);
        event.target_actor = Some(Actor {
            code: country.clone(),
            country: Some(country.clone()),
            ..Actor::default()
        });
    }
    let own = entry.passive_own_government;
    let unplaced = best.source.is_none() && best.target.is_none();
    if passive && unplaced && !place::passive(sent, occ, own, roles.as_ref(), &b, &mut event) {
        return false;
    }
    let agentless_ok = !matcher.dict.flat_reading
        && as_verb
        && agentless_killing(sent, occ.head, passive, roles.as_ref(), &event);
    if !acted(sent.doc, &mut event, agentless_ok, trace) {
        return false;
    }
    if event.source.is_none() && bombed(sent.lower) && event.cameo.starts_with("19") {
        event.rule.push_str(" ; by a bomb, no one named: 183");
        event.cameo = "183".to_string();
    }
    attach_quote(sent, quotes, placed.region, &mut event);
    if !matcher.dict.flat_reading && !statement_stands(sent, occ.head, &mut event, trace) {
        return false;
    }
    recode(matcher, sent.lower, conditional, &mut event);
    event.confidence = confidence(matcher.specificity(best.entry), &event, sent.doc);
    let bare_ok = matcher.dict.flat_reading;
    emit::emit(sent, occ.head, entry, &event, bare_ok, out, trace)
}

/// Notes trigger `k` in the trace; true when it is the object of a trigger that gave an event
/// already, whose pattern covers it ("threatened military strikes").
fn covered(sent: &Sentence<'_>, k: usize, coded_heads: &[usize], trace: &mut Trace<'_>) -> bool {
    let (occ, as_verb, syntax) = (&sent.occs[k], sent.verbal[k], &sent.syntax);
    note!(
        trace,
        "trigger \"{}\" (token {}{}): read as a {}",
        sent.words(occ.start, occ.end),
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
            sent.words(h, h + 1)
        );
        return true;
    }
    false
}

/// The event of a matched pattern, when the act it names happened: not what might, could,
/// should or would happen, what happens only if something else does, what is asked, or what
/// someone is only charged with. An obligation in what someone says is that speaker's demand.
#[allow(clippy::too_many_arguments)]
fn happened(
    matcher: &Matcher,
    sent: &Sentence<'_>,
    k: usize,
    as_verb: bool,
    best: &Match,
    roles: Option<&Roles>,
    b: &Bounds,
    placed: &Placed,
    demands: &mut Demands,
    trace: &mut Trace<'_>,
) -> Option<(Event, bool)> {
    let (doc, lower, occ) = (sent.doc, sent.lower, &sent.occs[k]);
    let entry = matcher.entry(best.entry);
    let code = entry.code.clone()?;
    let mood = sent.syntax.as_ref().map(|x| x.mood(occ.head, as_verb));
    let event = Event {
        sentence: sent.s,
        source: placed.subject,
        target: placed.object,
        source_actor: None,
        target_actor: None,
        cameo: code.clone(),
        trigger: Span::new(
            doc.tokens[sent.first_token + occ.start].span.start,
            doc.tokens[sent.first_token + occ.end - 1].span.end,
        ),
        rule: format!(
            "{}:{} {}",
            entry.origin.file,
            entry.origin.line,
            matcher.dict.pattern_text(entry)
        ),
        // A pattern that spells out the negation ("DID N'T CLASH OVER") codes the negated act
        // itself.
        negated: !spells_negation(lower, &best.consumed)
            && match &mood {
                Some(m) => m.negated,
                None => negated(lower, occ.start, b.clause_start),
            },
        modality: match (roles, &mood) {
            (Some(r), _) if r.intent => Modality::Future,
            (_, Some(m)) => m.modality,
            _ => modality(lower, occ.start, b.clause_start),
        },
        quote: None,
        date: doc.meta.date,
        confidence: 0.0,
    };
    if event.modality == Modality::Hypothetical {
        let why = mood
            .as_ref()
            .map_or("a modal before it", |m| m.why.as_str());
        if let Some(v) = mood.as_ref().and_then(|m| m.demanded_by) {
            demands.push((v, emit::demand_code(&code), event.source));
            note!(
                trace,
                "  no event: {why}; the verb of saying it depends on codes a demand"
            );
        } else {
            note!(trace, "  no event: {why}, not an act that happened");
        }
        return None;
    }
    if let Some(why) = sent
        .syntax
        .as_ref()
        .filter(|_| !matcher.dict.flat_reading)
        .and_then(|x| x.charged(occ.head, as_verb))
    {
        note!(
            trace,
            "  no event: {why}, alleged rather than reported as done"
        );
        return None;
    }
    // A future act that follows from a condition is a threat when the act is conflict
    // ("will strike if ...") or the condition is what the target must do ("will withdraw
    // unless ..."); a cooperative act on a condition stays an offer ("would meet if ...").
    let conditional = mood
        .as_ref()
        .and_then(|m| m.condition)
        .is_some_and(|w| w == "unless" || code.get(..2).is_some_and(|r| r >= "13"));
    Some((event, conditional))
}

/// Whether the event has someone who acted. An event needs a source, and an unnamed official
/// of no known country acting on nobody ("a senior official said") tells nothing about
/// relations between actors. A target that is the source again is dropped first.
///
/// Violence is the exception (when `agentless_ok`): "three US servicemen were killed by an
/// improvised explosive device", "a roadside bombing killed one U.S. soldier" are attacks on
/// a known side by no one the text names, which CAMEO codes with the source left blank. The
/// victims must belong somewhere (a country or an organisation).
fn acted(doc: &Doc, event: &mut Event, agentless_ok: bool, trace: &mut Trace<'_>) -> bool {
    if event.source.is_some() && event.source == event.target && event.target_actor.is_none() {
        event.target = None;
    }
    let Some(source) = event.source else {
        let victims = side(doc, event.target, &event.target_actor).is_some_and(placed);
        let violence = matches!(event.cameo.get(..2), Some("18" | "19" | "20"));
        if agentless_ok && violence && victims && !event.negated {
            note!(
                trace,
                "  an attack by no one the text names, on a known side"
            );
            return true;
        }
        note!(trace, "  no event: nobody acts (no source)");
        return false;
    };
    let a = &doc.mentions[source].actor;
    let anonymous = !placed(a) && a.name.is_none();
    if event.target.is_none() && event.source_actor.is_none() && anonymous {
        note!(
            trace,
            "  no event: an unnamed actor of no known country, acting on nobody"
        );
        return false;
    }
    true
}

/// Whether the agentless exception of `acted` may apply to a trigger: a verb of killing in
/// the passive or with a weapon for its subject, whose victim is the parse's own patient or
/// object, told as done, and not "no one" ("no U.S. soldiers were killed").
fn agentless_killing(
    sent: &Sentence<'_>,
    head: usize,
    passive: bool,
    roles: Option<&crate::roles::Roles>,
    event: &Event,
) -> bool {
    let parsed_victim = roles.is_some_and(|r| {
        r.target.is_some() && r.target == event.target && (r.passive || !r.no_subject)
    });
    KILLING.contains(&sent.lower[head])
        && (passive || weapon_subject(sent, head))
        && parsed_victim
        && matches!(event.modality, Modality::Asserted | Modality::Reported)
        && !event.target.is_some_and(|t| no_before(sent.doc, t))
}

/// The rules for statements (01) of attache's own dictionaries; false when the statement is
/// no event. The event's quotation is attached already.
/// - "X said" with no one it is addressed to or about, and no more specific code, is no event
///   (a reader of the whole article codes the content, not the saying).
/// - "Hagel said the U.S. takes seriously the threats posed by North Korea": a statement whose
///   first actor is the speaker's own country is about the other country it names.
/// - A plain statement tells of relations only between sides the text places: a speaker and a
///   target each of a known country or organisation ("critics noted", "he said the drone
///   strikes" tell nothing of whom).
/// - "told reporters", "told CNN", "according to The Korea Times": the press is how the
///   statement came out, not whom it concerns. What it concerns is in what was said: the first
///   actor of another country in the quotation ("The timing will depend on what steps
///   Washington takes," Ryabkov told RIA Novosti); with none, there is no event.
fn statement_stands(
    sent: &Sentence<'_>,
    head: usize,
    event: &mut Event,
    trace: &mut Trace<'_>,
) -> bool {
    let doc = sent.doc;
    if event.cameo == "010" && event.target.is_none() {
        note!(trace, "  no event: a bare statement, about no one");
        return false;
    }
    if event.cameo.starts_with("01") {
        retarget_statement(sent, head, event, trace);
    }
    if event.cameo != "010" {
        return true;
    }
    let placed_side =
        |m: Option<usize>, over: &Option<Actor>| side(doc, m, over).is_some_and(placed);
    if !(placed_side(event.source, &event.source_actor)
        && placed_side(event.target, &event.target_actor))
    {
        note!(
            trace,
            "  no event: a statement between sides of no known country"
        );
        return false;
    }
    let to_press = side(doc, event.target, &event.target_actor)
        .is_some_and(|a| a.sector.as_deref() == Some("MED"));
    if to_press {
        let Some(about) = quoted_counterpart(doc, event) else {
            note!(
                trace,
                "  no event: a statement to the press, about no one else"
            );
            return false;
        };
        note!(
            trace,
            "  a statement to the press: its target is \"{}\", whom the quotation concerns",
            doc.slice(doc.mentions[about].span)
        );
        event.target = Some(about);
        event.target_actor = None;
    }
    true
}

/// The actor an event's side (its mention `m`, if any) stands for: the one the rule inferred
/// (`over`), else the mention's.
fn side<'a>(doc: &'a Doc, m: Option<usize>, over: &'a Option<Actor>) -> Option<&'a Actor> {
    m.map(|m| over.as_ref().unwrap_or(&doc.mentions[m].actor))
}

/// Whether an actor belongs somewhere the text says: a country, or an international or
/// non-governmental organisation.
fn placed(a: &Actor) -> bool {
    a.country.is_some() || a.code.starts_with("IGO") || a.code.starts_with("NGO")
}

/// Verbs of killing and wounding that may be told without a killer: "were killed in a
/// bombing", "a roadside bomb wounded two soldiers".
const KILLING: &[&str] = &[
    "killed",
    "wounded",
    "injured",
    "shot",
    "murdered",
    "slain",
    "assassinated",
    "bombed",
    "ambushed",
    "beheaded",
    "kidnapped",
    "abducted",
    "kill",
    "kills",
    "wounds",
    "injures",
];

/// Whether the verb at `head` has a weapon or an attack for its subject ("a roadside bombing
/// killed", "an explosion wounded").
fn weapon_subject(sent: &Sentence<'_>, head: usize) -> bool {
    let Some(x) = &sent.syntax else {
        return false;
    };
    x.kids(head).any(|k| {
        x.rel(k) == model::Rel::Nsubj
            && (bombed(&sent.lower[k..=k])
                || matches!(
                    sent.lower[k],
                    "attack"
                        | "attacks"
                        | "strike"
                        | "strikes"
                        | "airstrike"
                        | "airstrikes"
                        | "device"
                        | "mine"
                        | "landmine"
                        | "rocket"
                        | "rockets"
                        | "shell"
                        | "shells"
                        | "shelling"
                        | "missile"
                        | "missiles"
                        | "grenade"
                ))
    })
}

/// For a statement whose target is of the speaker's own country, the first actor after the
/// trigger of another known country, if the sentence has one.
fn retarget_statement(sent: &Sentence<'_>, head: usize, event: &mut Event, trace: &mut Trace<'_>) {
    let doc = sent.doc;
    let (Some(s), Some(t)) = (event.source, event.target) else {
        return;
    };
    let country = |m: usize, over: &Option<Actor>| side(doc, Some(m), over)?.country.clone();
    let own = country(s, &event.source_actor);
    if own.is_none() || country(t, &event.target_actor) != own {
        return;
    }
    // "Nigeria announced that it will withdraw": the speaker itself is no side named first,
    // and a statement about itself stays bare.
    if event.target_actor.is_none() && emit::same_actor(doc, s, t) {
        return;
    }
    let after = doc.tokens[sent.first_token + head].span.end;
    let other = sent.mentions.iter().find(|(i, m)| {
        *i != s
            && *i != t
            && m.span.start >= after
            && m.actor.country.is_some()
            && m.actor.country != own
    });
    if let Some(&(i, m)) = other {
        note!(
            trace,
            "  the statement names its own side first; it is about \"{}\"",
            doc.slice(m.span)
        );
        event.target = Some(i);
        event.target_actor = None;
    }
}

/// The first actor in a statement's quotation of a country other than the speaker's (and not
/// the press), for a statement made to the press.
fn quoted_counterpart(doc: &Doc, event: &Event) -> Option<usize> {
    let quote = event.quote.as_ref()?;
    let source = event.source?;
    let own = side(doc, Some(source), &event.source_actor)?
        .country
        .clone();
    doc.mentions.iter().enumerate().find_map(|(i, m)| {
        let inside = m.span.start >= quote.span.start && m.span.end <= quote.span.end;
        let other = m.actor.country.is_some() && m.actor.country != own;
        (inside && other && i != source && m.actor.sector.as_deref() != Some("MED")).then_some(i)
    })
}

/// Whether a mention opens with "no" or stands right after it ("no U.S. or allied personnel
/// were killed"): nobody was.
fn no_before(doc: &Doc, m: usize) -> bool {
    let span = doc.mentions[m].span;
    let before = doc.text[..span.start].trim_end();
    let last = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    last.eq_ignore_ascii_case("no") || doc.slice(span).to_lowercase().starts_with("no ")
}

/// Whether a sentence tells of a bomb ("a roadside bombing", "a car bomb", "an improvised
/// explosive device", "a blast").
fn bombed(lower: &[&str]) -> bool {
    lower.iter().any(|w| {
        matches!(
            *w,
            "bomb"
                | "bombs"
                | "bombing"
                | "bombings"
                | "bomber"
                | "bombers"
                | "explosive"
                | "explosives"
                | "explosion"
                | "explosions"
                | "blast"
                | "blasts"
                | "ied"
                | "ieds"
                | "car-bomb"
        )
    })
}

/// The quotation an event stands in, or, for a statement, the quotation its sentence carries:
/// what was said.
fn attach_quote(sent: &Sentence<'_>, quotes: &Quotes, region: Option<usize>, event: &mut Event) {
    let doc = sent.doc;
    if let Some(r) = region {
        let (a, b, speaker) = quotes.regions[r];
        event.quote = Some(Quote {
            span: Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end),
            speaker,
        });
    } else if event.cameo.starts_with("01") {
        let range = doc.sentences[sent.s].tokens.clone();
        if let Some((a, b, speaker)) = quotes.touching(&range) {
            if b > a {
                event.quote = Some(Quote {
                    span: Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end),
                    speaker,
                });
            }
        }
    }
}

/// An act the sentence attributes to others ("reportedly", "according to") is reported; a
/// future act of cooperation or conflict is an intent (03) or a threat (13). Only real CAMEO
/// codes (digits) are remapped (validation dictionaries use others), and PETRARCH's own
/// patterns carry their codes as written. A future act on a condition is a threat.
fn recode(matcher: &Matcher, lower: &[&str], conditional: bool, event: &mut Event) {
    if event.modality == Modality::Asserted
        && (REPORTED.iter().any(|w| lower.contains(w))
            || lower
                .windows(2)
                .any(|w| w == ["according", "to"] || w == ["quoted", "as"]))
    {
        event.modality = Modality::Reported;
    }
    if event.modality != Modality::Future
        || matcher.dict.flat_reading
        || !event.cameo.bytes().all(|b| b.is_ascii_digit())
    {
        return;
    }
    if event.negated {
        // "will not accept any more refugees", "would not meet their demands": an actor's own
        // declared refusal of cooperation is a rejection (12), which happened.
        if matches!(&event.cameo[..2], "03" | "04" | "05" | "06" | "07" | "08") {
            event.rule.push_str(&format!(
                " ; future {} refused coded as a rejection",
                event.cameo
            ));
            event.cameo = "120".to_string();
            event.negated = false;
            event.modality = Modality::Asserted;
        }
        return;
    }
    if conditional && !event.cameo.starts_with("13") {
        let threat = threat_code(&event.cameo);
        event.rule.push_str(&format!(
            " ; future {} on a condition coded as a threat",
            event.cameo
        ));
        event.cameo = threat.to_string();
    } else if let Some(intent) = intent_code(&event.cameo) {
        event
            .rule
            .push_str(&format!(" ; future {} coded as intent", event.cameo));
        event.cameo = intent.to_string();
    }
}

/// Whether the words a pattern took include its negation ("did n't", "will not").
fn spells_negation(lower: &[&str], consumed: &[(usize, usize)]) -> bool {
    consumed.iter().any(|&(a, b)| {
        lower[a..b]
            .iter()
            .any(|w| matches!(*w, "not" | "n't" | "never" | "cannot"))
    })
}
