use super::*;

#[test]
fn titles_lose_site_names() {
    assert_eq!(
        clean_title("충남도, 베트남 박닌성과 교류 확대 < 행정 < 기사본문 - 충청일보").as_deref(),
        Some("충남도, 베트남 박닌성과 교류 확대")
    );
    assert_eq!(clean_title("전북일보 | 전북도, 美 오하이오주와 MOU").as_deref(), Some("전북도, 美 오하이오주와 MOU"));
    assert_eq!(clean_title("  도정 소식  ").as_deref(), Some("도정 소식"));
}

#[test]
fn marked_body_wins_over_page_wrapper() {
    let html = r#"<html><head><title>x</title></head><body>
        <div id="wrap" class="content"><div class="gnb"><a href="/">홈</a></div>
        <div class="article_head"><h1>경남도, 일본 야마구치현과 우호 교류 협약</h1></div>
        <div id="article_body">경상남도는 5일 일본 야마구치현과 우호 교류 협약을 체결했다고 밝혔다.<br>
        양 지역은 관광과 청소년 교류를 확대하기로 했다.</div>
        <div class="comment_box">좋은 소식이네요 앞으로도 많은 교류 부탁드립니다 응원합니다</div>
        </div></body></html>"#;
    let page = extract(html);
    assert_eq!(page.body_lines.len(), 2, "{:?}", page.body_lines);
    assert!(page.body_lines[0].starts_with("경상남도는 5일"));
}
