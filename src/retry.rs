//! `Retry-After`: when a client may try again (RFC 9110 section 10.2.3).

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use http::HeaderValue;

/// When a client may try a request again, as a `Retry-After` header says it:
/// after a delay, or at a date.
///
/// A server gives it to the errors that have one
/// ([`ApiError::with_retry_after`](crate::ApiError::with_retry_after): a 429
/// whose quota frees up at a known time, a 503 during planned down-time);
/// a client reads it back from the response
/// ([`ErrorResponse::retry_after`](crate::client::ErrorResponse::retry_after)).
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use errcat::RetryAfter;
///
/// let after: RetryAfter = "120".parse()?;
/// assert_eq!(after, RetryAfter::Delay(Duration::from_secs(120)));
///
/// let at: RetryAfter = "Wed, 21 Oct 2015 07:28:00 GMT".parse()?;
/// assert_eq!(at.to_string(), "Wed, 21 Oct 2015 07:28:00 GMT");
/// // A date in the past means: now.
/// assert_eq!(at.delay_from(SystemTime::now()), Duration::ZERO);
///
/// assert!("soon".parse::<RetryAfter>().is_err());
/// # Ok::<(), errcat::ParseRetryAfterError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryAfter {
    /// After this long, from when the response was received. Sent in whole
    /// seconds, rounded up.
    Delay(Duration),
    /// At this time. Sent as an HTTP-date, to the second.
    At(SystemTime),
}

/// Why a `Retry-After` value was refused: it is neither a number of seconds
/// nor an HTTP-date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseRetryAfterError(());

impl fmt::Display for ParseRetryAfterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "invalid Retry-After: expected a number of seconds or an HTTP-date such as \"Wed, 21 Oct 2015 07:28:00 GMT\"",
        )
    }
}

impl std::error::Error for ParseRetryAfterError {}

impl RetryAfter {
    /// How long to wait from `now`: the delay, or the time until the date
    /// (zero for a date already past).
    pub fn delay_from(&self, now: SystemTime) -> Duration {
        match self {
            RetryAfter::Delay(delay) => *delay,
            RetryAfter::At(at) => at.duration_since(now).unwrap_or(Duration::ZERO),
        }
    }

    /// The header's value.
    ///
    /// ```
    /// use std::time::Duration;
    /// let value = errcat::RetryAfter::Delay(Duration::from_millis(1500)).to_header_value();
    /// assert_eq!(value, "2");
    /// ```
    pub fn to_header_value(&self) -> HeaderValue {
        HeaderValue::try_from(self.to_string())
            .expect("digits and an HTTP-date are valid header values")
    }

    /// Reads a header's value; `None` when it is not one.
    pub fn from_header_value(value: &HeaderValue) -> Option<RetryAfter> {
        value.to_str().ok()?.parse().ok()
    }
}

impl fmt::Display for RetryAfter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryAfter::Delay(delay) => {
                // Rounded up, and saturated: the longest delay is still
                // "later than any client will wait", never "now".
                let seconds = delay
                    .as_secs()
                    .saturating_add(u64::from(delay.subsec_nanos() > 0));
                write!(f, "{seconds}")
            }
            RetryAfter::At(at) => write!(f, "{}", httpdate::HttpDate::from(clamp(*at))),
        }
    }
}

/// The latest second an HTTP-date can name: 9999-12-31 23:59:59 GMT.
const LATEST_HTTP_DATE: u64 = 253_402_300_799;

/// An HTTP-date names a second between 1970 and 9999: a time outside is sent
/// as the nearest it can name (httpdate panics on the others).
fn clamp(at: SystemTime) -> SystemTime {
    let latest = SystemTime::UNIX_EPOCH + Duration::from_secs(LATEST_HTTP_DATE);
    at.clamp(SystemTime::UNIX_EPOCH, latest)
}

impl FromStr for RetryAfter {
    type Err = ParseRetryAfterError;

