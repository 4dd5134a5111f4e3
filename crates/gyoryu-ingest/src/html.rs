//! Pulling the article out of a news page's HTML.
//!
//! A Korean news page is mostly furniture: menus, share buttons, ranking
//! boxes, comment widgets. The story sits in one container, usually marked
//! by a class such as `article_body` or `news_view`, sometimes only by being
//! where the Korean prose is. This module finds that container the way
//! readability tools do and renders it to lines, leaving the finer cleaning
//! to [`crate::clean`].

use chrono::NaiveDate;
use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};
use std::sync::LazyLock;

use crate::date::parse_date_str;
use crate::text::{count_hangul, normalize_line};

mod depth;

pub use depth::{nesting_depth, MAX_HTML_DEPTH};

/// Elements whose content is never article text.
const SKIP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "canvas",
    "object",
    "embed",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "option",
    "input",
    "textarea",
    "label",
    "head",
    "title",
    "map",
    "audio",
    "video",
    "dialog",
    "menu",
    // Photo captions repeat the story in fragments and end in credits.
    "figcaption",
];

/// Elements that start and end a line when rendered.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "section",
    "article",
    "main",
    "blockquote",
    "figure",
    "figcaption",
    "pre",
    "address",
    "center",
    "hr",
    "body",
    "html",
    "details",
    "summary",
    "fieldset",
    "legend",
];

/// Containers the generic body search may narrow down into.
const CONTAINER_TAGS: &[&str] =
    &["div", "section", "article", "main", "td", "tr", "tbody", "table", "center", "dl", "dd", "font", "body"];

/// Class/id words that mark page furniture, matched against whole words.
const FURNITURE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "sns",
    "cmt",
    "gnb",
    "lnb",
    "snb",
    "tnb",
    "nav",
    "navi",
    "menu",
    "footer",
    "header",
    "aside",
    "side",
    "sidebar",
    "tag",
    "tags",
    "rank",
    "best",
    "hot",
    "util",
    "utility",
    "tool",
    "tools",
    "toolbar",
    "btn",
    "blind",
    "skip",
    "login",
    "search",
    "print",
    "font",
    "fontsize",
    "copy",
    "location",
    "paging",
    "widget",
    "quick",
    "byline",
    "reporter",
    "writer",
    "journalist",
    "keyword",
    "keywords",
    "more",
    "popup",
    "modal",
    "sronly",
    "hidden",
    "top",
    "bottom",
    "relnews",
    "issue",
    "promotion",
    "promo",
    "sponsor",
    "subscription",
];

/// Class/id fragments that mark furniture wherever they occur.
const FURNITURE_FRAGMENTS: &[&str] = &[
    "comment",
    "reply",
    "related",
    "relation",
    "banner",
    "advert",
    "copyright",
    "breadcrumb",
    "sidebar",
    "pagination",
    "recommend",
    "popular",
    "ranking",
    "social",
    "share",
    "subscribe",
    "newsletter",
    "headline_list",
    "most_view",
    "mostview",
];

/// Class/id fragments that suggest the article body.
const BODY_FRAGMENTS: &[&str] = &["article", "news", "content", "body", "view", "story", "entry"];
/// Short body words, matched only as whole words (`cont` is also in `control`).
const BODY_WORDS: &[&str] = &["cont", "con", "txt", "text", "post", "detail", "read", "viewer"];

