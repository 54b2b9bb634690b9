//! The verb-pattern dictionary: its model, and the reader and writer of attache's own format.
//!
//! The format (described for dictionary editors in `data/verbs/README.md`) has three kinds of
//! file: `sets.txt` defines noun sets (`&weapon = missile | rocket | ...`), `verbs.txt` defines
//! verb groups (`%ask = ask, ask for, enquire, query {queries querying queried}`), and one file
//! per CAMEO root holds the patterns, a line each: `0214  %ask for &investigation`.

use std::collections::HashMap;
use std::fmt::Write as _;

/// A verb: its words ("break down"), which word inflects, and irregular forms of that word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verb {
    pub words: Vec<String>,
    pub head: usize,
    /// Irregular forms of the head word; when present, no regular forms are generated.
    pub forms: Option<Vec<String>>,
}

impl Verb {
    pub fn lemma(&self) -> String {
        self.words.join(" ")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerbGroup {
    pub name: String,
    pub verbs: Vec<Verb>,
}

/// A member of a noun set: its words, and whether plurals of the last word also match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub words: Vec<String>,
    pub plural: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordSet {
    pub name: String,
    pub members: Vec<Member>,
}

/// Which verbs a pattern's trigger stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerbRef {
    /// Any verb of a group (`%ask`).
    Group(usize),
    /// One verb (`*grill`): the group index and the verb's index in it.
    Verb(usize, usize),
}

/// One element of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Elem {
    /// A word, or one of several (`against|on`); plural forms also match.
    Word(Vec<String>),
    /// Any member of a noun set.
    Set(usize),
    /// The actor here is the source.
    Source,
    /// The actor here is the target.
    Target,
    /// The triggering verb.
    Verb(VerbRef),
    /// A triggering noun (`=sanction`): the event is named by a noun, not a verb.
    Noun(Vec<String>),
}

/// A pattern element and whether it must directly follow the previous one (`_`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub elem: Elem,
    pub glued: bool,
}

/// Where an entry came from, for provenance (`rule` in the output).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

/// One pattern and the code it gives.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The CAMEO code; `None` for `---`: the phrase is known not to be an event.
    pub code: Option<String>,
    /// For symmetric patterns (`042:043`), the code of the reverse event, target to source.
    pub reverse: Option<String>,
    pub parts: Vec<Part>,
    /// In the passive with no agent, the source is the government of the patient's own country
    /// (`; passive=own-government`): "the ambassador was recalled" is his government's act.
    pub passive_own_government: bool,
    pub origin: Origin,
    /// The comment after `#`, kept so a rewrite does not lose it.
    pub comment: Option<String>,
}

impl Entry {
    pub fn trigger(&self) -> usize {
        self.parts
            .iter()
            .position(|p| matches!(p.elem, Elem::Verb(_) | Elem::Noun(_)))
            .expect("a parsed entry always has a trigger")
    }
}

/// A whole dictionary, in the model shared by both file formats.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dictionary {
    pub groups: Vec<VerbGroup>,
    pub sets: Vec<WordSet>,
    pub entries: Vec<Entry>,
    /// Patterns read as PETRARCH-1 wrote them, for its flat reading of a sentence (a PETRARCH
    /// file used directly, not converted): their words may lie in the clause that governs the
    /// trigger or in its complement ("INDICATED SHOULD *"), and their codes already say what
    /// tense means, so a future act is not recoded as intent.
    pub flat_reading: bool,
}

/// A dictionary line that could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{file}:{line}: {reason}")]
pub struct DictError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

fn err(file: &str, line: usize, reason: impl Into<String>) -> DictError {
    DictError {
        file: file.to_string(),
        line,
        reason: reason.into(),
    }
}

/// Splits a line into its content and its `#` comment.
fn strip_comment(line: &str) -> (&str, Option<&str>) {
    match line.find('#') {
        Some(i) => (
            line[..i].trim(),
            Some(line[i + 1..].trim()).filter(|c| !c.is_empty()),
        ),
        None => (line.trim(), None),
    }
}

