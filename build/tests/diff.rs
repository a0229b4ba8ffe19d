//! The engine of `errcat diff` and of errcat's guard on published codes:
//! one case per rule, each with its class and its message.

use errcat_build::diff::{Change, Class, Published, Rule, diff, next_snapshot, snapshot};

/// A change as people read it: its class and its message (the rule is
/// checked separately, by [`rules`]).
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    class: Class,
    message: String,
}

fn breaking(message: String) -> Seen {
    Seen {
        class: Class::Breaking,
        message,
    }
}

/// A change that is not breaking: compatible, or wire text for a new
/// description (its own class, checked by its own test).
fn recorded(message: String) -> Seen {
    Seen {
        class: if message.contains("has a new description") {
            Class::WireText
        } else {
            Class::Compatible
        },
        message,
    }
}

fn diff_seen(old: &[Published], new: &[Published]) -> Vec<Seen> {
    diff(old, new)
        .into_iter()
        .map(|Change { class, message, .. }| Seen { class, message })
        .collect()
}

fn rules(old: &[Published], new: &[Published]) -> Vec<(Class, &'static str)> {
    diff(old, new)
        .into_iter()
        .map(|change| (change.class, change.rule.name()))
        .collect()
}

fn entry(code: &str, token: &str, status: u16, description: &str) -> Published {
    Published::new(code, token, status, description)
}

fn missing_input() -> Published {
    entry(
        "GEN-1201-100001",
        "MISSING_INPUT",
        400,
        "Missing required header input '{input}'",
    )
}

fn invalid_token() -> Published {
    entry(
        "GEN-1203-100003",
        "FAILED_SECURITY_VALIDATION",
        401,
        "Invalid access token",
    )
}

#[test]
fn nothing_changed_is_no_change() {
    let published = [missing_input(), invalid_token()];
    assert_eq!(diff_seen(&published, &published), []);
}

#[test]
fn a_removed_code_is_breaking_and_asks_for_a_deprecation() {
    assert_eq!(
        diff_seen(&[missing_input(), invalid_token()], &[invalid_token()]),
        [breaking(
            "`GEN-1201-100001` (400 MISSING_INPUT) was removed: logs, clients and servers still carry it; keep its row and mark it `deprecated = \"what to use instead\"` rather than deleting it".to_owned()
        )]
    );
}

#[test]
fn a_renumbered_code_is_named_as_such() {
    let mut renumbered = missing_input();
    renumbered.code = "GEN-1201-100009".to_owned();
    assert_eq!(
        diff_seen(&[missing_input(), invalid_token()], &[renumbered, invalid_token()]),
        [breaking(
            "`GEN-1201-100001` looks renumbered from `GEN-1201-100001` to `GEN-1201-100009` (same token `MISSING_INPUT` and description \"Missing required header input '{input}'\"): a published code keeps its number; restore `GEN-1201-100001`, and if `GEN-1201-100009` is to replace it, keep both and mark `GEN-1201-100001` `deprecated`".to_owned()
        )]
    );
}

#[test]
fn a_new_status_is_breaking() {
    let mut changed = invalid_token();
    changed.status = 403;
    assert_eq!(
        diff_seen(&[invalid_token()], &[changed]),
        [breaking(
            "`GEN-1203-100003` changed its status from 401 to 403: clients branch on the status"
                .to_owned()
        )]
    );
}

#[test]
fn a_new_token_is_breaking() {
    let mut changed = invalid_token();
    changed.token = "ACCESS_DENIED".to_owned();
    assert_eq!(
        diff_seen(&[invalid_token()], &[changed]),
        [breaking(
            "`GEN-1203-100003` changed its error token from `FAILED_SECURITY_VALIDATION` to `ACCESS_DENIED`: clients branch on the token".to_owned()
        )]
    );
}

