//! Actor resolution on real sentences from the seed articles and the news.

use super::*;
use model::{Doc, Mention, Span};

fn resolve(text: &str) -> (Doc, Vec<Mention>) {
    let mut doc = Doc::from_text("t", text);
    doc.body = vec![Span::new(0, text.len())];
    segment_for_test(&mut doc);
    ActorResolver::builtin().run(&mut doc);
    let m = doc.mentions.clone();
    (doc, m)
}

/// A minimal segmentation (one sentence per line) so these tests do not depend on the
/// segmenter crate.
fn segment_for_test(doc: &mut Doc) {
    let mut at = 0;
    for line in doc.text.clone().split_inclusive('\n') {
        let body = line.trim_end();
        let start = doc.tokens.len();
        model::tokenize(&doc.text, Span::new(at, at + body.len()), &mut doc.tokens);
        if doc.tokens.len() > start {
            doc.sentences.push(model::Sentence {
                span: Span::new(at, at + body.len()),
                tokens: start..doc.tokens.len(),
            });
        }
        at += line.len();
    }
}

fn find<'a>(doc: &Doc, ms: &'a [Mention], text: &str) -> &'a Mention {
    ms.iter()
        .find(|m| doc.slice(m.span) == text)
        .unwrap_or_else(|| {
            panic!(
                "no mention {text:?} in {:?}",
                ms.iter().map(|m| doc.slice(m.span)).collect::<Vec<_>>()
            )
        })
}

#[test]
fn gazetteers_load() {
    let g = Gazetteer::builtin();
    assert!(g.countries.len() >= 193);
    assert!(g.people.iter().any(|p| p.name == "Vladimir Putin"));
}

#[test]
fn descriptor_resolves_an_unknown_ambassador() {
    let (doc, ms) =
        resolve("Russian ambassador to the US Anatoly Antonov has issued a dire assessment.");
    let m = find(&doc, &ms, "Russian ambassador to the US Anatoly Antonov");
    assert_eq!(m.actor.code, "RUSGOV");
    assert_eq!(m.actor.country.as_deref(), Some("RUS"));
    assert_eq!(m.actor.sector.as_deref(), Some("GOV"));
    assert_eq!(m.actor.role.as_deref(), Some("diplomat"));
    assert_eq!(m.actor.posted_to.as_deref(), Some("USA"));
    assert_eq!(m.actor.name.as_deref(), Some("Anatoly Antonov"));
}

#[test]
fn possessive_country_title_and_metonyms() {
    let (doc, ms) = resolve("Russia’s Foreign Ministry summoned the ambassador, the Kremlin said, as Washington imposed sanctions on the people of Russia.");
    assert_eq!(
        find(&doc, &ms, "Russia’s Foreign Ministry").actor.code,
        "RUSGOV"
    );
    assert_eq!(find(&doc, &ms, "Kremlin").actor.code, "RUSGOV");
    assert_eq!(
        find(&doc, &ms, "Washington").actor.country.as_deref(),
        Some("USA")
    );
    let people = find(&doc, &ms, "people of Russia");
    assert_eq!(people.actor.country.as_deref(), Some("RUS"));
}

#[test]
fn surnames_titles_and_pronouns_corefer() {
    let text = "Russia’s Ambassador to the United States Anatoly Antonov will likely not return.\nU.S. President Joe Biden spoke to reporters.\nAmbassador Antonov explained that he had expected a visit.\nHe then noted that the ambassador was ignored.\nPutin will decide.";
    let (doc, ms) = resolve(text);
    let full = ms
        .iter()
        .position(|m| m.actor.name.as_deref() == Some("Anatoly Antonov"))
        .unwrap();
    let later = find(&doc, &ms, "Ambassador Antonov");
    assert_eq!(later.actor.code, "RUSGOV");
    assert_eq!(later.antecedent, Some(full));
    let he: Vec<&Mention> = ms
        .iter()
        .filter(|m| doc.slice(m.span).eq_ignore_ascii_case("he"))
        .collect();
    assert_eq!(he.len(), 2);
    for m in he {
        assert_eq!(
            m.actor.name.as_deref(),
            Some("Anatoly Antonov"),
            "pronoun at {:?}",
            m.span
        );
    }
    assert_eq!(
        find(&doc, &ms, "ambassador").actor.name.as_deref(),
        Some("Anatoly Antonov")
    );
    let biden = find(&doc, &ms, "U.S. President Joe Biden");
    assert_eq!(biden.actor.code, "USAGOV");
    // "Putin" alone was never introduced in this text, so it is not guessed from a surname.
    assert!(ms.iter().all(|m| doc.slice(m.span) != "Putin"));
}

