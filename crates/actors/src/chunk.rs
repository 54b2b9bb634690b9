//! The descriptor chunker: groups adjacent gazetteer phrases and names into one actor mention.
//!
//! A mention is a run such as `[Russia’s] [Ambassador] [to the United States] [Anatoly Antonov]`:
//! an optional country (name, adjective or possessive), role nouns, a posting ("to the US") or
//! origin ("of Russia") after the role, and a name after a title. Each part contributes to one
//! actor; a known person's dated dictionary code wins over what the descriptor says.

use crate::gazetteer::{split_code, Gazetteer, Lex};
use model::straight_apostrophes;
use model::{Actor, Doc, Mention, MentionKind, Span, TokenKind};

/// Words that may stand between the parts of a descriptor ("former President", "top diplomat").
const MODIFIERS: &[&str] = &[
    "former",
    "ousted",
    "deposed",
    "top",
    "senior",
    "acting",
    "chief",
    "then",
    "state-run",
    "new",
    "incoming",
    "outgoing",
    "interim",
    "deputy",
    "first",
    "veteran",
    "exiled",
    "jailed",
    "late",
];

/// Capitalised words that never begin or continue a person's name.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "In",
    "On",
    "At",
    "Of",
    "And",
    "But",
    "Or",
    "If",
    "This",
    "That",
    "His",
    "Her",
    "Their",
    "Its",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Says",
    "Said",
    "Tells",
    "Told",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
];

/// Name particles that may sit inside a name in lower case ("Ursula von der Leyen").
const PARTICLES: &[&str] = &[
    "von", "der", "van", "de", "del", "da", "bin", "ibn", "al", "el", "la", "le",
];

pub(crate) const PRONOUNS: &[&str] = &["he", "she", "him", "it", "they", "them"];

/// Words after which "it" is a dummy subject ("it is unclear"), not a country or body.
const DUMMY_IT: &[&str] = &[
    "is", "was", "'s", "seems", "seemed", "appears", "appeared", "remains", "remained", "makes",
    "made", "takes", "took", "comes", "came", "turns", "turned",
];

/// Modals after which "it" is a dummy subject only before "be" ("it would be difficult");
/// "it would act" is a country or body acting.
const MODALS: &[&str] = &["would", "could", "may", "might", "will", "'d", "'ll"];

/// Adjectives of an actor's readiness: "it is willing to withdraw" is a country or body, not
/// a dummy subject like "it is unclear".
const READY: &[&str] = &[
    "willing",
    "unwilling",
    "ready",
    "prepared",
    "committed",
    "determined",
    "eager",
    "keen",
    "reluctant",
    "able",
    "unable",
];

/// Whether the "it" at `i` is a dummy subject, not a pronoun for an actor.
fn dummy_it(lower: &[&str], i: usize) -> bool {
    let next = |k: usize| lower.get(i + k).copied().unwrap_or("");
    let at = if matches!(next(2), "not" | "n't" | "also" | "still" | "now") {
        3
    } else {
        2
    };
    let ready = READY.contains(&next(at)) && next(at + 1) == "to";
    lower[i] == "it"
        && !ready
        && (DUMMY_IT.contains(&next(1))
            || (next(1), next(2)) == ("has", "been")
            || (MODALS.contains(&next(1))
                && (next(2) == "be" || (next(2), next(3)) == ("have", "been"))))
}

#[derive(Default)]
struct Phrase<'g> {
    country: Option<usize>,
    capital: bool,
    /// The country came as an adjective ("Russian"), which alone may only modify a thing.
    adjective: bool,
    org: Option<&'g Lex>,
    roles: Vec<(&'g str, &'g str)>,
    posted_to: Option<usize>,
    person: Option<usize>,
    name: Option<(usize, usize)>,
}

impl Phrase<'_> {
    fn has_head(&self) -> bool {
        self.org.is_some() || self.person.is_some() || self.name.is_some()
    }
}

