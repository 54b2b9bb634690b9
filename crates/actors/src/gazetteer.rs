//! The gazetteers: phrase tables loaded once into lookup maps keyed by a phrase's first token.
//!
//! The built-in tables are compiled into the binary (`include_str!`), so running does no I/O.
//! Capitalised phrases (names) match case-sensitively; lowercase phrases (role nouns) match any
//! capitalisation, because titles are capitalised before names ("Ambassador Antonov").

use model::FxHashMap as HashMap;
use model::{phrase_tokens, straight_apostrophes, Date, KeyFilter};

/// One country: its code and canonical name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country {
    pub iso3: String,
    pub name: String,
}

/// A dated office holder row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonRole {
    pub code: String,
    pub from: Option<Date>,
    pub until: Option<Date>,
    pub role: String,
    /// For a diplomat, the country of accreditation.
    pub posted_to: Option<String>,
}

impl PersonRole {
    /// Whether the role holds on a date (an open end holds).
    pub fn holds(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date < u)
    }

    /// Whether the row has dates at all.
    fn dated(&self) -> bool {
        self.from.is_some() || self.until.is_some()
    }

    /// The actor code for this role given a country and sector: an IGO role keeps its own code
    /// ("IGOUNO"), any other is country + sector.
    pub fn code_with(&self, country: Option<&str>, sector: Option<&str>) -> String {
        if self.code.starts_with("IGO") {
            self.code.clone()
        } else {
            model::Actor::compose_code(country, sector)
        }
    }
}

/// Countries whose people's names put the family name first, as English news writes them.
const FAMILY_NAME_FIRST: &[&str] = &["CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "SGP"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    /// Rows in file order; the first is the default when a document has no date.
    pub roles: Vec<PersonRole>,
}

/// What a gazetteer phrase is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lex {
    /// A country's name ("Russia"); the index is into [`Gazetteer::countries`].
    CountryName(usize),
    /// A demonym or adjective ("Russian").
    CountryAdj(usize),
    /// A capital standing for its country ("Moscow").
    Capital(usize),
    /// A seat of power or named institution ("Kremlin" -> RUSGOV).
    Metonym { code: String, name: String },
    /// A named organisation with its code and, when it has one, its country.
    Organisation {
        code: String,
        name: String,
        country: Option<String>,
    },
    /// A role noun ("ambassador") with its sector and a finer role label.
    Role { sector: String, label: String },
    /// A known person; the index is into [`Gazetteer::people`].
    Person(usize),
}

#[derive(Clone, Debug)]
struct Entry {
    tokens: Vec<String>,
    lex: Lex,
}

/// A gazetteer file line that could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{file}:{line}: {reason}")]
pub struct GazetteerError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

/// All phrase tables, ready for lookup.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    pub countries: Vec<Country>,
    pub people: Vec<Person>,
    /// Case-sensitive phrases, keyed by the hash of their first token (`token_hash`; a
    /// lookup compares the tokens themselves).
    exact: HashMap<u64, Vec<Entry>>,
    /// Case-insensitive phrases, keyed by the hash of their lowercased first token.
    folded: HashMap<u64, Vec<Entry>>,
    /// The hashes of the tokens that start a phrase of either table: most tokens of a text
    /// start none, and this tells so without a table lookup.
    starts: KeyFilter,
    longest: usize,
    /// People by their family name, where it may be matched alone (see `person_by_surname`).
    surnames: HashMap<String, Vec<usize>>,
    /// Everybody by their family name, for a title before it ("President Mugabe").
    titled: HashMap<String, Vec<usize>>,
    /// Countries by ISO3 code.
    by_iso3: HashMap<String, usize>,
}

const COUNTRIES: &str = include_str!("../../../data/actors/countries.tsv");
const METONYMS: &str = include_str!("../../../data/actors/metonyms.tsv");
const ORGANISATIONS: &str = include_str!("../../../data/actors/organisations.tsv");
const ROLES: &str = include_str!("../../../data/actors/roles.tsv");
const PEOPLE: &str = include_str!("../../../data/actors/people.tsv");
const PEOPLE_PHOENIX: &str = include_str!("../../../data/actors/people_phoenix.tsv");

