//! Extraction on short articles written for these tests, one phenomenon each.

use std::sync::LazyLock;

use chrono::NaiveDate;
use gyoryu_extract::{ExtractOptions, Extractor};
use gyoryu_model::{ActorKind, Document, EventKind, EventStatus, Extraction};

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| Extractor::new(ExtractOptions::default()).unwrap());

fn doc(text: &str, published: Option<(i32, u32, u32)>) -> Document {
    Document {
        id: "test.txt".into(),
        source: "test.txt".into(),
        url: None,
        title: None,
        published: published.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
        text: text.into(),
        content_hash: "0".repeat(64),
    }
}

fn run(text: &str, published: Option<(i32, u32, u32)>) -> Extraction {
    EXTRACTOR.extract(&doc(text, published))
}

fn actor<'a>(x: &'a Extraction, name: &str) -> &'a gyoryu_model::Actor {
    x.actors
        .iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("no actor {name}; found {:?}", x.actors.iter().map(|a| &a.name).collect::<Vec<_>>()))
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn governor_with_province_prefix_gets_title_and_affiliation() {
    let x = run("김하늘 충북도지사는 14일 청주에서 몽골 투브아이막 대표단과 면담했다.", Some((2024, 5, 14)));
    let p = actor(&x, "김하늘");
    assert_eq!(p.kind, ActorKind::Person);
    assert_eq!(p.title.as_deref(), Some("도지사"));
    let body = &x.actors[p.affiliation.expect("affiliation")];
    assert_eq!(body.name, "충청북도");
    assert!(body.aliases.iter().any(|a| a == "충북"));
}

#[test]
fn renamed_province_takes_its_current_name() {
    let x = run("전라북도는 지난 3월 카자흐스탄과 교류의향서를 체결한 바 있다.", Some((2023, 11, 2)));
    let jeonbuk = actor(&x, "전북특별자치도");
    assert_eq!(jeonbuk.kind, ActorKind::Province);
    assert!(jeonbuk.aliases.iter().any(|a| a == "전라북도"));
    let e = x.events.iter().find(|e| e.kind == EventKind::Agreement).expect("agreement");
    assert_eq!(e.status, EventStatus::Past);
    assert_eq!(e.date, None, "a month without a day is not a date");
}

#[test]
fn short_reference_resolves_to_the_person_named_earlier() {
    let x = run(
        "박서준 경남도지사는 베트남 하노이를 방문했다.\n박 지사는 하노이 시장과 면담하고 협력 방안을 논의했다.",
        Some((2024, 3, 4)),
    );
    let p = actor(&x, "박서준");
    assert!(p.aliases.iter().any(|a| a == "박 지사"), "aliases: {:?}", p.aliases);
    let meeting = x.events.iter().find(|e| e.kind == EventKind::Meeting).expect("meeting");
    let names: Vec<&str> = meeting.participants.iter().map(|&i| x.actors[i].name.as_str()).collect();
    assert!(names.contains(&"박서준"), "{names:?}");
}

#[test]
fn foreign_names_before_and_in_parentheses_after_titles() {
    let x = run(
        "토레비 알리벡 주한카자흐스탄 대사가 참석했다. 김 지사는 앨버타주의 부지사(제인 로버츠)를 만났다.",
        Some((2024, 3, 4)),
    );
    let envoy = actor(&x, "토레비 알리벡");
    assert_eq!(envoy.title.as_deref(), Some("대사"));
    assert_eq!(x.actors[envoy.affiliation.unwrap()].name, "카자흐스탄");
    let deputy = actor(&x, "제인 로버츠");
    assert_eq!(deputy.title.as_deref(), Some("부지사"));
    assert_eq!(x.actors[deputy.affiliation.unwrap()].name, "앨버타주");
}

#[test]
fn agreement_dates_and_planned_status() {
    let x = run(
        "경기도는 오는 23일 우즈베키스탄 타슈켄트주와 경제협력 업무협약(MOU)을 체결할 계획이다.",
        Some((2024, 5, 14)),
    );
    let e = x.events.iter().find(|e| e.kind == EventKind::Agreement).expect("agreement");
    assert_eq!(e.date, date(2024, 5, 23));
    assert_eq!(e.status, EventStatus::Planned);
    let names: Vec<&str> = e.participants.iter().map(|&i| x.actors[i].name.as_str()).collect();
    assert!(names.contains(&"경기도") && names.contains(&"타슈켄트주"), "{names:?}");
}

#[test]
fn the_same_agreement_described_twice_is_one_event() {
    let x = run(
        "경상북도는 5일 일본 돗토리현과 우호교류 협정을 체결했다.\n이번 협정은 관광과 농업 분야 협력을 담았다. 경북도와 돗토리현은 협정에 따라 교류를 늘린다.",
        Some((2024, 6, 5)),
    );
    let agreements = x.events.iter().filter(|e| e.kind == EventKind::Agreement).count();
    assert_eq!(agreements, 1, "{:#?}", x.events);
}

