//! Reads PETRARCH verb dictionaries (CAMEO.2.0.txt, PETR.Validate.verbs.txt) into the
//! [`Dictionary`] model, so they can be converted to attache's format or used directly in eval.
//!
//! The reading follows PETRARCH-1's flat-sequence semantics: verb blocks share their patterns,
//! `*` is the block's verb, `_` joins words that must be adjacent, `{A B}` is a noun phrase of
//! adjacent words, parentheses only mark prepositional phrases, and `^`/`%` are dropped because
//! a flat matcher skips words anyway. Transformation lines (`~`) are counted and skipped.

use crate::dict::{
    parse_code, parse_verb, DictError, Dictionary, Elem, Entry, Member, Origin, Part, VerbGroup,
    VerbRef, WordSet,
};

/// What the reader passed over, for the conversion report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub transformations_skipped: usize,
    pub patterns: usize,
    pub blocks: usize,
    pub sets: usize,
}

enum State {
    Top,
    Set(usize),
    Block(usize),
}

fn set_name(raw: &str) -> String {
    raw.trim_start_matches('&')
        .trim_end_matches('_')
        .to_lowercase()
}

/// Parses a PETRARCH verb dictionary.
pub fn import(file: &str, text: &str) -> Result<(Dictionary, ImportReport), DictError> {
    let mut d = Dictionary {
        flat_reading: true,
        ..Dictionary::default()
    };
    let mut report = ImportReport::default();
    let mut state = State::Top;
    let mut in_xml_comment = false;
    let mut pending: Vec<(usize, String, Option<String>, usize)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        if in_xml_comment {
            if raw.contains("-->") {
                in_xml_comment = false;
            }
            continue;
        }
        if raw.trim_start().starts_with("<!") {
            in_xml_comment = !raw.contains("-->");
            continue;
        }
        let (content, comment) = match raw.find('#') {
            Some(j) => (
                raw[..j].trim(),
                Some(raw[j + 1..].trim().to_string()).filter(|c| !c.is_empty()),
            ),
            None => (raw.trim(), None),
        };
        if content.is_empty() {
            continue;
        }
        if content.starts_with('&') {
            let name = set_name(content.split_whitespace().next().unwrap_or(""));
            d.sets.push(WordSet {
                name,
                members: Vec::new(),
            });
            state = State::Set(d.sets.len() - 1);
            report.sets += 1;
            continue;
        }
        if content.starts_with("---") {
            let inner = content.trim_start_matches('-').trim();
            let (name, code) = match (inner.find('['), inner.find(']')) {
                (Some(a), Some(b)) if a < b => (inner[..a].trim(), inner[a + 1..b].trim()),
                _ => (inner.trim_end_matches('-').trim(), "---"),
            };
            d.groups.push(VerbGroup {
                name: name.to_lowercase().replace('_', "-"),
                verbs: Vec::new(),
            });
            let g = d.groups.len() - 1;
            state = State::Block(g);
            report.blocks += 1;
            if code != "---" {
                let (code, reverse) = petrarch_code(file, line_no, code)?;
                d.entries.push(Entry {
                    code,
                    reverse,
                    parts: vec![Part {
                        elem: Elem::Verb(VerbRef::Group(g)),
                        glued: false,
                    }],
                    passive_own_government: false,
                    origin: Origin {
                        file: file.to_string(),
                        line: line_no,
                    },
                    comment: Some(format!("{} block default", name)),
                });
            }
            continue;
        }
        if content.starts_with('~') {
            report.transformations_skipped += 1;
            continue;
        }
        match state {
            State::Set(s) if content.starts_with('+') => {
                let m = content.trim_start_matches('+').trim();
                let label_exact = false;
                d.sets[s].members.push(Member {
                    plural: !m.ends_with('_') && !label_exact,
                    words: m
                        .trim_end_matches('_')
                        .split(['_', ' '])
                        .filter(|w| !w.is_empty())
                        .map(str::to_lowercase)
                        .collect(),
                });
            }
            State::Block(g) if content.starts_with('-') => {
                pending.push((g, content[1..].trim().to_string(), comment, line_no));
                report.patterns += 1;
            }
            State::Block(g) => {
                // A verb line: WORDS [{FORMS}] [[code]].
                let (spec, code) = match content.rfind('[') {
                    Some(j) => (
                        content[..j].trim(),
                        Some(content[j + 1..].trim_end_matches(']').trim()),
                    ),
                    None => (content, None),
                };
                let verb = petrarch_verb(spec).ok_or_else(|| bad(file, line_no, spec))?;
                d.groups[g].verbs.push(verb);
                let v = d.groups[g].verbs.len() - 1;
                if let Some(code) = code.filter(|c| *c != "---") {
                    let (code, reverse) = petrarch_code(file, line_no, code)?;
                    d.entries.push(Entry {
                        code,
                        reverse,
                        parts: vec![Part {
                            elem: Elem::Verb(VerbRef::Verb(g, v)),
                            glued: false,
                        }],
                        passive_own_government: false,
                        origin: Origin {
                            file: file.to_string(),
                            line: line_no,
                        },
                        comment,
                    });
                }
            }
            _ => {}
        }
    }
    // Patterns are read after all sets, because a set may be defined after the block using it.
    for (g, pattern, comment, line_no) in pending {
        let entry = pattern_entry(&d, g, &pattern, comment, file, line_no)?;
        d.entries.push(entry);
    }
    // Empty blocks (all their verbs were elsewhere) would be noise in the written files.
    Ok((d, report))
}