/// Whether the token before `j` is a possessive ("Russia's").
fn possessive_before(words: &[&str], j: usize) -> bool {
    j > 0 && words[j - 1] == "'s"
}

/// A word that can stand inside a descriptor between its parts: an adjective or noun, or a
/// capitalised institution name, but not a verb form or a function word.
fn gap_word(word: &str, lower: &str) -> bool {
    const FUNCTION: &[&str] = &[
        "the", "a", "an", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from",
        "that", "this", "who", "which", "will", "would", "has", "have", "had", "is", "are", "was",
        "were", "be", "been", "not", "also", "said", "says", "told", "but", "as", "its", "their",
        // Prepositions end a descriptor: "artillery fire against Kampuchean guerrilla camps"
        // is no one actor.
        "against", "over", "into", "after", "before", "near", "between", "about", "under",
        "without", "during", "through", "across", "toward", "towards", "than", "amid", "upon",
    ];
    let alphabetic = word.chars().all(|c| c.is_alphabetic() || c == '-');
    let verb_like = lower.ends_with("ed")
        || (lower.ends_with("ing")
            && !matches!(lower, "peacekeeping" | "ruling" | "governing" | "leading"));
    alphabetic && !FUNCTION.contains(&lower) && (word.starts_with(char::is_uppercase) || !verb_like)
}

fn is_name_word(w: &str) -> bool {
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() || NOT_NAMES.contains(&w) {
        return false;
    }
    // An initial ("A.") or a capitalised word; all-capitals words are acronyms, not names.
    (w.len() == 2 && w.ends_with('.')) || w.chars().any(char::is_lowercase)
}

/// Whether a sentence capitalises most of its words (a headline): capitalisation says nothing
/// about names there.
pub(crate) fn is_headline(doc: &Doc, s: usize) -> bool {
    let toks = doc.sentence_tokens(s);
    let words = toks.iter().filter(|t| t.kind == TokenKind::Word);
    let word_count = words.clone().count();
    let capitalised = words
        .filter(|t| doc.slice(t.span).starts_with(char::is_uppercase))
        .count();
    word_count >= 4 && capitalised * 10 >= word_count * 7
}

