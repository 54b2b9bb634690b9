//! Whether a trigger's act happened, read from the parse: its auxiliaries and negation, the
//! verbs it is the complement of ("plans to", "refused to", "is expected to"), and the
//! conditions and questions it stands in ("if they attack", "unless Israel withdraws").
//!
//! A flat window of words before the trigger cannot tell "said they would boycott" (a
//! reported intent) from "would have boycotted" (a counterfactual), or see that "closed" in
//! "threatened to break relations unless the Kremlin closed its base" never happened. The
//! parse can: the modal belongs to the trigger's own clause, and a condition is a clause
//! marked "if" or "unless" on the path from the trigger up to the sentence's root.

use crate::roles::SentenceSyntax;
use model::{Modality, Pos, Rel};

/// What the parse says of a trigger's act.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mood {
    pub modality: Modality,
    pub negated: bool,
    /// Why the act is not asserted, for `explain` (empty when it is).
    pub why: String,
    /// An obligation ("must", "should", "has to") in the complement of this verb (a verb of
    /// saying): the speaker demands the act of the complement's subject.
    pub demanded_by: Option<usize>,
    /// The act's clause states what follows from a condition ("will withdraw unless ..."):
    /// said of a future act, a threat when the act is conflict or the condition is "unless".
    /// The condition's word, "if" or "unless".
    pub condition: Option<&'static str>,
}

/// Words marking a clause as a condition, or as an open question.
const CONDITIONS: &[&str] = &["if", "unless", "whether", "lest"];

/// Verbs and adjectives whose complement is someone's forecast, not an act or an actor's own
/// declared intent ("is expected to visit", "is likely to veto").
const FORECAST: &[&str] = &[
    "expected",
    "expect",
    "expects",
    "likely",
    "unlikely",
    "supposed",
    "predicted",
    "rumored",
    "rumoured",
    "tipped",
];

/// Words whose complement is an act declared, planned or firmly scheduled ("plans to",
/// "is set to", "is due to", "is going to").
pub(crate) const PLANNED: &[&str] = &[
    "plan",
    "plans",
    "planned",
    "planning",
    "intend",
    "intends",
    "intended",
    "intending",
    "aim",
    "aims",
    "aiming",
    "set",
    "due",
    "scheduled",
    "going",
    "want",
    "wants",
    "wanted",
    "hope",
    "hopes",
    "hoped",
    "hoping",
    "wish",
    "wishes",
    "vowed",
    "vows",
    "pledged",
    "pledges",
    "promised",
    "promises",
    // Commitments and readiness: "has agreed to reopen its borders", "is willing to withdraw",
    // "is prepared to impose martial law", "offered to mediate", "has sworn to fight".
    "agree",
    "agrees",
    "agreed",
    "willing",
    "prepared",
    "ready",
    "committed",
    "offer",
    "offers",
    "offered",
    "sworn",
    "swore",
];

/// Words whose complement did not happen ("refused to meet", "failed to agree").
const NOT_DONE: &[&str] = &[
    "refuse", "refuses", "refused", "refusing", "fail", "fails", "failed", "failing", "declined",
    "declines", "decline",
];

/// Verbs whose complement is what someone wants another to do, not what was done ("demanded
/// that Israel ease restrictions", "urged Iran to halt", "asked them to leave"): the want is
/// the event (a demand or an appeal), the wanted act is not.
const WANTED: &[&str] = &[
    "demand",
    "demands",
    "demanded",
    "demanding",
    "urge",
    "urges",
    "urged",
    "urging",
    "ask",
    "asks",
    "asked",
    "asking",
    "request",
    "requests",
    "requested",
    "requesting",
    "appeal",
    "appeals",
    "appealed",
    "appealing",
    "press",
    "presses",
    "pressed",
    "pressing",
    "order",
    "orders",
    "ordered",
    "ordering",
    "encourage",
    "encourages",
    "encouraged",
    "encouraging",
    "invite",
    "invites",
    "invited",
    "inviting",
    "implore",
    "implored",
    "beg",
    "begged",
    "exhort",
    "exhorted",
    "pressure",
    "pressured",
    "pressuring",
];

/// Verbs after which a subjunctive ("insisted that he resign") is a demand.
const INSISTED: &[&str] = &[
    "insist",
    "insists",
    "insisted",
    "insisting",
    "recommend",
    "recommends",
    "recommended",
    "propose",
    "proposes",
    "proposed",
    "suggest",
    "suggests",
    "suggested",
];

/// Words of obligation that take an infinitive ("has to withdraw", "needs to stop").
const OBLIGED: &[&str] = &["have", "has", "had", "need", "needs", "needed", "ought"];