#[test]
fn dated_roles_follow_the_publication_date() {
    let text = "Joe Biden met Donald Trump.";
    let mut doc = Doc::from_text("t", text);
    doc.meta.date = model::Date::ymd(2022, 5, 1);
    doc.body = vec![Span::new(0, text.len())];
    segment_for_test(&mut doc);
    ActorResolver::builtin().run(&mut doc);
    assert_eq!(doc.mentions[0].actor.code, "USAGOV");
    assert_eq!(doc.mentions[1].actor.code, "USAELI");
}

#[test]
fn opposition_descriptor_and_headlines() {
    let (doc, ms) = resolve("It followed the jailing of poisoned Russian opposition politician Alexei Navalny.\nRussian Envoy Unlikely to Return to U.S. in Near Future, Deputy FM Says");
    let n = find(&doc, &ms, "Russian opposition politician Alexei Navalny");
    assert_eq!(n.actor.code, "RUSOPP");
    // Title case in a headline is not taken for a name.
    assert!(ms
        .iter()
        .all(|m| m.actor.name.as_deref() != Some("FM Says")));
}

#[test]
fn quoted_they_refers_to_someone_the_speaker_named() {
    let text = "\"The timing will depend on what steps Washington takes on the bilateral track,” Deputy Foreign Minister Sergei Ryabkov told RIA Novosti.\n“We expect that they will still be able to normalize our relations,\" he was quoted as saying.";
    let (doc, ms) = resolve(text);
    let regions = doc.quote_regions();
    assert_eq!(regions.len(), 2, "{regions:?}");
    let they = find(&doc, &ms, "they");
    assert_eq!(they.actor.country.as_deref(), Some("USA"));
    let he = find(&doc, &ms, "he");
    assert_eq!(he.actor.name.as_deref(), Some("Sergei Ryabkov"));
}

/// As `resolve`, with the named-entity tagger run first (as the standard pipeline does) and a
/// publication date.
fn resolve_tagged(text: &str, date: Option<model::Date>) -> (Doc, Vec<Mention>) {
    let mut doc = Doc::from_text("t", text);
    doc.meta.date = date;
    doc.body = vec![Span::new(0, text.len())];
    segment_for_test(&mut doc);
    tagger::EntityTagger::builtin().run(&mut doc);
    ActorResolver::builtin().run(&mut doc);
    let m = doc.mentions.clone();
    (doc, m)
}

#[test]
fn a_person_no_table_knows_takes_the_actor_of_the_apposition_after_the_name() {
    let (doc, ms) = resolve_tagged(
        "Vasily Nikiforov, a Russian deputy foreign minister, said the talks had failed.",
        None,
    );
    let m = find(&doc, &ms, "Vasily Nikiforov");
    assert_eq!(m.actor.code, "RUSGOV");
    assert_eq!(m.actor.name.as_deref(), Some("Vasily Nikiforov"));
}

#[test]
fn a_person_no_table_knows_is_still_a_pronoun_antecedent() {
    let text =
        "Negotiator Vasily Nikiforov arrived in Geneva on Monday.\nHe said the talks had failed.";
    let (doc, ms) = resolve_tagged(text, None);
    let he = find(&doc, &ms, "He");
    let antecedent = &ms[he.antecedent.expect("he has an antecedent")];
    assert_eq!(antecedent.actor.name.as_deref(), Some("Vasily Nikiforov"));
}

#[test]
fn a_bare_surname_is_the_one_office_holder_of_that_name_on_the_date() {
    // The tagger does not know "Lavrov" first in a sentence; the verb of speech after it does.
    let text = "Lavrov said Moscow would respond to the sanctions.";
    let (doc, ms) = resolve_tagged(text, model::Date::ymd(2020, 6, 1));
    let m = find(&doc, &ms, "Lavrov");
    assert_eq!(m.actor.code, "RUSGOV");
    assert_eq!(m.actor.name.as_deref(), Some("Sergei Lavrov"));
    // Without a date the dictionary cannot say who holds office.
    let (doc, ms) = resolve_tagged(text, None);
    assert!(ms
        .iter()
        .filter(|m| doc.slice(m.span) == "Lavrov")
        .all(|m| m.actor.code.is_empty()));
}

