//! Every event validates against `../shared/contract/event.schema.json`, and every span in it
//! points at its surface text in the input.

use crate::*;
use serde_json::Value;

/// Validates `v` against the subset of JSON Schema the contract uses: type, required,
/// properties, $ref, oneOf, enum, pattern (anchored character classes), minimum, maximum,
/// items, minItems, maxItems.
fn validate(schema: &Value, root: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        return validate(&root["$defs"][name], root, v, path, errors);
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let passing = options
            .iter()
            .filter(|o| {
                let mut e = Vec::new();
                validate(o, root, v, path, &mut e);
                e.is_empty()
            })
            .count();
        if passing != 1 {
            errors.push(format!("{path}: matches {passing} of oneOf"));
        }
        return;
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            _ => false,
        });
        if !ok {
            errors.push(format!("{path}: {v} is not {types:?}"));
            return;
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            errors.push(format!("{path}: {v} not in {e:?}"));
        }
    }
    if let (Some(p), Some(s)) = (schema.get("pattern").and_then(Value::as_str), v.as_str()) {
        if !simple_pattern(p, s) {
            errors.push(format!("{path}: {s:?} does not match {p}"));
        }
    }
    if let (Some(min), Some(x)) = (schema.get("minimum").and_then(Value::as_f64), v.as_f64()) {
        if x < min {
            errors.push(format!("{path}: {x} < {min}"));
        }
    }
    if let (Some(max), Some(x)) = (schema.get("maximum").and_then(Value::as_f64), v.as_f64()) {
        if x > max {
            errors.push(format!("{path}: {x} > {max}"));
        }
    }
    if let Some(obj) = v.as_object() {
        for r in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = r.as_str().unwrap();
            if !obj.contains_key(key) {
                errors.push(format!("{path}: missing {key}"));
            }
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (k, sub) in props {
                if let Some(x) = obj.get(k) {
                    validate(sub, root, x, &format!("{path}.{k}"), errors);
                }
            }
        }
    }
    if let Some(arr) = v.as_array() {
        if let Some(n) = schema.get("minItems").and_then(Value::as_u64) {
            if (arr.len() as u64) < n {
                errors.push(format!("{path}: fewer than {n} items"));
            }
        }
        if let Some(n) = schema.get("maxItems").and_then(Value::as_u64) {
            if (arr.len() as u64) > n {
                errors.push(format!("{path}: more than {n} items"));
            }
        }
        if let Some(items) = schema.get("items") {
            for (i, x) in arr.iter().enumerate() {
                validate(items, root, x, &format!("{path}[{i}]"), errors);
            }
        }
    }
}

/// The contract's patterns: `^[A-Z]{3}$`, `^[0-9]{2,4}$`, `^[0-9]{2}$`.
fn simple_pattern(p: &str, s: &str) -> bool {
    let inner = p.trim_start_matches('^').trim_end_matches('$');
    let (class, count) = inner.split_once(']').expect("a character class");
    let class = class.trim_start_matches('[');
    let (lo, hi) = class
        .split_once('-')
        .map(|(a, b)| (a.chars().next().unwrap(), b.chars().next().unwrap()))
        .unwrap();
    let count = count.trim_matches(|c| c == '{' || c == '}');
    let (min, max) = match count.split_once(',') {
        Some((a, b)) => (a.parse().unwrap(), b.parse().unwrap()),
        None => (count.parse().unwrap(), count.parse().unwrap()),
    };
    let n = s.chars().count();
    (min..=max).contains(&n) && s.chars().all(|c| (lo..=hi).contains(&c))
}

fn check_span(input: &str, v: &Value, text: &str, what: &str) {
    let span = v.as_array().unwrap();
    let (a, b) = (
        span[0].as_u64().unwrap() as usize,
        span[1].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &input[a..b],
        text,
        "{what} span {a}..{b} does not point at its text"
    );
}

#[test]
fn seed_events_validate_against_the_schema_and_spans_point_at_their_text() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(shared().join("contract/event.schema.json")).unwrap(),
    )
    .unwrap();
    for name in [SEED_000, SEED_003] {
        let path = seed(name);
        let input = std::fs::read_to_string(&path).unwrap();
        let out = attache(&["code", path.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        let events = json_lines(&out);
        assert!(events.len() >= 5, "{name}: only {} events", events.len());
        for e in &events {
            let mut errors = Vec::new();
            validate(&schema, &schema, e, "event", &mut errors);
            assert!(errors.is_empty(), "{name}: {errors:?} in {e}");
            for side in ["source", "target"] {
                if let Some(a) = e[side].as_object() {
                    check_span(&input, &a["span"], a["text"].as_str().unwrap(), side);
                }
            }
            check_span(
                &input,
                &e["trigger"]["span"],
                e["trigger"]["text"].as_str().unwrap(),
                "trigger",
            );
            if let Some(q) = e["quote"].as_object() {
                check_span(&input, &q["span"], q["text"].as_str().unwrap(), "quote");
            }
            assert!(input.contains(e["sentence_text"].as_str().unwrap()));
        }
    }
}

#[test]
fn html_spans_point_at_the_text_clean_prints() {
    let dir = scratch("html-spans");
    let page = dir.join("page.html");
    std::fs::write(
        &page,
        "<html><head><title>Sanctions</title></head><body><nav>Home | World</nav><article><h1>Sanctions</h1>\
         <p>The United States imposed sanctions on Russia on Friday, the State Department said.</p>\
         <p>Moscow condemned the sanctions.</p></article></body></html>",
    )
    .unwrap();
    let cleaned = stdout(&attache(&["clean", page.to_str().unwrap()]));
    let cleaned = cleaned.strip_suffix('\n').unwrap();
    let events = json_lines(&attache(&["code", page.to_str().unwrap()]));
    assert!(
        events.iter().any(|e| e["cameo"] == "163"
            && e["source"]["country"] == "USA"
            && e["target"]["country"] == "RUS"),
        "{events:?}"
    );
    for e in &events {
        check_span(
            cleaned,
            &e["trigger"]["span"],
            e["trigger"]["text"].as_str().unwrap(),
            "trigger",
        );
        if let Some(a) = e["source"].as_object() {
            check_span(cleaned, &a["span"], a["text"].as_str().unwrap(), "source");
        }
    }
}