/// Parses one verb ("query {queries querying queried}", "ask for", "re +arrest").
pub fn parse_verb(spec: &str) -> Option<Verb> {
    let (words_part, forms) = match spec.split_once('{') {
        Some((w, rest)) => {
            let inner = rest.trim_end().trim_end_matches('}');
            let forms: Vec<String> = inner.split_whitespace().map(|f| f.to_lowercase()).collect();
            (w, Some(forms))
        }
        None => (spec, None),
    };
    let raw: Vec<&str> = words_part.split_whitespace().collect();
    if raw.is_empty() {
        return None;
    }
    let head = raw.iter().position(|w| w.starts_with('+')).unwrap_or(0);
    let words = raw
        .iter()
        .map(|w| w.trim_start_matches('+').to_lowercase())
        .collect();
    Some(Verb { words, head, forms })
}

impl Dictionary {
    pub fn group_index(&self, name: &str) -> Option<usize> {
        self.groups.iter().position(|g| g.name == name)
    }

    pub fn set_index(&self, name: &str) -> Option<usize> {
        self.sets.iter().position(|s| s.name == name)
    }

    /// Reads `sets.txt`.
    pub fn read_sets(&mut self, file: &str, text: &str) -> Result<(), DictError> {
        for (i, line) in text.lines().enumerate() {
            let (content, _) = strip_comment(line);
            if content.is_empty() {
                continue;
            }
            let Some((name, members)) = content.split_once('=') else {
                return Err(err(file, i + 1, "expected `&name = member | member`"));
            };
            let name = name.trim();
            let Some(name) = name.strip_prefix('&') else {
                return Err(err(file, i + 1, "a set name starts with `&`"));
            };
            let members = members
                .split('|')
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(|m| Member {
                    plural: !m.ends_with('_'),
                    words: m
                        .trim_end_matches('_')
                        .split([' ', '_'])
                        .filter(|w| !w.is_empty())
                        .map(str::to_lowercase)
                        .collect(),
                })
                .collect();
            self.sets.push(WordSet {
                name: name.to_lowercase(),
                members,
            });
        }
        Ok(())
    }

    /// Reads `verbs.txt`.
    pub fn read_verbs(&mut self, file: &str, text: &str) -> Result<(), DictError> {
        for (i, line) in text.lines().enumerate() {
            let (content, _) = strip_comment(line);
            if content.is_empty() {
                continue;
            }
            let Some((name, verbs)) = content.split_once('=') else {
                return Err(err(file, i + 1, "expected `%name = verb, verb`"));
            };
            let Some(name) = name.trim().strip_prefix('%') else {
                return Err(err(file, i + 1, "a verb group name starts with `%`"));
            };
            let mut group = VerbGroup {
                name: name.to_lowercase(),
                verbs: Vec::new(),
            };
            for spec in split_top_level(verbs, ',') {
                match parse_verb(spec) {
                    Some(v) => group.verbs.push(v),
                    None => return Err(err(file, i + 1, format!("empty verb in group %{name}"))),
                }
            }
            if self.group_index(&group.name).is_some() {
                return Err(err(
                    file,
                    i + 1,
                    format!("verb group %{name} is defined twice"),
                ));
            }
            self.groups.push(group);
        }
        Ok(())
    }

    /// Reads one pattern file.
    pub fn read_patterns(&mut self, file: &str, text: &str) -> Result<(), DictError> {
        for (i, line) in text.lines().enumerate() {
            let (content, comment) = strip_comment(line);
            if content.is_empty() {
                continue;
            }
            let entry = self.parse_entry(file, i + 1, content, comment)?;
            self.entries.push(entry);
        }
        Ok(())
    }

    fn parse_entry(
        &mut self,
        file: &str,
        line: usize,
        content: &str,
        comment: Option<&str>,
    ) -> Result<Entry, DictError> {
        let (main, options) = match content.split_once(';') {
            Some((m, o)) => (m.trim(), Some(o.trim())),
            None => (content, None),
        };
        let mut fields = main.split_whitespace();
        let code_field = fields.next().unwrap_or("");
        let (code, reverse) = parse_code(code_field).ok_or_else(|| {
            err(
                file,
                line,
                format!("`{code_field}` is not a CAMEO code, `A:B` or `---`"),
            )
        })?;
        let mut parts = Vec::new();
        for field in fields {
            for (k, piece) in field.split('_').enumerate() {
                if piece.is_empty() {
                    continue;
                }
                let elem = self.parse_elem(file, line, piece)?;
                parts.push(Part { elem, glued: k > 0 });
            }
        }
        let triggers = parts
            .iter()
            .filter(|p| matches!(p.elem, Elem::Verb(_) | Elem::Noun(_)))
            .count();
        if triggers != 1 {
            return Err(err(
                file,
                line,
                format!("a pattern needs exactly one trigger (`%group`, `*verb` or `=noun`), found {triggers}"),
            ));
        }
        let mut passive_own_government = false;
        for opt in options
            .into_iter()
            .flat_map(|o| o.split(';'))
            .map(str::trim)
            .filter(|o| !o.is_empty())
        {
            match opt {
                "passive=own-government" => passive_own_government = true,
                _ => return Err(err(file, line, format!("unknown option `{opt}`"))),
            }
        }
        Ok(Entry {
            code,
            reverse,
            parts,
            passive_own_government,
            origin: Origin {
                file: file.to_string(),
                line,
            },
            comment: comment.map(str::to_string),
        })
    }

