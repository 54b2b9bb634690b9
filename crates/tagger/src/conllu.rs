//! CoNLL-U dependency trees (the silver parses in `../shared/data/syntax`), and their
//! projection onto attache's own tokens.
//!
//! The silver trees were made with another tokenizer, which splits some words differently
//! ("U.S.-led", "cannot", "’s"). Their `MISC` column gives each token's byte offsets in the
//! sentence's text, so each tree is carried over to the tokens `model::tokenize` makes of the
//! same text: the parser is trained and scored on the tokens it will see in the pipeline.

use model::{Span, Token, TokenKind};

/// One sentence of a CoNLL-U file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tree {
    /// The `# doc_id` comment: the article the sentence comes from.
    pub doc: String,
    /// The `# text` comment: the sentence as written.
    pub text: String,
    pub words: Vec<String>,
    /// The Penn Treebank tags (`XPOS`).
    pub tags: Vec<String>,
    /// Each word's head, counted from 1; 0 for the root.
    pub heads: Vec<usize>,
    pub rels: Vec<String>,
    /// Each word's bytes, relative to the start of `text`.
    pub spans: Vec<Span>,
}

/// Reads every sentence of a CoNLL-U text. Offsets (`Start=`/`End=` in `MISC`) are made
/// relative to the sentence's first word. A line that cannot be read is an error naming it.
pub fn parse(text: &str) -> Result<Vec<Tree>, String> {
    let mut trees = Vec::new();
    let mut current = Tree::default();
    let mut doc = String::new();
    let mut base = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !current.words.is_empty() {
                current.doc.clone_from(&doc);
                trees.push(std::mem::take(&mut current));
            }
            base = None;
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim_start();
            if let Some(id) = comment.strip_prefix("doc_id = ") {
                doc = id.to_string();
            } else if let Some(t) = comment.strip_prefix("text = ") {
                current.text = t.to_string();
            }
            continue;
        }
        let bad = |why: &str| format!("line {}: {why}", n + 1);
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(bad(&format!("expected 10 columns, found {}", cols.len())));
        }
        // Multi-word tokens ("1-2") and empty nodes ("1.1") are not words of the tree.
        if cols[0].contains(['-', '.']) {
            continue;
        }
        let head: usize = cols[6].parse().map_err(|_| bad("HEAD is not a number"))?;
        let offset = |key: &str| {
            cols[9]
                .split('|')
                .find_map(|kv| kv.strip_prefix(key))
                .and_then(|v| v.parse::<usize>().ok())
        };
        let (Some(start), Some(end)) = (offset("Start="), offset("End=")) else {
            return Err(bad("MISC has no Start= and End= offsets"));
        };
        let base = *base.get_or_insert(start);
        if start < base || end < start {
            return Err(bad("offsets run backwards"));
        }
        current.words.push(cols[1].to_string());
        current.tags.push(cols[4].to_string());
        current.heads.push(head);
        current.rels.push(cols[7].to_string());
        current.spans.push(Span::new(start - base, end - base));
    }
    if !current.words.is_empty() {
        current.doc = doc;
        trees.push(current);
    }
    for (k, t) in trees.iter().enumerate() {
        let n = t.words.len();
        if t.heads.iter().any(|&h| h > n) {
            return Err(format!("sentence {}: a head beyond the sentence", k + 1));
        }
        if t.spans.iter().any(|s| s.end > t.text.len()) {
            return Err(format!("sentence {}: offsets beyond its text", k + 1));
        }
    }
    Ok(trees)
}

/// A tree over attache's tokens of the sentence's text.
#[derive(Clone, Debug, PartialEq)]
pub struct Projected {
    pub tokens: Vec<Token>,
    /// Each token's head, a token index, or `tokens.len()` for the root.
    pub heads: Vec<usize>,
    pub rels: Vec<String>,
    /// Each token's part-of-speech tag: its word's, or in a group of tokens the tag of the
    /// word whose place the token takes (the others keep the tag of the word they are in).
    pub tags: Vec<String>,
    /// Tokens that stand for exactly one word of the tree, with the same bytes (scores are
    /// also given on these alone).
    pub exact: Vec<bool>,
}

