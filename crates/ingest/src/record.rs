//! One JSON Lines record: the contract's fields, plus the aliases common scrapers write.

use model::{Date, Doc};
use serde_json::Value;

/// Why a JSONL line is not a usable document.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RecordError {
    #[error("malformed JSON: {0}")]
    Json(String),
    #[error("a record must be a JSON object")]
    NotObject,
    #[error("no `id` field")]
    NoId,
    #[error("neither `text` nor `html` holds a non-empty string")]
    NoText,
    #[error("field `{0}` must be a string")]
    NotString(&'static str),
}

// The contract's names come first; the rest are what scrapers and public corpora write.
const ID: &[&str] = &["id", "ID", "_id", "doc_id"];
const TEXT: &[&str] = &["text", "content", "content_original", "body"];
const HTML: &[&str] = &["html", "raw_html"];
const DATE: &[&str] = &["date", "published", "datePublished", "publish_date"];
const URL: &[&str] = &["url"];
const TITLE: &[&str] = &["title", "headline"];
const OUTLET: &[&str] = &["outlet", "source", "site", "site_name"];
const AUTHOR: &[&str] = &["author", "authors", "byline"];

fn field<'a>(obj: &'a serde_json::Map<String, Value>, names: &[&str]) -> Option<&'a Value> {
    names
        .iter()
        .find_map(|n| obj.get(*n))
        .filter(|v| !v.is_null())
}

fn string_field(
    obj: &serde_json::Map<String, Value>,
    names: &[&'static str],
) -> Result<Option<String>, RecordError> {
    match field(obj, names) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(RecordError::NotString(names[0])),
    }
}

/// Parses one JSONL line into a document. `line_no` (from 1) names records that lack an id.
/// Returns the id it could recover alongside any error, so the error can name the record.
pub fn parse_jsonl_line(line: &str) -> Result<(Doc, Vec<String>), (Option<String>, RecordError)> {
    let value: Value =
        serde_json::from_str(line).map_err(|e| (None, RecordError::Json(e.to_string())))?;
    let Value::Object(obj) = value else {
        return Err((None, RecordError::NotObject));
    };
    let id = match field(&obj, ID) {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err((None, RecordError::NoId)),
    };
    let fail = |e| (Some(id.clone()), e);
    let text = string_field(&obj, TEXT).map_err(fail)?;
    let html = string_field(&obj, HTML).map_err(fail)?;
    let mut doc = match (text, html) {
        (Some(t), _) if !t.trim().is_empty() => Doc::from_text(id.clone(), t),
        (_, Some(h)) if !h.trim().is_empty() => Doc::from_html(id.clone(), h),
        _ => return Err(fail(RecordError::NoText)),
    };
    let mut notes = Vec::new();
    if let Some(d) = string_field(&obj, DATE).map_err(fail)? {
        match Date::parse_iso(&d) {
            Some(date) => doc.meta.date = Some(date),
            None => notes.push(format!("date {d:?} is not ISO 8601; ignored")),
        }
    }
    doc.meta.url = string_field(&obj, URL).map_err(fail)?;
    doc.meta.title = string_field(&obj, TITLE).map_err(fail)?;
    doc.meta.outlet = string_field(&obj, OUTLET).map_err(fail)?;
    doc.meta.author = match field(&obj, AUTHOR) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Array(a)) => Some(
            a.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        _ => None,
    };
    Ok((doc, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_contract_fields() {
        let (doc, notes) = parse_jsonl_line(
            r#"{"id":"a1","text":"Russia recalled its envoy.","date":"2021-03-18","outlet":"TASS"}"#,
        )
        .unwrap();
        assert_eq!(doc.id, "a1");
        assert_eq!(doc.text, "Russia recalled its envoy.");
        assert_eq!(doc.meta.date.unwrap().to_string(), "2021-03-18");
        assert_eq!(doc.meta.outlet.as_deref(), Some("TASS"));
        assert!(notes.is_empty());
    }

    #[test]
    fn reads_scraper_aliases_and_html() {
        let (doc, _) =
            parse_jsonl_line(r#"{"ID":7,"html":"<p>Hi</p>","authors":["A","B"]}"#).unwrap();
        assert_eq!(doc.id, "7");
        assert_eq!(doc.html.as_deref(), Some("<p>Hi</p>"));
        assert_eq!(doc.meta.author.as_deref(), Some("A, B"));
    }

    #[test]
    fn names_what_is_wrong() {
        assert!(matches!(
            parse_jsonl_line("{\"id\": 1,"),
            Err((None, RecordError::Json(_)))
        ));
        assert_eq!(
            parse_jsonl_line("[1]").unwrap_err().1,
            RecordError::NotObject
        );
        assert_eq!(
            parse_jsonl_line(r#"{"text":"x"}"#).unwrap_err().1,
            RecordError::NoId
        );
        assert_eq!(
            parse_jsonl_line(r#"{"id":"x","text":"  "}"#).unwrap_err(),
            (Some("x".into()), RecordError::NoText)
        );
        assert_eq!(
            parse_jsonl_line(r#"{"id":"x","text":5}"#).unwrap_err().1,
            RecordError::NotString("text")
        );
        let (_, notes) = parse_jsonl_line(r#"{"id":"x","text":"a","date":"soon"}"#).unwrap();
        assert_eq!(notes.len(), 1);
    }
}
