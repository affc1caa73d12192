//! Every file dtks writes goes through here: it is written under a
//! temporary name beside its destination, flushed to disk, and renamed into
//! place, so a kill leaves either the previous file whole or the new one
//! whole, never half of one. A set of files that belong together (an
//! export) is written into a new directory that replaces the old one in one
//! rename.

use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use tempfile::{NamedTempFile, TempDir};

/// Prefix of the temporary names, so that a leftover after a kill is easy
/// to recognise (and to delete). The writer's process id follows it.
const TMP_PREFIX: &str = ".dtks-tmp-";

/// A leftover whose writer cannot be told alive is stale after this long.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// The prefix of this process's temporary names: `.dtks-tmp-<pid>-`.
pub(crate) fn tmp_prefix() -> String {
    format!("{TMP_PREFIX}{}-", std::process::id())
}

/// True when the temporary `name` was left by a writer that is gone: its
/// process no longer runs, or (a name without a process id, or a system
/// where that cannot be asked) it has not changed for a day.
fn is_stale(name: &str, path: &Path) -> bool {
    let Some(rest) = name.strip_prefix(TMP_PREFIX) else { return false };
    if let Some(pid) = rest.split_once('-').and_then(|(p, _)| p.parse::<u32>().ok()) {
        if pid == std::process::id() {
            return false;
        }
        if let Some(alive) = process_alive(pid) {
            return !alive;
        }
    }
    let idle = std::fs::symlink_metadata(path).and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
    idle.is_some_and(|d| d > STALE_AFTER)
}

#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> Option<bool> {
    Some(Path::new("/proc").join(pid.to_string()).exists())
}

#[cfg(not(target_os = "linux"))]
fn process_alive(_: u32) -> Option<bool> {
    None
}

/// Removes the temporaries that a killed dtks left in `dir` (best effort:
/// one that cannot be removed stays, and is tried again next time).
pub(crate) fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        let path = e.path();
        if !is_stale(&name.to_string_lossy(), &path) {
            continue;
        }
        let _ = match e.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
    }
}

pub(crate) fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Makes a rename inside `dir` survive a power cut too; best effort (a
/// directory cannot be opened for syncing on every system).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// A file being written; it appears under its name only at [`commit`].
/// Dropped without a commit, it leaves nothing behind.
///
/// [`commit`]: AtomicFile::commit
pub struct AtomicFile {
    out: BufWriter<NamedTempFile>,
    dest: PathBuf,
}

impl AtomicFile {
    /// Starts a file that will replace `dest`.
    pub fn create(dest: impl Into<PathBuf>) -> io::Result<AtomicFile> {
        let dest = dest.into();
        remove_stale(parent_of(&dest));
        let tmp = tempfile::Builder::new().prefix(&tmp_prefix()).tempfile_in(parent_of(&dest))?;
        Ok(AtomicFile { out: BufWriter::with_capacity(256 * 1024, tmp), dest })
    }

    /// Where the file will appear.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    fn finish(self) -> io::Result<(NamedTempFile, PathBuf)> {
        let tmp = self.out.into_inner().map_err(|e| e.into_error())?;
        tmp.as_file().sync_all()?;
        Ok((tmp, self.dest))
    }

    /// Flushes the file to disk and renames it to `dest`, a name in the
    /// same directory chosen once the contents are known (a file kept under
    /// its hash).
    pub fn commit_as(mut self, dest: &Path) -> io::Result<()> {
        self.dest = dest.to_path_buf();
        self.commit()
    }

    /// Flushes the file to disk and renames it over `dest`.
    pub fn commit(self) -> io::Result<()> {
        let (tmp, dest) = self.finish()?;
        tmp.persist(&dest).map_err(|e| e.error)?;
        sync_dir(parent_of(&dest));
        Ok(())
    }

    /// As [`commit`](AtomicFile::commit), but never over an existing file:
    /// that is an `AlreadyExists` error and nothing is written.
    pub fn commit_new(self) -> io::Result<()> {
        let (tmp, dest) = self.finish()?;
        tmp.persist_noclobber(&dest).map_err(|e| e.error)?;
        sync_dir(parent_of(&dest));
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl Seek for AtomicFile {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.out.seek(pos)
    }
}

/// Writes `bytes` as the whole of `dest`, replacing it.
pub fn write_whole(dest: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = AtomicFile::create(dest)?;
    f.write_all(bytes)?;
    f.commit()
}

/// Writes `bytes` as a new file `dest`; an existing file is an
/// `AlreadyExists` error and is left as it was.
pub fn write_new(dest: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = AtomicFile::create(dest)?;
    f.write_all(bytes)?;
    f.commit_new()
}

/// A directory being filled; it takes the place of `dest` (and of whatever
/// `dest` held) at [`commit`](AtomicDir::commit). Dropped without a
/// commit, it is removed.
pub struct AtomicDir {
    tmp: TempDir,
    dest: PathBuf,
}

impl AtomicDir {
    /// Starts a directory beside `dest` (creating `dest`'s parent if needed).
    pub fn create(dest: impl Into<PathBuf>) -> io::Result<AtomicDir> {
        let dest = dest.into();
        let parent = parent_of(&dest);
        std::fs::create_dir_all(parent)?;
        remove_stale(parent);
        let tmp = tempfile::Builder::new().prefix(&tmp_prefix()).tempdir_in(parent)?;
        Ok(AtomicDir { tmp, dest })
    }

    /// Where to write the files.
    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Puts the directory in the place of `dest` in one rename; the
    /// previous `dest`, if any, is then removed. The files inside must be
    /// flushed already (written with [`AtomicFile`]).
    pub fn commit(self) -> io::Result<()> {
        sync_dir(self.tmp.path());
        let tmp = self.tmp.keep();
        let parent = parent_of(&self.dest).to_path_buf();
        let result = swap_in(&tmp, &self.dest);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&tmp);
        }
        sync_dir(&parent);
        result
    }
}