impl Tree {
    /// Carries the tree over to `model::tokenize`'s tokens of `text`. Tokens and words are
    /// grouped where their bytes overlap. In a group, the token taking the group's place in the
    /// tree is its last word-like token (English phrases are head-final: "U.S.-led"), and the
    /// others depend on it (`punct` or `compound`). The group's head and relation are those of
    /// its word whose head lies outside the group. A word no token covers (a space) passes its
    /// dependents to its own head.
    pub fn project(&self) -> Projected {
        let mut tokens = Vec::new();
        model::tokenize(&self.text, Span::new(0, self.text.len()), &mut tokens);
        let (n_words, n_tokens) = (self.words.len(), tokens.len());
        // Each word's group (the index of the group's token) by overlapping bytes.
        let mut word_token: Vec<Option<usize>> = vec![None; n_words];
        let mut token_words: Vec<Vec<usize>> = vec![Vec::new(); n_tokens];
        let mut t = 0;
        for (w, span) in self.spans.iter().enumerate() {
            while t < n_tokens && tokens[t].span.end <= span.start {
                t += 1;
            }
            let mut k = t;
            while k < n_tokens && tokens[k].span.start < span.end {
                token_words[k].push(w);
                if word_token[w].is_none() {
                    word_token[w] = Some(k);
                }
                k += 1;
            }
        }
        // Groups: runs of tokens linked through shared words.
        let mut group_of = vec![0usize; n_tokens];
        let mut groups: Vec<(usize, usize)> = Vec::new();
        for k in 0..n_tokens {
            let joins = k > 0
                && token_words[k]
                    .first()
                    .is_some_and(|w| token_words[k - 1].contains(w));
            if joins {
                groups.last_mut().expect("a group is open").1 = k + 1;
            } else {
                groups.push((k, k + 1));
            }
            group_of[k] = groups.len() - 1;
        }
        let lead: Vec<usize> = groups
            .iter()
            .map(|&(a, b)| {
                (a..b)
                    .rev()
                    .find(|&k| {
                        tokens[k].kind != TokenKind::Punct && tokens[k].kind != TokenKind::Quote
                    })
                    .unwrap_or(b - 1)
            })
            .collect();
        // A word's place in the projected tree: its group's lead token, found by following
        // heads past words no token covers; None is the root.
        let place = |mut w: usize| -> Option<usize> {
            for _ in 0..=n_words {
                if let Some(k) = word_token[w] {
                    return Some(lead[group_of[k]]);
                }
                match self.heads[w] {
                    0 => return None,
                    h => w = h - 1,
                }
            }
            None
        };
        let mut heads = vec![n_tokens; n_tokens];
        let mut rels = vec![String::new(); n_tokens];
        let mut exact = vec![false; n_tokens];
        let mut tags: Vec<String> = token_words
            .iter()
            .map(|ws| {
                ws.first()
                    .map_or_else(|| "XX".to_string(), |&w| self.tags[w].clone())
            })
            .collect();
        for (g, &(a, b)) in groups.iter().enumerate() {
            let words: Vec<usize> = (a..b).flat_map(|k| token_words[k].clone()).collect();
            // The word whose head leaves the group (the first, if several do).
            let top = words.iter().copied().find(|&w| {
                self.heads[w] == 0 || place(self.heads[w] - 1).is_none_or(|k| group_of[k] != g)
            });
            let l = lead[g];
            match top {
                Some(w) => {
                    heads[l] = match self.heads[w] {
                        0 => n_tokens,
                        h => place(h - 1).unwrap_or(n_tokens),
                    };
                    rels[l].clone_from(&self.rels[w]);
                    tags[l].clone_from(&self.tags[w]);
                }
                // Tokens no word covers (the two tokenizers disagree on a space, rarely)
                // hang on the token next to them.
                None => {
                    heads[l] = if a > 0 { a - 1 } else { b.min(n_tokens) };
                    rels[l] = "dep".into();
                }
            }
            for k in a..b {
                if k != l {
                    heads[k] = l;
                    let punct = matches!(tokens[k].kind, TokenKind::Punct | TokenKind::Quote);
                    rels[k] = if punct { "punct" } else { "compound" }.into();
                }
            }
            if b - a == 1 && token_words[a].len() == 1 {
                exact[a] = tokens[a].span == self.spans[token_words[a][0]];
            }
        }
        for (k, h) in heads.iter_mut().enumerate() {
            if *h == k {
                *h = n_tokens;
                rels[k] = "ROOT".into();
            }
        }
        Projected {
            tokens,
            heads,
            rels,
            tags,
            exact,
        }
    }
}

