//! Named-entity recognition for `gyoryu ner`: the mentions of one sentence
//! as PS/LC/OG spans in the conventions of KLUE-NER, which differ from the
//! graph's actors. NER marks generic bodies (`경찰`), news outlets, lone
//! surnames before a title (`박 대통령` → `박`), one-letter country forms
//! (`한미`), and takes the longest name a phrase makes: a whole address
//! (`서울 송파구`), a court with its place (`서울고법`), a body with its
//! country (`중국 정부`), a foreign name with all its words (`스티비 원더`).
//!
//! The word lists live in `data/lexicon/ner_words.tsv` and
//! `data/lexicon/ner_bodies.tsv` (`words`); the rules for bodies and
//! places are in `bodies`, those for persons in `persons`; nothing here
//! feeds the graph.

mod bodies;
mod persons;
mod words;

use gyoryu_model::ActorKind;

use crate::lexicon::Lexicon;
use crate::mentions::{self, Word};
use crate::tokens::Morpheme;
use bodies::{
    add_acronyms, add_country_letters, add_generic_bodies, add_head_words, add_proper_nouns, countries_as_teams,
    drop_common_words, extend_glued, merge_chains,
};
use persons::{
    add_hanja_forms, add_lone_surnames, add_persons_by_address, join_foreign_name_words, split_person_from_body,
    trim_person_words,
};
pub(crate) use words::NerWords;

/// A span of a sentence (byte offsets) and its kind.
pub type NerSpan = (usize, usize, ActorKind);

pub(super) fn overlaps(spans: &[NerSpan], start: usize, end: usize) -> bool {
    spans.iter().any(|&(s, e, _)| s < end && start < e)
}

pub(super) fn is_ps(k: ActorKind) -> bool {
    k == ActorKind::Person
}

pub(super) fn is_lc(k: ActorKind) -> bool {
    matches!(k, ActorKind::Country | ActorKind::Province | ActorKind::City)
}

pub(super) fn is_og(k: ActorKind) -> bool {
    !is_ps(k) && !is_lc(k)
}

/// `ends` with a proper ending: something must come before it.
pub(super) fn ends_with_longer(text: &str, ending: &str) -> bool {
    text.len() > ending.len() && text.ends_with(ending)
}

/// Whether `word` is a title (`titles.tsv`).
pub(super) fn is_title(lexicon: &Lexicon, word: &str) -> bool {
    lexicon.title(word).is_some()
}

/// The words of the sentence, with any opening quote or bracket left out of
/// where the word's name can start.
fn name_words(sentence: &str, morphemes: &[Morpheme]) -> Vec<Word> {
    mentions::words(sentence, morphemes)
        .into_iter()
        .map(|mut w| {
            let lead = sentence[w.start..w.stem_end].len()
                - sentence[w.start..w.stem_end].trim_start_matches(|c: char| !c.is_alphanumeric()).len();
            w.start += lead;
            w
        })
        .collect()
}