    fn parse_elem(&mut self, file: &str, line: usize, piece: &str) -> Result<Elem, DictError> {
        Ok(match piece {
            "$" => Elem::Source,
            "+" => Elem::Target,
            _ if piece.starts_with('&') => {
                let name = piece[1..].to_lowercase();
                Elem::Set(
                    self.set_index(&name)
                        .ok_or_else(|| err(file, line, format!("unknown set &{name}")))?,
                )
            }
            _ if piece.starts_with('%') => {
                let name = piece[1..].to_lowercase();
                Elem::Verb(VerbRef::Group(self.group_index(&name).ok_or_else(
                    || err(file, line, format!("unknown verb group %{name}")),
                )?))
            }
            _ if piece.starts_with('*') => {
                let lemma = piece[1..].replace('~', " ").to_lowercase();
                Elem::Verb(self.verb_ref(&lemma))
            }
            _ if piece.starts_with('=') => Elem::Noun(alternatives(&piece[1..])),
            _ => Elem::Word(alternatives(piece)),
        })
    }

    /// The verb with this lemma, added to a group of its own when no group has it.
    fn verb_ref(&mut self, lemma: &str) -> VerbRef {
        for (g, group) in self.groups.iter().enumerate() {
            if let Some(v) = group.verbs.iter().position(|v| v.lemma() == lemma) {
                return VerbRef::Verb(g, v);
            }
        }
        let verb = parse_verb(lemma).expect("a non-empty lemma parses");
        self.groups.push(VerbGroup {
            name: lemma.replace(' ', "-"),
            verbs: vec![verb],
        });
        VerbRef::Verb(self.groups.len() - 1, 0)
    }

    /// Writes the dictionary in attache's format: `sets.txt`, `verbs.txt` and one pattern file
    /// per CAMEO root (`00_not_events.txt` for `---` entries). Returns (file name, text) pairs.
    pub fn write(&self, header: &str) -> Vec<(String, String)> {
        let mut files = Vec::new();
        let mut sets = format!(
            "{header}# Noun sets: `&name = member | member`; a trailing `_` means no plural.\n\n"
        );
        for s in &self.sets {
            let members: Vec<String> = s
                .members
                .iter()
                .map(|m| format!("{}{}", m.words.join(" "), if m.plural { "" } else { "_" }))
                .collect();
            let _ = writeln!(sets, "&{} = {}", s.name, members.join(" | "));
        }
        files.push(("sets.txt".to_string(), sets));
        let mut verbs = format!("{header}# Verb groups: `%name = verb, verb {{irregular forms}}, multi word`; `+` marks the\n# word that inflects when it is not the first.\n\n");
        for g in &self.groups {
            let vs: Vec<String> = g.verbs.iter().map(|v| self.verb_spec(v)).collect();
            let _ = writeln!(verbs, "%{} = {}", g.name, vs.join(", "));
        }
        files.push(("verbs.txt".to_string(), verbs));
        let mut by_root: std::collections::BTreeMap<String, String> = Default::default();
        for e in &self.entries {
            let root = e
                .code
                .as_deref()
                .map_or("00".to_string(), |c| c[..2.min(c.len())].to_string());
            let text = by_root.entry(root).or_default();
            let code = match (&e.code, &e.reverse) {
                (Some(c), Some(r)) => format!("{c}:{r}"),
                (Some(c), None) => c.clone(),
                (None, _) => "---".to_string(),
            };
            let mut line = format!("{code:<5} {}", self.pattern_text(e));
            if let Some(c) = &e.comment {
                let pad = 52usize.saturating_sub(line.chars().count());
                let _ = write!(line, "{}  # {c}", " ".repeat(pad));
            }
            text.push_str(&line);
            text.push('\n');
        }
        for (root, body) in by_root {
            let name = ROOT_FILES
                .iter()
                .find(|(r, _)| *r == root)
                .map_or("other", |(_, n)| n);
            let title = if root == "00" {
                "# Phrases that are known NOT to be events: they stop a verb's default code.\n"
                    .to_string()
            } else {
                format!("# CAMEO root {root}: {}\n", name.replace('_', " "))
            };
            files.push((
                format!("{root}_{name}.txt"),
                format!("{header}{title}\n{body}"),
            ));
        }
        files
    }

