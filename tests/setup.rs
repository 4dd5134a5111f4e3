//! `scripts/has-libclang.sh`, which decides whether `scripts/setup.sh`
//! installs libclang-dev: only the C library that bindgen (clang-sys) loads
//! counts, never the C++ one the stock image ships.

use std::path::Path;
use std::process::Command;

fn has_libclang(files: &[&str]) -> bool {
    let dir = tempfile::tempdir().unwrap();
    for file in files {
        std::fs::write(dir.path().join(file), b"").unwrap();
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/has-libclang.sh");
    let status = Command::new("bash").arg(script).arg(dir.path()).env_remove("LIBCLANG_PATH").status().unwrap();
    match status.code() {
        Some(0) => true,
        Some(1) => false,
        other => panic!("has-libclang.sh exited with {other:?}"),
    }
}

#[test]
fn the_cpp_library_alone_counts_as_missing() {
    assert!(!has_libclang(&["libclang-cpp.so.14"]));
    assert!(!has_libclang(&["libclang-cpp.so", "libclang-cpp.so.14", "libLLVM-14.so.1"]));
    assert!(!has_libclang(&[]));
}

#[test]
fn the_names_clang_sys_loads_count_as_present() {
    assert!(has_libclang(&["libclang-14.so.1"]));
    assert!(has_libclang(&["libclang.so"]));
    assert!(has_libclang(&["libclang.so.14", "libclang-cpp.so.14"]));
    assert!(has_libclang(&["libclang-14.so"]));
}
