//! From the mentions of every sentence to the article's actors and events.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use gyoryu_model::{name_key, Actor, ActorKind, Document, Event, EventKind, EventStatus, Extraction, Span};
use regex::Regex;

use crate::dates::{find_dates, time_cues};
use crate::lexicon::Lexicon;
use crate::mentions::{Mention, MentionFinder};
use crate::sentences;
use crate::tokens::{Morpheme, Tokenizer};
use crate::ExtractOptions;

/// One analysed sentence.
struct Sentence<'a> {
    span: Span,
    text: &'a str,
    mentions: Vec<Mention>,
    /// Actor index of each mention, parallel to `mentions`.
    actors: Vec<Option<usize>>,
    /// Extra references (`도`, `김 지사`, `양측`) resolved to actors: (start, end, actor).
    references: Vec<(usize, usize, usize)>,
}

static PLANNED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"계획이다|계획이며|예정이다|예정이며|예정돼|예정되어|예정된|할 방침|방침이다|오는 \d|나설 |나선다|추진할|체결한다|방문한다|연다|개최한다|참가한다|참석한다|할 계획|가질 |가진다").unwrap()
});
static MOVED_TO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^으?로 (?:이동|자리를 옮)").unwrap());
/// `… 19일 밝혔다`, `11일 도에 따르면`: the day a thing was told, not the day it happened.
static ANNOUNCED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^\s*(?:밝혔|밝히|전했|발표했|알렸|(?:\S+에\s*)?따르면|["“'‘])"#).unwrap());
static COUNT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d+\s*여?\s*개(?:국|국가|사|기관|도시)?$").unwrap());
/// `등 중앙아시아 3개국`: a count closing a list of places.
const COUNTED: &str = r"(?:\s*등)?(?:\s+[가-힣]{1,6})?\s+\d+\s*개\s*(?:국|국가|나라|도시|지역|곳)";
static COUNTED_AHEAD: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("^{COUNTED}")).unwrap());
static COUNTED_TAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("{COUNTED}$")).unwrap());
static ANNIVERSARY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*\d+\s*주년").unwrap());
static PAST: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"지난\s*(?:해|\d)|바 있|했던|체결한 뒤|에 이어").unwrap());
static ANAPHOR_PROVINCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s“‘\(])(?:본 |우리 )?(도)(?:는|가|의|와|에서|에|도|와의|청)?(?:\s|$)").unwrap()
});
static ANAPHOR_CITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s“‘\(])(?:본 |우리 )?(시)(?:는|가|의|와|에서|에|도|와의|청)?(?:\s|$)").unwrap()
});
/// `서호주주 정부 대표단이`: the body a delegation comes from.
static DELEGATION_OF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\s*정부)?\s*(?:[가-힣]{1,4}\s)?(대표단|방문단|사절단|경제사절단|일행)").unwrap());
/// `대표단은 이날 …`: a delegation named before, now without its body.
static BARE_DELEGATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[\s“‘(])(대표단|방문단|사절단|일행)(?:은|는|이|가|과|와|을|를|의|도)").unwrap());
static BOTH_SIDES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"양측|양 측|양 지역|양 기관|양국|양 도시|양 지자체|양 도|양 시").unwrap());
static SHORT_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[\s“‘\(])([가-힣]{1,2}) ([가-힣]{1,6})").unwrap());
static VENUE_IN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^ [^\s,]{2,20}에서").unwrap());
/// `서울 신라호텔 영빈관에서`: a venue of up to three words after a place.
static VENUE_IN_PLACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ (?:[^\s,]{2,20} ){0,2}[^\s,]{2,20}에서").unwrap());
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d[\d,.]*\s*(?:조|억|만|천)?\s*(?:\d[\d,.]*\s*(?:억|만|천))?\s*(?:달러|원|유로|엔|위안|텡게)").unwrap()
});

/// Fields of cooperation worth recording on an event.
const FIELDS: [&str; 24] = [
    "에너지",
    "바이오",
    "헬스케어",
    "반도체",
    "이차전지",
    "수소",
    "농업",
    "농식품",
    "스마트팜",
    "스마트 팜",
    "관광",
    "문화",
    "교육",
    "보건",
    "의료",
    "물류",
    "인공지능",
    "과학기술",
    "체육",
    "환경",
    "자동차",
    "건설",
    "수산",
    "통상",
];

pub fn extract(lexicon: &Lexicon, tokenizer: &Tokenizer, doc: &Document, options: ExtractOptions) -> Extraction {
    let finder = MentionFinder { lexicon };
    let mut sentences: Vec<Sentence> = sentences::split(&doc.text)
        .into_iter()
        .map(|span| {
            let text = &doc.text[span.start..span.end];
            let morphemes: Vec<Morpheme> = tokenizer.tokenize(text);
            let (mentions, _titles) = finder.find(text, &morphemes);
            Sentence { span, actors: vec![None; mentions.len()], references: Vec::new(), text, mentions }
        })
        .collect();

    let mut registry = Registry::default();
    for s in sentences.iter_mut() {
        for (i, m) in s.mentions.iter().enumerate() {
            s.actors[i] = Some(registry.add(m, s.span.start));
        }
        // Persons' affiliations point at mentions of the same sentence.
        for (i, m) in s.mentions.iter().enumerate() {
            let body = m
                .affiliation
                .and_then(|start| s.mentions.iter().position(|b| b.start == start))
                .and_then(|b| s.actors[b]);
            if let (Some(person), Some(body)) = (s.actors[i], body) {
                if registry.actors[person].affiliation.is_none() && person != body {
                    registry.actors[person].affiliation = Some(body);
                }
            }
        }
    }
    let mut merged = registry.merge_partial_persons();
    registry.merge_place_stems(lexicon, &mut merged);
    registry.merge_place_prefixed(lexicon, &mut merged);
    for actor in registry.actors.iter_mut() {
        actor.affiliation = actor.affiliation.map(|b| merged[b].unwrap_or(b));
    }
    for s in sentences.iter_mut() {
        for a in s.actors.iter_mut().flatten() {
            *a = merged[*a].unwrap_or(*a);
        }
    }
    resolve_references(lexicon, &mut sentences, &mut registry);
    // `남궁영 도 경제통상실장`, `정환중 시 국제교류담당관`: the article's own province
    // or city, written as `도`/`시` between a name and its title, is the person's body.
    for s in &sentences {
        for (m, actor) in s.mentions.iter().zip(&s.actors) {
            let Some(p) = *actor else { continue };
            if m.kind != ActorKind::Person || registry.actors[p].affiliation.is_some() {
                continue;
            }
            let body = s.references.iter().find(|&&(start, _, b)| {
                start >= m.end && s.text[m.end..start].trim().is_empty() && registry.actors[b].kind.is_place()
            });
            if let Some(&(_, _, b)) = body {
                registry.actors[p].affiliation = Some(b);
            }
        }
    }
    let (mut locators, main) = locator_places(lexicon, &sentences, &registry);
    // A person merged into another is no actor of its own.
    for (i, m) in merged.iter().enumerate() {
        locators[i] |= m.is_some();
    }
    default_affiliations(lexicon, &mut registry, main, &locators);
    for s in sentences.iter_mut() {
        for a in s.actors.iter_mut() {
            if a.is_some_and(|i| locators[i]) {
                *a = None;
            }
        }
    }
    let events = find_events(lexicon, &sentences, &registry, doc.published, main);
    finish(registry, events, &sentences, doc, options, &locators)
}