#[test]
fn companies_with_markers_and_unknown_agencies_by_suffix() {
    let x = run("㈜한빛바이오와 C-Tech Solutions는 알마티개발청과 투자협약을 맺었다.", Some((2024, 6, 5)));
    assert_eq!(actor(&x, "㈜한빛바이오").kind, ActorKind::Company);
    assert_eq!(actor(&x, "C-Tech Solutions").kind, ActorKind::Company);
    assert_eq!(actor(&x, "알마티개발청").kind, ActorKind::GovernmentAgency);
}

#[test]
fn forum_location_is_the_place_it_was_held() {
    let x = run("포항시는 30일 포항에서 동북아 경제협력포럼을 개최했다.", Some((2024, 10, 30)));
    let e = x.events.iter().find(|e| e.kind == EventKind::Forum).expect("forum");
    assert_eq!(x.actors[e.location.expect("location")].name, "포항시");
    assert_eq!(e.date, date(2024, 10, 30));
    assert!(e.evidence.contains("동북아 경제협력포럼"));
}

#[test]
fn text_without_a_story_has_no_events() {
    let x = run("메뉴\n로그인\n회원가입\n전체기사\n많이 본 뉴스", None);
    assert!(x.events.is_empty());
}

#[test]
fn an_event_referred_back_to_is_the_same_event() {
    let x = run(
        "충청남도는 12일 천안에서 몽골과 경제협력 포럼을 개최했다.\n이번 포럼에는 바트바야르 간바트 주한몽골 대사와 충남도 기업인 80여명이 참석했다.",
        Some((2024, 6, 12)),
    );
    assert_eq!(x.events.iter().filter(|e| e.kind == EventKind::Forum).count(), 1, "{:#?}", x.events);
    let forum = x.events.iter().find(|e| e.kind == EventKind::Forum).unwrap();
    let names: Vec<&str> = forum.participants.iter().map(|&i| x.actors[i].name.as_str()).collect();
    assert!(names.contains(&"바트바야르 간바트"), "{names:?}");
}

#[test]
fn an_omitted_subject_is_the_official_named_before() {
    let x = run(
        "이수진 경북도지사는 오는 10일 일본 돗토리현을 방문한다.\n이어 11일에는 오사카에서 열리는 관광 박람회에 참가할 예정이다.",
        Some((2024, 6, 3)),
    );
    let fair = x.events.iter().find(|e| e.kind == EventKind::Forum).expect("fair");
    let names: Vec<&str> = fair.participants.iter().map(|&i| x.actors[i].name.as_str()).collect();
    assert!(names.contains(&"이수진") && names.contains(&"경상북도"), "{names:?}");
    assert_eq!(fair.date, date(2024, 6, 11));
    assert_eq!(fair.status, EventStatus::Planned);
}

#[test]
fn titles_glued_to_a_department_and_bodies_named_with_a_place_inside() {
    let x = run(
        "박지훈 전남도 국제협력국장과 에르단 사르바예프 알마티개발청 투자국장이 참석했다. 전남바이오진흥원도 함께했다.",
        Some((2024, 6, 3)),
    );
    assert_eq!(actor(&x, "박지훈").title.as_deref(), Some("국제협력국장"));
    let e = actor(&x, "에르단 사르바예프");
    assert_eq!(e.title.as_deref(), Some("투자국장"));
    assert_eq!(x.actors[e.affiliation.unwrap()].name, "알마티개발청");
    assert_eq!(actor(&x, "전남바이오진흥원").kind, ActorKind::Organization);
}

#[test]
fn a_romanised_name_in_brackets_is_an_alias_and_vouches_for_the_name() {
    let x = run(
        "누르벡 사파로프(Nurbek Safarov) 주한카자흐스탄 대사가 충남도청을 예방했다. 사파로프 대사는 협력을 약속했다.",
        Some((2024, 6, 3)),
    );
    let p = actor(&x, "누르벡 사파로프");
    assert!(p.aliases.iter().any(|a| a == "Nurbek Safarov"), "{:?}", p.aliases);
    assert!(p.aliases.iter().any(|a| a == "사파로프 대사"), "{:?}", p.aliases);
    assert!(x.actors.iter().all(|a| a.name != "충남도청"), "the office of a province is the province");
}

fn has_actor(x: &Extraction, name: &str) -> bool {
    x.actors.iter().any(|a| a.name == name)
}

#[test]
fn places_written_only_as_locators_are_not_actors() {
    let x = run(
        "경남 창원시는 3일 시청에서 베트남 하노이시 대표단과 간담회를 열었다. 이 자리에는 일본 오사카 상공회의소 관계자와 러시아 바이어 10여 명도 참석했다.",
        Some((2024, 4, 3)),
    );
    assert!(has_actor(&x, "창원시"));
    assert!(
        has_actor(&x, "하노이"),
        "the delegation's city acts: {:?}",
        x.actors.iter().map(|a| &a.name).collect::<Vec<_>>()
    );
    for locator in ["경상남도", "베트남", "일본", "러시아"] {
        assert!(!has_actor(&x, locator), "{locator} only locates something else");
    }
}

