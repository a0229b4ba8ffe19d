//! `errcat table --format html` in a real browser: headless Chromium from
//! Debian's packages, driven by playwright-core (both installed by
//! `scripts/install-browser.sh`, which this test runs when either is
//! missing). `browser/page.cjs` loads the page the built `errcat` writes,
//! types into the filter, follows anchors, measures the layout at a desktop
//! width and at 375 px, reads Chromium's accessibility tree and contrast,
//! loads the page again without JavaScript, and saves screenshots under
//! `target/screenshots/`. It reports what it saw; this file says what the
//! catalogue makes that, row by row.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use errcat::table::Entry;
use errcat::{Catalogue, CatalogueCode};
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const LABEL: &str = "Filter by code, token, status or words";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn modules() -> PathBuf {
    root().join("target/nodetools/playwright/node_modules")
}

/// Chromium and playwright-core, installed when either is missing; a
/// failure to install fails the test.
fn ensure_browser() {
    let present =
        || Path::new(CHROMIUM).exists() && modules().join("playwright-core/package.json").exists();
    if present() {
        return;
    }
    let status = Command::new("bash")
        .arg(root().join("scripts/install-browser.sh"))
        .status()
        .expect("bash runs");
    assert!(status.success(), "scripts/install-browser.sh failed");
    assert!(
        present(),
        "Chromium or playwright-core is still missing after installing them"
    );
}

