//! Reading every table of an on-disk store with its checksums verified.
//!
//! oxigraph opens RocksDB with its own options and offers no way to read a
//! whole table file back, so damage in a block no query touches goes
//! unnoticed until the day a query does. This opens the database a second
//! time, read-only, through RocksDB's C API (the same library oxigraph links),
//! with paranoid checks, and scans every key of every column family with
//! `verify_checksums` on and the block cache bypassed: every data and index
//! block is read once and checked against its checksum, in memory bounded by
//! one block, and RocksDB's message names the file that failed.

use std::ffi::{c_char, CStr, CString};
use std::path::Path;
use std::ptr;

use oxrocksdb_sys::*;

/// What reading every table found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableScan {
    /// Keys read over all column families.
    pub keys: u64,
    /// Column families read.
    pub column_families: usize,
}

/// Takes a RocksDB error string (allocated by RocksDB) into a `String`.
///
/// SAFETY: `error` is null or a C string RocksDB allocated for us to free.
unsafe fn take_error(error: *mut c_char) -> Option<String> {
    if error.is_null() {
        return None;
    }
    let message = unsafe { CStr::from_ptr(error) }.to_string_lossy().into_owned();
    unsafe { rocksdb_free(error.cast()) };
    Some(message)
}

/// Reads every key of every column family of the RocksDB database in `path`
/// with checksums verified; the first error RocksDB reports (which names the
/// damaged file) otherwise.
///
/// A build running meanwhile merges table files and deletes the old ones,
/// so a file the opened view names can vanish under the scan: that is tried
/// again on a fresh view for up to [`crate::READ_ONLY_OPEN_PATIENCE`], and
/// only a file that stays missing is reported.
pub fn scan_tables(path: &Path) -> Result<TableScan, String> {
    let mut patience = crate::open::Patience::new();
    loop {
        match scan_once(path) {
            Err(message) if message.contains("No such file") && patience.try_again() => {}
            result => return result,
        }
    }
}

fn scan_once(path: &Path) -> Result<TableScan, String> {
    let c_path =
        CString::new(path.as_os_str().as_encoded_bytes()).map_err(|_| "the store path holds a NUL byte".to_string())?;
    // SAFETY: every pointer passed to RocksDB below is either one it
    // returned (checked for null before use) or a C string that outlives the
    // call; everything created is destroyed exactly once, on every path.
    unsafe {
        let options = rocksdb_options_create();
        if options.is_null() {
            return Err("RocksDB could not create options".into());
        }
        rocksdb_options_set_paranoid_checks(options, 1);
        // Warnings only, as oxigraph does: a check must not fill the folder with logs.
        rocksdb_options_set_info_log_level(options, 2);
        rocksdb_options_set_max_open_files(options, 64);
        let result = scan_with(options, &c_path);
        rocksdb_options_destroy(options);
        result
    }
}

unsafe fn scan_with(options: *mut rocksdb_options_t, c_path: &CString) -> Result<TableScan, String> {
    unsafe {
        let mut error: *mut c_char = ptr::null_mut();
        let mut count: usize = 0;
        let names = rocksdb_list_column_families(options, c_path.as_ptr(), &mut count, &mut error);
        if let Some(message) = take_error(error) {
            return Err(message);
        }
        if names.is_null() {
            return Err("RocksDB listed no column families".into());
        }
        let name_list: Vec<*const c_char> = (0..count).map(|i| (*names.add(i)).cast_const()).collect();
        let cf_options: Vec<*const rocksdb_options_t> = vec![options.cast_const(); count];
        let mut handles: Vec<*mut rocksdb_column_family_handle_t> = vec![ptr::null_mut(); count];
        let db = rocksdb_open_for_read_only_column_families(
            options,
            c_path.as_ptr(),
            count as i32,
            name_list.as_ptr(),
            cf_options.as_ptr(),
            handles.as_mut_ptr(),
            0,
            &mut error,
        );
        let opened = take_error(error);
        let result = match opened {
            Some(message) => Err(message),
            None if db.is_null() => Err("RocksDB could not open the store".into()),
            None => {
                let scanned = scan_families(db, &handles);
                for handle in &handles {
                    if !handle.is_null() {
                        rocksdb_column_family_handle_destroy(*handle);
                    }
                }
                rocksdb_close(db);
                scanned
            }
        };
        rocksdb_list_column_families_destroy(names, count);
        result
    }
}

unsafe fn scan_families(
    db: *mut rocksdb_t,
    handles: &[*mut rocksdb_column_family_handle_t],
) -> Result<TableScan, String> {
    unsafe {
        let read_options = rocksdb_readoptions_create();
        if read_options.is_null() {
            return Err("RocksDB could not create read options".into());
        }
        rocksdb_readoptions_set_verify_checksums(read_options, 1);
        // Every block is read once: caching them would only hold memory.
        rocksdb_readoptions_set_fill_cache(read_options, 0);
        let mut scan = TableScan::default();
        let mut result = Ok(());
        for handle in handles {
            let iterator = rocksdb_create_iterator_cf(db, read_options, *handle);
            if iterator.is_null() {
                result = Err("RocksDB could not create an iterator".to_string());
                break;
            }
            rocksdb_iter_seek_to_first(iterator);
            while rocksdb_iter_valid(iterator) != 0 {
                scan.keys += 1;
                rocksdb_iter_next(iterator);
            }
            let mut error: *mut c_char = ptr::null_mut();
            rocksdb_iter_get_error(iterator, &mut error);
            rocksdb_iter_destroy(iterator);
            if let Some(message) = take_error(error) {
                result = Err(message);
                break;
            }
            scan.column_families += 1;
        }
        rocksdb_readoptions_destroy(read_options);
        result.map(|()| scan)
    }
}
