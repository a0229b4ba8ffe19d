fn main() {
    errcat_build::Config::new()
        .catalogue("payments.toml")
        .doc_path("payments::errors")
        .compile_or_report();
}
