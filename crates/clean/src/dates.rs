//! Dates written in running text ("September 4, 2025", "4 Sept. 2025", "2025-09-04",
//! "4. September 2025", "4 septembre 2025", "4 de septiembre de 2025", "4 сентября 2025"), for
//! pages whose markup carries no date. Month names in English, French, German, Spanish,
//! Italian, Portuguese, Dutch and Russian (the genitive, as dates write it).

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
    // French
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    // Spanish
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    // Italian
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    // Portuguese
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("dezembro", 12),
    // Dutch
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    // Russian (genitive)
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
];

/// The month a name (or its abbreviation) stands for, in any of the languages above.
pub(crate) fn month_number(word: &str) -> Option<u32> {
    month(word)
}

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(['.', ',']).to_lowercase();
    MONTHS.iter().find(|(name, _)| *name == w).map(|(_, m)| *m)
}

fn day(word: &str) -> Option<u32> {
    let w = word.trim_end_matches([',', '.']);
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(word: &str) -> Option<i32> {
    let w = word.trim_end_matches([',', '.', ')', ';', '|']);
    // "2025Julian": inline elements written without a space between them.
    let w = match w.get(..4) {
        Some(digits) if w.len() > 4 && w[4..].starts_with(|c: char| c.is_uppercase()) => digits,
        _ => w,
    };
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1990..=2100).contains(y))
}

/// The first full date in the text.
pub fn first_date(text: &str) -> Option<Date> {
    dates(text).next().map(|(_, d)| d)
}

/// Every full date in the text, with the byte offset of the word it starts at.
pub fn dates(text: &str) -> impl Iterator<Item = (usize, Date)> + '_ {
    let words: Vec<(usize, &str)> = text
        .split(|c: char| c.is_whitespace() || c == '|' || c == '·')
        .filter(|w| !w.is_empty())
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect();
    (0..words.len()).filter_map(move |i| {
        let (at, w) = words[i];
        let next = |k: usize| words.get(i + k).map_or("", |(_, w)| *w);
        let found = iso(w).or_else(|| numeric(w)).or_else(|| {
            // September 4, 2025
            let (m, d, y) = (month(w), day(next(1)), year(next(2)));
            m.zip(d).zip(y).and_then(|((m, d), y)| Date::ymd(y, m, d))
        });
        let found = found.or_else(|| {
            // 4 September 2025, 4. September 2025, 4 de septiembre de 2025
            let d = day(w)?;
            let of = |k: usize| usize::from(matches!(next(k), "de" | "del"));
            let m_at = 1 + of(1);
            let y_at = m_at + 1 + of(m_at + 1);
            Date::ymd(year(next(y_at))?, month(next(m_at))?, d)
        });
        found.map(|d| (at, d))
    })
}

/// The first date the text labels as its publication ("Published Feb 2, 2023", "Posted on
/// April 13, 2023", "Post time: 01-04-2024"), else as its update ("Last updated: ...").
pub fn labelled_date(text: &str) -> Option<Date> {
    const PUBLISHED: &[&str] = &[
        "published",
        "posted",
        "post time",
        "date:",
        "publié",
        "veröffentlicht",
        "publicado",
        "pubblicato",
        "опубликовано",
    ];
    let labelled = |labels: &[&str]| {
        dates(text).find_map(|(at, date)| labelled_before(text, at, 40, labels).then_some(date))
    };
    // A publication date first; an update's when the page gives no other.
    labelled(PUBLISHED).or_else(|| labelled(UPDATE))
}

/// Words that call the date after them an update.
const UPDATE: &[&str] = &[
    "updated",
    "modified",
    "mis à jour",
    "aktualisiert",
    "actualizado",
    "aggiornato",
    "обновлено",
];

/// Whether the words just before byte `at` call the date there an update ("Updated:",
/// "Last modified", "mis à jour"), not the publication.
pub fn labelled_as_update(text: &str, at: usize) -> bool {
    labelled_before(text, at, 30, UPDATE)
}

/// Whether the `width` bytes before byte `at` hold one of the labels (case ignored).
fn labelled_before(text: &str, at: usize, width: usize, labels: &[&str]) -> bool {
    let from = crate::floor_boundary(text, at.saturating_sub(width));
    let before = text[from..at].to_lowercase();
    labels.iter().any(|l| before.contains(l))
}

