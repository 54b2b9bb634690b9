//! Roles from the dependency parse: who acts (the source) and on whom (the target) for a
//! trigger, read from its dependents rather than from the nearest actors around it.
//!
//! - Verbs: the subject (`nsubj`) acts on the direct object (`dobj`), the indirect object, or
//!   the object of a preposition that can take a target ("fired at", "talks with", "sanctions
//!   on"). In the passive the subject (`nsubjpass`) is the target and the `by` phrase (`agent`)
//!   the source.
//! - A verb with no subject of its own takes its governor's: "agreed to meet" (`xcomp`: the
//!   controller, which is the governor's object for "urged Iran to halt"), "met and talked"
//!   (`conj`), "Russia, which vetoed" (`relcl`: the noun the clause hangs on).
//! - Nouns: the possessor or an actor in the compound ("Russia's recall", "US sanctions") acts;
//!   the object of "on", "against", "with", "of", ... is the target.
//! - An argument that is no actor itself ("the leader of Iran", "five of Russia's arms makers")
//!   stands for the actor it is made of: its possessor, its own prepositional object, or a
//!   country adjective on it.
//! - Topic phrases ("to discuss Iran", "about Syria") and other clauses are never arguments:
//!   only direct dependents of the trigger are read.

use model::{Doc, MentionKind, Parse, Pos, Rel};

/// Prepositions whose object a verb acts on.
const VERB_TARGET_PREPS: &[&str] = &[
    "with", "at", "against", "on", "to", "toward", "towards", "into", "upon", "onto",
];

/// Prepositions whose object a noun trigger acts on ("sanctions on", "the recall of").
const NOUN_TARGET_PREPS: &[&str] = &[
    "against", "on", "with", "to", "toward", "towards", "at", "into", "upon", "of", "between",
];

/// Prepositions through which a nominal that is no actor stands for one ("the leader of Iran").
/// "an attack by Mordor": the agent of a nominal comes first.
const NOMINAL_PREPS: &[&str] = &["by", "of", "against", "on", "with", "from", "in"];

/// Prepositions after which a place name is where something happened, not who it was done to.
pub(crate) const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "inside",
    "outside",
    "across",
    "throughout",
    "around",
    "within",
];

/// Prepositions whose object is when, why or how something happened: with the places
/// (`LOCATIVE`) and the topics (`TOPIC_PREPS`), never a target.
const CIRCUMSTANCE: &[&str] = &[
    "during", "since", "after", "before", "amid", "despite", "like", "than", "as", "for", "until",
    "via", "per", "under", "behind", "beyond",
];

fn not_target(word: &str) -> bool {
    LOCATIVE.contains(&word) || CIRCUMSTANCE.contains(&word) || TOPIC_PREPS.contains(&word)
}

/// Prepositions of topic: what follows is what something is about.
const TOPIC_PREPS: &[&str] = &["about", "over", "regarding", "concerning"];

/// Relations of a clause's own dependents that start another clause: the trigger's pattern
/// does not reach into them.
const CLAUSAL: &[Rel] = &[
    Rel::Ccomp,
    Rel::Advcl,
    Rel::Relcl,
    Rel::Parataxis,
    Rel::Csubj,
    Rel::Csubjpass,
    Rel::Acl,
];

/// Governors whose complement happened ("began to withdraw", "continued to shell").
const ASPECTUAL: &[&str] = &[
    "begin",
    "began",
    "begun",
    "begins",
    "beginning",
    "start",
    "started",
    "starts",
    "starting",
    "continue",
    "continued",
    "continues",
    "continuing",
    "resume",
    "resumed",
    "resumes",
    "manage",
    "managed",
    "manages",
    "proceed",
    "proceeded",
    "proceeds",
    "went",
    "go",
    "goes",
    "keep",
    "kept",
    "keeps",
];