#[test]
fn a_gained_placeholder_is_breaking() {
    let changed = entry(
        "GEN-1201-100001",
        "MISSING_INPUT",
        400,
        "Missing required header input '{input}' ({reason})",
    );
    assert_eq!(
        diff_seen(&[missing_input()], &[changed]),
        [
            breaking(
                "`GEN-1201-100001` gained the placeholder `{reason}`: servers that build it must now pass a value; add a new code for the new text instead".to_owned()
            ),
            recorded(
                "`GEN-1201-100001` has a new description: \"Missing required header input '{input}'\" becomes \"Missing required header input '{input}' ({reason})\"; clients that match the text will see it".to_owned()
            ),
        ]
    );
}

#[test]
fn a_lost_placeholder_is_breaking() {
    let changed = entry(
        "GEN-1201-100001",
        "MISSING_INPUT",
        400,
        "Missing required header input",
    );
    let changes = diff_seen(&[missing_input()], &[changed]);
    assert_eq!(
        changes[0],
        breaking(
            "`GEN-1201-100001` lost the placeholder `{input}`: servers that pass it no longer build and clients that read it find nothing; add a new code for the new text instead".to_owned()
        )
    );
    assert_eq!(changes.len(), 2, "{changes:#?}");
}

#[test]
fn reordered_placeholders_are_breaking() {
    let before = entry("X-1", "BAD", 400, "{a} then {b}");
    let after = entry("X-1", "BAD", 400, "{b} then {a}");
    assert_eq!(
        diff_seen(&[before], &[after])[0],
        breaking(
            "`X-1` reorders its placeholders from `{a}`, `{b}` to `{b}`, `{a}`: its constructor takes them in that order, so existing calls would swap their values silently".to_owned()
        )
    );
}

#[test]
fn a_new_code_is_recorded() {
    assert_eq!(
        diff_seen(&[missing_input()], &[missing_input(), invalid_token()]),
        [recorded(
            "`GEN-1203-100003` is new (401 FAILED_SECURITY_VALIDATION)".to_owned()
        )]
    );
}

#[test]
fn a_deprecation_is_fine_and_recorded() {
    let mut deprecated = invalid_token();
    deprecated.deprecated = true;
    assert_eq!(
        diff_seen(&[invalid_token()], std::slice::from_ref(&deprecated)),
        [recorded(
            "`GEN-1203-100003` is now deprecated: fine, it still parses, renders and decodes"
                .to_owned()
        )]
    );
    assert_eq!(
        diff_seen(&[deprecated], &[invalid_token()]),
        [recorded(
            "`GEN-1203-100003` is no longer deprecated".to_owned()
        )]
    );
}

fn tombstone(entry: Published) -> Published {
    Published {
        removed: true,
        ..entry
    }
}

#[test]
fn a_code_removed_on_purpose_stays_as_a_tombstone() {
    let snapshot = [missing_input(), invalid_token()];
    let current = [invalid_token()];
    let next = next_snapshot(&snapshot, &current);
    assert_eq!(next, [invalid_token(), tombstone(missing_input())]);
    assert_eq!(
        snapshot::parse(&snapshot::render("", &next)),
        Ok(next.clone())
    );
    assert!(snapshot::render("", &next).ends_with("removed = true\n"));
    // Once accepted, its absence is no longer a change, and the tombstone stays.
    assert_eq!(diff_seen(&next, &current), []);
    assert_eq!(next_snapshot(&next, &current), next);
}

#[test]
fn a_removed_code_is_never_reused() {
    let snapshot = [invalid_token(), tombstone(missing_input())];
    let reused = entry("GEN-1201-100001", "INVALID_INPUT", 400, "Invalid input");
    assert_eq!(
        diff_seen(&snapshot, &[invalid_token(), reused]),
        [breaking(
            "`GEN-1201-100001` was removed on purpose (400 MISSING_INPUT) and is now reused (400 INVALID_INPUT): old logs and clients would read the new error as the old one; give the new row a code of its own".to_owned()
        )]
    );
}

#[test]
fn a_removed_code_may_come_back_with_its_meaning() {
    let snapshot = [invalid_token(), tombstone(missing_input())];
    let current = [invalid_token(), missing_input()];
    assert_eq!(
        diff_seen(&snapshot, &current),
        [recorded(
            "`GEN-1201-100001` is back, with the status, token and placeholders it was published with".to_owned()
        )]
    );
    assert_eq!(next_snapshot(&snapshot, &current), current);
}

