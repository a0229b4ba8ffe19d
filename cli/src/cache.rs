//! A cache of validated catalogue files, so that a large catalogue is read
//! through errcat-build's loader and validator once, not on every command.
//!
//! Reading a 10,000-row file costs about 300 million instructions (half in
//! the TOML parser, the rest in validation); the same rows read back from
//! this cache cost a few million. Only files of at least [`FROM`] bytes are
//! cached. The file is read once: its entry is kept under the BLAKE3 hash of
//! errcat's version, the name the file gives the catalogue (its stem) and
//! the bytes that were validated, so a changed file, or another errcat, is
//! another key. Only a valid catalogue is cached.
//!
//! Where: `ERRCAT_CACHE_DIR`, else `$XDG_CACHE_HOME/errcat`, else
//! `$HOME/.cache/errcat`. `ERRCAT_CACHE_DIR=off` turns it off.
//!
//! An entry is input that someone else may have written, and is trusted no
//! more than a catalogue file:
//! - the directory is used only when the user owns it and no one else may
//!   write it (nor its parent, unless that is sticky, as `/tmp`); otherwise
//!   errcat says so once and loads files as if there were no cache;
//! - every entry is sealed with a keyed BLAKE3 hash under a random key kept
//!   in the directory (`key`, mode 0600): an entry that another user wrote,
//!   or one moved under another file's name, does not verify and is a miss;
//! - entries and the key are created with `O_EXCL` and mode 0600, never
//!   through a symbolic link, and read only when they are regular files the
//!   user owns, of a bounded size;
//! - what an entry holds is checked again as the validator checks a file
//!   (status range, code and token syntax, no control, bidirectional or
//!   separator character in any text, every length in bounds), so a damaged
//!   entry is a miss, never a panic;
//! - at most [`KEEP`] entries, [`KEEP_BYTES`] in all, none older than
//!   [`KEEP_DAYS`] days, are kept: older ones are removed when one is
//!   written.

use std::fs::{File, OpenOptions};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use errcat::Catalogue;
use errcat::table::Entry;
use errcat_core::log_safe::{LogSafe, breaks_log_line};
use errcat_core::syntax::{MAX_KEY_LEN, is_code, is_description_char, is_token};

use crate::set::Loaded;
use crate::trust::{Writer, writer};

/// Files smaller than this are read directly: loading them costs less than
/// a cache lookup is worth (errcat's own 27 rows take 1 ms).
pub const FROM: usize = 256 << 10;

/// The most entries kept.
pub const KEEP: usize = 32;

/// The most bytes of entries kept.
pub const KEEP_BYTES: u64 = 256 << 20;

/// The age after which an entry is removed.
pub const KEEP_DAYS: u64 = 30;

/// What an entry starts with: the format's name and version.
const MAGIC: &[u8; 8] = b"ERRCAT\x04\x00";

/// The length of the key and of an entry's seal.
const SEAL: usize = 32;

/// The cache's directory, when there is one.
pub fn dir() -> Option<PathBuf> {
    match std::env::var_os("ERRCAT_CACHE_DIR") {
        Some(value) if value == "off" => None,
        Some(value) if !value.is_empty() => Some(PathBuf::from(value)),
        _ => std::env::var_os("XDG_CACHE_HOME")
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache")))
            .map(|base| base.join("errcat")),
    }
}

/// A cache directory that is safe to use, and its key.
pub struct Cache {
    dir: PathBuf,
    /// The key, once there is one: it is made with the first entry.
    key: Option<[u8; SEAL]>,
}

impl Cache {
    /// The cache of [`dir()`], or none: turned off, or unsafe (said on
    /// standard error), or its key cannot be read or made.
    pub fn open() -> Option<Cache> {
        Cache::at(dir()?)
    }

    /// The cache in `dir`, made when it does not exist yet.
    pub fn at(dir: PathBuf) -> Option<Cache> {
        if let Err(reason) = make_safe_dir(&dir) {
            eprintln!(
                "errcat: the cache directory {} is {reason}: it is not used (set ERRCAT_CACHE_DIR to a directory of your own, or to off)",
                LogSafe(&dir.display().to_string())
            );
            return None;
        }
        let key = read_key(&dir.join("key"));
        Some(Cache { dir, key })
    }

