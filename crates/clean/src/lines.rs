//! The line classifier for scraped text: which lines (or line tails) are not the article.
//!
//! Features are the line's own: boilerplate phrases ("Read more"), lone symbols, a photo credit
//! at the end of a caption, and the voice of an appeal (we/our addressing you/your, with words
//! like "support" and "donate") outside quotation marks. Short lines next to removed ones
//! ("Once", "Monthly", "Continue") go with them, because widgets break into such fragments.

use model::{Removed, Span};

/// What the classifier decided about one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineVerdict {
    Keep,
    Drop(&'static str),
}

/// Whole lines that are interface text, compared case-insensitively without end punctuation.
const BOILERPLATE: &[&str] = &[
    "read more",
    "read more »",
    "continue reading",
    "click here",
    "share this",
    "share this article",
    "share",
    "tweet",
    "advertisement",
    "sponsored",
    "subscribe",
    "subscribe now",
    "sign up",
    "support us",
    "donate",
    "donate now",
    "remind me later",
    "not ready to support today",
    "payment methods",
    "paiment methods",
    "related",
    "related articles",
    "related stories",
    "most read",
    "most popular",
    "you may also like",
    "recommended",
    "comments",
    "leave a comment",
    "print",
    "email",
    "skip to content",
    "skip advertisement",
    "accept cookies",
    "show comments",
    "back to top",
    "loading",
    "enjoying ad-free content",
    "follow us",
    "newsletter",
];

/// Words that mark an appeal to the reader, weighted more than pronouns.
const APPEAL_WORDS: &[&str] = &[
    "support",
    "supporting",
    "donate",
    "donation",
    "donations",
    "contribution",
    "contribute",
    "subscribe",
    "subscription",
    "subscribers",
    "journalism",
    "ad-free",
    "ads",
    "newsletter",
    "monthly",
    "readers",
    "paywall",
    "membership",
];

const READER_PRONOUNS: &[&str] = &["we", "our", "us", "you", "your", "you're", "we're", "ours"];

/// Lines that open an appeal block.
const APPEAL_OPENERS: &[&str] = &["a message from", "dear readers", "dear reader"];

fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '.' | ':' | ';' | '!' | '?' | '(' | ')')
    })
    .filter(|w| !w.is_empty())
    .map(|w| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
            .to_lowercase()
    })
}