/// What the HTML yields before text cleaning.
#[derive(Debug, Default)]
pub(crate) struct HtmlPage {
    pub title: Option<String>,
    pub url: Option<String>,
    /// A date from metadata (`article:published_time`, `<time datetime>`, …).
    pub meta_date: Option<NaiveDate>,
    /// The chosen article container rendered to lines.
    pub body_lines: Vec<String>,
    /// The whole visible page rendered to lines, for finding a date stamp
    /// that sits outside the article container.
    pub page_lines: Vec<String>,
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

fn attr_words(el: &ElementRef) -> (String, Vec<String>) {
    let mut joined = String::new();
    for a in ["class", "id"] {
        if let Some(v) = el.value().attr(a) {
            joined.push(' ');
            joined.push_str(v);
        }
    }
    let lower = joined.to_lowercase();
    let words =
        lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect();
    (lower, words)
}

fn is_furniture_element(el: &ElementRef) -> bool {
    let (lower, words) = attr_words(el);
    if lower.is_empty() {
        return false;
    }
    words.iter().any(|w| FURNITURE_WORDS.contains(&w.as_str())) || FURNITURE_FRAGMENTS.iter().any(|f| lower.contains(f))
}

fn is_body_marked(el: &ElementRef) -> bool {
    if el.value().name() == "article" {
        return true;
    }
    if el.value().attr("itemprop").is_some_and(|v| v.eq_ignore_ascii_case("articleBody")) {
        return true;
    }
    let (lower, words) = attr_words(el);
    BODY_FRAGMENTS.iter().any(|f| lower.contains(f)) || words.iter().any(|w| BODY_WORDS.contains(&w.as_str()))
}

fn is_hidden(el: &ElementRef) -> bool {
    let v = el.value();
    if v.attr("hidden").is_some() || v.attr("aria-hidden").is_some_and(|a| a == "true") {
        return true;
    }
    v.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Whether an element and everything in it stays out of the text.
fn excluded(el: &ElementRef, skip_furniture: bool, is_root: bool) -> bool {
    let name = el.value().name();
    if SKIP_TAGS.contains(&name) || is_hidden(el) {
        return true;
    }
    skip_furniture && !is_root && is_furniture_element(el)
}

/// Deep nesting is a sign of broken or hostile markup; the text past this
/// depth is not worth a stack overflow.
const MAX_DEPTH: usize = 256;

#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    /// Hangul syllables outside links: the measure of article prose.
    hangul: usize,
}

struct Candidate<'a> {
    el: ElementRef<'a>,
    stats: Stats,
    depth: usize,
}

fn collect_stats<'a>(
    el: ElementRef<'a>,
    in_link: bool,
    depth: usize,
    skip_furniture: bool,
    out: &mut Vec<Candidate<'a>>,
) -> Stats {
    let mut stats = Stats::default();
    if depth > MAX_DEPTH {
        return stats;
    }
    let in_link = in_link || el.value().name() == "a";
    for child in el.children() {
        match child.value() {
            Node::Text(t) if !in_link => stats.hangul += count_hangul(t),
            Node::Element(_) => {
                let child_el = ElementRef::wrap(child).expect("element node");
                if excluded(&child_el, skip_furniture, false) {
                    continue;
                }
                let s = collect_stats(child_el, in_link, depth + 1, skip_furniture, out);
                stats.hangul += s.hangul;
            }
            _ => {}
        }
    }
    out.push(Candidate { el, stats, depth });
    stats
}

fn is_descendant(el: &ElementRef, ancestor: &ElementRef) -> bool {
    el.ancestors().any(|a| a.id() == ancestor.id())
}

/// Chooses the element holding the article: the marked container with the
/// most prose, narrowed to the innermost marked container that still holds
/// most of it; failing that, the innermost plain container that does.
fn choose_body<'a>(root: ElementRef<'a>, skip_furniture: bool) -> ElementRef<'a> {
    let mut cands = Vec::new();
    let total = collect_stats(root, false, 0, skip_furniture, &mut cands).hangul;
    let by_id = |el: &ElementRef| cands.iter().position(|c| c.el.id() == el.id());

    let marked: Vec<usize> = (0..cands.len()).filter(|&i| is_body_marked(&cands[i].el)).collect();
    let better = |a: &Candidate, b: &Candidate| {
        a.stats.hangul > b.stats.hangul || (a.stats.hangul == b.stats.hangul && a.depth > b.depth)
    };
    let mut best: Option<usize> = None;
    for &i in &marked {
        if best.is_none_or(|b| better(&cands[i], &cands[b])) {
            best = Some(i);
        }
    }
    let min_marked = 50.max(total / 5);
    let mut cur = match best {
        Some(b) if cands[b].stats.hangul >= min_marked => {
            let mut cur = b;
            loop {
                let floor = cands[cur].stats.hangul * 7 / 10;
                let next = marked
                    .iter()
                    .copied()
                    .filter(|&i| {
                        i != cur && cands[i].stats.hangul >= floor.max(1) && is_descendant(&cands[i].el, &cands[cur].el)
                    })
                    .reduce(|a, b| if better(&cands[b], &cands[a]) { b } else { a });
                match next {
                    Some(n) => cur = n,
                    None => break,
                }
            }
            cur
        }
        _ => match by_id(&root) {
            Some(r) => r,
            None => return root,
        },
    };
    // Unmarked wrappers inside the chosen element: step into a child only
    // when it holds nearly all of the prose, so side boxes get left behind
    // without losing a sub-headline or the last paragraph.
    loop {
        let here = cands[cur].stats.hangul;
        if here == 0 {
            break;
        }
        let next = (0..cands.len())
            .filter(|&i| {
                cands[i].el.parent().map(|p| p.id()) == Some(cands[cur].el.id())
                    && CONTAINER_TAGS.contains(&cands[i].el.value().name())
                    && cands[i].stats.hangul * 10 >= here * 8
            })
            .max_by_key(|&i| cands[i].stats.hangul);
        match next {
            Some(n) => cur = n,
            None => break,
        }
    }
    cands[cur].el
}