    /// The catalogue of the file that holds `bytes` and is named `stem`,
    /// when a sound entry has it. `source` is how outputs name the file.
    pub fn read(&self, stem: &str, bytes: &[u8], source: &str) -> Option<Loaded> {
        let id = id(stem, bytes);
        let path = self.dir.join(format!("{}.bin", id.to_hex()));
        // An entry is about as long as the file it holds: the bound keeps a
        // planted device or giant file from being read.
        let limit = u64::try_from(bytes.len()).ok()?.saturating_mul(2) + (64 << 10);
        let entry = read_owned(&path, limit)?;
        let payload = unseal(self.key.as_ref()?, &id, &entry)?;
        let payload: &'static [u8] = payload.to_vec().leak();
        Some(parse(payload)?.into_loaded(source))
    }

    /// Writes `loaded` as the entry of the file that holds `bytes` and is
    /// named `stem`: into a file of its own that is renamed into place, so
    /// that a reader never sees half an entry. What cannot be written is
    /// left unwritten.
    pub fn write(&self, stem: &str, bytes: &[u8], loaded: &Loaded) {
        let Some(key) = self.key.or_else(|| make_key(&self.dir.join("key"))) else {
            return;
        };
        let id = id(stem, bytes);
        let entry = seal(&key, &id, &payload(&Parsed::of(loaded)));
        let path = self.dir.join(format!("{}.bin", id.to_hex()));
        if create_then_rename(&self.dir, &path, &entry).is_ok() {
            evict(&self.dir, &path);
        }
    }
}

/// What an entry is kept under: errcat's version, the stem and the bytes.
pub fn id(stem: &str, bytes: &[u8]) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(&[0]);
    hasher.update(stem.as_bytes());
    hasher.update(&[0]);
    hasher.update(bytes);
    hasher.finalize()
}

/// An entry: its magic, the keyed hash of its id and payload, the payload.
pub fn seal(key: &[u8; SEAL], id: &blake3::Hash, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(MAGIC.len() + SEAL + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(seal_of(key, id, payload).as_bytes());
    out.extend_from_slice(payload);
    out
}

/// The payload of `entry` when it is sealed with `key` for `id`.
pub fn unseal<'a>(key: &[u8; SEAL], id: &blake3::Hash, entry: &'a [u8]) -> Option<&'a [u8]> {
    let rest = entry.strip_prefix(MAGIC)?;
    let (seal, payload) = rest.split_at_checked(SEAL)?;
    // blake3::Hash compares in constant time.
    (seal_of(key, id, payload) == blake3::Hash::from_bytes(seal.try_into().ok()?))
        .then_some(payload)
}

fn seal_of(key: &[u8; SEAL], id: &blake3::Hash, payload: &[u8]) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new_keyed(key);
    hasher.update(id.as_bytes());
    hasher.update(payload);
    hasher.finalize()
}

/// A catalogue as an entry holds it, every text checked.
#[derive(Debug, PartialEq, Eq)]
pub struct Parsed<'a> {
    /// Name, id, version, media type, problem base, docs, challenge.
    pub metadata: [&'a str; 7],
    pub placeholders: Vec<(&'a str, &'a str)>,
    /// The wire formats, by name, and the Berlin Group service.
    pub formats: Vec<&'a str>,
    pub berlin_group_service: &'a str,
    pub entries: Vec<Entry<'a>>,
}