impl SentenceSyntax<'_> {
    /// The mood of the act a trigger at token `t` names; `as_verb` when it is read as a verb.
    pub fn mood(&self, t: usize, as_verb: bool) -> Mood {
        let mut mood = Mood {
            modality: Modality::Asserted,
            negated: false,
            why: String::new(),
            demanded_by: None,
            condition: None,
        };
        if !(as_verb && self.tag(t).is_verb())
            && self
                .kids(t)
                .any(|k| self.word(k) == "no" && self.rel(k) == Rel::Det)
        {
            mood.negated = true;
        }
        let Some(chain) = self.chain(t, as_verb) else {
            self.conditions(t, &mut mood);
            return mood;
        };
        let c = chain[0];
        let top = chain[chain.len() - 1];
        mood.condition = chain.iter().find_map(|&x| {
            self.kids(x)
                .filter(|&k| self.rel(k) == Rel::Advcl)
                .find_map(|k| self.condition_mark(k))
                .map(|m| {
                    if self.word(m) == "unless" {
                        "unless"
                    } else {
                        "if"
                    }
                })
        });
        for (i, &x) in chain.iter().enumerate() {
            if self
                .kids(x)
                .any(|k| self.rel(k) == Rel::Neg || self.word(k) == "nor")
            {
                mood.negated = !mood.negated;
            }
            if i > 0 && self.rel(chain[i - 1]) == Rel::Xcomp {
                let w = self.word(x);
                if WANTED.contains(&w) {
                    mood.set(
                        Modality::Hypothetical,
                        format!("wanted of others ('{w} ... to')"),
                    );
                } else if NOT_DONE.contains(&w) {
                    mood.negated = !mood.negated;
                } else if FORECAST.contains(&w) {
                    mood.set(Modality::Hypothetical, format!("a forecast ('{w} to')"));
                } else if PLANNED.contains(&w) {
                    mood.set(Modality::Future, format!("planned ('{w} to')"));
                } else if OBLIGED.contains(&w) {
                    mood.oblige(self, top, format!("an obligation ('{w} to')"));
                }
            }
            for k in self.kids(x) {
                if !matches!(self.rel(k), Rel::Aux | Rel::Auxpass) {
                    continue;
                }
                let w = self.word(k);
                match w {
                    "will" | "'ll" | "shall" | "wo" => {
                        mood.set(Modality::Future, format!("future ('{w}')"));
                    }
                    "would" | "'d" => {
                        // Reported speech shifts "will" back: "said they would boycott".
                        let reported = self.rel(top) == Rel::Ccomp
                            && self
                                .parse
                                .head(top)
                                .is_some_and(|h| matches!(self.tag(h), Pos::Vbd | Pos::Vbn));
                        if reported || self.conditional_main(top) {
                            mood.set(Modality::Future, format!("intended ('{w}')"));
                        } else {
                            mood.set(Modality::Hypothetical, format!("hypothetical ('{w}')"));
                        }
                    }
                    // "could not reach a deal": it did not happen.
                    "could" | "can" | "ca" if mood.negated => {}
                    "could" | "might" | "may" | "can" | "ca" => {
                        mood.set(Modality::Hypothetical, format!("possible only ('{w}')"));
                    }
                    "must" | "should" | "ought" => {
                        mood.oblige(self, top, format!("an obligation ('{w}')"));
                    }
                    _ => {}
                }
            }
        }
        // "demanded that Israel ease restrictions": the demand happened, the easing did not.
        // "insisted that Hamas be disarmed": a subjunctive after a verb of insisting makes the
        // insisting a demand on the complement's subject.
        if self.rel(top) == Rel::Ccomp {
            if let Some(h) = self.parse.head(top) {
                let w = self.word(h);
                if WANTED.contains(&w) {
                    mood.set(
                        Modality::Hypothetical,
                        format!("wanted of others ('{w} that')"),
                    );
                } else if INSISTED.contains(&w) && self.subjunctive(top) {
                    mood.oblige(self, top, format!("a subjunctive after '{w}'"));
                }
            }
        }
        self.conditions(c, &mut mood);
        mood
    }

    /// The verbs a trigger's act depends on: the trigger's own verb (for a noun, the verb it
    /// hangs on: "held talks", "will impose sanctions"), then the verbs it is the complement
    /// of ("could decide to attack"), or, for a verb joined to another with no auxiliary or
    /// subject of its own, that other verb ("will meet and sign"). None for a noun on no verb.
    fn chain(&self, t: usize, as_verb: bool) -> Option<Vec<usize>> {
        let mut c = t;
        if !(as_verb && self.tag(t).is_verb()) {
            let mut k = t;
            for _ in 0..3 {
                match self.parse.head(k) {
                    Some(h) if self.tag(h).is_verb() => {
                        c = h;
                        break;
                    }
                    Some(h) if matches!(self.rel(k), Rel::Dobj | Rel::Pobj | Rel::Prep) => k = h,
                    _ => break,
                }
            }
            if c == t {
                return None;
            }
        }
        let mut chain = vec![c];
        while chain.len() < 5 {
            let x = chain[chain.len() - 1];
            let Some(h) = self.parse.head(x) else { break };
            let own = self
                .kids(x)
                .any(|k| matches!(self.rel(k), Rel::Aux | Rel::Nsubj | Rel::Nsubjpass));
            match self.rel(x) {
                Rel::Xcomp => chain.push(h),
                Rel::Conj if self.tag(h).is_verb() && !own => chain.push(h),
                _ => break,
            }
        }
        Some(chain)
    }

    /// Whether a trigger's act is only what someone is charged with: a gerund after "of" or
    /// "for" ("accused the US of violating the deal", "suspected of blowing up", "criticised
    /// for helping"), which the sentence reports as an accusation, not as an act. The reason,
    /// when it is. (Relative clauses and clauses of time, "after crowds burned its embassy",
    /// tell past acts that readers of whole articles do code.)
    pub fn charged(&self, t: usize, as_verb: bool) -> Option<String> {
        let chain = self.chain(t, as_verb)?;
        let top = chain[chain.len() - 1];
        if self.rel(top) != Rel::Pcomp || self.tag(top) != Pos::Vbg {
            return None;
        }
        self.parse
            .head(top)
            .filter(|&p| matches!(self.word(p), "of" | "for"))
            .map(|p| format!("a charge ('{}' + gerund)", self.word(p)))
    }

    /// A condition or a question around token `c`: a clause marked "if" or "unless" on the
    /// way up to the root, or a sentence ending in a question mark.
    fn conditions(&self, c: usize, mood: &mut Mood) {
        let mut k = c;
        for _ in 0..8 {
            if matches!(self.rel(k), Rel::Advcl | Rel::Ccomp | Rel::Csubj) {
                if let Some(m) = self.condition_mark(k) {
                    let w = self.word(m);
                    mood.force(Modality::Hypothetical, format!("a condition ('{w}')"));
                    return;
                }
            }
            match self.parse.head(k) {
                Some(h) => k = h,
                None => break,
            }
        }
        if !self.parse.is_empty() && self.word(self.parse.len() - 1) == "?" {
            mood.force(Modality::Hypothetical, "a question".into());
        }
    }

    /// Whether a clause states what follows from a condition ("we will retaliate if they
    /// attack"): a declared, conditional intent.
    fn conditional_main(&self, top: usize) -> bool {
        self.kids(top)
            .any(|k| self.rel(k) == Rel::Advcl && self.condition_mark(k).is_some())
    }

    /// Whether a clause's verb is a subjunctive: the base form with a subject of its own and no
    /// auxiliary ("that he resign"), or a passive on a bare "be" ("that Hamas be disarmed").
    fn subjunctive(&self, v: usize) -> bool {
        let subject = self
            .kids(v)
            .any(|k| matches!(self.rel(k), Rel::Nsubj | Rel::Nsubjpass));
        let auxes: Vec<usize> = self
            .kids(v)
            .filter(|&k| matches!(self.rel(k), Rel::Aux | Rel::Auxpass))
            .collect();
        subject
            && match auxes.as_slice() {
                [] => self.tag(v) == Pos::Vb,
                [a] => self.rel(*a) == Rel::Auxpass && self.word(*a) == "be",
                _ => false,
            }
    }

    /// The word marking clause `k` as a condition ("if", "unless"), if one does.
    fn condition_mark(&self, k: usize) -> Option<usize> {
        self.kids(k)
            .find(|&m| self.rel(m) == Rel::Mark && CONDITIONS.contains(&self.word(m)))
    }
}

impl Mood {
    /// Takes a modality unless a stronger reason was found already (a condition, or a
    /// possibility, outweighs a plan).
    fn set(&mut self, modality: Modality, why: String) {
        if self.modality == Modality::Asserted
            || (self.modality == Modality::Future && modality == Modality::Hypothetical)
        {
            self.modality = modality;
            self.why = why;
        }
    }

    fn force(&mut self, modality: Modality, why: String) {
        self.modality = modality;
        self.why = why;
    }

    /// An obligation: not an act; when its clause is what a verb of saying says, that verb's
    /// speaker demands it.
    fn oblige(&mut self, syn: &SentenceSyntax<'_>, top: usize, why: String) {
        self.set(Modality::Hypothetical, why);
        if syn.rel(top) == Rel::Ccomp {
            self.demanded_by = syn.parse.head(top);
        }
    }
}
