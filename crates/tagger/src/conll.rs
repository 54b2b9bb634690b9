//! CoNLL-2003 files: one token per line (word, part of speech, chunk, entity tag in IOB2),
//! sentences separated by blank lines, documents by `-DOCSTART-`.

/// One annotated sentence.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sentence {
    pub words: Vec<String>,
    pub pos: Vec<String>,
    pub chunks: Vec<String>,
    pub entities: Vec<String>,
    /// The document it belongs to (counting `-DOCSTART-` lines from 0).
    pub doc: usize,
}

/// Reads every sentence of a CoNLL-2003 file's text. Lines that do not have four columns are
/// an error naming the line.
pub fn parse(text: &str) -> Result<Vec<Sentence>, String> {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    let mut doc = 0;
    let mut started = false;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with("-DOCSTART-") {
            if !current.words.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            if line.starts_with("-DOCSTART-") {
                doc += usize::from(started);
                started = true;
            }
            current.doc = doc;
            continue;
        }
        let cols: Vec<&str> = line.split(' ').collect();
        let [word, pos, chunk, entity] = cols[..] else {
            return Err(format!(
                "line {}: expected 4 columns, found {}",
                n + 1,
                cols.len()
            ));
        };
        current.words.push(word.to_string());
        current.pos.push(pos.to_string());
        current.chunks.push(chunk.to_string());
        current.entities.push(entity.to_string());
    }
    if !current.words.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

/// The entities of an IOB2 tag sequence as (type, first token, end token).
pub fn spans(tags: &[impl AsRef<str>]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let tag = tag.as_ref();
        let (prefix, kind) = tag.split_once('-').unwrap_or((tag, ""));
        let continues = prefix == "I" && open.as_ref().is_some_and(|(k, _)| k == kind);
        if !continues {
            if let Some((k, start)) = open.take() {
                out.push((k, start, i));
            }
            if prefix == "B" || prefix == "I" {
                open = Some((kind.to_string(), i));
            }
        }
    }
    if let Some((k, start)) = open {
        out.push((k, start, tags.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sentences_and_entity_spans() {
        let text = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n";
        let s = parse(text).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].words, ["Peter", "Blackburn"]);
        assert_eq!(
            spans(&s[0].entities),
            vec![("ORG".into(), 0, 1), ("MISC".into(), 2, 3)]
        );
        assert_eq!(spans(&s[1].entities), vec![("PER".into(), 0, 2)]);
        // An I- after O or after another type opens an entity, as conlleval reads it.
        assert_eq!(
            spans(&["O", "I-LOC", "I-PER"]),
            vec![("LOC".into(), 1, 2), ("PER".into(), 2, 3)]
        );
        assert!(parse("a b c\n").unwrap_err().contains("line 1"));
    }
}
