//! Who acts and on whom: the source and target of a matched pattern, from the pattern's own
//! `$` and `+`, the parse, or the flat reading; and the passive's swap of the two.

use super::sentence::{Bounds, Sentence};
use super::COMPLEMENTIZERS;
use crate::flat::{place_like, subject_of};
use crate::matcher::{Match, Occurrence};
use crate::quotes::Quotes;
use crate::roles::{Roles, LOCATIVE};
use model::{Actor, Doc, Event, MentionKind};

/// The roles of one trigger's event.
pub(super) struct Placed {
    pub subject: Option<usize>,
    pub object: Option<usize>,
    /// A diplomat who stands for the country he is posted to: the mention and that country.
    pub posted: Option<(usize, String)>,
    /// The quotation the trigger stands in.
    pub region: Option<usize>,
}

/// Places the source and the target of trigger `k`, whose pattern matched as `best`.
#[allow(clippy::too_many_arguments)]
pub(super) fn place(
    sent: &Sentence<'_>,
    quotes: &Quotes,
    k: usize,
    as_verb: bool,
    best: &Match,
    roles: Option<&Roles>,
    b: &Bounds,
) -> Placed {
    let (doc, lower, occ) = (sent.doc, sent.lower, &sent.occs[k]);
    let region = quotes.region_of(sent.first_token + occ.start);
    let subject = best
        .source
        .or_else(|| subject(sent, quotes, k, as_verb, roles, b, region));
    let consumed = |j: usize| best.consumed.iter().any(|&(a, z)| a <= j && j < z);
    // A place after "in" that follows a noun says where that thing happened ("the attack in
    // Moscow"), so it is not the target; after the verb itself ("arrived in Gondor") it is.
    let locative = |j: usize| {
        j >= 2
            && LOCATIVE.contains(&lower[j - 1])
            && j - 2 >= occ.end
            && place_like(doc, sent.starts.get(&j).map(|&(m, _)| m))
    };
    let object = best.target.or_else(|| {
        if let Some(r) = roles {
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
        // Where the parse names no target (or misreads the phrase: "visited Russia today"
        // taken as one noun), the first actor after the trigger in its clause, unless the
        // parse puts it in a phrase of topic, or makes it the subject of a verb outside the
        // trigger's subtree ("..., a senior official said").
        let elsewhere = |m: usize| {
            sent.syntax
                .as_ref()
                .is_some_and(|x| x.topic(occ.head, m) || x.subject_elsewhere(m, occ.head))
        };
        (occ.end..b.target_end)
            .filter(|&j| !consumed(j) && !locative(j))
            .find_map(|j| sent.starts.get(&j).map(|&(m, _)| m))
            .filter(|&m| Some(m) != subject && !elsewhere(m))
    });
    // The object may be a word of the pattern itself ("*recall ambassador"): then the target
    // lies beyond it, or is the country the diplomat is posted to.
    let mention_taken = |m: usize| {
        sent.starts
            .iter()
            .any(|(&a, &(x, z))| x == m && (a..z).any(consumed))
    };
    let mut posted = None;
    let object = match (object, &sent.syntax) {
        (Some(m), Some(syn)) if best.target.is_none() && mention_taken(m) => {
            // Else a diplomat stands for the country he is posted to, and an actor of a
            // country for that country ("expelled Russian diplomats").
            let beyond = syn.beyond_object(occ.head, &mention_taken);
            let actor = &doc.mentions[m].actor;
            match (beyond, &actor.posted_to) {
                (Some(z), _) => Some(z),
                (None, Some(p)) => {
                    posted = Some((m, p.clone()));
                    None
                }
                (None, None) => actor.country.is_some().then_some(m),
            }
        }
        (o, _) => o,
    };
    Placed {
        subject,
        object,
        posted,
        region,
    }
}

/// The subject of trigger `k` when the pattern names none: the parse's (the patient, in the
/// passive), else the flat search back to the previous verb or clause opener, else the
/// speaker of the quotation the trigger stands in.
fn subject(
    sent: &Sentence<'_>,
    quotes: &Quotes,
    k: usize,
    as_verb: bool,
    roles: Option<&Roles>,
    b: &Bounds,
    region: Option<usize>,
) -> Option<usize> {
    let (lower, occ) = (sent.lower, &sent.occs[k]);
    // The subject is looked for back to the previous verb or clause opener, never past it.
    let previous_verb = sent.occs[..k]
        .iter()
        .zip(&sent.verbal[..k])
        .rev()
        .find(|(o, v)| **v && o.end <= occ.start)
        .map_or(0, |(o, _)| o.end);
    let opener = (0..occ.start)
        .rev()
        .find(|&j| COMPLEMENTIZERS.contains(&lower[j]))
        .map_or(0, |j| j + 1);
    let subject_start = b
        .clause_start
        .max(previous_verb)
        .max(opener)
        .max(b.mark_before);
    // A parse that gives the verb no subject at all (a misparse such as "Pakistan today
    // threatened") leaves it to the flat search; one whose subject is no actor does not.
    let parsed = roles
        .filter(|r| !r.no_subject)
        .map(|r| if r.passive { r.patient } else { r.source });
    match parsed {
        Some(found) => found,
        None => subject_of(lower, &sent.ends, occ, subject_start, as_verb),
    }
    .or_else(|| {
        // Inside a quotation with nobody named before the verb, the speaker is the subject.
        region
            .and_then(|r| quotes.regions[r].2)
            .filter(|_| !as_verb || subject_start == b.mark_before)
    })
}

/// A passive with no role from the pattern: the subject is the target, the "by" phrase the
/// source. A pattern for its own government ("the ambassador was recalled") makes the
/// patient's government the source and the country he is posted to the target, named by the
/// sentence's plainest mentions of each. False when such a pattern finds no country to code.
pub(super) fn passive(
    sent: &Sentence<'_>,
    occ: &Occurrence,
    own_government: bool,
    roles: Option<&Roles>,
    b: &Bounds,
    event: &mut Event,
) -> bool {
    let (doc, lower) = (sent.doc, sent.lower);
    let subject = event.source;
    let by_agent = match roles {
        Some(r) => r.source,
        None => (occ.end..b.target_end)
            .find(|&j| lower[j] == "by")
            .and_then(|j| {
                (j + 1..b.target_end.min(j + 3)).find_map(|p| sent.starts.get(&p).map(|&(m, _)| m))
            }),
    };
    event.target = subject;
    event.source = by_agent;
    if by_agent.is_some() || !own_government {
        return true;
    }
    let Some(patient) = subject else {
        return false;
    };
    let actor = &doc.mentions[patient].actor;
    let Some(country) = actor.country.clone() else {
        return false;
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
    // The mention that names each side best is the evidence: "recalled to Moscow" names the
    // government that recalled, "U.S. President" the country it recalled from; the
    // diplomat's name stays where nothing better is written.
    let others: Vec<usize> = sent
        .mentions
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
    true
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
