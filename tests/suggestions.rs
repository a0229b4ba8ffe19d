//! "Did you mean" through the parsers of generated catalogues: the same
//! suggestion as errcat-core's rule applied to every code (the reference),
//! on errcat's catalogue, a user crate's and the scale fixture's (of any
//! size, `ERRCAT_SCALE_CATALOGUE`), for typos of their codes and tokens and
//! for random text; and messages that stay short whatever a token's size.

use errcat::{CatalogueCode, CatalogueKind, ParseProblem};
use errcat_core::suggest::closest_by;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// `text` with a few edits: characters inserted, removed, replaced, or two
/// neighbours swapped, anywhere.
fn edited(text: &str, edits: &[(u8, usize, char)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(kind, at, with) in edits {
        let at = at % (chars.len() + 1);
        match kind % 4 {
            0 => chars.insert(at, with),
            1 if at < chars.len() => {
                chars.remove(at);
            }
            2 if at < chars.len() => chars[at] = with,
            3 if at + 1 < chars.len() => chars.swap(at, at + 1),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

fn edits() -> impl Strategy<Value = Vec<(u8, usize, char)>> {
    proptest::collection::vec(
        (
            any::<u8>(),
            any::<usize>(),
            prop_oneof![
                Just('0'),
                Just('1'),
                Just('9'),
                Just('A'),
                Just('z'),
                Just('-'),
                Just('_'),
            ],
        ),
        0..5,
    )
}

fn codes_suggest_as_the_rule<C: CatalogueCode>() {
    let all = C::all();
    let mut runner = TestRunner::new(Config::with_cases(300));
    let strategy = (
        any::<proptest::sample::Index>(),
        edits(),
        "[A-Za-z0-9 _-]{0,24}",
    );
    runner
        .run(&strategy, |(pick, edits, random)| {
            let near = edited(all[pick.index(all.len())].code(), &edits);
            for input in [near, random] {
                let Err(error) = C::parse_code(&input) else {
                    continue;
                };
                let expected = match error.problem() {
                    ParseProblem::Malformed | ParseProblem::Unknown => {
                        closest_by(error.input(), all.iter().map(|&code| (code.code(), code)))
                    }
                    _ => None,
                };
                prop_assert_eq!(error.suggestion(), expected, "{:?}", input);
                if let Some(code) = expected {
                    let shown = format!("; did you mean `{}`?", code.code());
                    prop_assert!(error.to_string().ends_with(&shown), "{}", error);
                }
            }
            Ok(())
        })
        .unwrap();
}

fn tokens_suggest_as_the_rule<K: CatalogueKind>() {
    let all = K::all();
    let mut runner = TestRunner::new(Config::with_cases(300));
    let strategy = (any::<proptest::sample::Index>(), edits());
    runner
        .run(&strategy, |(pick, edits)| {
            let input = edited(all[pick.index(all.len())].token(), &edits);
            let Err(error) = K::parse_token(&input) else {
                return Ok(());
            };
            let expected = match error.problem() {
                ParseProblem::Malformed | ParseProblem::Unknown => {
                    closest_by(error.input(), all.iter().map(|&kind| (kind.token(), kind)))
                }
                _ => None,
            };
            prop_assert_eq!(error.suggestion(), expected, "{:?}", input);
            Ok(())
        })
        .unwrap();
}

#[test]
fn accounts_suggest_as_the_rule() {
    codes_suggest_as_the_rule::<errcat::ErrorCode>();
    tokens_suggest_as_the_rule::<errcat::ErrorKind>();
}

#[test]
fn payments_suggest_as_the_rule() {
    codes_suggest_as_the_rule::<payments::errors::ErrorCode>();
    tokens_suggest_as_the_rule::<payments::errors::ErrorKind>();
}

#[test]
fn scale_suggests_as_the_rule() {
    codes_suggest_as_the_rule::<scale::one::ErrorCode>();
    tokens_suggest_as_the_rule::<scale::one::ErrorKind>();
}

/// A token given for a code names a few of its codes, not all of them: the
/// message of a token of ten thousand codes is as short as one of ten.
#[test]
fn a_token_for_a_code_lists_a_few_of_its_codes() {
    use scale::one::ErrorKind;
    for &kind in ErrorKind::all() {
        let error = scale::one::ErrorCode::parse_code(kind.token()).unwrap_err();
        let message = error.to_string();
        let codes = kind.codes();
        let listed: Vec<&str> = codes.iter().take(8).map(|code| code.code()).collect();
        let expected = format!(
            "`{}` is an error token, not a code: its codes are {}",
            kind.token(),
            listed.join(", ")
        );
        if codes.len() > 8 {
            assert_eq!(message, format!("{expected} and {} more", codes.len() - 8));
        } else {
            assert_eq!(message, expected);
        }
    }
    // The fixture's first token has twenty codes.
    assert!(ErrorKind::all()[0].codes().len() > 8);
}