impl<'a> Parsed<'a> {
    /// The parts of a loaded catalogue.
    pub fn of(loaded: &'a Loaded) -> Parsed<'a> {
        let catalogue = loaded.catalogue;
        Parsed {
            metadata: [
                catalogue.name(),
                catalogue.id(),
                catalogue.version(),
                catalogue.media_type(),
                catalogue.problem_base(),
                catalogue.docs().unwrap_or(""),
                catalogue.challenge(),
            ],
            placeholders: catalogue.placeholders().to_vec(),
            formats: catalogue.formats().to_vec(),
            berlin_group_service: catalogue.berlin_group_service(),
            entries: loaded.entries.clone(),
        }
    }
}

impl Parsed<'static> {
    /// The catalogue, named `source` in outputs.
    fn into_loaded(self, source: &str) -> Loaded {
        let [name, id, version, media_type, problem_base, docs, challenge] = self.metadata;
        let catalogue = Catalogue::new(name)
            .with_id(id)
            .with_version(version)
            .with_media_type(media_type)
            .with_problem_base(problem_base)
            .with_docs(docs)
            .with_challenge(challenge)
            .with_source(String::from(source).leak())
            .with_placeholders(self.placeholders.leak())
            .with_formats(self.formats.leak())
            .with_berlin_group_service(self.berlin_group_service);
        Loaded {
            catalogue: Box::leak(Box::new(catalogue)),
            entries: self.entries,
        }
    }
}

/// The bytes of an entry's payload.
pub fn payload(parsed: &Parsed<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 * parsed.entries.len() + 256);
    for text in parsed.metadata {
        put_text(&mut out, text);
    }
    put_number(&mut out, parsed.placeholders.len());
    for (name, doc) in &parsed.placeholders {
        put_text(&mut out, name);
        put_text(&mut out, doc);
    }
    put_number(&mut out, parsed.formats.len());
    for name in &parsed.formats {
        put_text(&mut out, name);
    }
    put_text(&mut out, parsed.berlin_group_service);
    put_number(&mut out, parsed.entries.len());
    for entry in &parsed.entries {
        put_number(&mut out, usize::from(entry.status));
        for text in [
            entry.error,
            entry.code,
            entry.description,
            entry.scenario,
            entry.published,
            entry.name,
            entry.reason,
        ] {
            put_text(&mut out, text);
        }
        for optional in [entry.deprecated, entry.berlin_group] {
            match optional {
                None => put_number(&mut out, 0),
                Some(text) => {
                    put_number(&mut out, 1);
                    put_text(&mut out, text);
                }
            }
        }
        put_number(&mut out, entry.placeholders.len());
        for name in &entry.placeholders {
            put_text(&mut out, name);
        }
    }
    out
}

/// The catalogue a payload holds, or nothing when a length, a number or a
/// text is not what a validated catalogue can hold.
pub fn parse(bytes: &[u8]) -> Option<Parsed<'_>> {
    let mut reader = Reader { bytes, at: 0 };
    let mut metadata = [""; 7];
    for slot in &mut metadata {
        *slot = reader.text(Lines::One)?;
    }
    let [name, id, version, media_type, ..] = metadata;
    if name.trim().is_empty()
        || !id.bytes().all(|b| b.is_ascii_graphic())
        || !version.bytes().all(|b| b.is_ascii_graphic())
        || !media_type.contains('/')
    {
        return None;
    }
    // Each count is bounded by what the rest of the payload can hold, so a
    // damaged count cannot make a vector larger than the entry.
    let count = reader.count(8)?;
    let placeholders = (0..count)
        .map(|_| Some((reader.name(is_placeholder_name)?, reader.text(Lines::One)?)))
        .collect::<Option<Vec<_>>>()?;
    let count = reader.count(4)?;
    let formats = (0..count)
        .map(|_| reader.name(|name| errcat_core::formats::BUILTIN.contains(&name)))
        .collect::<Option<Vec<_>>>()?;
    let berlin_group_service =
        reader.name(|name| errcat_core::formats::berlin_group::SERVICES.contains(&name))?;
    let count = reader.count(40)?;
    if count > usize::from(u16::MAX) {
        return None;
    }
    let mut entries = Vec::with_capacity(count);
    let mut codes = std::collections::HashSet::with_capacity(count);
    for _ in 0..count {
        let status = u16::try_from(reader.number()?).ok()?;
        if !(100..=999).contains(&status) {
            return None;
        }
        let error = reader.name(|text| is_token(text) && text.len() <= MAX_KEY_LEN)?;
        let code = reader.name(|text| is_code(text) && text.len() <= MAX_KEY_LEN)?;
        let description = reader.name(|text| text.chars().all(is_description_char))?;
        let scenario = reader.text(Lines::Allowed)?;
        let published = reader.text(Lines::One)?;
        let name = reader.name(is_variant_name)?;
        let reason = reader.name(|text| is_token(text) && text.len() <= MAX_KEY_LEN)?;
        let deprecated = match reader.number()? {
            0 => None,
            1 => Some(reader.text(Lines::One)?),
            _ => return None,
        };
        let berlin_group = match reader.number()? {
            0 => None,
            1 => Some(reader.name(errcat_core::formats::berlin_group::is_message_code)?),
            _ => return None,
        };
        let count = reader.count(4)?;
        let placeholders = (0..count)
            .map(|_| reader.name(is_placeholder_name))
            .collect::<Option<Vec<_>>>()?;
        if description.is_empty() || !codes.insert(code) {
            return None;
        }
        entries.push(Entry {
            status,
            error,
            code,
            description,
            scenario,
            placeholders,
            deprecated,
            published,
            name,
            reason,
            berlin_group,
        });
    }
    (reader.at == bytes.len()).then_some(Parsed {
        metadata,
        placeholders,
        formats,
        berlin_group_service,
        entries,
    })
}

