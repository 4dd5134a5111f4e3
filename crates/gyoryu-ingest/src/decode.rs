//! Turning a file's bytes into text, or saying clearly why not.
//!
//! Korean sites still serve EUC-KR (really CP949) pages, exported files are
//! sometimes UTF-16, and input folders pick up PDFs and images. The order of
//! evidence is: binary signatures, byte-order mark, the caller's explicit
//! encoding, valid UTF-8, a `<meta charset>` that decodes cleanly, and finally
//! `chardetng`'s statistical guess.

use std::sync::LazyLock;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8};
use regex::bytes::Regex;

use crate::SkipReason;

/// Up to this share of malformed sequences is taken as a few damaged bytes in
/// an otherwise right guess, and decoded with U+FFFD in their place.
const MAX_MALFORMED_SHARE: f64 = 0.01;

/// Text decoded from bytes, with the encoding that was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    /// Where malformed sequences were replaced with U+FFFD: byte offsets
    /// from the start of the file, byte-order mark included.
    pub replaced_at: Vec<usize>,
}

/// Signatures of file types that are never articles.
const BINARY_SIGNATURES: &[&[u8]] = &[
    b"%PDF",
    b"\x89PNG\r\n\x1a\n",
    b"\xFF\xD8\xFF",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"GIF87a",
    b"GIF89a",
    b"\x1F\x8B",
    b"\xD0\xCF\x11\xE0",
];

fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(|b| b.is_ascii_whitespace())
}

/// Decodes `bytes`, choosing the encoding as described in the module docs.
/// `forced` is the caller's explicit choice; a byte-order mark still wins
/// over it because a BOM cannot be there by accident.
pub fn decode_bytes(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, SkipReason> {
    if is_blank(bytes) {
        return Err(SkipReason::Empty);
    }
    if BINARY_SIGNATURES.iter().any(|sig| bytes.starts_with(sig)) {
        return Err(SkipReason::Binary);
    }
    let (encoding, bom_len) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        (enc, bom_len)
    } else if let Some(enc) = forced {
        (enc, 0)
    } else if let Some(enc) = bomless_utf16(bytes) {
        (enc, 0)
    } else if bytes.contains(&0) {
        return Err(SkipReason::Binary);
    } else if std::str::from_utf8(bytes).is_ok() {
        (UTF_8, 0)
    } else if let Some(enc) = declared_charset(bytes).filter(|e| decodes_cleanly(e, bytes)) {
        (enc, 0)
    } else if mostly_utf8(bytes) {
        // Damaged UTF-8: `decode_with` keeps it when the damage is slight
        // and reports the first bad byte when it is not. Handing it to the
        // statistical guess instead would read it as some legacy encoding
        // and store mojibake.
        (UTF_8, 0)
    } else {
        let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        (detector.guess(None, Utf8Detection::Allow), 0)
    };
    // Offsets in a skip reason count from the start of the file, BOM included,
    // so that `dd skip=N` or a hex editor lands on the bad byte.
    let mut decoded = decode_with(encoding, &bytes[bom_len..]).map_err(|reason| match reason {
        SkipReason::BadEncoding { offset, encoding } => SkipReason::BadEncoding { offset: offset + bom_len, encoding },
        other => other,
    })?;
    for offset in &mut decoded.replaced_at {
        *offset += bom_len;
    }
    if decoded.text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    if is_utf16(encoding) || forced.is_some() {
        // Text that only looked fine as UTF-16 (or was forced) can still be
        // binary data; control characters other than layout ones give it away.
        let controls =
            decoded.text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c')).count();
        if controls * 20 > decoded.text.chars().count() {
            return Err(SkipReason::Binary);
        }
    }
    Ok(decoded)
}

fn is_utf16(enc: &'static Encoding) -> bool {
    enc == UTF_16LE || enc == UTF_16BE
}

/// Whether bytes that are not valid UTF-8 are still UTF-8 text with some
/// damage: characters of three or four bytes (all of Hangul and Han) decode
/// more often than sequences fail. Legacy Korean encodings almost never form
/// such sequences by chance (EUC-KR's Hangul lead bytes 0xB0..=0xC8 are not
/// three-byte UTF-8 leads) while failing on nearly every character.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut wide, mut malformed) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        wide += chunk.valid().chars().filter(|c| c.len_utf8() >= 3).count();
        if !chunk.invalid().is_empty() {
            malformed += 1;
        }
    }
    wide > malformed
}

