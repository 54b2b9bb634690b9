//! The compiled matcher: a dictionary turned into lookup tables once, then run on sentences.
//!
//! For each sentence it finds verb (and noun) triggers through a table of every inflected form,
//! matches the patterns of each trigger over the flat token sequence (elements in order, words
//! between them allowed unless glued with `_`, as PETRARCH-1 does), keeps the most specific
//! pattern, and assigns source and target: from `$`/`+` when the pattern places them, otherwise
//! the nearest actor before the trigger (the subject) and the first after it (the object), with
//! the passive voice swapping them.

use crate::dict::{Dictionary, Elem, Entry, VerbRef};
use model::FxHashMap as HashMap;
use model::{phrase_tokens, Doc, Mention, TokenKind};

/// How a verb form relates to its lemma; the passive needs participles, the noun filter needs
/// to know which forms double as nouns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKind {
    Base,
    ThirdPerson,
    Past,
    Gerund,
}

#[derive(Clone, Debug)]
struct CompiledVerb {
    words: Vec<String>,
    head: usize,
}

#[derive(Clone, Copy, Debug)]
struct FormHit {
    verb: usize,
    kind: FormKind,
}

/// A pattern element with its words compiled to word ids.
#[derive(Clone, Debug)]
enum CElem {
    /// Alternative token sequences; each position lists the ids it accepts (a word and, where
    /// allowed, its plurals).
    Words(Vec<Vec<Vec<u32>>>),
    Source,
    Target,
    Trigger,
}

#[derive(Clone, Debug)]
struct CPart {
    elem: CElem,
    glued: bool,
}

#[derive(Clone, Debug)]
struct CEntry {
    parts: Vec<CPart>,
    /// For each word element, the ids it can start with: a sentence without any of them cannot
    /// match, which rules most patterns out before any matching.
    required: Vec<Vec<u32>>,
    trigger: usize,
    /// How specific the pattern is: matched elements count twice, a one-verb default once.
    specificity: usize,
}

/// Every word any pattern can match, in every form, numbered from 1; 0 is any other word.
#[derive(Default)]
struct Vocab {
    ids: HashMap<String, u32>,
}

impl Vocab {
    fn id(&mut self, w: &str) -> u32 {
        let next = self.ids.len() as u32 + 1;
        *self.ids.entry(w.to_string()).or_insert(next)
    }

    /// The ids a word matches as: itself and, when allowed, its plurals.
    fn forms(&mut self, w: &str, plural: bool) -> Vec<u32> {
        let mut out = vec![self.id(w)];
        if plural {
            for f in plural_forms(w) {
                out.push(self.id(&f));
            }
        }
        out
    }

    /// Token sequence ids for one alternative.
    fn sequence(&mut self, words: &[String], plural: bool) -> Vec<Vec<u32>> {
        let n = words.len();
        words
            .iter()
            .enumerate()
            .map(|(k, w)| self.forms(w, plural && k + 1 == n))
            .collect()
    }
}

/// Plural forms of a noun: `s`, `es`, and `y` to `ies`.
fn plural_forms(w: &str) -> Vec<String> {
    let mut out = vec![format!("{w}s"), format!("{w}es")];
    if let Some(stem) = w.strip_suffix('y') {
        out.push(format!("{stem}ies"));
    }
    out
}

/// The dictionary, compiled for matching.
pub struct Matcher {
    pub dict: Dictionary,
    verbs: Vec<CompiledVerb>,
    forms: HashMap<String, Vec<FormHit>>,
    by_verb: Vec<Vec<usize>>,
    nouns: HashMap<String, Vec<usize>>,
    entries: Vec<CEntry>,
    vocab: Vocab,
}

/// A trigger found in a sentence: token range (sentence-relative) and what it is.
#[derive(Clone, Debug)]
pub struct Occurrence {
    pub start: usize,
    pub end: usize,
    /// The token whose form was found (the verb's inflected word, or the noun).
    pub head: usize,
    pub kind: FormKind,
    /// Every verb that fits here, as (verb, start, end): "called for" is both `call for` and
    /// `call` followed by "for", and each has its own patterns.
    verbs: Vec<(usize, usize, usize)>,
    noun_entries: Vec<usize>,
}

