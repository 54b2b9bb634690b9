//! Coreference within one document: later surnames, pronouns and definite role nouns take the
//! actor of the mention they refer back to, and record it as their antecedent.

use crate::chunk::PRONOUNS;
use crate::gazetteer::{Gazetteer, Lex};
use model::FxHashMap as HashMap;
use model::{Doc, EntityKind, Mention, MentionKind, Span, TokenKind};

/// How far back (in sentences) a pronoun looks for its antecedent.
const PRONOUN_WINDOW: usize = 3;

pub(crate) fn resolve(g: &Gazetteer, doc: &mut Doc) {
    titles_on_names(doc);
    administrations(g, doc);
    link_names(doc);
    dictionary_surnames(g, doc);
    add_surname_mentions(g, doc);
    link_pronouns_and_roles(doc);
    countries_from_context(doc);
}

/// "Bree Prime Minister Romendacil": a name the dictionary knows only by its country (a person,
/// or a leader's name listed as the country itself), written right after a title, holds that
/// title's office. The name takes the title's sector, and the
/// title's country where the title has one.
fn titles_on_names(doc: &mut Doc) {
    for i in 1..doc.mentions.len() {
        let (before, rest) = doc.mentions.split_at_mut(i);
        let (title, name) = (&before[i - 1], &mut rest[0]);
        let adjacent = title.sentence == name.sentence
            && title.span.end <= name.span.start
            && doc.text[title.span.end..name.span.start].trim().is_empty();
        if !adjacent
            || title.kind != MentionKind::Role
            || !matches!(name.kind, MentionKind::Person | MentionKind::Country)
            || name.actor.sector.is_some()
            || name.actor.country.is_none()
        {
            continue;
        }
        let Some(sector) = title.actor.sector.clone() else {
            continue;
        };
        let country = title.actor.country.clone().or(name.actor.country.take());
        name.actor.code = model::Actor::compose_code(country.as_deref(), Some(&sector));
        name.actor.country = country;
        name.actor.sector = Some(sector);
        if name.actor.role.is_none() {
            name.actor.role = title.actor.role.clone();
        }
    }
}

/// "The Bush administration", "the Erdogan government": a government named by a leader's
/// family name is that leader's country's, when every person of that name in the dictionary
/// serves the same country. The name itself is no actor of its own.
fn administrations(g: &Gazetteer, doc: &mut Doc) {
    const BODIES: &[&str] = &["administration", "government", "cabinet", "regime"];
    let mut named = Vec::new();
    for (i, body) in doc.mentions.iter().enumerate() {
        let text = doc.slice(body.span).to_lowercase();
        if body.kind != MentionKind::Role
            || body.actor.country.is_some()
            || !BODIES.contains(&text.as_str())
        {
            continue;
        }
        let before = doc.text[..body.span.start].trim_end();
        let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
        if !word.starts_with(char::is_uppercase) {
            continue;
        }
        let at = before.len() - word.len();
        // The name's own mention, when the actor stage made one; else the dictionary's.
        let person = doc.mentions[..i]
            .iter()
            .rev()
            .take_while(|m| m.sentence == body.sentence)
            .find(|m| m.span.start <= at && at < m.span.end && m.kind == MentionKind::Person)
            .and_then(|m| m.actor.country.clone());
        if let Some(c) = person.or_else(|| g.country_of_family(word)) {
            named.push((i, c));
        }
    }
    for (i, c) in named {
        let a = &mut doc.mentions[i].actor;
        a.code = model::Actor::compose_code(Some(&c), a.sector.as_deref());
        a.country = Some(c);
    }
}

/// How far back (in sentences) a bare institution looks for its country.
const INSTITUTION_WINDOW: usize = 10;

