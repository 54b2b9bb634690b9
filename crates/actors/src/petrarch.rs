//! Reads PETRARCH actor and agent dictionaries into a [`Gazetteer`], so the coder can be scored
//! on the PETRARCH and TABARI validation records, whose actors are fictional.
//!
//! Three-letter undated codes become countries (so agents compose with them: "Arnor cleric" is
//! ARN + REL), longer codes organisations, and dated codes people with dated roles. PETRARCH
//! matches case-insensitively, so every phrase is added in lower case.

use crate::gazetteer::{Gazetteer, Lex, Person, PersonRole};
use model::Date;

/// A PETRARCH date: YYMMDD (00-30 is 20YY) or YYYYMMDD.
pub fn petrarch_date(s: &str) -> Option<Date> {
    let s = s.trim();
    match s.len() {
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            let year = if yy <= 30 { 2000 + yy } else { 1900 + yy };
            Date::ymd(year, s[2..4].parse().ok()?, s[4..6].parse().ok()?)
        }
        8 => Date::ymd(
            s[..4].parse().ok()?,
            s[4..6].parse().ok()?,
            s[6..8].parse().ok()?,
        ),
        _ => None,
    }
}

/// One `[CODE ...]` line: the code and its validity.
fn code_line(inner: &str) -> Option<PersonRole> {
    let inner = inner.trim();
    let (code, rest) = match inner.find(char::is_whitespace) {
        Some(i) => (&inner[..i], inner[i..].trim()),
        None => (inner, ""),
    };
    let code = code.to_uppercase();
    let rest: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    let (from, until) = if rest.is_empty() {
        (None, None)
    } else if let Some(d) = rest.strip_prefix('<') {
        (None, Some(petrarch_date(d)?))
    } else if let Some(d) = rest.strip_prefix('>') {
        (Some(petrarch_date(d)?), None)
    } else {
        let (a, b) = rest.split_once('-')?;
        // PETRARCH's ranges include their last day; attache's end is the first day after.
        (Some(petrarch_date(a)?), Some(petrarch_date(b)?.add_days(1)))
    };
    Some(PersonRole {
        code,
        from,
        until,
        role: String::new(),
        posted_to: None,
    })
}

fn phrase(raw: &str) -> String {
    raw.trim()
        .trim_start_matches('+')
        .trim_end_matches('_')
        .replace('_', " ")
        .to_lowercase()
}

struct ActorEntry {
    names: Vec<String>,
    codes: Vec<PersonRole>,
}

fn strip_markup(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_comment = false;
    for raw in text.lines() {
        if in_comment {
            if raw.contains("-->") {
                in_comment = false;
            }
            continue;
        }
        if raw.trim_start().starts_with("<!") {
            in_comment = !raw.contains("-->");
            continue;
        }
        let line = raw.split('#').next().unwrap_or("");
        lines.push(line.to_string());
    }
    lines
}

/// Adds a PETRARCH actor dictionary and agent dictionary to a gazetteer.
pub fn import(g: &mut Gazetteer, actors: &str, agents: &str) {
    let mut entries: Vec<ActorEntry> = Vec::new();
    for line in strip_markup(actors) {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if t.starts_with('[') {
            if let (Some(e), Some(code)) = (
                entries.last_mut(),
                code_line(t.trim_matches(|c| c == '[' || c == ']')),
            ) {
                e.codes.push(code);
            }
        } else if t.starts_with('+') {
            if let Some(e) = entries.last_mut() {
                e.names.push(phrase(t));
            }
        } else {
            let (name, code) = match t.find('[') {
                Some(i) => (&t[..i], t[i + 1..].split(']').next()),
                None => (t, None),
            };
            let mut entry = ActorEntry {
                names: vec![phrase(name)],
                codes: Vec::new(),
            };
            if let Some(c) = code.and_then(code_line) {
                entry.codes.push(c);
            }
            entries.push(entry);
        }
    }
    for e in entries {
        let codes: Vec<PersonRole> = e
            .codes
            .into_iter()
            .filter(|c| c.code != "---" && c.code != "+++")
            .collect();
        if codes.is_empty() {
            continue;
        }
        let dated = codes.iter().any(|c| c.from.is_some() || c.until.is_some());
        let code = codes[0].code.split('/').next().unwrap_or("").to_string();
        let lex = if dated {
            // Dated lines first (the first that holds wins), the undated code as the fallback.
            let mut roles: Vec<PersonRole> = codes
                .iter()
                .filter(|c| c.from.is_some() || c.until.is_some())
                .cloned()
                .collect();
            roles.extend(
                codes
                    .iter()
                    .filter(|c| c.from.is_none() && c.until.is_none())
                    .cloned(),
            );
            let undated_first = codes
                .iter()
                .find(|c| c.from.is_none() && c.until.is_none())
                .cloned();
            if let Some(u) = undated_first {
                roles.insert(0, u);
            }
            g.people.push(Person {
                name: e.names[0].clone(),
                roles,
            });
            Lex::Person(g.people.len() - 1)
        } else if code.len() == 3 && code.chars().all(|c| c.is_ascii_alphabetic()) {
            Lex::CountryName(g.add_country(&code, &e.names[0]))
        } else {
            Lex::Organisation {
                code: code.clone(),
                name: e.names[0].clone(),
                country: None,
            }
        };
        for n in &e.names {
            if !n.is_empty() {
                g.add(n, lex.clone());
            }
        }
    }
    import_agents(g, agents);
}