/// Moves directory `new` to `dest`. Over an existing directory, Linux
/// exchanges the two in one step (`renameat2` with `RENAME_EXCHANGE`), so
/// no moment exists without a whole export at `dest`; elsewhere (or on a
/// file system without the exchange) the old one is first moved aside, which
/// leaves a short moment with it beside `dest` under a temporary name.
pub(crate) fn swap_in(new: &Path, dest: &Path) -> io::Result<()> {
    if !dest.exists() {
        return std::fs::rename(new, dest);
    }
    if exchange(new, dest)? {
        // `new` now names the previous directory.
        return std::fs::remove_dir_all(new);
    }
    let aside = tempfile::Builder::new().prefix(&tmp_prefix()).tempdir_in(parent_of(dest))?.keep();
    std::fs::remove_dir(&aside)?;
    std::fs::rename(dest, &aside)?;
    if let Err(e) = std::fs::rename(new, dest) {
        let _ = std::fs::rename(&aside, dest);
        return Err(e);
    }
    std::fs::remove_dir_all(&aside)
}

/// Exchanges two paths atomically; false when the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput));
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths living across the call.
    let rc =
        unsafe { libc::renameat2(libc::AT_FDCWD, ca.as_ptr(), libc::AT_FDCWD, cb.as_ptr(), libc::RENAME_EXCHANGE) };
    if rc == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::ENOTSUP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn a_file_appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("a.csv");
        std::fs::write(&dest, "old").unwrap();
        let mut f = AtomicFile::create(&dest).unwrap();
        f.write_all(b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "old");
        drop(f);
        assert_eq!(names(dir.path()), ["a.csv"]);
        write_whole(&dest, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "new");
        let e = write_new(&dest, b"newer").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "new");
        assert_eq!(names(dir.path()), ["a.csv"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn leftovers_of_a_killed_writer_are_removed_at_the_next_write_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // No process has this id (Linux ids stop at 2^22).
        let dead = format!("{TMP_PREFIX}999999999-aB3dEf");
        std::fs::write(d.join(&dead), "half a file").unwrap();
        std::fs::create_dir(d.join(format!("{dead}x"))).unwrap();
        std::fs::write(d.join(format!("{dead}x/households.csv")), "half").unwrap();
        // Another dtks writing now (this test's parent process stands in).
        let live = format!("{TMP_PREFIX}{}-Zz9yX8", std::os::unix::process::parent_id());
        std::fs::write(d.join(&live), "being written").unwrap();
        // Ours, the user's, and an old-style name of today.
        let own = format!("{}qQ1", tmp_prefix());
        std::fs::write(d.join(&own), "ours").unwrap();
        std::fs::write(d.join(".dtks-tmp-notes.txt"), "the user's").unwrap();
        std::fs::write(d.join("data.csv"), "the user's").unwrap();

        write_whole(&d.join("a.csv"), b"new").unwrap();
        let mut want = vec![".dtks-tmp-notes.txt".to_string(), "a.csv".into(), "data.csv".into(), live, own];
        want.sort();
        assert_eq!(names(d), want);

        AtomicDir::create(d.join("export")).unwrap();
        std::fs::write(d.join(&dead), "again").unwrap();
        let stage = AtomicDir::create(d.join("export")).unwrap();
        assert!(!d.join(&dead).exists());
        stage.commit().unwrap();
    }

    #[test]
    fn a_directory_replaces_the_previous_one_whole() {
        let root = tempfile::tempdir().unwrap();
        let dest = root.path().join("export");
        for round in ["one", "two"] {
            let d = AtomicDir::create(&dest).unwrap();
            write_whole(&d.path().join(format!("{round}.csv")), round.as_bytes()).unwrap();
            assert!(!dest.join(format!("{round}.csv")).exists());
            d.commit().unwrap();
            assert_eq!(names(&dest), [format!("{round}.csv")]);
        }
        assert_eq!(names(root.path()), ["export"]);
        // Not committed: nothing changes and nothing is left.
        let d = AtomicDir::create(&dest).unwrap();
        write_whole(&d.path().join("three.csv"), b"3").unwrap();
        drop(d);
        assert_eq!(names(root.path()), ["export"]);
        assert_eq!(names(&dest), ["two.csv"]);
    }
}