/// The page `errcat ARGS table --format html` writes, as a file under
/// `target/screenshots/`, and its `file://` URL.
fn page(name: &str, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(args)
        .args(["table", "--format", "html"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let dir = screenshots();
    let path = dir.join(format!("{name}.html"));
    std::fs::write(&path, &output.stdout).unwrap();
    let path = path.canonicalize().unwrap();
    let shown = path.to_str().unwrap();
    assert!(
        !shown.contains([' ', '#', '%', '?']),
        "a plain file URL: {shown}"
    );
    format!("file://{shown}")
}

fn screenshots() -> PathBuf {
    let dir = root().join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What the browser saw, for `plan`.
fn drive(plan: &Value) -> Value {
    let mut child = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/page.cjs"))
        .env("NODE_PATH", modules())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(plan.to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "the browser run failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The rows as the page orders them: grouped by status, groups in the order
/// of their first row.
fn grouped<'e, 'a>(entries: &'e [Entry<'a>]) -> Vec<&'e Entry<'a>> {
    let mut statuses: Vec<u16> = Vec::new();
    for entry in entries {
        if !statuses.contains(&entry.status) {
            statuses.push(entry.status);
        }
    }
    statuses
        .iter()
        .flat_map(|&status| entries.iter().filter(move |entry| entry.status == status))
        .collect()
}

/// Whether the filter's rule keeps `entry` for `query`: every word of the
/// query, in any case, is part of the row's status, code, token,
/// description as published, scenario, Rust name or deprecation note.
fn matches(entry: &Entry<'_>, query: &str) -> bool {
    let text = [
        entry.status.to_string(),
        entry.code.to_owned(),
        entry.error.to_owned(),
        entry.published.to_owned(),
        entry.scenario.to_owned(),
        format!("ErrorCode::{}", entry.name),
        entry.deprecated.unwrap_or("").to_owned(),
    ]
    .join("\n")
    .to_lowercase();
    query
        .split_whitespace()
        .all(|word| text.contains(&word.to_lowercase()))
}

fn ids(rows: &[&Entry<'_>]) -> Vec<String> {
    rows.iter().map(|entry| entry.code.to_owned()).collect()
}

fn sections(rows: &[&Entry<'_>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for entry in rows {
        let id = format!("status-{}", entry.status);
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

fn heading(status: u16) -> String {
    match http::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
    {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("an array: {value}"))
        .iter()
        .map(|item| item.as_str().unwrap().to_owned())
        .collect()
}

/// One catalogue's page and what to do on it.
struct Visit<'a> {
    /// The page's file name, and its screenshots'.
    name: &'a str,
    /// `errcat`'s arguments before `table --format html`.
    args: &'a [&'a str],
    catalogue: &'a Catalogue,
    entries: &'a [Entry<'a>],
    /// Typed into the filter, one after the other.
    queries: &'a [&'a str],
    /// A code, and a query that hides its row before the anchor is followed.
    anchor: (&'a str, &'a str),
    /// A deprecated code, and the code its note links to.
    follow: Option<(&'a str, &'a str)>,
    /// The query typed and the row opened for the wide screenshot.
    picture: (&'a str, &'a str),
}

/// Checks everything the browser reports of one catalogue's page.
fn check_page(visit: &Visit<'_>) -> Value {
    let Visit {
        name,
        args,
        catalogue,
        entries,
        queries,
        anchor,
        follow,
        picture,
    } = *visit;
    ensure_browser();
    let url = page(name, args);
    let dir = screenshots();
    let wide = dir.join(format!("{name}.png"));
    let phone = dir.join(format!("{name}-phone.png"));
    for shot in [&wide, &phone] {
        let _ = std::fs::remove_file(shot);
    }
    let plan = json!({
        "chromium": CHROMIUM,
        "url": url,
        "label": LABEL,
        "queries": queries,
        "anchor": { "code": anchor.0, "hiddenBy": anchor.1 },
        "follow": follow.map(|(from, to)| json!({ "from": from, "to": to })),
        "screenshots": { "wide": wide, "phone": phone, "query": picture.0, "open": picture.1 },
    });
    let seen = drive(&plan);
    eprintln!("{name}: Chromium {}", seen["browser"]);

    let all = grouped(entries);
    let total = entries.len();
    let statuses = sections(&all);
    assert_eq!(seen["title"], format!("{catalogue}: error codes"));
    let everything =
        json!({ "rows": ids(&all), "sections": statuses, "count": format!("{total} codes") });
    assert_eq!(seen["initial"], everything);
    assert_eq!(
        seen["cleared"], everything,
        "clearing the filter shows every row again"
    );
    assert_eq!(
        seen["no_script"], everything,
        "without JavaScript: the whole table"
    );
    assert_eq!(
        seen["no_script_filter_shown"], false,
        "without JavaScript: no filter box"
    );

    let mut reported = seen["queries"].as_array().unwrap().clone();
    assert_eq!(reported.len(), queries.len());
    // The first query again, typed on the phone.
    reported.push(seen["phone_query"].clone());
    for (query, got) in queries.iter().chain(&queries[..1]).zip(&reported) {
        let kept: Vec<&Entry<'_>> = all
            .iter()
            .copied()
            .filter(|entry| matches(entry, query))
            .collect();
        let count = match kept.len() {
            0 => format!("No code matches \u{201c}{query}\u{201d}"),
            1 => format!("1 of {total} codes matches"),
            n => format!("{n} of {total} codes match"),
        };
        assert_eq!(
            got,
            &json!({ "query": query, "rows": ids(&kept), "sections": sections(&kept), "count": count }),
            "filter {query:?}"
        );
    }

    // The anchor: followed while the filter hides its row, and opened fresh
    // on a phone.
    assert_eq!(
        seen["anchor_hidden_before"], true,
        "{:?} hides {}",
        anchor.1, anchor.0
    );
    let targeted = json!({
        "target": anchor.0,
        "visible": true,
        "in_view": true,
        "details_open": true,
        "filter": "",
        "count": format!("{total} codes"),
    });
    assert_eq!(seen["anchor"], targeted);
    assert_eq!(seen["phone_anchor"], targeted);
    if let Some((_, to)) = follow {
        assert_eq!(seen["followed"]["target"], to);
        assert_eq!(seen["followed"]["visible"], true);
        assert_eq!(seen["followed"]["in_view"], true);
    }

    // No sideways scrolling, codes and tokens on one line, at both widths,
    // every row's details open.
    for (layout, width) in [("wide_layout", 1000), ("phone_layout", 375)] {
        let layout = &seen[layout];
        assert_eq!(layout["viewport"], width);
        assert_eq!(
            layout["scroll_width"], width,
            "no horizontal scroll at {width} px"
        );
        assert!(
            layout["body_scroll_width"].as_u64().unwrap() <= width,
            "{layout}"
        );
        assert_eq!(
            layout["wrapped"],
            json!([]),
            "codes never wrap at {width} px"
        );
    }

    // Chromium's own accessibility tree, at both widths: a table per status
    // named by its heading, a row header per code, a labelled search box,
    // a live region.
    let headings: Vec<String> = all
        .iter()
        .map(|entry| entry.status)
        .fold(Vec::new(), |mut seen: Vec<u16>, status| {
            if !seen.contains(&status) {
                seen.push(status);
            }
            seen
        })
        .into_iter()
        .map(heading)
        .collect();
    for tree in ["wide_accessibility", "phone_accessibility"] {
        let tree = &seen[tree];
        // The tree lists nodes in no particular order.
        let mut tables = strings(&tree["tables"]);
        tables.sort();
        let mut expected = headings.clone();
        expected.sort();
        assert_eq!(tables, expected, "{tree}");
        assert_eq!(strings(&tree["searchbox"]), [LABEL]);
        let roles = &tree["roles"];
        assert_eq!(roles["rowheader"], total, "{roles}");
        assert_eq!(roles["columnheader"], 4 * headings.len(), "{roles}");
        assert_eq!(roles["cell"], 3 * total, "{roles}");
        assert_eq!(roles["status"], 1, "{roles}");
    }

    // WCAG AA contrast for text, in the light and the dark scheme.
    for scheme in ["contrast_light", "contrast_dark"] {
        let measured = seen[scheme].as_object().unwrap();
        for selector in [
            "h1",
            "nav a",
            ".count",
            "label",
            "thead th",
            "a.code",
            "code.token",
            ".desc",
            "summary",
            "pre code",
            "tr:target td",
        ] {
            assert!(
                measured.contains_key(selector),
                "{scheme}: {selector} measured: {measured:?}"
            );
        }
        for (selector, ratio) in measured {
            let ratio = ratio.as_f64().unwrap();
            assert!(
                ratio >= 4.5,
                "{scheme}: {selector} has contrast {ratio:.2}, under 4.5"
            );
        }
    }

    for shot in [&wide, &phone] {
        let bytes = std::fs::read(shot).unwrap();
        assert!(
            bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 10_000,
            "{}",
            shot.display()
        );
    }
    seen
}

#[test]
fn the_html_page_filters_anchors_and_fits_a_phone_in_chromium() {
    let entries = Entry::all(&errcat::ErrorCode::ALL);
    let queries = [
        "GEN-1203-100003",
        "access_denied",
        "403",
        "access token",
        "Consent",
        "gen-1206",
        "no such thing",
    ];
    // Each query narrows the table to some rows, not none nor all, except
    // the one meant to find nothing.
    for query in &queries[..queries.len() - 1] {
        let kept = entries.iter().filter(|entry| matches(entry, query)).count();
        assert!(kept > 0 && kept < entries.len(), "{query:?} keeps {kept}");
    }
    check_page(&Visit {
        name: "errors-page",
        args: &[],
        catalogue: &errcat::CATALOGUE,
        entries: &entries,
        queries: &queries,
        anchor: ("GEN-1203-100003", "access_denied"),
        follow: None,
        picture: ("token", "GEN-1203-100003"),
    });
}

#[test]
fn a_loaded_catalogues_page_marks_deprecated_rows_in_chromium() {
    let codes = payments::errors::ErrorCode::all();
    let entries = Entry::all(codes);
    let file = root().join("examples/bank/payments/payments.toml");
    let deprecated = entries
        .iter()
        .find(|entry| entry.deprecated.is_some())
        .unwrap();
    assert_eq!(deprecated.code, "PIS-1309-000000");
    let seen = check_page(&Visit {
        name: "payments-page",
        args: &["--catalogue", file.to_str().unwrap()],
        catalogue: payments::errors::ErrorCode::CATALOGUE,
        entries: &entries,
        queries: &["payment_conflict", "409", "PIS-1309", "duplicate payment"],
        anchor: ("PIS-1301-000001", "payment_conflict"),
        follow: Some(("PIS-1309-000000", "PIS-1309-000001")),
        picture: ("payment", "PIS-1309-000000"),
    });
    assert_eq!(
        seen["deprecated_note"],
        "Deprecated: Use PIS-1309-000001, which names the payment"
    );
    assert!(seen["contrast_light"][".deprecated"].as_f64().unwrap() >= 4.5);
    assert!(seen["contrast_dark"][".deprecated"].as_f64().unwrap() >= 4.5);
}