/// Places written only as locators of something else (`경북 포항시`, `중국
/// 훈춘시장`, `러시아 바이어`, `원주 문막`): the analyst does not record them,
/// unless the place acts somewhere in the article, is someone's body, or is the
/// article's own province or city.
///
/// Returns, per actor, whether it is only a locator, and the article's main actor.
fn locator_places(lexicon: &Lexicon, sentences: &[Sentence], registry: &Registry) -> (Vec<bool>, Option<usize>) {
    let mut acts = vec![false; registry.actors.len()];
    for s in sentences {
        for (i, m) in s.mentions.iter().enumerate() {
            if let Some(a) = s.actors[i] {
                acts[a] |= if m.kind.is_place() { place_acts(lexicon, s, i, 0) } else { body_acts(s, i) };
            }
        }
        for &(_, _, a) in &s.references {
            acts[a] = true;
        }
    }
    for a in &registry.actors {
        if let Some(b) = a.affiliation {
            acts[b] = true;
        }
    }
    // The article's own province or city is never a mere locator; when every
    // candidate was written only as one, the usual choice stands.
    let main = registry.main_actor_among(lexicon, None, &acts).or_else(|| registry.main_actor(lexicon, None));
    if let Some(m) = main {
        acts[m] = true;
    }
    (acts.iter().map(|a| !a).collect(), main)
}

/// `김 지사`, `염홍철 시장`, `김경수 총장`: an official of the article's own side
/// named with a title but no body. The body is the article's own province or
/// city when the title belongs to one, else the one body of the title's kind
/// the article speaks of most; a `시장` of a metropolitan city (`울산광역시`,
/// filed as a province) is its mayor too.
///
/// `우에다 시장`, `리러청 성장`: a foreign official with the title of a place's
/// head and no body belongs to the foreign place of that kind the article
/// speaks of most, when one leads. Other foreign officials are left alone:
/// their body is whichever partner the sentence names.
fn default_affiliations(lexicon: &Lexicon, registry: &mut Registry, main: Option<usize>, locators: &[bool]) {
    // A metropolitan city is filed as a province but is headed by a 시장.
    let heads = |title: &crate::lexicon::Title, place: &Actor| {
        title.body_kinds.first() == Some(&place.kind)
            || (place.kind == ActorKind::Province
                && place.name.ends_with('시')
                && title.body_kinds.contains(&ActorKind::City))
    };
    for p in 0..registry.actors.len() {
        let a = &registry.actors[p];
        if a.kind != ActorKind::Person || a.affiliation.is_some() || locators[p] {
            continue;
        }
        let Some(title) = a.title.as_deref().and_then(|t| lexicon.title(t)) else { continue };
        if !crate::mentions::is_korean_name(&a.name) {
            if !title.body_kinds.first().is_some_and(|k| matches!(k, ActorKind::Province | ActorKind::City)) {
                continue;
            }
            let place = registry.most_mentioned(|b| {
                let place = &registry.actors[b];
                !locators[b] && !place.mentions.is_empty() && heads(title, place) && !is_korean(lexicon, &place.name)
            });
            registry.actors[p].affiliation = place;
            continue;
        }
        // Other bodies: those of the first kind of body the title names that is no place
        // (`의원`: a council, once no province or city heads it).
        let body_kind = title.body_kinds.iter().find(|k| !k.is_place());
        let body = match main {
            Some(m) if heads(title, &registry.actors[m]) => Some(m),
            _ => registry.most_mentioned(|b| {
                let actor = &registry.actors[b];
                !locators[b] && !actor.kind.is_place() && body_kind == Some(&actor.kind)
            }),
        };
        registry.actors[p].affiliation = body;
    }
}

/// `캐나다 앨버타와 미국 보스턴을 방문`: the places from mention `n` on, joined
/// by `와`/`및`, are what a visit goes to.
fn visited(lexicon: &Lexicon, s: &Sentence, mut n: usize) -> bool {
    for _ in 0..6 {
        let rest = &s.text[s.mentions[n].end..];
        let after = ["을", "를", "와", "과", "에", "도", "까지", "및", ","]
            .iter()
            .find_map(|p| rest.strip_prefix(p))
            .unwrap_or(rest)
            .trim_start();
        let after = after.strip_prefix("및").unwrap_or(after).trim_start();
        let from = s.text.len() - after.len();
        if let Some(next) = s.mentions.iter().position(|m| m.start == from && m.kind.is_place()) {
            n = next;
            continue;
        }
        return lexicon
            .find_triggers(after)
            .first()
            .is_some_and(|h| h.start == 0 && lexicon.triggers[h.index].kind == EventKind::Visit);
    }
    false
}

/// `VENUE_IN` for text right after a mention. Its regex is anchored at a
/// space, and most mentions are followed by a particle: those need no search.
fn venue_in(rest: &str) -> bool {
    rest.starts_with(' ') && VENUE_IN.is_match(rest)
}

/// Whether a place is where a venue stands (`서울 신라호텔 영빈관에서`): the
/// words between are bare nouns, none carrying a particle (`충북도지사는 14일 청주에서`
/// is a sentence going on, not a venue).
fn venue_after_place(rest: &str) -> bool {
    if !rest.starts_with(' ') || !VENUE_IN_PLACE.is_match(rest) {
        return false;
    }
    let words: Vec<&str> = rest.split_whitespace().take_while(|w| !w.ends_with("에서")).collect();
    words.iter().all(|w| {
        !w.chars().any(|c| c.is_ascii_digit()) && !PLACE_PARTICLES.iter().any(|p| w.len() > p.len() && w.ends_with(p))
    })
}

/// A body named only as a former post (`前 지식경제부 장관`) or as the owner of
/// a venue (`포스코 국제관에서`) is no party to the story.
fn body_acts(s: &Sentence, i: usize) -> bool {
    let m = &s.mentions[i];
    let former = s.text[..m.start].trim_end().ends_with('前');
    let venue = venue_in(&s.text[m.end..]);
    !(former || venue)
}

