//! The coder on real sentences, through the built-in dictionary.

use super::*;
use model::{Actor, Doc, Mention, MentionKind, Sentence, Span};

#[test]
fn builtin_dictionary_loads_and_uses_known_codes() {
    let dict = read_dictionary(BUILTIN_FILES).unwrap();
    assert!(dict.entries.len() > 4000);
    let table = CodeTable::builtin();
    let unknown = dict.unknown_codes(&table);
    // CAMEO.2.0 uses 176 (a code PETRARCH added, "attack cybernetically") and nothing else
    // outside the codebook.
    assert!(unknown.iter().all(|c| *c == "176"), "{unknown:?}");
}

/// A document with one sentence, tokenized, and mentions placed on the given surfaces.
fn doc_with(text: &str, actors: &[(&str, &str, MentionKind)]) -> Doc {
    let mut doc = Doc::from_text("t", text);
    doc.body = vec![Span::new(0, text.len())];
    model::tokenize(&doc.text, Span::new(0, text.len()), &mut doc.tokens);
    doc.sentences.push(Sentence {
        span: Span::new(0, text.len()),
        tokens: 0..doc.tokens.len(),
    });
    for (surface, code, kind) in actors {
        let start = text.find(surface).unwrap();
        let country = Some(code[..3].to_string());
        let sector = (code.len() > 3).then(|| code[3..].to_string());
        doc.mentions.push(Mention {
            span: Span::new(start, start + surface.len()),
            sentence: 0,
            kind: *kind,
            actor: Actor {
                code: code.to_string(),
                country,
                sector,
                ..Actor::default()
            },
            antecedent: None,
            // The actor stage marks a lone demonym before a noun as adjectival; so do we here.
            adjectival: *kind == MentionKind::Country && surface.ends_with("an"),
        });
    }
    doc.mentions.sort_by_key(|m| m.span.start);
    doc
}

fn coded(doc: &mut Doc) -> Vec<(String, String, String)> {
    Coder::builtin().run(doc);
    doc.events
        .iter()
        .map(|e| {
            let code = |i: Option<usize>, over: &Option<Actor>| {
                over.as_ref()
                    .map(|a| a.code.clone())
                    .or_else(|| i.map(|i| doc.mentions[i].actor.code.clone()))
                    .unwrap_or_default()
            };
            (
                e.cameo.clone(),
                code(e.source, &e.source_actor),
                code(e.target, &e.target_actor),
            )
        })
        .collect()
}

#[test]
fn codes_sanctions_with_source_and_target() {
    let mut doc = doc_with(
        "Washington has ratcheted anti-Russian sanctions related to the Ukraine war.",
        &[
            ("Washington", "USA", MentionKind::Metonym),
            ("Russian", "RUS", MentionKind::Country),
            ("Ukraine", "UKR", MentionKind::Country),
        ],
    );
    assert_eq!(
        coded(&mut doc)[0],
        ("163".into(), "USA".into(), "RUS".into())
    );
}

#[test]
fn passive_swaps_roles_and_by_names_the_agent() {
    let mut doc = doc_with(
        "Eriador was condemned by Osgiliath on Monday.",
        &[
            ("Eriador", "ERIGOV", MentionKind::Country),
            ("Osgiliath", "OSGGOV", MentionKind::Country),
        ],
    );
    let events = coded(&mut doc);
    assert_eq!(events[0].1, "OSGGOV");
    assert_eq!(events[0].2, "ERIGOV");
}

#[test]
fn a_recalled_diplomat_is_recalled_by_his_own_government() {
    let mut doc = doc_with(
        "Antonov was recalled to Moscow last month.",
        &[
            ("Antonov", "RUSGOV", MentionKind::Person),
            ("Moscow", "RUS", MentionKind::Metonym),
        ],
    );
    doc.mentions[0].actor.posted_to = Some("USA".into());
    let events = coded(&mut doc);
    assert_eq!(events, vec![("161".into(), "RUSGOV".into(), "USA".into())]);
    assert!(
        doc.events[0].rule.contains("passive=own-government"),
        "{}",
        doc.events[0].rule
    );
    // The active "recalled that" is remembering, not a recall.
    let mut doc = doc_with(
        "Putin recalled that Russia had warned Washington.",
        &[
            ("Putin", "RUSGOV", MentionKind::Person),
            ("Russia", "RUS", MentionKind::Country),
            ("Washington", "USA", MentionKind::Metonym),
        ],
    );
    assert!(coded(&mut doc).iter().all(|(c, _, _)| !c.starts_with("16")));
}