/// A pattern that matched, with the roles it placed.
#[derive(Clone, Debug)]
pub struct Match {
    pub entry: usize,
    /// The trigger's tokens for this entry (a multi-word verb is longer than its head).
    pub start: usize,
    pub end: usize,
    pub source: Option<usize>,
    pub target: Option<usize>,
    /// Token ranges the pattern's words took; they are never taken for the target as well.
    pub consumed: Vec<(usize, usize)>,
}

impl Match {
    /// Places a mention in the role a `$` or `+` element names.
    fn bind(&mut self, elem: &CElem, mention: usize) {
        if matches!(elem, CElem::Source) {
            self.source = Some(mention);
        } else {
            self.target = Some(mention);
        }
    }
}

/// The most words a pattern lets stand between two of its elements (PETRARCH looks within a
/// verb phrase; a flat matcher needs a bound instead).
pub const MAX_GAP: usize = 6;

fn ends_with_consonant_vowel_consonant(w: &str) -> bool {
    let b: Vec<char> = w.chars().collect();
    let n = b.len();
    let vowel = |c: char| "aeiou".contains(c);
    n >= 3 && !vowel(b[n - 1]) && !"wxy".contains(b[n - 1]) && vowel(b[n - 2]) && !vowel(b[n - 3])
}

/// The regular forms of a verb, generously: doubling and not doubling the last consonant, since
/// a form that never occurs costs nothing.
pub fn regular_forms(w: &str) -> Vec<(String, FormKind)> {
    let mut out = vec![(w.to_string(), FormKind::Base)];
    let consonant_y = w.ends_with('y')
        && !w.ends_with("ay")
        && !w.ends_with("ey")
        && !w.ends_with("oy")
        && !w.ends_with("uy");
    let stem_y = w.strip_suffix('y').unwrap_or(w);
    if consonant_y {
        out.push((format!("{stem_y}ies"), FormKind::ThirdPerson));
        out.push((format!("{stem_y}ied"), FormKind::Past));
    } else if w.ends_with(['s', 'x', 'z']) || w.ends_with("ch") || w.ends_with("sh") {
        out.push((format!("{w}es"), FormKind::ThirdPerson));
        out.push((format!("{w}ed"), FormKind::Past));
    } else {
        out.push((format!("{w}s"), FormKind::ThirdPerson));
        if w.ends_with('e') {
            out.push((format!("{w}d"), FormKind::Past));
        } else {
            out.push((format!("{w}ed"), FormKind::Past));
        }
    }
    if w.ends_with('e') && !w.ends_with("ee") && w.len() > 2 {
        out.push((format!("{}ing", &w[..w.len() - 1]), FormKind::Gerund));
    } else {
        out.push((format!("{w}ing"), FormKind::Gerund));
    }
    if ends_with_consonant_vowel_consonant(w) {
        let last = w.chars().last().unwrap_or('x');
        out.push((format!("{w}{last}ed"), FormKind::Past));
        out.push((format!("{w}{last}ing"), FormKind::Gerund));
    }
    out
}

fn irregular_kind(lemma: &str, form: &str) -> FormKind {
    if form.ends_with("ing") {
        FormKind::Gerund
    } else if form == format!("{lemma}s")
        || form == format!("{lemma}es")
        || (form.ends_with("ies") && lemma.ends_with('y'))
    {
        FormKind::ThirdPerson
    } else if form == lemma {
        FormKind::Base
    } else {
        FormKind::Past
    }
}

/// A dictionary phrase as the tokenizer splits text. A clitic the dictionary writes apart, as
/// TreeBank does ("DID N'T"), is already the token the tokenizer makes of "didn't".
fn token_words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .flat_map(|piece| {
            if matches!(piece, "n't" | "'s" | "'re" | "'ll" | "'d" | "'ve" | "'m") {
                vec![piece.to_string()]
            } else {
                phrase_tokens(piece)
                    .into_iter()
                    .map(str::to_string)
                    .collect()
            }
        })
        .collect()
}