/// Whether the place mentioned at `s.mentions[i]` is a party here rather than
/// a modifier of what follows it.
fn place_acts(lexicon: &Lexicon, s: &Sentence, i: usize, depth: usize) -> bool {
    let m = &s.mentions[i];
    let rest = &s.text[m.end..];
    let next_mention = |from: usize| s.mentions.iter().position(|n| n.start == from);
    let Some(c) = rest.chars().next() else { return true };
    if matches!(c, ',' | '·' | 'ㆍ' | '/') {
        // A list takes the role of its last member: `러시아, 일본 … 바이어`.
        let gap = rest[c.len_utf8()..].len() - rest[c.len_utf8()..].trim_start().len();
        return match next_mention(m.end + c.len_utf8() + gap) {
            Some(n) if depth < 12 && s.mentions[n].kind.is_place() => place_acts(lexicon, s, n, depth + 1),
            _ => true,
        };
    }
    if venue_after_place(rest) {
        // `전주 그랜드힐스턴호텔에서`: where something was held.
        return true;
    }
    if let Some(after) = rest.strip_prefix('의') {
        // `러시아의 환동해 지역`: a genitive place describes, it does not act;
        // `빌레리카의 인테그리스 본사`: it is where a body it names is.
        let from = m.end + rest.len() - after.trim_start().len();
        return rest.starts_with("의회")
            || s.mentions.iter().any(|n| n.start == from && !n.kind.is_place() && n.kind != ActorKind::Person);
    }
    if c != ' ' {
        // `(일본, 중국, 호주)`, `(민·성남)`: an aside in brackets.
        if matches!(c, ')' | '）' | ']') {
            return false;
        }
        // `한국대사관`: the place is part of a longer name, not an actor here.
        let word: String = rest.chars().take_while(|c| ('가'..='힣').contains(c)).collect();
        if !word.is_empty() && lexicon.title(strip_particles(&word)).is_none() {
            let whole = format!("{}{}", m.surface, strip_particles(&word));
            if lexicon.kind_by_suffix(&whole).is_some_and(|(k, suffix)| !k.is_place() && word.starts_with(suffix)) {
                return false;
            }
            // `한국기업`, `한국시간`, `부산시민`: glued to a noun it only describes.
            let noun = strip_particles(&word);
            let particle = PLACE_PARTICLES.iter().any(|p| word.starts_with(p));
            if !particle && !lexicon.is_party_head(noun) && lexicon.find_triggers(noun).is_empty() {
                return false;
            }
        }
        // A particle (`카자흐스탄과`), a glued title (`훈춘시장`), or the end of a phrase.
        return true;
    }
    // `말레이시아, 필리핀, 홍콩 아시아 3개국을 순방`: a counted list of places visited.
    if let Some(count) = COUNTED_AHEAD.find(rest) {
        let next = rest[count.end()..].trim_start_matches(['을', '를', '의', ' ']);
        let word = next.split_whitespace().next().unwrap_or("");
        if lexicon.find_triggers(word).iter().any(|h| h.start == 0) {
            return true;
        }
    }
    // `튀르키예 등 8개국 대표단과`: counting words stand between a list and its head.
    let mut after = rest.trim_start();
    let mut counted = false;
    while let Some(word) = after
        .split_whitespace()
        .next()
        .filter(|w| *w == "등" || *w == "총" || (w.starts_with(|c: char| c.is_numeric()) && COUNT.is_match(w)))
    {
        counted |= word.starts_with(|c: char| c.is_numeric());
        after = after[word.len()..].trim_start();
    }
    // `강원, 경남, 충북 등 7개 시도`: places counted as they are listed are the parties.
    if counted && ["시도", "시·도", "광역", "지자체", "자치단체"].iter().any(|w| after.starts_with(w)) {
        return true;
    }
    let from = m.end + rest.len() - after.len();
    if let Some(n) = next_mention(from) {
        let next = &s.mentions[n];
        // `캐나다 앨버타와`: a country before one of its regions visited or met is
        // a party too; before a person, a title holder or a firm it only locates.
        return m.kind == ActorKind::Country && next.kind.is_place() && visited(lexicon, s, n);
    }
    let word: &str = after
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ')' | '’' | '\'' | '”' | '"'))
        .next()
        .unwrap_or("");
    let stem = strip_particles(word);
    lexicon.is_party_head(stem)
        || lexicon.title(stem).is_some()
        // `러시아와 중국 방문길에`: a trigger word with a noun glued on still names the happening.
        || lexicon.find_triggers(stem).iter().any(|h| {
            stem[h.end..].chars().next().is_none_or(|c| !('가'..='힣').contains(&c)) || (h.start == 0 && trigger_stands_alone(stem, h.end))
        })
}

#[derive(Default)]
struct Registry {
    actors: Vec<Actor>,
    by_key: HashMap<(ActorKind, String), usize>,
    /// The actor each name as written was filed under, by kind: a name
    /// mentioned again needs no `name_key`.
    by_name: HashMap<String, Vec<(ActorKind, usize)>>,
    /// `name_key` of each actor's name, parallel to `actors`.
    keys: Vec<String>,
    /// How many times each actor is mentioned, for choosing the article's main actor.
    counts: Vec<usize>,
}

impl Registry {
    fn add(&mut self, m: &Mention, offset: usize) -> usize {
        let span = Span { start: offset + m.start, end: offset + m.end };
        let seen = self
            .by_name
            .get(m.name.as_str())
            .and_then(|filed| filed.iter().find(|(k, _)| *k == m.kind))
            .map(|&(_, i)| i);
        let index = match seen {
            Some(i) => i,
            None => {
                let key = (m.kind, actor_key(&m.name));
                let index = match self.by_key.get(&key) {
                    Some(&i) => i,
                    None => {
                        self.actors.push(Actor {
                            kind: m.kind,
                            name: m.name.clone(),
                            aliases: Vec::new(),
                            title: None,
                            affiliation: None,
                            confidence: 0.0,
                            mentions: Vec::new(),
                        });
                        self.counts.push(0);
                        self.keys.push(key.1.clone());
                        self.by_key.insert(key, self.actors.len() - 1);
                        self.actors.len() - 1
                    }
                };
                self.by_name.entry(m.name.clone()).or_default().push((m.kind, index));
                index
            }
        };
        let actor = &mut self.actors[index];
        actor.confidence = actor.confidence.max(m.confidence());
        actor.mentions.push(span);
        self.counts[index] += 1;
        for alias in std::iter::once(&m.surface).chain(&m.aliases) {
            add_alias(actor, &self.keys[index], alias);
        }
        if actor.title.is_none() {
            actor.title = m.title.clone();
        }
        index
    }

    /// `미르자예프 주지사` after `조이르 미르자예프 … 주지사`: a person named by one
    /// word that is the first or last word of another person's full name is that
    /// person. Returns, per actor, the actor it was merged into.
    fn merge_partial_persons(&mut self) -> Vec<Option<usize>> {
        let mut merged = vec![None; self.actors.len()];
        for p in 0..self.actors.len() {
            let a = &self.actors[p];
            if a.kind != ActorKind::Person || a.name.contains(' ') {
                continue;
            }
            let full = (0..self.actors.len()).find(|&q| {
                let b = &self.actors[q];
                q != p
                    && b.kind == ActorKind::Person
                    && b.name.contains(' ')
                    && (b.name.split(' ').next_back() == Some(a.name.as_str())
                        || b.name.split(' ').next() == Some(a.name.as_str()))
            });
            let Some(q) = full else { continue };
            self.absorb(q, p, &mut merged);
        }
        merged
    }

    /// Among the actors `eligible` allows, the one the article mentions most,
    /// when no other is mentioned as often.
    fn most_mentioned(&self, eligible: impl Fn(usize) -> bool) -> Option<usize> {
        let mut best: Vec<usize> = Vec::new();
        for b in (0..self.actors.len()).filter(|&b| eligible(b)) {
            match best.first().map(|&x| self.counts[x].cmp(&self.counts[b])) {
                None | Some(std::cmp::Ordering::Equal) => best.push(b),
                Some(std::cmp::Ordering::Less) => best = vec![b],
                Some(std::cmp::Ordering::Greater) => {}
            }
        }
        (best.len() == 1).then(|| best[0])
    }