/// UTF-16 without a BOM shows up as ASCII characters paired with NUL bytes,
/// all on odd offsets (little-endian) or all on even ones (big-endian).
/// Korean text alone has no NULs, so at least some ASCII (spaces, digits,
/// newlines) must be present for this to fire.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for (i, b) in bytes.iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even_nul += 1;
            } else {
                odd_nul += 1;
            }
        }
    }
    let units = bytes.len() / 2;
    let enough = |n: usize| n * 10 >= units;
    // The other parity is allowed some NULs: every character U+xx00 has one
    // there, and '가' (U+AC00) is among the commonest syllables in Korean.
    // Binary data that gets this far still has to pass the script check.
    let few = |n: usize, than: usize| n * 2 <= than;
    let enc = if enough(odd_nul) && few(even_nul, odd_nul) {
        UTF_16LE
    } else if enough(even_nul) && few(odd_nul, even_nul) {
        UTF_16BE
    } else {
        return None;
    };
    // NULs on one parity also occur in binary records; real text decodes to
    // characters from the scripts an article can be written in.
    let text = enc.decode_without_bom_handling_and_without_replacement(bytes)?;
    if !text.contains([' ', '\n']) {
        return None;
    }
    let total = text.chars().count();
    let plausible = text.chars().filter(|&c| is_plausible_text_char(c)).count();
    (plausible * 100 >= total * 95).then_some(enc)
}

fn is_plausible_text_char(c: char) -> bool {
    matches!(c,
        '\n' | '\r' | '\t'
        | ' '..='~'
        | '\u{A0}'..='\u{24F}'
        | '\u{2000}'..='\u{2BFF}'
        | '\u{3000}'..='\u{303F}'
        | '\u{1100}'..='\u{11FF}'
        | '\u{3130}'..='\u{318F}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{FF00}'..='\u{FFEF}')
}

static META_CHARSET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)"#).unwrap());

/// The charset an HTML page declares in its first kilobytes, if any.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let label = META_CHARSET.captures(head)?.get(1)?.as_bytes();
    let enc = Encoding::for_label(label)?;
    // A page that was transcoded to UTF-16 cannot still be read as ASCII, so
    // a UTF-16 label in an ASCII-readable page is a lie; browsers ignore it too.
    (!is_utf16(enc)).then_some(enc)
}

fn decodes_cleanly(enc: &'static Encoding, bytes: &[u8]) -> bool {
    enc.decode_without_bom_handling_and_without_replacement(bytes).is_some()
}

