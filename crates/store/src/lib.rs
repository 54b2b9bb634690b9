//! The embedded event store: documents and their coded events in one SQLite file.
//!
//! Ingesting is idempotent: a document is keyed by its id and a stable hash of its text and of
//! the coder that coded it, so the same files ingested twice change nothing, an edited document
//! or a new dictionary replaces that document's events, and nothing else is touched.
//! This is the only crate that knows SQL.

use model::{Date, EventRecord};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot use {path} as a database")]
    Open {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("database query failed")]
    Sql(#[from] rusqlite::Error),
    #[error("`{0}` is not a period; use day, week or month")]
    Period(String),
}

/// What ingesting one document did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Added,
    Unchanged,
    Replaced,
}

/// A document's metadata as the store keeps it.
#[derive(Clone, Debug, Default)]
pub struct DocRow<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub title: Option<&'a str>,
    pub date: Option<Date>,
    pub url: Option<&'a str>,
    pub outlet: Option<&'a str>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    coder TEXT NOT NULL,
    title TEXT, date TEXT, url TEXT, outlet TEXT,
    n_events INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    sentence_text TEXT NOT NULL,
    source_text TEXT, source_code TEXT, source_country TEXT, source_sector TEXT, source_name TEXT,
    target_text TEXT, target_code TEXT, target_country TEXT, target_sector TEXT, target_name TEXT,
    cameo TEXT NOT NULL, cameo_root TEXT NOT NULL, quad_class INTEGER NOT NULL,
    goldstein REAL NOT NULL, plover TEXT,
    date TEXT, date_basis TEXT NOT NULL, negated INTEGER NOT NULL, modality TEXT NOT NULL,
    quote_text TEXT, quote_speaker TEXT,
    trigger_text TEXT NOT NULL, trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL,
    rule TEXT NOT NULL, confidence REAL NOT NULL,
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX IF NOT EXISTS events_dyad ON events(source_country, target_country, date);
";

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike the std hasher.
pub fn stable_hash(parts: &[&[u8]]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The content hash and coder fingerprint a document was stored with, if it was.
fn stored(conn: &Connection, id: &str) -> Result<Option<(String, String)>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT content_hash, coder FROM documents WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

pub struct Store {
    conn: Connection,
}

impl Store {
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        // A file that is not an SQLite database only shows at the first statement, so every
        // step of opening names the path.
        let named = |source| StoreError::Open {
            path: path.display().to_string(),
            source,
        };
        let conn = Connection::open(path).map_err(named)?;
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        )
        .map_err(named)?;
        conn.execute_batch(SCHEMA).map_err(named)?;
        Ok(Store { conn })
    }

    pub fn in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch("PRAGMA foreign_keys=ON;")?;
        conn.execute_batch(SCHEMA)?;
        Ok(Store { conn })
    }

    /// Whether a document with this id, text and coder is already stored, so the caller can
    /// skip coding it at all.
    pub fn is_current(&self, id: &str, text: &str, coder: &str) -> Result<bool, StoreError> {
        let hash = stable_hash(&[text.as_bytes()]);
        let row = stored(&self.conn, id)?;
        Ok(row.is_some_and(|(h, c)| h == hash && c == coder))
    }

    /// Writes one document and its events in one transaction.
    pub fn put(
        &mut self,
        doc: &DocRow<'_>,
        coder: &str,
        events: &[EventRecord],
    ) -> Result<Outcome, StoreError> {
        let hash = stable_hash(&[doc.text.as_bytes()]);
        let tx = self.conn.transaction()?;
        let existing = stored(&tx, doc.id)?;
        let outcome = match &existing {
            Some((h, c)) if *h == hash && c == coder => return Ok(Outcome::Unchanged),
            Some(_) => Outcome::Replaced,
            None => Outcome::Added,
        };
        tx.execute("DELETE FROM events WHERE doc_id = ?1", [doc.id])?;
        tx.execute(
            "INSERT OR REPLACE INTO documents (id, content_hash, coder, title, date, url, outlet, n_events) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![doc.id, hash, coder, doc.title, doc.date.map(|d| d.to_string()), doc.url, doc.outlet, events.len() as i64],
        )?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO events VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)",
            )?;
            for (seq, e) in events.iter().enumerate() {
                let s = e.source.as_ref();
                let t = e.target.as_ref();
                insert.execute(params![
                    doc.id,
                    seq as i64,
                    e.sentence as i64,
                    e.sentence_text,
                    s.map(|a| &a.text),
                    s.and_then(|a| a.code.as_ref()),
                    s.and_then(|a| a.country.as_ref()),
                    s.and_then(|a| a.sector.as_ref()),
                    s.and_then(|a| a.name.as_ref()),
                    t.map(|a| &a.text),
                    t.and_then(|a| a.code.as_ref()),
                    t.and_then(|a| a.country.as_ref()),
                    t.and_then(|a| a.sector.as_ref()),
                    t.and_then(|a| a.name.as_ref()),
                    e.cameo,
                    e.cameo_root,
                    e.quad_class,
                    f64::from(e.goldstein),
                    e.plover,
                    e.date,
                    e.date_basis,
                    e.negated,
                    e.modality,
                    e.quote.as_ref().map(|q| &q.text),
                    e.quote
                        .as_ref()
                        .and_then(|q| q.speaker.as_ref())
                        .and_then(|a| a.code.as_ref()),
                    e.trigger_text,
                    e.trigger_span.start as i64,
                    e.trigger_span.end as i64,
                    e.rule,
                    f64::from(e.confidence),
                ])?;
            }
        }
        tx.commit()?;
        Ok(outcome)
    }

    pub fn counts(&self) -> Result<(u64, u64), StoreError> {
        let docs: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM documents", [], |r| r.get(0))?;
        let events: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))?;
        Ok((docs as u64, events as u64))
    }

    /// The timeline of a directed dyad. An actor given as three letters matches the country;
    /// a longer code ("RUSGOV") matches actor codes that start with it.
    pub fn timeline(
        &self,
        source: &str,
        target: &str,
        by: Period,
    ) -> Result<Vec<PeriodRow>, StoreError> {
        let clause = |side: &str, value: &str| {
            if value.len() == 3 {
                format!("{side}_country = '{}'", sql_literal(value))
            } else {
                format!("{side}_code LIKE '{}%'", sql_literal(value))
            }
        };
        let sql = format!(
            "SELECT date, quad_class, goldstein FROM events WHERE {} AND {} AND NOT negated",
            clause("source", source),
            clause("target", target)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, u8>(1)?,
                r.get::<_, f64>(2)?,
            ))
        })?;
        let mut periods: std::collections::BTreeMap<String, PeriodRow> = Default::default();
        for row in rows {
            let (date, quad, goldstein) = row?;
            let date = date.as_deref().and_then(Date::parse_iso);
            let key = date.map_or_else(|| "undated".to_string(), |d| by.key(d));
            let p = periods.entry(key.clone()).or_insert_with(|| PeriodRow {
                period: key,
                start: date.map(|d| by.start(d)),
                ..PeriodRow::default()
            });
            p.events += 1;
            if (1..=4).contains(&quad) {
                p.quad[usize::from(quad) - 1] += 1;
            }
            p.goldstein_sum += goldstein;
        }
        Ok(periods.into_values().collect())
    }
}

