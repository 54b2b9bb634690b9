//! The syntax layer: each parsed sentence's part-of-speech tags and dependency tree.
//!
//! Tags are Penn Treebank's (the tag set of CoNLL-2003's POS column) and relations are the
//! ClearNLP-style English labels spaCy uses (`nsubj`, `dobj`, `prep`, `pobj`, ...), as small
//! enums so that the event coder matches on them without comparing strings. A tagger or parser
//! with other names maps its own onto these once, when it is built.

/// Declares a string-named enum with `as_str`, `parse` (unknown names give the fallback) and
/// the list of every variant.
macro_rules! named {
    ($(#[$doc:meta])* $name:ident, fallback $fallback:ident, { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant),*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The name as the data writes it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),*
                }
            }

            /// The value of a name; a name not in the set gives the fallback.
            pub fn parse(text: &str) -> $name {
                match text {
                    $($text => $name::$variant,)*
                    _ => $name::$fallback,
                }
            }
        }
    };
}

named!(
    /// A Penn Treebank part-of-speech tag.
    Pos, fallback Other, {
        Cc = "CC", Cd = "CD", Dt = "DT", Ex = "EX", Fw = "FW", In = "IN", Jj = "JJ",
        Jjr = "JJR", Jjs = "JJS", Ls = "LS", Md = "MD", Nn = "NN", Nns = "NNS", Nnp = "NNP",
        Nnps = "NNPS", Pdt = "PDT", Possessive = "POS", Prp = "PRP", PrpS = "PRP$", Rb = "RB",
        Rbr = "RBR", Rbs = "RBS", Rp = "RP", Sym = "SYM", To = "TO", Uh = "UH", Vb = "VB",
        Vbd = "VBD", Vbg = "VBG", Vbn = "VBN", Vbp = "VBP", Vbz = "VBZ", Wdt = "WDT", Wp = "WP",
        WpS = "WP$", Wrb = "WRB", Period = ".", Comma = ",", Colon = ":", OpenParen = "(",
        CloseParen = ")", Quote = "\"", CloseQuote = "''", OpenQuote = "``", Hash = "#",
        Dollar = "$", Other = "XX",
    }
);

impl Pos {
    /// Any verb form (VB, VBD, VBG, VBN, VBP, VBZ); modals are not.
    pub fn is_verb(self) -> bool {
        matches!(
            self,
            Pos::Vb | Pos::Vbd | Pos::Vbg | Pos::Vbn | Pos::Vbp | Pos::Vbz
        )
    }

    /// A common or proper noun, singular or plural.
    pub fn is_noun(self) -> bool {
        matches!(self, Pos::Nn | Pos::Nns | Pos::Nnp | Pos::Nnps)
    }
}

named!(
    /// A dependency relation, as spaCy's English models label them.
    Rel, fallback Dep, {
        Root = "ROOT", Acl = "acl", Acomp = "acomp", Advcl = "advcl", Advmod = "advmod",
        Agent = "agent", Amod = "amod", Appos = "appos", Attr = "attr", Aux = "aux",
        Auxpass = "auxpass", Case = "case", Cc = "cc", Ccomp = "ccomp", Compound = "compound",
        Conj = "conj", Csubj = "csubj", Csubjpass = "csubjpass", Dative = "dative", Dep = "dep",
        Det = "det", Dobj = "dobj", Expl = "expl", Intj = "intj", Mark = "mark", Meta = "meta",
        Neg = "neg", Nmod = "nmod", Npadvmod = "npadvmod", Nsubj = "nsubj",
        Nsubjpass = "nsubjpass", Nummod = "nummod", Oprd = "oprd", Parataxis = "parataxis",
        Pcomp = "pcomp", Pobj = "pobj", Poss = "poss", Preconj = "preconj", Predet = "predet",
        Prep = "prep", Prt = "prt", Punct = "punct", Quantmod = "quantmod", Relcl = "relcl",
        Xcomp = "xcomp",
    }
);

/// One parsed sentence. Positions are the sentence's tokens (0 is its first token in
/// [`crate::Doc::tokens`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parse {
    pub sentence: usize,
    pub tags: Vec<Pos>,
    /// Each token's head (a position in the sentence), `None` for a root.
    pub heads: Vec<Option<u16>>,
    /// Each token's relation to its head (`Root` for a root).
    pub rels: Vec<Rel>,
}

impl Parse {
    pub fn len(&self) -> usize {
        self.tags.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    pub fn head(&self, i: usize) -> Option<usize> {
        self.heads[i].map(usize::from)
    }

    /// The dependents of a token, left to right.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.heads
            .iter()
            .enumerate()
            .filter(move |(_, h)| h.map(usize::from) == Some(i))
            .map(|(k, _)| k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_fall_back() {
        for &p in Pos::ALL {
            assert_eq!(Pos::parse(p.as_str()), p);
        }
        for &r in Rel::ALL {
            assert_eq!(Rel::parse(r.as_str()), r);
        }
        assert_eq!(Pos::parse("HYPH"), Pos::Other);
        assert_eq!(Rel::parse("nsubj||xcomp"), Rel::Dep);
        assert!(Pos::Vbn.is_verb() && !Pos::Md.is_verb() && Pos::Nnps.is_noun());
    }

    #[test]
    fn walks_a_tree() {
        // "Russia recalled its ambassador": recalled is the root.
        let p = Parse {
            sentence: 0,
            tags: vec![Pos::Nnp, Pos::Vbd, Pos::PrpS, Pos::Nn],
            heads: vec![Some(1), None, Some(3), Some(1)],
            rels: vec![Rel::Nsubj, Rel::Root, Rel::Poss, Rel::Dobj],
        };
        assert_eq!(p.children(1).collect::<Vec<_>>(), vec![0, 3]);
        assert_eq!(p.children(3).collect::<Vec<_>>(), vec![2]);
        assert_eq!((p.head(0), p.head(1)), (Some(1), None));
    }
}