impl Tree {
    /// The tree's sentence on attache's tokens, in CoNLL forms, with the silver part-of-speech
    /// tags and no chunks: training data for the part-of-speech tagger.
    pub fn tagged_sentence(&self) -> crate::conll::Sentence {
        let p = self.project();
        crate::conll::Sentence {
            words: p
                .tokens
                .iter()
                .map(|t| crate::conll_form(&self.text[t.span.start..t.span.end]).into_owned())
                .collect(),
            pos: p.tags,
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str =
        "# doc_id = d1\n# sent_id = d1-0\n# text = The U.S.-led force didn’t stop.\n\
1\tThe\t_\tDET\tDT\t_\t3\tdet\t_\tStart=10|End=13\n\
2\tU.S.-led\t_\tADJ\tJJ\t_\t3\tamod\t_\tStart=14|End=22\n\
3\tforce\t_\tNOUN\tNN\t_\t6\tnsubj\t_\tStart=23|End=28\n\
4\tdid\t_\tAUX\tVBD\t_\t6\taux\t_\tStart=29|End=32\n\
5\tn’t\t_\tPART\tRB\t_\t6\tneg\t_\tStart=32|End=37\n\
6\tstop\t_\tVERB\tVB\t_\t0\tROOT\t_\tStart=38|End=42\n\
7\t.\t_\tPUNCT\t.\t_\t6\tpunct\t_\tStart=42|End=43\n\n";

    #[test]
    fn reads_a_tree_and_projects_it_onto_attache_tokens() {
        let trees = parse(SAMPLE).unwrap();
        assert_eq!(trees.len(), 1);
        let t = &trees[0];
        assert_eq!(t.doc, "d1");
        assert_eq!(t.heads, vec![3, 3, 6, 6, 6, 0, 6]);
        assert_eq!(&t.text[t.spans[4].start..t.spans[4].end], "n’t");
        let p = t.project();
        let words: Vec<&str> = p
            .tokens
            .iter()
            .map(|k| &t.text[k.span.start..k.span.end])
            .collect();
        // attache splits "U.S.-led" in three; "led" takes the word's place in the tree.
        assert_eq!(
            words,
            ["The", "U.S.", "-", "led", "force", "did", "n’t", "stop", "."]
        );
        let n = words.len();
        assert_eq!(p.heads, vec![4, 3, 3, 4, 7, 7, 7, n, 7]);
        assert_eq!(p.rels[3], "amod");
        assert_eq!(p.rels[1], "compound");
        assert_eq!(p.rels[2], "punct");
        assert_eq!(p.rels[7], "ROOT");
        assert_eq!(p.tags[3], "JJ");
        assert_eq!(p.tags[6], "RB");
        assert!(p.exact[0] && !p.exact[3] && p.exact[6]);
    }

    #[test]
    fn a_broken_line_is_named() {
        let err = parse("# text = a\n1\ta\t_\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        let err = parse("# text = a\n1\ta\t_\tX\tX\t_\tone\tdep\t_\tStart=0|End=1\n").unwrap_err();
        assert!(err.contains("HEAD"), "{err}");
    }
}
