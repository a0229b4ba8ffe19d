//! The generated API, used the way a dependent crate uses it: every row
//! round-trips through parsing, status, kind, Display, JSON and serde.

use std::collections::HashSet;

use errcat::{ApiError, ErrorCode, ErrorKind, FillError, ParseProblem, table};
use http::StatusCode;
use percent_encoding::percent_decode_str;
use serde_json::Value;
use strum::{EnumCount, EnumMessage, IntoEnumIterator, VariantArray, VariantNames};

/// The rows of the published table (status, token, code), transcribed here
/// independently of errors.toml so that a slip in either shows.
const PUBLISHED: [(u16, &str, &str); 27] = [
    (400, "MISSING_INPUT", "GEN-1201-100001"),
    (400, "MISSING_INPUT", "GEN-1201-100002"),
    (400, "INVALID_INPUT", "GEN-1202-100001"),
    (400, "INVALID_INPUT", "GEN-1202-100002"),
    (401, "FAILED_SECURITY_VALIDATION", "GEN-1203-100003"),
    (401, "FAILED_SECURITY_VALIDATION", "GEN-1203-100008"),
    (401, "FAILED_SECURITY_VALIDATION", "GEN-1203-100009"),
    (401, "FAILED_SECURITY_VALIDATION", "GEN-1203-100010"),
    (401, "SCA_REQUIRED", "B14800ZZ-0PLC-REDRCT"),
    (403, "INVALID_TPP", "B14663ZZ-2100-000000"),
    (403, "INVALID_ACCOUNT", "B14800ZZ-3002-000000"),
    (403, "ACCESS_DENIED", "B14800ZZ-3004-000000"),
    (403, "CHANNEL_NOT_PERMITTED", "B14800ZZ-3007-000000"),
    (403, "ACCOUNT_NOT_SUPPORTED", "B14800ZZ-3008-000000"),
    (403, "NO_ACTIVE_CONSENT", "B14800ZZ-3013-000000"),
    (403, "ACCESS_DENIED", "B14800ZZ-3017-000000"),
    (403, "NO_ACTIVE_CONSENT", "B14765-2100-000000"),
    (404, "OTHER_API_ERRORS", "GEN-1206-100001"),
    (404, "OTHER_API_ERRORS", "GEN-1206-100002"),
    (404, "OTHER_API_ERRORS", "GEN-1206-100007"),
    (405, "OTHER_API_ERRORS", "GEN-1206-100003"),
    (406, "OTHER_API_ERRORS", "GEN-1206-100006"),
    (429, "API_USAGE_LIMIT_REACHED", "GEN-1205-100002"),
    (495, "FAILED_SECURITY_VALIDATION", "GEN-1203-100001"),
    (500, "OTHER_API_ERRORS", "GEN-1206-100004"),
    (500, "OTHER_API_ERRORS", "GEN-1206-100008"),
    (503, "SERVICE_UNAVAILABLE", "GEN-1204-100001"),
];

/// A value for every placeholder, with characters JSON must escape.
fn filled(code: ErrorCode) -> ApiError {
    let values = code
        .placeholders()
        .iter()
        .map(|name| (*name, format!("{name} \"quoted\" \\ tab\t")));
    ApiError::with_values(code, values).unwrap()
}

#[test]
fn the_catalogue_is_the_published_table_in_its_order() {
    assert_eq!(ErrorCode::ALL.len(), PUBLISHED.len());
    for (code, (status, token, text)) in ErrorCode::ALL.into_iter().zip(PUBLISHED) {
        assert_eq!(code.code(), text);
        assert_eq!(code.status().as_u16(), status, "{text}");
        assert_eq!(code.kind().token(), token, "{text}");
    }
}