#[test]
fn a_renumbered_code_accepted_on_purpose_keeps_its_old_number_reserved() {
    let mut renumbered = missing_input();
    renumbered.code = "GEN-1201-100009".to_owned();
    let next = next_snapshot(&[missing_input()], std::slice::from_ref(&renumbered));
    assert_eq!(next, [renumbered, tombstone(missing_input())]);
}

#[test]
fn every_rule_has_its_class_and_name() {
    let old = [missing_input(), invalid_token()];
    let mut reworded = invalid_token();
    reworded.description = "The access token is invalid".to_owned();
    assert_eq!(
        rules(&old, &[missing_input(), reworded]),
        [(Class::WireText, "description-changed")]
    );
    let mut with_scenario = invalid_token();
    with_scenario.scenario = Some("The token expired".to_owned());
    with_scenario.docs = Some("https://example.com/a".to_owned());
    let mut rescenario = with_scenario.clone();
    rescenario.scenario = Some("The token is unknown".to_owned());
    rescenario.docs = Some("https://example.com/b".to_owned());
    assert_eq!(
        rules(&[with_scenario.clone()], &[rescenario]),
        [
            (Class::Compatible, "scenario-changed"),
            (Class::Compatible, "docs-changed")
        ]
    );
    // A snapshot does not record scenarios: no change is seen against one.
    assert_eq!(rules(&[invalid_token()], &[with_scenario]), []);
    let mut renumbered = missing_input();
    renumbered.code = "GEN-1201-100009".to_owned();
    assert_eq!(
        rules(&old, &[renumbered, invalid_token()]),
        [(Class::Breaking, "code-renumbered")]
    );
    assert_eq!(
        rules(&old, &[invalid_token()]),
        [(Class::Breaking, "code-removed")]
    );
    let reused = entry("GEN-1201-100001", "INVALID_INPUT", 400, "Invalid input");
    assert_eq!(
        rules(
            &[invalid_token(), tombstone(missing_input())],
            &[invalid_token(), reused]
        ),
        [(Class::Breaking, "code-reused")]
    );
    let every = [
        Rule::CodeRemoved,
        Rule::CodeRenumbered,
        Rule::CodeReused,
        Rule::StatusChanged,
        Rule::TokenChanged,
        Rule::PlaceholderAdded,
        Rule::PlaceholderRemoved,
        Rule::PlaceholdersReordered,
        Rule::DescriptionChanged,
        Rule::CodeAdded,
        Rule::CodeRestored,
        Rule::CodeDeprecated,
        Rule::CodeUndeprecated,
        Rule::ScenarioChanged,
        Rule::DocsChanged,
    ];
    let breaking = every
        .iter()
        .filter(|rule| rule.class() == Class::Breaking)
        .count();
    assert_eq!(breaking, 8);
    let names: std::collections::HashSet<&str> = every.iter().map(|rule| rule.name()).collect();
    assert_eq!(names.len(), every.len());
}

#[test]
fn texts_from_the_files_are_escaped_in_messages() {
    let old = [entry("X-1", "BAD\u{1b}[2J", 400, "a")];
    let new = [entry("X-1", "WORSE\u{7}", 400, "a")];
    let changes = diff(&old, &new);
    assert_eq!(changes.len(), 1);
    assert!(
        !changes[0].message.chars().any(char::is_control),
        "{:?}",
        changes[0].message
    );
    assert!(changes[0].message.contains(r"BAD\u{1b}[2J"));
}

