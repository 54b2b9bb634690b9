//! Quotations and their speakers: which token ranges of a document are someone's quoted
//! words, and who speaks each (the mention after the closing mark, before the opening one, or
//! the speaker of the quotation just before). Lookups are binary searches over regions and
//! mentions in text order, so a page of many quotations stays linear.

use model::{Doc, Mention, MentionKind};

/// The longest quotation (in tokens) still read as a cited word rather than a speaker's words.
pub(crate) const SCARE_QUOTE_MAX: usize = 4;

/// Quotation spans of a document, as token ranges, with the mention that speaks each.
pub struct Quotes {
    /// (first token inside, end token exclusive, speaker mention)
    pub regions: Vec<(usize, usize, Option<usize>)>,
}

impl Quotes {
    pub fn find(doc: &Doc) -> Quotes {
        // A short quoted phrase ("called the prospect “impossible”") cites a word; it is not
        // someone's statement and has no speaker of its own.
        let regions = doc
            .quote_regions()
            .into_iter()
            .filter(|r| r.len() > SCARE_QUOTE_MAX)
            .map(|r| (r.start, r.end, None))
            .collect();
        let mut quotes = Quotes { regions };
        quotes.attribute(doc);
        quotes
    }

    fn attribute(&mut self, doc: &Doc) {
        // Sentences and mentions are in text order, so each lookup is a binary search: a page
        // of many quotations costs no more per quotation than a short article.
        let sentence_of = |tok: usize| {
            let k = doc.sentences.partition_point(|s| s.tokens.end <= tok);
            (k < doc.sentences.len() && doc.sentences[k].tokens.contains(&tok)).then_some(k)
        };
        let in_sentence = |s: usize| mentions_of(doc, s).map(|i| (i, &doc.mentions[i]));
        let mut previous: Option<(usize, Option<usize>)> = None;
        for r in 0..self.regions.len() {
            let (first, end, _) = self.regions[r];
            let close_s = sentence_of(end);
            let open_s = sentence_of(first.saturating_sub(1));
            let after_close = close_s.and_then(|s| {
                let close_at = doc.tokens[end].span.end;
                let limit = doc.tokens.get(end + 8).map_or(usize::MAX, |t| t.span.end);
                in_sentence(s)
                    .find(|(_, m)| {
                        m.span.start >= close_at && m.span.start < limit && speaker_like(m)
                    })
                    .map(|(i, _)| i)
            });
            let before_open = || {
                open_s.and_then(|s| {
                    let open_at = doc.tokens[first.saturating_sub(1)].span.start;
                    in_sentence(s)
                        .rfind(|(_, m)| m.span.end <= open_at && speaker_like(m))
                        .map(|(i, _)| i)
                })
            };
            let continued = || {
                previous.and_then(|(prev_close_s, spk)| {
                    let prev = prev_close_s;
                    open_s.filter(|&o| o == prev || o == prev + 1).and(spk)
                })
            };
            let speaker = after_close.or_else(before_open).or_else(continued);
            self.regions[r].2 = speaker;
            previous = close_s.map(|s| (s, speaker));
        }
    }

    /// The region containing a token (regions are in order and do not overlap).
    pub fn region_of(&self, token: usize) -> Option<usize> {
        let k = self.regions.partition_point(|&(_, b, _)| b <= token);
        (k < self.regions.len() && self.regions[k].0 <= token).then_some(k)
    }

    /// The first region that starts or ends inside a token range.
    pub(crate) fn touching(
        &self,
        range: &std::ops::Range<usize>,
    ) -> Option<(usize, usize, Option<usize>)> {
        let k = self
            .regions
            .partition_point(|&(a, b, _)| a < range.start && b.saturating_sub(1) < range.start);
        self.regions[k..]
            .iter()
            .take_while(|(a, _, _)| *a < range.end)
            .find(|(a, b, _)| range.contains(a) || range.contains(&b.saturating_sub(1)))
            .copied()
    }
}

/// The indices of a sentence's mentions (mentions are in text order).
pub(crate) fn mentions_of(doc: &Doc, s: usize) -> std::ops::Range<usize> {
    let first = doc.mentions.partition_point(|m| m.sentence < s);
    let end = first + doc.mentions[first..].partition_point(|m| m.sentence <= s);
    first..end
}

pub(crate) fn speaker_like(m: &Mention) -> bool {
    !matches!(m.kind, MentionKind::Country) || m.actor.sector.is_some()
}
