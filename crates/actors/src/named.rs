//! Mentions from the named-entity tagger: people and organisations that no descriptor or
//! dictionary phrase covered ("Mikhail Ulyanov said", "the Levada Center"), so that they still
//! count as speakers and antecedents, and take a country and sector from an apposition ("X, a
//! deputy foreign minister"), from words inside the name ("Russian Foreign Ministry") or, for a
//! bare surname, from the dictionary later (`coref`).

use crate::gazetteer::{split_code, Gazetteer, Lex};
use model::straight_apostrophes;
use model::{Actor, Doc, EntityKind, Mention, MentionKind, Span};

/// Head words of organisation names and the sector they give (CAMEO agent codes).
const ORG_HEADS: &[(&str, &str)] = &[
    ("ministry", "GOV"),
    ("government", "GOV"),
    ("cabinet", "GOV"),
    ("council", "GOV"),
    ("commission", "GOV"),
    ("department", "GOV"),
    ("office", "GOV"),
    ("agency", "GOV"),
    ("embassy", "GOV"),
    ("consulate", "GOV"),
    ("police", "COP"),
    ("army", "MIL"),
    ("navy", "MIL"),
    ("forces", "MIL"),
    ("guard", "MIL"),
    ("brigade", "MIL"),
    ("command", "MIL"),
    ("parliament", "LEG"),
    ("assembly", "LEG"),
    ("senate", "LEG"),
    ("congress", "LEG"),
    ("duma", "LEG"),
    ("court", "JUD"),
    ("tribunal", "JUD"),
    ("party", "PTY"),
    ("front", "REB"),
    ("university", "EDU"),
    ("institute", "EDU"),
    ("school", "EDU"),
    ("bank", "BUS"),
    ("corp", "BUS"),
    ("corporation", "BUS"),
    ("company", "BUS"),
    ("inc", "BUS"),
    ("ltd", "BUS"),
    ("airlines", "BUS"),
    ("news", "MED"),
    ("times", "MED"),
    ("post", "MED"),
    ("tv", "MED"),
    ("television", "MED"),
    ("radio", "MED"),
    ("press", "MED"),
    ("journal", "MED"),
    ("union", "LAB"),
    ("church", "REL"),
    ("foundation", "NGO"),
];

/// Adds a mention for each PER and ORG entity that no mention overlaps; an apposition right
/// after a person ("Ryabkov, a deputy foreign minister,") lends its actor to the name.
pub(crate) fn add_entity_mentions(g: &Gazetteer, doc: &Doc, mentions: &mut Vec<Mention>) {
    let mut added = Vec::new();
    let mut headline = (usize::MAX, false);
    for e in &doc.entities {
        if headline.0 != e.sentence {
            headline = (e.sentence, crate::chunk::is_headline(doc, e.sentence));
        }
        // In a headline every word is capitalised, and the tagger guesses; so do descriptors.
        if headline.1 || overlaps_any(mentions, e.span) {
            continue;
        }
        let text = doc.slice(e.span).replace('’', "'");
        let words: Vec<&str> = text.split_whitespace().collect();
        if e.kind == EntityKind::Person && !person_like(&words) {
            continue;
        }
        // "the North American Free Trade Agreement", "the Paris Climate Accord": a treaty,
        // law, programme or event is named like a body, but it acts on nobody.
        if e.kind == EntityKind::Organisation && thing_like(&words) {
            continue;
        }
        match e.kind {
            EntityKind::Person => {
                let mut actor = Actor {
                    name: Some(text),
                    ..Actor::default()
                };
                if let Some(role) = apposition(doc, mentions, e.span, e.tokens.end) {
                    let r = &mentions[role].actor;
                    actor.country = r.country.clone();
                    actor.sector = r.sector.clone();
                    actor.role = r.role.clone();
                    actor.posted_to = r.posted_to.clone();
                    actor.code = r.code.clone();
                }
                added.push(Mention {
                    span: e.span,
                    sentence: e.sentence,
                    kind: MentionKind::Person,
                    actor,
                    antecedent: None,
                    adjectival: false,
                });
            }
            EntityKind::Organisation => {
                let actor = organisation(g, doc, e.tokens.clone(), text);
                added.push(Mention {
                    span: e.span,
                    sentence: e.sentence,
                    kind: MentionKind::Organisation,
                    actor,
                    antecedent: None,
                    adjectival: false,
                });
            }
            EntityKind::Location | EntityKind::Misc => {}
        }
    }
    if added.is_empty() {
        return;
    }
    mentions.extend(added);
    mentions.sort_by_key(|m| m.span.start);
}

