//! Tests of the lexicon: the built-in files load, look-ups agree with
//! plain scans, and a bad row is an error naming its file and line.

use super::*;

#[test]
fn the_builtin_data_files_load() {
    let lexicon = Lexicon::builtin().unwrap();
    assert!(lexicon.entries.len() > 1000);
    assert_eq!(lexicon.entry_by_name("전북특별자치도").unwrap().kind, ActorKind::Province);
    assert_eq!(lexicon.title("지사").unwrap().canonical, "도지사");
    assert!(lexicon.triggers.iter().any(|t| t.surface == "업무협약" && t.kind == EventKind::Agreement));
    assert_eq!(lexicon.kind_by_suffix("코나예프개발청").map(|(k, _)| k), Some(ActorKind::GovernmentAgency));
}

#[test]
fn a_surface_claimed_by_two_entries_is_dropped_unless_it_is_ones_name() {
    let places =
        "name\tkind\taliases\tparent\n광주광역시\tProvince\t광주\t\n광주시\tCity\t광주\t\n전주시\tCity\t전주\t\n";
    let lexicon =
        Lexicon::from_sources(&[("places.tsv", places)], "title\n", "trigger\n", "suffix\n", "word\n").unwrap();
    let found: Vec<&str> =
        lexicon.find_names("광주와 전주").iter().map(|h| lexicon.entries[h.index].name.as_str()).collect();
    assert_eq!(found, vec!["전주시"]);
}

#[test]
fn name_index_agrees_with_a_whole_text_match() {
    let lexicon = Lexicon::builtin().unwrap();
    let whole = |t: &str| lexicon.find_names(t).into_iter().find(|h| h.start == 0 && h.end == t.len()).map(|h| h.index);
    let mut texts: Vec<String> = lexicon.surfaces.clone();
    texts.extend(lexicon.surfaces.iter().map(|s| format!("{s}의")));
    texts.extend(["", "도", "강원도청", "카자흐스탄 정부", "알마티주"].map(String::from));
    for t in &texts {
        assert_eq!(lexicon.name_index(t), whole(t), "{t}");
    }
}

#[test]
fn suffix_look_ups_agree_with_trying_every_suffix() {
    let lexicon = Lexicon::builtin().unwrap();
    let by_scan = |word: &str| {
        lexicon.suffixes.iter().find_map(|s| {
            let stem = word.strip_suffix(s.suffix.as_str())?;
            (stem.chars().count() >= s.min_stem_chars).then_some((s.kind, s.suffix.as_str()))
        })
    };
    let bare_by_scan = |word: &str| {
        lexicon
            .suffixes
            .iter()
            .find(|s| {
                s.suffix == word
                    && word.chars().count() >= 2
                    && matches!(s.kind, ActorKind::Organization | ActorKind::GovernmentAgency)
            })
            .map(|s| (s.kind, s.suffix.as_str()))
    };
    let mut words: Vec<String> = lexicon.surfaces.clone();
    words.extend(lexicon.suffixes.iter().map(|s| s.suffix.clone()));
    words.extend(lexicon.suffixes.iter().map(|s| format!("가{}", s.suffix)));
    words.extend(["", "도", "시", "A청", "코나예프개발청", "정부", "수도"].map(String::from));
    for w in &words {
        assert_eq!(lexicon.kind_by_suffix(w), by_scan(w), "{w}");
        assert_eq!(lexicon.bare_suffix(w), bare_by_scan(w), "{w}");
    }
}

#[test]
fn an_unknown_trigger_rule_names_its_file_and_line() {
    let triggers = "trigger\tevent_kind\tstrength\trules\n# visits\n방문\tVisit\tstrong\tgoes_to|per_leg\n순방\tVisit\tstrong\tgoes_too\n";
    let err = Lexicon::from_sources(&[], "t\n", triggers, "s\n", "w\n").err().unwrap();
    assert!(err.to_string().starts_with("lexicon file triggers.tsv, line 4: unknown rule \"goes_too\""), "{err}");
    let ok = Lexicon::from_sources(&[], "t\n", &triggers.replace("goes_too", "goes_to"), "s\n", "w\n").unwrap();
    let hit = ok.find_triggers("방문")[0];
    assert!(ok.trigger(&hit).goes_to && ok.trigger(&hit).per_leg && !ok.trigger(&hit).per_pair);
}

#[test]
fn a_bad_row_names_its_file_and_line() {
    let err = Lexicon::from_sources(&[("places.tsv", "name\tkind\n서울\tCapital\n")], "t\n", "t\n", "s\n", "w\n")
        .err()
        .unwrap();
    assert_eq!(err.to_string(), "lexicon file places.tsv, line 2: second column must be an actor kind");
}
