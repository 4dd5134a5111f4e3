use super::*;

fn kind(line: &str) -> Kind {
    classify(line, count_hangul(line), false)
}

fn clean(s: &str) -> Cleaned {
    let lines: Vec<String> = s.lines().map(str::to_string).collect();
    clean_lines(&lines, None)
}

#[test]
fn menus_and_bylines_are_furniture() {
    for l in [
        "메뉴 건너뛰기",
        "본문시작",
        "Prev이전 문서",
        "크게 작게 위로 아래로 댓글로 가기 인쇄",
        "기사 스크랩",
        "-",
        "?",
        "전북.JPG",
        "Board Pagination Prev 1 2 3 4 5 Next",
        "/ 135",
        "홈 > 뉴스 > 경제",
        "사진=전북도 제공",
    ] {
        assert_ne!(kind(l), Kind::Text, "{l}");
    }
    for l in ["춘천=홍길동 기자", "홍길동 기자 hong@news.com", "입력 : 2023-10-05 14:03"] {
        assert_eq!(kind(l), Kind::Meta, "{l}");
    }
    assert_eq!(kind("ⓒ 한빛일보 무단전재 및 재배포 금지"), Kind::Stop);
    // The notice that introduces a machine-translated copy ends the story.
    assert_eq!(kind("<아래는 번역기로 옮긴 기사 전문입니다.>"), Kind::Stop);
    assert_eq!(kind("도, 美 오하이오주와 경제협력 MOU"), Kind::Text);
}

#[test]
fn line_tests_are_listed_in_their_order() {
    for (i, (test, _)) in LINE_TESTS.iter().enumerate() {
        assert_eq!(*test as usize, i, "{test:?}");
    }
}

#[test]
fn the_set_answers_as_each_test_alone() {
    let long_name = format!("{}.jpg", "가".repeat(85));
    let lines = [
        "전북.JPG",
        "사진1.png (1200x800)",
        long_name.as_str(),
        "Prev이전 문서",
        "next page",
        "Board Pagination Prev 1 2 3 4 5 Next",
        "ⓒ 한빛일보 무단전재 및 재배포 금지",
        "홍길동 기자 hong@news.com",
        "춘천=홍길동 기자",
        "(서울=한빛뉴스) 가나다라마바사아자차카타파하 기자",
        "사진=전북도 제공",
        "▶ 카카오톡 채널 추가하기",
        "광고문의",
        "댓글 3개",
        "<아래는 번역기로 옮긴 기사 전문입니다.>",
        "<아래는 번역기로 옮긴 기사 전문입니다. 아주 길게 덧붙인 설명이 여기 더 있습니다 정말로>",
        "도, 美 오하이오주와 경제협력 MOU",
    ];
    for line in lines {
        let hits = line_test_hits(line);
        for (test, _) in LINE_TESTS {
            assert_eq!(hits[test as usize], test.is_match(line), "{test:?} on {line}");
        }
    }
}

#[test]
fn leads_and_trailing_bylines_are_cut() {
    assert_eq!(
        strip_bylines("(춘천=한빛뉴스) 홍길동 기자 = 강원도는 5일 일본 돗토리현과 교류 협약을 맺었다."),
        "강원도는 5일 일본 돗토리현과 교류 협약을 맺었다."
    );
    assert_eq!(
        strip_bylines("도는 앞으로 교류를 넓혀 나가겠다고 밝혔다. /홍길동 기자 hong@news.com"),
        "도는 앞으로 교류를 넓혀 나가겠다고 밝혔다."
    );
}

#[test]
fn headline_and_sub_headline() {
    let c = clean(
        "한빛일보\n메뉴 건너뛰기\n정치 경제 사회\n전북도, 美 오하이오주와 경제협력 MOU 체결\n\
         - 이차전지·수소 분야 공동 연구 추진 -\n입력 2023.10.05 14:03\n\
         전라북도는 5일 미국 오하이오주와 경제협력 업무협약을 체결했다고 밝혔다.\n\
         홍길동 기자 hong@news.com",
    );
    assert_eq!(c.title.as_deref(), Some("전북도, 美 오하이오주와 경제협력 MOU 체결"));
    assert_eq!(
        c.text,
        "이차전지·수소 분야 공동 연구 추진\n전라북도는 5일 미국 오하이오주와 경제협력 업무협약을 체결했다고 밝혔다."
    );
    assert_eq!(c.published, NaiveDate::from_ymd_opt(2023, 10, 5));
}

#[test]
fn numbered_related_headlines_are_dropped() {
    let c = clean(
        "강원도는 5일 일본 돗토리현과 관광 교류 협약을 체결했다고 밝혔다.\n\
         1. 여수시, 日 가라쓰시와 자매결연 30주년 기념식\n\
         2. 목포시, 中 항저우시와 우호 교류 협약 체결\n\
         3. 순천시, 베트남 다낭시 방문…농업 협력 논의",
    );
    assert_eq!(c.text, "강원도는 5일 일본 돗토리현과 관광 교류 협약을 체결했다고 밝혔다.");
}

#[test]
fn numbered_headlines_ending_like_sentences_are_dropped_too() {
    let c = clean(
        "강원도는 5일 일본 돗토리현과 관광 교류 협약을 체결했다고 밝혔다.\n\
         1. 여수시, 국가산단 투자협약 체결\n\
         2. 전라북도, 농생명산업 혁신특례 본격 추진!\n\
         3. ‘한중일 이스포츠대회’ 여수에서 열린다",
    );
    assert_eq!(c.text, "강원도는 5일 일본 돗토리현과 관광 교류 협약을 체결했다고 밝혔다.");
}

#[test]
fn numbered_points_of_the_story_stay() {
    let c = clean(
        "협약의 주요 내용은 다음과 같다.\n1. 신재생에너지 협력\n2. 청소년 교류\n\
         도는 이번 협약으로 교류가 넓어질 것으로 기대했다.",
    );
    assert_eq!(c.text.lines().count(), 4);
}