#[test]
fn nouns_read_as_nouns_and_negation_and_modality_are_marked() {
    let mut doc = doc_with(
        "Russia condemned the attack in Kyiv.",
        &[
            ("Russia", "RUS", MentionKind::Country),
            ("Kyiv", "UKR", MentionKind::Metonym),
        ],
    );
    let events = coded(&mut doc);
    // "attack" after "the" is a noun, and Kyiv is where it happened, not a target.
    assert_eq!(events, vec![("111".into(), "RUS".into(), "".into())]);
    let mut doc = doc_with(
        "China will not sanction Iran.",
        &[
            ("China", "CHN", MentionKind::Country),
            ("Iran", "IRN", MentionKind::Country),
        ],
    );
    Coder::builtin().run(&mut doc);
    let e = &doc.events[0];
    assert!(e.negated);
    assert_eq!(e.modality, model::Modality::Future);
}

#[test]
fn nominal_forms_code_the_actor_before_the_noun() {
    let mut doc = doc_with(
        "American sanctions on Russia took effect on Friday.",
        &[
            ("American", "USA", MentionKind::Country),
            ("Russia", "RUS", MentionKind::Country),
        ],
    );
    assert_eq!(
        coded(&mut doc),
        vec![("163".into(), "USA".into(), "RUS".into())]
    );
    assert!(doc.events[0].rule.contains("=sanction"));
}

#[test]
fn coordinated_actors_give_one_event_each() {
    let mut doc = doc_with(
        "Gondor and Osgiliath condemned Mordor.",
        &[
            ("Gondor", "GONGOV", MentionKind::Country),
            ("Osgiliath", "OSGGOV", MentionKind::Country),
            ("Mordor", "MORGOV", MentionKind::Country),
        ],
    );
    let mut events = coded(&mut doc);
    events.sort();
    assert_eq!(
        events,
        vec![
            ("111".into(), "GONGOV".into(), "MORGOV".into()),
            ("111".into(), "OSGGOV".into(), "MORGOV".into())
        ]
    );
}

#[test]
fn future_cooperation_is_coded_as_intent() {
    let mut doc = doc_with(
        "Portugal will support Turkey.",
        &[
            ("Portugal", "PRT", MentionKind::Country),
            ("Turkey", "TUR", MentionKind::Country),
        ],
    );
    let events = coded(&mut doc);
    assert_eq!(events[0].0, "032");
    assert!(doc.events[0].rule.contains("coded as intent"));
}

#[test]
fn a_petrarch_pattern_that_spells_out_the_negation_codes_the_negated_act() {
    // PETRARCH writes clitics apart ("DID N'T"); they are the tokens "didn't" gives. A pattern
    // that names the negation codes it, so its event is not negated again, and a PETRARCH
    // dictionary's future acts keep their codes (no recoding as intent).
    let verbs =
        "&NEGAUX\n+DID_N'T\n+WILL_NOT\n\n---  CLASH   [121]  ---\nCLASH\n- &NEGAUX * OVER [904]\n";
    let (dict, _) = crate::petrarch::import("v.txt", verbs).unwrap();
    assert!(dict.flat_reading);
    let coder = Coder::new(dict);
    for text in [
        "Russia didn't clash over Ukraine.",
        "Russia will not clash over Ukraine.",
    ] {
        let mut doc = doc_with(
            text,
            &[
                ("Russia", "RUS", MentionKind::Country),
                ("Ukraine", "UKR", MentionKind::Country),
            ],
        );
        coder.run(&mut doc);
        let e = &doc.events[0];
        assert_eq!(
            (e.cameo.as_str(), e.negated),
            ("904", false),
            "{text}: {:?}",
            doc.events
        );
    }
    let mut doc = doc_with(
        "Russia clashed over Ukraine.",
        &[
            ("Russia", "RUS", MentionKind::Country),
            ("Ukraine", "UKR", MentionKind::Country),
        ],
    );
    coder.run(&mut doc);
    assert_eq!(doc.events[0].cameo, "121", "{:?}", doc.events);
}