pub(crate) fn sentence_mentions(g: &Gazetteer, doc: &Doc, s: usize, out: &mut Vec<Mention>) {
    let toks = doc.sentence_tokens(s);
    let first_token = doc.sentences[s].tokens.start;
    let normed: Vec<std::borrow::Cow<'_, str>> = toks
        .iter()
        .map(|t| straight_apostrophes(doc.slice(t.span)))
        .collect();
    let words: Vec<&str> = normed.iter().map(|c| c.as_ref()).collect();
    let lowered: Vec<std::borrow::Cow<'_, str>> =
        words.iter().map(|w| model::lowercase(w)).collect();
    let lower: Vec<&str> = lowered.iter().map(|l| l.as_ref()).collect();
    let n = words.len();
    let headline = is_headline(doc, s);
    // Every position's longest phrase, looked up once (the chunker asks again and again).
    let phrases: Vec<Option<(usize, &Lex)>> = (0..n)
        .map(|j| g.longest_match(&words[j..], &lower[j..]))
        .collect();
    let lookup = |j: usize| -> Option<(usize, &Lex)> { phrases.get(j).copied().flatten() };
    let date = doc.meta.date;

    let mut i = 0;
    while i < n {
        if PRONOUNS.contains(&lower[i]) && !dummy_it(&lower, i) {
            out.push(Mention {
                span: toks[i].span,
                sentence: s,
                kind: MentionKind::Pronoun,
                actor: Actor::default(),
                antecedent: None,
                adjectival: false,
            });
            i += 1;
            continue;
        }
        let mut p = Phrase::default();
        let mut j = i;
        // Where the phrase's country word ended (for "Bosnian Serbs").
        let mut country_end = usize::MAX;
        while j < n {
            if let Some((len, lex)) = lookup(j) {
                match lex {
                    Lex::CountryName(c) | Lex::CountryAdj(c) | Lex::Capital(c) => {
                        let people =
                            matches!(lex, Lex::CountryAdj(_)) && people_noun(words[j + len - 1]);
                        // "Bosnian Serbs", "Iraqi Kurds", "Kosovo Albanians": a people is coded by
                        // the country it lives in (CAMEO's convention), the first one named.
                        if people
                            && p.country.is_some()
                            && !p.capital
                            && j == country_end
                            && !p.has_head()
                            && p.roles.is_empty()
                            && p.org.is_none()
                        {
                            p.adjective = false;
                            j += len;
                            continue;
                        }
                        if p.country.is_some() || p.has_head() || !p.roles.is_empty() {
                            break;
                        }
                        p.country = Some(*c);
                        p.capital = matches!(lex, Lex::Capital(_));
                        p.adjective = matches!(lex, Lex::CountryAdj(_));
                        j += len;
                        country_end = j;
                        if j < n && words[j] == "'s" {
                            j += 1;
                        } else if people {
                            // "ethnic Albanians in south Serbia", "the Turks of Bulgaria": the same.
                            if let Some((residence, end)) = residence(&lower, j, lookup) {
                                p.country = Some(residence);
                                p.adjective = false;
                                j = end;
                            }
                        }
                        continue;
                    }
                    Lex::Metonym { .. } | Lex::Organisation { .. } => {
                        if p.has_head() || !p.roles.is_empty() {
                            break;
                        }
                        p.org = Some(lex);
                        j += len;
                        if j < n && words[j] == "'s" {
                            j += 1;
                            break;
                        }
                        continue;
                    }
                    Lex::Role { sector, label } => {
                        if p.person.is_some() || p.name.is_some() {
                            break;
                        }
                        p.roles.push((sector, label));
                        j += len;
                        continue;
                    }
                    Lex::Person(idx) => {
                        if p.person.is_some()
                            || p.name.is_some()
                            || (p.org.is_some() && p.roles.is_empty())
                        {
                            break;
                        }
                        p.person = Some(*idx);
                        p.name = Some((j, j + len));
                        j += len;
                        break;
                    }
                }
            }
            // "Iraqi Kurds", "Syrian Druze", "Israeli Arabs": a country's adjective and a
            // stateless people are that people of the country, as "Bosnian Serbs" are.
            if p.adjective
                && !headline
                && j == country_end
                && p.roles.is_empty()
                && p.org.is_none()
                && p.person.is_none()
                && lookup(j).is_none()
                && PEOPLES.contains(&lower[j])
                && !(j + 1 < n && is_name_word(words[j + 1]))
            {
                p.adjective = false;
                j += 1;
                break;
            }
            if !p.roles.is_empty() && p.person.is_none() && p.name.is_none() {
                // "withdraw its troops from Lebanon": whose they are is said already, and the
                // place is where they are, or leave.
                let possessed = i > 0 && matches!(lower[i - 1], "its" | "their" | "his" | "her");
                // "ambassador to the US", "President of Russia", "soldiers from Gondor",
                // "activists in Arnor": a diplomat's "to"/"in" is the posting, anyone's
                // "of"/"from"/"in" the country.
                // Up to two words may come first: "opposition groups in Zimbabwe".
                let prep = (0..=2).map(|g| j + g).find(|&q| {
                    q < n
                        && matches!(
                            lower[q],
                            "to" | "in" | "at" | "of" | "from" | "throughout" | "across"
                        )
                        && (j..q).all(|k| {
                            gap_word(words[k], lower[k]) && words[k].starts_with(char::is_lowercase)
                        })
                });
                if let Some(q) = prep {
                    let back = j;
                    j = q;
                    let k = j + 1 + usize::from(lower.get(j + 1) == Some(&"the"));
                    if let Some((len, Lex::CountryName(c) | Lex::Capital(c))) = lookup(k) {
                        let diplomat = p.roles.iter().any(|(_, l)| *l == "diplomat");
                        let posting = matches!(lower[j], "to" | "in" | "at") && diplomat;
                        if posting && p.posted_to.is_none() {
                            p.posted_to = Some(*c);
                            j = k + len;
                            continue;
                        } else if !posting
                            && (lower[j] == "of"
                                || (!diplomat
                                    && !possessed
                                    && matches!(lower[j], "in" | "from" | "throughout" | "across")))
                            && p.country.is_none()
                        {
                            p.country = Some(*c);
                            j = k + len;
                            continue;
                        }
                    }
                    j = back;
                }
                if !headline && is_name_word(words[j]) {
                    let start = j;
                    let mut k = j;
                    let mut names = 0;
                    while k < n && names < 4 {
                        if is_name_word(words[k]) && lookup(k).is_none() {
                            names += 1;
                            k += 1;
                        } else if (PARTICLES.contains(&words[k]) || words[k] == "-")
                            && k + 1 < n
                            && is_name_word(words[k + 1])
                            && (words[k] != "-" || toks[k].span.start == toks[k - 1].span.end)
                        {
                            k += 1;
                        } else {
                            break;
                        }
                    }
                    if names > 0 {
                        p.name = Some((start, k));
                        j = k;
                    }
                    break;
                }
            }
            // Words between a modifier and its role: "Israeli intelligence officials", "French
            // National Assembly president", "NATO peacekeeping troops", "former President". Only
            // after an adjective, a possessive or an organisation: after a country's name the
            // next word is usually a verb ("Russia sends troops").
            // "Vietnamese-led forces", "US-led troops": forces led by a country are its own.
            if p.adjective
                && p.roles.is_empty()
                && j + 2 < n
                && words[j] == "-"
                && lower[j + 1] == "led"
                && matches!(lookup(j + 2), Some((_, Lex::Role { .. })))
            {
                j += 2;
                continue;
            }
            let modifier_so_far = p.person.is_none()
                && p.name.is_none()
                && (p.adjective
                    || p.org.is_some()
                    || possessive_before(&words, j)
                    || !p.roles.is_empty()
                    || MODIFIERS.contains(&lower[i]));
            if j > i && modifier_so_far {
                let gap = (1..=3).find(|&g| {
                    j + g < n
                        && (0..g).all(|k| {
                            gap_word(words[j + k], lower[j + k]) && lookup(j + k).is_none()
                        })
                        && matches!(lookup(j + g), Some((_, Lex::Role { .. })))
                });
                if let Some(g) = gap {
                    j += g;
                    continue;
                }
            }
            if j == i
                && MODIFIERS.contains(&lower[j])
                && matches!(lookup(j + 1), Some((_, Lex::Role { .. })))
            {
                j += 1;
                continue;
            }
            break;
        }
        if j == i {
            i += 1;
            continue;
        }
        // "King Hassan of Morocco", "Prince Sultan of Saudi Arabia": a titled name followed
        // by "of" and a country is of that country, whatever else the name could be.
        if p.name.is_some()
            && !p.roles.is_empty()
            && p.country.is_none()
            && lower.get(j) == Some(&"of")
        {
            if let Some((len, Lex::CountryName(c))) = lookup(j + 1) {
                p.country = Some(*c);
                j += 1 + len;
            }
        }
        let country_at = |k: usize| {
            matches!(
                lookup(k),
                Some((_, Lex::CountryName(_) | Lex::CountryAdj(_)))
            ) || (k > 0
                && matches!(
                    lookup(k.saturating_sub(1)),
                    Some((2, Lex::CountryName(_) | Lex::CountryAdj(_)))
                ))
        };
        if is_modifier(&p, &lower, i, j, country_at) {
            i = j;
            continue;
        }
        let span = Span::new(toks[i].span.start, toks[j - 1].span.end);
        out.push(build(g, doc, &p, span, s, date, first_token));
        i = j;
    }
}

