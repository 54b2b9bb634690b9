//! The flat reading of a sentence, for a sentence with no parse and for what a parse leaves
//! open: whether a verb form reads as a verb, the passive by its auxiliary, the subject as the
//! nearest actor before the verb, where a new clause's subject starts, and coordinated actors
//! joined by "and", "or" and commas.

use crate::matcher::{FormKind, MentionIndex, Occurrence};
use model::FxHashMap as HashMap;
use model::{Doc, MentionKind};

/// Words after which a base or third-person verb form is read as a noun ("the attack").
pub(crate) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "our", "my", "your",
    "'s", "any", "no", "every", "each", "such", "another", "whose", "of", "for", "with", "new",
];

/// Words after which a base or third-person form reads as a verb ("they attack", "to attack").
pub(crate) const VERB_CONTEXT: &[&str] = &[
    "i", "we", "you", "they", "he", "she", "it", "who", "which", "that", "to", "will", "would",
    "can", "could", "may", "might", "must", "shall", "should", "do", "does", "did", "not", "n't",
    "and", "or", "also", "then", "jointly", "never", "'ll", "'d", "cannot", "both", "often",
];

pub(crate) const BE: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "'s", "'re", "get", "got",
];

pub(crate) const PREPOSITIONS: &[&str] = &[
    "in", "of", "to", "from", "with", "at", "on", "for", "by", "against", "into", "over", "under",
    "about", "between", "among", "toward", "towards", "during", "near", "across", "inside",
    "without", "like", "than", "via", "per",
];

/// Where the subject of the verb at `verb` starts, when an actor or pronoun stands right
/// before it (auxiliaries and adverbs aside) and after `from`: the start of a new clause.
pub(crate) fn clause_subject_start(
    lower: &[&str],
    ends: &MentionIndex,
    verb: usize,
    from: usize,
) -> Option<usize> {
    let mut j = verb;
    while j > from {
        let w = lower[j - 1];
        let auxiliary = matches!(
            w,
            "has"
                | "had"
                | "have"
                | "will"
                | "would"
                | "is"
                | "was"
                | "are"
                | "were"
                | "be"
                | "been"
                | "could"
                | "should"
                | "may"
                | "might"
                | "must"
                | "can"
                | "did"
                | "does"
                | "do"
                | "not"
                | "n't"
                | "also"
                | "already"
                | "'s"
                | "'ll"
                | "'d"
        ) || w.ends_with("ly");
        if !auxiliary {
            break;
        }
        j -= 1;
    }
    if j <= from {
        return None;
    }
    if let Some(&(_, start)) = ends.get(&j) {
        // "sanctions on Russia took effect": the object of a preposition is not a subject.
        let mut before = start;
        while before > from && matches!(lower[before - 1], "the" | "a" | "an") {
            before -= 1;
        }
        let prepositional = before > 0 && PREPOSITIONS.contains(&lower[before - 1]);
        return (start >= from && !prepositional).then_some(start);
    }
    matches!(
        lower[j - 1],
        "he" | "she" | "it" | "they" | "we" | "i" | "you"
    )
    .then_some(j - 1)
}

/// Whether a mention names a place (a country or capital) rather than a person or body.
pub(crate) fn place_like(doc: &Doc, m: Option<usize>) -> bool {
    m.is_some_and(|m| {
        matches!(
            doc.mentions[m].kind,
            MentionKind::Country | MentionKind::Metonym
        ) && doc.mentions[m].actor.sector.is_none()
    })
}

/// The members of a coordination that a mention belongs to ("Mordor, Rohan, Fornost and
/// Bree"), in order; just the mention when it stands alone.
pub(crate) fn coordinated(
    doc: &Doc,
    lower: &[&str],
    starts: &MentionIndex,
    ends: &MentionIndex,
    m: usize,
) -> Vec<usize> {
    let joinable = |i: usize| {
        let x = &doc.mentions[i];
        x.kind != MentionKind::Pronoun
            && !(x.kind == MentionKind::Role && x.actor.country.is_none() && x.actor.name.is_none())
    };
    let Some((&a, _)) = starts.iter().find(|(_, &(i, _))| i == m) else {
        return vec![m];
    };
    let b = starts[&a].1;
    let mut members = vec![m];
    // Commas alone ("Since returning to Moscow, Antonov ...") do not make a list; a list has an
    // "and", "or" or "nor" somewhere.
    let mut conjunction = false;
    // Leftwards: "X and", "X,", "X, and", "X or", "neither X nor".
    let mut at = a;
    loop {
        let mut k = at;
        while k > 0 && lower[k - 1] == "the" {
            k -= 1;
        }
        if k == 0 || !matches!(lower[k - 1], "and" | "or" | "nor" | ",") {
            break;
        }
        let mut e = k - 1;
        conjunction |= lower[e] != ",";
        if e > 0 && lower[e] != "," && lower[e - 1] == "," {
            e -= 1;
        }
        match ends.get(&e) {
            Some(&(prev, from)) if joinable(prev) && joinable(m) => {
                members.insert(0, prev);
                at = from;
            }
            _ => break,
        }
    }
    // Rightwards, the same separators.
    let mut at = b;
    while at < lower.len() && matches!(lower[at], "and" | "or" | "nor" | ",") {
        let mut k = at + 1;
        conjunction |= lower[at] != ",";
        if lower[at] == "," && k < lower.len() && matches!(lower[k], "and" | "or") {
            conjunction = true;
            k += 1;
        }
        while k < lower.len() && lower[k] == "the" {
            k += 1;
        }
        match starts.get(&k) {
            Some(&(next, to)) if joinable(next) && joinable(m) => {
                members.push(next);
                at = to;
            }
            _ => break,
        }
    }
    if !conjunction {
        return vec![m];
    }
    members
}