/// Renders an element to text lines, with block boundaries and `<br>` as
/// line breaks. Lines that are mostly link text (menus, related-article
/// lists) are dropped when `drop_link_lines` is set.
struct Renderer {
    lines: Vec<String>,
    cur: String,
    cur_chars: usize,
    cur_link_chars: usize,
    link_depth: usize,
    skip_furniture: bool,
    drop_link_lines: bool,
}

impl Renderer {
    fn new(skip_furniture: bool, drop_link_lines: bool) -> Self {
        Renderer {
            lines: Vec::new(),
            cur: String::new(),
            cur_chars: 0,
            cur_link_chars: 0,
            link_depth: 0,
            skip_furniture,
            drop_link_lines,
        }
    }

    fn break_line(&mut self) {
        let mostly_links = self.cur_link_chars * 10 >= self.cur_chars * 8 && self.cur_chars > 0;
        let line = normalize_line(&self.cur);
        if !line.is_empty() && (!self.drop_link_lines || !mostly_links) {
            self.lines.push(line);
        }
        self.cur.clear();
        self.cur_chars = 0;
        self.cur_link_chars = 0;
    }

    fn push_text(&mut self, t: &str) {
        for c in t.chars() {
            if c.is_whitespace() {
                if !self.cur.is_empty() && !self.cur.ends_with(' ') {
                    self.cur.push(' ');
                }
            } else {
                self.cur.push(c);
                self.cur_chars += 1;
                if self.link_depth > 0 {
                    self.cur_link_chars += 1;
                }
            }
        }
    }

    fn walk(&mut self, el: ElementRef, depth: usize, is_root: bool) {
        if depth > MAX_DEPTH {
            return;
        }
        let name = el.value().name();
        if name == "br" {
            self.break_line();
            return;
        }
        let block = BLOCK_TAGS.contains(&name);
        if block {
            self.break_line();
        }
        let link = name == "a";
        if link {
            self.link_depth += 1;
        }
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.push_text(t),
                Node::Element(_) => {
                    let child_el = ElementRef::wrap(child).expect("element node");
                    if !excluded(&child_el, self.skip_furniture, false) {
                        self.walk(child_el, depth + 1, false);
                    }
                }
                _ => {}
            }
        }
        if link {
            self.link_depth -= 1;
        }
        if block || is_root {
            self.break_line();
        }
    }
}

fn render(el: ElementRef, skip_furniture: bool, drop_link_lines: bool) -> Vec<String> {
    let mut r = Renderer::new(skip_furniture, drop_link_lines);
    r.walk(el, 0, true);
    r.break_line();
    r.lines
}

static TITLE_SEPARATORS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+(?:[|:<>\-–—·]|::|»|«)\s+").unwrap());