#[test]
fn a_word_that_is_also_an_office_holders_surname_stays_a_word() {
    // Theresa May was prime minister in 2018, Samantha Power ambassador to the UN in 2015.
    for (text, date) in [
        (
            "Talks resume in May, and Power was cut in the capital.",
            model::Date::ymd(2018, 3, 1),
        ),
        ("Power was cut on 5 May.", model::Date::ymd(2015, 3, 1)),
    ] {
        let (doc, ms) = resolve_tagged(text, date);
        for m in &ms {
            assert!(
                !matches!(
                    m.actor.name.as_deref(),
                    Some("Theresa May" | "Samantha Power")
                ),
                "{:?} taken for {:?} in {text:?}",
                doc.slice(m.span),
                m.actor.name
            );
        }
    }
}

#[test]
fn a_former_office_holder_is_elite_and_a_title_outranks_a_stale_dictionary() {
    let (doc, ms) = resolve_tagged(
        "Former President Jacques Chirac criticised the plan.",
        model::Date::ymd(2010, 3, 1),
    );
    assert_eq!(
        find(&doc, &ms, "Former President Jacques Chirac")
            .actor
            .code,
        "FRAELI"
    );
    let (doc, ms) = resolve_tagged(
        "Ex-President Jacques Chirac criticised the plan.",
        model::Date::ymd(2010, 3, 1),
    );
    let chirac = ms
        .iter()
        .find(|m| m.actor.name.as_deref() == Some("Jacques Chirac"))
        .unwrap_or_else(|| panic!("no Chirac in {:?}", doc.mentions));
    assert_eq!(chirac.actor.code, "FRAELI");
    // The dictionary has Gbagbo out of office before October 2000; the text calls him
    // president, and the text is what the reporter saw.
    let (doc, ms) = resolve_tagged(
        "President Laurent Gbagbo extended the curfew in Abidjan.",
        model::Date::ymd(2000, 1, 1),
    );
    assert_eq!(
        find(&doc, &ms, "President Laurent Gbagbo").actor.code,
        "CIVGOV"
    );
}

/// Issue 10: "President Trump" goes through the dated lookup; outside every dated role a
/// person is an elite of their country, never another term's role.
#[test]
fn a_title_and_surname_take_the_office_of_the_date_and_no_other_term() {
    let (doc, ms) = resolve_tagged(
        "President Trump criticized Mexico.",
        model::Date::ymd(2018, 5, 1),
    );
    assert_eq!(find(&doc, &ms, "Trump").actor.code, "USAGOV");
    // In 2016 Trump held no office: a full name makes him an elite of his country.
    let (doc, ms) = resolve_tagged(
        "Donald Trump criticized Mexico.",
        model::Date::ymd(2016, 5, 1),
    );
    let trump = find(&doc, &ms, "Donald Trump");
    assert_eq!(trump.actor.code, "USAELI");
    assert_ne!(trump.actor.role.as_deref(), Some("head of state"));
}

/// Issue 10: a bare institution takes its country from the document; a treaty is no actor.
#[test]
fn a_bare_institution_takes_its_country_from_the_text_and_a_treaty_is_no_actor() {
    let (doc, ms) = resolve_tagged(
        "Russia's Foreign Ministry said the talks had failed.\nThe Foreign Ministry also criticized NATO.\nCanada left the North American Free Trade Agreement.",
        model::Date::ymd(2018, 5, 1),
    );
    let later = ms
        .iter()
        .rfind(|m| doc.slice(m.span) == "Foreign Ministry")
        .unwrap_or_else(|| panic!("no bare Foreign Ministry in {:?}", doc.mentions));
    assert_eq!(later.actor.code, "RUSGOV");
    assert!(
        !ms.iter().any(|m| doc.slice(m.span).contains("Agreement")),
        "{:?}",
        ms.iter().map(|m| doc.slice(m.span)).collect::<Vec<_>>()
    );
}

#[test]
fn a_title_and_a_family_name_find_the_person_in_every_table() {
    // Robert Mugabe is only in the Phoenix table, whose surnames are not matched alone; after
    // a title the word is a name. A Chinese name's family name comes first.
    for (text, surface, code, name, date) in [
        (
            "President Mugabe rejected the plan.",
            "President Mugabe",
            "ZWEGOV",
            "Robert Mugabe",
            (2010, 1, 1),
        ),
        (
            "President Xi met the delegation.",
            "President Xi",
            "CHNGOV",
            "Xi Jinping",
            (2019, 3, 20),
        ),
    ] {
        let (doc, ms) = resolve_tagged(text, model::Date::ymd(date.0, date.1, date.2));
        let m = find(&doc, &ms, surface);
        assert_eq!(m.actor.code, code, "{text}");
        assert_eq!(m.actor.name.as_deref(), Some(name), "{text}");
    }
}