/// Governors whose subject is the one who tries or decides the complement's act ("tried to
/// hack", "decided to allow"); with the words of plans (`mood::PLANNED`: "plans to impose"),
/// the complement takes their subject, and `mood` says whether the act happened.
const CONTROL: &[&str] = &[
    "try",
    "tried",
    "tries",
    "trying",
    "attempt",
    "attempted",
    "attempts",
    "attempting",
    "seek",
    "sought",
    "seeks",
    "seeking",
    "decide",
    "decided",
    "decides",
    "deciding",
];

/// Verbs of acting together: a coordinated subject's agreement to do one is mutual.
const RECIPROCAL: &[&str] = &[
    "cooperate",
    "collaborate",
    "meet",
    "talk",
    "negotiate",
    "work",
    "coordinate",
    "exchange",
    "share",
    "restore",
    "resume",
    "establish",
    "normalize",
    "normalise",
    "reconcile",
    "cooperating",
    "trade",
    "consult",
    "discuss",
    "settle",
    "sign",
    "swap",
    "ally",
    "partner",
    "unite",
    "merge",
    "end",
    "stop",
    "cease",
];

/// Forms of "be", through which a complement keeps the subject ("is about to restore", "is to
/// meet").
const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "am", "'s", "'re"];

/// Words through which a complement is an actor's declared intent ("is ready to send",
/// "is about to restore", "is set to sign").
const INTENT: &[&str] = &[
    "ready",
    "prepared",
    "willing",
    "poised",
    "determined",
    "eager",
    "keen",
];

/// A sentence's parse with its actors placed on its tokens.
pub struct SentenceSyntax<'a> {
    pub parse: &'a Parse,
    /// The sentence's words in small letters.
    lower: &'a [&'a str],
    /// Per token, the actor mention covering it.
    mention_at: Vec<Option<usize>>,
    /// Per token, its dependents in order.
    children: Vec<Vec<usize>>,
    /// Per mention of the sentence (by doc index), its head token.
    heads: Vec<(usize, usize)>,
    doc: &'a Doc,
}

/// The roles a trigger's dependents give, as mention indices.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Roles {
    pub source: Option<usize>,
    pub target: Option<usize>,
    pub passive: bool,
    /// A passive with a `by` phrase.
    pub agent: bool,
    /// In the passive, the subject (the patient), whether or not it is the target.
    pub patient: Option<usize>,
    /// The parse gives the verb no subject at all (not even one that is no actor), so the
    /// coder may look for one the flat way.
    pub no_subject: bool,
    /// The trigger is the complement of "ready", "prepared", "about", ...: a declared intent,
    /// not a deed.
    pub intent: bool,
}