/// `[a-z][a-z0-9_]*`, as errcat-build names placeholders.
fn is_placeholder_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// UpperCamelCase letters and digits, as errcat-build names variants.
fn is_variant_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn put_number(out: &mut Vec<u8>, number: usize) {
    out.extend_from_slice(&u32::try_from(number).unwrap_or(u32::MAX).to_le_bytes());
}

fn put_text(out: &mut Vec<u8>, text: &str) {
    put_number(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

/// Whether a text may hold line breaks (LF), as a scenario may.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    One,
    Allowed,
}

/// Reads a payload, every step checked.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(len)?;
        let taken = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(taken)
    }

    fn number(&mut self) -> Option<usize> {
        let bytes: [u8; 4] = self.take(4)?.try_into().ok()?;
        usize::try_from(u32::from_le_bytes(bytes)).ok()
    }

    /// A count of items that take at least `each` bytes.
    fn count(&mut self, each: usize) -> Option<usize> {
        let count = self.number()?;
        (count <= (self.bytes.len() - self.at) / each).then_some(count)
    }

    /// A text that shows nothing hidden: no control (but LF where `lines`
    /// allows), bidirectional or separator character.
    fn text(&mut self, lines: Lines) -> Option<&'a str> {
        let len = self.number()?;
        let text = std::str::from_utf8(self.take(len)?).ok()?;
        text.chars()
            .all(|c| !breaks_log_line(c) || c == '\\' || (c == '\n' && lines == Lines::Allowed))
            .then_some(text)
    }

    /// A text of the shape `valid` says.
    fn name(&mut self, valid: impl Fn(&str) -> bool) -> Option<&'a str> {
        let text = self.text(Lines::One)?;
        valid(text).then_some(text)
    }
}

/// Makes `dir` (mode 0700) when it does not exist, then checks that the
/// user owns it, that no one else may write it, and that its parent is
/// the user's or root's and, when others may write it, sticky.
fn make_safe_dir(dir: &Path) -> Result<(), String> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|error| format!("not usable ({error})"))?;
    let metadata = std::fs::metadata(dir).map_err(|error| format!("not usable ({error})"))?;
    match writer(&metadata, false, false) {
        Writer::Trusted => {}
        unsafe_dir => return Err(unsafe_dir.reason()),
    }
    let Some(parent) = std::fs::canonicalize(dir)
        .ok()
        .and_then(|dir| dir.parent().map(Path::to_path_buf))
    else {
        return Ok(());
    };
    let metadata = std::fs::metadata(&parent).map_err(|error| format!("not usable ({error})"))?;
    match writer(&metadata, true, false) {
        Writer::Trusted => Ok(()),
        Writer::Writable(mode) if mode & 0o1000 != 0 => Ok(()),
        unsafe_parent => Err(format!(
            "in {}, which is {}",
            LogSafe(&parent.display().to_string()),
            unsafe_parent.reason()
        )),
    }
}

