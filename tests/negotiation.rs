//! Content negotiation of error responses (RFC 9110 §12.5): the cases that
//! were wrong once, and thousands of generated `Accept` headers on which
//! errcat must choose what two widely used implementations choose, werkzeug's
//! `MIMEAccept` (Python) and npm's `negotiator` (Node.js), wherever their
//! qualities decide.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use errcat::Catalogue;
use errcat::format::{self, Accept, WireFormat};
use http::HeaderValue;
use serde_json::{Value, json};

const JSON: &str = "application/json";
const PROBLEM: &str = "application/problem+json";
const VENDOR: &str = "application/vnd.belfius.api+json";

/// A catalogue without a media type of its own.
static PLAIN: Catalogue = Catalogue::new("plain");

/// The media type errcat answers for `accept` among the OAuth body and the
/// problem document, for the Account API (whose body also has the
/// catalogue's own type) or for a catalogue without a type of its own.
fn choose(accept: Option<&HeaderValue>, vendor: bool) -> &'static str {
    let formats: [&dyn WireFormat; 2] = [&format::OAUTH, &format::PROBLEM];
    let catalogue = if vendor { &errcat::CATALOGUE } else { &PLAIN };
    format::negotiate(accept, &formats, catalogue).media_type
}

fn negotiate(accept: &str) -> &'static str {
    let value = HeaderValue::from_str(accept).unwrap();
    choose(Some(&value), true)
}

fn from_accept(accept: Option<&HeaderValue>) -> &'static str {
    choose(accept, false)
}

fn media_type(accept: &str) -> &'static str {
    negotiate(accept)
}

// The defects of issue 15, each pinned.

#[test]
fn an_unknown_vendor_type_is_no_alias_of_the_api_body() {
    assert_eq!(
        media_type("application/vnd.example+json;q=1, application/problem+json;q=0.5"),
        PROBLEM
    );
    assert_eq!(
        from_accept(Some(&HeaderValue::from_static(
            "application/vnd.example+json;q=1, application/problem+json;q=0.5"
        ))),
        PROBLEM
    );
    assert!(!Accept::new("application/vnd.example+json").accepts(JSON));
}

#[test]
fn a_refused_type_is_not_sent_while_another_is_acceptable() {
    assert_eq!(
        media_type(
            "application/json;q=0, application/vnd.example+json, application/problem+json;q=0.1"
        ),
        PROBLEM
    );
    assert_eq!(media_type("application/json;q=0, */*;q=0.5"), VENDOR);
    assert_eq!(
        media_type("application/json;q=0, application/vnd.belfius.api+json;q=0, */*;q=0.5"),
        PROBLEM
    );
    for accept in [
        "application/json;q=0, application/problem+json;q=0.001",
        "application/problem+json;q=0.001, application/json;q=0, application/json;q=0",
    ] {
        assert_eq!(
            from_accept(Some(&HeaderValue::from_str(accept).unwrap())),
            PROBLEM,
            "{accept}"
        );
    }
}

#[test]
fn a_wildcard_gives_its_quality_to_the_types_it_covers() {
    assert_eq!(
        media_type("application/*;q=1, application/problem+json;q=0.8"),
        JSON
    );
    assert_eq!(
        media_type("*/*;q=0.9, application/problem+json;q=0.8"),
        JSON
    );
    // The most specific range decides, whatever its place in the header.
    assert_eq!(
        media_type("application/problem+json;q=0.2, application/*;q=0.9, */*;q=0.1"),
        JSON
    );
}

#[test]
fn an_invalid_q_leaves_its_range_out() {
    for q in [
        "NaN",
        "nan",
        "inf",
        "Infinity",
        "-1",
        "2",
        "1.5",
        ".5",
        "1.",
        "1e0",
        "+1",
        "\"\"",
        "abc",
        "0.5;q=0.6",
    ] {
        let accept = format!("application/json;q={q}, application/problem+json;q=0.5");
        assert_eq!(media_type(&accept), PROBLEM, "{accept}");
        assert_eq!(Accept::new(&accept).quality(JSON), None, "{accept}");
        // The same rule in the example server's check.
        assert!(!Accept::new(&accept).accepts(JSON), "{accept}");
    }
    // An empty q is no q, as both peers read it.
    assert_eq!(
        media_type("application/json;q=, application/problem+json;q=0.5"),
        JSON
    );
    // Quoted, longer or zero with a sign, the value is read.
    for (q, value) in [
        ("\"0.4\"", 0.4),
        ("0.4000", 0.4),
        ("00.4", 0.4),
        ("-0", 0.0),
    ] {
        let accept = format!("application/json;q={q}");
        let quality = Accept::new(&accept).quality(JSON).unwrap();
        assert_eq!(quality.value(), value, "{accept}");
    }
}