#[test]
fn a_country_before_the_region_visited_is_a_party() {
    let x = run("김민수 지사는 오는 10일 캐나다 매니토바주를 방문한다.", Some((2024, 6, 1)));
    assert!(has_actor(&x, "캐나다"));
    let x = run("전라남도는 5일 우즈베키스탄 페르가나주와 교류 협약을 체결했다.", Some((2024, 6, 7)));
    assert!(!has_actor(&x, "우즈베키스탄"), "a country naming where the partner is, is no party");
}

#[test]
fn an_anniversary_is_a_past_happening_of_its_own() {
    let x = run("충청남도는 12일 미국 오리건주와 자매결연 30주년 기념 업무협약을 체결했다.", Some((2024, 9, 12)));
    let agreements: Vec<_> = x.events.iter().filter(|e| e.kind == EventKind::Agreement).collect();
    assert_eq!(agreements.len(), 2, "{agreements:?}");
    assert!(agreements.iter().any(|e| e.status == EventStatus::Past && e.date.is_none()));
    assert!(agreements.iter().any(|e| e.status != EventStatus::Past && e.date == date(2024, 9, 12)));
}

#[test]
fn a_delegation_named_again_is_its_body() {
    let x = run(
        "제주특별자치도는 몽골 울란바토르시 대표단이 8일 제주를 찾았다고 밝혔다. 대표단은 이날 도청에서 관광 협력 간담회를 가졌다.",
        Some((2024, 5, 9)),
    );
    let meeting = x.events.iter().find(|e| e.kind == EventKind::Meeting).expect("meeting");
    let names: Vec<&str> = meeting.participants.iter().map(|&p| x.actors[p].name.as_str()).collect();
    assert!(names.contains(&"울란바토르"), "{names:?}");
    assert_eq!(meeting.date, date(2024, 5, 8), "`이날` is the day of the visit, not of the announcement");
}

#[test]
fn a_report_keeps_the_day_it_named() {
    let x = run(
        "대구시는 21일 엑스코에서 중앙아시아 경제포럼을 개최했다. 또한 카자흐스탄 알마티개발청과 업무협약을 체결했다.",
        Some((2024, 3, 22)),
    );
    let mou = x.events.iter().find(|e| e.kind == EventKind::Agreement).expect("agreement");
    assert_eq!(mou.date, date(2024, 3, 21));
}

#[test]
fn a_bracket_saying_what_a_name_is_makes_it_a_company() {
    let x =
        run("현장에서는 바다마루(관내기업)와 Sunrise Foods(베트남 바이어) 간 수출 MOU가 체결됐다.", Some((2024, 3, 2)));
    assert_eq!(actor(&x, "바다마루").kind, ActorKind::Company);
    assert_eq!(actor(&x, "Sunrise Foods").kind, ActorKind::Company);
}

#[test]
fn the_province_before_the_host_city_is_not_a_party() {
    let x =
        run("경북 안동시는 7일 시청에서 중국 웨이하이시 대표단과 유교문화 교류 간담회를 가졌다.", Some((2024, 5, 8)));
    let meeting = x.events.iter().find(|e| e.kind == EventKind::Meeting).expect("meeting");
    let names: Vec<&str> = meeting.participants.iter().map(|&p| x.actors[p].name.as_str()).collect();
    assert!(names.contains(&"안동시"), "{names:?}");
    assert!(!names.contains(&"경상북도"), "{names:?}");
}

#[test]
fn a_delegation_sent_to_a_partner_is_a_visit() {
    let x = run("충청북도는 다음 달 몽골 울란바토르시에 농업기술 연수단을 파견한다고 밝혔다.", Some((2024, 5, 9)));
    let visit = x.events.iter().find(|e| e.kind == EventKind::Visit).expect("visit");
    let names: Vec<&str> = visit.participants.iter().map(|&p| x.actors[p].name.as_str()).collect();
    assert!(names.contains(&"울란바토르") && names.contains(&"충청북도"), "{names:?}");
    let x = run("협약에는 공무원 상호 파견과 기업 교류 프로그램이 담겼다.", Some((2024, 5, 9)));
    assert!(x.events.is_empty(), "sending staff under an agreement is no visit: {:?}", x.events);
}

#[test]
fn an_adjective_before_a_title_is_no_person() {
    let x = run("양 지사는 \"두 지역 모두에 새로운 성장의 기회가 열릴 것\"이라고 말했다.", Some((2024, 6, 5)));
    assert!(x.actors.iter().all(|a| a.kind != ActorKind::Person || a.name != "새로운"), "{:?}", x.actors);
}