    fn verb_spec(&self, v: &Verb) -> String {
        let words: Vec<String> = v
            .words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == v.head && v.head > 0 {
                    format!("+{w}")
                } else {
                    w.clone()
                }
            })
            .collect();
        match &v.forms {
            Some(f) => format!("{} {{{}}}", words.join(" "), f.join(" ")),
            None => words.join(" "),
        }
    }

    /// The pattern of an entry as written in a pattern file, options included.
    pub fn pattern_text(&self, e: &Entry) -> String {
        let mut out = self.bare_pattern(e);
        if e.passive_own_government {
            out.push_str(" ; passive=own-government");
        }
        out
    }

    fn bare_pattern(&self, e: &Entry) -> String {
        let mut out = String::new();
        for (i, p) in e.parts.iter().enumerate() {
            if i > 0 {
                out.push(if p.glued { '_' } else { ' ' });
            }
            match &p.elem {
                Elem::Word(alts) => out.push_str(&alts.join("|")),
                Elem::Noun(alts) => {
                    out.push('=');
                    out.push_str(&alts.join("|"));
                }
                Elem::Set(s) => {
                    out.push('&');
                    out.push_str(&self.sets[*s].name);
                }
                Elem::Source => out.push('$'),
                Elem::Target => out.push('+'),
                Elem::Verb(VerbRef::Group(g)) => {
                    out.push('%');
                    out.push_str(&self.groups[*g].name);
                }
                Elem::Verb(VerbRef::Verb(g, v)) => {
                    out.push('*');
                    out.push_str(&self.groups[*g].verbs[*v].lemma().replace(' ', "~"));
                }
            }
        }
        out
    }
}

/// The file name of each CAMEO root's pattern file.
pub const ROOT_FILES: &[(&str, &str)] = &[
    ("00", "not_events"),
    ("01", "make_public_statement"),
    ("02", "appeal"),
    ("03", "express_intent_to_cooperate"),
    ("04", "consult"),
    ("05", "engage_in_diplomatic_cooperation"),
    ("06", "engage_in_material_cooperation"),
    ("07", "provide_aid"),
    ("08", "yield"),
    ("09", "investigate"),
    ("10", "demand"),
    ("11", "disapprove"),
    ("12", "reject"),
    ("13", "threaten"),
    ("14", "protest"),
    ("15", "exhibit_force_posture"),
    ("16", "reduce_relations"),
    ("17", "coerce"),
    ("18", "assault"),
    ("19", "fight"),
    ("20", "use_unconventional_mass_violence"),
];

