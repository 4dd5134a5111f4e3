// Never built: this crate only pins lindera-ko-dic 0.20.0 for `cargo fetch`.