fn rows<'a>(
    file: &'a str,
    text: &'a str,
    columns: usize,
) -> impl Iterator<Item = Result<(usize, Vec<&'a str>), GazetteerError>> + 'a {
    text.lines().enumerate().filter_map(move |(i, line)| {
        if line.trim().is_empty() || line.starts_with('#') {
            return None;
        }
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cols.len() < columns {
            return Some(Err(GazetteerError {
                file: file.to_string(),
                line: i + 1,
                reason: format!(
                    "expected {columns} tab-separated columns, found {}",
                    cols.len()
                ),
            }));
        }
        Some(Ok((i + 1, cols)))
    })
}

fn alternatives(col: &str) -> impl Iterator<Item = &str> {
    col.split('|').map(str::trim).filter(|s| !s.is_empty())
}

fn parse_date(file: &str, line: usize, s: &str) -> Result<Option<Date>, GazetteerError> {
    if s.is_empty() {
        return Ok(None);
    }
    Date::parse_iso(s).map(Some).ok_or_else(|| GazetteerError {
        file: file.to_string(),
        line,
        reason: format!("bad date {s:?}"),
    })
}

impl Gazetteer {
    /// The tables shipped in `data/actors/`.
    pub fn builtin() -> Gazetteer {
        let mut g = Gazetteer::from_tables(COUNTRIES, METONYMS, ORGANISATIONS, ROLES, PEOPLE)
            .expect("the built-in gazetteers are checked by the tests");
        g.add_people("people_phoenix.tsv", PEOPLE_PHOENIX, false)
            .expect("the built-in gazetteers are checked by the tests");
        g
    }

    /// Builds a gazetteer from the text of the five tables.
    pub fn from_tables(
        countries: &str,
        metonyms: &str,
        organisations: &str,
        roles: &str,
        people: &str,
    ) -> Result<Gazetteer, GazetteerError> {
        let mut g = Gazetteer::default();
        for row in rows("countries.tsv", countries, 4) {
            let (_, c) = row?;
            let idx = g.add_country(c[0], c[1]);
            for n in alternatives(c[2]).chain(std::iter::once(c[1])) {
                g.add(n, Lex::CountryName(idx));
            }
            for a in alternatives(c[3]) {
                g.add(a, Lex::CountryAdj(idx));
            }
            for cap in alternatives(c.get(4).copied().unwrap_or("")) {
                g.add(cap, Lex::Capital(idx));
            }
        }
        for row in rows("metonyms.tsv", metonyms, 3) {
            let (_, c) = row?;
            for m in alternatives(c[0]) {
                g.add(
                    m,
                    Lex::Metonym {
                        code: c[1].to_string(),
                        name: c[2].to_string(),
                    },
                );
            }
        }
        for row in rows("organisations.tsv", organisations, 3) {
            let (_, c) = row?;
            let country = c.get(3).filter(|s| !s.is_empty()).map(|s| s.to_string());
            for o in alternatives(c[0]) {
                g.add(
                    o,
                    Lex::Organisation {
                        code: c[1].to_string(),
                        name: c[2].trim_end_matches(" (*)").to_string(),
                        country: country.clone(),
                    },
                );
            }
        }
        for row in rows("roles.tsv", roles, 3) {
            let (_, c) = row?;
            g.add(
                c[0],
                Lex::Role {
                    sector: c[1].to_string(),
                    label: c[2].to_string(),
                },
            );
        }
        g.add_people("people.tsv", people, true)?;
        Ok(g)
    }

    /// Adds a table of people with dated roles. A later table only adds people the earlier
    /// ones do not know, by canonical name or by any of their names; `surnames` says whether
    /// their surnames may be matched alone (see `person_by_surname`).
    pub fn add_people(
        &mut self,
        file: &str,
        text: &str,
        surnames: bool,
    ) -> Result<(), GazetteerError> {
        let known: HashMap<String, usize> = self
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.clone(), i))
            .collect();
        let mut by_name: HashMap<String, usize> = HashMap::default();
        let mut skipped: HashMap<String, ()> = HashMap::default();
        for row in rows(file, text, 6) {
            let (line, c) = row?;
            if known.contains_key(c[2]) || skipped.contains_key(c[2]) {
                continue;
            }
            if !by_name.contains_key(c[2]) && alternatives(c[0]).any(|n| self.knows_person(n)) {
                skipped.insert(c[2].to_string(), ());
                continue;
            }
            let role = PersonRole {
                code: c[1].to_string(),
                from: parse_date(file, line, c[3])?,
                until: parse_date(file, line, c[4])?,
                role: c[5].to_string(),
                posted_to: c.get(6).filter(|s| !s.is_empty()).map(|s| s.to_string()),
            };
            let idx = *by_name.entry(c[2].to_string()).or_insert_with(|| {
                self.people.push(Person {
                    name: c[2].to_string(),
                    roles: Vec::new(),
                });
                self.people.len() - 1
            });
            if self.people[idx].roles.is_empty() {
                for n in alternatives(c[0]) {
                    self.add(n, Lex::Person(idx));
                }
                // The canonical name's family name only: a variant's ("Kim Tae Young") may be
                // an everyday word. Chinese and Korean names put it first ("President Xi"),
                // where it is often two letters; elsewhere it is the last word.
                let canonical = c[2];
                let family_first = FAMILY_NAME_FIRST.contains(&c[1].get(..3).unwrap_or(""));
                let family = if family_first {
                    canonical
                        .split(' ')
                        .next()
                        .filter(|f| f.chars().count() > 1)
                } else {
                    canonical
                        .rsplit(' ')
                        .next()
                        .filter(|l| l.chars().count() > 2)
                };
                if let Some(family) = family.filter(|f| *f != canonical) {
                    self.titled.entry(family.to_string()).or_default().push(idx);
                    if surnames {
                        self.surnames
                            .entry(family.to_string())
                            .or_default()
                            .push(idx);
                    }
                }
            }
            self.people[idx].roles.push(role);
        }
        Ok(())
    }

    /// Whether a name is already some person's.
    fn knows_person(&self, name: &str) -> bool {
        let tokens = entry_tokens(name);
        let Some(first) = tokens.first() else {
            return false;
        };
        self.exact.get(&token_hash(first)).is_some_and(|entries| {
            entries
                .binary_search_by(|e| e.tokens.as_slice().cmp(tokens.as_slice()))
                .is_ok_and(|i| matches!(entries[i].lex, Lex::Person(_)))
        })
    }

    pub(crate) fn add(&mut self, phrase: &str, lex: Lex) {
        let folded = phrase.chars().all(|c| !c.is_uppercase());
        let tokens = entry_tokens(phrase);
        if tokens.is_empty() {
            return;
        }
        self.longest = self.longest.max(tokens.len());
        let map = if folded {
            &mut self.folded
        } else {
            &mut self.exact
        };
        let key = token_hash(&tokens[0]);
        self.starts.insert(key);
        let entries = map.entry(key).or_default();
        // Kept in token order, so that a lookup is a few binary searches ("John" starts
        // hundreds of names). The first definition of a phrase wins; later ones are ignored.
        if let Err(at) = entries.binary_search_by(|e| e.tokens.as_slice().cmp(tokens.as_slice())) {
            entries.insert(at, Entry { tokens, lex });
        }
    }

    /// The longest phrase starting at `words[0]`: its length in tokens and what it is.
    /// `words` are the document's token strings (apostrophes normalised), `lower` the same
    /// lowercased. Case-sensitive names win over role nouns of the same length.
    pub fn longest_match(&self, words: &[&str], lower: &[&str]) -> Option<(usize, &Lex)> {
        let first = *words.first()?;
        let first_lower = lower.first().copied().unwrap_or(first);
        let key = self.starting(first);
        // A word in small letters is its own lowercased form: one hash for both tables.
        let key_lower = if first_lower == first {
            key
        } else {
            self.starting(first_lower)
        };
        let exact = key
            .and_then(|k| self.exact.get(&k))
            .and_then(|e| longest_in(e, words));
        let folded = key_lower
            .and_then(|k| self.folded.get(&k))
            .and_then(|e| longest_in(e, lower));
        match (exact, folded) {
            (Some(a), Some(b)) if b.0 > a.0 => Some(b),
            (Some(a), _) => Some(a),
            (None, b) => b,
        }
    }

    /// A token's key in the tables when some phrase of either may start with it (`starts`
    /// tells most tokens apart without a lookup).
    #[inline]
    fn starting(&self, token: &str) -> Option<u64> {
        let key = token_hash(token);
        self.starts.may_contain(key).then_some(key)
    }

    /// Adds a country, unless its code is known already; its index either way.
    pub fn add_country(&mut self, iso3: &str, name: &str) -> usize {
        if let Some(&i) = self.by_iso3.get(iso3) {
            return i;
        }
        self.countries.push(Country {
            iso3: iso3.to_string(),
            name: name.to_string(),
        });
        self.by_iso3
            .insert(iso3.to_string(), self.countries.len() - 1);
        self.countries.len() - 1
    }

    /// The country index of an ISO3 code.
    pub fn country(&self, iso3: &str) -> Option<&Country> {
        self.by_iso3.get(iso3).map(|&i| &self.countries[i])
    }

    /// The one person of the dictionary with this surname who holds an office on `date`; none
    /// when there is no date, nobody or more than one ("Johnson" alone is only Boris Johnson
    /// while he is prime minister).
    pub fn person_by_surname(&self, surname: &str, date: Date) -> Option<usize> {
        let mut found = self
            .surnames
            .get(surname)?
            .iter()
            .filter(|&&p| self.holds_office(p, Some(date)));
        let first = *found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The person a title and a family name name ("President Mugabe", "Foreign Minister
    /// Lavrov"): the one of that name who holds an office on `date` (in any table: the title
    /// says it is a name, not a word), else the only person of that name at all, whom `role_on`
    /// then makes an elite of their country or leaves to the title.
    pub fn person_by_titled_surname(&self, surname: &str, date: Date) -> Option<usize> {
        if let Some(p) = self.person_by_surname(surname, date) {
            return Some(p);
        }
        let all = self.titled.get(surname)?;
        // An office, not a dated spell among the elite (a title names an office).
        let in_post = |p: usize| {
            self.people[p]
                .roles
                .iter()
                .any(|r| r.dated() && r.holds(date) && !r.code.ends_with("ELI"))
        };
        let mut holding = all.iter().filter(|&&p| in_post(p));
        match (holding.next(), holding.next()) {
            (Some(&p), None) => Some(p),
            // Out of office, the project's own person of that name comes before anyone of the
            // same name in the other tables ("President Bush" is not a Welsh councillor).
            (None, _) => match self.surnames.get(surname).map(Vec::as_slice) {
                Some([own]) => Some(*own),
                Some(_) => None,
                None => (all.len() == 1).then(|| all[0]),
            },
            _ => None,
        }
    }

    /// The one country every dictionary person of this family name serves ("Bush": both
    /// presidents are American), for "the Bush administration": among the project's own
    /// people first, whose surnames stand alone, then among everybody.
    pub fn country_of_family(&self, family: &str) -> Option<String> {
        let one = |people: &[usize]| {
            let mut countries = people.iter().flat_map(|&p| {
                self.people[p]
                    .roles
                    .iter()
                    .filter_map(|r| split_code(self, &r.code).0)
            });
            let first = countries.next()?;
            countries.all(|c| c == first).then_some(first)
        };
        match self.surnames.get(family) {
            Some(own) => one(own),
            None => one(self.titled.get(family)?),
        }
    }

    /// Whether one of a person's dated roles holds on the date (false without a date).
    pub fn holds_office(&self, person: usize, date: Option<Date>) -> bool {
        date.is_some_and(|d| {
            self.people[person]
                .roles
                .iter()
                .any(|r| r.dated() && r.holds(d))
        })
    }

    /// A person's role on a date, or their first listed role when there is no date. On a
    /// date outside every row (Trump in 2016, a minister after leaving office) the person holds
    /// no office: they are an elite (ELI) of the country their rows name, or, with no country,
    /// nobody in particular (an empty code). Another term's role is never lent to a date.
    pub fn role_on(&self, person: usize, date: Option<Date>) -> std::borrow::Cow<'_, PersonRole> {
        use std::borrow::Cow;
        let p = &self.people[person];
        let Some(d) = date else {
            return Cow::Borrowed(&p.roles[0]);
        };
        // A dated role that holds wins over an open-ended one.
        if let Some(r) = p
            .roles
            .iter()
            .find(|r| r.dated() && r.holds(d))
            .or_else(|| p.roles.iter().find(|r| r.holds(d)))
        {
            return Cow::Borrowed(r);
        }
        let country = p
            .roles
            .iter()
            .filter_map(|r| r.code.get(..3).filter(|c| self.country(c).is_some()))
            .next();
        let before = p.roles.iter().any(|r| r.until.is_some_and(|u| u <= d));
        Cow::Owned(PersonRole {
            code: country.map_or(String::new(), |c| format!("{c}ELI")),
            from: None,
            until: None,
            role: if before {
                "former office holder"
            } else {
                "elite"
            }
            .to_string(),
            posted_to: None,
        })
    }
}