impl Matcher {
    pub fn new(dict: Dictionary) -> Matcher {
        let mut verbs = Vec::new();
        let mut ids: HashMap<(usize, usize), usize> = HashMap::default();
        let mut forms: HashMap<String, Vec<FormHit>> = HashMap::default();
        for (g, group) in dict.groups.iter().enumerate() {
            for (v, verb) in group.verbs.iter().enumerate() {
                let id = verbs.len();
                ids.insert((g, v), id);
                let head_word = verb.words[verb.head].clone();
                let head_forms: Vec<(String, FormKind)> = match &verb.forms {
                    Some(f) => std::iter::once((head_word.clone(), FormKind::Base))
                        .chain(f.iter().map(|x| (x.clone(), irregular_kind(&head_word, x))))
                        .collect(),
                    None => regular_forms(&head_word),
                };
                for (form, kind) in head_forms {
                    let hits = forms.entry(form).or_default();
                    if !hits.iter().any(|h| h.verb == id) {
                        hits.push(FormHit { verb: id, kind });
                    }
                }
                verbs.push(CompiledVerb {
                    words: verb.words.clone(),
                    head: verb.head,
                });
            }
        }
        let mut by_verb = vec![Vec::new(); verbs.len()];
        let mut vocab = Vocab::default();
        let mut nouns: HashMap<String, Vec<usize>> = HashMap::default();
        let mut entries = Vec::with_capacity(dict.entries.len());
        // A later entry with the same pattern overrides an earlier one, so the project's own
        // additions can recode a converted pattern without editing it.
        let mut last_with_pattern: HashMap<String, usize> = HashMap::default();
        for (e, entry) in dict.entries.iter().enumerate() {
            last_with_pattern.insert(dict.pattern_text(entry), e);
        }
        for (e, entry) in dict.entries.iter().enumerate() {
            let trigger = entry.trigger();
            let shadowed = last_with_pattern[&dict.pattern_text(entry)] != e;
            let mut specificity = 2 * (entry.parts.len() - 1);
            match &entry.parts[trigger].elem {
                _ if shadowed => {}
                Elem::Verb(VerbRef::Group(g)) => {
                    for v in 0..dict.groups[*g].verbs.len() {
                        by_verb[ids[&(*g, v)]].push(e);
                    }
                }
                Elem::Verb(VerbRef::Verb(g, v)) => {
                    by_verb[ids[&(*g, *v)]].push(e);
                    specificity += 1;
                }
                Elem::Noun(alts) => {
                    for a in alts {
                        let base = a.to_lowercase();
                        let plural = if base.ends_with('y') {
                            format!("{}ies", &base[..base.len() - 1])
                        } else if base.ends_with('s') {
                            format!("{base}es")
                        } else {
                            format!("{base}s")
                        };
                        for f in [base, plural] {
                            let list = nouns.entry(f).or_default();
                            if !list.contains(&e) {
                                list.push(e);
                            }
                        }
                    }
                    specificity += 1;
                }
                _ => unreachable!("the trigger is a verb or a noun"),
            }
            let parts: Vec<CPart> = entry
                .parts
                .iter()
                .enumerate()
                .map(|(k, p)| CPart {
                    glued: p.glued,
                    elem: match &p.elem {
                        _ if k == trigger => CElem::Trigger,
                        Elem::Word(alts) => CElem::Words(
                            alts.iter()
                                .map(|a| vocab.sequence(&token_words(a), true))
                                .collect(),
                        ),
                        Elem::Set(s) => CElem::Words(
                            dict.sets[*s]
                                .members
                                .iter()
                                .map(|m| {
                                    let words: Vec<String> =
                                        m.words.iter().flat_map(|w| token_words(w)).collect();
                                    vocab.sequence(&words, m.plural)
                                })
                                .collect(),
                        ),
                        Elem::Source => CElem::Source,
                        Elem::Target => CElem::Target,
                        Elem::Verb(_) | Elem::Noun(_) => CElem::Words(Vec::new()),
                    },
                })
                .collect();
            let required = parts
                .iter()
                .filter_map(|p| match &p.elem {
                    CElem::Words(alts) if !alts.is_empty() => Some(
                        alts.iter()
                            .filter_map(|seq| seq.first())
                            .flatten()
                            .copied()
                            .collect(),
                    ),
                    _ => None,
                })
                .collect();
            entries.push(CEntry {
                parts,
                required,
                trigger,
                specificity,
            });
        }
        Matcher {
            dict,
            verbs,
            forms,
            by_verb,
            nouns,
            entries,
            vocab,
        }
    }

