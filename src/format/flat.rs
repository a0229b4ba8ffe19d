//! A one-pass reader of the flat JSON objects servers send as error
//! bodies, for the formats whose body is one: no serde, no allocation,
//! strings borrowed from the body. Anything else (nesting, escapes, a
//! wanted member twice) makes it give up, and the format reads the body
//! with serde instead, which a property test and the fuzz corpus hold it
//! to.

/// The string values of the members `names` of `body`, when `body` is a
/// flat JSON object whose strings have no escapes and whose values are
/// strings, numbers, `true`, `false` or `null`, and no member of `names`
/// is there twice or has a value that is not a string or `null` (a missing
/// member and `null` both read as `None`). `None` for anything else.
pub(crate) fn members<'b, const N: usize>(
    body: &'b [u8],
    names: [&str; N],
) -> Option<[Option<&'b str>; N]> {
    // Validated once, whole: the strings are then slices of it.
    let mut json = Scanner {
        text: std::str::from_utf8(body).ok()?,
        bytes: body,
        at: 0,
    };
    json.space();
    json.expect(b'{')?;
    json.space();
    let mut found: [Option<Value<'b>>; N] = [None; N];
    if json.peek() == Some(b'}') {
        json.at += 1;
    } else {
        loop {
            let key = json.string()?;
            json.space();
            json.expect(b':')?;
            json.space();
            let value = json.value()?;
            if let Some(at) = names.iter().position(|name| *name == key) {
                if found[at].replace(value).is_some() {
                    // serde refuses a duplicate member.
                    return None;
                }
            }
            json.space();
            match json.next()? {
                b',' => json.space(),
                b'}' => break,
                _ => return None,
            }
        }
    }
    json.space();
    if json.at != body.len() {
        return None;
    }
    let mut texts = [None; N];
    for (text, value) in texts.iter_mut().zip(found) {
        *text = match value {
            None | Some(Value::Null) => None,
            Some(Value::Text(value)) => Some(value),
            Some(Value::Other) => return None,
        };
    }
    Some(texts)
}

/// What a member of a body a format reads with serde must hold, for
/// [`rules_out`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A string, or `null` when the member is optional.
    Text,
    /// An object.
    Object,
    /// An array.
    Array,
}

/// A member a format's serde struct reads: its name, its kind and whether
/// the struct requires it.
pub(crate) type Wanted<'a> = (&'a str, Kind, bool);

/// Whether `body` is certainly not read by a serde struct with the members
/// `wanted`: it is an object in which a required member is missing, or in
/// which a wanted member holds a value of another kind. Skims the body
/// without validating it, which is enough: a body that is not JSON is not
/// read by serde either, and for one that is, the skim finds its members
/// exactly. `false` whenever it cannot tell (an escape in a key, a body
/// whose top level is not an object, anything unexpected), so that a
/// format reads the body with serde then, and only then. Lets a format
/// turn away another format's body without a serde pass.
pub(crate) fn rules_out(body: &[u8], wanted: &[Wanted<'_>]) -> bool {
    let Ok(text) = std::str::from_utf8(body) else {
        return false;
    };
    let mut json = Scanner {
        text,
        bytes: body,
        at: 0,
    };
    json.space();
    if json.next() != Some(b'{') {
        return false;
    }
    // At most 64 members are told apart: more are never wanted.
    let mut seen = 0u64;
    let all = if wanted.len() >= 64 {
        return false;
    } else {
        (1u64 << wanted.len()) - 1
    };
    json.space();
    if json.peek() == Some(b'}') {
        return wanted.iter().any(|&(_, _, required)| required);
    }
    loop {
        let Some(key) = json.string() else {
            return false;
        };
        json.space();
        if json.next() != Some(b':') {
            return false;
        }
        json.space();
        let Some(first) = json.peek() else {
            return false;
        };
        if let Some(at) = wanted.iter().position(|(name, _, _)| *name == key) {
            let (_, kind, required) = wanted[at];
            let fits = match first {
                b'"' => kind == Kind::Text,
                b'{' => kind == Kind::Object,
                b'[' => kind == Kind::Array,
                b'n' => !required && kind == Kind::Text,
                _ => false,
            };
            if !fits {
                // serde refuses a value of another kind, optional or not.
                return true;
            }
            seen |= 1 << at;
            if seen == all {
                return false;
            }
        }
        if json.skim().is_none() {
            return false;
        }
        json.space();
        match json.next() {
            Some(b',') => json.space(),
            Some(b'}') => break,
            _ => return false,
        }
    }
    wanted
        .iter()
        .enumerate()
        .any(|(at, &(_, _, required))| required && seen & (1 << at) == 0)
}

/// A JSON value of a member, as [`members`] reads it.
#[derive(Clone, Copy)]
enum Value<'a> {
    /// A string without escapes.
    Text(&'a str),
    Null,
    /// A number, `true` or `false`: valid, and not a string.
    Other,
}

/// A cursor over a JSON text, for [`members`].
struct Scanner<'a> {
    text: &'a str,
    /// `text`'s bytes.
    bytes: &'a [u8],
    at: usize,
}

