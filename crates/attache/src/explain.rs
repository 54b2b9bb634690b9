//! `attache explain`: everything the coder saw and decided, written for the person who edits
//! the dictionaries: tokens, tags and the parse tree, the actors and how each was resolved,
//! every candidate trigger with the patterns tried, and the events.

use model::{Doc, MentionKind};
use std::fmt::Write as _;

/// The report on one document (every sentence, or only `only`, counted from 1).
pub fn report(doc: &Doc, coder: &coder::Coder, only: Option<usize>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "document {} ({} sentences{})",
        doc.id,
        doc.sentences.len(),
        doc.meta
            .date
            .map_or(String::new(), |d| format!(", dated {d}"))
    );
    for s in 0..doc.sentences.len() {
        if only.is_some_and(|k| k != s + 1) {
            continue;
        }
        sentence(doc, coder, s, &mut out);
    }
    if only.is_some_and(|k| k == 0 || k > doc.sentences.len()) {
        let _ = writeln!(
            out,
            "\nthere is no sentence {} in this document",
            only.unwrap_or(0)
        );
    }
    out
}

fn how(kind: MentionKind) -> &'static str {
    match kind {
        MentionKind::Person => "a person's name",
        MentionKind::Country => "a country",
        MentionKind::Metonym => "a capital or seat of power for its government",
        MentionKind::Organisation => "an organisation",
        MentionKind::Role => "a role or title",
        MentionKind::Pronoun => "a pronoun",
    }
}

fn sentence(doc: &Doc, coder: &coder::Coder, s: usize, out: &mut String) {
    let sent = &doc.sentences[s];
    let tokens = doc.sentence_tokens(s);
    let _ = writeln!(out, "\n== sentence {} ==\n{}", s + 1, doc.slice(sent.span));
    let parse = doc.parse_of(s);
    let _ = writeln!(out, "\ntokens (position, word, tag, head, relation):");
    for (k, t) in tokens.iter().enumerate() {
        match parse {
            Some(p) => {
                let head = p
                    .head(k)
                    .map_or("root".to_string(), |h| (h + 1).to_string());
                let _ = writeln!(
                    out,
                    "  {:>3}  {:<18} {:<5} {:>4}  {}",
                    k + 1,
                    doc.slice(t.span),
                    p.tags[k].as_str(),
                    head,
                    p.rels[k].as_str()
                );
            }
            None => {
                let _ = writeln!(out, "  {:>3}  {}", k + 1, doc.slice(t.span));
            }
        }
    }
    match parse {
        Some(p) => {
            let _ = writeln!(out, "\ntree:");
            let roots: Vec<usize> = (0..p.len()).filter(|&k| p.head(k).is_none()).collect();
            for r in roots {
                tree(doc, p, tokens, r, 1, out);
            }
        }
        None => {
            let _ = writeln!(
                out,
                "\n(not parsed: the parser reads only sentences with an actor and a word that can trigger a pattern)"
            );
        }
    }
    let _ = writeln!(out, "\nactors:");
    let mut any = false;
    for m in doc.mentions.iter().filter(|m| m.sentence == s) {
        any = true;
        let a = &m.actor;
        let mut line = format!("  \"{}\": {}", doc.slice(m.span), how(m.kind));
        if a.code.is_empty() {
            line.push_str(", not resolved (no actor code; the coder ignores it)");
        } else {
            let _ = write!(line, " -> {}", a.code);
        }
        for (label, value) in [
            ("country", &a.country),
            ("sector", &a.sector),
            ("name", &a.name),
            ("role", &a.role),
            ("posted to", &a.posted_to),
        ] {
            if let Some(v) = value {
                let _ = write!(line, ", {label} {v}");
            }
        }
        if let Some(ante) = m.antecedent {
            let _ = write!(
                line,
                ", refers back to \"{}\" (sentence {})",
                doc.slice(doc.mentions[ante].span),
                doc.mentions[ante].sentence + 1
            );
        }
        if m.adjectival {
            line.push_str(", an adjective on the next noun");
        }
        let _ = writeln!(out, "{line}");
    }
    if !any {
        let _ = writeln!(out, "  none");
    }
    let _ = writeln!(out, "\ncoder:");
    for line in coder.explain(doc, s) {
        let _ = writeln!(out, "  {line}");
    }
    let events: Vec<&model::Event> = doc.events.iter().filter(|e| e.sentence == s).collect();
    let _ = writeln!(
        out,
        "\nevents: {}",
        if events.is_empty() { "none" } else { "" }
    );
    let table = coder.table();
    for e in events {
        let who = |m: Option<usize>, over: &Option<model::Actor>| match m {
            None => "-".to_string(),
            Some(m) => {
                let code = over
                    .as_ref()
                    .map_or(&doc.mentions[m].actor.code, |a| &a.code);
                format!("{code} (\"{}\")", doc.slice(doc.mentions[m].span))
            }
        };
        let info = table.info(&e.cameo);
        let _ = writeln!(
            out,
            "  {} {}: {} -> {}; trigger \"{}\"; {}{}; rule {}",
            e.cameo,
            info.label.as_deref().unwrap_or("?"),
            who(e.source, &e.source_actor),
            who(e.target, &e.target_actor),
            doc.slice(e.trigger),
            e.modality.as_str(),
            if e.negated { ", negated" } else { "" },
            e.rule
        );
    }
}

fn tree(
    doc: &Doc,
    p: &model::Parse,
    tokens: &[model::Token],
    at: usize,
    depth: usize,
    out: &mut String,
) {
    let _ = writeln!(
        out,
        "{}{} ({} {})",
        "  ".repeat(depth),
        doc.slice(tokens[at].span),
        p.rels[at].as_str(),
        p.tags[at].as_str()
    );
    // Depth is bounded by the sentence's length; a tree has no cycles.
    if depth > p.len() {
        return;
    }
    for c in p.children(at) {
        tree(doc, p, tokens, c, depth + 1, out);
    }
}