    /// The word id of each (lowercased) token of a sentence.
    pub fn word_ids(&self, lower: &[&str]) -> Vec<u32> {
        lower
            .iter()
            .map(|w| self.vocab.ids.get(*w).copied().unwrap_or(0))
            .collect()
    }

    /// The word ids of a sentence for matching: as `word_ids`, except that a preposition
    /// that opens a date ("called Kim on Tuesday", "in March", "since 2014") is no word a
    /// pattern can take ("%call on" is an appeal to someone).
    pub fn pattern_ids(&self, lower: &[&str]) -> Vec<u32> {
        let mut ids = self.word_ids(lower);
        for (j, id) in ids.iter_mut().enumerate() {
            if matches!(
                lower[j],
                "on" | "in" | "at" | "by" | "since" | "until" | "till" | "from" | "through"
            ) && opens_date(&lower[j + 1..])
            {
                *id = 0;
            }
        }
        ids
    }

    /// Which word ids occur in a sentence, as a bit set.
    pub fn presence(&self, ids: &[u32]) -> Vec<u64> {
        let mut bits = vec![0u64; self.vocab.ids.len() / 64 + 2];
        for &id in ids {
            bits[id as usize / 64] |= 1 << (id % 64);
        }
        bits
    }

    pub fn entry(&self, i: usize) -> &Entry {
        &self.dict.entries[i]
    }

    pub fn specificity(&self, i: usize) -> usize {
        self.entries[i].specificity
    }

    /// Every trigger in a sentence's lowercased words, longest verb first at each position.
    pub fn occurrences(&self, lower: &[&str]) -> Vec<Occurrence> {
        let mut out: Vec<Occurrence> = Vec::new();
        for i in 0..lower.len() {
            let mut best: Option<Occurrence> = None;
            let mut fitting: Vec<(usize, usize, usize)> = Vec::new();
            for hit in self.forms.get(lower[i]).into_iter().flatten() {
                let v = &self.verbs[hit.verb];
                if i < v.head {
                    continue;
                }
                let start = i - v.head;
                let end = start + v.words.len();
                if end > lower.len() {
                    continue;
                }
                let fits = v
                    .words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| k == v.head || lower[start + k] == w);
                if !fits {
                    continue;
                }
                fitting.push((hit.verb, start, end));
                if best.as_ref().is_none_or(|b| end - start > b.end - b.start) {
                    best = Some(Occurrence {
                        start,
                        end,
                        head: i,
                        kind: hit.kind,
                        verbs: Vec::new(),
                        noun_entries: Vec::new(),
                    });
                }
            }
            if let Some(b) = best.as_mut() {
                b.verbs = fitting;
            }
            if let Some(entries) = self.nouns.get(lower[i]) {
                match best.as_mut() {
                    Some(b) => b.noun_entries = entries.clone(),
                    None => {
                        best = Some(Occurrence {
                            start: i,
                            end: i + 1,
                            head: i,
                            kind: FormKind::Base,
                            verbs: Vec::new(),
                            noun_entries: entries.clone(),
                        })
                    }
                }
            }
            if let Some(b) = best {
                // A longer verb found earlier may already cover this token ("break down").
                if out.last().is_none_or(|o| o.end <= b.start) {
                    out.push(b);
                }
            }
        }
        out
    }

    /// The entries an occurrence can fire, as (entry, start, end): its verbs' patterns when it
    /// reads as a verb, its noun patterns otherwise.
    pub fn candidates(&self, occ: &Occurrence, as_verb: bool) -> Vec<(usize, usize, usize)> {
        if as_verb && !occ.verbs.is_empty() {
            occ.verbs
                .iter()
                .flat_map(|&(v, a, b)| self.by_verb[v].iter().map(move |&e| (e, a, b)))
                .collect()
        } else {
            occ.noun_entries
                .iter()
                .map(|&e| (e, occ.start, occ.end))
                .collect()
        }
    }

    /// Whether a sentence lacks every form of some word the entry needs (`present` from
    /// [`Matcher::presence`]): it cannot match there.
    pub fn lacks_words(&self, e: usize, present: &[u64]) -> bool {
        let has = |id: u32| present[id as usize / 64] & (1 << (id % 64)) != 0;
        !self.entries[e]
            .required
            .iter()
            .all(|ids| ids.iter().any(|&id| has(id)))
    }

    /// Tries one entry on the trigger at tokens `start..end` (sentence-relative).
    pub fn try_entry(&self, e: usize, start: usize, end: usize, ctx: &Window<'_>) -> Option<Match> {
        let entry = &self.entries[e];
        if self.lacks_words(e, ctx.present) {
            return None;
        }
        let mut m = Match {
            entry: e,
            start,
            end,
            source: None,
            target: None,
            consumed: Vec::new(),
        };
        let post = &entry.parts[entry.trigger + 1..];
        let pre = &entry.parts[..entry.trigger];
        let trigger_glued = entry.parts[entry.trigger].glued;
        if !match_forward(post, end, ctx.post_end, ctx, &mut m) {
            return None;
        }
        if !match_backward(pre, start, trigger_glued, ctx.pre_start, ctx, &mut m) {
            return None;
        }
        Some(m)
    }
}