    /// Makes actor `part` one with actor `whole`: its mentions, names, title
    /// and body go to `whole`, and `merged` records where it went.
    fn absorb(&mut self, whole: usize, part: usize, merged: &mut [Option<usize>]) {
        let emptied = Actor { mentions: Vec::new(), aliases: Vec::new(), ..self.actors[part].clone() };
        let taken = std::mem::replace(&mut self.actors[part], emptied);
        let key = self.keys[whole].clone();
        let into = &mut self.actors[whole];
        into.mentions.extend(taken.mentions);
        into.confidence = into.confidence.max(taken.confidence);
        into.title = into.title.take().or(taken.title);
        into.affiliation = into.affiliation.or(taken.affiliation);
        for alias in std::iter::once(&taken.name).chain(&taken.aliases) {
            add_alias(into, &key, alias);
        }
        self.counts[whole] += self.counts[part];
        merged[part] = Some(whole);
    }

    /// `페르가나` beside `페르가나주`, `삿포로` beside `삿포로시`: a foreign
    /// place written with and without its one-syllable suffix is one place,
    /// under its whole written name (and the suffix's kind: `주` is a
    /// province). Korean places need no such rule: the gazetteer names them;
    /// and two places the gazetteer knows apart (`타슈켄트`, the capital, and
    /// `타슈켄트주`, the region around it) stay apart.
    /// Marks in `merged` the actors merged away.
    fn merge_place_stems(&mut self, lexicon: &Lexicon, merged: &mut [Option<usize>]) {
        let is_place = |a: &Actor| matches!(a.kind, ActorKind::Province | ActorKind::City);
        for p in 0..self.actors.len() {
            let a = &self.actors[p];
            if merged[p].is_some() || !is_place(a) || a.mentions.is_empty() || is_korean(lexicon, &a.name) {
                continue;
            }
            let whole = (0..self.actors.len()).find(|&q| {
                let b = &self.actors[q];
                q != p
                    && merged[q].is_none()
                    && is_place(b)
                    && b.name.strip_prefix(a.name.as_str()).is_some_and(|rest| {
                        rest.chars().count() == 1
                            && lexicon
                                .kind_by_suffix(&b.name)
                                .is_some_and(|(kind, suffix)| kind.is_place() && suffix == rest)
                    })
            });
            let Some(q) = whole else { continue };
            if lexicon.entry_by_name(&self.actors[p].name).is_some()
                && lexicon.entry_by_name(&self.actors[q].name).is_some()
            {
                continue;
            }
            self.absorb(q, p, merged);
        }
    }

    /// `베트남 산업무역부`: a body named after its place is also known without it,
    /// and a body written both ways is one actor.
    fn merge_place_prefixed(&mut self, lexicon: &Lexicon, merged: &mut [Option<usize>]) {
        for p in 0..self.actors.len() {
            let a = &self.actors[p];
            if merged[p].is_some() || a.kind == ActorKind::Person || a.kind.is_place() {
                continue;
            }
            let Some((first, rest)) = a.name.split_once(' ') else { continue };
            if rest.chars().count() < 2 || !lexicon.entry_by_name(first).is_some_and(|e| e.kind.is_place()) {
                continue;
            }
            let (kind, rest) = (a.kind, rest.to_string());
            let key = self.keys[p].clone();
            add_alias(&mut self.actors[p], &key, &rest);
            let Some(q) = (0..self.actors.len())
                .find(|&q| q != p && merged[q].is_none() && self.actors[q].kind == kind && self.actors[q].name == rest)
            else {
                continue;
            };
            self.absorb(p, q, merged);
        }
    }

    fn note_reference(&mut self, actor: usize, span: Span, alias: Option<&str>) {
        let a = &mut self.actors[actor];
        a.mentions.push(span);
        self.counts[actor] += 1;
        if let Some(alias) = alias {
            add_alias(a, &self.keys[actor], alias);
        }
    }

    /// The Korean province or city the article is about: the omitted subject
    /// of its sentences and the referent of `도`/`시`.
    fn main_actor(&self, lexicon: &Lexicon, kind: Option<ActorKind>) -> Option<usize> {
        self.main_actor_among(lexicon, kind, &vec![true; self.actors.len()])
    }

    /// [`Registry::main_actor`] among the actors `eligible` allows.
    fn main_actor_among(&self, lexicon: &Lexicon, kind: Option<ActorKind>, eligible: &[bool]) -> Option<usize> {
        (0..self.actors.len())
            .filter(|&i| eligible[i])
            .filter(|&i| {
                let a = &self.actors[i];
                matches!(a.kind, ActorKind::Province | ActorKind::City)
                    && kind.is_none_or(|k| k == a.kind)
                    && is_korean(lexicon, &a.name)
            })
            .max_by_key(|&i| (self.counts[i], std::cmp::Reverse(self.actors[i].mentions[0].start)))
    }
}

/// `name_key(name)`. Most names are Hangul syllables alone, which are in NFC
/// and have no case, spaces or dots: their key is the name itself, unless it
/// holds the one Hangul company marker.
fn actor_key(name: &str) -> String {
    if name.chars().all(|c| ('가'..='힣').contains(&c)) && !name.contains("주식회사") {
        name.to_string()
    } else {
        name_key(name)
    }
}

/// `key` is `name_key(&actor.name)`.
fn add_alias(actor: &mut Actor, key: &str, alias: &str) {
    let alias = alias.trim();
    // A surface with its romanisation in brackets is not a name of its own.
    if alias.is_empty() || alias.contains('(') {
        return;
    }
    // Most mentions repeat the name or a known alias: settle those before
    // computing two keys.
    if alias == actor.name || actor.aliases.iter().any(|a| a == alias) || actor_key(alias) == key {
        return;
    }
    actor.aliases.push(alias.to_string());
}

fn is_korean(lexicon: &Lexicon, name: &str) -> bool {
    let mut current = lexicon.entry_by_name(name);
    for _ in 0..3 {
        match current {
            Some(e) if e.name == "대한민국" => return true,
            Some(e) => current = e.parent.as_deref().and_then(|p| lexicon.entry_by_name(p)),
            None => return false,
        }
    }
    false
}