#[test]
fn a_counted_list_of_countries_visited_is_one_visit_each() {
    let x =
        run("박서준 충남도지사는 3일부터 9일까지 체코, 헝가리, 오스트리아 유럽 3개국을 순방했다.", Some((2024, 9, 10)));
    let visits: Vec<_> = x.events.iter().filter(|e| e.kind == EventKind::Visit).collect();
    assert_eq!(visits.len(), 3, "{:?}", x.events);
    for country in ["체코", "헝가리", "오스트리아"] {
        let c =
            x.actors.iter().position(|a| a.name == country).unwrap_or_else(|| panic!("no {country}: {:?}", x.actors));
        assert!(visits.iter().any(|v| v.participants.contains(&c)), "{country}: {:?}", visits);
    }
}

#[test]
fn the_day_of_the_report_is_this_day_before_any_day_is_named() {
    let x = run("경상북도는 이날 도청에서 베트남 꽝남성 대표단과 업무협약을 체결했다.", Some((2024, 3, 8)));
    let agreement = x.events.iter().find(|e| e.kind == EventKind::Agreement).expect("an agreement");
    assert_eq!(agreement.date, date(2024, 3, 8));
}

#[test]
fn a_council_member_belongs_to_the_council() {
    let x =
        run("충청남도의회 방문단은 김민재 의원, 이서연 의원과 함께 일본 구마모토현을 방문했다.", Some((2024, 4, 2)));
    let council = x.actors.iter().position(|a| a.name == "충청남도의회").expect("the council");
    assert_eq!(actor(&x, "김민재").affiliation, Some(council), "{:?}", x.actors);
}

#[test]
fn a_peoples_committee_chair_belongs_to_the_province() {
    let x = run("이수민 경상남도지사는 7일 응우옌 반 훙 꽝닌성 인민위원회 위원장과 면담했다.", Some((2024, 7, 8)));
    let province = x.actors.iter().position(|a| a.name == "꽝닌성").unwrap_or_else(|| panic!("{:?}", x.actors));
    let chair = x
        .actors
        .iter()
        .find(|a| a.kind == ActorKind::Person && a.title.as_deref() == Some("인민위원회 위원장"))
        .unwrap_or_else(|| panic!("{:?}", x.actors));
    assert_eq!(chair.affiliation, Some(province));
    assert!(x.actors.iter().all(|a| a.name != "인민위원회"), "{:?}", x.actors);
}

/// The names of an event's participants.
fn parties<'a>(x: &'a Extraction, e: &gyoryu_model::Event) -> Vec<&'a str> {
    e.participants.iter().map(|&p| x.actors[p].name.as_str()).collect()
}

#[test]
fn an_agreement_going_on_from_another_is_one_of_its_own() {
    let x = run(
        "강원특별자치도는 지난해 앨버타주와 우호교류 협정을 체결한 데 이어 올해 알마티주와 경제협력 양해각서를 체결했다.",
        Some((2024, 10, 2)),
    );
    let agreements: Vec<_> = x.events.iter().filter(|e| e.kind == EventKind::Agreement).collect();
    assert_eq!(agreements.len(), 2, "{:?}", x.events);
    let (first, second) = (parties(&x, agreements[0]), parties(&x, agreements[1]));
    assert!(first.contains(&"앨버타주") && !first.contains(&"알마티주"), "{first:?}");
    assert!(second.contains(&"알마티주") && !second.contains(&"앨버타주"), "{second:?}");
    assert!(second.contains(&"강원특별자치도"), "the subject signs both: {second:?}");
    assert_eq!(agreements[0].status, EventStatus::Past, "`지난해` is the first clause's");
    assert_eq!(agreements[1].status, EventStatus::Reported);
}

#[test]
fn the_anniversary_of_a_signing_is_a_past_agreement() {
    let x = run(
        "경기도는 랴오닝성과의 우호교류 협정 체결 30주년을 맞아 12일 도청에서 경제협력 양해각서를 체결했다.",
        Some((2024, 6, 13)),
    );
    let agreements: Vec<_> = x.events.iter().filter(|e| e.kind == EventKind::Agreement).collect();
    assert_eq!(agreements.len(), 2, "{:?}", x.events);
    assert!(agreements.iter().any(|e| e.status == EventStatus::Past && e.date.is_none()), "{agreements:?}");
    assert!(agreements.iter().any(|e| e.date == date(2024, 6, 12)), "{agreements:?}");
}

#[test]
fn a_leg_written_with_its_other_name_is_still_a_leg() {
    let x = run(
        "김도윤 충북도지사는 20일 대한무역투자진흥공사(KOTRA)와 산업통상자원부를 방문해 협력을 요청했다.",
        Some((2024, 3, 21)),
    );
    let visits: Vec<_> = x.events.iter().filter(|e| e.kind == EventKind::Visit).collect();
    assert_eq!(visits.len(), 2, "{:?}", x.events);
}

#[test]
fn a_particle_read_into_a_bodys_name_is_cut_off() {
    // ko-dic reads `투자청과` as `투자` + `청과` (produce): the agency's name ends before `과`.
    let x = run("아부다비투자청과 한국투자공사는 12일 서울에서 공동투자 양해각서를 체결했다.", Some((2024, 3, 13)));
    assert_eq!(actor(&x, "아부다비투자청").kind, ActorKind::GovernmentAgency);
}