/// Every PS/LC/OG span in `sentence`, from the mentions the rules found
/// (`found`) and ko-dic's proper nouns, in KLUE-NER's conventions.
pub fn recognise(lexicon: &Lexicon, sentence: &str, morphemes: &[Morpheme], found: Vec<NerSpan>) -> Vec<NerSpan> {
    let words = name_words(sentence, morphemes);
    let mut spans = found;
    add_proper_nouns(sentence, morphemes, &mut spans);
    add_persons_by_address(sentence, &mut spans);
    add_generic_bodies(lexicon, sentence, &words, &mut spans);
    extend_glued(lexicon, sentence, &words, &mut spans);
    drop_common_words(lexicon, sentence, morphemes, &words, &mut spans);
    split_person_from_body(lexicon, sentence, &mut spans);
    trim_person_words(lexicon, sentence, morphemes, &mut spans);
    countries_as_teams(lexicon, sentence, morphemes, &mut spans);
    add_lone_surnames(lexicon, sentence, &words, &mut spans);
    add_acronyms(lexicon, sentence, &words, &mut spans);
    add_head_words(lexicon, sentence, &words, &mut spans);
    add_country_letters(lexicon, sentence, morphemes, &mut spans);
    add_hanja_forms(sentence, &mut spans);
    join_foreign_name_words(lexicon, sentence, morphemes, &words, &mut spans);
    merge_chains(lexicon, sentence, &words, &mut spans);
    spans.sort();
    spans.dedup();
    spans
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use crate::Extractor;

    fn tags(text: &str) -> Vec<(String, &'static str)> {
        static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| Extractor::new(Default::default()).unwrap());
        EXTRACTOR
            .find_mentions(text)
            .into_iter()
            .map(|(s, k)| (text[s.start..s.end].to_string(), k.ner_tag()))
            .collect()
    }

    fn has(text: &str, name: &str, tag: &str) -> bool {
        let t = tags(text);
        let found = t.iter().any(|(n, k)| n == name && *k == tag);
        if !found {
            eprintln!("{text}: {t:?}");
        }
        found
    }

    #[test]
    fn a_court_or_office_takes_its_place_name() {
        assert!(has("이 사건은 대구고법으로 넘어갔다.", "대구고법", "OG"));
        assert!(has("선수들은 소속팀인 강원도청에 사표를 냈다.", "강원도청", "OG"));
    }

    #[test]
    fn addresses_and_bodies_with_their_place_are_one_span() {
        assert!(has("불은 경남 함양군의 한 공장에서 났다.", "경남 함양군", "LC"));
        assert!(has("일본 정부는 어제 입장을 밝혔다.", "일본 정부", "OG"));
    }

    #[test]
    fn lone_surnames_before_titles_and_hidden_names() {
        assert!(has("회의에서 박 대통령은 협력을 강조했다.", "박", "PS"));
        assert!(has("경찰은 최모(52) 씨를 입건했다.", "최", "PS"));
        assert!(has("경찰은 최모씨를 입건했다.", "최", "PS"));
        assert!(has("경찰은 최 모 씨를 입건했다.", "최", "PS"));
        assert!(!tags("경찰은 최 모 씨를 입건했다.").iter().any(|(n, _)| n == "모"));
        assert!(!tags("전 장관은 이날 사과했다.").iter().any(|(n, _)| n == "전"));
    }

    #[test]
    fn acronyms_outlets_and_parties() {
        assert!(has("이 소식은 MBC 뉴스가 처음 전했다.", "MBC", "OG"));
        assert!(!tags("그는 SNS에 글을 올렸다.").iter().any(|(n, _)| n == "SNS"));
        assert!(has("이 내용은 AP통신이 보도했다.", "AP통신", "OG"));
        assert!(has("미래연합당은 후보를 내지 않았다.", "미래연합당", "OG"));
    }

    #[test]
    fn country_letters_in_compounds() {
        let t = tags("양국은 한미 동맹을 강화하기로 했다.");
        assert!(t.contains(&("한".to_string(), "OG")) && t.contains(&("미".to_string(), "OG")), "{t:?}");
        assert!(!tags("북한은 발사를 예고했다.").iter().any(|(n, _)| n == "북"));
    }

    #[test]
    fn a_country_with_its_forces_is_a_body_and_its_people_no_place() {
        assert!(has("이날 북한군은 훈련을 시작했다.", "북한군", "OG"));
        assert!(!tags("공항에서 한국인 관광객이 늘었다.").iter().any(|(n, _)| n.starts_with("한국")));
        assert!(has("폭우가 텍사스 북부를 덮쳤다.", "텍사스 북부", "LC"));
        assert!(!tags("집에서 고양이를 길렀다.").iter().any(|(n, _)| n == "고양"));
        assert!(has("경기는 19일(한국시각) 열렸다.", "한국", "LC"));
    }

    #[test]
    fn a_person_and_the_party_after_the_name_are_apart() {
        assert!(has("미래연합당 홍길동 의원은 반대했다.", "미래연합당", "OG"));
        assert!(has("미래연합당 홍길동 의원은 반대했다.", "홍길동", "PS"));
        assert!(has("홍길동 미래연합당 의원은 반대했다.", "미래연합당", "OG"));
        assert!(has("북한 측은 회의에 나오지 않았다.", "북한", "OG"));
    }

    #[test]
    fn countries_in_match_reports_are_teams() {
        assert!(has("브라질은 후반 10분 결승골을 넣었다.", "브라질", "OG"));
        assert!(has("그는 브라질에서 태어났다.", "브라질", "LC"));
    }

    #[test]
    fn verbs_and_titles_stay_out_of_a_name() {
        let t = tags("회담을 마친 뒤 세르게이 라브로프 장관은 떠났다.");
        assert!(t.iter().any(|(n, k)| n.ends_with("라브로프") && !n.contains("뒤") && *k == "PS"), "{t:?}");
    }

    #[test]
    fn units_join_their_organization() {
        assert!(has("대법원 2부는 원심을 깼다.", "대법원 2부", "OG"));
        assert!(has("국회 안전위원회가 법안을 통과시켰다.", "국회 안전위원회", "OG"));
    }

    #[test]
    fn a_leader_and_the_government_word_are_one_body() {
        assert!(has("오바마 행정부는 제재를 발표했다.", "오바마 행정부", "OG"));
    }

    #[test]
    fn chinese_characters_after_a_name() {
        assert!(has("시진핑(習近平) 주석이 도착했다.", "習近平", "PS"));
    }
}
