//! The catalogue is `default.toml` unless `ERRCAT_SCALE_CATALOGUE` names
//! another file (an absolute path); the feature `two` adds the same file
//! again as a second catalogue. The scale scripts set both.

fn main() {
    println!("cargo::rerun-if-env-changed=ERRCAT_SCALE_CATALOGUE");
    let file = std::env::var("ERRCAT_SCALE_CATALOGUE")
        .ok()
        .filter(|file| !file.is_empty())
        .unwrap_or_else(|| "default.toml".to_owned());
    let mut config = errcat_build::Config::new();
    config.catalogue_named("one", &file);
    if std::env::var_os("CARGO_FEATURE_TWO").is_some() {
        config.catalogue_named("two", &file);
    }
    config.compile_or_report();
}