#[test]
fn every_code_round_trips_through_its_text() {
    for code in ErrorCode::ALL {
        assert_eq!(code.code().parse::<ErrorCode>(), Ok(code));
        assert_eq!(ErrorCode::try_from(code.code()), Ok(code));
        assert_eq!(ErrorCode::from_code(code.code()), Some(code));
        assert_eq!(code.to_string(), code.code());
        assert_eq!(format!(" {}\t\n", code).parse::<ErrorCode>(), Ok(code));
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, format!("\"{}\"", code.code()));
        assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
    }
}

#[test]
fn every_token_round_trips_in_any_case() {
    for kind in ErrorKind::ALL {
        for text in [
            kind.token().to_owned(),
            kind.wire_token().to_owned(),
            kind.token().to_ascii_lowercase(),
            format!(" {} ", kind.wire_token()),
        ] {
            assert_eq!(text.parse::<ErrorKind>(), Ok(kind), "{text}");
        }
        assert_eq!(kind.wire_token(), kind.token().to_ascii_lowercase());
        assert_eq!(
            serde_json::to_string(&kind).unwrap(),
            format!("\"{}\"", kind.wire_token())
        );
        assert_eq!(
            serde_json::from_str::<ErrorKind>(&format!("\"{}\"", kind.token())).unwrap(),
            kind
        );
        for &code in kind.codes() {
            assert_eq!(code.kind(), kind);
        }
    }
    let with_codes: usize = ErrorKind::ALL.iter().map(|kind| kind.codes().len()).sum();
    assert_eq!(with_codes, ErrorCode::COUNT);
}

#[test]
fn every_body_parses_back_to_the_same_three_fields() {
    for code in ErrorCode::ALL {
        let error = filled(code);
        let body: Value = serde_json::from_str(&error.to_json()).unwrap();
        let object = body.as_object().unwrap();
        assert_eq!(object.len(), 3, "{body}");
        assert_eq!(body["error"], code.kind().wire_token());
        assert_eq!(body["error_code"], code.code());
        assert_eq!(body["error_description"], *error.description());
        // The fast writer and serde agree byte for byte.
        assert_eq!(error.to_json(), serde_json::to_string(&error).unwrap());
        // And a body appends to what the buffer already holds.
        let mut buffer = b"prefix:".to_vec();
        error.write_json(&mut buffer);
        assert_eq!(&buffer[7..], error.to_json().as_bytes());
    }
}

#[test]
fn every_description_is_filled_in_place() {
    for code in ErrorCode::ALL {
        let error = filled(code);
        let mut logged = code.description().to_owned();
        let mut sent = code.description().to_owned();
        let mut sent_public = code.description().to_owned();
        for name in code.placeholders() {
            let gap = format!("{{{name}}}");
            // Display is for logs: `\` and control characters escaped.
            logged = logged.replace(&gap, &format!("{name} \"quoted\" \\\\ tab\\t"));
            // The wire: percent-encoded into RFC 6749's set; the private
            // `reason` shows its published form (empty) until made public.
            let encoded = format!("{name} %22quoted%22 %5C tab%09");
            sent = sent.replace(&gap, if *name == "reason" { "" } else { &encoded });
            sent_public = sent_public.replace(&gap, &encoded);
        }
        assert_eq!(error.to_string(), logged);
        assert_eq!(error.description(), sent);
        assert_eq!(error.clone().mark_public().description(), sent_public);
        assert_eq!(error.status(), code.status());
        assert_eq!(error.kind(), code.kind());
        assert!(!error.to_string().contains('{'));
    }
}

#[test]
fn typed_constructors_take_one_argument_per_placeholder() {
    let error = ApiError::missing_header_input("Request-ID");
    assert_eq!(error.code(), ErrorCode::MissingHeaderInput);
    assert_eq!(
        error.to_string(),
        "Missing required header input 'Request-ID'"
    );
    assert_eq!(
        error.to_json(),
        r#"{"error":"missing_input","error_code":"GEN-1201-100001","error_description":"Missing required header input 'Request-ID'"}"#
    );
    let error = ApiError::internal_error_with_reason(String::from("ledger down"));
    assert_eq!(
        error.to_string(),
        "Internal error occurred with reason : ledger down"
    );
    let error = ApiError::sca_required();
    assert_eq!(error.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error.values().count(), 0);
}