/// What the pattern matcher can see of one sentence around one trigger.
pub struct Window<'a> {
    /// Word ids of the sentence's tokens ([`Matcher::word_ids`]).
    pub ids: &'a [u32],
    /// The ids present in the sentence ([`Matcher::presence`]).
    pub present: &'a [u64],
    pub pre_start: usize,
    pub post_end: usize,
    /// For each token (sentence-relative), the mention starting there and its end token.
    pub starts: &'a HashMap<usize, (usize, usize)>,
    /// For each token, the mention ending just before it and its start token.
    pub ends: &'a HashMap<usize, (usize, usize)>,
}

/// Whether the token sequence `seq` stands at `p`.
fn seq_at(ids: &[u32], p: usize, seq: &[Vec<u32>]) -> bool {
    !seq.is_empty()
        && p + seq.len() <= ids.len()
        && seq
            .iter()
            .zip(&ids[p..])
            .all(|(accepted, id)| *id != 0 && accepted.contains(id))
}

fn match_forward(
    parts: &[crate::matcher::CPart],
    pos: usize,
    end: usize,
    ctx: &Window<'_>,
    m: &mut Match,
) -> bool {
    let Some((part, rest)) = parts.split_first() else {
        return true;
    };
    let last_start = if part.glued {
        pos
    } else {
        (pos + MAX_GAP).min(end.saturating_sub(1))
    };
    let mut p = pos;
    while p <= last_start && p < end {
        let saved = (m.source, m.target, m.consumed.len());
        let next = match &part.elem {
            CElem::Words(alts) => alts
                .iter()
                .find(|seq| p + seq.len() <= end && seq_at(ctx.ids, p, seq))
                .map(|seq| {
                    m.consumed.push((p, p + seq.len()));
                    p + seq.len()
                }),
            CElem::Source | CElem::Target => ctx.starts.get(&p).map(|&(mention, stop)| {
                m.bind(&part.elem, mention);
                stop
            }),
            CElem::Trigger => None,
        };
        if let Some(n) = next {
            if match_forward(rest, n, end, ctx, m) {
                return true;
            }
        }
        (m.source, m.target) = (saved.0, saved.1);
        m.consumed.truncate(saved.2);
        p += 1;
    }
    false
}