#[test]
fn a_venue_named_after_a_happening_is_no_happening() {
    let text =
        "박서준 광명시장과 카를 뮐러 오스나브뤼크시장은 옛 조약 체결장소로 알려진 시청 평화의 홀을 함께 둘러봤다.";
    let x = run(text, Some((2024, 3, 13)));
    assert!(x.events.is_empty(), "{:?}", x.events);
    let x = run(&text.replace("체결장소", "체결"), Some((2024, 3, 13)));
    assert_eq!(x.events.len(), 1, "the same sentence with the signing itself: {:?}", x.events);
}

#[test]
fn a_happening_named_as_a_goal_is_no_happening() {
    let x = run("충청북도와 빈푹성은 고위급 방문 활성화와 교역 확대에 힘을 모으기로 했다.", Some((2024, 3, 13)));
    assert!(x.events.is_empty(), "{:?}", x.events);
    let x = run("전라남도는 세계박람회 유치 협조를 요청했다.", Some((2024, 3, 13)));
    assert!(x.events.is_empty(), "{:?}", x.events);
}

#[test]
fn a_delegation_made_of_bodies_is_the_first_of_them() {
    let x = run(
        "싱가포르경제개발청과 현지 기업 관계자로 구성된 20명의 투자사절단이 4일 방한했다. 사절단은 5일 산업통상자원부를 방문했다.",
        Some((2024, 1, 6)),
    );
    let visit = x.events.iter().find(|e| e.date == date(2024, 1, 5)).unwrap_or_else(|| panic!("{:?}", x.events));
    let names = parties(&x, visit);
    assert!(names.contains(&"싱가포르경제개발청") && names.contains(&"산업통상자원부"), "{names:?}");
}

fn names(x: &Extraction) -> Vec<&str> {
    x.actors.iter().map(|a| a.name.as_str()).collect()
}

#[test]
fn countries_named_only_in_quoted_speech_are_talk() {
    let x = run(
        "강원도는 10일 몽골 울란바토르시와 우호협력 협약을 맺었다. 김하늘 지사는 \"몽골은 러시아, 중국과 맞닿은 요충지다\"고 말했다.",
        Some((2024, 5, 10)),
    );
    let found = names(&x);
    assert!(found.contains(&"울란바토르"), "{found:?}");
    assert!(!found.contains(&"러시아") && !found.contains(&"중국"), "{found:?}");
}

#[test]
fn common_nouns_are_no_firms_whatever_the_words_around_them() {
    let x = run(
        "도는 관광, 부동산, 건설, 교육 등 현지 기업들과 상담회를 열었다. 한 업체는 현지 구매자(바이어)와 계약을 맺었고, 외투기업 대표와 이들 대표단도 함께했다.",
        Some((2024, 5, 10)),
    );
    let firms: Vec<&str> = x.actors.iter().filter(|a| a.kind == ActorKind::Company).map(|a| a.name.as_str()).collect();
    assert!(firms.is_empty(), "{firms:?}");
}

#[test]
fn a_romanised_name_in_brackets_stays_an_alias_past_its_initials() {
    let x = run(
        "부산시장은 30일 이고리 세르게예비치 푸쉬카료프(Igor S. Pushkarev) 블라디보스톡 시장을 만났다.",
        Some((2012, 5, 30)),
    );
    let found = names(&x);
    assert!(!found.contains(&"Pushkarev"), "{found:?}");
    assert_eq!(actor(&x, "이고리 세르게예비치 푸쉬카료프").kind, ActorKind::Person);
}

#[test]
fn a_place_that_opens_another_name_only_locates() {
    let x = run(
        "충남도는 12일 일본 기업과 투자협약을 맺고 천안5산업단지에 공장을 짓기로 했다. 도는 여수세계박람회 홍보관도 열고, 충남TP와 함께 바이어를 만났다.",
        Some((2024, 5, 12)),
    );
    let found = names(&x);
    assert!(found.contains(&"충청남도"), "{found:?}");
    assert!(!found.iter().any(|n| n.starts_with("천안") || n.starts_with("여수")), "{found:?}");
}

#[test]
fn a_place_with_another_name_in_brackets_is_one_place() {
    let x = run("무역협회는 25일 미국 로스엔젤레스(LA)시장을 초청해 LA 기업들과 상담회를 열었다.", Some((2013, 4, 25)));
    let places: Vec<&gyoryu_model::Actor> = x.actors.iter().filter(|a| a.kind == ActorKind::City).collect();
    assert_eq!(places.len(), 1, "{:?}", names(&x));
    let names_of_it: Vec<&str> =
        std::iter::once(places[0].name.as_str()).chain(places[0].aliases.iter().map(String::as_str)).collect();
    assert!(names_of_it.contains(&"로스엔젤레스") && names_of_it.contains(&"LA"), "{names_of_it:?}");
}