#[test]
fn parameters_narrow_a_range() {
    // The error bodies carry no parameters: a range with one matches none.
    assert_eq!(
        media_type("application/vnd.belfius.api+json; version=1, application/problem+json;q=0.5"),
        PROBLEM
    );
    assert_eq!(media_type("application/problem+json; charset=utf-8"), JSON);
    let accept =
        Accept::new("application/vnd.belfius.api+json; version=1;q=0.7, application/*;q=0.2");
    assert_eq!(
        accept
            .quality("application/vnd.belfius.api+json; version=1")
            .unwrap()
            .value(),
        0.7
    );
    assert_eq!(accept.quality(VENDOR).unwrap().value(), 0.2);
    assert_eq!(
        accept
            .quality("application/vnd.belfius.api+json; version=2")
            .unwrap()
            .value(),
        0.2
    );
}

#[test]
fn parameters_on_a_wildcard_narrow_nothing() {
    let accept = Accept::new("*/*;version=2;q=0.3, application/*; charset=utf-8;q=0.6");
    assert_eq!(accept.quality(JSON).unwrap().value(), 0.6);
    assert_eq!(accept.quality("text/html").unwrap().value(), 0.3);
    // More parameters, more specific.
    let accept = Accept::new("*/*;a=1;b=2;q=0.2, */*;c=3;q=0.9, */*");
    assert_eq!(accept.quality(JSON).unwrap().value(), 0.2);
}

#[test]
fn no_acceptable_type_or_no_readable_header_gets_the_api_body() {
    for accept in [
        "text/html",
        "application/json;q=0",
        "application/json;q=0, application/problem+json;q=0, application/vnd.belfius.api+json;q=0",
        "",
        "application/json;charset=\"utf-8, */*",
    ] {
        assert_eq!(negotiate(accept), JSON, "{accept:?}");
    }
    let binary = HeaderValue::from_bytes(b"application/problem+json\xff").unwrap();
    assert_eq!(choose(Some(&binary), true), JSON);
    assert_eq!(choose(None, true), JSON);
}

#[test]
fn ties_go_to_the_type_named_most_specifically_then_to_the_servers_order() {
    assert_eq!(
        media_type("application/problem+json;q=0.5, */*;q=0.5"),
        PROBLEM
    );
    assert_eq!(
        media_type("application/json, application/problem+json"),
        PROBLEM
    );
    assert_eq!(
        media_type("application/problem+json, application/json"),
        PROBLEM
    );
    assert_eq!(
        media_type("application/json, application/vnd.belfius.api+json"),
        VENDOR
    );
    assert_eq!(media_type("*/*"), JSON);
    assert_eq!(media_type("application/*"), JSON);
    assert_eq!(media_type("application/json;q=0, application/*"), VENDOR);
}

#[test]
fn case_and_whitespace_do_not_matter() {
    assert_eq!(media_type("Application/Problem+JSON"), PROBLEM);
    assert_eq!(
        media_type(" application/json ;\tQ=0.1 ,\tapplication/problem+json ; q=0.2 "),
        PROBLEM
    );
    assert_eq!(media_type("APPLICATION/VND.BELFIUS.API+JSON"), VENDOR);
}

// The comparison with werkzeug and negotiator.

/// The media types the Account API's errors can be sent as, in errcat's
/// order of preference between types named alike; and those of a catalogue
/// without a type of its own.
const OFFERS_WITH_VENDOR: [&str; 3] = [JSON, VENDOR, PROBLEM];
const OFFERS: [&str; 2] = [JSON, PROBLEM];
/// The offers of a catalogue that also speaks JSON:API, in its order.
const OFFERS_WITH_JSON_API: [&str; 4] = [JSON, VENDOR, PROBLEM, JSON_API];
const JSON_API: &str = "application/vnd.api+json";

/// SplitMix64: a small generator, so that every run sees the same headers.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const RANGES: &[&str] = &[
    JSON,
    JSON,
    JSON,
    PROBLEM,
    PROBLEM,
    PROBLEM,
    VENDOR,
    VENDOR,
    JSON_API,
    JSON_API,
    "application/vnd.example+json",
    "application/hal+json",
    "application/json-patch+json",
    "application/problem+xml",
    "application/xml",
    "application/*",
    "application/*",
    "*/*",
    "*/*",
    "text/*",
    "text/html",
    "image/png",
    "*/json",
];

const QUALITIES: &[&str] = &[
    "1", "0", "0", "0.5", "0.5", "0.8", "0.9", "0.1", "0.2", "0.001", "0.999", "1.0", "1.000",
    "0.0", "0.50", "0.3", "0.7", "0.25",
];