/// Words that name things, not people: a "person" holding one ("Cold War", "Crocus City
/// Hall") is the tagger's mistake.
const NOT_IN_PERSON_NAMES: &[&str] = &[
    "war",
    "city",
    "hall",
    "street",
    "square",
    "house",
    "treaty",
    "act",
    "summit",
    "cup",
    "day",
    "games",
    "agreement",
    "accord",
    "plan",
    "crisis",
    "university",
    "party",
    "says",
    "said",
];

/// Head words of names that are treaties, laws, programmes, meetings and events, not bodies.
const THINGS: &[&str] = &[
    "agreement",
    "agreements",
    "treaty",
    "treaties",
    "accord",
    "accords",
    "act",
    "law",
    "deal",
    "pact",
    "program",
    "programme",
    "plan",
    "initiative",
    "convention",
    "protocol",
    "summit",
    "conference",
    "games",
    "cup",
    "war",
    "crisis",
    "election",
    "elections",
    "charter",
    "bill",
    "resolution",
    "doctrine",
    "strategy",
    "partnership",
    "declaration",
    "memorandum",
    "sanctions",
    "olympics",
    "championship",
    "festival",
    "forum",
    "talks",
    "process",
    "reform",
    "amendment",
];

/// Whether an ORG entity names a thing rather than a body: its last word is one of `THINGS`.
fn thing_like(words: &[&str]) -> bool {
    words.last().is_some_and(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        THINGS.contains(&w.as_str())
    })
}

/// Whether a PER entity's words can be a person's name: no word above, and not all capitals
/// (an acronym).
fn person_like(words: &[&str]) -> bool {
    let acronym = words.iter().all(|w| {
        w.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
    });
    !acronym
        && !words
            .iter()
            .any(|w| NOT_IN_PERSON_NAMES.contains(&w.to_lowercase().as_str()))
}

/// Whether a span overlaps one of the mentions (in text order, not overlapping each other).
fn overlaps_any(mentions: &[Mention], span: Span) -> bool {
    let k = mentions.partition_point(|m| m.span.start < span.end);
    k > 0 && mentions[k - 1].span.end > span.start
}

/// The role mention standing in apposition right after a name: "Name, [a|the] role ...".
fn apposition(doc: &Doc, mentions: &[Mention], name: Span, end_token: usize) -> Option<usize> {
    let comma = doc.tokens.get(end_token)?;
    if doc.slice(comma.span) != "," {
        return None;
    }
    let mut next = end_token + 1;
    if let Some(t) = doc.tokens.get(next) {
        if matches!(
            doc.slice(t.span).to_lowercase().as_str(),
            "a" | "an" | "the"
        ) {
            next += 1;
        }
    }
    let start = doc.tokens.get(next)?.span.start;
    let k = mentions.partition_point(|m| m.span.start < start);
    let m = mentions.get(k)?;
    (m.span.start == start
        && m.kind == MentionKind::Role
        && m.actor.name.is_none()
        && m.span.start > name.end)
        .then_some(k)
}

/// An organisation's actor from its own words: a country named inside ("Russian Foreign
/// Ministry", "Bank of Japan") and a head word that gives the sector ("... Party", "... Army").
fn organisation(g: &Gazetteer, doc: &Doc, tokens: std::ops::Range<usize>, name: String) -> Actor {
    let words: Vec<String> = doc.tokens[tokens]
        .iter()
        .map(|t| straight_apostrophes(doc.slice(t.span)).into_owned())
        .collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let word_refs: Vec<&str> = words.iter().map(String::as_str).collect();
    let lower_refs: Vec<&str> = lower.iter().map(String::as_str).collect();
    let mut country = None;
    let mut sector = None;
    let mut i = 0;
    while i < words.len() {
        match g.longest_match(&word_refs[i..], &lower_refs[i..]) {
            Some((len, lex)) => {
                match lex {
                    Lex::CountryName(c) | Lex::CountryAdj(c) | Lex::Capital(c) => {
                        country = country.or(Some(g.countries[*c].iso3.clone()));
                    }
                    Lex::Role { sector: s, .. } => sector = Some(s.clone()),
                    Lex::Organisation { code, .. } | Lex::Metonym { code, .. } => {
                        let (c, s) = split_code(g, code);
                        country = country.or(c);
                        sector = sector.or(s);
                    }
                    Lex::Person(_) => {}
                }
                i += len;
            }
            None => {
                // The first head word decides: "News Agency" is media, "Army Command" military.
                if let Some((_, s)) = ORG_HEADS.iter().find(|(h, _)| *h == lower[i]) {
                    sector = sector.or(Some(s.to_string()));
                }
                i += 1;
            }
        }
    }
    Actor {
        code: Actor::compose_code(country.as_deref(), sector.as_deref()),
        country,
        sector,
        name: Some(name),
        ..Actor::default()
    }
}