impl Occurrence {
    /// Whether a verb form here reads as a verb rather than a noun or adjective.
    pub(crate) fn verb_reading(
        &self,
        doc: &Doc,
        lower: &[&str],
        ends: &HashMap<usize, (usize, usize)>,
    ) -> bool {
        if self.start == 0 {
            // A capitalised first word ("Combat roles ...") is rarely an imperative in news.
            return matches!(self.kind, FormKind::Past | FormKind::Gerund);
        }
        let prev = lower[self.start - 1];
        if DETERMINERS.contains(&prev) {
            return false;
        }
        match self.kind {
            FormKind::Past | FormKind::Gerund => true,
            FormKind::Base | FormKind::ThirdPerson => {
                VERB_CONTEXT.contains(&prev)
                    || prev.ends_with("ly")
                    || ends
                        .get(&self.start)
                        .is_some_and(|&(m, _)| !doc.mentions[m].adjectival)
                    || BE.contains(&prev)
            }
        }
    }
}

/// Participles that, after "is", describe a readiness rather than a passive ("is prepared to").
pub(crate) const ADJECTIVAL: &[&str] = &[
    "prepared",
    "committed",
    "determined",
    "poised",
    "set",
    "scheduled",
    "inclined",
    "resolved",
];

pub(crate) fn is_passive(lower: &[&str], start: usize) -> bool {
    if ADJECTIVAL.contains(&lower[start]) && lower.get(start + 1) == Some(&"to") {
        return false;
    }
    let mut j = start;
    let mut steps = 0;
    while j > 0 && steps < 4 {
        j -= 1;
        steps += 1;
        let w = lower[j];
        if BE.contains(&w) {
            return true;
        }
        if !(w.ends_with("ly")
            || matches!(
                w,
                "not" | "n't" | "also" | "later" | "then" | "since" | "already"
            ))
        {
            return false;
        }
    }
    false
}

/// The subject: for a noun trigger the actor right before it ("US sanctions", "Biden's
/// remarks"); otherwise the nearest actor before the verb in its clause that is not the object
/// of a preposition.
pub(crate) fn subject_of(
    lower: &[&str],
    ends: &HashMap<usize, (usize, usize)>,
    occ: &Occurrence,
    from: usize,
    as_verb: bool,
) -> Option<usize> {
    let anti = |start: usize| start >= 2 && lower[start - 1] == "-" && lower[start - 2] == "anti";
    if !as_verb {
        let mut j = occ.start;
        if j > 0 && lower[j - 1] == "'s" {
            j -= 1;
        }
        if let Some(&(m, start)) = ends.get(&j) {
            if !anti(start) {
                return Some(m);
            }
        }
    }
    for end in (from + 1..=occ.start).rev() {
        let Some(&(m, start)) = ends.get(&end) else {
            continue;
        };
        if anti(start) {
            continue;
        }
        // Look past articles and up to two adjectives: "in central Iran", "of the new government".
        let mut before = start;
        let mut adjectives = 0;
        while before > 0 {
            let w = lower[before - 1];
            if matches!(w, "the" | "a" | "an") {
                before -= 1;
            } else if adjectives < 2
                && w.chars().all(char::is_alphabetic)
                && !PREPOSITIONS.contains(&w)
                && !BE.contains(&w)
                && !VERB_CONTEXT.contains(&w)
            {
                adjectives += 1;
                before -= 1;
            } else {
                break;
            }
        }
        let after_preposition = before > 0 && PREPOSITIONS.contains(&lower[before - 1]);
        if !after_preposition {
            return Some(m);
        }
    }
    None
}
