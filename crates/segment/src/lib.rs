//! Sentence and token segmentation with byte offsets into the document text.
//!
//! The rules are written for news prose: abbreviations ("U.S.", "Gen.", "Jan."), initials,
//! quotations that end in the middle of a sentence, possessives and hyphenated compounds. It only
//! reads the text inside [`model::Doc::body`], so cleaning decides what is article and what is not.

mod sentences;

pub use sentences::{split_sentences, MAX_SENTENCE_TOKENS};

use model::{tokenize, Doc, Layer, Layers, Sentence, Span, Stage};

/// The segmentation stage: fills `tokens` and `sentences` from `body`.
#[derive(Default)]
pub struct Segmenter;

impl Stage for Segmenter {
    fn name(&self) -> &'static str {
        "segment"
    }
    fn requires(&self) -> Layers {
        Layers::of(&[Layer::Body])
    }
    fn assigns(&self) -> Layers {
        Layers::of(&[Layer::Sentences, Layer::Tokens])
    }
    fn run(&self, doc: &mut Doc) {
        let mut tokens = Vec::new();
        let mut sentences = Vec::new();
        for &part in &doc.body {
            let start = tokens.len();
            tokenize(&doc.text, part, &mut tokens);
            for range in split_sentences(&doc.text, &tokens[start..]) {
                let range = start + range.start..start + range.end;
                let span = Span::new(
                    tokens[range.start].span.start,
                    tokens[range.end - 1].span.end,
                );
                sentences.push(Sentence {
                    span,
                    tokens: range,
                });
            }
        }
        doc.tokens = tokens;
        doc.sentences = sentences;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences_of(text: &str) -> Vec<String> {
        let mut doc = Doc::from_text("t", text);
        doc.body = vec![Span::new(0, text.len())];
        Segmenter.run(&mut doc);
        for t in &doc.tokens {
            assert!(!doc.slice(t.span).trim().is_empty(), "empty token");
        }
        doc.sentences
            .iter()
            .map(|s| doc.slice(s.span).to_string())
            .collect()
    }

    #[test]
    fn keeps_abbreviations_initials_and_titles_inside_sentences() {
        let s = sentences_of(
            "Anatoly Antonov was recalled after U.S. President Joe Biden spoke. Gen. Mark A. Milley met him on Jan. 5 in Washington. The U.S. responded.",
        );
        assert_eq!(
            s,
            vec![
                "Anatoly Antonov was recalled after U.S. President Joe Biden spoke.",
                "Gen. Mark A. Milley met him on Jan. 5 in Washington.",
                "The U.S. responded.",
            ]
        );
    }

    #[test]
    fn splits_after_abbreviation_when_a_new_sentence_starts() {
        let s = sentences_of("He flew to the U.S. The talks failed. Then he left.");
        assert_eq!(
            s,
            vec!["He flew to the U.S.", "The talks failed.", "Then he left."]
        );
    }

    #[test]
    fn quotations_and_parentheses_stay_with_their_sentence() {
        let s = sentences_of(
            "\"This is not a question of the next few days. ... The timing will depend on Washington,\" Ryabkov said. \"Is it over?\" he asked. (He did not say.) Next.",
        );
        assert_eq!(
            s,
            vec![
                "\"This is not a question of the next few days.",
                "... The timing will depend on Washington,\" Ryabkov said.",
                "\"Is it over?\" he asked.",
                "(He did not say.)",
                "Next.",
            ]
        );
    }

    #[test]
    fn text_without_sentence_ends_is_cut_into_bounded_sentences() {
        let text = "Russia accused China and ".repeat(100);
        let s = sentences_of(&text);
        assert!(s.len() >= 3, "{}", s.len());
        let mut doc = Doc::from_text("t", text.as_str());
        doc.body = vec![Span::new(0, text.len())];
        Segmenter.run(&mut doc);
        assert!(doc
            .sentences
            .iter()
            .all(|s| s.tokens.len() <= sentences::MAX_SENTENCE_TOKENS));
    }

    #[test]
    fn line_breaks_end_headlines_but_not_wrapped_lines() {
        let s = sentences_of("Russian Envoy Unlikely to Return\n\nThe envoy said the talks\nwould continue next week.\nA new line.");
        assert_eq!(
            s,
            vec![
                "Russian Envoy Unlikely to Return",
                "The envoy said the talks\nwould continue next week.",
                "A new line.",
            ]
        );
    }
}