#[test]
fn a_government_named_by_its_leader_is_that_leaders_countrys() {
    for text in [
        "The Obama administration imposed sanctions on Russia.",
        "The Erdogan government arrested journalists.",
    ] {
        let (doc, ms) = resolve_tagged(text, model::Date::ymd(2014, 6, 1));
        let body = ms
            .iter()
            .find(|m| matches!(doc.slice(m.span), "administration" | "government"))
            .unwrap_or_else(|| panic!("no government in {text}"));
        assert!(
            matches!(body.actor.code.as_str(), "USAGOV" | "TURGOV"),
            "{text}: {:?}",
            body.actor
        );
    }
    // A government with no name before it stays without a country here.
    let (doc, ms) = resolve_tagged("The government arrested journalists.", None);
    assert_eq!(find(&doc, &ms, "government").actor.country, None);
}

/// A people is coded by the country it lives in: "Bosnian Serbs" are Bosnia's, "ethnic
/// Albanians in south Serbia" Serbia's; a demonym alone stays the people's own country.
#[test]
fn a_people_takes_the_country_it_lives_in() {
    let (doc, ms) = resolve("Bosnian Serbs demanded a truce with Moslem forces.");
    assert_eq!(
        find(&doc, &ms, "Bosnian Serbs").actor.country.as_deref(),
        Some("BIH")
    );
    let (doc, ms) = resolve("Ethnic Albanians in south Serbia are demanding a U.N. presence.");
    let albanians = ms
        .iter()
        .find(|m| doc.slice(m.span).contains("Albanians"))
        .expect("a mention of the Albanians");
    assert_eq!(
        albanians.actor.country.as_deref(),
        Some("SRB"),
        "{:?}",
        doc.slice(albanians.span)
    );
    assert!(!ms.iter().any(|m| doc.slice(m.span) == "Serbia"));
    let (doc, ms) = resolve("Albanians protested in Tirana.");
    assert_eq!(
        find(&doc, &ms, "Albanians").actor.country.as_deref(),
        Some("ALB")
    );
    // "from" is where people come from, not where they live.
    let (doc, ms) = resolve("Serbs from Kosovo arrived.");
    assert_eq!(
        find(&doc, &ms, "Serbs").actor.country.as_deref(),
        Some("SRB")
    );
    // A stateless people is coded by the country the adjective names; believers are not.
    let (doc, ms) = resolve("Syrian Kurds marched through Qamishli on Friday.");
    assert_eq!(
        find(&doc, &ms, "Syrian Kurds").actor.country.as_deref(),
        Some("SYR")
    );
    let (doc, ms) = resolve("American Muslims gathered in Dearborn on Friday.");
    assert!(
        !ms.iter().any(|m| doc.slice(m.span).contains("Muslims")),
        "{:?}",
        ms.iter().map(|m| doc.slice(m.span)).collect::<Vec<_>>()
    );
}

/// A title and a surname on a date when nobody of that name is in office: the title says
/// what they are, and the dictionary's one country of that name where.
#[test]
fn a_titled_surname_out_of_office_keeps_its_country() {
    let (doc, ms) = resolve_tagged(
        "President Bush has threatened further action against Russia.",
        model::Date::ymd(2000, 1, 1),
    );
    let bush = find(&doc, &ms, "President Bush");
    assert_eq!(bush.actor.code, "USAGOV");
}

/// Forces led by a country are its own; people "throughout" or "across" a country are of it;
/// a preposition ends a descriptor.
#[test]
fn led_forces_and_people_throughout_a_country_take_its_country() {
    let (doc, ms) = resolve(
        "Vietnamese-led forces launched artillery fire against Kampuchean guerrilla camps.",
    );
    assert_eq!(
        find(&doc, &ms, "Vietnamese-led forces").actor.code,
        "VNMMIL"
    );
    assert!(
        !ms.iter().any(|m| doc.slice(m.span).contains("against")),
        "{:?}",
        ms.iter().map(|m| doc.slice(m.span)).collect::<Vec<_>>()
    );
    let (doc, ms) = resolve("University students throughout Indonesia staged demonstrations.");
    let students = ms
        .iter()
        .find(|m| doc.slice(m.span).contains("students"))
        .expect("a mention of the students");
    assert_eq!(students.actor.country.as_deref(), Some("IDN"));
    // Backed by a country is not of it.
    let (doc, ms) = resolve("Iranian-backed militias attacked the base.");
    assert!(!ms.iter().any(
        |m| doc.slice(m.span).contains("militias") && m.actor.country.as_deref() == Some("IRN")
    ));
}
