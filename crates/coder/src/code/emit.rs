//! From one coded event to the events written out: one per member of a coordinated source
//! or target, both ways for a mutual act, with the reverse of a symmetric pattern; and the
//! statements that obligations in what was said turn into demands.

use super::sentence::Sentence;
use super::Trace;
use crate::dict::Entry;
use crate::flat::coordinated;
use model::{Actor, Doc, Event, MentionKind, Modality};

/// Writes `event` out for each pair of its members. Returns whether any event was written.
/// Unless `bare_ok`, a statement left about no one ("Japan said it ...": the target is the
/// source again) is not written.
pub(super) fn emit(
    sent: &Sentence<'_>,
    head: usize,
    entry: &Entry,
    event: &Event,
    bare_ok: bool,
    out: &mut Vec<Event>,
    trace: &mut Trace<'_>,
) -> bool {
    let doc = sent.doc;
    let mut written = false;
    // An attack by no one named (see `acted`): one event per victim, no reverse.
    if event.source.is_none() {
        let victims = match (&sent.syntax, event.target) {
            (Some(syn), Some(t)) if event.target_actor.is_none() => syn.members(t),
            (_, t) => t.into_iter().collect(),
        };
        let place = unidentified_attackers(sent, &victims);
        for t in victims {
            let mut e = event.clone();
            e.target = Some(t);
            if let Some((m, actor)) = &place {
                e.source = Some(*m);
                e.source_actor = Some(actor.clone());
            }
            if !already_coded(out, &e) {
                note!(
                    trace,
                    "  event {}: {} -> \"{}\"",
                    e.cameo,
                    place
                        .as_ref()
                        .map_or("nobody named".to_string(), |(m, a)| format!(
                            "{} (unidentified forces in \"{}\")",
                            a.code,
                            doc.slice(doc.mentions[*m].span)
                        )),
                    doc.slice(doc.mentions[t].span)
                );
                out.push(e);
                written = true;
            }
        }
        return written;
    }
    for (a, b) in pairs(sent, head, entry, event) {
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
        // The other side of a future act ("will visit Albania": Albania hosts) has declared
        // nothing: an intent is its speaker's alone. PETRARCH's own dictionaries code the
        // tense as written, so keep it there.
        // The reverse belongs to the pattern's own code: a visit refused ("will not visit",
        // a rejection) is hosted by no one.
        let own_code = entry
            .code
            .as_deref()
            .is_some_and(|c| c.get(..2) == e.cameo.get(..2));
        let declared = (e.modality != Modality::Future || bare_ok) && own_code;
        let reverse = entry
            .reverse
            .clone()
            .filter(|_| e.target.is_some() && declared)
            .map(|r| {
                let mut back = e.clone();
                std::mem::swap(&mut back.source, &mut back.target);
                std::mem::swap(&mut back.source_actor, &mut back.target_actor);
                back.cameo = r;
                back
            });
        // A mutual event already coded both ways by the compound needs no reverse copy.
        for candidate in std::iter::once(e).chain(reverse) {
            let bare = candidate.cameo == "010" && candidate.target.is_none() && !bare_ok;
            if bare || already_coded(out, &candidate) {
                continue;
            }
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
            written = true;
        }
    }
    written
}

/// Whether two mentions name one actor: the same mention, or the same code and name ("Japan
/// ... it").
pub(super) fn same_actor(doc: &Doc, a: usize, b: usize) -> bool {
    let (x, y) = (&doc.mentions[a].actor, &doc.mentions[b].actor);
    a == b || (!x.code.is_empty() && x.code == y.code && x.name == y.name)
}

/// Who attacked, when the text names no one: CAMEO's unidentified armed forces (UAF) of the
/// country the attack took place in ("killed in a car bombing in central Baghdad": IRQUAF),
/// with that place as the evidence. None when the
/// sentence names no such place.
fn unidentified_attackers(sent: &Sentence<'_>, victims: &[usize]) -> Option<(usize, Actor)> {
    let doc = sent.doc;
    const AT: &[&str] = &["in", "near", "outside", "at", "into"];
    sent.mentions.iter().find_map(|&(i, m)| {
        if victims.contains(&i) || !matches!(m.kind, MentionKind::Country | MentionKind::Metonym) {
            return None;
        }
        let country = m.actor.country.clone()?;
        let before: Vec<String> = doc.text[..m.span.start]
            .split_whitespace()
            .rev()
            .take(4)
            .map(|w| w.to_lowercase())
            .collect();
        // "in Baghdad", "in central Baghdad", "near the capital"
        let located = !m.adjectival
            && (before.first().is_some_and(|w| AT.contains(&w.as_str()))
                || (before.len() > 1
                    && AT.contains(&before[1].as_str())
                    && matches!(
                        before[0].as_str(),
                        "central" | "northern" | "southern" | "eastern" | "western" | "the"
                    )));
        located.then(|| {
            (
                i,
                Actor {
                    code: format!("{country}UAF"),
                    country: Some(country),
                    sector: Some("UAF".to_string()),
                    role: Some("unidentified armed force".to_string()),
                    ..Actor::default()
                },
            )
        })
    })
}

/// "Gondor and Osgiliath", "Mordor, Rohan and Bree": the (source, target) pairs of an event,
/// one per member of a coordinated source or target. A compound source with no target acts
/// on itself when the action is mutual (agreeing, meeting, symmetric patterns).
fn pairs(
    sent: &Sentence<'_>,
    head: usize,
    entry: &Entry,
    event: &Event,
) -> Vec<(usize, Option<usize>)> {
    let doc = sent.doc;
    // The parse's conjuncts, and the members of a written list ("Mordor, Rohan, Fornost and
    // Bree", which a parse may read as appositions).
    let members = |m: Option<usize>| {
        m.map_or_else(Vec::new, |m| {
            let flat = coordinated(doc, sent.lower, &sent.starts, &sent.ends, m);
            match &sent.syntax {
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
    let reciprocal = sent
        .syntax
        .as_ref()
        .is_none_or(|x| x.complement_is_reciprocal(head));
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
    // A target that is the source again ("Japan said it ...") leaves the event one-sided.
    let mut pairs: Vec<(usize, Option<usize>)> = pairs
        .into_iter()
        .map(|(a, b)| {
            (
                a,
                b.filter(|&b| event.target_actor.is_some() || !same_actor(doc, a, b)),
            )
        })
        .collect();
    pairs.dedup();
    pairs
}

/// "The Red Cross said US forces must ensure security": the statement is a demand of the
/// speaker on whoever must act. Each obligation found in a clause that a verb of saying
/// governs turns that verb's statements into demands.
pub(super) fn apply_demands(
    doc: &Doc,
    first_token: usize,
    demands: &[(usize, &'static str, Option<usize>)],
    events: &mut [Event],
    mut trace: Trace<'_>,
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

/// The demand for an act of this code: to meet (106), to cooperate (101, 102), to give aid
/// (103), to yield (105), or unspecified (100).
pub(super) fn demand_code(code: &str) -> &'static str {
    match code.get(..2) {
        Some("04") => "106",
        Some("05") => "102",
        Some("06") => "101",
        Some("07") => "103",
        Some("08") => "105",
        _ => "100",
    }
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