/// Drops the site name and section trail that `<title>` adds around the
/// headline (`헤드라인 < 정치 < 기사본문 - 전북일보`): the longest part is
/// kept when every other part is short.
pub(crate) fn clean_title(raw: &str) -> Option<String> {
    let t = normalize_line(raw);
    if t.is_empty() {
        return None;
    }
    let parts: Vec<&str> = TITLE_SEPARATORS.split(&t).map(str::trim).filter(|p| !p.is_empty()).collect();
    if parts.len() > 1 {
        let longest = parts.iter().copied().max_by_key(|p| p.chars().count()).unwrap_or(&t);
        let others_short = parts.iter().filter(|p| !std::ptr::eq(**p, longest)).all(|p| p.chars().count() <= 20);
        if others_short && longest.chars().count() >= 8 {
            return Some(longest.to_string());
        }
    }
    Some(t)
}

static JSONLD_DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#""datePublished"\s*:\s*"([^"]+)""#).unwrap());

/// Reads a page: metadata first, then the article container.
pub(crate) fn extract(raw: &str) -> HtmlPage {
    let doc = Html::parse_document(raw);
    let mut page = HtmlPage::default();

    let mut og_title = None;
    let mut meta_title = None;
    let mut published = None;
    let mut other_date = None;
    for m in doc.select(&sel("meta")) {
        let v = m.value();
        let Some(key) = v.attr("property").or(v.attr("name")).or(v.attr("itemprop")) else {
            continue;
        };
        let Some(content) = v.attr("content").map(str::trim).filter(|c| !c.is_empty()) else {
            continue;
        };
        match key.to_ascii_lowercase().as_str() {
            "og:title" => {
                og_title.get_or_insert_with(|| content.to_string());
            }
            "twitter:title" | "title" | "dc.title" => {
                meta_title.get_or_insert_with(|| content.to_string());
            }
            "article:published_time" | "og:article:published_time" | "og:published_time" => {
                published = published.or_else(|| parse_date_str(content));
            }
            "date" | "pubdate" | "publishdate" | "publish-date" | "publish_date" | "dc.date" | "dc.date.issued"
            | "datepublished" | "article:published" | "og:regdate" | "og:pubdate" | "sailthru.date"
            | "parsely-pub-date" | "nate:date" => {
                other_date = other_date.or_else(|| parse_date_str(content));
            }
            "og:url" => {
                page.url.get_or_insert_with(|| content.to_string());
            }
            _ => {}
        }
    }
    if let Some(href) = doc
        .select(&sel("link[rel]"))
        .filter(|l| {
            l.value().attr("rel").is_some_and(|r| r.split_whitespace().any(|w| w.eq_ignore_ascii_case("canonical")))
        })
        .find_map(|l| l.value().attr("href").map(str::trim).filter(|h| !h.is_empty()))
    {
        page.url = Some(href.to_string());
    }

    let jsonld_date = doc.select(&sel(r#"script[type="application/ld+json"]"#)).find_map(|s| {
        let text: String = s.text().collect();
        JSONLD_DATE.captures(&text).and_then(|c| parse_date_str(&c[1]))
    });
    let time_date =
        doc.select(&sel("time[datetime]")).find_map(|t| t.value().attr("datetime").and_then(parse_date_str));
    page.meta_date = published.or(other_date).or(jsonld_date).or(time_date);

    let html_title = doc.select(&sel("title")).next().map(|t| t.text().collect::<String>());
    page.title = og_title.or(meta_title).or(html_title).and_then(|t| clean_title(&t)).filter(|t| t.chars().count() > 3);

    let root = doc.select(&sel("body")).next().unwrap_or_else(|| doc.root_element());
    let mut body = render(choose_body(root, true), true, true);
    if body.iter().map(|l| count_hangul(l)).sum::<usize>() < 20 {
        // Class names misled us (a body marked `side_padding`, say): try
        // again trusting only the tag names.
        let plain = render(choose_body(root, false), false, true);
        if plain.iter().map(|l| count_hangul(l)).sum::<usize>() > body.iter().map(|l| count_hangul(l)).sum::<usize>() {
            body = plain;
        }
    }
    page.body_lines = body;
    page.page_lines = render(doc.root_element(), false, false);
    if page.title.is_none() {
        page.title = doc
            .select(&sel("h1, h2"))
            .map(|h| normalize_line(&h.text().collect::<String>()))
            .find(|t| count_hangul(t) >= 4);
    }
    page
}

#[cfg(test)]
mod tests;