/// Decodes `bytes` with `encoding`, counting malformed sequences. A few are
/// replaced; more than [`MAX_MALFORMED_SHARE`] of the text means the bytes are
/// not in this encoding at all, reported with the offset of the first one.
pub fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> Result<Decoded, SkipReason> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity =
        decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let mut consumed = 0usize;
    let mut replaced_at = Vec::new();
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(&bytes[consumed..], &mut text, true);
        consumed += read;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {
                let more = decoder.max_utf8_buffer_length_without_replacement(bytes.len() - consumed).unwrap_or(4096);
                text.reserve(more.max(4));
            }
            DecoderResult::Malformed(bad, extra) => {
                replaced_at.push(consumed - bad as usize - extra as usize);
                text.push('\u{FFFD}');
            }
        }
    }
    if let Some(&offset) = replaced_at.first() {
        let chars = text.chars().count().max(1);
        if replaced_at.len() as f64 > chars as f64 * MAX_MALFORMED_SHARE {
            return Err(SkipReason::BadEncoding { offset, encoding: encoding.name().to_string() });
        }
    }
    if text.starts_with('\u{FEFF}') {
        text.remove(0);
    }
    Ok(Decoded { text, encoding, replaced_at })
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::EUC_KR;

    const KO: &str = "전라북도는 5일 미국 오하이오주와 경제협력 업무협약을 체결했다고 밝혔다.\n";

    fn utf16(s: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice(if big_endian { &[0xFE, 0xFF] } else { &[0xFF, 0xFE] });
        }
        for u in s.encode_utf16() {
            let b = if big_endian { u.to_be_bytes() } else { u.to_le_bytes() };
            out.extend_from_slice(&b);
        }
        out
    }

    #[test]
    fn euc_kr_is_detected_without_a_label() {
        let text = KO.repeat(3);
        let (bytes, _, _) = EUC_KR.encode(&text);
        let d = decode_bytes(&bytes, None).unwrap();
        assert_eq!(d.encoding, EUC_KR);
        assert_eq!(d.text, text);
    }

    #[test]
    fn utf16_with_and_without_bom() {
        for be in [false, true] {
            for bom in [true, false] {
                let d = decode_bytes(&utf16(KO, be, bom), None).unwrap();
                assert_eq!(d.text, KO, "be={be} bom={bom}");
            }
        }
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(KO.as_bytes());
        assert_eq!(decode_bytes(&bytes, None).unwrap().text, KO);
    }

    #[test]
    fn forced_encoding_is_used() {
        let (bytes, _, _) = EUC_KR.encode(KO);
        let d = decode_bytes(&bytes, Some(EUC_KR)).unwrap();
        assert_eq!(d.text, KO);
    }

    #[test]
    fn wrong_forced_encoding_reports_the_first_bad_byte() {
        let (bytes, _, _) = EUC_KR.encode(KO);
        match decode_bytes(&bytes, Some(UTF_8)) {
            Err(SkipReason::BadEncoding { offset, encoding }) => {
                assert_eq!(offset, 0);
                assert_eq!(encoding, "UTF-8");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_byte_offsets_count_from_the_start_of_the_file() {
        // EUC-KR after 17 bytes of ASCII, read as UTF-8: the first Hangul byte is bad.
        let prefix = "id: 2024-05-14 | ";
        let bytes = [prefix.as_bytes(), &EUC_KR.encode(KO).0].concat();
        let bad = |r| match r {
            Err(SkipReason::BadEncoding { offset, .. }) => offset,
            other => panic!("{other:?}"),
        };
        assert_eq!(bad(decode_bytes(&bytes, Some(UTF_8))), prefix.len());
        // Behind a UTF-8 BOM the same byte is three further into the file.
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), &bytes].concat();
        assert_eq!(bad(decode_bytes(&with_bom, None)), 3 + prefix.len());
        // UTF-16 with a BOM, where every unit from the eleventh on is a lone
        // surrogate: the first bad unit is at 2 (BOM) + 10 * 2.
        let head: String = KO.chars().take(10).collect();
        let mut utf16 = utf16(&head, false, true);
        for _ in 0..40 {
            utf16.extend_from_slice(&0xDC00u16.to_le_bytes());
        }
        assert_eq!(bad(decode_bytes(&utf16, None)), 2 + 10 * 2);
    }

    #[test]
    fn a_stray_bad_byte_is_replaced() {
        let mut bytes = KO.repeat(10).into_bytes();
        assert!(KO.is_char_boundary(28));
        bytes.insert(28, 0xFF);
        let d = decode_bytes(&bytes, Some(UTF_8)).unwrap();
        assert_eq!(d.replaced_at, vec![28]);
        assert!(d.text.contains('\u{FFFD}'));
    }

    #[test]
    fn utf16_without_bom_survives_ga() {
        // U+AC00 has a zero low byte, a NUL on the parity ASCII does not use.
        let text = "경상북도가 협약에 참가한 기업 가운데 세 곳을 지원한다.\n".repeat(2);
        for be in [false, true] {
            let d = decode_bytes(&utf16(&text, be, false), None).unwrap();
            assert_eq!(d.text, text, "be={be}");
        }
    }

    #[test]
    fn damaged_utf8_is_not_mistaken_for_a_legacy_encoding() {
        let text = KO.repeat(3);
        let mut bytes = text.clone().into_bytes();
        bytes.insert(28, 0xFF);
        let d = decode_bytes(&bytes, None).unwrap();
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.replaced_at, vec![28]);
        assert_eq!(d.text.replace('\u{FFFD}', ""), text);
        // One bad byte every few characters is too much damage to guess past.
        let mut bad = Vec::new();
        for (i, c) in text.chars().enumerate() {
            bad.extend_from_slice(c.to_string().as_bytes());
            if i % 10 == 9 {
                bad.push(0xFE);
            }
        }
        match decode_bytes(&bad, None) {
            Err(SkipReason::BadEncoding { encoding, .. }) => assert_eq!(encoding, "UTF-8"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn binary_and_empty_inputs() {
        assert_eq!(decode_bytes(b"%PDF-1.7\n%\xE2\xE3", None), Err(SkipReason::Binary));
        assert_eq!(decode_bytes(b"\x89PNG\r\n\x1a\n\0\0", None), Err(SkipReason::Binary));
        assert_eq!(decode_bytes(b"abc\0\x01\x02def\0", None), Err(SkipReason::Binary));
        assert_eq!(decode_bytes(b"", None), Err(SkipReason::Empty));
        assert_eq!(decode_bytes(b" \n\t\r\n", None), Err(SkipReason::Empty));
    }

    #[test]
    fn declared_charset_is_honoured() {
        let page = format!("<html><head><meta charset=\"euc-kr\"></head><body>{KO}</body></html>");
        let (bytes, _, _) = EUC_KR.encode(&page);
        let d = decode_bytes(&bytes, None).unwrap();
        assert_eq!(d.encoding, EUC_KR);
        assert!(d.text.contains("오하이오주"));
    }
}