#[test]
fn the_dynamic_constructor_refuses_wrong_values() {
    let code = ErrorCode::MissingHeaderInput;
    assert_eq!(
        ApiError::new(code),
        Err(FillError::Missing {
            code,
            placeholder: "input"
        })
    );
    assert_eq!(
        ApiError::with_values(code, [("input", "a"), ("input", "b")]),
        Err(FillError::Duplicate {
            code,
            placeholder: "input"
        })
    );
    let unknown = ApiError::with_values(ErrorCode::InvalidJwt, [("input", "x")]).unwrap_err();
    assert_eq!(
        unknown.to_string(),
        "GEN-1203-100010 has no placeholder `input`: expected no values"
    );
    assert_eq!(
        ApiError::with_values(code, [("input", "Request-ID")]),
        Ok(ApiError::missing_header_input("Request-ID"))
    );
}

#[test]
fn the_detail_stays_out_of_the_response() {
    let error = ApiError::internal_error().with_detail("SELECT * FROM accounts failed");
    assert_eq!(error.detail(), Some("SELECT * FROM accounts failed"));
    assert!(!error.to_json().contains("SELECT"));
    assert!(!error.to_string().contains("SELECT"));
    assert!(format!("{error:?}").contains("SELECT"));
    let as_error: &dyn std::error::Error = &error;
    assert_eq!(as_error.to_string(), "Internal error occurred");
}

#[test]
fn bodies_stay_valid_json_whatever_the_values_hold() {
    let nasty = [
        "",
        "\"",
        "\\",
        "\u{0}\u{1}\u{1f}\u{7f}",
        "line\nbreak\r\n",
        "\u{2028}\u{2029}",
        "é ü 漢字 🦀",
        "</script><script>alert(1)</script>",
        "'}{\"error\":\"x\"}",
    ];
    for value in nasty {
        let error = ApiError::missing_header_input(value);
        let body: Value = serde_json::from_str(&error.to_json()).unwrap();
        let description = body["error_description"].as_str().unwrap();
        assert!(description.bytes().all(in_rfc6749_set), "{description:?}");
        let sent = description
            .strip_prefix("Missing required header input '")
            .and_then(|rest| rest.strip_suffix('\''))
            .unwrap();
        assert_eq!(percent_decode_str(sent).decode_utf8().unwrap(), value);
        assert_eq!(error.to_json(), serde_json::to_string(&error).unwrap());
        // One log line, whatever the value.
        assert!(
            !error
                .to_string()
                .contains(['\n', '\r', '\u{2028}', '\u{2029}'])
        );
    }
    let long = "x".repeat(64 * 1024);
    let body: Value =
        serde_json::from_str(&ApiError::not_acceptable(long.clone()).to_json()).unwrap();
    let description = body["error_description"].as_str().unwrap();
    let sent = description
        .strip_prefix("Server can not return the response In the format mentioned in the request. Supported type is: '")
        .and_then(|rest| rest.strip_suffix('\''))
        .unwrap();
    assert_eq!(sent.len(), ApiError::MAX_WIRE_VALUE);
    assert_eq!(
        percent_decode_str(sent).decode_utf8().unwrap(),
        format!("{}…", &long[..ApiError::MAX_WIRE_VALUE - 9])
    );
}

/// RFC 6749 §5.2: `error_description` is `%x20-21 / %x23-5B / %x5D-7E`.
fn in_rfc6749_set(byte: u8) -> bool {
    matches!(byte, 0x20..=0x21 | 0x23..=0x5B | 0x5D..=0x7E)
}