/// Resolves references that are not names: `김 지사` (a person named earlier),
/// `도`/`본 도` (the article's province), `시` (its city), and later mentions
/// of a person by full name alone.
fn resolve_references(lexicon: &Lexicon, sentences: &mut [Sentence], registry: &mut Registry) {
    let main_province = registry.main_actor(lexicon, Some(ActorKind::Province));
    let main_city = registry.main_actor(lexicon, Some(ActorKind::City));
    let persons: Vec<usize> =
        (0..registry.actors.len()).filter(|&i| registry.actors[i].kind == ActorKind::Person).collect();
    let mut delegation: Option<usize> = None;
    for s in sentences.iter_mut() {
        let covered = |s: &Sentence, a: usize, b: usize| s.mentions.iter().any(|m| m.start < b && a < m.end);
        let mut refs = Vec::new();
        for (re, word, main) in [(&*ANAPHOR_PROVINCE, '도', main_province), (&*ANAPHOR_CITY, '시', main_city)] {
            let Some(main) = main else { continue };
            // Nothing before the group can be its word (`본 `, `우리 `, an opening
            // mark), so the group is where the word first stands in the match.
            for m in s.text.contains(word).then(|| re.find_iter(&s.text)).into_iter().flatten() {
                let Some(at) = m.as_str().find(word) else { continue };
                let (start, end) = (m.start() + at, m.start() + at + word.len_utf8());
                if !covered(s, start, end) {
                    refs.push((start, end, main, None));
                }
            }
        }
        // A person's name or part of it with a title: only a person named
        // before can be meant, and only where a title is written.
        let titled = !persons.is_empty() && lexicon.has_title(&s.text);
        // `김 지사`, `김 차관보`: a surname and a title. The groups are read off
        // the match (the surname runs to its one space) rather than asked of
        // the slower capturing search.
        for m in titled.then(|| SHORT_REFERENCE.find_iter(&s.text)).into_iter().flatten() {
            let opener = m.as_str().chars().next().filter(|c| !('가'..='힣').contains(c)).map_or(0, char::len_utf8);
            let surname_start = m.start() + opener;
            let Some((surname, title)) = s.text[surname_start..m.end()].split_once(' ') else { continue };
            let title_start = surname_start + surname.len() + 1;
            let title_text = strip_particles(title);
            let Some(t) = lexicon.title(title_text) else { continue };
            let found = persons.iter().copied().find(|&p| {
                let a = &registry.actors[p];
                a.name.starts_with(surname)
                    && a.title.as_deref().is_none_or(|at| {
                        at.ends_with(&t.canonical) || t.canonical.ends_with(at) || at.contains(title_text)
                    })
            });
            if let Some(p) = found {
                let end = title_start + title_text.len();
                if !covered(s, surname_start, end) {
                    refs.push((surname_start, end, p, Some(s.text[surname_start..end].to_string())));
                }
            }
        }
        // `미르자예프 주지사`: a foreign person's last name and a title.
        for &p in persons.iter().filter(|_| titled) {
            let name = &registry.actors[p].name;
            let Some(last) = name.split_whitespace().last().filter(|l| *l != name.as_str() && l.chars().count() >= 2)
            else {
                continue;
            };
            for (pos, _) in s.text.match_indices(last) {
                let after = &s.text[pos + last.len()..];
                let Some(rest) = after.strip_prefix(' ') else { continue };
                let word: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
                let title = strip_particles(&word);
                if lexicon.title(title).is_some() && !covered(s, pos, pos + last.len()) {
                    let end = pos + last.len() + 1 + title.len();
                    refs.push((pos, end, p, Some(s.text[pos..end].to_string())));
                }
            }
        }
        // Full names of persons found elsewhere in the article.
        for &p in &persons {
            let name = registry.actors[p].name.as_str();
            for (pos, _) in s.text.match_indices(name) {
                if !covered(s, pos, pos + name.len()) {
                    refs.push((pos, pos + name.len(), p, None));
                }
            }
        }
        // `대표단은`: the delegation last named with its body (`서호주주 정부 대표단이`).
        let mut own: Vec<(usize, usize)> = Vec::new();
        // Both regexes need one of these words; most sentences have none.
        let delegation_named = ["대표단", "방문단", "사절단", "일행"].iter().any(|w| s.text.contains(w));
        for (m, a) in s.mentions.iter().zip(&s.actors).filter(|_| delegation_named) {
            let Some(a) = a else { continue };
            if let Some(c) = DELEGATION_OF.captures(&s.text[m.end..]) {
                let head = c.get(1).unwrap();
                own.push((m.end + head.start(), m.end + head.end()));
                delegation = Some(*a);
            }
        }
        if let Some(d) = delegation.filter(|_| delegation_named) {
            for c in BARE_DELEGATION.captures_iter(&s.text) {
                let head = c.get(1).unwrap();
                if !own.iter().any(|&(a, b)| a <= head.start() && head.end() <= b)
                    && !covered(s, head.start(), head.end())
                {
                    refs.push((head.start(), head.end(), d, None));
                }
            }
        }
        // `양측`, `양 지역`: the two sides last spoken of; resolved during event finding.
        for (start, end, actor, alias) in refs {
            registry.note_reference(
                actor,
                Span { start: s.span.start + start, end: s.span.start + end },
                alias.as_deref(),
            );
            s.references.push((start, end, actor));
        }
    }
}

/// What may follow a place that takes part: a particle (`한국과`, `일본측`) or the end.
const PLACE_PARTICLES: [&str; 24] = [
    "은", "는", "이", "가", "을", "를", "의", "와", "과", "도", "로", "으로", "에", "에서", "에게", "까지", "부터",
    "측", "만", "이다", "이며", "과의", "와의", "께서",
];

fn strip_particles(word: &str) -> &str {
    for p in [
        "께서는",
        "께서",
        "에게",
        "과의",
        "와의",
        "은",
        "는",
        "이",
        "가",
        "을",
        "를",
        "의",
        "와",
        "과",
        "도",
        "로",
        "에",
    ] {
        if let Some(stem) = word.strip_suffix(p) {
            if !stem.is_empty() {
                return stem;
            }
        }
    }
    word
}

/// A candidate event before duplicates are merged.
#[derive(Clone)]
struct Candidate {
    kind: EventKind,
    trigger: String,
    participants: Vec<usize>,
    location: Option<usize>,
    date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    status: EventStatus,
    sentence: usize,
    strong: bool,
    amounts: Vec<String>,
    fields: Vec<String>,
    label_hint: Option<String>,
    /// The partner the trigger is about: the nearest other-side actor before it
    /// (`앨버타를 방문`, `스미스 주 수상과 … 체결`), else the first after it.
    focus: Option<usize>,
    /// `이번 포럼은`, `포럼은 …`: the sentence speaks of an event already described.
    anaphoric: bool,
}