impl<'a> SentenceSyntax<'a> {
    /// `spans` holds each actor mention of the sentence with its tokens (sentence-relative,
    /// `[start, end)`).
    pub fn new(
        doc: &'a Doc,
        parse: &'a Parse,
        lower: &'a [&'a str],
        spans: &[(usize, usize, usize)],
    ) -> SentenceSyntax<'a> {
        let n = parse.len();
        let mut mention_at = vec![None; n];
        let mut heads = Vec::with_capacity(spans.len());
        for &(m, a, b) in spans {
            let b = b.min(n);
            for slot in &mut mention_at[a.min(b)..b] {
                slot.get_or_insert(m);
            }
            // The token whose head lies outside the mention (the last, if several do).
            let head = (a..b)
                .rev()
                .find(|&k| parse.head(k).is_none_or(|h| h < a || h >= b))
                .unwrap_or(b.saturating_sub(1));
            heads.push((m, head));
        }
        let mut children = vec![Vec::new(); n];
        for k in 0..n {
            if let Some(h) = parse.head(k) {
                children[h].push(k);
            }
        }
        SentenceSyntax {
            parse,
            lower,
            mention_at,
            children,
            heads,
            doc,
        }
    }

    pub fn tag(&self, t: usize) -> Pos {
        self.parse.tags[t]
    }

    pub(crate) fn rel(&self, t: usize) -> Rel {
        self.parse.rels[t]
    }

    /// A token's dependents, in order.
    pub(crate) fn kids(&self, t: usize) -> impl Iterator<Item = usize> + '_ {
        self.children[t].iter().copied()
    }

    /// A token's word in small letters.
    pub(crate) fn word(&self, t: usize) -> &str {
        self.lower[t]
    }

    fn child(&self, t: usize, rels: &[Rel]) -> Option<usize> {
        self.kids(t).find(|&c| rels.contains(&self.rel(c)))
    }

    /// The object of a preposition under `t` whose word is one of `preps`, in order.
    fn prep_objects<'b>(&'b self, t: usize, preps: &'b [&str]) -> impl Iterator<Item = usize> + 'b {
        self.kids(t)
            .filter(move |&c| {
                matches!(self.rel(c), Rel::Prep | Rel::Dative) && preps.contains(&self.lower[c])
            })
            .filter_map(move |p| self.child(p, &[Rel::Pobj, Rel::Pcomp]))
    }

    /// The actor an argument token stands for.
    pub fn argument(&self, d: usize) -> Option<usize> {
        self.argument_within(d, 3)
    }

    fn argument_within(&self, d: usize, depth: usize) -> Option<usize> {
        if let Some(m) = self.mention_at[d] {
            return Some(m);
        }
        if depth == 0 || !(self.tag(d).is_noun() || matches!(self.tag(d), Pos::Cd | Pos::Prp)) {
            return None;
        }
        if let Some(m) = self
            .child(d, &[Rel::Poss])
            .and_then(|p| self.argument_within(p, depth - 1))
        {
            return Some(m);
        }
        if let Some(m) = self
            .prep_objects(d, NOMINAL_PREPS)
            .find_map(|o| self.argument_within(o, depth - 1))
        {
            return Some(m);
        }
        // An actor compounded with the noun ("Israeli army bulldozers"), or a country adjective
        // on it ("Iranian officials"; "military strikes" are nobody's).
        self.kids(d)
            .filter_map(|c| match self.rel(c) {
                Rel::Compound | Rel::Nmod => self.mention_at[c],
                Rel::Amod => self.mention_at[c]
                    .filter(|&m| self.doc.mentions[m].kind == MentionKind::Country),
                _ => None,
            })
            .next()
            .or_else(|| {
                self.child(d, &[Rel::Appos])
                    .and_then(|a| self.argument_within(a, depth - 1))
            })
    }

    /// The subject of a verb, its own or its governor's.
    fn subject_token(&self, t: usize, depth: usize) -> Option<usize> {
        if let Some(s) = self.child(t, &[Rel::Nsubj, Rel::Nsubjpass, Rel::Csubj]) {
            // A relative pronoun stands for the noun its clause hangs on.
            let relative = matches!(self.tag(s), Pos::Wdt | Pos::Wp) || self.lower[s] == "that";
            if !(relative && self.rel(t) == Rel::Relcl) {
                return Some(s);
            }
        }
        if depth == 0 {
            return None;
        }
        let h = self.parse.head(t)?;
        match self.rel(t) {
            // A complement of "began", "continued", "managed" happened; one of "agreed",
            // "refused", "urged Iran to" did not, by itself: its governor's pattern codes
            // the agreeing or the refusing, and the complement has no subject here.
            Rel::Xcomp
                if ASPECTUAL.contains(&self.lower[h])
                    || BE.contains(&self.lower[h])
                    || CONTROL.contains(&self.lower[h])
                    || crate::mood::PLANNED.contains(&self.lower[h]) =>
            {
                self.subject_token(h, depth - 1)
            }
            // "met Lavrov and discussed Syria": a conjoined verb of the same form shares the
            // subject; a base form joined to a finite one is most often a misread complement
            // ("expected a senator to ... pay").
            Rel::Conj
                if self.tag(h).is_verb()
                    && (self.tag(t) == Pos::Vb) == (self.tag(h) == Pos::Vb) =>
            {
                self.subject_token(h, depth - 1)
            }
            // "is about to restore", "is ready to sign": through the adjective or preposition
            // the complement hangs on (an intent: see `Roles::intent`).
            Rel::Pcomp | Rel::Acomp => self.subject_token(h, depth - 1),
            Rel::Prep if !self.tag(h).is_noun() => self.subject_token(h, depth - 1),
            Rel::Xcomp if matches!(self.rel(h), Rel::Acomp | Rel::Pcomp | Rel::Prep) => {
                self.subject_token(h, depth - 1)
            }
            // A participle clause takes the main clause's subject ("..., accusing Iran").
            Rel::Advcl if self.tag(t) == Pos::Vbg => self.subject_token(h, depth - 1),
            // "Russia, which vetoed", "troops attacking the town", "the sanctions imposed by":
            // the noun the clause hangs on, when it is an actor. An infinitive on a noun ("the
            // right to fire", "a request to interrogate") is no act of anyone's.
            Rel::Relcl => Some(h),
            Rel::Acl if self.tag(t) != Pos::Vb => {
                if self.mention_at[h].is_some() {
                    Some(h)
                } else {
                    // "Biden's remarks calling Putin a killer": the remarks' speaker.
                    (self.tag(t) == Pos::Vbg && self.argument(h).is_some()).then_some(h)
                }
            }
            _ => None,
        }
    }

    /// The roles of a trigger whose head word is token `t`.
    pub fn roles(&self, t: usize, as_verb: bool) -> Roles {
        if as_verb {
            self.verb_roles(t)
        } else {
            self.noun_roles(t)
        }
    }

    fn verb_roles(&self, t: usize) -> Roles {
        let kids = &self.children[t];
        let has = |r: Rel| kids.iter().any(|&c| self.rel(c) == r);
        // "the sanctions imposed by Washington": a past participle on a noun is passive.
        let participle = self.rel(t) == Rel::Acl && self.tag(t) == Pos::Vbn;
        let passive = has(Rel::Auxpass) || has(Rel::Nsubjpass) || participle;
        let subject_token = self.subject_token(t, 3);
        let subject = subject_token.and_then(|s| self.argument(s));
        let agent = self
            .child(t, &[Rel::Agent])
            .and_then(|a| self.child(a, &[Rel::Pobj]))
            .and_then(|o| self.argument(o));
        let object = self
            .child(t, &[Rel::Dobj])
            .and_then(|o| self.argument(o))
            .or_else(|| self.child(t, &[Rel::Dative]).and_then(|o| self.argument(o)))
            .or_else(|| {
                self.prep_objects(t, VERB_TARGET_PREPS)
                    .find_map(|o| self.argument(o))
            })
            .or_else(|| self.nested_target(t, subject));
        // The word the complement hangs on, when the trigger is one ("ready to send").
        let intent = self.parse.head(t).is_some_and(|h| {
            matches!(self.rel(t), Rel::Xcomp | Rel::Pcomp) && INTENT.contains(&self.lower[h])
        });
        if passive {
            Roles {
                source: agent,
                target: subject.or(object),
                passive,
                agent: has(Rel::Agent),
                patient: subject,
                no_subject: subject_token.is_none() && self.main_clause(t),
                intent,
            }
        } else {
            Roles {
                source: subject,
                target: object.filter(|&o| Some(o) != subject),
                no_subject: subject_token.is_none() && self.main_clause(t),
                intent,
                ..Roles::default()
            }
        }
    }

    /// The first actor after the trigger inside its phrase, when no dependent of its own
    /// names one: PETRARCH's reading of a verb phrase ("vowed to wage war on the Rohans",
    /// "believes Gondor can cope"). It goes down through objects, complements and conjoined
    /// nouns, not through clauses of time, reason or purpose, relative clauses, or phrases of
    /// topic and place.
    fn nested_target(&self, t: usize, source: Option<usize>) -> Option<usize> {
        let mut found: Option<(usize, usize)> = None;
        let mut stack: Vec<(usize, usize)> = self.children[t].iter().map(|&c| (c, 1)).collect();
        while let Some((k, depth)) = stack.pop() {
            let through = match self.rel(k) {
                Rel::Advcl
                | Rel::Relcl
                | Rel::Parataxis
                | Rel::Mark
                | Rel::Punct
                | Rel::Cc
                | Rel::Aux
                | Rel::Auxpass
                | Rel::Neg
                | Rel::Nsubj
                | Rel::Nsubjpass
                | Rel::Advmod
                | Rel::Npadvmod
                | Rel::Det => false,
                // The trigger's own "by" phrase is its source; one further down ("memos sent
                // by Bree") names an actor in the phrase.
                Rel::Agent => depth > 1,
                // "fired two artillery shells at Seoul": "at" on the verb's object aims it.
                Rel::Prep => {
                    !not_target(self.lower[k])
                        || (self.lower[k] == "at"
                            && depth == 2
                            && self.parse.head(k).is_some_and(|o| self.rel(o) == Rel::Dobj))
                }
                Rel::Amod => false,
                // Another verb joined to this one ("condemn ... and stand with") has its own
                // arguments.
                Rel::Conj => !self.tag(k).is_verb(),
                _ => true,
            };
            // A subject of a clause below the trigger ("believes Gondor can cope") counts.
            let subject_below = depth > 1 && matches!(self.rel(k), Rel::Nsubj | Rel::Nsubjpass);
            if !(through || subject_below) || k < t || depth > 5 {
                continue;
            }
            if let Some(m) = self.mention_at[k].filter(|&m| Some(m) != source) {
                if found.is_none_or(|(at, _)| k < at) {
                    found = Some((k, m));
                }
                continue;
            }
            stack.extend(self.children[k].iter().map(|&c| (c, depth + 1)));
        }
        found.map(|(_, m)| m)
    }

    /// Whether mention `m` is the subject of a verb outside the subtree of `t`: another
    /// clause's actor ("..., a senior official said"), never `t`'s target.
    pub fn subject_elsewhere(&self, m: usize, t: usize) -> bool {
        self.heads.iter().filter(|&&(x, _)| x == m).any(|&(_, h)| {
            // Or a modifier of that subject: "police" in "..., police sources said".
            let mut h = h;
            while matches!(self.rel(h), Rel::Compound | Rel::Amod | Rel::Poss) {
                match self.parse.head(h) {
                    Some(up) => h = up,
                    None => break,
                }
            }
            matches!(self.rel(h), Rel::Nsubj | Rel::Nsubjpass)
                && self.parse.head(h).is_some_and(|v| !self.within(v, t))
        })
    }

    /// The predicate a verb gives its object ("called Putin a killer": "killer"), if any.
    pub fn predicate_on_object(&self, t: usize) -> Option<usize> {
        self.child(t, &[Rel::Dobj])?;
        self.child(t, &[Rel::Oprd])
    }

    /// Whether token `k` is `t` or lies below it.
    fn within(&self, k: usize, t: usize) -> bool {
        let mut at = Some(k);
        for _ in 0..=self.parse.len() {
            match at {
                Some(x) if x == t => return true,
                Some(x) => at = self.parse.head(x),
                None => return false,
            }
        }
        false
    }

    /// The target when the trigger's object is a word of its pattern ("recalled its
    /// ambassador from Washington", "imposed sanctions on Iran"): the actor the object
    /// phrase points to ("ambassador to the United States"), else one the verb's own
    /// prepositions name, "from" included. `taken` says which mentions the pattern's words
    /// cover.
    pub fn beyond_object(&self, t: usize, taken: &dyn Fn(usize) -> bool) -> Option<usize> {
        let free = |m: &usize| !taken(*m);
        if let Some(o) = self.child(t, &[Rel::Dobj]) {
            let inner = self
                .prep_objects(
                    o,
                    &["to", "in", "at", "from", "on", "against", "with", "of"],
                )
                .filter_map(|p| self.argument(p))
                .find(free);
            if inner.is_some() {
                return inner;
            }
        }
        self.prep_objects(t, VERB_TARGET_PREPS)
            .chain(self.prep_objects(t, &["from"]))
            .filter_map(|p| self.argument(p))
            .find(free)
    }

    /// Whether the parse puts a mention where it is no target of the trigger at `t`: after a
    /// preposition of topic ("talks about Syria"), as the object of another verb ("met ...
    /// to discuss Iran"), or in another clause ("delayed their meeting after a hafling was
    /// reported on the pass of Cirith Ungol"). The flat search for a target, used when the
    /// parse names none, asks.
    pub fn topic(&self, t: usize, m: usize) -> bool {
        let Some(&(_, head)) = self.heads.iter().find(|(x, _)| *x == m) else {
            return false;
        };
        let mut at = head;
        for _ in 0..self.parse.len() {
            let Some(h) = self.parse.head(at) else {
                return false;
            };
            if h == t {
                return false;
            }
            if self.rel(at) == Rel::Pobj && TOPIC_PREPS.contains(&self.lower[h]) {
                return true;
            }
            if CLAUSAL.contains(&self.rel(at))
                || (self.rel(at) == Rel::Conj && self.tag(at).is_verb())
            {
                return true;
            }
            if self.tag(h).is_verb() {
                return self.rel(at) == Rel::Dobj;
            }
            at = h;
        }
        false
    }

    /// Whether a trigger's complement, if it has one, is something done together ("agreed to
    /// cooperate", "agreed to meet"), so that coordinated subjects act on each other. With no
    /// complement ("Russia and China agreed", "met") the act is mutual too.
    pub fn complement_is_reciprocal(&self, t: usize) -> bool {
        match self.child(t, &[Rel::Xcomp]) {
            None => true,
            Some(c) => RECIPROCAL.contains(&self.lower[c]),
        }
    }

    /// Whether a verb heads a clause that states something by itself (the sentence's root, a
    /// conjoined or reported clause), not a complement, purpose or modifier.
    fn main_clause(&self, t: usize) -> bool {
        // A conjoined verb finds its subject through its governor or not at all ("telephoned
        // ... to discuss", misread as a conjunction, has none of its own).
        let infinitive = self.children[t]
            .iter()
            .any(|&c| self.rel(c) == Rel::Aux && self.lower[c] == "to");
        !infinitive
            && matches!(
                self.rel(t),
                Rel::Root | Rel::Ccomp | Rel::Parataxis | Rel::Dep
            )
    }

    fn noun_roles(&self, t: usize) -> Roles {
        let own = self
            .kids(t)
            .filter(|&c| {
                c < t
                    && matches!(
                        self.rel(c),
                        Rel::Poss | Rel::Compound | Rel::Amod | Rel::Nmod
                    )
            })
            .find_map(|c| self.mention_at[c].or_else(|| self.argument(c)));
        let by = self.prep_objects(t, &["by"]).find_map(|o| self.argument(o));
        // "Russia imposed sanctions": the noun's verb's subject.
        let governor = || {
            let h = self.parse.head(t)?;
            (self.rel(t) == Rel::Dobj && self.tag(h).is_verb())
                .then(|| self.subject_token(h, 2).and_then(|s| self.argument(s)))
                .flatten()
        };
        let source = own.or(by).or_else(governor);
        let target = self
            .prep_objects(t, NOUN_TARGET_PREPS)
            .find_map(|o| self.argument(o))
            .filter(|&m| Some(m) != source);
        Roles {
            source,
            target,
            ..Roles::default()
        }
    }

    /// The members of a coordination a mention heads ("Russia and China"), in order; just the
    /// mention when it is not coordinated.
    pub fn members(&self, m: usize) -> Vec<usize> {
        let Some(&(_, head)) = self.heads.iter().find(|(x, _)| *x == m) else {
            return vec![m];
        };
        // Up to the first conjunct, then every conjunct below it.
        let mut first = head;
        while self.rel(first) == Rel::Conj {
            match self.parse.head(first) {
                Some(h) => first = h,
                None => break,
            }
        }
        let mut tokens = vec![first];
        let mut k = 0;
        while k < tokens.len() {
            let t = tokens[k];
            tokens.extend(self.kids(t).filter(|&c| self.rel(c) == Rel::Conj));
            k += 1;
        }
        tokens.sort_unstable();
        let mut out: Vec<usize> = tokens.iter().filter_map(|&t| self.argument(t)).collect();
        out.dedup();
        if !out.contains(&m) {
            return vec![m];
        }
        out
    }

    /// The tokens around `start..end` (a trigger) that its clause covers without a break: the
    /// trigger's subtree, less the subtrees of dependents that start clauses of their own.
    pub fn clause(&self, head: usize, start: usize, end: usize) -> (usize, usize) {
        let n = self.parse.len();
        let mut inside = vec![false; n];
        let mut stack = vec![head];
        while let Some(t) = stack.pop() {
            inside[t] = true;
            for &c in &self.children[t] {
                let clausal = CLAUSAL.contains(&self.rel(c))
                    || (self.rel(c) == Rel::Conj && self.tag(c).is_verb());
                if !clausal {
                    stack.push(c);
                }
            }
        }
        for flag in &mut inside[start..end.min(n)] {
            *flag = true;
        }
        let mut lo = start;
        while lo > 0 && inside[lo - 1] {
            lo -= 1;
        }
        let mut hi = end.min(n);
        while hi < n && inside[hi] {
            hi += 1;
        }
        (lo, hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{Actor, Mention, Parse, Span};

    /// A sentence, its parse written as (word, tag, head, relation) with heads counted from 1,
    /// and actor mentions as token ranges.
    fn sentence(
        rows: &[(&str, &str, usize, &str)],
        actors: &[(usize, usize)],
    ) -> (Doc, Parse, Vec<String>) {
        let text: String = rows.iter().map(|r| r.0).collect::<Vec<_>>().join(" ");
        let mut doc = Doc::from_text("t", text);
        let mut at = 0;
        for r in rows {
            doc.tokens.push(model::Token {
                span: Span::new(at, at + r.0.len()),
                kind: model::TokenKind::Word,
            });
            at += r.0.len() + 1;
        }
        for &(a, b) in actors {
            doc.mentions.push(Mention {
                span: Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end),
                sentence: 0,
                kind: MentionKind::Country,
                actor: Actor {
                    code: "XXX".into(),
                    ..Actor::default()
                },
                antecedent: None,
                adjectival: false,
            });
        }
        let parse = Parse {
            sentence: 0,
            tags: rows.iter().map(|r| Pos::parse(r.1)).collect(),
            heads: rows
                .iter()
                .map(|r| r.2.checked_sub(1).map(|h| h as u16))
                .collect(),
            rels: rows.iter().map(|r| Rel::parse(r.3)).collect(),
        };
        let lower = rows.iter().map(|r| r.0.to_lowercase()).collect();
        (doc, parse, lower)
    }

    fn roles_of(
        rows: &[(&str, &str, usize, &str)],
        actors: &[(usize, usize)],
        trigger: usize,
        verb: bool,
    ) -> (Roles, Vec<Vec<usize>>) {
        let (doc, parse, lower) = sentence(rows, actors);
        let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
        let spans: Vec<(usize, usize, usize)> = actors
            .iter()
            .enumerate()
            .map(|(m, &(a, b))| (m, a, b))
            .collect();
        let syn = SentenceSyntax::new(&doc, &parse, &lower, &spans);
        let roles = syn.roles(trigger, verb);
        let members = (0..actors.len()).map(|m| syn.members(m)).collect();
        (roles, members)
    }

    #[test]
    fn a_prepositional_target_and_no_topic() {
        // "Obama met with Netanyahu to discuss Iran ."
        let rows = [
            ("Obama", "NNP", 2, "nsubj"),
            ("met", "VBD", 0, "ROOT"),
            ("with", "IN", 2, "prep"),
            ("Netanyahu", "NNP", 3, "pobj"),
            ("to", "TO", 6, "aux"),
            ("discuss", "VB", 2, "advcl"),
            ("Iran", "NNP", 6, "dobj"),
            (".", ".", 2, "punct"),
        ];
        let (r, _) = roles_of(&rows, &[(0, 1), (3, 4), (6, 7)], 1, true);
        assert_eq!((r.source, r.target), (Some(0), Some(1)));
    }

    #[test]
    fn the_object_of_an_object_and_not_its_adjective() {
        // "Trump threatened military strikes against Iran ." ("military" is a role mention)
        let rows = [
            ("Trump", "NNP", 2, "nsubj"),
            ("threatened", "VBD", 0, "ROOT"),
            ("military", "JJ", 4, "amod"),
            ("strikes", "NNS", 2, "dobj"),
            ("against", "IN", 4, "prep"),
            ("Iran", "NNP", 5, "pobj"),
            (".", ".", 2, "punct"),
        ];
        let (r, _) = roles_of(&rows, &[(0, 1), (2, 3), (5, 6)], 1, true);
        assert_eq!((r.source, r.target), (Some(0), Some(2)));
    }

    #[test]
    fn passives_controllers_and_coordination() {
        // "Russia and China were urged by France to halt ."
        let rows = [
            ("Russia", "NNP", 5, "nsubjpass"),
            ("and", "CC", 1, "cc"),
            ("China", "NNP", 1, "conj"),
            ("were", "VBD", 5, "auxpass"),
            ("urged", "VBN", 0, "ROOT"),
            ("by", "IN", 5, "agent"),
            ("France", "NNP", 6, "pobj"),
            ("to", "TO", 9, "aux"),
            ("halt", "VB", 5, "xcomp"),
            (".", ".", 5, "punct"),
        ];
        let actors = [(0, 1), (2, 3), (6, 7)];
        let (r, members) = roles_of(&rows, &actors, 4, true);
        assert!(r.passive && r.agent);
        assert_eq!((r.source, r.target), (Some(2), Some(0)));
        assert_eq!(members[0], vec![0, 1]);
        assert_eq!(members[1], vec![0, 1]);
        assert_eq!(members[2], vec![2]);
        // Being urged to halt is no halt: the complement takes no subject.
        let (r, _) = roles_of(&rows, &actors, 8, true);
        assert_eq!(r.source, None);
        // Continuing to shell is shelling: "Russia continued to shell Kyiv".
        let rows = [
            ("Russia", "NNP", 2, "nsubj"),
            ("continued", "VBD", 0, "ROOT"),
            ("to", "TO", 4, "aux"),
            ("shell", "VB", 2, "xcomp"),
            ("Kyiv", "NNP", 4, "dobj"),
            (".", ".", 2, "punct"),
        ];
        let (r, _) = roles_of(&rows, &[(0, 1), (4, 5)], 3, true);
        assert_eq!((r.source, r.target), (Some(0), Some(1)));
    }

    #[test]
    fn a_noun_trigger_and_its_possessor() {
        // "the U.S. sanctions on five of Russia 's arms makers"
        let rows = [
            ("the", "DT", 3, "det"),
            ("U.S.", "NNP", 3, "compound"),
            ("sanctions", "NNS", 0, "ROOT"),
            ("on", "IN", 3, "prep"),
            ("five", "CD", 4, "pobj"),
            ("of", "IN", 5, "prep"),
            ("Russia", "NNP", 10, "poss"),
            ("'s", "POS", 7, "case"),
            ("arms", "NNS", 10, "compound"),
            ("makers", "NNS", 6, "pobj"),
        ];
        let (r, _) = roles_of(&rows, &[(1, 2), (6, 7)], 2, false);
        assert_eq!((r.source, r.target), (Some(0), Some(1)));
    }
}