/// "17.05.2021" (day first, as dotted dates are written), "10/31/2024" and "01-04-2024" (month
/// first, as American pages write them, unless the first number cannot be a month).
fn numeric(word: &str) -> Option<Date> {
    // "Yucy3/4/2025": inline elements written without a space between them.
    let w = word
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
    let sep = w.chars().find(|c| matches!(c, '.' | '/' | '-'))?;
    let parts: Vec<&str> = w.split(sep).collect();
    let [a, b, y] = parts[..] else {
        return None;
    };
    // "2025.12.17", "2025/12/17": year first.
    if a.len() == 4 && b.len() <= 2 && y.len() <= 2 && sep != '-' {
        let (y, m, d) = (a.parse().ok()?, b.parse().ok()?, y.parse().ok()?);
        return Date::ymd(y, m, d).filter(|d| (1990..=2100).contains(&d.year));
    }
    // "04-ago-2021", "17-Dec-2025": a month's name between day and year.
    if let (Some(m), Ok(d), Ok(y)) = (month(b).or_else(|| short_month(b)), a.parse(), y.parse()) {
        return Date::ymd(y, m, d).filter(|d| (1990..=2100).contains(&d.year));
    }
    if a.is_empty() || b.is_empty() || a.len() > 2 || b.len() > 2 || y.len() != 4 {
        return None;
    }
    let (a, b, y): (u32, u32, i32) = (a.parse().ok()?, b.parse().ok()?, y.parse().ok()?);
    if !(1990..=2100).contains(&y) {
        return None;
    }
    let (month, day) = if sep == '.' || a > 12 { (b, a) } else { (a, b) };
    Date::ymd(y, month, day)
}

/// Three-letter month names of other languages that only appear inside compact dates
/// ("04-ago-2021"), where "ago" cannot be English.
fn short_month(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    Some(match w.as_str() {
        "ene" | "gen" => 1,
        "fev" | "fév" => 2,
        "abr" | "avr" => 4,
        "mai" | "mag" => 5,
        "giu" => 6,
        "lug" => 7,
        "ago" | "aoû" => 8,
        "set" => 9,
        "out" | "okt" => 10,
        "dic" | "dez" => 12,
        _ => return None,
    })
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
        for (text, date) in [
            ("Publié le 4 septembre 2025 à 10h", "2025-09-04"),
            ("Veröffentlicht am 4. März 2025", "2025-03-04"),
            ("Madrid, 4 de septiembre de 2025", "2025-09-04"),
            ("Москва, 22 апреля 2021 г.", "2021-04-22"),
            ("aggiornato il 1 dicembre 2024", "2024-12-01"),
            ("Updated: 10/31/2024", "2024-10-31"),
            ("Stand: 17.05.2021", "2021-05-17"),
            ("Post time: 01-04-2024", "2024-01-04"),
            ("le 31/10/2024", "2024-10-31"),
            ("Essay - Published: 2025.12.17 | AI", "2025-12-17"),
            ("FlowGuard EMEA on 04-ago-2021 5:11:10", "2021-08-04"),
            ("Dec 17, 2025Julian K. Arni", "2025-12-17"),
            ("Yucy3/4/2025", "2025-03-04"),
        ] {
            assert_eq!(d(text).as_deref(), Some(date), "{text}");
        }
        let l = |s: &str| labelled_date(s).map(|d| d.to_string());
        for (text, date) in [
            (
                "Copyright 2019. Menu\n\nPublished\n\nFeb 2, 2023\n\nBody text.",
                Some("2023-02-02"),
            ),
            (
                "In March 4, 2020 the war began. Posted on April 13, 2023",
                Some("2023-04-13"),
            ),
            ("The war began on March 4, 2020.", None),
            (
                "Updated: Nov 13, 2025. Published Feb 2, 2023",
                Some("2023-02-02"),
            ),
            ("Last updated: November 13, 2025", Some("2025-11-13")),
        ] {
            assert_eq!(l(text).as_deref(), date, "{text}");
        }
        assert_eq!(d("February 30, 2025"), None);
        assert_eq!(d("2025-12-1–x 2025-09-0éa"), None);
    }
}
