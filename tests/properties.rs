//! Property tests: hostile and random input never parses to a wrong code,
//! never panics, and every placeholder value survives the wire.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use errcat::client::{self, DecodeError, Decoder};
use errcat::{ApiError, ErrorCode, ErrorKind};
use http::{HeaderMap, StatusCode};
use proptest::prelude::*;
use proptest::sample::select;

/// Counts the bytes this thread has allocated and not freed, and the peak.
struct Measuring;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards every call to the system allocator unchanged; the
// bookkeeping touches only const-initialised thread-locals, which do not
// allocate.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Measuring {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.with(|live| {
            live.set(live.get() + layout.size());
            live.get()
        });
        PEAK.with(|peak| peak.set(peak.get().max(live)));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.with(|live| live.set(live.get().saturating_sub(layout.size())));
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Measuring = Measuring;

/// The most this thread had allocated at once while `work` ran, above what
/// it held before.
fn peak_during<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(before));
    let result = work();
    (result, PEAK.with(Cell::get) - before)
}

/// Digits that look like ASCII digits and are not.
const LOOK_ALIKE_ZEROS: [char; 4] = ['\u{FF10}', '\u{0660}', '\u{1D7CE}', '\u{06F0}'];

#[derive(Debug, Clone)]
enum Miss {
    FlipCase(usize),
    DropDash(usize),
    DoubleDash(usize),
    ExtraDigit(usize, u8),
    DropDigit(usize),
    LookAlikeDigit(usize, usize),
    TrailingNoBreakSpace,
    LeadingZeroWidthSpace,
    Truncate(usize),
}

fn miss() -> impl Strategy<Value = Miss> {
    prop_oneof![
        any::<usize>().prop_map(Miss::FlipCase),
        any::<usize>().prop_map(Miss::DropDash),
        any::<usize>().prop_map(Miss::DoubleDash),
        (any::<usize>(), 0u8..10).prop_map(|(at, digit)| Miss::ExtraDigit(at, digit)),
        any::<usize>().prop_map(Miss::DropDigit),
        (any::<usize>(), 0..LOOK_ALIKE_ZEROS.len())
            .prop_map(|(at, which)| Miss::LookAlikeDigit(at, which)),
        Just(Miss::TrailingNoBreakSpace),
        Just(Miss::LeadingZeroWidthSpace),
        any::<usize>().prop_map(Miss::Truncate),
    ]
}

/// Byte positions in `text` of the characters `pick` selects.
fn positions(text: &str, pick: impl Fn(char) -> bool) -> Vec<usize> {
    text.char_indices()
        .filter(|&(_, c)| pick(c))
        .map(|(at, _)| at)
        .collect()
}

fn apply(code: &str, miss: &Miss) -> String {
    let mut text = code.to_owned();
    let nth = |list: Vec<usize>, n: usize| (!list.is_empty()).then(|| list[n % list.len()]);
    match *miss {
        Miss::FlipCase(n) => {
            if let Some(at) = nth(positions(code, |c| c.is_ascii_alphabetic()), n) {
                let c = text.as_bytes()[at] as char;
                let flipped = if c.is_ascii_uppercase() {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                };
                text.replace_range(at..at + 1, &flipped.to_string());
            }
        }
        Miss::DropDash(n) => {
            if let Some(at) = nth(positions(code, |c| c == '-'), n) {
                text.remove(at);
            }
        }
        Miss::DoubleDash(n) => {
            if let Some(at) = nth(positions(code, |c| c == '-'), n) {
                text.insert(at, '-');
            }
        }
        Miss::ExtraDigit(n, digit) => {
            let at = nth(positions(code, |c| c.is_ascii_digit()), n).unwrap_or(0);
            text.insert(at, char::from(b'0' + digit));
        }
        Miss::DropDigit(n) => {
            if let Some(at) = nth(positions(code, |c| c.is_ascii_digit()), n) {
                text.remove(at);
            }
        }
        Miss::LookAlikeDigit(n, which) => {
            if let Some(at) = nth(positions(code, |c| c.is_ascii_digit()), n) {
                let digit = u32::from(text.as_bytes()[at] - b'0');
                let look_alike =
                    char::from_u32(u32::from(LOOK_ALIKE_ZEROS[which]) + digit).unwrap();
                text.replace_range(at..at + 1, &look_alike.to_string());
            }
        }
        Miss::TrailingNoBreakSpace => text.push('\u{A0}'),
        Miss::LeadingZeroWidthSpace => text.insert(0, '\u{200B}'),
        Miss::Truncate(n) => text.truncate(n % code.len()),
    }
    text
}

/// What a parse result may be for `input`: nothing, or the code whose text
/// is exactly the (trimmed) input.
fn check_code(input: &str) -> Result<(), TestCaseError> {
    if let Ok(code) = input.parse::<ErrorCode>() {
        prop_assert_eq!(code.code(), input.trim(), "{:?} parsed to {}", input, code);
    }
    if let Some(code) = ErrorCode::from_code(input) {
        prop_assert_eq!(code.code(), input);
    }
    if let Ok(kind) = input.parse::<ErrorKind>() {
        prop_assert!(
            kind.token().eq_ignore_ascii_case(input.trim()),
            "{:?} parsed to {:?}",
            input,
            kind
        );
    }
    Ok(())
}