/// A PETRARCH code: `+++` and `###` (markers the validation files use) code nothing, like
/// `---`; a stray mark after a code ("080!", "025?") is a typo in the source.
fn petrarch_code(
    file: &str,
    line: usize,
    raw: &str,
) -> Result<(Option<String>, Option<String>), DictError> {
    let code = match raw.trim() {
        // "[###]" reaches here empty, because the reader cuts lines at "#".
        "+++" | "###" | "" => "---",
        c => c.trim_end_matches(|ch: char| !ch.is_ascii_alphanumeric() && ch != '-'),
    };
    parse_code(code).ok_or_else(|| bad(file, line, raw))
}

fn bad(file: &str, line: usize, what: &str) -> DictError {
    DictError {
        file: file.to_string(),
        line,
        reason: format!("cannot read `{what}`"),
    }
}

/// "+ASK_FOR {+ASKED_FOR +ASKING_FOR}" or "DEFY {DEFYING DEFIED DEFIES}".
fn petrarch_verb(spec: &str) -> Option<Verb2> {
    let (words, forms) = match spec.split_once('{') {
        Some((w, f)) => (w.trim(), Some(f.trim_end_matches('}').trim())),
        None => (spec.trim(), None),
    };
    let words = words.trim_start_matches('+');
    let raw_words: Vec<&str> = words.split('_').filter(|w| !w.is_empty()).collect();
    if raw_words.is_empty() {
        return None;
    }
    // The '+' marks the inflecting word when it is not the first.
    let head = raw_words
        .iter()
        .position(|w| w.starts_with('+'))
        .unwrap_or(0);
    let joined: Vec<String> = raw_words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let w = w.trim_start_matches('+').to_lowercase();
            if i == head && head > 0 {
                format!("+{w}")
            } else {
                w
            }
        })
        .collect();
    let mut v = parse_verb(&joined.join(" "))?;
    if let Some(f) = forms {
        let forms: Vec<String> = f
            .split_whitespace()
            .filter_map(|form| {
                let parts: Vec<&str> = form.split('_').collect();
                let h = parts
                    .iter()
                    .position(|p| p.starts_with('+'))
                    .unwrap_or(head.min(parts.len() - 1));
                parts
                    .get(h)
                    .map(|p| p.trim_start_matches('+').to_lowercase())
            })
            .filter(|f| !f.is_empty())
            .collect();
        v.forms = Some(forms);
    }
    Some(v)
}

type Verb2 = crate::dict::Verb;

