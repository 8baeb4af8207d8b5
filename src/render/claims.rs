//! Who wrote each path of a build: what lets outputs write their files as
//! they make them and still leave the file of the latest output in the
//! registry (and no output's file where a page is).

use anyhow::Result;

use crate::write::OutFile;

/// Which output wrote each path, in shards so outputs writing side by side
/// seldom wait for each other.
pub(crate) struct Claims {
    shards: Vec<std::sync::Mutex<std::collections::HashMap<String, usize>>>,
}

impl Claims {
    const SHARDS: usize = 64;
    /// A page's rank: no output overwrites it.
    const PAGE: usize = usize::MAX;

    /// Claims with every page's path (`pages`) taken.
    pub(crate) fn new(pages: impl Iterator<Item = String>) -> Claims {
        let claims = Claims { shards: (0..Self::SHARDS).map(|_| Default::default()).collect() };
        for p in pages {
            claims.shard(&p).lock().unwrap_or_else(|e| e.into_inner()).insert(p, Self::PAGE);
        }
        claims
    }

    fn shard(&self, path: &str) -> &std::sync::Mutex<std::collections::HashMap<String, usize>> {
        &self.shards[(xxhash_rust::xxh3::xxh3_64(path.as_bytes()) as usize) % Self::SHARDS]
    }

    /// Writes `f` unless a later output (or a page) has its path. The
    /// shard stays locked while writing, so of two outputs writing one path
    /// the later one's file is the one left.
    pub(super) fn write(&self, f: OutFile, rank: usize, write: &(dyn Fn(&OutFile) -> Result<()> + Sync)) -> Result<()> {
        let mut shard = self.shard(&f.path).lock().unwrap_or_else(|e| e.into_inner());
        match shard.get(&f.path) {
            Some(&r) if r > rank => Ok(()),
            _ => {
                write(&f)?;
                shard.insert(f.path, rank);
                Ok(())
            }
        }
    }

    /// Paths written by outputs.
    pub(crate) fn count(&self) -> usize {
        let each = self
            .shards
            .iter()
            .map(|s| s.lock().unwrap_or_else(|e| e.into_inner()).values().filter(|&&r| r != Self::PAGE).count());
        each.sum()
    }
}