/// Escapes a value for a SQL string literal (codes are letters, but be safe).
fn sql_literal(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Day,
    Week,
    Month,
}

impl std::str::FromStr for Period {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Period, StoreError> {
        match s {
            "day" => Ok(Period::Day),
            "week" => Ok(Period::Week),
            "month" => Ok(Period::Month),
            _ => Err(StoreError::Period(s.to_string())),
        }
    }
}

impl Period {
    /// The first day of the period a date falls in.
    pub fn start(self, d: Date) -> Date {
        match (self, d.precision) {
            (_, model::DatePrecision::Year) => Date::ymd(d.year, 1, 1).unwrap_or(d),
            (Period::Month, _) | (_, model::DatePrecision::Month) => {
                Date::ymd(d.year, d.month, 1).unwrap_or(d)
            }
            (Period::Day, _) => d,
            (Period::Week, _) => d.week_start(),
        }
    }

    /// The label of the period a date falls in: the day, the Monday of its week, or the month.
    pub fn key(self, d: Date) -> String {
        match (self, d.precision) {
            (_, model::DatePrecision::Year) => format!("{:04}", d.year),
            (Period::Month, _) | (_, model::DatePrecision::Month) => {
                format!("{:04}-{:02}", d.year, d.month)
            }
            (Period::Day, _) => d.to_string(),
            (Period::Week, _) => format!("week of {}", d.week_start()),
        }
    }
}