fn any_code() -> impl Strategy<Value = ErrorCode> {
    select(ErrorCode::ALL.to_vec())
}

fn codes_with_placeholders() -> impl Strategy<Value = ErrorCode> {
    let codes: Vec<ErrorCode> = ErrorCode::ALL
        .into_iter()
        .filter(|code| !code.placeholders().is_empty())
        .collect();
    select(codes)
}

/// Whether `text` holds nothing that could end a log line, forge one or
/// reach a terminal as a control (CWE-117): no C0, DEL or C1 control, no
/// Unicode line or paragraph separator, no bidirectional embedding, override
/// or isolate.
fn one_safe_line(text: &str) -> bool {
    !text.chars().any(|c| {
        c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

/// Strings rich in what [`one_safe_line`] refuses, beside arbitrary ones.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "([a-z \\\\]|[\u{0}-\u{1f}]|\u{7f}|[\u{80}-\u{9f}]|[\u{202a}-\u{202e}]|[\u{2066}-\u{2069}]|\u{2028}|\u{2029}){0,24}",
    ]
}

fn in_rfc6749_set(byte: u8) -> bool {
    matches!(byte, 0x20..=0x21 | 0x23..=0x5B | 0x5D..=0x7E)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn random_strings_never_parse_to_a_wrong_code(input in any::<String>()) {
        check_code(&input)?;
    }

    #[test]
    fn strings_made_of_code_characters_never_parse_to_a_wrong_code(input in "[A-Za-z0-9_ -]{0,24}") {
        check_code(&input)?;
    }

    #[test]
    fn a_parse_error_shows_any_input_on_one_line_without_control_characters(
        input in any::<String>(),
        prefix in "(GEN-1203|missing_input|)",
    ) {
        // A server logs these errors: nothing taken from the input may
        // start a log line or reach a terminal as a control (CWE-117).
        let input = format!("{prefix}{input}");
        let shown = [
            input.parse::<ErrorCode>().err().map(|error| error.to_string()),
            input.parse::<errcat::ErrorKind>().err().map(|error| error.to_string()),
        ];
        for text in shown.into_iter().flatten() {
            prop_assert!(one_safe_line(&text), "{text:?}");
        }
        let debugged = [
            input.parse::<ErrorCode>().err().map(|error| format!("{error:?}")),
            input.parse::<errcat::ErrorKind>().err().map(|error| format!("{error:?}")),
        ];
        for text in debugged.into_iter().flatten() {
            prop_assert!(one_safe_line(&text), "{text:?}");
        }
    }

    #[test]
    fn near_misses_of_real_codes_never_parse_to_a_wrong_code(code in any_code(), miss in miss()) {
        let input = apply(code.code(), &miss);
        check_code(&input)?;
        if input.trim() != code.code() {
            prop_assert_ne!(input.parse::<ErrorCode>().ok(), Some(code), "{:?}", input);
        }
    }

    #[test]
    fn any_placeholder_value_round_trips_through_both_bodies(
        code in codes_with_placeholders(),
        value in any::<String>(),
    ) {
        let values = code.placeholders().iter().map(|name| (*name, value.clone()));
        let error = ApiError::with_values(code, values).unwrap().mark_public();
        for body in [error.to_json(), error.to_problem_json()] {
            let json: serde_json::Value = serde_json::from_str(&body).unwrap();
            let description = json
                .get("error_description")
                .or_else(|| json.get("detail"))
                .and_then(|description| description.as_str())
                .unwrap();
            prop_assert!(description.bytes().all(in_rfc6749_set), "{:?}", description);
            let decoded = client::decode(code.status(), &HeaderMap::new(), body.as_bytes()).unwrap();
            let Some(back) = decoded.api_error() else {
                return Err(TestCaseError::fail(format!("{body} did not decode")));
            };
            for (_, got) in back.values() {
                prop_assert_eq!(got, value.as_str());
            }
        }
        let logged = error.to_string();
        prop_assert!(!logged.contains(['\n', '\r', '\u{2028}', '\u{2029}']), "{:?}", logged);
    }

    #[test]
    fn decoding_arbitrary_bytes_never_panics_and_stays_bounded(
        body in proptest::collection::vec(any::<u8>(), 0..4096),
        status in 100u16..1000,
    ) {
        let status = StatusCode::from_u16(status).unwrap();
        let (_, peak) = peak_during(|| client::decode(status, &HeaderMap::new(), &body));
        prop_assert!(peak <= 4 * body.len() + 4096, "{} bytes for a {}-byte body", peak, body.len());
    }

    #[test]
    fn decoding_error_shaped_bodies_never_panics(
        error in any::<String>(),
        code in prop_oneof![any_code().prop_map(|code| code.code().to_owned()), any::<String>()],
        description in any::<String>(),
        problem in any::<bool>(),
    ) {
        let member = if problem { "detail" } else { "error_description" };
        let body = serde_json::json!({"error": error, "error_code": code, member: description}).to_string();
        let (decoded, peak) = peak_during(|| client::decode(StatusCode::BAD_REQUEST, &HeaderMap::new(), body.as_bytes()));
        prop_assert!(peak <= 4 * body.len() + 4096);
        let decoded = decoded.unwrap();
        if let Some(known) = decoded.api_error() {
            prop_assert_eq!(known.code().code(), code.as_str());
        }
    }

    #[test]
    fn bodies_over_the_limit_are_refused_without_allocating(extra in 1usize..4096, limit in 0usize..1024) {
        let body = vec![b'{'; limit + extra];
        let (result, peak) = peak_during(|| Decoder::new().with_limit(limit).decode(StatusCode::BAD_GATEWAY, &HeaderMap::new(), &body));
        let too_large = matches!(result, Err(DecodeError::TooLarge { .. }));
        prop_assert!(too_large);
        prop_assert_eq!(peak, 0);
    }
}

// Every public error type that carries input: its `Display` and its `Debug`
// are one line without controls, whatever the input.
proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn an_api_error_shows_any_value_and_detail_on_one_line(
        code in codes_with_placeholders(),
        value in hostile_text(),
        detail in hostile_text(),
    ) {
        let values = code.placeholders().iter().map(|name| (*name, value.clone()));
        let error = ApiError::with_values(code, values).unwrap().with_detail(detail);
        prop_assert!(one_safe_line(&error.to_string()), "{}", error);
        prop_assert!(one_safe_line(&format!("{error:?}")), "{:?}", error);
    }

    #[test]
    fn a_fill_error_shows_any_name_on_one_line(name in hostile_text(), value in hostile_text()) {
        let error = ApiError::with_values(ErrorCode::InvalidAccessToken, [(name.as_str(), value)])
            .unwrap_err();
        prop_assert!(one_safe_line(&error.to_string()), "{}", error);
        prop_assert!(one_safe_line(&format!("{error:?}")), "{:?}", error);
    }

    #[test]
    fn a_decoded_response_shows_any_body_on_one_line(
        token in hostile_text(),
        code in prop_oneof![any_code().prop_map(|code| code.code().to_owned()), hostile_text()],
        description in hostile_text(),
    ) {
        let body = serde_json::json!({"error": token, "error_code": code, "error_description": description}).to_string();
        let decoded = client::decode(StatusCode::BAD_REQUEST, &HeaderMap::new(), body.as_bytes()).unwrap();
        prop_assert!(one_safe_line(&decoded.to_string()), "{}", decoded);
        prop_assert!(one_safe_line(&format!("{decoded:?}")), "{:?}", decoded);
        if let client::Decoded::Unknown(raw) = decoded.decoded() {
            prop_assert!(one_safe_line(&format!("{raw:?}")), "{:?}", raw);
        }
    }

    #[test]
    fn a_decode_error_shows_any_body_and_content_type_on_one_line(
        body in hostile_text(),
        content_type in proptest::collection::vec(prop_oneof![Just(b'\t'), 0x20u8..0x7f, 0x80u8..=0xff], 0..40),
    ) {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_bytes(&content_type).unwrap(),
        );
        if let Err(error) = client::decode(StatusCode::BAD_GATEWAY, &headers, body.as_bytes()) {
            prop_assert!(one_safe_line(&error.to_string()), "{}", error);
            prop_assert!(one_safe_line(&format!("{error:?}")), "{:?}", error);
        }
    }

    #[test]
    fn an_accept_header_shows_on_one_line(header in hostile_text()) {
        let accept = errcat::format::Accept::new(&header);
        let shown = format!("{:?}", accept);
        prop_assert!(one_safe_line(&shown), "{}", shown);
        for range in accept.ranges() {
            let shown = format!("{:?}", range);
            prop_assert!(one_safe_line(&shown), "{}", shown);
        }
    }
}

#[test]
fn the_mutations_do_what_they_say() {
    let code = "GEN-1201-100001";
    assert_eq!(apply(code, &Miss::FlipCase(0)), "gEN-1201-100001");
    assert_eq!(apply(code, &Miss::DropDash(1)), "GEN-1201100001");
    assert_eq!(apply(code, &Miss::DoubleDash(0)), "GEN--1201-100001");
    assert_eq!(apply(code, &Miss::ExtraDigit(0, 7)), "GEN-71201-100001");
    assert_eq!(apply(code, &Miss::DropDigit(4)), "GEN-1201-00001");
    assert_eq!(
        apply(code, &Miss::LookAlikeDigit(0, 0)),
        "GEN-\u{FF11}201-100001"
    );
    assert_eq!(
        apply(code, &Miss::TrailingNoBreakSpace),
        "GEN-1201-100001\u{A0}"
    );
    assert_eq!(apply(code, &Miss::Truncate(3)), "GEN");
    for miss in [
        Miss::FlipCase(0),
        Miss::DropDash(0),
        Miss::LookAlikeDigit(3, 1),
        Miss::LeadingZeroWidthSpace,
    ] {
        assert!(apply(code, &miss).parse::<ErrorCode>().is_err(), "{miss:?}");
    }
}