/// Determiners that make a singular role noun an actor ("the ambassador", not "terrorist attack").
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "its", "their", "his", "her", "our", "any", "each", "every",
    "another", "no", "one", "'s",
];

/// Role nouns that name a body, singular in form but acting as a group ("police said").
const COLLECTIVE: &[&str] = &[
    "police",
    "military",
    "army",
    "government",
    "opposition",
    "parliament",
    "cabinet",
    "media",
    "junta",
    "administration",
    "navy",
    "congress",
    "senate",
    "security forces",
    "judiciary",
    "leadership",
    "authorities",
    "regime",
    "coalition",
    "alliance",
    "press",
];

/// Peoples without a state of their own, who news names by the country they live in ("Iraqi
/// Kurds", "Syrian Druze"). Religious communities are not in the list: "American Muslims" are
/// believers, not an actor of the country.
const PEOPLES: &[&str] = &[
    "kurds",
    "kurd",
    "druze",
    "tamils",
    "uighurs",
    "uyghurs",
    "rohingya",
    "pashtuns",
    "hazaras",
    "baluchis",
    "berbers",
    "tuaregs",
    "turkmens",
    "turkmen",
    "yazidis",
    "chechens",
    "tibetans",
    "roma",
    "assyrians",
    "arabs",
    "bedouins",
    "bedouin",
];