/// A bare institution or role ("the Foreign Ministry", "parliament", "the court") names a
/// body of some country the text has in mind: the nearest earlier mention of the same sector
/// that has a country lends it ("Russia's Foreign Ministry ... the Foreign Ministry"); failing
/// that, a definite or capitalised one takes the country the article is about, when one
/// country holds at least three in five of its country-bearing mentions (four or more): in a
/// US report on Russia neither holds that share. An indefinite role ("a senator", "a senior
/// official") is left without.
fn countries_from_context(doc: &mut Doc) {
    let mut counts: HashMap<&str, usize> = HashMap::default();
    let mut with_country = 0;
    for m in &doc.mentions {
        if let Some(c) = m.actor.country.as_deref() {
            *counts.entry(c).or_default() += 1;
            with_country += 1;
        }
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let dominant = ranked
        .first()
        .filter(|&&(_, n)| n >= 4 && 5 * n >= 3 * with_country)
        .map(|&(c, _)| c.to_string());
    let mut changes = Vec::new();
    for (i, m) in doc.mentions.iter().enumerate() {
        let bare = matches!(m.kind, MentionKind::Role | MentionKind::Organisation)
            && m.antecedent.is_none()
            && m.actor.country.is_none()
            && m.actor.name.is_none()
            && m.actor.sector.is_some()
            && !m.actor.code.starts_with("IGO")
            && !m.actor.code.starts_with("NGO");
        if !bare {
            continue;
        }
        let nearest = (0..i)
            .rev()
            .take_while(|&j| doc.mentions[j].sentence + INSTITUTION_WINDOW >= m.sentence)
            .find(|&j| {
                let a = &doc.mentions[j].actor;
                a.country.is_some() && a.sector == m.actor.sector
            })
            .and_then(|j| doc.mentions[j].actor.country.clone());
        let text = doc.slice(m.span);
        let indefinite = doc.text[..m.span.start]
            .trim_end()
            .rsplit(char::is_whitespace)
            .next()
            .is_some_and(|w| matches!(w.to_lowercase().as_str(), "a" | "an" | "another" | "any"));
        let named = definite(doc, m.span) || text.starts_with(char::is_uppercase);
        // An indefinite role ("a senior official said") is someone the text does not place:
        // it borrows no country, not even the nearest one.
        let nearest = nearest.filter(|_| !indefinite);
        let country = nearest.or_else(|| dominant.clone().filter(|_| named && !indefinite));
        if let Some(c) = country {
            changes.push((i, c));
        }
    }
    for (i, c) in changes {
        let a = &mut doc.mentions[i].actor;
        a.code = model::Actor::compose_code(Some(&c), a.sector.as_deref());
        a.country = Some(c);
    }
}

/// A bare surname that no earlier name in the document explains ("Lavrov said", the tagger's
/// person) is the dictionary's one office holder of that name on the document's date.
fn dictionary_surnames(g: &Gazetteer, doc: &mut Doc) {
    let Some(date) = doc.meta.date else {
        return;
    };
    for m in &mut doc.mentions {
        let bare = m.kind == MentionKind::Person
            && m.antecedent.is_none()
            && m.actor.code.is_empty()
            && m.actor.name.as_deref().is_some_and(|n| !n.contains(' '));
        if !bare {
            continue;
        }
        let name = m.actor.name.as_deref().unwrap_or_default();
        if let Some(p) = g.person_by_surname(name, date) {
            m.actor = dictionary_actor(g, p, date);
        }
    }
}

/// Verbs of speech: a capitalised surname right before one is someone speaking ("Lavrov said"),
/// whatever the tagger made of a name it has never seen at the start of a sentence.
const SPEECH: &[&str] = &[
    "said", "says", "told", "tells", "added", "warned", "stressed", "insisted", "argued", "wrote",
    "tweeted",
];

/// Titles that stand before a surname ("President Trump", "Foreign Minister Lavrov").
const TITLES: &[&str] = &[
    "president",
    "secretary",
    "minister",
    "chancellor",
    "ambassador",
    "senator",
    "sen.",
    "governor",
    "gov.",
    "rep.",
    "representative",
    "congressman",
    "congresswoman",
    "king",
    "queen",
    "prince",
    "general",
    "gen.",
    "premier",
    "envoy",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "leader",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "commissioner",
    "mayor",
    "judge",
    "justice",
    "adm.",
    "admiral",
    "col.",
    "colonel",
    "speaker",
    "chairman",
    "chairwoman",
    "director",
    "prosecutor",
    "attorney",
    "pm",
    "emir",
    "sheikh",
    "ayatollah",
    "pope",
    "cardinal",
];

/// Whether the tagger found a person's name at this span (entities are sorted and do not
/// overlap).
fn tagged_person(doc: &Doc, span: Span) -> bool {
    let k = doc.entities.partition_point(|e| e.span.start < span.end);
    k > 0 && {
        let e = &doc.entities[k - 1];
        e.span.end > span.start && e.kind == EntityKind::Person
    }
}

/// A dictionary person's actor on a date.
fn dictionary_actor(g: &Gazetteer, person: usize, date: model::Date) -> model::Actor {
    let role = g.role_on(person, Some(date));
    let (country, sector) = crate::gazetteer::split_code(g, &role.code);
    model::Actor {
        code: role.code_with(country.as_deref(), sector.as_deref()),
        country,
        sector,
        name: Some(g.people[person].name.clone()),
        role: Some(role.role.clone()),
        posted_to: role.posted_to.clone(),
    }
}

/// The last word of a name, which news text uses alone after the first mention.
fn surname(name: &str) -> Option<&str> {
    name.split_whitespace()
        .last()
        .filter(|s| s.chars().count() > 2)
}

/// Finds surnames of people named earlier that stand alone later in the text.
fn add_surname_mentions(g: &Gazetteer, doc: &mut Doc) {
    let mut known: HashMap<String, usize> = HashMap::default();
    let mut added = Vec::new();
    let mut next_mention = 0;
    // The furthest end of the mentions passed so far: a token before it is inside one.
    let mut reach = 0;
    for (s, sentence) in doc.sentences.iter().enumerate() {
        // Names introduced before this sentence (or earlier in it) are known.
        for ti in sentence.tokens.clone() {
            let tok = doc.tokens[ti];
            while next_mention < doc.mentions.len()
                && doc.mentions[next_mention].span.start <= tok.span.start
            {
                let m = &doc.mentions[next_mention];
                reach = reach.max(m.span.end);
                if m.kind == MentionKind::Person {
                    if let Some(name) = &m.actor.name {
                        // A full name introduces the surname; a bare surname only repeats it.
                        if let Some(sn) = surname(name) {
                            if name.contains(' ') || !known.contains_key(sn) {
                                known.insert(sn.to_string(), next_mention);
                            }
                        }
                    }
                }
                next_mention += 1;
            }
            if tok.kind != TokenKind::Word {
                continue;
            }
            let w = doc.slice(tok.span);
            // A surname nobody in the text introduced may still be the one office holder of
            // that name on the document's date ("Lavrov said"), when the tagger calls the word
            // a person's name: "May", "Power" and "Young" are words before they are surnames.
            let in_office = || {
                let date = doc
                    .meta
                    .date
                    .filter(|_| w.starts_with(char::is_uppercase))?;
                let said = doc
                    .tokens
                    .get(ti + 1)
                    .is_some_and(|t| SPEECH.contains(&doc.slice(t.span)));
                // "President Trump", "Foreign Minister Lavrov": a title names a person.
                let titled = ti > sentence.tokens.start
                    && TITLES.contains(&doc.slice(doc.tokens[ti - 1].span).to_lowercase().as_str());
                let person = if titled {
                    g.person_by_titled_surname(w, date)?
                } else {
                    g.person_by_surname(w, date)?
                };
                (said || titled || tagged_person(doc, tok.span))
                    .then(|| dictionary_actor(g, person, date))
            };
            let (actor, antecedent) = match known.get(w) {
                Some(&a) => (doc.mentions[a].actor.clone(), Some(a)),
                None => match in_office() {
                    Some(actor) => (actor, None),
                    None => continue,
                },
            };
            let covered = reach > tok.span.start
                || doc
                    .mentions
                    .get(next_mention)
                    .is_some_and(|m| m.span.start < tok.span.end);
            // A surname that is also a gazetteer phrase ("Jordan") is left to the gazetteer.
            let lexical = g
                .longest_match(&[w], &[w.to_lowercase().as_str()])
                .is_some_and(|(_, l)| !matches!(l, Lex::Person(_)));
            if !covered && !lexical {
                added.push(Mention {
                    span: tok.span,
                    sentence: s,
                    kind: MentionKind::Person,
                    actor,
                    antecedent,
                    adjectival: false,
                });
            }
        }
    }
    if added.is_empty() {
        return;
    }
    // Merge in span order, renumbering antecedents.
    let old = std::mem::take(&mut doc.mentions);
    let mut all: Vec<(usize, Mention)> = old.into_iter().enumerate().collect();
    let base = all.len();
    all.extend(added.into_iter().enumerate().map(|(i, m)| (base + i, m)));
    all.sort_by_key(|(_, m)| m.span.start);
    let mut new_index = vec![0; all.len()];
    for (new, (old, _)) in all.iter().enumerate() {
        new_index[*old] = new;
    }
    doc.mentions = all
        .into_iter()
        .map(|(_, mut m)| {
            m.antecedent = m.antecedent.map(|a| new_index[a]);
            m
        })
        .collect();
}

/// A person named by a bare title and surname ("Ambassador Antonov") takes the fuller actor of
/// the earlier mention with that surname.
fn link_names(doc: &mut Doc) {
    let mut by_surname: HashMap<String, usize> = HashMap::default();
    for i in 0..doc.mentions.len() {
        let m = &doc.mentions[i];
        if m.kind != MentionKind::Person || m.antecedent.is_some() {
            if let Some(sn) = m.actor.name.as_deref().and_then(surname) {
                by_surname.entry(sn.to_string()).or_insert(i);
            }
            continue;
        }
        let Some(name) = m.actor.name.clone() else {
            continue;
        };
        let Some(sn) = surname(&name) else { continue };
        match by_surname.get(sn) {
            Some(&earlier)
                if name.split_whitespace().count() == 1
                    || doc.mentions[earlier].actor.name.as_deref() == Some(name.as_str()) =>
            {
                let mut actor = doc.mentions[earlier].actor.clone();
                let own = &doc.mentions[i].actor;
                actor.country = actor.country.or(own.country.clone());
                actor.sector = actor.sector.or(own.sector.clone());
                actor.code =
                    model::Actor::compose_code(actor.country.as_deref(), actor.sector.as_deref());
                doc.mentions[i].actor = actor;
                doc.mentions[i].antecedent = Some(earlier);
            }
            _ => {
                by_surname.insert(sn.to_string(), i);
            }
        }
    }
}

/// The mention at the end of an antecedent chain.
fn root(doc: &Doc, mut i: usize) -> usize {
    while let Some(a) = doc.mentions[i].antecedent {
        i = a;
    }
    i
}

fn is_person(m: &Mention) -> bool {
    m.kind == MentionKind::Person || (m.kind == MentionKind::Pronoun && m.antecedent.is_some())
}

/// For each mention, whether it stands inside a quotation.
fn quoted_mentions(doc: &Doc) -> Vec<bool> {
    let regions = doc.quote_regions();
    let spans: Vec<Span> = regions
        .iter()
        .filter(|r| !r.is_empty())
        .map(|r| {
            Span::new(
                doc.tokens[r.start].span.start,
                doc.tokens[r.end - 1].span.end,
            )
        })
        .collect();
    doc.mentions
        .iter()
        .map(|m| spans.iter().any(|s| s.contains(m.span)))
        .collect()
}

fn link_pronouns_and_roles(doc: &mut Doc) {
    let quoted = quoted_mentions(doc);
    // Where each sentence's mentions start (mentions are in text order).
    let mut firsts = vec![doc.mentions.len(); doc.sentences.len() + 1];
    for (i, m) in doc.mentions.iter().enumerate().rev() {
        firsts[m.sentence] = i;
    }
    for s in (0..doc.sentences.len()).rev() {
        firsts[s] = firsts[s].min(firsts[s + 1]);
    }
    // How often each chain (by its first mention) has been named before the mention at hand;
    // an earlier mention's chain is settled by the time a later one is linked.
    let mut named: HashMap<usize, usize> = HashMap::default();
    for i in 0..doc.mentions.len() {
        let m = &doc.mentions[i];
        let s = m.sentence;
        let found = if m.kind == MentionKind::Pronoun {
            let lower = doc.slice(m.span).to_lowercase();
            debug_assert!(PRONOUNS.contains(&lower.as_str()));
            if matches!(lower.as_str(), "it" | "they" | "them") {
                group_antecedent(doc, i, &quoted)
            } else {
                pronoun_antecedent(doc, i, s, &quoted, &firsts)
            }
        } else if m.kind == MentionKind::Role && m.actor.name.is_none() && definite(doc, m.span) {
            role_antecedent(doc, i, &firsts, &named)
        } else {
            None
        };
        if let Some(a) = found {
            let r = root(doc, a);
            let actor = doc.mentions[r].actor.clone();
            let m = &mut doc.mentions[i];
            m.actor = actor;
            m.antecedent = Some(a);
        }
        *named.entry(root(doc, i)).or_default() += 1;
    }
}

/// Whether a mention can be what "it" or "they" refers to: a country, capital, seat of power,
/// organisation, or (for "they") a group named by a plural role ("officials", "rebels").
fn is_group(doc: &Doc, m: &Mention, plural: bool) -> bool {
    match m.kind {
        MentionKind::Country | MentionKind::Metonym | MentionKind::Organisation => true,
        MentionKind::Role if plural => doc.slice(m.span).ends_with('s'),
        // "Iraq's interim government announced that it is prepared to": a body named by a
        // singular role noun.
        MentionKind::Role => doc
            .slice(m.span)
            .rsplit(' ')
            .next()
            .is_some_and(|w| BODIES.contains(&w.to_lowercase().as_str())),
        _ => false,
    }
}

/// Singular role nouns that name a body, which "it" can stand for.
const BODIES: &[&str] = &[
    "government",
    "military",
    "army",
    "navy",
    "parliament",
    "cabinet",
    "junta",
    "administration",
    "congress",
    "senate",
    "regime",
    "ministry",
    "council",
    "court",
];

/// "it" and "they": the nearest country, organisation or group before, in this sentence or
/// the one before it.
fn group_antecedent(doc: &Doc, i: usize, quoted: &[bool]) -> Option<usize> {
    let m = &doc.mentions[i];
    let plural = !doc.slice(m.span).eq_ignore_ascii_case("it");
    let fits = |j: usize, inside: bool| {
        let a = &doc.mentions[j];
        quoted[j] == inside && is_group(doc, a, plural) && !a.actor.code.is_empty()
    };
    let near = || {
        (0..i)
            .rev()
            .take_while(|&j| doc.mentions[j].sentence + 1 >= m.sentence)
    };
    // Inside a quotation, "they" is first someone the speaker named, then someone the
    // narrative named; outside, only someone the narrative named.
    near()
        .find(|&j| fits(j, quoted[i]))
        .or_else(|| near().find(|&j| quoted[i] && fits(j, false)))
}

/// The leftmost person earlier in the same sentence, else the leftmost (subject-most) person
/// of each earlier sentence in turn. A pronoun outside quotation marks refers to people the
/// narrative names, not to people named inside someone's quoted words.
fn pronoun_antecedent(
    doc: &Doc,
    i: usize,
    s: usize,
    quoted: &[bool],
    firsts: &[usize],
) -> Option<usize> {
    let fits = |j: usize| is_person(&doc.mentions[j]) && (quoted[i] || !quoted[j]);
    (0..=PRONOUN_WINDOW.min(s)).find_map(|back| {
        let target = s - back;
        (firsts[target]..firsts[target + 1].min(i)).find(|&j| fits(j))
    })
}

/// How far back (in sentences) "the ambassador" looks for the ambassador.
const ROLE_WINDOW: usize = 20;

/// "the ambassador", "the president": an earlier person with the same role label. With
/// several ("President Trump ... Russian President Vladimir Putin ... the president"), the one
/// the text has named most often so far, which is whom a reporter means by the bare title;
/// on a tie, the latest.
fn role_antecedent(
    doc: &Doc,
    i: usize,
    firsts: &[usize],
    named: &HashMap<usize, usize>,
) -> Option<usize> {
    let m = &doc.mentions[i];
    let label = m.actor.role.as_deref()?;
    let from = firsts[m.sentence.saturating_sub(ROLE_WINDOW)];
    let fits = |j: usize| {
        let r = &doc.mentions[root(doc, j)];
        r.kind == MentionKind::Person
            && r.actor.role.as_deref() == Some(label)
            && (m.actor.country.is_none() || m.actor.country == r.actor.country)
    };
    (from..i)
        .rev()
        .filter(|&j| fits(j))
        .max_by_key(|&j| (named.get(&root(doc, j)).copied().unwrap_or(0), j))
}

/// Whether the text right before a span is "the".
fn definite(doc: &Doc, span: Span) -> bool {
    doc.text[..span.start]
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("the"))
}