/// Matches `parts` right to left so that the last of them ends at or before `pos`; `glued`
/// says the last must end exactly at `pos`.
fn match_backward(
    parts: &[CPart],
    pos: usize,
    glued: bool,
    start: usize,
    ctx: &Window<'_>,
    m: &mut Match,
) -> bool {
    let Some((part, rest)) = parts.split_last() else {
        return true;
    };
    let mut q = pos;
    let lowest = start.max(pos.saturating_sub(MAX_GAP));
    loop {
        if q < lowest || q == 0 {
            return false;
        }
        let saved = (m.source, m.target, m.consumed.len());
        let begin = match &part.elem {
            CElem::Words(alts) => alts
                .iter()
                .find(|seq| q >= start + seq.len() && seq_at(ctx.ids, q - seq.len(), seq))
                .map(|seq| {
                    m.consumed.push((q - seq.len(), q));
                    q - seq.len()
                }),
            CElem::Source | CElem::Target => ctx.ends.get(&q).map(|&(mention, from)| {
                m.bind(&part.elem, mention);
                from
            }),
            CElem::Trigger => None,
        };
        if let Some(b) = begin {
            if match_backward(rest, b, part.glued, start, ctx, m) {
                return true;
            }
        }
        (m.source, m.target) = (saved.0, saved.1);
        m.consumed.truncate(saved.2);
        if glued {
            return false;
        }
        q -= 1;
    }
}

/// Whether the words begin with a date or time: a day, a month, a year, "today", or one of
/// these after "last", "next", "this", "early" or "late".
fn opens_date(words: &[&str]) -> bool {
    const DATES: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan.",
        "feb.",
        "aug.",
        "sept.",
        "oct.",
        "nov.",
        "dec.",
        "today",
        "tonight",
        "yesterday",
        "tomorrow",
        "weekend",
    ];
    let year = |w: &str| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) && w < "2100";
    let first = words.first().copied().unwrap_or("");
    let date = |w: &str| DATES.contains(&w) || year(w);
    date(first)
        || (matches!(first, "last" | "next" | "this" | "early" | "late")
            && words.get(1).is_some_and(|w| date(w)))
}

/// Mentions by sentence-relative token: the mention index and its other end.
pub type MentionIndex = HashMap<usize, (usize, usize)>;

/// Mentions of one sentence, indexed by their first token and by the token after their last.
pub fn mention_index(
    doc: &Doc,
    sentence: usize,
    mentions: &[(usize, &Mention)],
) -> (MentionIndex, MentionIndex) {
    let range = doc.sentences[sentence].tokens.clone();
    let toks = &doc.tokens[range.clone()];
    let mut starts = HashMap::default();
    let mut ends = HashMap::default();
    for &(idx, m) in mentions {
        let first = toks.iter().position(|t| t.span.start >= m.span.start);
        let last = toks
            .iter()
            .rposition(|t| t.span.end <= m.span.end && t.kind != TokenKind::Quote);
        if let (Some(a), Some(b)) = (first, last) {
            starts.entry(a).or_insert((idx, b + 1));
            ends.insert(b + 1, (idx, a));
        }
    }
    (starts, ends)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_regular_forms() {
        let forms = |w: &str| {
            regular_forms(w)
                .into_iter()
                .map(|(f, _)| f)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            forms("recall"),
            vec!["recall", "recalls", "recalled", "recalling"]
        );
        assert_eq!(
            forms("impose"),
            vec!["impose", "imposes", "imposed", "imposing"]
        );
        assert_eq!(forms("deny"), vec!["deny", "denies", "denied", "denying"]);
        assert!(forms("ban").contains(&"banned".to_string()));
        assert!(forms("criticize").contains(&"criticized".to_string()));
        assert_eq!(forms("ratchet")[2], "ratcheted");
    }

    #[test]
    fn matches_plurals_only_where_allowed() {
        let mut v = Vocab::default();
        let plural = v.forms("party", true);
        let exact = v.forms("sanction", false);
        let ids = |ws: &[&str]| {
            ws.iter()
                .map(|w| v.ids.get(*w).copied().unwrap_or(0))
                .collect::<Vec<u32>>()
        };
        assert!(seq_at(&ids(&["parties"]), 0, std::slice::from_ref(&plural)));
        assert!(seq_at(&ids(&["party"]), 0, &[plural]));
        assert!(!seq_at(
            &ids(&["sanctions"]),
            0,
            std::slice::from_ref(&exact)
        ));
        assert!(!seq_at(&ids(&["sanctioned"]), 0, &[exact]));
    }
}