const ODD_QUALITIES: &[&str] = &[
    "0.5000", "00.5", "-0", "-1", "2", "1.5", "NaN", "nan", "inf", "Infinity", "abc", ".5", "1.",
    "0.", "\"0.5\"", "\"0\"", "\"1\"", "1e0", "+0.5", "", "0.0001", "0.3 ",
];

const PARAMETERS: &[&str] = &[
    "version=1",
    "version=\"1\"",
    "charset=utf-8",
    "level=2",
    // A comma in a quoted string is no list separator. (No `/` in it:
    // werkzeug ranks ranges by counting the pieces between `/` and `;`,
    // inside quoted values too.)
    "profile=\"urn:example:p, q\"",
];

const SPACES: &[&str] = &["", "", "", " ", " ", "  ", "\t", " \t"];

/// `text` in a random mix of cases, now and then.
fn vary_case(random: &mut Seeded, text: &str) -> String {
    match random.below(8) {
        0 => text.to_ascii_uppercase(),
        1 => text
            .chars()
            .map(|c| {
                if random.chance(50) {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect(),
        _ => text.to_owned(),
    }
}

fn generate_range(random: &mut Seeded) -> String {
    let essence = random.pick(RANGES);
    let mut range = vary_case(random, essence);
    let parameter = random
        .chance(15)
        .then(|| random.pick(PARAMETERS).to_owned());
    let quality = random.chance(70).then(|| {
        let value = if random.chance(15) {
            random.pick(ODD_QUALITIES)
        } else {
            random.pick(QUALITIES)
        };
        let name = if random.chance(10) { "Q" } else { "q" };
        format!("{name}={value}")
    });
    let parameter_first = random.chance(70);
    let mut parts = Vec::new();
    if parameter_first {
        parts.extend(parameter.clone());
    }
    parts.extend(quality);
    if !parameter_first {
        parts.extend(parameter);
    }
    for part in parts {
        range.push_str(random.pick(SPACES));
        range.push(';');
        range.push_str(random.pick(SPACES));
        range.push_str(&part);
    }
    range
}

fn generate_header(random: &mut Seeded) -> String {
    let count = 1 + random.below(5);
    let mut header = random.pick(SPACES).to_owned();
    for index in 0..count {
        if index > 0 {
            header.push_str(random.pick(SPACES));
            header.push(',');
            if random.chance(3) {
                header.push_str(" ,");
            }
            header.push_str(random.pick(SPACES));
        }
        header.push_str(&generate_range(random));
    }
    if random.chance(1) {
        header.push_str(", text/plain; x=\"open");
    }
    header.push_str(random.pick(SPACES));
    header
}

/// A tool of `scripts/install-test-tools.sh`, installed when `present` says
/// it is missing.
fn ensure_tools(present: impl Fn() -> bool, what: &str) {
    if present() {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new("bash")
        .arg(root.join("scripts/install-test-tools.sh"))
        .status()
        .expect("bash runs");
    assert!(status.success(), "scripts/install-test-tools.sh failed");
    assert!(present(), "{what} is still missing after installing it");
}

fn tools(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(name)
}

/// Runs a peer on every case at once: one process, JSON in and out.
fn ask(mut command: Command, cases: &Value) -> Vec<Value> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the peer starts");
    let input = serde_json::to_vec(cases).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        output.status.success(),
        "{:?}: {}",
        command.get_program(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn werkzeug(cases: &Value) -> Vec<Value> {
    let pytools = tools("pytools");
    let present = || {
        Command::new("python3")
            .args(["-c", "import werkzeug"])
            .env("PYTHONPATH", &pytools)
            .status()
            .is_ok_and(|status| status.success())
    };
    ensure_tools(present, "werkzeug");
    let mut command = Command::new("python3");
    command
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/peers/werkzeug_choice.py"
        ))
        .env("PYTHONPATH", &pytools);
    ask(command, cases)
}

fn negotiator(cases: &Value) -> Vec<Value> {
    let modules = tools("nodetools").join("node_modules");
    let present = || modules.join("negotiator/package.json").exists();
    ensure_tools(present, "negotiator");
    let mut command = Command::new("node");
    command
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/peers/negotiator_choice.js"
        ))
        .env("NODE_PATH", &modules);
    ask(command, cases)
}

/// What errcat sends for `accept` among `offers`: `None` when it finds no
/// offer acceptable and answers its default.
fn errcat_choice(accept: &str, offers: &[&'static str]) -> Option<&'static str> {
    let value = HeaderValue::from_str(accept).unwrap();
    let format = if offers.contains(&JSON_API) {
        let formats: [&dyn WireFormat; 3] = [&format::OAUTH, &format::PROBLEM, &format::JSON_API];
        format::negotiate(Some(&value), &formats, &errcat::CATALOGUE).media_type
    } else if offers.contains(&VENDOR) {
        negotiate(accept)
    } else {
        from_accept(Some(&value))
    };
    let acceptable = offers
        .iter()
        .any(|offer| Accept::new(accept).accepts(offer));
    if acceptable {
        Some(format)
    } else {
        // Nothing acceptable: the default, which is documented.
        assert_eq!(format, JSON, "{accept:?}");
        None
    }
}

#[test]
fn errcat_chooses_what_werkzeug_and_negotiator_choose_where_qualities_decide() {
    let mut random = Seeded(0x15_2026_0415);
    let mut cases = Vec::new();
    for index in 0..5000 {
        let header = generate_header(&mut random);
        let offers: &[&str] = match index % 4 {
            3 => &OFFERS,
            2 => &OFFERS_WITH_JSON_API,
            _ => &OFFERS_WITH_VENDOR,
        };
        cases.push(json!({ "accept": header, "offers": offers }));
    }
    let cases = Value::Array(cases);
    let werkzeug = werkzeug(&cases);
    let negotiator = negotiator(&cases);

    let (mut compared, mut none_acceptable, mut peers_disagree, mut tie_broken) = (0, 0, 0, 0);
    let mut mismatches = Vec::new();
    for ((case, werkzeug), negotiator) in cases
        .as_array()
        .unwrap()
        .iter()
        .zip(&werkzeug)
        .zip(&negotiator)
    {
        let accept = case["accept"].as_str().unwrap();
        let offers: Vec<&'static str> = case["offers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|offer| {
                *OFFERS_WITH_JSON_API
                    .iter()
                    .find(|known| **known == offer.as_str().unwrap())
                    .unwrap()
            })
            .collect();
        let choice = werkzeug["choice"].as_str();
        if choice != negotiator["choice"].as_str() {
            peers_disagree += 1;
            continue;
        }
        if let Some(choice) = choice {
            // Decided by qualities only when the chosen offer's is the
            // highest alone; otherwise each peer's own tie-break chose.
            let qualities: Vec<f64> = werkzeug["qualities"]
                .as_array()
                .unwrap()
                .iter()
                .map(|q| q.as_f64().unwrap())
                .collect();
            let chosen = offers.iter().position(|offer| *offer == choice).unwrap();
            let alone = qualities
                .iter()
                .enumerate()
                .all(|(index, q)| index == chosen || *q < qualities[chosen]);
            if !alone {
                tie_broken += 1;
                continue;
            }
        }
        compared += 1;
        none_acceptable += usize::from(choice.is_none());
        let ours = errcat_choice(accept, &offers);
        if ours != choice {
            mismatches.push(format!(
                "Accept: {accept:?} offers {offers:?}: peers {choice:?}, errcat {ours:?}"
            ));
        }
    }
    println!(
        "{} generated Accept headers: {compared} compared ({none_acceptable} with no offer acceptable), {} skipped ({peers_disagree} where werkzeug and negotiator choose differently, {tie_broken} decided by a tie-break)",
        cases.as_array().unwrap().len(),
        peers_disagree + tie_broken
    );
    assert!(
        mismatches.is_empty(),
        "{} of {compared} differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert!(compared > 1000, "only {compared} cases compared");
    assert!(
        compared - none_acceptable > 1000,
        "only {} cases compared where an offer is acceptable",
        compared - none_acceptable
    );
}

/// The layer answers in the chosen type, its `Content-Type` included.
#[cfg(feature = "axum")]
#[tokio::test]
async fn the_layer_answers_in_the_chosen_type() {
    use axum::Router;
    use axum::body::Body;
    use axum::routing::get;
    use errcat::server::ErrorFormatLayer;
    use tower::ServiceExt;

    let app = Router::new()
        .route("/", get(|| async { errcat::ApiError::quota_exceeded() }))
        .layer(ErrorFormatLayer::new());
    let expected = errcat::ApiError::quota_exceeded().to_json();
    for (accept, content_type) in [
        (None, JSON),
        (Some("application/vnd.belfius.api+json"), VENDOR),
        (Some("application/json;q=0, */*"), VENDOR),
        (
            Some("application/vnd.example+json, application/problem+json;q=0.5"),
            PROBLEM,
        ),
        (Some("application/*, application/problem+json;q=0.8"), JSON),
        (Some("text/html"), JSON),
    ] {
        let mut request = http::Request::get("/");
        if let Some(accept) = accept {
            request = request.header("accept", accept);
        }
        let response = app
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), 429, "{accept:?}");
        assert_eq!(
            response.headers()["content-type"],
            content_type,
            "{accept:?}"
        );
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        if content_type != PROBLEM {
            assert_eq!(body, expected.as_bytes(), "{accept:?}");
        }
    }
}