    /// `delay-seconds` (1*DIGIT) or an HTTP-date in any of the three forms
    /// RFC 9110 requires recipients to read. Surrounding whitespace is
    /// ignored, as in a header field.
    fn from_str(text: &str) -> Result<RetryAfter, ParseRetryAfterError> {
        let text = text.trim_matches([' ', '\t']);
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            // A number too large for u64 seconds is still "later than any
            // client will wait": saturate rather than refuse.
            let seconds = text.parse::<u64>().unwrap_or(u64::MAX);
            return Ok(RetryAfter::Delay(Duration::from_secs(seconds)));
        }
        httpdate::parse_http_date(text)
            .map(RetryAfter::At)
            .map_err(|_| ParseRetryAfterError(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_form_rfc_9110_names() {
        let at = RetryAfter::At(SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777));
        for text in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(text.parse(), Ok(at), "{text}");
        }
        assert_eq!(at.to_string(), "Sun, 06 Nov 1994 08:49:37 GMT");
    }

    #[test]
    fn refuses_what_is_neither() {
        for text in [
            "",
            "-1",
            "1.5",
            "+3",
            "0x10",
            "tomorrow",
            "120 s",
            "\u{1b}[2J",
        ] {
            assert!(text.parse::<RetryAfter>().is_err(), "{text:?}");
        }
        assert_eq!(" 7 ".parse(), Ok(RetryAfter::Delay(Duration::from_secs(7))));
        assert_eq!(
            "99999999999999999999999".parse(),
            Ok(RetryAfter::Delay(Duration::from_secs(u64::MAX)))
        );
    }

    #[test]
    fn dates_no_http_date_can_name_are_sent_as_the_nearest() {
        let before = SystemTime::UNIX_EPOCH - Duration::from_secs(1);
        assert_eq!(
            RetryAfter::At(before).to_string(),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
        let after = SystemTime::UNIX_EPOCH + Duration::from_secs(LATEST_HTTP_DATE + 1_000_000);
        assert_eq!(
            RetryAfter::At(after).to_string(),
            "Fri, 31 Dec 9999 23:59:59 GMT"
        );
    }

    #[test]
    fn delays_round_up_to_whole_seconds() {
        assert_eq!(RetryAfter::Delay(Duration::ZERO).to_string(), "0");
        assert_eq!(RetryAfter::Delay(Duration::from_nanos(1)).to_string(), "1");
        assert_eq!(RetryAfter::Delay(Duration::from_secs(60)).to_string(), "60");
    }

    #[test]
    fn the_longest_delay_saturates() {
        let longest = RetryAfter::Delay(Duration::MAX);
        assert_eq!(longest.to_string(), u64::MAX.to_string());
        assert_eq!(longest.to_header_value(), u64::MAX.to_string().as_str());
        assert_eq!(
            longest.to_string().parse(),
            Ok(RetryAfter::Delay(Duration::from_secs(u64::MAX)))
        );
    }

    proptest::proptest! {
        /// Every delay is sent as the whole seconds at least as long as it
        /// (saturated at `u64::MAX`), and reads back as that many seconds.
        #[test]
        fn every_delay_is_sent_rounded_up(seconds: u64, nanos in 0u32..1_000_000_000) {
            let delay = Duration::new(seconds, nanos);
            let sent = RetryAfter::Delay(delay).to_header_value();
            let read = RetryAfter::from_header_value(&sent).expect("a sent value reads back");
            let RetryAfter::Delay(back) = read else { panic!("{read:?}") };
            proptest::prop_assert!(back >= delay || back.as_secs() == u64::MAX);
            proptest::prop_assert!(back - delay.min(back) < Duration::from_secs(1));
        }

        /// Every time, before 1970 or after 9999 too, is sent as an
        /// HTTP-date that reads back as the nearest second it can name.
        #[test]
        fn every_time_is_sent_as_a_date(seconds: u64, nanos in 0u32..1_000_000_000, before: bool) {
            let offset = Duration::new(seconds, nanos);
            let at = if before {
                SystemTime::UNIX_EPOCH.checked_sub(offset)
            } else {
                SystemTime::UNIX_EPOCH.checked_add(offset)
            };
            let Some(at) = at else { return Ok(()) };
            let sent = RetryAfter::At(at).to_header_value();
            let read = RetryAfter::from_header_value(&sent).expect("a sent date reads back");
            let RetryAfter::At(back) = read else { panic!("{read:?}") };
            let expected = clamp(at);
            let whole = expected.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
            proptest::prop_assert_eq!(back, SystemTime::UNIX_EPOCH + Duration::from_secs(whole));
            let _ = RetryAfter::At(at).delay_from(SystemTime::now());
            let _ = RetryAfter::At(SystemTime::now()).delay_from(at);
        }
    }
}
