//! Persons named next to a title (`김관영 전북도지사`, `부지사(킴 드리스콜)`,
//! `한국무역협회(회장 한덕수)`), the body each title belongs to, and the names
//! listed before one that share it.

use std::sync::LazyLock;

use gyoryu_model::ActorKind;
use regex::Regex;

use super::{blank_or_bracketed, Evidence, Mention, MentionFinder, TitleHit, Word};
use crate::korean::{all_hangul, is_hangul, is_korean_name};
use crate::tokens::Morpheme;

static PAREN_HANGUL_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(([가-힣]{1,8}(?: [가-힣]{1,8}){0,3})\)").unwrap());

impl MentionFinder<'_> {
    /// Persons named next to a title: `김관영 전북도지사`, `시도지사협의회 유민봉
    /// 사무총장`, `아르스타노프 누르갈리 주한카자흐스탄 대사`, `부지사(킴 드리스콜)`.
    pub(super) fn add_persons(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        words: &[Word],
        titles: &[TitleHit],
        mentions: &mut Vec<Mention>,
    ) {
        for t in titles {
            let (mut affiliation, cursor) = self.body_of_title(sentence, morphemes, words, t, mentions);
            // A body or a bracket between the name and the title makes a lone foreign word a name;
            // not before `대표단` (a delegation), where the word is the delegation's place.
            let delegation = sentence[t.end..].starts_with('단');
            // `페루농업연구청 플로레스 청장`: so does a body or place right before the name.
            let body_before_name = words
                .iter()
                .rev()
                .find(|w| w.end <= cursor && sentence[w.end..cursor].trim().is_empty())
                .is_some_and(|w| {
                    mentions.iter().any(|m| {
                        m.kind != ActorKind::Person && m.end <= w.start && sentence[m.end..w.start].trim().is_empty()
                    })
                });
            let structured = !delegation
                && (affiliation.is_some() || body_before_name || sentence[..cursor].trim_end().ends_with(')'));
            let mut name_words = None;
            // A linked name fixes where the name ends, before the plain run of name words is tried.
            if !delegation {
                if let Some((s, e, body_start)) = self.linked_name(sentence, morphemes, words, mentions, cursor) {
                    name_words = Some((s, e, sentence[s..e].to_string(), None));
                    // `무함마드 알 샴시 사이프 알리 테크존 대표`: the words after the name open the firm's name.
                    if let Some(a) =
                        affiliation.filter(|&a| mentions[a].evidence == Evidence::Head && body_start < cursor)
                    {
                        let m = &mut mentions[a];
                        m.start = body_start;
                        m.surface = sentence[body_start..m.end].to_string();
                        m.name = m.surface.clone();
                    }
                }
            }
            if name_words.is_none() {
                name_words = self.name_before_title(sentence, morphemes, words, mentions, cursor, structured);
            }
            if name_words.is_none() && !delegation {
                if let Some((s, e, body)) = self.listed_official(sentence, words, titles, mentions, t) {
                    name_words = Some((s, e, sentence[s..e].to_string(), None));
                    // `재일본 거류민단 북해도 지부단장`: the body the item names, not the place after it.
                    if body.is_some_and(|b| !mentions[b].kind.is_place()) || affiliation.is_none() {
                        affiliation = body;
                    }
                }
            }
            // `도시인 … 대표단`, `한번씩 대표단`: words shaped like a Korean name are common words there,
            // unless ko-dic knows them for a person's name.
            if delegation
                && name_words.as_ref().is_some_and(|&(s, _, ref n, _)| {
                    let known_korean =
                        is_korean_name(n) && morphemes.iter().any(|m| m.start == s && m.meaning == "인명");
                    !(n.contains(' ') || known_korean)
                })
            {
                continue;
            }
            let mut aliases = Vec::new();
            let (start, end, name) = if let Some((s, e, name, alias)) = name_words {
                if let Some(a) = alias {
                    aliases.push(a);
                }
                if affiliation.is_none() {
                    affiliation = self.mention_ending_at(sentence, mentions, s);
                    // `경상국립대는 김경수 대외협력부처장`: the topic is the body when the title says it is one of its kind.
                    if affiliation.is_none() {
                        let before = sentence[..s].trim_end();
                        if let Some(b) = before.strip_suffix('는').or_else(|| before.strip_suffix('은')) {
                            affiliation = self
                                .mention_ending_at(sentence, mentions, b.len())
                                .filter(|&a| t.body_kinds.contains(&mentions[a].kind) && !mentions[a].kind.is_place());
                        }
                    }
                    // `미라이테크사에서 다카하시겐지 사장`: where the person was met, when it is a body of
                    // the title's kind.
                    if affiliation.is_none() {
                        if let Some(b) = sentence[..s].trim_end().strip_suffix("에서") {
                            affiliation = self
                                .mention_ending_at(sentence, mentions, b.len())
                                .filter(|&a| t.body_kinds.contains(&mentions[a].kind) && !mentions[a].kind.is_place());
                        }
                    }
                    // `쉴레이만 데미렐 대학교의 바우르잔 …`, `농촌진흥청(박현출 청장)`
                    if affiliation.is_none() {
                        let before = sentence[..s].trim_end();
                        if let Some(b) = before.strip_suffix('의').or_else(|| before.strip_suffix('(')) {
                            affiliation = self.mention_ending_at(sentence, mentions, b.len());
                        }
                    }
                }
                (s, e, name)
            } else if let Some((s, e)) = self.name_after_bracketed_title(sentence, morphemes, t) {
                // `한국무역협회(회장 한덕수)`: the body, then its head in brackets.
                if affiliation.is_none() {
                    affiliation = self.mention_ending_at(sentence, mentions, sentence[..t.start].trim_end().len() - 1);
                }
                (s, e, sentence[s..e].to_string())
            } else if let Some(c) =
                sentence[t.end..].starts_with('(').then(|| PAREN_HANGUL_NAME.captures(&sentence[t.end..])).flatten()
            {
                // `부지사(킴 드리스콜)`, `대표(마이클 루이스 블랙)`
                let g = c.get(1).unwrap();
                let name = g.as_str().to_string();
                // `시장(왼쪽에서 두번째)`: a photo caption's position, not a name.
                if name.split_whitespace().any(|w| self.lexicon.is_not_actor(w)) {
                    continue;
                }
                if affiliation.is_none() {
                    let before = sentence[..t.start].trim_end();
                    let before = before.strip_suffix('의').unwrap_or(before);
                    affiliation = self.mention_ending_at(sentence, mentions, before.len());
                }
                (t.end + g.start(), t.end + g.end(), name)
            } else {
                continue;
            };
            // `경기도의회 염종현 의장·남경순 부의장`: later members of a list share the first one's body.
            if affiliation.is_none() && sentence[..start].trim_end().ends_with(|c: char| "·ㆍ,".contains(c)) {
                affiliation = mentions
                    .iter()
                    .rev()
                    .find(|m| m.kind == ActorKind::Person && m.end < start)
                    .and_then(|m| m.affiliation_start)
                    .and_then(|at| mentions.iter().position(|b| b.start == at && b.kind != ActorKind::Person));
            }
            // `'소수계 행정부장관'`: a quote holding nothing but a name and a title names a post.
            let quoted_post = sentence[..start].ends_with(['\'', '‘', '"', '“'])
                && sentence[t.end..].starts_with(['\'', '’', '"', '”']);
            if quoted_post {
                continue;
            }
            let overlaps_a_body = mentions
                .iter()
                .enumerate()
                .any(|(i, m)| m.start < end && start < m.end && m.kind != ActorKind::Person && Some(i) != affiliation);
            if self.lexicon.is_not_actor(&name) || overlaps_a_body {
                continue;
            }
            let title = self.title_for(t, affiliation.map(|a| mentions[a].kind));
            if let Some(existing) = mentions.iter_mut().find(|m| m.kind == ActorKind::Person && m.start == start) {
                existing.title = existing.title.take().or(Some(title));
                continue;
            }
            // `윤은숙(민·성남)·이재천(민·안산) 의원`: the names listed before share the title.
            let mut at = start;
            while let Some((s, e)) = self.listed_name_before(sentence, morphemes, at) {
                if mentions.iter().any(|m| m.start < e && s < m.end) {
                    break;
                }
                mentions.push(Mention {
                    start: s,
                    end: e,
                    surface: sentence[s..e].to_string(),
                    name: sentence[s..e].to_string(),
                    kind: ActorKind::Person,
                    evidence: Evidence::Titled,
                    aliases: Vec::new(),
                    title: Some(title.clone()),
                    affiliation_start: affiliation.map(|a| mentions[a].start),
                });
                at = s;
            }
            mentions.push(Mention {
                start,
                end,
                surface: sentence[start..end].to_string(),
                name,
                kind: ActorKind::Person,
                evidence: Evidence::Titled,
                aliases,
                title: Some(title),
                affiliation_start: affiliation.map(|a| mentions[a].start),
            });
        }
        self.add_relatives(sentence, morphemes, words, mentions);
    }

    /// `부인은 … 출신 메리 스미스로`, after `존 스미스 주지사`: a given name before the family
    /// name of a person the sentence names in full is a relative of that person.
    fn add_relatives(&self, sentence: &str, morphemes: &[Morpheme], words: &[Word], mentions: &mut Vec<Mention>) {
        let families: Vec<(usize, usize, &str)> = mentions
            .iter()
            .filter(|m| m.kind == ActorKind::Person && m.name.contains(' '))
            .filter_map(|m| m.name.rsplit(' ').next().map(|f| (m.start, m.end, f)))
            .filter(|(_, _, f)| f.chars().count() >= 2)
            .collect();
        let mut found = Vec::new();
        for (i, w) in words.iter().enumerate().skip(1) {
            let family = &sentence[w.start..w.stem_end];
            let given = words[i - 1];
            if !families.iter().any(|&(s, e, f)| f == family && !(s <= w.start && w.start < e))
                || !sentence[given.end..w.start].trim().is_empty()
                || given.stem_end != given.end
                || mentions.iter().any(|m| m.start < w.stem_end && given.start < m.end)
            {
                continue;
            }
            let text = &sentence[given.start..given.end];
            let parts: Vec<&Morpheme> =
                morphemes.iter().filter(|m| m.start >= given.start && m.end <= given.end).collect();
            let ok = all_hangul(text)
                && (2..=4).contains(&text.chars().count())
                && parts.last().is_some_and(|m| m.is_noun())
                && !self.lexicon.has_title(text)
                && !self.lexicon.has_trigger(text)
                && !self.lexicon.is_not_name(text)
                && !self.lexicon.is_not_actor(text)
                && self.lexicon.name_index(text).is_none()
                && !is_korean_name(text);
            if ok {
                let name = sentence[given.start..w.stem_end].to_string();
                found.push(Mention::new(
                    given.start,
                    w.stem_end,
                    name.clone(),
                    name,
                    ActorKind::Person,
                    Evidence::Titled,
                ));
            }
        }
        mentions.extend(found);
    }

    /// The body a title belongs to, as a position in `mentions`: a mention
    /// ending right before it, or an unknown place there that is pushed
    /// onto `mentions`; and where the words before the body start (the
    /// title's start when there is none), places locating the body included.
    fn body_of_title(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        words: &[Word],
        t: &TitleHit,
        mentions: &mut Vec<Mention>,
    ) -> (Option<usize>, usize) {
        // The body the title belongs to: a mention ending right before it.
        let mut cursor = t.start;
        let mut affiliation = match t.glued_place {
            Some((start, end, _)) => mentions.iter().position(|m| m.start == start && m.end == end),
            None => self.mention_ending_at(sentence, mentions, cursor),
        };
        // `카를로스 아레자노 바에싸 랑카과 시장`: an unknown place name (ko-dic's `지명`)
        // right before the title of a place's office is that office's place.
        if affiliation.is_none() {
            if let Some(place) = self.place_before_title(sentence, morphemes, t, mentions) {
                mentions.push(place);
                affiliation = Some(mentions.len() - 1);
            }
        }
        if let Some(a) = affiliation {
            cursor = words
                .iter()
                .find(|w| w.start <= mentions[a].start && mentions[a].start < w.end)
                .map_or(mentions[a].start, |w| w.start);
            // `우즈베키스탄 타슈켄트주 주지사`: the places that locate the body come before it.
            while let Some(p) = mentions
                .iter()
                .find(|m| m.kind.is_place() && m.end <= cursor && sentence[m.end..cursor].trim().is_empty())
            {
                cursor = p.start;
            }
        }
        (affiliation, cursor)
    }

    /// The person's name written right before `cursor`, or before one
    /// modifier word (`경제학 교수`), or before that a one-syllable word for
    /// the body (`훔르 주 대외협력 장관`): (start, end, name, alias).
    fn name_before_title(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        words: &[Word],
        mentions: &[Mention],
        cursor: usize,
        structured: bool,
    ) -> Option<(usize, usize, String, Option<String>)> {
        // `경제학 교수`: one modifier word may stand between the name and the title.
        let mut name_words = self.name_words_before(sentence, morphemes, words, mentions, cursor, structured);
        // `훔르 주 대외협력 장관`: and before it, a one-syllable word for the body (`주`, `시`).
        let modifier = |at: usize| {
            words.iter().rev().find(|w| w.end <= at && sentence[w.end..at].trim().is_empty()).copied().filter(|w| {
                let text = &sentence[w.start..w.end];
                w.stem_end == w.end && all_hangul(text) && !mentions.iter().any(|m| m.start < w.end && w.start < m.end)
            })
        };
        let mut at = cursor;
        for round in 0..2 {
            if name_words.is_some() {
                break;
            }
            let Some(w) = modifier(at).filter(|w| round == 0 || sentence[w.start..w.end].chars().count() == 1) else {
                break;
            };
            name_words = self.name_words_before(sentence, morphemes, words, mentions, w.start, structured);
            at = w.start;
        }
        name_words
    }

    /// `무함마드 알 샴시 사이프 알리 테크존 대표`: a foreign given name ko-dic knows, a
    /// one-syllable link (`알`, `빈`) and one more word make a name, and up to two words
    /// after it before `cursor` belong to the body. Returns the name's span and where the
    /// words after it start.
    fn linked_name(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        words: &[Word],
        mentions: &[Mention],
        cursor: usize,
    ) -> Option<(usize, usize, usize)> {
        let before: Vec<&Word> = words.iter().filter(|w| w.end <= cursor).collect();
        let n = before.len();
        for k in 0..=2usize {
            let Some(j) = n.checked_sub(k + 3) else { break };
            let run = &before[j..n];
            let text = |w: &Word| &sentence[w.start..w.end];
            let contiguous = run.windows(2).all(|p| sentence[p[0].end..p[1].start].trim().is_empty())
                && sentence[run[run.len() - 1].end..cursor].trim().is_empty();
            let clean = run.iter().all(|w| {
                all_hangul(text(w))
                    && w.stem_end == w.end
                    && !mentions.iter().any(|m| m.start < w.end && w.start < m.end)
                    && !self.lexicon.has_title(text(w))
                    && !self.lexicon.is_not_name(text(w))
                    && !self.lexicon.is_not_actor(text(w))
            });
            let (given, link, family) = (run[0], run[1], run[2]);
            let given_tagged = !is_korean_name(text(given))
                && morphemes.iter().any(|m| m.start == given.start && m.end == given.end && m.meaning == "인명");
            let is_link = text(link).chars().count() == 1;
            let family_ok = (2..=6).contains(&text(family).chars().count());
            if contiguous && clean && given_tagged && is_link && family_ok {
                let body_start = run.get(3).map_or(cursor, |w| w.start);
                return Some((given.start, family.end, body_start));
            }
        }
        None
    }

    /// `인훙 장시성 당서기, 천징 상하이시 인민대표대회 부주임, 산이 랴오닝성 부성장`: in a
    /// list of officials, each item after the first written as a name, the body or place and
    /// the title, the item's first word is the name, whatever ko-dic reads into it (`산/NNG
    /// 이/JKS`). Returns the name's span and the body inside the item.
    fn listed_official(
        &self,
        sentence: &str,
        words: &[Word],
        titles: &[TitleHit],
        mentions: &[Mention],
        t: &TitleHit,
    ) -> Option<(usize, usize, Option<usize>)> {
        const LIST: [char; 3] = [',', '·', 'ㆍ'];
        let sep = sentence[..t.start].rfind(LIST);
        // The item before ends with a title of its own; or this is the first item, after the
        // topic (`대표단은`), and the list goes on after it.
        let after_official = sep.is_some_and(|at| titles.iter().any(|o| o.end == sentence[..at].trim_end().len()));
        let item_start = if after_official {
            sep?
        } else if sentence[t.end..].starts_with(LIST) {
            let topic = words.iter().rfind(|w| w.end <= t.start && w.stem_end < w.end)?;
            topic.end.max(sep.unwrap_or(0))
        } else {
            return None;
        };
        let item: Vec<&Word> = words.iter().filter(|w| w.start > item_start && w.end <= t.start).collect();
        let (first, rest) = item.split_first()?;
        if rest.is_empty() || rest.len() > 3 {
            return None;
        }
        let name = &sentence[first.start..first.end];
        let overlaps = |w: &Word| mentions.iter().position(|m| m.start < w.end && w.start < m.end);
        let ok = all_hangul(name)
            && (2..=6).contains(&name.chars().count())
            && overlaps(first).is_none()
            && !self.lexicon.has_title(name)
            && !self.lexicon.is_not_actor(name)
            && !self.lexicon.is_not_name(name)
            && !self.lexicon.has_trigger(name);
        // The rest names the body: a place or body found there, and at most one other word.
        let bodies: Vec<usize> = rest.iter().filter_map(|w| overlaps(w)).collect();
        // A body named in the item is the one the title heads; places only locate it.
        let body = bodies
            .iter()
            .rev()
            .copied()
            .find(|&b| mentions[b].kind != ActorKind::Person && !mentions[b].kind.is_place())
            .or_else(|| bodies.iter().rev().copied().find(|&b| mentions[b].kind != ActorKind::Person));
        let unknown = rest.iter().filter(|w| overlaps(w).is_none()).count();
        (ok && body.is_some() && unknown <= 1).then_some((first.start, first.end, body))
    }

    /// The Korean name listed right before `at` (`윤은숙(민·성남)·` or `윤은숙, `).
    pub(super) fn listed_name_before(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        at: usize,
    ) -> Option<(usize, usize)> {
        let mut head = sentence[..at].trim_end().strip_suffix(['·', 'ㆍ', ','])?.trim_end();
        if let Some(inner) = head.strip_suffix(')') {
            head = &head[..inner.rfind('(')?];
        }
        let start =
            head.rfind(|c: char| !is_hangul(c)).map_or(0, |i| i + head[i..].chars().next().map_or(1, char::len_utf8));
        let name = &head[start..];
        let tagged = morphemes.iter().find(|m| m.start == start).is_some_and(|m| m.meaning == "인명");
        let ok = (is_korean_name(name) || (tagged && (2..=4).contains(&name.chars().count())))
            && !self.lexicon.has_title(name)
            && !self.lexicon.is_not_actor(name)
            && self.lexicon.name_index(name).is_none();
        ok.then_some((start, head.len()))
    }

    /// `(회장 한덕수)`: a title opening a bracket and a name closing it.
    pub(super) fn name_after_bracketed_title(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        t: &TitleHit,
    ) -> Option<(usize, usize)> {
        if !sentence[..t.start].trim_end().ends_with('(') {
            return None;
        }
        // `(회장 한덕수)`, `(시장:사이토 후미오)`
        let rest = &sentence[t.end..];
        let inner = rest.strip_prefix([' ', ':'])?.trim_start();
        let start = sentence.len() - inner.len();
        let close = inner.find(')')?;
        let name = inner[..close].trim_end();
        let parts: Vec<&Morpheme> =
            morphemes.iter().filter(|m| m.start >= start && m.end <= start + name.len()).collect();
        let tagged = parts.first().is_some_and(|m| m.meaning == "인명");
        let words = name.split(' ').count();
        let shaped = name.split(' ').all(|w| (1..=6).contains(&w.chars().count()) && all_hangul(w));
        let ok = shaped
            && (is_korean_name(name) || tagged || (2..=4).contains(&words))
            && !self.lexicon.is_not_actor(name)
            && self.lexicon.name_index(name).is_none()
            && !self.lexicon.has_title(name);
        ok.then_some((start, start + name.len()))
    }

    /// An unknown place written right before a title that belongs to a place's
    /// office (`랑카과 시장`, `람동성 성장`): ko-dic tags it a place name (`지명`),
    /// the sentence writes it as where something is (`라구나 소재`), or it has the
    /// shape of one (`…성`, `…주`, `…현`). Its kind is the shape's,
    /// else the title's.
    pub(super) fn place_before_title(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        t: &TitleHit,
        mentions: &[Mention],
    ) -> Option<Mention> {
        let title_kind = t.body_kinds.iter().copied().find(|k| matches!(k, ActorKind::Province | ActorKind::City))?;
        if t.body_kinds.first() != Some(&title_kind) {
            return None;
        }
        // `로스엔젤레스(LA)시장`: the place's romanisation may stand between.
        let head = sentence[..t.start].trim_end();
        let end = match head.strip_suffix(')') {
            Some(inner) => inner.rfind('(').filter(|&open| blank_or_bracketed(&head[open..]))?,
            None => head.len(),
        };
        let start = crate::korean::after_last_space(&sentence[..end]);
        let w = Word { start, end, stem_end: end };
        let text = &sentence[w.start..w.end];
        let chars = text.chars().count();
        if !(2..=10).contains(&chars)
            || !all_hangul(text)
            || mentions.iter().any(|m| m.start < w.end && w.start < m.end)
        {
            return None;
        }
        if self.lexicon.is_not_actor(text) || self.lexicon.name_index(text).is_some() || is_korean_name(text) {
            return None;
        }
        let parts: Vec<&Morpheme> = morphemes.iter().filter(|m| m.start >= w.start && m.end <= w.end).collect();
        let place_tagged = !parts.is_empty()
            && parts.iter().all(|m| {
                m.pos == "NNP" && m.meaning == "지명"
                    || (m.pos.starts_with('N') || m.pos.starts_with('X'))
                        && m.surface.chars().count() == 1
                        && m.end == w.end
            });
        let shaped = self
            .lexicon
            .kind_by_suffix(text)
            .filter(|(k, suffix)| k.is_place() && suffix.chars().count() <= 2 && chars > suffix.chars().count() + 1);
        let proper = parts.iter().any(|m| matches!(m.pos.as_str(), "NNP" | "UNK" | "UNKNOWN"));
        // `농장(라구나 소재)에서 … 라구나 시장`: the sentence writes the word as where something is.
        let located = sentence
            .match_indices(text)
            .any(|(at, _)| at != w.start && self.lexicon.locates(sentence[at + text.len()..].trim_start()));
        let kind = match shaped {
            Some((k, _)) if proper || place_tagged || located => k,
            _ if place_tagged || located => title_kind,
            _ => return None,
        };
        Some(Mention::new(w.start, w.end, text.to_string(), text.to_string(), kind, Evidence::Suffix))
    }

    /// The non-person mention that ends at `pos` (possibly across spaces or a `의`).
    pub(super) fn mention_ending_at(&self, sentence: &str, mentions: &[Mention], pos: usize) -> Option<usize> {
        mentions
            .iter()
            .position(|m| m.kind != ActorKind::Person && m.end <= pos && blank_or_bracketed(&sentence[m.end..pos]))
    }
}