/// One period of a dyad timeline.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PeriodRow {
    pub period: String,
    /// The first day of the period (None for undated events).
    pub start: Option<Date>,
    pub events: u64,
    /// Events per quad class 1..4.
    pub quad: [u64; 4],
    pub goldstein_sum: f64,
}

impl PeriodRow {
    pub fn goldstein_mean(&self) -> f64 {
        if self.events == 0 {
            0.0
        } else {
            self.goldstein_sum / self.events as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{ActorRecord, Span};

    fn actor(country: &str) -> ActorRecord {
        ActorRecord {
            text: country.into(),
            span: Span::new(0, 3),
            code: Some(format!("{country}GOV")),
            country: Some(country.into()),
            sector: Some("GOV".into()),
            name: None,
            role: None,
            coreferent: false,
        }
    }

    fn event(date: &str, cameo: &str, quad: u8, goldstein: f32) -> EventRecord {
        EventRecord {
            doc_id: "d".into(),
            sentence: 0,
            sentence_text: "s".into(),
            source: Some(actor("USA")),
            target: Some(actor("RUS")),
            cameo: cameo.into(),
            cameo_root: cameo[..2].into(),
            quad_class: quad,
            goldstein,
            plover: None,
            plover_mode: None,
            date: Some(date.into()),
            date_basis: "published",
            negated: false,
            modality: "asserted",
            quote: None,
            trigger_text: "t".into(),
            trigger_span: Span::new(0, 1),
            rule: "r".into(),
            confidence: 0.5,
        }
    }

    #[test]
    fn ingest_is_idempotent_and_replaces_changed_documents() {
        let mut store = Store::in_memory().unwrap();
        let doc = DocRow {
            id: "a",
            text: "Washington imposed sanctions on Moscow.",
            ..DocRow::default()
        };
        let events = vec![
            event("2021-03-18", "163", 4, -8.0),
            event("2021-03-24", "111", 3, -2.0),
        ];
        assert_eq!(store.put(&doc, "v1", &events).unwrap(), Outcome::Added);
        assert_eq!(store.put(&doc, "v1", &events).unwrap(), Outcome::Unchanged);
        assert_eq!(store.counts().unwrap(), (1, 2));
        assert!(store.is_current("a", doc.text, "v1").unwrap());
        assert!(!store.is_current("a", doc.text, "v2").unwrap());
        let edited = DocRow {
            text: "Washington imposed new sanctions.",
            ..doc.clone()
        };
        assert_eq!(
            store.put(&edited, "v1", &events[..1]).unwrap(),
            Outcome::Replaced
        );
        assert_eq!(store.counts().unwrap(), (1, 1));
    }

    #[test]
    fn timeline_groups_a_directed_dyad_by_period() {
        let mut store = Store::in_memory().unwrap();
        let events = vec![
            event("2021-03-18", "163", 4, -8.0),
            event("2021-03-19", "111", 3, -2.0),
            event("2021-04-02", "043", 1, 2.8),
        ];
        store
            .put(
                &DocRow {
                    id: "a",
                    text: "x",
                    ..DocRow::default()
                },
                "v1",
                &events,
            )
            .unwrap();
        let weeks = store.timeline("USA", "RUS", Period::Week).unwrap();
        assert_eq!(weeks.len(), 2);
        assert_eq!(weeks[0].period, "week of 2021-03-15");
        assert_eq!(weeks[0].events, 2);
        assert_eq!(weeks[0].quad, [0, 0, 1, 1]);
        assert!((weeks[0].goldstein_mean() + 5.0).abs() < 1e-6);
        assert!(store
            .timeline("RUS", "USA", Period::Week)
            .unwrap()
            .is_empty());
        assert_eq!(
            store
                .timeline("USAGOV", "RUS", Period::Month)
                .unwrap()
                .len(),
            2
        );
    }
}