#[test]
fn a_transliterated_firm_ending_in_sa_is_a_company_apart_from_its_place() {
    let x = run(
        "충남도는 9일 이바라키현 썬프로로시스템사에서 1000만 달러 규모의 투자양해각서를 체결했다.",
        Some((2012, 11, 9)),
    );
    assert_eq!(actor(&x, "썬프로로시스템사").kind, ActorKind::Company);
    assert_eq!(actor(&x, "이바라키현").kind, ActorKind::Province);
}

#[test]
fn a_korean_county_name_written_with_si_abroad_is_its_namesake() {
    let x = run("봉화군 대표단은 5일 중국 봉화시를 방문해 자매결연 협정을 체결했다.", Some((2016, 11, 5)));
    assert_eq!(actor(&x, "봉화군").kind, ActorKind::City);
    let namesake = actor(&x, "봉화시");
    assert_eq!(namesake.kind, ActorKind::City);
    let e = x.events.iter().find(|e| e.kind == EventKind::Agreement).expect("agreement");
    let parties: Vec<&str> = e.participants.iter().map(|&p| x.actors[p].name.as_str()).collect();
    assert!(parties.contains(&"봉화군") && parties.contains(&"봉화시"), "{parties:?}");
}

#[test]
fn a_delegation_sent_to_two_cities_is_one_visit_per_leg() {
    let x = run(
        "경남도와 경남경제진흥원은 3일부터 9일까지 카자흐스탄 알마티와 우즈베키스탄 타슈켄트에 ‘중앙아시아 시장개척단’을 파견했다.",
        Some((2025, 6, 10)),
    );
    let visits: Vec<Vec<&str>> = x
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Visit)
        .map(|e| e.participants.iter().map(|&p| x.actors[p].name.as_str()).collect())
        .collect();
    assert_eq!(visits.len(), 2, "{visits:?}");
    assert!(visits[0].contains(&"알마티") && !visits[0].contains(&"타슈켄트"), "{visits:?}");
    assert!(visits[1].contains(&"타슈켄트") && !visits[1].contains(&"알마티"), "{visits:?}");
}

#[test]
fn a_signing_in_an_earlier_year_is_past_and_one_with_its_anniversary() {
    let x = run(
        "충북도는 오는 20일 야마나시현을 방문한다. 도는 야마나시현과 1992년 자매결연을 체결한 이후 교류를 이어왔다. 이번 방문은 야마나시현과의 자매결연 30주년을 기념한 답방이다.",
        Some((2023, 4, 17)),
    );
    let signings: Vec<_> = x.events.iter().filter(|e| e.kind == EventKind::Agreement).collect();
    assert_eq!(signings.len(), 1, "{:?}", x.events);
    assert_eq!(signings[0].status, EventStatus::Past);
}

#[test]
fn a_kind_of_treaty_is_no_signing() {
    let x = run("산업부는 다음 달 베트남 산업무역부와 자유무역협정(FTA) 이행위원회를 연다.", Some((2024, 5, 10)));
    assert!(x.events.iter().all(|e| e.kind != EventKind::Agreement), "{:?}", x.events);
}

#[test]
fn bodies_joined_by_a_particle_are_two_and_a_short_form_opens_a_name() {
    let x = run(
        "충북도는 카자흐스탄 코나예프개발청과 무역관광진흥공사 관계자를 만났다. 한·아프리카재단도 참석했다.",
        Some((2024, 5, 10)),
    );
    let found = names(&x);
    assert!(found.iter().any(|n| n.ends_with("코나예프개발청")), "{found:?}");
    assert!(found.contains(&"무역관광진흥공사"), "{found:?}");
    assert!(found.contains(&"한·아프리카재단"), "{found:?}");
}

#[test]
fn a_common_noun_with_a_bodys_ending_is_a_kind_of_body() {
    let x =
        run("대표단은 현지 문화센터와 지방의회를 둘러본 뒤 거제대학교 관계자와 간담회를 열었다.", Some((2024, 5, 10)));
    let found = names(&x);
    assert!(!found.contains(&"문화센터") && !found.contains(&"지방의회"), "{found:?}");
    assert!(found.contains(&"거제대학교"), "{found:?}");
}

#[test]
fn a_trigger_in_quoted_words_tells_of_the_story_or_of_nothing() {
    let x = run(
        "전남도는 다음 달 5일 도청에서 미국 메릴랜드주와 자매결연을 맺는다. 도 관계자는 \"그간의 우호 협정이 약혼이었다면 이번 결연은 결혼과 같다\"고 말했다. 지사는 \"두 지역 정상이 만나 손을 맞잡는 자리\"라고 했다.",
        Some((2017, 8, 17)),
    );
    assert_eq!(x.events.len(), 1, "{:?}", x.events);
    assert_eq!(x.events[0].kind, EventKind::Agreement);
}