fn import_agents(g: &mut Gazetteer, agents: &str) {
    let mut markers: Vec<(String, Vec<String>)> = Vec::new();
    for line in strip_markup(agents) {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if t.starts_with('!') {
            if let Some((name, words)) = t.split_once('=') {
                markers.push((
                    name.trim().to_string(),
                    words.split(',').map(|w| w.trim().to_lowercase()).collect(),
                ));
                continue;
            }
        }
        let Some(open) = t.rfind('[') else { continue };
        let code = t[open + 1..].trim_end_matches(']').trim().replace(' ', "");
        // Agents that prefix the actor code ("NGO~") are rare; they are left out.
        let Some(sector) = code.strip_prefix('~') else {
            continue;
        };
        let head = t[..open].trim();
        let (stem, plural) = match head.find('{') {
            Some(i) => (
                head[..i].trim(),
                Some(head[i + 1..].trim_end_matches('}').trim()),
            ),
            None => (head, None),
        };
        let mut forms: Vec<String> = Vec::new();
        if let Some((marker, words)) = markers.iter().find(|(m, _)| stem.contains(m.as_str())) {
            for w in words {
                forms.push(phrase(&stem.replace(marker.as_str(), w)));
            }
        } else {
            let base = phrase(stem);
            match plural {
                Some("") => {}
                Some(p) => forms.push(phrase(p)),
                None if base.ends_with('y') => {
                    forms.push(format!("{}ies", &base[..base.len() - 1]))
                }
                None if base.ends_with('s') => forms.push(format!("{base}es")),
                None => forms.push(format!("{base}s")),
            }
            forms.push(base);
        }
        for f in forms {
            g.add(
                &f,
                Lex::Role {
                    sector: sector.to_string(),
                    label: f.clone(),
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_countries_organisations_dated_actors_and_agents() {
        let actors = "<!-- header -->\nARNOR_  [ARN]\n+ARNORIAN\nHAMAS [PSEREBHMS]\nZIMBABWE [ZBW]\n\t[RHO <790606]\nBOROMIR  [---]\n";
        let agents = "!PERSON! = MAN, WOMAN\nCLERIC [~REL]\nPOLICE {} [~COP]\nCONGRESS!PERSON! [~LEG]\nMSF {} [NGO~]\n";
        let mut g = Gazetteer::default();
        import(&mut g, actors, agents);
        let find = |w: &[&str]| g.longest_match(w, w).map(|(n, l)| (n, l.clone()));
        assert!(matches!(
            find(&["arnorian"]),
            Some((1, Lex::CountryName(_)))
        ));
        assert!(matches!(
            find(&["hamas"]),
            Some((1, Lex::Organisation { .. }))
        ));
        assert!(matches!(find(&["clerics"]), Some((1, Lex::Role { .. }))));
        assert!(find(&["polices"]).is_none());
        assert!(matches!(
            find(&["congresswoman"]),
            Some((1, Lex::Role { .. }))
        ));
        assert!(find(&["boromir"]).is_none());
        let Some((_, Lex::Person(z))) = find(&["zimbabwe"]) else {
            panic!("dated actor")
        };
        assert_eq!(g.role_on(z, Date::ymd(1978, 1, 1)).code, "RHO");
        assert_eq!(g.role_on(z, Date::ymd(2001, 1, 1)).code, "ZBW");
    }
}
