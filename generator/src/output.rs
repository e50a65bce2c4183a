//! Writing generated files: only when their contents change (so `cargo` sees no needless
//! change), and atomically (a temporary file in the same folder, then a rename), so that a
//! failed or interrupted run never leaves a half-written file behind.

use crate::GeneratedFile;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes each file under `dir` whose contents differ from what is there; returns the paths
/// written. Every new file is fully written before the first one replaces its old version.
pub fn write_files(dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<PathBuf>> {
    fs::create_dir_all(dir)?;
    let mut staged = Vec::new();
    for file in files {
        let target = dir.join(&file.path);
        remove_abandoned(&target);
        if fs::read(&target).is_ok_and(|current| current == file.contents.as_bytes()) {
            continue;
        }
        match stage(&target, &file.contents) {
            Ok(temporary) => staged.push((temporary, target)),
            Err(error) => {
                discard(&staged);
                return Err(error);
            }
        }
    }
    let mut written = Vec::new();
    for (index, (temporary, target)) in staged.iter().enumerate() {
        if let Err(error) = fs::rename(temporary, target) {
            discard(&staged[index..]);
            return Err(error);
        }
        written.push(target.clone());
    }
    Ok(written)
}

fn stage(target: &Path, contents: &str) -> io::Result<PathBuf> {
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent)?;
    }
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("generated");
    let temporary = target.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    // No `sync_all`: a run that fails or is killed never leaves a half-written file (the
    // rename is atomic), and that is the promise. Surviving a power cut as well would cost
    // an fsync per file, about 2 ms each here (a third of generating the Kirim spec, more
    // than that for a crate of 75 files), for output that is regenerated from the document
    // in a second; cargo does not sync what it writes either.
    let result =
        fs::File::create(&temporary).and_then(|mut file| file.write_all(contents.as_bytes()));
    match result {
        Ok(()) => Ok(temporary),
        Err(error) => {
            let _ = fs::remove_file(&temporary);
            Err(error)
        }
    }
}

/// Removes the temporary files of runs that were killed while staging `target`
/// (`.name.PID.tmp` of a process that no longer exists). The target itself was never
/// touched by them: only a finished temporary file is renamed over it. Where there is no
/// `/proc` to ask whether a process lives, they are left alone.
fn remove_abandoned(target: &Path) {
    let (Some(dir), Some(name)) = (target.parent(), target.file_name().and_then(|n| n.to_str()))
    else {
        return;
    };
    if !Path::new("/proc/self").exists() {
        return;
    }
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix.as_str()))
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn discard(staged: &[(PathBuf, PathBuf)]) {
    for (temporary, _) in staged {
        let _ = fs::remove_file(temporary);
    }
}

/// A file on disk that does not match what the generator produces now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub path: PathBuf,
    pub missing: bool,
}

/// Compares `files` with what is under `dir`, without writing anything.
pub fn check_files(dir: &Path, files: &[GeneratedFile]) -> Vec<Stale> {
    files
        .iter()
        .filter_map(|file| {
            let path = dir.join(&file.path);
            match fs::read(&path) {
                Ok(current) if current == file.contents.as_bytes() => None,
                Ok(_) => Some(Stale {
                    path,
                    missing: false,
                }),
                Err(_) => Some(Stale {
                    path,
                    missing: true,
                }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::scratch;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: PathBuf::from(path),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn writes_only_what_changed_and_leaves_no_temporary_files() {
        let dir = scratch("write");
        let files = [file("a.rs", "one"), file("b.rs", "two")];
        assert_eq!(write_files(&dir, &files).unwrap().len(), 2);
        assert!(
            write_files(&dir, &files).unwrap().is_empty(),
            "unchanged files are not rewritten"
        );
        let changed = [file("a.rs", "one"), file("b.rs", "three")];
        assert_eq!(write_files(&dir, &changed).unwrap(), vec![dir.join("b.rs")]);
        let mut names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["a.rs", "b.rs"]);
    }

    #[test]
    fn a_killed_run_leaves_no_file_behind_once_the_next_run_is_done() {
        let dir = scratch("abandoned");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("client.rs"), "old").unwrap();
        // What a run killed while staging leaves: a finished or half-written temporary
        // file beside the untouched target. PIDs above the kernel's maximum never live.
        let abandoned = dir.join(".client.rs.4194305.tmp");
        fs::write(&abandoned, "half of the ne").unwrap();
        let unrelated = dir.join(".other.rs.4194305.tmp");
        fs::write(&unrelated, "not ours").unwrap();
        assert_eq!(fs::read_to_string(dir.join("client.rs")).unwrap(), "old");
        write_files(&dir, &[file("client.rs", "new")]).unwrap();
        assert_eq!(fs::read_to_string(dir.join("client.rs")).unwrap(), "new");
        assert!(
            !abandoned.exists(),
            "the abandoned temporary file is removed"
        );
        assert!(
            unrelated.exists(),
            "another file's temporaries are not ours to remove"
        );
    }

    #[test]
    fn a_failed_write_leaves_the_old_files() {
        let dir = scratch("fail");
        write_files(&dir, &[file("a.rs", "old")]).unwrap();
        // A directory where a file must go makes the rename fail after staging.
        fs::create_dir_all(dir.join("b.rs")).unwrap();
        fs::write(dir.join("b.rs").join("keep"), "x").unwrap();
        let result = write_files(&dir, &[file("a.rs", "new"), file("b.rs", "new")]);
        assert!(result.is_err());
        let leftovers: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    }

    #[test]
    fn check_names_missing_and_different_files() {
        let dir = scratch("check");
        write_files(&dir, &[file("a.rs", "same"), file("b.rs", "old")]).unwrap();
        let stale = check_files(
            &dir,
            &[file("a.rs", "same"), file("b.rs", "new"), file("c.rs", "x")],
        );
        assert_eq!(
            stale,
            vec![
                Stale {
                    path: dir.join("b.rs"),
                    missing: false
                },
                Stale {
                    path: dir.join("c.rs"),
                    missing: true
                },
            ]
        );
    }
}
