//! A test's own folder under the temporary directory, removed when the test ends, passed
//! or failed (a failed assertion's message is printed before the unwinding drops it).
//! Shared by the library's unit tests and the integration tests, which are separate crates.

use std::fs;
use std::path::{Path, PathBuf};

/// The folder; it derefs to its path.
pub struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The folder for the test `name` in this process, not yet created (what an earlier run
/// left there is removed).
pub fn scratch(name: &str) -> Scratch {
    let dir =
        std::env::temp_dir().join(format!("openapi-client-gen-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    Scratch(dir)
}