fn find_events(
    lexicon: &Lexicon,
    sentences: &[Sentence],
    registry: &Registry,
    published: Option<NaiveDate>,
    main: Option<usize>,
) -> Vec<Candidate> {
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut last_date: Option<NaiveDate> = None;
    let mut last_reported_date: Option<NaiveDate> = None;
    let mut last_parties: Vec<usize> = Vec::new();
    let mut last_home_persons: Vec<usize> = Vec::new();
    let mut last_subjects: Vec<usize> = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let planned = PLANNED.is_match(&s.text);
        // `… 열었다고 19일 밝혔다`: the day of the announcement is not the event's.
        let dates: Vec<_> = find_dates(&s.text, published, planned)
            .into_iter()
            .filter(|d| !ANNOUNCED.is_match(&s.text[d.end..]))
            .collect();
        let cues = time_cues(&s.text);
        let past_written = PAST.is_match(&s.text);
        let past = past_written || cues.past_month;
        // A report goes on about the day it has named (`30일 … 포럼을 개최했다`,
        // then `… MOU를 체결했다`) until it names another, plans or looks back.
        let narrative_day = (!planned && !past).then_some(last_reported_date).flatten();
        // `이날` before any day is named: the day of the report.
        let same_day = (cues.same_day && !cues.past_month).then_some(()).and(last_date.or(published));
        // `투자협약에 이어 … 설명회를 열어`: the day of the happening it follows.
        let hits = lexicon.find_triggers(&s.text);
        let after_event = hits.iter().any(|h| s.text[h.end..].starts_with("에 이어"));
        let following = ((cues.follows && !past) || (after_event && !cues.past_month)).then_some(()).and(last_date);
        let sentence_date = dates
            .first()
            .map(|d| (d.date, d.end_date))
            .or_else(|| same_day.or(following).or(narrative_day).map(|d| (d, None)));
        if let Some((d, _)) = dates.first().map(|d| (d.date, d.end_date)) {
            last_date = Some(d);
            last_reported_date = (!planned && !past).then_some(d);
        }

        // Every actor this sentence speaks of, in order.
        let mut present: Vec<(usize, usize)> = s
            .mentions
            .iter()
            .zip(&s.actors)
            .filter_map(|(m, a)| a.map(|a| (m.start, a)))
            .chain(s.references.iter().map(|&(start, _, a)| (start, a)))
            .collect();
        present.sort();
        let mut actors: Vec<usize> = Vec::new();
        for (_, a) in &present {
            if !actors.contains(a) {
                actors.push(*a);
            }
        }
        let both_sides = BOTH_SIDES.find(&s.text);
        if both_sides.is_some() {
            for a in &last_parties {
                if !actors.contains(a) {
                    actors.push(*a);
                }
            }
        }

        let home_persons: Vec<usize> = actors
            .iter()
            .copied()
            .filter(|&a| {
                registry.actors[a].kind == ActorKind::Person && main.is_some() && registry.actors[a].affiliation == main
            })
            .collect();
        if !home_persons.is_empty() {
            last_home_persons = home_persons;
        }
        // The sentence's own subject (`김용래 통상차관보는`); without one, the
        // previous sentence's subject carries over (`또 알마티로 이동해 …`).
        let subjects = subjects_of(s, &present);
        let carried: Vec<usize> = if subjects.is_empty() { last_subjects.clone() } else { Vec::new() };
        if !subjects.is_empty() {
            last_subjects = subjects;
        }
        let mut kinds_done: Vec<EventKind> = Vec::new();
        let first_candidate = candidates.len();
        // Amounts and fields are the sentence's, the same for each of its triggers.
        let mut amounts_and_fields: Option<(Vec<String>, Vec<String>)> = None;
        for hit in hits {
            let trigger = &lexicon.triggers[hit.index];
            let inside_name = s.mentions.iter().any(|m| m.start <= hit.start && hit.end <= m.end);
            if inside_name || kinds_done.contains(&trigger.kind) || !trigger_stands_alone(&s.text, hit.end) {
                continue;
            }
            if trigger.needs_object && !object_before(s, hit.start) {
                continue;
            }
            // `방문해 … 논의했다`: the weak verb tells more of the happening already found,
            // unless it meets someone of the other side by name (`방문, 응우옌반찌 빈푹성장을 만나`):
            // talks with a named official are a meeting of their own.
            let meets_someone = trigger.kind == EventKind::Meeting
                && actors.iter().any(|&a| {
                    let actor = &registry.actors[a];
                    actor.kind == ActorKind::Person
                        && main.is_some()
                        && actor.affiliation.is_some()
                        && actor.affiliation != main
                });
            if !trigger.strong && candidates.len() > first_candidate && !meets_someone {
                continue;
            }
            let after = &s.text[hit.end..];
            let anaphoric = refers_back(&s.text, hit.start, hit.end)
                || (!trigger.strong && both_sides.is_some_and(|b| b.start() < hit.start));
            // `이번 포럼의 부대행사로`: the event named only to place another one.
            if anaphoric && after.starts_with('의') {
                continue;
            }
            // `자매결연 50주년`: the anniversary of a happening long past.
            let anniversary = after.contains("주년") && ANNIVERSARY.is_match(after);
            // Participants: the sentence's actors, persons' governments, and the
            // article's main actor when the subject is left out.
            let location = location_in(s, &s.text, trigger.kind);
            let mut participants: Vec<usize> = Vec::new();
            for &a in actors.iter().chain(&carried) {
                // The place it was held is its location, not a party, unless it is the host itself.
                let party = Some(a) != location || trigger.kind == EventKind::Visit || Some(a) == main;
                if party && !participants.contains(&a) {
                    participants.push(a);
                }
            }
            for &p in participants.clone().iter() {
                let a = &registry.actors[p];
                if let Some(body) = a.affiliation {
                    let kind = registry.actors[body].kind;
                    if matches!(
                        kind,
                        ActorKind::Province | ActorKind::City | ActorKind::Country | ActorKind::GovernmentAgency
                    ) && !participants.contains(&body)
                    {
                        participants.push(body);
                    }
                }
            }
            if let Some(m) = main {
                let has_home_side = participants.iter().any(|&p| p == m || registry.actors[p].affiliation == Some(m));
                if !has_home_side && Some(m) != location {
                    participants.push(m);
                }
                // The omitted subject: the article's own official named last (`김 지사는 …`,
                // then `이어 24일 에드먼턴에서는 … 참가한다`).
                let has_person = actors.iter().any(|&a| registry.actors[a].kind == ActorKind::Person);
                if !has_person {
                    for &p in &last_home_persons {
                        if !participants.contains(&p) {
                            participants.push(p);
                        }
                    }
                }
            }
            // A weak trigger (`만나`, `논의`) needs a party named in the sentence besides the article's own side.
            let named_partner = actors
                .iter()
                .any(|&a| Some(a) != main && registry.actors[a].affiliation.is_none_or(|b| Some(b) != main));
            if !trigger.strong && !named_partner {
                continue;
            }
            if participants.is_empty() {
                continue;
            }
            let status = if anniversary || past_written {
                EventStatus::Past
            } else if planned {
                EventStatus::Planned
            } else {
                EventStatus::Reported
            };
            let (date, end_date) = match sentence_date {
                Some((d, e)) if !anniversary && !(cues.past_month && dates.is_empty()) => (Some(d), e),
                _ => (None, None),
            };
            if !anniversary {
                kinds_done.push(trigger.kind);
            }
            last_parties = participants.clone();
            let (amounts, fields) = amounts_and_fields
                .get_or_insert_with(|| {
                    (
                        AMOUNT.find_iter(&s.text).map(|m| m.as_str().trim().to_string()).collect(),
                        FIELDS.iter().filter(|f| s.text.contains(*f)).map(|f| f.to_string()).collect(),
                    )
                })
                .clone();
            let candidate = Candidate {
                kind: trigger.kind,
                trigger: trigger.surface.clone(),
                participants,
                location,
                date,
                end_date,
                status,
                sentence: si,
                strong: trigger.strong,
                amounts,
                fields,
                label_hint: label_hint(&s.text, hit.start, hit.end),
                // Where a meeting was held says nothing of whom it was with; where a visit went does.
                focus: focus_of(s, registry, main, hit.start, location.filter(|_| trigger.kind != EventKind::Visit)),
                anaphoric,
            };
            // `전남TP-송산호STP, 충북TP-생태산업원 … MOU`: one agreement per pair.
            let pairs =
                if trigger.kind == EventKind::Agreement { paired_parties(s, registry, hit.start) } else { Vec::new() };
            if pairs.len() >= 2 {
                for &(a, b) in &pairs {
                    let mut one = candidate.clone();
                    one.participants = vec![a, b];
                    one.focus = Some(b);
                    one.anaphoric = false;
                    one.label_hint = None;
                    candidates.push(one);
                }
                continue;
            }
            // `지식경제부, 기획재정부, 산업은행을 방문`, `러시아와 중국 방문길`: one visit per leg.
            let legs = if trigger.kind == EventKind::Visit { visited_list(s, registry, hit.start) } else { Vec::new() };
            if legs.len() < 2 {
                candidates.push(candidate);
                continue;
            }
            for (n, &leg) in legs.iter().enumerate() {
                let mut one = candidate.clone();
                one.participants.retain(|p| *p == leg || !legs.contains(p));
                one.focus = Some(leg);
                one.anaphoric = false;
                let place = registry.actors[leg].kind.is_place();
                if place {
                    one.location = Some(leg);
                } else if one.location.is_some_and(|l| legs.contains(&l)) {
                    one.location = None;
                }
                // A trip starts at its first place; the others' days are not written here.
                // Offices called on in one day share it.
                if n > 0 && place {
                    one.date = None;
                    one.end_date = None;
                }
                candidates.push(one);
            }
        }
    }
    merge_duplicates(candidates)
}

