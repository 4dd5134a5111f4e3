//! Compiles the mecab-ko-dic CSV source into lindera's binary dictionary
//! format, exactly as lindera-ko-dic's own build script would, so that the
//! `embed-ko-dic` feature finds a ready dictionary in its cache directory and
//! never tries to download one.
//!
//! Usage: `ko-dic-build SOURCE_DIR METADATA_JSON CONTEXT_ID_FREQ OUTPUT_DIR`

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::Metadata;

fn main() -> Result<()> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [source, metadata_path, freq, output] = args.as_slice() else {
        bail!("usage: ko-dic-build SOURCE_DIR METADATA_JSON CONTEXT_ID_FREQ OUTPUT_DIR");
    };
    let metadata_json =
        std::fs::read_to_string(metadata_path).with_context(|| format!("reading {}", metadata_path.display()))?;
    let metadata: Metadata =
        serde_json::from_str(&metadata_json).with_context(|| format!("parsing {}", metadata_path.display()))?;
    let builder = DictionaryBuilder::new(metadata).with_context_id_freq(freq);
    builder.build_dictionary(source, output).map_err(|e| anyhow::anyhow!("building the dictionary: {e}"))?;
    Ok(())
}
