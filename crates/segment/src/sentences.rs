//! Sentence boundaries over a token sequence.

use model::{Token, TokenKind, ABBREVIATIONS};
use std::ops::Range;

/// Words that, capitalised after an abbreviation such as "U.S.", start a new sentence.
const STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "In",
    "On",
    "At",
    "For",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "There",
    "Then",
    "However",
    "Meanwhile",
    "Still",
    "Also",
    "As",
    "Some",
    "Many",
    "Most",
    "No",
    "Asked",
];

fn closes(c: char) -> bool {
    matches!(c, ')' | ']' | '}')
}

/// Splits the tokens of one body part into sentences, as ranges of token indices.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let surface = |t: &Token| &text[t.span.start..t.span.end];
    let mut out = Vec::new();
    let mut start = 0;
    let n = tokens.len();
    let mut i = 0;
    while i < n {
        let t = &tokens[i];
        let s = surface(t);
        let mut end = i + 1; // exclusive end of the sentence, if it ends here
        let terminal = match s {
            "." | "!" | "?" | "!?" | "?!" => true,
            "..." | "…" => i > start,
            _ => t.kind == TokenKind::Word && s.ends_with('.') && s.len() > 1,
        };
        let mut boundary = false;
        if terminal {
            // Closing quotes and brackets that touch the stop belong to this sentence.
            while end < n {
                let q = &tokens[end];
                let qs = surface(q);
                let touching = tokens[end - 1].span.end == q.span.start;
                let closing = (q.kind == TokenKind::Quote && touching)
                    || qs.chars().next().is_some_and(closes);
                if !closing {
                    break;
                }
                end += 1;
            }
            boundary = match tokens.get(end) {
                None => true,
                Some(next) => {
                    let ns = surface(next);
                    let first = ns.chars().next().unwrap_or(' ');
                    if first.is_lowercase() || matches!(first, ',' | ';' | ':' | '-') {
                        false
                    } else if t.kind == TokenKind::Word {
                        abbreviation_ends_sentence(s, ns)
                    } else {
                        true
                    }
                }
            };
        }
        if !boundary && end < n {
            // A blank line always ends a sentence; a single line break does unless the next
            // line carries on in lower case, as wrapped text does.
            let gap = &text[tokens[end - 1].span.end..tokens[end].span.start];
            let breaks = gap.matches('\n').count();
            let next_lower = surface(&tokens[end])
                .chars()
                .next()
                .is_some_and(char::is_lowercase);
            if breaks >= 2 || (breaks == 1 && !next_lower) {
                boundary = true;
            }
        }
        if boundary || end >= n {
            out.push(start..end);
            start = end;
        }
        i = end.max(i + 1);
    }
    if start < n {
        out.push(start..n);
    }
    cap_length(text, tokens, out)
}

/// The most tokens one sentence may have. Text with no sentence ends (lists, tables, a page
/// without punctuation) would otherwise make one huge sentence, and every later stage works
/// per sentence.
pub const MAX_SENTENCE_TOKENS: usize = 150;

/// Splits over-long sentences, after a comma or semicolon where there is one near the limit.
fn cap_length(text: &str, tokens: &[Token], sentences: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(sentences.len());
    for range in sentences {
        let mut start = range.start;
        while range.end - start > MAX_SENTENCE_TOKENS {
            let limit = start + MAX_SENTENCE_TOKENS;
            let cut = (start + MAX_SENTENCE_TOKENS / 2..limit)
                .rev()
                .find(|&k| matches!(&text[tokens[k].span.start..tokens[k].span.end], "," | ";"))
                .map_or(limit, |k| k + 1);
            out.push(start..cut);
            start = cut;
        }
        out.push(start..range.end);
    }
    out
}

/// Whether a word ending in a full stop ends the sentence, given the next word.
fn abbreviation_ends_sentence(word: &str, next: &str) -> bool {
    let stem = &word[..word.len() - 1];
    if ABBREVIATIONS.contains(&stem) {
        // "Gen. Milley", "Jan. 5": titles and months run on.
        return false;
    }
    let letters = stem.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 1 && stem.chars().count() == 1 {
        // An initial: "Mark A. Milley".
        return false;
    }
    if stem.contains('.') {
        // "U.S." ends a sentence only when the next word plainly starts one.
        return STARTERS.contains(&next);
    }
    true
}