#[test]
fn a_malformed_snapshot_is_placed_and_nothing_is_lost() {
    let text = "[[code]]\ncode = \"A-1\"\ntoken = \"BAD\"\nstatus = \"400\"\nplaceholders = []\ndeprecated = false\ndescripton = \"x\"\n\n[[cdoe]]\n";
    let diagnostics = snapshot::parse(text).unwrap_err();
    let messages: Vec<(usize, &str, Option<&str>)> = diagnostics
        .iter()
        .map(|diagnostic| {
            (
                diagnostic.line_col(text).0,
                diagnostic.message.as_str(),
                diagnostic.suggestion.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        messages,
        [
            (
                1,
                "a `[[code]]` table has no `description`: expected a string",
                None
            ),
            (
                4,
                "`status` is not an HTTP status from 100 to 999: expected an HTTP status from 100 to 999",
                None
            ),
            (
                7,
                "unknown key `descripton` in a `[[code]]` table: expected one of `code`, `token`, `status`, `placeholders`, `deprecated`, `description`, `berlin_group`, `reason`, `removed`; did you mean `description`?",
                Some("description")
            ),
            (
                9,
                "unknown key `cdoe` in a snapshot: expected `[[code]]` tables; did you mean `code`?",
                Some("code")
            ),
        ]
    );
    assert!(snapshot::parse("not toml = = 1").is_err());
}

#[test]
fn a_changed_berlin_group_code_or_reason_is_breaking_and_a_new_one_is_not() {
    let mut old = missing_input();
    old.berlin_group = Some("FORMAT_ERROR".to_owned());
    old.reason = Some("MISSING_HEADER_INPUT".to_owned());
    let mut new = old.clone();
    new.berlin_group = Some("PARAMETER_NOT_CONSISTENT".to_owned());
    new.reason = Some("NO_HEADER".to_owned());
    assert_eq!(
        rules(&[old.clone()], &[new]),
        [
            (Class::Breaking, "berlin-group-changed"),
            (Class::Breaking, "reason-changed")
        ]
    );
    // A row that gains a message code (its API now speaks the Berlin
    // Group's format) or a side that does not record the facts: nothing.
    let mut before = old.clone();
    before.berlin_group = None;
    before.reason = None;
    assert!(diff(&[before], &[old.clone()]).is_empty());
    let mut changed = old.clone();
    changed.berlin_group = Some("RESOURCE_UNKNOWN".to_owned());
    let message = &diff(&[old], &[changed])[0].message;
    assert_eq!(
        message,
        "`GEN-1201-100001` changed its NextGenPSD2 message code from `FORMAT_ERROR` to `RESOURCE_UNKNOWN`: TPP clients branch on it"
    );
}

#[test]
fn a_snapshot_records_the_message_code_and_the_reason() {
    let mut code = missing_input();
    code.berlin_group = Some("FORMAT_ERROR".to_owned());
    code.reason = Some("MISSING_HEADER_INPUT".to_owned());
    let text = snapshot::render("# header\n", std::slice::from_ref(&code));
    assert!(
        text.contains("berlin_group = \"FORMAT_ERROR\"\nreason = \"MISSING_HEADER_INPUT\"\n"),
        "{text}"
    );
    let read = snapshot::parse(&text).unwrap();
    assert_eq!(read[0].berlin_group, code.berlin_group);
    assert_eq!(read[0].reason, code.reason);
}

#[test]
fn formats_removed_or_a_new_default_are_breaking_formats_added_compatible() {
    let names = |names: &[&str]| {
        names
            .iter()
            .map(|name| (*name).to_owned())
            .collect::<Vec<_>>()
    };
    let classes = |old: &[&str], new: &[&str]| {
        errcat_build::diff::formats(&names(old), &names(new))
            .into_iter()
            .map(|change| (change.class, change.rule.name()))
            .collect::<Vec<_>>()
    };
    assert!(classes(&["oauth", "problem"], &["oauth", "problem"]).is_empty());
    assert_eq!(
        classes(&["oauth", "problem"], &["oauth", "problem", "aip-193"]),
        [(Class::Compatible, "format-added")]
    );
    assert_eq!(
        classes(&["oauth", "problem"], &["oauth"]),
        [(Class::Breaking, "format-removed")]
    );
    assert_eq!(
        classes(&["oauth", "problem"], &["problem", "oauth"]),
        [(Class::Breaking, "default-format-changed")]
    );
    assert_eq!(Rule::FormatAdded.class(), Class::Compatible);
}
