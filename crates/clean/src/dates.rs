//! Dates written in running text ("September 4, 2025", "4 Sept. 2025", "2025-09-04"), for pages
//! whose markup carries no date. English month names only, for now.

use model::Date;

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    MONTHS.iter().find(|(name, _)| *name == w).map(|(_, m)| *m)
}

fn day(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(',');
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(word: &str) -> Option<i32> {
    let w = word.trim_end_matches([',', '.', ')', ';', '|']);
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1990..=2100).contains(y))
}

/// The first full date in the text.
pub fn first_date(text: &str) -> Option<Date> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '|' || c == '·')
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(d) = iso(w) {
            return Some(d);
        }
        let next = |k: usize| words.get(i + k).copied().unwrap_or("");
        // September 4, 2025
        if let (Some(m), Some(d), Some(y)) = (month(w), day(next(1)), year(next(2))) {
            if let Some(date) = Date::ymd(y, m, d) {
                return Some(date);
            }
        }
        // 4 September 2025
        if let (Some(d), Some(m), Some(y)) = (day(w), month(next(1)), year(next(2))) {
            if let Some(date) = Date::ymd(y, m, d) {
                return Some(date);
            }
        }
    }
    None
}

/// "2025-09-04" standing alone (possibly with a time after it).
fn iso(word: &str) -> Option<Date> {
    let w = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    if w.len() >= 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-' {
        Date::parse_iso(w.get(..10)?).filter(|d| (1990..=2100).contains(&d.year))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_dates_in_prose() {
        let d = |s: &str| first_date(s).map(|d| d.to_string());
        assert_eq!(
            d("By Jane Doe | September 4, 2025 | 5 min read").as_deref(),
            Some("2025-09-04")
        );
        assert_eq!(
            d("Posted on 4th Sept. 2025 by admin").as_deref(),
            Some("2025-09-04")
        );
        assert_eq!(
            d("Updated 2024-03-23T10:00 UTC").as_deref(),
            Some("2024-03-23")
        );
        assert_eq!(d("May the force be with you in 2025"), None);
        assert_eq!(d("February 30, 2025"), None);
        assert_eq!(d("2025-12-1–x 2025-09-0éa"), None);
    }
}