/// Parties written in hyphenated pairs before an agreement's trigger
/// (`전남TP-송산호STP, 충북TP-생태산업원 간 MOU`), when the pairs are listed;
/// one pair, or parties that are persons, make no list.
fn paired_parties(s: &Sentence, registry: &Registry, trigger_start: usize) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let bodies: Vec<(&Mention, usize)> = s
        .mentions
        .iter()
        .zip(&s.actors)
        .filter_map(|(m, a)| a.map(|a| (m, a)))
        .filter(|(m, a)| m.end <= trigger_start && registry.actors[*a].kind != ActorKind::Person)
        .collect();
    for window in bodies.windows(2) {
        let ((first, a), (second, b)) = (window[0], window[1]);
        let between = &s.text[first.end..second.start];
        if matches!(between, "-" | "–" | "~") && a != b && !pairs.iter().any(|&(x, _)| x == a) {
            pairs.push((a, b));
        }
    }
    pairs
}

/// The places or bodies a visit goes to when the sentence lists several right
/// before its trigger (`도쿄와 야마나시현을 방문`, `러시아와 중국 방문길`), in order;
/// empty when it names one or none.
fn visited_list(s: &Sentence, registry: &Registry, trigger_start: usize) -> Vec<usize> {
    let mut spans: Vec<(usize, usize, usize)> = s
        .mentions
        .iter()
        .zip(&s.actors)
        .filter_map(|(m, a)| a.map(|a| (m.start, m.end, a)))
        .filter(|&(_, _, a)| registry.actors[a].kind != ActorKind::Person)
        .collect();
    spans.sort();
    let before = s.text[..trigger_start].trim_end();
    let object = ["을", "를"].iter().find_map(|p| before.strip_suffix(p)).unwrap_or(before);
    // `카자흐스탄, 우즈베키스탄 등 중앙아시아 3개국 순방`: the count closes the list.
    let object_end = COUNTED_TAIL.find(object).map_or(object.len(), |tail| tail.start());
    let Some(mut at) = spans.iter().rposition(|&(_, end, _)| end == object_end) else { return Vec::new() };
    let mut legs = vec![spans[at].2];
    while at > 0 {
        let (_, prev_end, prev) = spans[at - 1];
        let gap = &s.text[prev_end..spans[at].0];
        let joined = [",", ", ", "와 ", "과 ", " 및 ", "·", "ㆍ", "와", "과"].contains(&gap);
        if !joined || legs.contains(&prev) {
            break;
        }
        legs.push(prev);
        at -= 1;
    }
    legs.reverse();
    legs
}

/// Actors written as the subject or topic of the sentence (`김 지사는`, `산업부가`).
fn subjects_of(s: &Sentence, present: &[(usize, usize)]) -> Vec<usize> {
    let end_of = |start: usize| {
        s.mentions
            .iter()
            .find(|m| m.start == start)
            .map(|m| m.end)
            .or_else(|| s.references.iter().find(|r| r.0 == start).map(|r| r.1))
    };
    let mut out = Vec::new();
    for &(start, a) in present {
        let Some(end) = end_of(start) else { continue };
        let rest = &s.text[end..];
        let marked = ["은 ", "는 ", "이 ", "가 ", "께서 ", "은,", "는,"].iter().any(|p| rest.starts_with(p));
        if marked && !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

/// `센터를 찾아`: an actor and its object particle right before the trigger.
fn object_before(s: &Sentence, trigger_start: usize) -> bool {
    let before = s.text[..trigger_start].trim_end();
    let Some(stem) = before.strip_suffix('을').or_else(|| before.strip_suffix('를')) else { return false };
    s.mentions.iter().any(|m| m.end == stem.len()) || s.references.iter().any(|r| r.1 == stem.len())
}

fn focus_of(
    s: &Sentence,
    registry: &Registry,
    main: Option<usize>,
    trigger_start: usize,
    location: Option<usize>,
) -> Option<usize> {
    let other_side = |a: usize| {
        let actor = &registry.actors[a];
        Some(a) != main && Some(a) != location && actor.kind != ActorKind::Person && actor.kind != ActorKind::Country
    };
    let mut located: Vec<(usize, usize)> = s
        .mentions
        .iter()
        .zip(&s.actors)
        .filter_map(|(m, a)| a.map(|a| (m.start, a)))
        .chain(s.references.iter().map(|&(start, _, a)| (start, a)))
        .filter(|&(_, a)| other_side(a))
        .collect();
    located.sort();
    located
        .iter()
        .rev()
        .find(|(start, _)| *start < trigger_start)
        .or_else(|| located.iter().find(|(start, _)| *start >= trigger_start))
        .map(|&(_, a)| a)
}

/// Where the last word of `text` starts: after its last white space, which
/// may be wider than one byte (NBSP, U+3000) when the text did not come
/// through ingest's normalisation.
fn after_last_space(text: &str) -> usize {
    text.char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8())
}

/// `이번 포럼은`, `이 협약에 따라`, or a sentence opening with the trigger as
/// its topic (`포럼은 …`): the event is one already described.
fn refers_back(text: &str, trigger_start: usize, trigger_end: usize) -> bool {
    let before = &text[..trigger_start];
    let word_start = after_last_space(before);
    // Only the first two and the last two words before count: read from
    // both ends rather than collected.
    let preceding = before[..word_start].split_whitespace();
    // `이번 포럼`, `이번 1차 워킹그룹`: a demonstrative within two words before.
    let demonstrative = preceding.clone().rev().take(2).any(|w| ["이번", "이", "해당", "동", "같은"].contains(&w));
    let rest = &text[trigger_start..];
    let word: &str = rest.split_whitespace().next().unwrap_or("");
    // `포럼은 …`, `한·카자흐 워킹그룹은 …`, `협약의 주요 내용은 …`: the sentence
    // opens with it as its topic.
    let glued_after = word.get(trigger_end - trigger_start..).unwrap_or("");
    // `양해각서에 따라 …`, `투자협약에 이어 …`, `협약을 계기로 …`: the event is
    // what the sentence goes on from, told before or in the background.
    let after = &text[trigger_end..];
    let goes_on_from =
        ["에 따라", "에 이어", "에 이은", "을 계기로", "를 계기로", "에 앞서"].iter().any(|cue| after.starts_with(cue));
    let opens_as_topic =
        preceding.clone().nth(1).is_none() && (word.ends_with('은') || word.ends_with('는') || glued_after == "의");
    demonstrative || opens_as_topic || goes_on_from
}

/// `방문객`, `포럼장` are not happenings; `방문해`, `포럼을`, `협약(MOU)` are.
fn trigger_stands_alone(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    !["객", "자들", "지로", "록", "료"].iter().any(|s| rest.starts_with(s))
}

/// A noun phrase ending in the trigger (`전라북도-카자흐스탄 경제포럼`), used as the label.
fn label_hint(text: &str, start: usize, end: usize) -> Option<String> {
    let word_start = after_last_space(&text[..start]);
    // Only a name glued to the trigger (`경제포럼`, `업무협약(MOU)`) makes a label; verbs do not.
    if word_start == start {
        return None;
    }
    let word_end = text[end..]
        .find(|c: char| {
            c.is_whitespace() || matches!(c, '을' | '를' | '이' | '가' | '은' | '는' | '에' | '의' | '과' | '와' | ',')
        })
        .map_or(text.len(), |i| end + i);
    let mut phrase = text[word_start..word_end].trim_matches(|c: char| !c.is_alphanumeric() && c != ')').to_string();
    // Take one more word before when it is part of a name (`미래산업 협력 라운드테이블`).
    if let Some(prev) = text[..word_start].trim_end().rsplit(char::is_whitespace).next() {
        if !prev.is_empty()
            && prev.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '·')
            && prev.chars().count() <= 12
        {
            phrase = format!("{prev} {phrase}");
        }
    }
    (phrase.chars().count() >= 2).then_some(phrase)
}