/// Whether a phrase only modifies the noun after it ("Russian policy", "terrorist attack")
/// instead of naming an actor.
/// A people's plural name ("Serbs", "Albanians"): a capitalised demonym in -s.
fn people_noun(word: &str) -> bool {
    word.len() > 3 && word.ends_with('s') && word.starts_with(char::is_uppercase)
}

/// Where a people named at `j` lives: "in" or "of", maybe "the" and a part of the compass
/// ("in south Serbia", "of northern Iraq"), then a country's name; the country and where
/// the phrase ends.
fn residence<'g>(
    lower: &[&str],
    j: usize,
    lookup: impl Fn(usize) -> Option<(usize, &'g Lex)>,
) -> Option<(usize, usize)> {
    if !matches!(lower.get(j).copied(), Some("in" | "of")) {
        return None;
    }
    let mut k = j + 1;
    if lower.get(k) == Some(&"the") {
        k += 1;
    }
    if lower.get(k).is_some_and(|w| COMPASS.contains(w)) {
        k += 1;
    }
    match lookup(k) {
        Some((len, Lex::CountryName(c))) => Some((*c, k + len)),
        _ => None,
    }
}

/// Parts of a country, as a people's residence names them.
const COMPASS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
];

fn is_modifier(
    p: &Phrase<'_>,
    lower: &[&str],
    start: usize,
    end: usize,
    country_at: impl Fn(usize) -> bool,
) -> bool {
    let next = lower.get(end).copied().unwrap_or("");
    // "US-Russia relations", "Russian-American ties": a pair of countries naming a relationship.
    let bare_country = p.country.is_some()
        && p.roles.is_empty()
        && p.org.is_none()
        && p.name.is_none()
        && p.person.is_none();
    let paired_after = next == "-" && country_at(end + 1);
    let paired_before = start >= 2 && lower[start - 1] == "-" && country_at(start - 2);
    if bare_country && (paired_after || (paired_before && lower[start - 2] != "anti")) {
        return true;
    }
    let next_is_word = next.starts_with(char::is_alphabetic) || next == "-";
    let anti = start >= 2 && lower[start - 1] == "-" && lower[start - 2] == "anti";
    if p.adjective
        && p.roles.is_empty()
        && p.org.is_none()
        && p.name.is_none()
        && p.person.is_none()
    {
        // "Russian policy", "US-Russia ties": a demonym before a noun modifies it. A plural
        // demonym ("Albanians in south Serbia") is a noun itself, and a word that cannot be a
        // noun ("Iranians protested", "Americans in") leaves the demonym standing alone.
        let plural_demonym = lower[end - 1].ends_with('s') && end - start == 1;
        let nounlike = next == "-"
            || (next.chars().all(char::is_alphabetic) && !next.is_empty() && gap_word(next, next));
        return nounlike && !anti && !plural_demonym;
    }
    if p.country.is_none()
        && p.org.is_none()
        && p.name.is_none()
        && p.person.is_none()
        && end - start == 1
    {
        let word = lower[start];
        let determined = start > 0 && DETERMINERS.contains(&lower[start - 1]);
        let plural = word.ends_with('s');
        return next_is_word && !determined && !plural && !COLLECTIVE.contains(&word);
    }
    false
}