/// A token's key in the phrase tables.
#[inline]
fn token_hash(token: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = model::FxHasher::default();
    h.write(token.as_bytes());
    h.finish()
}

/// A table phrase as the tokens an entry is kept under.
fn entry_tokens(phrase: &str) -> Vec<String> {
    phrase_tokens(phrase)
        .into_iter()
        .map(|t| straight_apostrophes(t).into_owned())
        .collect()
}

/// The longest entry of a bucket (sorted by tokens) that `words` begin with.
fn longest_in<'g>(entries: &'g [Entry], words: &[&str]) -> Option<(usize, &'g Lex)> {
    let mut best = None;
    // `entries[lo..hi]` begin with `words[..n]`; in token order, the one that is exactly
    // `words[..n]` comes first, then the longer ones by their next token.
    let (mut lo, mut hi) = (0, entries.len());
    for (n, &w) in words.iter().enumerate() {
        let group = &entries[lo..hi];
        let start = group.partition_point(|e| e.tokens.len() <= n || e.tokens[n].as_str() < w);
        let len = group[start..].partition_point(|e| e.tokens[n] == w);
        if len == 0 {
            // Nothing begins with `words[..=n]`, so no longer phrase matches either.
            break;
        }
        (lo, hi) = (lo + start, lo + start + len);
        if entries[lo].tokens.len() == n + 1 {
            best = Some((n + 1, &entries[lo].lex));
        }
    }
    best
}

/// Splits an actor code into its country (a 3-letter ISO code the gazetteer knows) and sector.
pub fn split_code(g: &Gazetteer, code: &str) -> (Option<String>, Option<String>) {
    let country = code
        .get(..3)
        .filter(|c| g.country(c).is_some())
        .map(str::to_string);
    let rest = if country.is_some() { &code[3..] } else { code };
    let sector = (!rest.is_empty() && !rest.starts_with("IGO") && !rest.starts_with("NGO"))
        .then(|| rest[..rest.len().min(3)].to_string());
    (country, sector)
}
