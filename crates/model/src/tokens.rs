//! The tokenizer: words, numbers, punctuation and quotation marks, as byte spans.
//!
//! It lives in the model because what a token is must be the same everywhere: the segmenter
//! tokenizes documents with it and the dictionaries tokenize their phrases with it, so a phrase
//! written in a gazetteer matches the text exactly when their tokens agree.

use crate::{Span, Token, TokenKind};

/// Abbreviations that keep their full stop as part of the word.
pub const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Cmdr", "Adm",
    "Gov", "Sen", "Rep", "Rev", "Sr", "Jr", "St", "Mt", "Ft", "No", "Nos", "Vol", "vs", "etc",
    "approx", "Inc", "Corp", "Ltd", "Co", "Bros", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
    "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri",
    "Sat", "Sun", "Ave", "Blvd", "Dept", "Univ", "Gov't", "Pres", "Sec", "Atty", "Supt", "Amb",
    "Brig", "Cpl", "Pvt", "Fig", "Est", "al", "cf",
];

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '\'' | '`' | '‹' | '›'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\u{AD}'
}

/// Appends the tokens of `text[part]` to `out`.
pub fn tokenize(text: &str, part: Span, out: &mut Vec<Token>) {
    let s = &text[part.start..part.end];
    let base = part.start;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        // A byte-order mark or zero-width space separates like whitespace.
        if c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}') {
            continue;
        }
        if is_word_char(c) {
            let mut end = i + c.len_utf8();
            // A run of letters and digits, with inner full stops and commas in numbers.
            while let Some(&(j, d)) = it.peek() {
                if is_word_char(d) {
                    end = j + d.len_utf8();
                    it.next();
                } else if (d == '.' || d == ',') && c.is_ascii_digit() {
                    // 10,000 and 3.5 stay whole; a trailing separator does not.
                    let next = s[j + 1..].chars().next();
                    if next.is_some_and(|n| n.is_ascii_digit()) {
                        end = j + 1;
                        it.next();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            let word = &s[i..end];
            // "U.S." and "U.N.": single letters joined by full stops form one token.
            if word.chars().count() == 1 && s[end..].starts_with('.') {
                let mut j = end + 1;
                let mut dotted = end + 1;
                loop {
                    let mut rest = s[j..].chars();
                    match (rest.next(), rest.next()) {
                        (Some(a), Some('.')) if a.is_alphabetic() => {
                            j += a.len_utf8() + 1;
                            dotted = j;
                        }
                        _ => break,
                    }
                }
                // Consume what we joined.
                while it.peek().is_some_and(|&(k, _)| k < dotted) {
                    it.next();
                }
                out.push(Token {
                    span: Span::new(base + i, base + dotted),
                    kind: TokenKind::Word,
                });
                continue;
            }
            if s[end..].starts_with('.') && ABBREVIATIONS.contains(&word) {
                it.next();
                end += 1;
            }
            // "didn't" splits as "did" + "n't".
            let mut cut = end;
            if word.len() > 1 && s[end..].starts_with(['\'', '’']) && word.ends_with('n') {
                let after = &s[end..];
                let apostrophe = after.chars().next().unwrap().len_utf8();
                if after[apostrophe..].starts_with('t')
                    && !after[apostrophe + 1..].starts_with(is_word_char)
                {
                    cut = end - 1;
                    let tail = end + apostrophe + 1;
                    while it.peek().is_some_and(|&(k, _)| k < tail) {
                        it.next();
                    }
                    out.push(Token {
                        span: Span::new(base + i, base + cut),
                        kind: TokenKind::Word,
                    });
                    out.push(Token {
                        span: Span::new(base + cut, base + tail),
                        kind: TokenKind::Word,
                    });
                    continue;
                }
            }
            let kind = if word
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
            {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            out.push(Token {
                span: Span::new(base + i, base + cut),
                kind,
            });
            continue;
        }
        if is_apostrophe(c) {
            // A possessive or clitic: "'s", "’re", "'ll" attach to nothing but form a word.
            let rest = &s[i + c.len_utf8()..];
            let clitic_len = ["s", "re", "ll", "ve", "d", "m"]
                .iter()
                .find(|cl| rest.starts_with(*cl) && !rest[cl.len()..].starts_with(is_word_char))
                .map(|cl| cl.len());
            let after_word = i > 0 && s[..i].chars().next_back().is_some_and(is_word_char);
            if let (Some(len), true) = (clitic_len, after_word) {
                let end = i + c.len_utf8() + len;
                while it.peek().is_some_and(|&(k, _)| k < end) {
                    it.next();
                }
                out.push(Token {
                    span: Span::new(base + i, base + end),
                    kind: TokenKind::Word,
                });
                continue;
            }
        }
        if is_quote(c) {
            out.push(Token {
                span: Span::new(base + i, base + i + c.len_utf8()),
                kind: TokenKind::Quote,
            });
            continue;
        }
        // Punctuation: runs of full stops ("...") stay together, anything else is one char.
        let mut end = i + c.len_utf8();
        if c == '.' {
            while let Some(&(j, '.')) = it.peek() {
                end = j + 1;
                it.next();
            }
        }
        out.push(Token {
            span: Span::new(base + i, base + end),
            kind: TokenKind::Punct,
        });
    }
}

/// The token strings of a phrase, for dictionaries that match against document tokens.
pub fn phrase_tokens(phrase: &str) -> Vec<&str> {
    let mut out = Vec::new();
    tokenize(phrase, Span::new(0, phrase.len()), &mut out);
    out.into_iter()
        .map(|t| &phrase[t.span.start..t.span.end])
        .collect()
}

/// A token with curly apostrophes made straight ("Russia’s" and "Russia's" compare equal),
/// borrowed when it has none (ASCII tokens are not searched).
#[inline]
pub fn straight_apostrophes(token: &str) -> std::borrow::Cow<'_, str> {
    if !token.is_ascii() && token.contains('’') {
        std::borrow::Cow::Owned(token.replace('’', "'"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}

/// A word in small letters, borrowed when it already is (most words are), so that stages
/// that compare words case-blind do not copy every token.
pub fn lowercase(word: &str) -> std::borrow::Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        std::borrow::Cow::Borrowed(word)
    } else {
        std::borrow::Cow::Owned(word.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(s, Span::new(0, s.len()), &mut out);
        out.iter().map(|t| &s[t.span.start..t.span.end]).collect()
    }

    #[test]
    fn splits_news_text_into_words_with_offsets() {
        assert_eq!(
            toks("Russia’s U.S.-Russia ties didn't \"improve\" at $10,000.50, Gen. Ryabkov..."),
            vec![
                "Russia",
                "’s",
                "U.S.",
                "-",
                "Russia",
                "ties",
                "did",
                "n't",
                "\"",
                "improve",
                "\"",
                "at",
                "$",
                "10,000.50",
                ",",
                "Gen.",
                "Ryabkov",
                "..."
            ]
        );
        assert_eq!(
            toks("A. Antonov, e.g. here"),
            vec!["A.", "Antonov", ",", "e.g.", "here"]
        );
        assert_eq!(toks("'quoted' word"), vec!["'", "quoted", "'", "word"]);
        assert_eq!(toks("Ukraine war.×"), vec!["Ukraine", "war", ".", "×"]);
        assert_eq!(toks("\u{feff}Moscow\u{200b} said"), vec!["Moscow", "said"]);
    }
}