#[test]
fn a_signing_with_no_party_named_is_below_the_threshold_but_a_hosted_forum_is_not() {
    let x = run(
        "강원도는 3일 춘천에서 국제 투자포럼을 열었다. 이 자리에서는 여러 건의 업무협약도 체결됐다.",
        Some((2024, 5, 3)),
    );
    let kinds: Vec<EventKind> = x.events.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, vec![EventKind::Forum], "{:?}", x.events);
    let everything = Extractor::new(ExtractOptions { min_confidence: 0.0, ..Default::default() }).unwrap();
    let all = everything.extract(&doc(
        "강원도는 3일 춘천에서 국제 투자포럼을 열었다. 이 자리에서는 여러 건의 업무협약도 체결됐다.",
        Some((2024, 5, 3)),
    ));
    assert!(all.events.iter().any(|e| e.kind == EventKind::Agreement && e.confidence < 0.5), "{:?}", all.events);
}

#[test]
fn a_place_glossed_before_its_place_word_is_whole_and_a_counted_list_acts() {
    let x = run(
        "올해 회의에는 일본에서 돗토리(鳥取)현, 사가(佐賀)현 등 한·일 6개 시도현 지사가 참가한다.",
        Some((2024, 5, 10)),
    );
    assert_eq!(actor(&x, "돗토리현").kind, ActorKind::Province);
    assert_eq!(actor(&x, "사가현").kind, ActorKind::Province);
}

#[test]
fn what_an_agreement_provides_is_no_happening() {
    let x = run(
        "강원도는 5일 몽골 투브아이막과 우호협력 협약을 체결했다. 협약에 따라 양 지역은 공무원 상호 방문과 농업 설명회 개최 등을 추진한다.",
        Some((2024, 6, 5)),
    );
    let kinds: Vec<EventKind> = x.events.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, vec![EventKind::Agreement], "{:?}", x.events);
}

#[test]
fn a_vietnamese_name_of_short_words_before_a_slash_and_its_post_is_whole() {
    // ko-dic reads `티엔` as a noun and a particle no Korean phrase ends in.
    let x = run("[대담] 쩐 티엔 록 / 빈롱성 성장", Some((2019, 5, 2)));
    let p = actor(&x, "쩐 티엔 록");
    assert_eq!(p.kind, ActorKind::Person);
    assert_eq!(p.title.as_deref(), Some("성장"));
}

#[test]
fn a_name_glossed_in_chinese_characters_is_a_person_of_the_body_he_was_met_at() {
    let x = run("경북도 대표단은 10일 도요카산업사에서 구라보겐니치(倉坊健一) 사장과 만났다.", Some((2012, 3, 11)));
    let p = actor(&x, "구라보겐니치");
    assert_eq!(p.kind, ActorKind::Person);
    assert_eq!(p.title.as_deref(), Some("사장"));
    assert_eq!(x.actors[p.affiliation.expect("affiliation")].name, "도요카산업사");
}

#[test]
fn a_name_after_a_body_or_a_place_does_not_take_it_in() {
    let x = run(
        "충남도는 이날 칠레농업연구청 로드리게스 청장과 협력 방안을 논의했다. 김 지사는 벨기에 겐트시 카타리나 베르헤이 시장과 만났다.",
        Some((2014, 7, 2)),
    );
    let chief = actor(&x, "로드리게스");
    assert_eq!(x.actors[chief.affiliation.expect("affiliation")].name, "칠레농업연구청");
    assert_eq!(actor(&x, "카타리나 베르헤이").title.as_deref(), Some("시장"));
    assert!(!names(&x).iter().any(|n| n.contains("겐트시 ")), "{:?}", names(&x));
}

#[test]
fn a_quoted_post_and_a_delegation_name_no_person() {
    let x = run(
        "주지사는 한국계 변호사를 '소수계 교육부장관'(Minority Affairs)으로 임명했다. 양 도시는 3년에 한번씩 대표단을 보내기로 했다. 자매도시인 몽골 울란바토르시 대표단이 시청을 방문했다.",
        Some((2015, 6, 1)),
    );
    let persons: Vec<&str> = x.actors.iter().filter(|a| a.kind == ActorKind::Person).map(|a| a.name.as_str()).collect();
    assert!(persons.is_empty(), "{persons:?}");
}

#[test]
fn each_item_of_a_list_of_officials_opens_with_a_name() {
    // ko-dic reads `진이` as a noun and its particle and `저우밍` as two common nouns.
    let x = run(
        "중국 대표단은 저우밍 허난성 당서기, 류훙 톈진시 인민대표대회 부주임, 진이 지린성 부성장으로 구성됐다.",
        Some((2025, 9, 1)),
    );
    for (name, title, body) in
        [("저우밍", "당서기", "허난성"), ("류훙", "부주임", "톈진시"), ("진이", "부성장", "지린성")]
    {
        let p = actor(&x, name);
        assert_eq!(p.kind, ActorKind::Person);
        assert_eq!(p.title.as_deref(), Some(title));
        assert_eq!(x.actors[p.affiliation.expect("affiliation")].name, body);
    }
}