#[test]
fn parse_errors_say_what_is_wrong_and_suggest_the_nearest_code() {
    let cases: [(&str, ParseProblem, Option<ErrorCode>, &str); 7] = [
        (
            "GEN-1203-10003",
            ParseProblem::Unknown,
            Some(ErrorCode::InvalidAccessToken),
            "unknown error code `GEN-1203-10003`; did you mean `GEN-1203-100003`?",
        ),
        (
            "gen-1203-100003",
            ParseProblem::Malformed,
            Some(ErrorCode::InvalidAccessToken),
            "`gen-1203-100003` is not an error code: expected uppercase letters and digits in groups joined by `-`; did you mean `GEN-1203-100003`?",
        ),
        (
            "GEN-1201-1000011",
            ParseProblem::Unknown,
            Some(ErrorCode::MissingHeaderInput),
            "unknown error code `GEN-1201-1000011`; did you mean `GEN-1201-100001`?",
        ),
        (
            "XYZ-0000-000000",
            ParseProblem::Unknown,
            None,
            "unknown error code `XYZ-0000-000000`",
        ),
        (
            "",
            ParseProblem::Empty,
            None,
            "empty error code: expected a code such as `GEN-1201-100001`",
        ),
        (
            "MISSING_INPUT",
            ParseProblem::IsToken(ErrorKind::MissingInput),
            None,
            "`MISSING_INPUT` is an error token, not a code: its codes are GEN-1201-100001, GEN-1201-100002",
        ),
        (
            "GEN-1203-100003 trailing",
            ParseProblem::Malformed,
            None,
            "`GEN-1203-100003 trailing` is not an error code: expected uppercase letters and digits in groups joined by `-`",
        ),
    ];
    for (input, problem, suggestion, message) in cases {
        let error = input.parse::<ErrorCode>().unwrap_err();
        assert_eq!(error.problem(), problem, "{input}");
        assert_eq!(error.suggestion(), suggestion, "{input}");
        assert_eq!(error.to_string(), message);
    }
    let error = "GEN-1203-100003".parse::<ErrorKind>().unwrap_err();
    assert_eq!(
        error.problem(),
        ParseProblem::IsCode(ErrorCode::InvalidAccessToken)
    );
    assert_eq!(
        error.to_string(),
        "`GEN-1203-100003` is an error code, not a token: its token is `FAILED_SECURITY_VALIDATION`"
    );
    let error = serde_json::from_str::<ErrorCode>("\"GEN-1203-10003\"").unwrap_err();
    assert!(
        error
            .to_string()
            .contains("did you mean `GEN-1203-100003`?")
    );
}

#[test]
fn near_misses_never_parse() {
    for code in ErrorCode::ALL {
        let text = code.code();
        let near = [
            format!("X{text}"),
            format!("{text}1"),
            text[..text.len() - 1].to_owned(),
            text.to_ascii_lowercase(),
            text.replacen('-', "", 1),
            text.replacen('-', "--", 1),
            format!("{text}\u{a0}x"),
        ];
        for miss in near {
            assert_eq!(ErrorCode::from_code(&miss), None, "{miss}");
            assert!(miss.parse::<ErrorCode>().is_err(), "{miss}");
        }
    }
    // Huge input is rejected without being kept whole.
    let huge = "G".repeat(1 << 20);
    let error = huge.parse::<ErrorCode>().unwrap_err();
    assert_eq!(error.input().len(), 64);
}