fn alternatives(s: &str) -> Vec<String> {
    s.split('|')
        .filter(|a| !a.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Splits on `sep` outside braces.
fn split_top_level(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            c if c == sep && depth == 0 => {
                out.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(s[start..].trim());
    out.into_iter().filter(|p| !p.is_empty()).collect()
}

/// Parses `163`, `042:043`, `:173` or `---`. Codes are kept as written (letters allowed, as in
/// the PETRARCH validation dictionaries).
pub fn parse_code(s: &str) -> Option<(Option<String>, Option<String>)> {
    let valid =
        |c: &str| !c.is_empty() && c.len() <= 4 && c.chars().all(|ch| ch.is_ascii_alphanumeric());
    if s == "---" {
        return Some((None, None));
    }
    match s.split_once(':') {
        Some((a, b)) => {
            let a = if a.is_empty() || a == "---" {
                None
            } else {
                Some(a)
            };
            let b = if b.is_empty() || b == "---" {
                None
            } else {
                Some(b)
            };
            if a.is_some_and(|c| !valid(c)) || b.is_some_and(|c| !valid(c)) {
                return None;
            }
            match (a, b) {
                (Some(a), b) => Some((Some(a.to_string()), b.map(str::to_string))),
                (None, Some(b)) => Some((Some(b.to_string()), None)),
                (None, None) => Some((None, None)),
            }
        }
        None => valid(s).then(|| (Some(s.to_string()), None)),
    }
}

impl Dictionary {
    /// The codes of entries that the CAMEO codebook does not know, for checks and reports.
    pub fn unknown_codes(&self, table: &crate::CodeTable) -> Vec<&str> {
        self.entries
            .iter()
            .filter_map(|e| e.code.as_deref())
            .filter(|c| !table.is_known(c))
            .collect()
    }
}

/// Counts entries per root, for reports.
pub fn entries_per_root(d: &Dictionary) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for e in &d.entries {
        if let Some(c) = &e.code {
            *m.entry(c[..2.min(c.len())].to_string()).or_insert(0) += 1;
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict() -> Dictionary {
        let mut d = Dictionary::default();
        d.read_sets("sets.txt", "&weapon = missile | heavy weapon | arms_\n")
            .unwrap();
        d.read_verbs(
            "verbs.txt",
            "%ask = ask, ask for, query {queries querying queried}, re +arrest\n",
        )
        .unwrap();
        d.read_patterns(
            "02_appeal.txt",
            "# comment\n020   %ask                 # default\n0232  %ask for &weapon\n161   *recall ambassador|envoy ; passive=own-government\n163   $ =sanction against|on +\n042:043  *stage talks_with\n---   *impose taxes\n",
        )
        .unwrap();
        d
    }

    #[test]
    fn reads_every_kind_of_line() {
        let d = dict();
        assert_eq!(d.sets[0].members[1].words, vec!["heavy", "weapon"]);
        assert!(!d.sets[0].members[2].plural);
        assert_eq!(d.groups[0].verbs[2].forms.as_ref().unwrap().len(), 3);
        assert_eq!(d.groups[0].verbs[3].head, 1);
        assert_eq!(d.entries.len(), 6);
        assert_eq!(d.entries[2].code.as_deref(), Some("161"));
        assert!(d.entries[2].passive_own_government);
        assert_eq!(d.entries[3].trigger(), 1);
        assert_eq!(d.entries[4].reverse.as_deref(), Some("043"));
        assert!(d.entries[4].parts[2].glued);
        assert_eq!(d.entries[5].code, None);
        assert_eq!(
            d.entries[1].origin,
            Origin {
                file: "02_appeal.txt".into(),
                line: 3
            }
        );
    }

    #[test]
    fn round_trips_through_the_writer() {
        let d = dict();
        let files = d.write("# test\n");
        let get = |n: &str| {
            files
                .iter()
                .find(|(f, _)| f == n)
                .map(|(_, t)| t.clone())
                .unwrap()
        };
        let mut again = Dictionary::default();
        again.read_sets("sets.txt", &get("sets.txt")).unwrap();
        again.read_verbs("verbs.txt", &get("verbs.txt")).unwrap();
        for (name, text) in &files {
            if name != "sets.txt" && name != "verbs.txt" {
                again.read_patterns(name, text).unwrap();
            }
        }
        let patterns = |d: &Dictionary| {
            let mut v: Vec<String> = d
                .entries
                .iter()
                .map(|e| format!("{:?} {}", e.code, d.pattern_text(e)))
                .collect();
            v.sort();
            v
        };
        assert_eq!(patterns(&again), patterns(&d));
    }

    #[test]
    fn names_the_file_and_line_of_a_bad_entry() {
        let mut d = dict();
        let e = d
            .read_patterns("16.txt", "\n163 %nosuch sanctions\n")
            .unwrap_err();
        assert_eq!(e.to_string(), "16.txt:2: unknown verb group %nosuch");
        let e = d.read_patterns("16.txt", "16.3 %ask\n").unwrap_err();
        assert!(e.reason.contains("not a CAMEO code"));
        let e = d.read_patterns("16.txt", "163 sanctions\n").unwrap_err();
        assert!(e.reason.contains("exactly one trigger"));
    }
}