fn build(
    g: &Gazetteer,
    doc: &Doc,
    p: &Phrase<'_>,
    span: Span,
    sentence: usize,
    date: Option<model::Date>,
    first_token: usize,
) -> Mention {
    let text_country = p.country.map(|c| g.countries[c].iso3.clone());
    // The head role decides the sector, unless a modifier names a stronger one ("opposition
    // politician", "military spokesman", "police chief"). "Deputy" before another role means
    // vice-, not a member of parliament.
    let last = p.roles.len().saturating_sub(1);
    let role_sector = p
        .roles
        .iter()
        .enumerate()
        .find(|&(k, (s, l))| {
            matches!(*s, "OPP" | "REB" | "MIL" | "COP" | "JUD" | "LEG")
                && !(k < last && *l == "legislator")
        })
        .map(|(_, r)| r)
        .or(p.roles.last())
        .map(|(s, _)| s.to_string());
    let role_label = p.roles.last().map(|(_, l)| l.to_string());
    let mut actor = Actor {
        posted_to: p.posted_to.map(|c| g.countries[c].iso3.clone()),
        role: role_label,
        ..Actor::default()
    };
    // An organisation or seat of power before a role lends its country ("Kremlin spokesman").
    let org_parts = p.org.map(|lex| match lex {
        Lex::Organisation {
            code,
            name,
            country,
        } => (code.as_str(), name.as_str(), country.clone(), true),
        Lex::Metonym { code, name } => (code.as_str(), name.as_str(), None, false),
        _ => unreachable!("only organisations and metonyms are stored as org"),
    });
    let org_country = org_parts
        .as_ref()
        .and_then(|(code, _, country, _)| country.clone().or_else(|| split_code(g, code).0));
    // "President Trump": a title and a bare surname are the dictionary's one office holder of
    // that surname on the date, as a full name would be.
    let person = p.person.or_else(|| {
        let (a, b) = p.name?;
        let toks = &doc.tokens[first_token..];
        let name = &doc.text[toks[a].span.start..toks[b - 1].span.end];
        if p.roles.is_empty() || name.contains(char::is_whitespace) {
            return None;
        }
        g.person_by_titled_surname(&straight_apostrophes(name), date?)
    });
    // A one-word name the text gives another country ("British Defence Secretary Tom King",
    // "King Hassan of Morocco") is not the dictionary's person of that name elsewhere.
    let one_word = p.name.is_some_and(|(a, b)| b - a == 1);
    let person = person
        .map(|idx| (idx, g.role_on(idx, date)))
        .map(|(idx, role)| (idx, split_code(g, &role.code), role))
        .filter(|(_, (country, _), _)| {
            !(one_word && text_country.is_some() && country.is_some() && *country != text_country)
        });
    let kind;
    if let Some((idx, (country, sector), role)) = person {
        let own_code =
            country.is_none() && sector.as_ref().is_some_and(|s| s.len() < role.code.len());
        actor.country = country.or(text_country).or(org_country);
        // A title in the text ("President Gbagbo") says what the person is now, over a
        // dictionary that has them out of office on the document's date (a wrong or missing
        // date, a dictionary behind the news); "former" is handled below.
        let out_of_office = sector.as_deref() == Some("ELI") || !g.holds_office(idx, date);
        actor.sector = if out_of_office && role_sector.is_some() {
            role_sector
        } else {
            sector.or(role_sector)
        };
        actor.code = if own_code {
            // A dictionary code that names no country ("ORCHOB", an armed group's own code)
            // is the group's identity: kept whole, not cut to its first three letters.
            role.code.clone()
        } else {
            role.code_with(actor.country.as_deref(), actor.sector.as_deref())
        };
        actor.name = Some(g.people[idx].name.clone());
        // The descriptor's own role word ("ambassador") wins over the dictionary's label.
        actor.role = actor.role.or(Some(role.role.clone()));
        actor.posted_to = actor.posted_to.or(role.posted_to.clone());
        kind = MentionKind::Person;
    } else if let (Some((a, b)), false) = (p.name, p.roles.is_empty()) {
        let toks = &doc.tokens[first_token..];
        let name = &doc.text[toks[a].span.start..toks[b - 1].span.end];
        // A title and a surname the dictionary knows, on a date when no one of that name holds
        // an office ("President Bush" in 2000): the title says what they are, and the
        // dictionary where, when every person of that name serves one country.
        let family_country = || {
            (!name.contains(char::is_whitespace))
                .then(|| g.country_of_family(&straight_apostrophes(name)))
                .flatten()
        };
        actor.country = text_country.or(org_country).or_else(family_country);
        actor.sector = role_sector;
        actor.code = Actor::compose_code(actor.country.as_deref(), actor.sector.as_deref());
        actor.name = Some(name.to_string());
        kind = MentionKind::Person;
    } else if let Some((code, name, _, is_org)) = org_parts {
        let (_, code_sector) = split_code(g, code);
        actor.country = org_country.or(text_country);
        // "Kremlin spokesman": the role says who acts for the institution. An armed group's
        // forces are the group ("Taliban forces" stay REB, not a state's military).
        let armed_group = matches!(code_sector.as_deref(), Some("REB" | "INS" | "UAF" | "IMG"));
        actor.sector =
            if p.roles.is_empty() || (armed_group && role_sector.as_deref() == Some("MIL")) {
                code_sector
            } else {
                role_sector.or(code_sector)
            };
        actor.code =
            if code.starts_with("IGO") || code.starts_with("NGO") || actor.country.is_none() {
                code.to_string()
            } else {
                Actor::compose_code(actor.country.as_deref(), actor.sector.as_deref())
            };
        actor.name = Some(name.to_string());
        kind = if is_org {
            MentionKind::Organisation
        } else {
            MentionKind::Metonym
        };
    } else {
        actor.country = text_country;
        actor.sector = role_sector;
        actor.code = Actor::compose_code(actor.country.as_deref(), actor.sector.as_deref());
        if !p.roles.is_empty() {
            kind = MentionKind::Role;
        } else {
            actor.name = p.country.map(|c| g.countries[c].name.clone());
            kind = if p.capital {
                MentionKind::Metonym
            } else {
                MentionKind::Country
            };
        }
    }
    // A former office holder is one of the elite (CAMEO ELI), not the government: "former",
    // "ousted", "deposed" inside the descriptor, or "ex-" right before it.
    let toks = &doc.tokens[first_token..];
    let inside = toks.iter().skip_while(|t| t.span.start < span.start);
    let former = inside.take_while(|t| t.span.start < span.end).any(|t| {
        matches!(
            doc.slice(t.span).to_lowercase().as_str(),
            "former" | "ousted" | "deposed"
        )
    }) || doc.text[..span.start]
        .trim_end_matches('-')
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("ex"));
    if former
        && matches!(kind, MentionKind::Person | MentionKind::Role)
        && matches!(actor.sector.as_deref(), Some("GOV" | "LEG" | "MIL"))
    {
        actor.sector = Some("ELI".to_string());
        if !actor.code.starts_with("IGO") {
            actor.code = Actor::compose_code(actor.country.as_deref(), actor.sector.as_deref());
        }
    }
    // A plural demonym ("the Palestinians") is a noun, not an adjective.
    let adjectival = p.adjective
        && !doc.slice(span).ends_with('s')
        && p.roles.is_empty()
        && p.org.is_none()
        && p.name.is_none()
        && p.person.is_none();
    Mention {
        span,
        sentence,
        kind,
        actor,
        antecedent: None,
        adjectival,
    }
}