#[test]
fn strum_traits_come_from_the_tables() {
    assert_eq!(<ErrorCode as EnumCount>::COUNT, 27);
    assert_eq!(<ErrorCode as VariantArray>::VARIANTS, ErrorCode::ALL);
    assert_eq!(ErrorCode::iter().collect::<Vec<_>>(), ErrorCode::ALL);
    assert_eq!(<ErrorCode as VariantNames>::VARIANTS[4], "GEN-1203-100003");
    let text: &'static str = ErrorCode::ScaRequired.into();
    assert_eq!(text, "B14800ZZ-0PLC-REDRCT");
    assert_eq!(ErrorCode::ScaRequired.as_ref(), "B14800ZZ-0PLC-REDRCT");
    assert_eq!(ErrorCode::InvalidJwt.get_message(), Some("Invalid JWT"));
    assert_eq!(ErrorCode::AccountNotEnrolled.get_detailed_message(), None);
    assert_eq!(
        ErrorCode::InvalidJwt.get_serializations(),
        ["GEN-1203-100010"]
    );
    assert_eq!(<ErrorKind as EnumCount>::COUNT, 13);
    assert_eq!(ErrorKind::iter().count(), 13);
    assert_eq!(<ErrorKind as VariantNames>::VARIANTS[0], "MISSING_INPUT");
}

#[test]
fn codes_are_values_a_map_can_hold() {
    let set: HashSet<ErrorCode> = ErrorCode::ALL.into_iter().collect();
    assert_eq!(set.len(), 27);
    let mut sorted = ErrorCode::ALL;
    sorted.reverse();
    sorted.sort();
    assert_eq!(sorted, ErrorCode::ALL, "Ord follows the catalogue's order");
    for pair in ErrorCode::ALL.windows(2) {
        assert!(pair[0] < pair[1] && pair[0] != pair[1], "{pair:?}");
    }
    let kinds: HashSet<ErrorKind> = ErrorKind::ALL.into_iter().collect();
    assert_eq!(kinds.len(), 13);
    let mut sorted = ErrorKind::ALL;
    sorted.reverse();
    sorted.sort();
    assert_eq!(sorted, ErrorKind::ALL, "Ord follows the catalogue's order");
    assert_eq!(
        format!("{:?}", ErrorCode::InvalidAccessToken),
        "InvalidAccessToken"
    );
    assert_eq!(
        format!("{:>17}|", ErrorCode::InvalidAccessToken),
        "  GEN-1203-100003|"
    );
}

#[test]
fn the_catalogue_keeps_the_published_wording() {
    assert_eq!(
        ErrorCode::ChannelNotPermitted.description(),
        "This account can not be consultated via electronical channel."
    );
    assert_eq!(
        ErrorCode::InvalidSecurityParameters.description(),
        "Validation failed for security related parameters"
    );
    assert!(!ErrorCode::ScaRequired.scenario().ends_with('"'));
    for code in ErrorCode::ALL {
        assert!(
            code.description()
                .chars()
                .all(|c| matches!(c, ' '..='~') && c != '"' && c != '\\'),
            "{code} leaves the RFC 6749 character set"
        );
    }
}

#[test]
fn tables_render_every_row() {
    let markdown = table::markdown(&ErrorCode::ALL);
    let lines: Vec<&str> = markdown.lines().collect();
    assert_eq!(lines.len(), 2 + 27);
    assert_eq!(
        lines[0],
        "| HTTP status | Error | Error-code | Error-description | Scenario |"
    );
    for (line, code) in lines[2..].iter().zip(ErrorCode::ALL) {
        assert!(line.starts_with(&format!(
            "| {} | `{}` | `{}` |",
            code.status().as_u16(),
            code.kind().token(),
            code.code()
        )));
        // Five cells: the escaping keeps `|` inside a cell from splitting it.
        assert_eq!(line.matches(" | ").count() + 2, 6, "{line}");
    }
    assert!(
        markdown
            .contains("if Belfius end point is used.<br>Request received with non-Banx account")
    );

    let json: Value = serde_json::from_str(&table::json(&ErrorCode::ALL)).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 27);
    for (row, code) in rows.iter().zip(ErrorCode::ALL) {
        assert_eq!(row["status"], code.status().as_u16());
        assert_eq!(row["error"], code.kind().token());
        assert_eq!(row["code"], code.code());
        assert_eq!(row["description"], code.description());
        assert_eq!(row["scenario"], code.scenario());
        assert_eq!(row["placeholders"], serde_json::json!(code.placeholders()));
    }
}
