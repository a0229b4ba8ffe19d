//! Whose files errcat reads without being told to: a `.errcat.toml` found by
//! walking up, the cache's directory and entries. A file that another user
//! can write is their input, not the user's: these checks decide, as ssh
//! and git do for their own files (git's `safe.directory`).
//!
//! On systems without Unix owners, nothing is known of who wrote a file:
//! every file is taken as the user's.

use std::fs::Metadata;

/// Who may have written a file, as far as errcat trusts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    /// The user running errcat (or root, where root is allowed).
    Trusted,
    /// Another user owns it: their user id.
    OtherOwner(u32),
    /// Users other than the owner may write it (its mode bits, octal).
    Writable(u32),
}

impl Writer {
    /// What is wrong, for a message: `owned by user 65534`.
    pub fn reason(self) -> String {
        match self {
            Writer::Trusted => "trusted".to_owned(),
            Writer::OtherOwner(uid) => format!("owned by another user (uid {uid})"),
            Writer::Writable(mode) => format!("writable by other users (mode {mode:o})"),
        }
    }
}

/// Who may have written a file whose metadata is `metadata`. `root` says
/// whether a file root owns counts as the user's (a system-wide config
/// does, a cache entry does not); `group` whether its group may write it.
#[cfg(unix)]
pub fn writer(metadata: &Metadata, root: bool, group: bool) -> Writer {
    use std::os::unix::fs::MetadataExt as _;
    let me = rustix::process::geteuid().as_raw();
    let owner = metadata.uid();
    if owner != me && !(root && owner == 0) {
        return Writer::OtherOwner(owner);
    }
    let mode = metadata.mode() & 0o7777;
    let others = if group { 0o002 } else { 0o022 };
    // A symbolic link's own mode says nothing: it is never written through.
    if mode & others != 0 && !metadata.file_type().is_symlink() {
        return Writer::Writable(mode);
    }
    Writer::Trusted
}

/// Who may have written a file: on this system, the user.
#[cfg(not(unix))]
pub fn writer(_metadata: &Metadata, _root: bool, _group: bool) -> Writer {
    Writer::Trusted
}
