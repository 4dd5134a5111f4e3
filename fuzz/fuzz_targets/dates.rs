//! The date resolver (extraction's relative dates and ingest's date strings
//! and URLs) on arbitrary text and publication dates.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    // The first four bytes pick a publication date anywhere chrono allows
    // (or none) and whether the sentence speaks of the future.
    let n = i32::from_le_bytes([data[0], data[1], data[2], data[3]]);
    let published = if n & 1 == 0 { NaiveDate::from_num_days_from_ce_opt(n >> 2) } else { None };
    let planned = n & 2 == 2;
    let Ok(text) = std::str::from_utf8(&data[4..]) else { return };
    for f in gyoryu_extract::dates::find_dates(text, published, planned) {
        assert!(f.start <= f.end && f.end <= text.len(), "{f:?}");
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end), "{f:?}");
        if let Some(end) = f.end_date {
            assert!(end >= f.date, "{f:?}");
        }
    }
    let _ = gyoryu_extract::dates::time_cues(text);
    let _ = gyoryu_ingest::parse_date_str(text);
    let _ = gyoryu_ingest::date_from_url(text);
});