#[test]
fn a_japanese_family_name_ko_dic_cuts_before_a_particle_is_kept() {
    // `마에다` is read as `마/NNG 에다/JKB`, a particle no phrase before a name ends in.
    let x = run("조인식에 이어 마에다 요시오 오사카시장 주최로 만찬이 열렸다.", Some((2010, 10, 5)));
    let mayor = actor(&x, "마에다 요시오");
    assert_eq!(mayor.title.as_deref(), Some("시장"));
    assert!(!names(&x).contains(&"요시오"), "{:?}", names(&x));
}

#[test]
fn a_person_listed_before_his_body_is_no_part_of_its_name() {
    let x = run(
        "행사에는 주복남 주 밴쿠버 총영사, 김태현 재캐나다 한인총연합회 밴쿠버 지회장 등 200여명이 참석했다.",
        Some((2011, 6, 20)),
    );
    let p = actor(&x, "김태현");
    assert_eq!(p.kind, ActorKind::Person);
    assert_eq!(p.title.as_deref(), Some("지회장"));
    assert_eq!(x.actors[p.affiliation.expect("affiliation")].name, "재캐나다 한인총연합회");
}

#[test]
fn a_romanisation_of_several_words_counts_the_words_of_the_name() {
    let x = run(
        "포럼은 아바이 대학교의 다르한 우르잔베코브(Darkhan Urzhanbekov) 경영학 교수가 발표로 시작했다.",
        Some((2022, 10, 4)),
    );
    let p = actor(&x, "다르한 우르잔베코브");
    assert_eq!(p.title.as_deref(), Some("교수"));
    assert!(p.aliases.iter().any(|a| a == "Darkhan Urzhanbekov"), "{:?}", p.aliases);
}

#[test]
fn a_word_the_sentence_locates_something_in_is_a_place_before_an_office_title() {
    let x = run(
        "김 청장은 시범 농장(로스바뇨 소재)에서 열린 행사에 참석해 로스바뇨 시장 등 현지 인사들과 만났다.",
        Some((2020, 2, 14)),
    );
    assert_eq!(actor(&x, "로스바뇨").kind, ActorKind::City);
}

#[test]
fn a_given_name_before_the_family_name_of_a_person_named_in_full_is_a_relative() {
    let x =
        run("제리 브라운 오리건주지사는 부인이 부산 출신 수지 브라운으로 '한국의 사위'로 불린다.", Some((2018, 5, 9)));
    assert_eq!(actor(&x, "수지 브라운").kind, ActorKind::Person);
    assert_eq!(actor(&x, "제리 브라운").title.as_deref(), Some("주지사"));
}

#[test]
fn an_arabic_name_with_its_link_word_is_whole_though_it_ends_like_a_korean_name() {
    let x = run("김 지사는 아흐메드 빈 하산 두바이상공회의소 회장과 면담했다.", Some((2016, 2, 3)));
    let p = actor(&x, "아흐메드 빈 하산");
    assert_eq!(p.title.as_deref(), Some("회장"));
    assert!(!names(&x).contains(&"하산"), "{:?}", names(&x));
}

#[test]
fn a_verb_with_its_ending_before_a_title_is_no_name() {
    let x = run(
        "회사원 박모씨는 조금 늦겠다고 팀장에게 문자를 보냈다. 학계에서 깐깐하기로 소문난 노교수가 강연했다.",
        Some((2017, 3, 8)),
    );
    let persons: Vec<&str> = x.actors.iter().filter(|a| a.kind == ActorKind::Person).map(|a| a.name.as_str()).collect();
    assert!(persons.is_empty(), "{persons:?}");
}

#[test]
fn a_proper_noun_shaped_like_a_korean_name_but_known_for_something_else_is_no_name() {
    let x = run(
        "김철수 선대위 총괄팀장은 이날 회견을 열었다. 그는 홍보를 맡았으며 선대위 총괄팀장을 지냈다.",
        Some((2012, 9, 3)),
    );
    let persons: Vec<&str> = x.actors.iter().filter(|a| a.kind == ActorKind::Person).map(|a| a.name.as_str()).collect();
    assert_eq!(persons, ["김철수"]);
}

#[test]
fn a_linked_arabic_name_ends_where_the_firm_it_heads_begins() {
    let x = run("김 지사는 이날 무함마드 알 샴시 사이프 알리 테크존 대표와 만났다.", Some((2014, 11, 20)));
    let head = actor(&x, "무함마드 알 샴시");
    assert_eq!(head.title.as_deref(), Some("대표"));
    assert_eq!(x.actors[head.affiliation.expect("affiliation")].name, "사이프 알리 테크존");
}

#[test]
fn a_council_chair_given_a_place_belongs_to_its_council_when_it_is_named() {
    let x = run(
        "중국 허난성 대표단이 23일 충남도의회를 방문했다. 홍길순 의장은 대표단과 회담을 갖고 교류 확대를 논의했다.",
        Some((2024, 5, 23)),
    );
    let chair = actor(&x, "홍길순");
    let body = &x.actors[chair.affiliation.expect("affiliation")];
    assert_eq!(body.kind, ActorKind::Organization, "{}", body.name);
    assert!(body.name.ends_with("의회"), "{}", body.name);
}