/// Opens `path` for reading without following a symbolic link and without
/// waiting on a FIFO.
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    options.open(path)
}

/// The bytes of `path` when it is a regular file that the user owns, that
/// only the user may write, of at most `limit` bytes.
fn read_owned(path: &Path, limit: u64) -> Option<Vec<u8>> {
    let file = open_no_follow(path).ok()?;
    let metadata = file.metadata().ok()?;
    if !metadata.is_file()
        || metadata.len() > limit
        || writer(&metadata, false, false) != Writer::Trusted
    {
        return None;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).ok()?);
    file.take(limit + 1).read_to_end(&mut bytes).ok()?;
    (u64::try_from(bytes.len()).ok()? <= limit).then_some(bytes)
}

/// The key of the cache at `path`, when there is one: a regular file of 32
/// bytes that the user owns and no one else may read.
fn read_key(path: &Path) -> Option<[u8; SEAL]> {
    let file = open_no_follow(path).ok()?;
    let metadata = file.metadata().ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if metadata.mode() & 0o077 != 0 {
            return None;
        }
    }
    if !metadata.is_file() || writer(&metadata, false, false) != Writer::Trusted {
        return None;
    }
    let mut key = [0; SEAL];
    let mut rest = Vec::new();
    let mut file = file.take(SEAL as u64 + 1);
    file.read_exact(&mut key).ok()?;
    file.read_to_end(&mut rest).ok()?;
    rest.is_empty().then_some(key)
}

/// Makes the key of the cache at `path` (32 random bytes, mode 0600), or
/// reads the one another errcat made first.
fn make_key(path: &Path) -> Option<[u8; SEAL]> {
    let mut key = [0; SEAL];
    getrandom::fill(&mut key).ok()?;
    let dir = path.parent()?;
    // Made whole under a name of its own, then linked into place: a reader
    // never sees half a key, and of two writers, one wins.
    let temporary = dir.join(format!(".key.{}.{}.tmp", std::process::id(), unique()));
    let _ = create_then_rename(dir, &temporary, &key).and_then(|()| {
        let linked = std::fs::hard_link(&temporary, path);
        let _ = std::fs::remove_file(&temporary);
        linked
    });
    read_key(path)
}

/// Writes `bytes` into a new file of `dir` (`O_EXCL`, mode 0600, never
/// through a symbolic link), then renames it to `path`.
fn create_then_rename(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = dir.join(format!(".{}.{}.tmp", std::process::id(), unique()));
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let written = options
        .open(&temporary)
        .and_then(|mut file| file.write_all(bytes))
        .and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// A number to tell apart the temporary files of one process.
fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since| since.subsec_nanos());
    (u64::from(nanos) << 20) ^ NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Removes entries beyond [`KEEP`] and [`KEEP_BYTES`] (the least recently
/// written first) and those older than [`KEEP_DAYS`]; never `kept`.
fn evict(dir: &Path, kept: &Path) {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    let oldest = Duration::from_secs(KEEP_DAYS * 24 * 60 * 60);
    let mut entries: Vec<(SystemTime, u64, PathBuf)> = listing
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "bin") && path != kept)
        .filter_map(|path| {
            let metadata = std::fs::symlink_metadata(&path).ok()?;
            Some((metadata.modified().ok()?, metadata.len(), path))
        })
        .collect();
    entries.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    let mut total = std::fs::metadata(kept).map_or(0, |metadata| metadata.len());
    for (nth, (modified, len, path)) in entries.into_iter().enumerate() {
        total = total.saturating_add(len);
        let old = now.duration_since(modified).unwrap_or_default() > oldest;
        if old || nth + 1 >= KEEP || total > KEEP_BYTES {
            let _ = std::fs::remove_file(path);
        }
    }
}