/// The high bit of each byte of `word` that is `"`, `\` or a control
/// character; exact up to the lowest one set (the borrows of the
/// subtractions only reach bytes above a byte that is one).
#[inline(always)]
pub(crate) fn string_ends(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let zero = |word: u64| word.wrapping_sub(ONES) & !word;
    let control = word.wrapping_sub(ONES * 0x20) & !word;
    (zero(quote) | zero(backslash) | control) & HIGH
}

impl<'a> Scanner<'a> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    #[inline]
    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    #[inline]
    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }

    /// Skips JSON's whitespace: space, tab, line feed, carriage return.
    #[inline]
    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// A string without escapes or control characters, read eight bytes at
    /// a time.
    #[inline]
    fn string(&mut self) -> Option<&'a str> {
        self.expect(b'"')?;
        let start = self.at;
        let mut at = start;
        let end = loop {
            match self.bytes.get(at..at + 8) {
                Some(chunk) => {
                    let mut word = [0u8; 8];
                    word.copy_from_slice(chunk);
                    let ends = string_ends(u64::from_le_bytes(word));
                    if ends == 0 {
                        at += 8;
                        continue;
                    }
                    at += (ends.trailing_zeros() / 8) as usize;
                }
                None => {
                    while !matches!(self.bytes.get(at)?, b'"' | b'\\' | 0..0x20) {
                        at += 1;
                    }
                }
            }
            break at;
        };
        if self.bytes[end] != b'"' {
            return None;
        }
        self.at = end + 1;
        self.text.get(start..end)
    }

    /// Skips a value without validating it: a string (escapes and all),
    /// an object or array to its matching bracket, or anything else up to
    /// the next `,`, `}`, `]` or whitespace. `None` at the end of the text.
    fn skim(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                b'"' => loop {
                    match self.next()? {
                        b'\\' => {
                            self.next()?;
                        }
                        b'"' => break,
                        _ => {}
                    }
                },
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth > 0 => depth -= 1,
                b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' if depth == 0 => {
                    // The end of a scalar: the byte is the caller's.
                    self.at -= 1;
                    return Some(());
                }
                _ => {}
            }
            if depth == 0 && matches!(self.bytes.get(self.at - 1), Some(b'"' | b'}' | b']')) {
                return Some(());
            }
        }
    }

    fn value(&mut self) -> Option<Value<'a>> {
        match self.peek()? {
            b'"' => self.string().map(Value::Text),
            b'n' => self.word(b"null").map(|()| Value::Null),
            b't' => self.word(b"true").map(|()| Value::Other),
            b'f' => self.word(b"false").map(|()| Value::Other),
            b'-' | b'0'..=b'9' => self.number().map(|()| Value::Other),
            _ => None,
        }
    }

    fn word(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word).then(|| self.at = end)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    fn number(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => self.digits(0)?,
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.digits(1)?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.digits(1)?;
        }
        Some(())
    }

    /// Skips digits; `None` when there are fewer than `least`.
    fn digits(&mut self, least: usize) -> Option<()> {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        (self.at - start >= least).then_some(())
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use serde::Deserialize;

    use super::*;
    use crate::{ApiError, ErrorCode};

    /// The members the OAuth-style body and the problem document are read
    /// by.
    const NAMES: [&str; 4] = ["error", "error_code", "error_description", "detail"];

    type Read = Option<[Option<String>; 4]>;

    fn flat(body: &[u8]) -> Read {
        members(body, NAMES).map(|found| found.map(|text| text.map(str::to_owned)))
    }

    /// The same members as serde_json reads them into a derived struct:
    /// the reference the one-pass reader must agree with.
    fn serde_members(body: &[u8]) -> Read {
        #[derive(Deserialize)]
        struct Body<'a> {
            #[serde(borrow)]
            error: Option<Cow<'a, str>>,
            #[serde(borrow)]
            error_code: Option<Cow<'a, str>>,
            #[serde(borrow)]
            error_description: Option<Cow<'a, str>>,
            #[serde(borrow)]
            detail: Option<Cow<'a, str>>,
        }
        let body: Body<'_> = serde_json::from_slice(body).ok()?;
        Some(
            [
                body.error,
                body.error_code,
                body.error_description,
                body.detail,
            ]
            .map(|text| text.map(Cow::into_owned)),
        )
    }

    /// [`NAMES`] for [`rules_out`], `error_code` required.
    const REQUIRED_CODE: [Wanted<'static>; 4] = [
        ("error", Kind::Text, false),
        ("error_code", Kind::Text, true),
        ("error_description", Kind::Text, false),
        ("detail", Kind::Text, false),
    ];

    /// serde_json into a struct of [`REQUIRED_CODE`].
    fn serde_required(body: &[u8]) -> Option<()> {
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct Body<'a> {
            #[serde(borrow)]
            error: Option<Cow<'a, str>>,
            #[serde(borrow)]
            error_code: Cow<'a, str>,
            #[serde(borrow)]
            error_description: Option<Cow<'a, str>>,
            #[serde(borrow)]
            detail: Option<Cow<'a, str>>,
        }
        serde_json::from_slice::<Body<'_>>(body).ok().map(drop)
    }

    /// Each format's body is ruled out by the members of the others, and
    /// never by its own.
    #[test]
    fn the_skim_tells_the_formats_apart() {
        use crate::format;
        let nested: [(&str, Wanted<'static>); 3] = [
            ("aip-193", ("error", Kind::Object, true)),
            ("json-api", ("errors", Kind::Array, true)),
            ("berlin-group", ("tppMessages", Kind::Array, true)),
        ];
        for code in ErrorCode::ALL {
            let values = code
                .placeholders()
                .iter()
                .map(|name| (*name, "a \"b\" {[x]} é"));
            let error = ApiError::with_values(code, values).unwrap();
            for wire in format::BUILTIN {
                let mut body = Vec::new();
                wire.write(&error, &mut body);
                let flat = matches!(wire.name(), "oauth" | "problem");
                assert_eq!(rules_out(&body, &REQUIRED_CODE), !flat, "{}", wire.name());
                for (name, wanted) in nested {
                    assert_eq!(
                        rules_out(&body, &[wanted]),
                        name != wire.name(),
                        "{name}: {}",
                        wire.name()
                    );
                }
            }
        }
        assert!(!rules_out(b"[1]", &REQUIRED_CODE));
        assert!(!rules_out(b"{\"error_code\":\"x\"", &REQUIRED_CODE));
        assert!(rules_out(b" {} ", &REQUIRED_CODE));
        assert!(rules_out(
            br#"{"a":[{"error_code":"x"}],"b":"}"}"#,
            &REQUIRED_CODE
        ));
        assert!(!rules_out(br#"{"err\u006fr_code":"x"}"#, &REQUIRED_CODE));
    }

    /// The word-wise scan stops at the first `"`, `\` or control byte, and
    /// only there, whatever surrounds it.
    #[test]
    fn the_string_scan_finds_the_first_end_of_a_string() {
        for byte in 0..=255u8 {
            for filler in [b'a', 0x00, b'"', 0x1f, 0x20, 0x21, 0x5d, 0x7f, 0x80, 0xff] {
                for position in 0..8 {
                    let mut bytes = [b'a'; 8];
                    bytes[position] = byte;
                    for later in bytes.iter_mut().skip(position + 1) {
                        *later = filler;
                    }
                    let first = bytes
                        .iter()
                        .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
                    let ends = string_ends(u64::from_le_bytes(bytes));
                    let found = (ends != 0).then(|| (ends.trailing_zeros() / 8) as usize);
                    assert_eq!(found, first, "{bytes:?}");
                }
            }
        }
    }

    /// The bodies errcat writes take the one-pass reader, never serde.
    #[test]
    fn the_bodies_errcat_writes_are_read_in_one_pass() {
        for code in ErrorCode::ALL {
            let values = code
                .placeholders()
                .iter()
                .map(|name| (*name, "a \"b\" 100% é"));
            let error = ApiError::with_values(code, values).unwrap().mark_public();
            for body in [error.to_json(), error.to_problem_json()] {
                let read = flat(body.as_bytes());
                assert!(read.is_some(), "{body}");
                assert_eq!(read, serde_members(body.as_bytes()), "{body}");
            }
        }
    }

    /// JSON-ish text in pieces: members of every kind, whitespace legal and
    /// not, escapes, duplicates, numbers valid and not, nesting.
    fn json_ish() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        // Mostly valid pieces, so that most bodies are JSON, and now and then
        // one that is not.
        let key = prop_oneof![
            2 => Just("\"error\""),
            1 => Just("\"error_code\""),
            2 => Just("\"error_description\""),
            2 => Just("\"detail\""),
            3 => Just("\"status\""),
            3 => Just("\"type\""),
            3 => Just("\"title\""),
            1 => Just("\"err\\u006fr\""),
            1 => Just("\"\""),
            1 => Just("\"\u{e9}\u{2028}\""),
        ];
        let value = prop_oneof![
            4 => Just("\"missing_input\"".to_owned()),
            2 => Just("\"MISSING_INPUT\"".to_owned()),
            4 => Just("\"GEN-1201-100001\"".to_owned()),
            4 => Just("\"Missing required header input 'X%20'\"".to_owned()),
            2 => "\"[^\"\\\\]{0,6}\"",
            2 => "\"([a-z%]|\\\\[nu\"\\\\]|\\\\u00e9){0,4}\"",
            3 => "-?(0|[1-9][0-9]{0,3})(\\.[0-9]{1,2})?([eE][+-]?[0-9]{1,2})?",
            1 => "(01|1\\.|-|1e|\\.5|\\+1|0x1)",
            3 => "(null|true|false)",
            1 => "(nul|tru|NULL)",
            1 => "(\\{\\}|\\[\\]|\\[1\\]|\\{\"a\":1\\})",
        ];
        let space = prop_oneof![20 => "[ \t\n\r]{0,2}", 1 => "[\x0c\x00\u{a0}]"];
        let colon = prop_oneof![30 => Just(":"), 1 => Just(""), 1 => Just("=")];
        let member = (
            space.clone(),
            key,
            space.clone(),
            colon,
            space.clone(),
            value,
            space,
        );
        let code = prop_oneof![
            8 => Just("\"error_code\":\"GEN-1201-100001\""),
            1 => Just("\"error_code\":null"),
            1 => Just("\"error_code\":1"),
            1 => Just(""),
        ];
        (
            code,
            prop::collection::vec(member, 0..5),
            prop_oneof![20 => Just("{"), 1 => Just("["), 1 => Just("")],
            prop_oneof![20 => Just("}"), 1 => Just("]"), 1 => Just(""), 1 => Just("} x"), 1 => Just("}}")],
            prop_oneof![20 => Just(","), 1 => Just(",,"), 1 => Just(" ")],
        )
            .prop_map(|(code, members, open, close, comma)| {
                let mut members: Vec<String> = members
                    .into_iter()
                    .map(|(a, key, b, colon, c, value, d)| format!("{a}{key}{b}{colon}{c}{value}{d}"))
                    .collect();
                if !code.is_empty() {
                    let at = members.len() / 2;
                    members.insert(at, code.to_owned());
                }
                format!("{open}{}{close}", members.join(comma))
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// Where the one-pass reader reads a body, serde reads the same
        /// members from it.
        #[test]
        fn the_one_pass_reader_agrees_with_serde(body in json_ish()) {
            if let Some(read) = flat(body.as_bytes()) {
                proptest::prop_assert_eq!(Some(read), serde_members(body.as_bytes()), "{}", body);
            }
        }

        /// Where the skim rules a body out, serde does not read it into
        /// a struct with those members (the third one required).
        #[test]
        fn what_the_skim_rules_out_serde_does_not_read(body in json_ish()) {
            if rules_out(body.as_bytes(), &REQUIRED_CODE) {
                proptest::prop_assert!(serde_required(body.as_bytes()).is_none(), "{}", body);
            }
        }

        /// The same for a real body with any byte changed.
        #[test]
        fn a_changed_byte_reads_as_serde_reads_it(
            index in 0usize..ErrorCode::COUNT,
            at in proptest::prelude::any::<proptest::sample::Index>(),
            byte in proptest::prelude::any::<u8>(),
            problem in proptest::prelude::any::<bool>(),
        ) {
            let code = ErrorCode::ALL[index];
            let values = code.placeholders().iter().map(|name| (*name, "x"));
            let error = ApiError::with_values(code, values).unwrap();
            let mut body = if problem { error.to_problem_json() } else { error.to_json() }.into_bytes();
            let at = at.index(body.len());
            body[at] = byte;
            if let Some(read) = flat(&body) {
                proptest::prop_assert_eq!(Some(read), serde_members(&body));
            }
        }
    }
}
