//! A cache of validated catalogue files, so that a large catalogue is read
//! through errcat-build's loader and validator once, not on every command.
//!
//! Reading a 10,000-row file costs about 300 million instructions (half in
//! the TOML parser, the rest in validation); the same rows read back from
//! this cache cost a few million. Only files of at least [`FROM`] bytes are
//! cached, each under the BLAKE3 hash of errcat's version, the name the file
//! gives the catalogue (its stem) and every byte of the file: a changed file,
//! or another errcat, is another key, so an entry is never stale. Only a
//! valid catalogue is cached; a file with mistakes is validated (and its
//! mistakes reported) every time.
//!
//! Where: `ERRCAT_CACHE_DIR`, else `$XDG_CACHE_HOME/errcat`, else
//! `$HOME/.cache/errcat`. `ERRCAT_CACHE_DIR=off` turns it off. A cache that
//! cannot be read or written is ignored: the file is loaded as if there were
//! none. An entry is read with every length checked and every text checked
//! as UTF-8, so a damaged entry is a miss, never a panic.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use errcat::Catalogue;
use errcat::table::Entry;

use crate::set::Loaded;

/// Files smaller than this are read directly: loading them costs less than
/// a cache lookup is worth (errcat's own 27 rows take 1 ms).
pub const FROM: usize = 256 << 10;

/// What an entry starts with: the format's name and version.
const MAGIC: &[u8; 8] = b"ERRCAT\x03\x00";

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

/// The entry's file for a catalogue file's bytes, named `stem`.
pub fn entry_path(dir: &Path, stem: &str, bytes: &[u8]) -> PathBuf {
    let mut hasher = blake3::Hasher::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(&[0]);
    hasher.update(stem.as_bytes());
    hasher.update(&[0]);
    hasher.update(bytes);
    dir.join(format!("{}.bin", hasher.finalize().to_hex()))
}

/// The catalogue an entry holds, or nothing when there is no entry or it is
/// damaged. The entry's bytes are kept for the life of the process, and the
/// catalogue's texts point into them.
pub fn read(path: &Path, source: &str) -> Option<Loaded> {
    let bytes: &'static [u8] = std::fs::read(path).ok()?.leak();
    let mut reader = Reader { bytes, at: 0 };
    if reader.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let name = reader.text()?;
    let catalogue = Catalogue::new(name)
        .with_id(reader.text()?)
        .with_version(reader.text()?)
        .with_media_type(reader.text()?)
        .with_problem_base(reader.text()?)
        .with_docs(reader.text()?)
        .with_challenge(reader.text()?)
        .with_source(String::from(source).leak());
    let placeholders = (0..reader.number()?.min(bytes.len() / 8))
        .map(|_| Some((reader.text()?, reader.text()?)))
        .collect::<Option<Vec<_>>>()?;
    let formats = (0..reader.number()?.min(bytes.len() / 4))
        .map(|_| reader.text())
        .collect::<Option<Vec<_>>>()?;
    let catalogue = catalogue
        .with_placeholders(placeholders.leak())
        .with_formats(formats.leak())
        .with_berlin_group_service(reader.text()?);
    let count = reader.number()?;
    // Each row takes at least 40 bytes: a damaged count cannot make the
    // vector larger than the entry.
    let mut entries = Vec::with_capacity(count.min(bytes.len() / 40));
    for _ in 0..count {
        let status = u16::try_from(reader.number()?).ok()?;
        let error = reader.text()?;
        let code = reader.text()?;
        let description = reader.text()?;
        let scenario = reader.text()?;
        let published = reader.text()?;
        let name = reader.text()?;
        let reason = reader.text()?;
        let deprecated = reader.optional()?;
        let berlin_group = reader.optional()?;
        let placeholders = (0..reader.number()?)
            .map(|_| reader.text())
            .collect::<Option<Vec<_>>>()?;
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
    (reader.at == bytes.len()).then(|| Loaded {
        catalogue: Box::leak(Box::new(catalogue)),
        entries,
    })
}

/// Writes `loaded` as the entry at `path`, through a file of its own that
/// is renamed into place, so that a reader never sees half an entry. What
/// cannot be written is left unwritten.
pub fn write(path: &Path, loaded: &Loaded) {
    let mut out = Vec::with_capacity(256 * loaded.entries.len() + 256);
    out.extend_from_slice(MAGIC);
    let catalogue = loaded.catalogue;
    for text in [
        catalogue.name(),
        catalogue.id(),
        catalogue.version(),
        catalogue.media_type(),
        catalogue.problem_base(),
        catalogue.docs().unwrap_or(""),
        catalogue.challenge(),
    ] {
        put_text(&mut out, text);
    }
    put_number(&mut out, catalogue.placeholders().len());
    for (name, doc) in catalogue.placeholders() {
        put_text(&mut out, name);
        put_text(&mut out, doc);
    }
    put_number(&mut out, catalogue.formats().len());
    for name in catalogue.formats() {
        put_text(&mut out, name);
    }
    put_text(&mut out, catalogue.berlin_group_service());
    put_number(&mut out, loaded.entries.len());
    for entry in &loaded.entries {
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
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let temporary = dir.join(format!(".{}.{}", std::process::id(), unique()));
    let written = std::fs::File::create(&temporary)
        .and_then(|mut file| file.write_all(&out))
        .and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
}

/// A number to tell apart the temporary files of one process's threads.
fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn put_number(out: &mut Vec<u8>, number: usize) {
    out.extend_from_slice(&u32::try_from(number).unwrap_or(u32::MAX).to_le_bytes());
}

fn put_text(out: &mut Vec<u8>, text: &str) {
    put_number(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

/// Reads an entry, every step checked.
struct Reader {
    bytes: &'static [u8],
    at: usize,
}

impl Reader {
    fn take(&mut self, len: usize) -> Option<&'static [u8]> {
        let end = self.at.checked_add(len)?;
        let taken = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(taken)
    }

    fn number(&mut self) -> Option<usize> {
        let bytes: [u8; 4] = self.take(4)?.try_into().ok()?;
        usize::try_from(u32::from_le_bytes(bytes)).ok()
    }

    fn text(&mut self) -> Option<&'static str> {
        let len = self.number()?;
        std::str::from_utf8(self.take(len)?).ok()
    }

    /// A text that may be absent: 0, or 1 and the text.
    fn optional(&mut self) -> Option<Option<&'static str>> {
        match self.number()? {
            0 => Some(None),
            1 => Some(Some(self.text()?)),
            _ => None,
        }
    }
}