fn pattern_entry(
    d: &Dictionary,
    g: usize,
    pattern: &str,
    comment: Option<String>,
    file: &str,
    line: usize,
) -> Result<Entry, DictError> {
    // The code is the last bracketed token.
    let (body, code) = match pattern.rfind('[') {
        Some(j) => (
            pattern[..j].trim(),
            pattern[j + 1..].trim_end_matches(']').trim(),
        ),
        None => return Err(bad(file, line, pattern)),
    };
    let (code, reverse) = petrarch_code(file, line, code)?;
    // Noun phrases in braces are runs of adjacent words.
    let mut normalized = String::new();
    let mut in_brace = false;
    let chars: Vec<char> = body.chars().collect();
    for (k, &c) in chars.iter().enumerate() {
        match c {
            // "*SCEPTICAL" is the verb followed by a word, written without the space.
            '*' if chars.get(k + 1).is_some_and(|n| n.is_alphanumeric()) => {
                normalized.push_str("* ")
            }
            '{' => in_brace = true,
            '}' => in_brace = false,
            '(' | ')' => normalized.push(' '),
            ' ' if in_brace => normalized.push('_'),
            _ => normalized.push(c),
        }
    }
    let mut parts = Vec::new();
    for field in normalized.split_whitespace() {
        for (k, piece) in field.split('_').enumerate() {
            if piece.is_empty() || piece == "^" || piece == "%" {
                continue;
            }
            let elem = match piece {
                "*" => Elem::Verb(VerbRef::Group(g)),
                "$" => Elem::Source,
                "+" => Elem::Target,
                _ if piece.starts_with('&') => match d.set_index(&set_name(piece)) {
                    Some(s) => Elem::Set(s),
                    // A set the file never defines cannot match anything; keep the word.
                    None => Elem::Word(vec![set_name(piece)]),
                },
                _ => Elem::Word(vec![piece.to_lowercase()]),
            };
            let glued = k > 0 && !parts.is_empty();
            parts.push(Part { elem, glued });
        }
    }
    if !parts.iter().any(|p| matches!(p.elem, Elem::Verb(_))) {
        return Err(bad(file, line, pattern));
    }
    Ok(Entry {
        code,
        reverse,
        parts,
        passive_own_government: false,
        origin: Origin {
            file: file.to_string(),
            line,
        },
        comment,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "<!-- SYNSETS\n-->\n&TIETYPES\n+ECONOMIC\n+TRADE_\n\n---  ABANDON   [345]  ---\nABANDON\n+BREAK_DOWN {+BROKE_DOWN +BROKEN_DOWN +BREAKING_DOWN}\nDEFY {DEFYING DEFIED DEFIES } [120]\n- * NEW_&TIETYPES_RELATIONS  [903]  # ABANDON\n- RECENTLY_* (TO {REAL PLEASANT} PLACE) [025:026]\n- * TAXES [---]\n~ a (b . ATTACK) SAY = a b 112\n";

    #[test]
    fn reads_blocks_verbs_sets_and_patterns() {
        let (d, report) = import("v.txt", SAMPLE).unwrap();
        assert_eq!(report.transformations_skipped, 1);
        assert_eq!(d.sets[0].name, "tietypes");
        assert!(!d.sets[0].members[1].plural);
        let g = &d.groups[0];
        assert_eq!(g.name, "abandon");
        assert_eq!(g.verbs[1].words, vec!["break", "down"]);
        assert_eq!(
            g.verbs[1].forms.as_ref().unwrap(),
            &vec!["broke", "broken", "breaking"]
        );
        let texts: Vec<String> = d
            .entries
            .iter()
            .map(|e| format!("{:?}:{:?} {}", e.code, e.reverse, d.pattern_text(e)))
            .collect();
        assert_eq!(
            texts,
            vec![
                "Some(\"345\"):None %abandon",
                "Some(\"120\"):None *defy",
                "Some(\"903\"):None %abandon new_&tietypes_relations",
                "Some(\"025\"):Some(\"026\") recently_%abandon to real_pleasant place",
                "None:None %abandon taxes",
            ]
        );
    }

    #[test]
    fn reads_the_shipped_reference_dictionaries_when_present() {
        // The reference files live in ../shared; the unit tests use them only if they are there.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/reference/phoenix/CAMEO.2.0.txt"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            return;
        };
        let (d, report) = import("CAMEO.2.0.txt", &text).unwrap();
        assert!(report.patterns > 4000, "{report:?}");
        assert!(d.groups.len() > 300);
    }
}
