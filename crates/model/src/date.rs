//! Calendar dates with a precision, enough for publication and event dates.
//!
//! Kept here rather than taken from a date crate so the core stays dependency-free; the
//! arithmetic needed (days between dates, weekdays, week starts) is small and tested below.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DatePrecision {
    Year,
    Month,
    Day,
}

/// A Gregorian date; `month` and `day` are 1-based and meaningful down to `precision`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub precision: DatePrecision,
}

impl Date {
    pub fn ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            year,
            month,
            day,
            precision: DatePrecision::Day,
        })
    }

    /// Parses the starts of ISO 8601 forms: `2024-03-23`, `2024-03-23T10:00:00Z`, `20240323`,
    /// `2024-03`, `2024`. Anything after the date part is ignored.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let s = s.trim();
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let year = digits(0..4)? as i32;
        if b.len() >= 8 && b[4].is_ascii_digit() {
            return Date::ymd(year, digits(4..6)?, digits(6..8)?);
        }
        if b.len() == 4 {
            return Some(Date {
                year,
                month: 1,
                day: 1,
                precision: DatePrecision::Year,
            });
        }
        if b.get(4) != Some(&b'-') {
            return None;
        }
        let month = digits(5..7)?;
        if b.len() == 7 {
            return Date::ymd(year, month, 1).map(|d| Date {
                precision: DatePrecision::Month,
                ..d
            });
        }
        if b.get(7) != Some(&b'-') {
            return None;
        }
        let day = digits(8..10)?;
        if b.len() > 10 && !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        Date::ymd(year, month, day)
    }

    /// Days since 1970-01-01 (negative before), for day arithmetic.
    pub fn days_from_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil algorithm.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    pub fn from_days(days: i64) -> Date {
        let z = days + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date {
            year,
            month,
            day,
            precision: DatePrecision::Day,
        }
    }

    /// 0 = Monday ... 6 = Sunday.
    pub fn weekday(&self) -> u32 {
        (self.days_from_epoch() + 3).rem_euclid(7) as u32
    }

    pub fn add_days(&self, n: i64) -> Date {
        Date::from_days(self.days_from_epoch() + n)
    }

    /// The Monday of the ISO week this date falls in.
    pub fn week_start(&self) -> Date {
        self.add_days(-i64::from(self.weekday()))
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision {
            DatePrecision::Year => write!(f, "{:04}", self.year),
            DatePrecision::Month => write!(f, "{:04}-{:02}", self.year, self.month),
            DatePrecision::Day => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_forms_and_rejects_nonsense() {
        assert_eq!(
            Date::parse_iso("2024-03-23").unwrap().to_string(),
            "2024-03-23"
        );
        assert_eq!(
            Date::parse_iso("2024-03-23T10:11:12Z").unwrap().to_string(),
            "2024-03-23"
        );
        assert_eq!(
            Date::parse_iso("20210421").unwrap().to_string(),
            "2021-04-21"
        );
        assert_eq!(Date::parse_iso("2021-04").unwrap().to_string(), "2021-04");
        assert_eq!(Date::parse_iso("2021").unwrap().to_string(), "2021");
        assert!(Date::parse_iso("2021-02-30").is_none());
        assert!(Date::parse_iso("yesterday").is_none());
        assert!(Date::parse_iso("2021-13-01").is_none());
    }

    #[test]
    fn day_arithmetic_round_trips_and_knows_weekdays() {
        let d = Date::ymd(2024, 3, 22).unwrap(); // the Crocus City Hall attack, a Friday
        assert_eq!(d.weekday(), 4);
        assert_eq!(Date::from_days(d.days_from_epoch()), d);
        assert_eq!(d.add_days(10).to_string(), "2024-04-01");
        assert_eq!(d.week_start().to_string(), "2024-03-18");
        assert_eq!(
            Date::ymd(2000, 2, 29).unwrap().add_days(366).to_string(),
            "2001-03-01"
        );
    }
}