/// The text of a line outside quotation marks.
fn outside_quotes(line: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in line.chars() {
        match c {
            '"' => inside = !inside,
            '“' | '«' => inside = true,
            '”' | '»' => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// Appeals are short: a paragraph longer than this is an article's, however often it says "you"
/// and "pay" (a review of accounting software).
const APPEAL_MAX_WORDS: usize = 70;

/// Counts, outside quotation marks: reader-addressing pronouns, appeal words, all words.
fn appeal_score(line: &str) -> (usize, usize, usize) {
    let outside = outside_quotes(line);
    let (mut pronouns, mut appeals, mut count) = (0, 0, 0);
    for w in words(&outside) {
        count += 1;
        if READER_PRONOUNS.contains(&w.as_str()) {
            pronouns += 1;
        } else if APPEAL_WORDS.contains(&w.as_str()) {
            appeals += 1;
        }
    }
    (pronouns, appeals, count)
}

/// A line in the voice of an appeal ("we need your help"): many we/our/you/your, outside
/// quotations. Alone that is also how company blogs write, so such a line is dropped only
/// beside an appeal.
fn reader_voice(line: &str) -> bool {
    let (pronouns, _, count) = appeal_score(line);
    pronouns >= 3 && pronouns * 100 >= count * 6 && count <= APPEAL_MAX_WORDS
}

fn normalized(line: &str) -> String {
    line.trim()
        .trim_end_matches(['.', '?', '!', ':', '›', '»', '>', '…'])
        .trim()
        .to_lowercase()
}

/// Classifies one line by its own features.
pub fn classify(line: &str) -> LineVerdict {
    let t = line.trim();
    if t.is_empty() {
        return LineVerdict::Keep;
    }
    if t.chars().all(|c| !c.is_alphanumeric()) {
        return LineVerdict::Drop("lone symbol");
    }
    let norm = normalized(t);
    if BOILERPLATE.contains(&norm.as_str()) {
        return LineVerdict::Drop("interface text");
    }
    if APPEAL_OPENERS.iter().any(|o| norm.starts_with(o)) && norm.split_whitespace().count() <= 8 {
        return LineVerdict::Drop("donation or subscription appeal");
    }
    let (pronouns, appeals, count) = appeal_score(t);
    let score = pronouns + 2 * appeals;
    if appeals > 0 && score >= 3 && score * 100 >= count * 6 && count <= APPEAL_MAX_WORDS {
        return LineVerdict::Drop("donation or subscription appeal");
    }
    LineVerdict::Keep
}

/// Where a photo credit starts at the end of a caption line ("... a “killer.” Valery
/// Sharifulin / TASS"), including the space before it; 0 when the whole line is a credit.
fn credit_start(line: &str) -> Option<usize> {
    let trimmed = line.trim_end();
    // The credit follows the caption's last sentence end.
    let tail_start = trimmed
        .char_indices()
        .filter(|&(i, c)| {
            matches!(c, '.' | '!' | '?' | '”' | '"' | ')')
                && trimmed[i + c.len_utf8()..].starts_with(' ')
        })
        .map(|(i, c)| i + c.len_utf8())
        .next_back()
        .unwrap_or(0);
    let tail = trimmed[tail_start..].trim();
    if tail.is_empty() || tail.len() > 80 {
        return None;
    }
    let lower = tail.to_lowercase();
    let marked = [
        "photo:",
        "photo by",
        "photograph:",
        "credit:",
        "image:",
        "getty images",
        "ap photo",
        "reuters/",
        "afp via",
        "epa-efe",
        "(photo",
    ]
    .iter()
    .any(|m| {
        lower.starts_with(m) || lower.contains(&format!(" {m}")) || lower.contains(&format!("/{m}"))
    });
    // "Name Surname / AGENCY": capitalised words on both sides of a slash.
    let slashed = tail.split_once(" / ").is_some_and(|(who, agency)| {
        let cap = |s: &str| {
            let ws: Vec<&str> = s.split_whitespace().collect();
            !ws.is_empty()
                && ws.len() <= 4
                && ws
                    .iter()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        };
        cap(who) && cap(agency)
    });
    (marked || slashed).then_some(tail_start)
}

/// Classifies every line of `text` and returns the removed byte ranges, in order.
pub fn classify_lines(text: &str) -> Vec<Removed> {
    // Lines with their spans, excluding the line break.
    let mut lines: Vec<(Span, LineVerdict)> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let span = Span::new(at, at + body.len());
        lines.push((span, classify(body)));
        at += line.len();
    }
    // Widget fragments: very short lines beside a dropped line go with it, in both directions,
    // until nothing changes (blank lines do not break the chain). A short line that reads as a
    // sentence ("He said talks would resume.") is not a fragment.
    let short = |s: &str| {
        let t = s.trim_end();
        let n = t.split_whitespace().count();
        n <= 3 || (n <= 5 && !t.ends_with(['.', '!', '"', '”', ',', ';']))
    };
    let dropped = |v: LineVerdict| {
        matches!(
            v,
            LineVerdict::Drop(
                "donation or subscription appeal" | "interface text" | "widget fragment"
            )
        )
    };
    loop {
        let mut changed = false;
        let nonblank: Vec<usize> = (0..lines.len())
            .filter(|&i| !text[lines[i].0.start..lines[i].0.end].trim().is_empty())
            .collect();
        for (k, &i) in nonblank.iter().enumerate() {
            if lines[i].1 != LineVerdict::Keep {
                continue;
            }
            let line = &text[lines[i].0.start..lines[i].0.end];
            let before = k.checked_sub(1).map(|b| lines[nonblank[b]].1);
            let after = nonblank.get(k + 1).map(|&a| lines[a].1);
            let appeal = LineVerdict::Drop("donation or subscription appeal");
            if (before == Some(appeal) || after == Some(appeal)) && reader_voice(line) {
                lines[i].1 = appeal;
                changed = true;
            } else if short(line) && (before.is_some_and(dropped) || after.is_some_and(dropped)) {
                lines[i].1 = LineVerdict::Drop("widget fragment");
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut removed = Vec::new();
    for (span, verdict) in &lines {
        match verdict {
            LineVerdict::Drop(reason) => {
                // Take the line break with the line, so kept runs do not gain blank lines.
                let mut end = span.end;
                if text[end..].starts_with("\r\n") {
                    end += 2;
                } else if text[end..].starts_with('\n') {
                    end += 1;
                }
                removed.push(Removed {
                    span: Span::new(span.start, end),
                    reason,
                });
            }
            LineVerdict::Keep => {
                if let Some(start) = credit_start(&text[span.start..span.end]) {
                    removed.push(Removed {
                        span: Span::new(span.start + start, span.end),
                        reason: "photo credit",
                    });
                }
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> String {
        let removed = classify_lines(text);
        let mut out = String::new();
        let mut at = 0;
        for r in &removed {
            out.push_str(&text[at..r.span.start]);
            at = r.span.end;
        }
        out.push_str(&text[at..]);
        out
    }

    #[test]
    fn drops_appeal_widget_and_interface_lines_but_keeps_quoted_we() {
        let text = "×\nEnjoying ad-free content?\nThis commitment costs us $10,000 a month. Your support can help us fill the gap.\nSupport us\n\nRussia recalled its envoy.\n\n\"We expect that they will normalize our relations,\" he said.\n\nOnce\nMonthly\nContinue\nRead more";
        assert_eq!(
            kept(text),
            "\nRussia recalled its envoy.\n\n\"We expect that they will normalize our relations,\" he said.\n\n"
        );
    }

    #[test]
    fn drops_a_trailing_photo_credit_only() {
        let text = "Antonov was recalled to Moscow after Biden called Putin a “killer.” Valery Sharifulin / TASS\nNext paragraph.";
        assert_eq!(
            kept(text),
            "Antonov was recalled to Moscow after Biden called Putin a “killer.”\nNext paragraph."
        );
        let text = "Troops at the border. Photo: Sergei Ivanov\n";
        assert_eq!(kept(text), "Troops at the border.\n");
    }

    #[test]
    fn keeps_short_headlines_between_article_lines() {
        let text = "Our journalism is banned in Russia. We need your help to keep providing you with the truth.\n\nRussian Envoy Unlikely to Return to U.S. in Near Future, Deputy FM Says\n\nAnatoly Antonov was recalled.";
        assert!(kept(text).starts_with("\nRussian Envoy Unlikely"));
    }
}