/// Where the happening took place: a place followed by `에서`, or for visits
/// the place visited (`앨버타를 방문`).
fn location_in(s: &Sentence, text: &str, kind: EventKind) -> Option<usize> {
    for (m, a) in s.mentions.iter().zip(&s.actors) {
        let rest = &text[m.end..];
        // `캘거리에서`, and a venue in the place: `전주 그랜드힐스턴호텔에서`.
        if m.kind.is_place()
            && (rest.starts_with("에서")
                || venue_after_place(rest)
                || (rest.starts_with(['으', '로']) && MOVED_TO.is_match(rest)))
        {
            return *a;
        }
    }
    if kind == EventKind::Visit {
        for (m, a) in s.mentions.iter().zip(&s.actors) {
            let rest = &text[m.end..];
            if (rest.starts_with("을 방문")
                || rest.starts_with("를 방문")
                || rest.starts_with("을 찾")
                || rest.starts_with("를 찾"))
                && m.kind != ActorKind::Person
            {
                return *a;
            }
        }
    }
    None
}

/// One event per happening: candidates of one kind about the same partner, on
/// compatible dates, are one event.
fn merge_duplicates(candidates: Vec<Candidate>) -> Vec<Candidate> {
    let mut merged: Vec<Candidate> = Vec::new();
    for c in candidates {
        let compatible = |e: &Candidate| {
            e.kind == c.kind
                && (c.anaphoric || e.date.is_none() || c.date.is_none() || e.date == c.date)
                // A happening long past is not the one being reported.
                && (c.anaphoric || (e.status == EventStatus::Past) == (c.status == EventStatus::Past))
                // Held in two different places, it happened twice.
                && (c.anaphoric || e.location.is_none() || c.location.is_none() || e.location == c.location)
        };
        let position = match c.focus {
            _ if c.anaphoric => merged.iter().rposition(|e| compatible(e)),
            Some(f) => merged.iter().position(|e| compatible(e) && e.focus == Some(f)),
            // `이번 협정은 …` names no partner: it speaks of the last event of its kind.
            None => merged.iter().rposition(|e| compatible(e)),
        };
        let same = position.map(|i| &mut merged[i]);
        match same {
            Some(e) => {
                for p in c.participants {
                    if !e.participants.contains(&p) {
                        e.participants.push(p);
                    }
                }
                if !c.anaphoric || e.date.is_none() {
                    e.date = e.date.or(c.date);
                }
                // A range from another sentence may end before this event's day.
                e.end_date = e.end_date.or(c.end_date).filter(|end| e.date.is_some_and(|d| *end > d));
                e.location = e.location.or(c.location);
                e.strong |= c.strong;
            }
            None => merged.push(c),
        }
    }
    merged
}

fn finish(
    registry: Registry,
    candidates: Vec<Candidate>,
    sentences: &[Sentence],
    doc: &Document,
    options: ExtractOptions,
    locators: &[bool],
) -> Extraction {
    let Registry { actors, .. } = registry;
    let mut events: Vec<Event> = candidates
        .into_iter()
        .map(|c| {
            let names: Vec<&str> = c
                .participants
                .iter()
                .filter(|&&p| actors[p].kind != ActorKind::Person)
                .take(2)
                .map(|&p| actors[p].name.as_str())
                .collect();
            let label = match &c.label_hint {
                Some(h) if h.chars().count() > c.trigger.chars().count() + 1 => h.clone(),
                _ => format!("{} {}", names.join("·"), c.trigger).trim().to_string(),
            };
            let confidence = match (c.strong, c.participants.len() >= 2) {
                (true, true) => 0.85,
                (true, false) => 0.6,
                (false, true) => 0.65,
                (false, false) => 0.4,
            };
            Event {
                kind: c.kind,
                label,
                participants: c.participants,
                date: c.date,
                end_date: c.end_date,
                location: c.location,
                status: c.status,
                trigger: c.trigger,
                evidence: sentences[c.sentence].text.to_string(),
                amounts: c.amounts,
                fields: c.fields,
                confidence,
            }
        })
        .filter(|e| e.confidence >= options.min_confidence)
        .collect();

    // Keep actors above the threshold, and renumber references to them.
    let keep: Vec<bool> =
        actors.iter().zip(locators).map(|(a, &locator)| a.confidence >= options.min_confidence && !locator).collect();
    let mut new_index = vec![None; actors.len()];
    let mut kept = Vec::new();
    for (i, a) in actors.into_iter().enumerate() {
        if keep[i] {
            new_index[i] = Some(kept.len());
            kept.push(a);
        }
    }
    for a in kept.iter_mut() {
        a.affiliation = a.affiliation.and_then(|i| new_index[i]);
        a.mentions.sort();
        a.mentions.dedup();
    }
    for e in events.iter_mut() {
        e.participants = e.participants.iter().filter_map(|&p| new_index[p]).collect();
        e.location = e.location.and_then(|l| new_index[l]);
    }
    events.retain(|e| !e.participants.is_empty());
    Extraction { document: doc.clone(), actors: kept, events }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_keys_are_name_keys() {
        let lexicon = Lexicon::builtin().unwrap();
        let mut names: Vec<String> = lexicon.surfaces.clone();
        names.extend(lexicon.entries.iter().map(|e| e.name.clone()));
        names.extend(
            [
                "",
                "가나주식회사",
                "주식회사 가나",
                "㈜가나",
                "(주)가나",
                "한·미",
                "KOTRA",
                "Kotra 센터",
                "전북 특별자치도",
            ]
            .map(String::from),
        );
        for n in &names {
            assert_eq!(actor_key(n), name_key(n), "{n}");
        }
    }
}
