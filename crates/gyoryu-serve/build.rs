//! The explorer ships Cytoscape.js from `web/node_modules`, which
//! `scripts/setup.sh` installs from the npm registry (`npm ci` in `web/`).
//! Without it the binary cannot be built, so say so plainly instead of
//! letting `include_bytes!` fail with a bare path.

use std::path::Path;

fn main() {
    // Read when the script runs, not when it is compiled: cargo reuses one
    // compiled script for every checkout sharing a target directory.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let web = Path::new(&manifest_dir).join("../../web");
    let library = web.join("node_modules/cytoscape/dist/cytoscape.min.js");
    println!("cargo:rerun-if-changed={}", library.display());
    for page in ["index.html", "app.js", "style.css"] {
        println!("cargo:rerun-if-changed={}", web.join(page).display());
    }
    if !library.is_file() {
        eprintln!(
            "error: {} is missing.\n\
             The graph explorer embeds Cytoscape.js from the npm registry: run `bash scripts/setup.sh` \
             (or `npm ci` in web/) once, then build again.",
            library.display()
        );
        std::process::exit(1);
    }
}
