//! Reading an inventory folder: cluster.yaml, then every record file of nodes/, bmcs/,
//! groups/ and tenants/ in parallel, and the image recipes of images/. A file holds one record or a list. Parse errors are
//! collected (file, line, column, what to do), never stopping at the first.

// A parse error is a Diagnostic by value: it is the rare path, and one per broken file.
#![allow(clippy::result_large_err)]

use super::cache::{Entry, ParseCache, Stamp};
use super::confine::Confined;
use super::diagnostic::Diagnostic;
use super::input_scan::InputScan;
use super::lint::secrets::{has_url_password, is_private_key, is_secret_key};
use super::model::{Bmc, Cluster, Group, Node, Pdu, Tenant, FORMAT_VERSION};
use super::records::{Inventory, Kind, Origin, Record, RecordType, CLUSTER_FILE};
use super::sorted_join;
use crate::fsutil::{FileFacts, Placed};
use crate::yaml;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// An inventory as far as it could be read, and what went wrong reading it.
#[derive(Debug)]
pub struct Loaded {
    /// The records that parsed.
    pub inventory: Inventory,
    /// Parse and read errors, one per broken file.
    pub diagnostics: Vec<Diagnostic>,
    /// Kinds of which some file failed to parse (reference checks into them are unreliable).
    pub failed: BTreeSet<Kind>,
    /// Whether cluster.yaml itself failed.
    pub cluster_failed: bool,
    /// Record files served from the parse cache (not parsed again).
    pub cache_hits: usize,
    /// Record files read.
    pub files: usize,
}

/// The inventory could not be used because of the listed problems.
#[derive(Debug, thiserror::Error)]
#[error("{} in the inventory at {}:\n{}", count(.diagnostics.len()), .root.display(), render(.diagnostics))]
pub struct InvalidInventory {
    /// The inventory folder.
    pub root: PathBuf,
    /// The problems (errors only).
    pub diagnostics: Vec<Diagnostic>,
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 error".to_string()
    } else {
        format!("{n} errors")
    }
}

fn render(diags: &[Diagnostic]) -> String {
    const SHOWN: usize = 20;
    let mut lines: Vec<String> = diags.iter().take(SHOWN).map(|d| d.to_human()).collect();
    if diags.len() > SHOWN {
        lines.push(format!(
            "… and {} more; run `chami inventory lint` to see them all",
            diags.len() - SHOWN
        ));
    }
    lines.join("\n")
}

impl Loaded {
    /// The inventory when it loaded without errors, or every error.
    pub fn into_result(self) -> Result<Inventory, InvalidInventory> {
        let errors: Vec<Diagnostic> = self
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        if errors.is_empty() {
            Ok(self.inventory)
        } else {
            Err(InvalidInventory {
                root: self.inventory.root,
                diagnostics: errors,
            })
        }
    }
}

/// Reads the inventory at `root`, using and refreshing the parse cache (see
/// [`super::cache`]).
pub fn load(root: &Path) -> Loaded {
    load_scanned(root, None)
}

/// [`load`], looking record files up in the parse cache with the stat `scan` took of
/// them (when given) instead of a stat of its own: the inventory as it was scanned.
pub fn load_scanned(root: &Path, scan: Option<&InputScan>) -> Loaded {
    let cache = ParseCache::open(root);
    let (mut loaded, listed) = load_with(root, &cache, scan);
    loaded.cache_hits = cache.hits();
    let rels: Vec<&str> = listed.iter().flat_map(|l| l.rels(root)).collect();
    cache.save(&rels);
    loaded
}

/// Reads the inventory at `root` without the parse cache.
pub fn load_uncached(root: &Path) -> Loaded {
    load_with(root, &ParseCache::disabled(), None).0
}

/// Reads the inventory with `cache`; also returns every record file seen.
fn load_with<'s>(
    root: &Path,
    cache: &ParseCache,
    scan: Option<&'s InputScan>,
) -> (Loaded, Vec<Listed<'s>>) {
    let mut diagnostics = Vec::new();
    let mut seen = Vec::new();
    let confined = Confined::new(root);
    let confined = &confined;
    let (cluster, cluster_failed) = match load_cluster(confined, root) {
        Ok(c) => (c, false),
        Err(d) => {
            diagnostics.push(d);
            (empty_cluster(), true)
        }
    };
    let mut failed = BTreeSet::new();
    // The kinds load side by side: listing a folder and finding its cache lines are
    // serial, and another kind's files fill the other cores meanwhile.
    let ((nodes, bmcs), (groups, tenants)) = rayon::join(
        || {
            rayon::join(
                || load_kind::<Node>(confined, root, cache, scan),
                || load_kind::<Bmc>(confined, root, cache, scan),
            )
        },
        || {
            rayon::join(
                || load_kind::<Group>(confined, root, cache, scan),
                || load_kind::<Tenant>(confined, root, cache, scan),
            )
        },
    );
    let (mut nodes, d, files) = nodes;
    seen.push(files);
    for n in nodes.iter_mut() {
        crate::inventory::model::fill_derived_macs(&mut n.value);
    }
    note_failures(Kind::Node, d, &mut diagnostics, &mut failed);
    let (bmcs, d, files) = bmcs;
    seen.push(files);
    note_failures(Kind::Bmc, d, &mut diagnostics, &mut failed);
    let (groups, d, files) = groups;
    seen.push(files);
    note_failures(Kind::Group, d, &mut diagnostics, &mut failed);
    let (tenants, d, files) = tenants;
    seen.push(files);
    note_failures(Kind::Tenant, d, &mut diagnostics, &mut failed);
    let (images, d) = super::load_images::load_images(confined, root);
    note_failures(Kind::Image, d, &mut diagnostics, &mut failed);
    let (pdus, d, files) = load_kind::<Pdu>(confined, root, cache, scan);
    seen.push(files);
    note_failures(Kind::Pdu, d, &mut diagnostics, &mut failed);
    let loaded = Loaded {
        inventory: Inventory {
            root: root.to_path_buf(),
            cluster,
            nodes,
            bmcs,
            groups,
            tenants,
            images,
            pdus,
        },
        diagnostics,
        failed,
        cluster_failed,
        cache_hits: 0,
        files: seen.iter().map(Listed::len).sum(),
    };
    (loaded, seen)
}

fn note_failures(
    kind: Kind,
    diags: Vec<Diagnostic>,
    all: &mut Vec<Diagnostic>,
    failed: &mut BTreeSet<Kind>,
) {
    if !diags.is_empty() {
        failed.insert(kind);
    }
    all.extend(diags);
}

fn empty_cluster() -> Cluster {
    Cluster {
        format: FORMAT_VERSION,
        name: String::new(),
        description: None,
        domain: None,
        networks: Vec::new(),
        boot_server: None,
        boot_servers: Vec::new(),
        boot_profiles: Vec::new(),
        defaults: Default::default(),
        outputs: Vec::new(),
        dhcp: Default::default(),
    }
}

fn load_cluster(confined: &Confined, root: &Path) -> Result<Cluster, Diagnostic> {
    let text = confined
        .read(&root.join(CLUSTER_FILE))
        .map_err(|e| e.to_diagnostic())?;
    let cluster: Cluster = yaml::from_str(&text)
        .map_err(|e| parse_diagnostic(Path::new(CLUSTER_FILE), "cluster", &e, &text))?;
    if cluster.format != FORMAT_VERSION {
        let line = find_line(&text, "format:").unwrap_or(1);
        return Err(Diagnostic::error(
            "format-version",
            format!(
                "inventory format {} is not supported: this chami reads format {FORMAT_VERSION}",
                cluster.format
            ),
        )
        .at(CLUSTER_FILE, line)
        .help(if cluster.format > FORMAT_VERSION {
            "upgrade chami to a version that knows this format"
        } else {
            "migrate the inventory to the current format"
        }));
    }
    Ok(cluster)
}

fn find_line(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

/// The YAML files below `dir`, recursively, sorted (see [`files_below`]).
pub fn record_files(confined: &Confined, dir: &Path) -> Vec<PathBuf> {
    files_below(confined, dir, is_record_name)
}

/// Whether a file of that name below a record folder holds records.
fn is_record_name(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml")
}

/// The record files of one kind's folder, sorted.
enum Listed<'s> {
    /// As the input scan found them, relative to the inventory folder, with the scan's
    /// stat of each: no second walk of the folder.
    Scanned(Vec<(&'s str, FileFacts)>),
    /// Walked now ([`record_files`]): there was no scan, or it could not tell.
    Walked(Vec<PathBuf>),
}

impl Listed<'_> {
    fn len(&self) -> usize {
        match self {
            Listed::Scanned(files) => files.len(),
            Listed::Walked(files) => files.len(),
        }
    }

    /// Each file relative to `root` as text (`None` for a name that is not text).
    fn rel_texts<'a>(&'a self, root: &Path) -> Vec<Option<&'a str>> {
        match self {
            Listed::Scanned(files) => files.iter().map(|(rel, _)| Some(*rel)).collect(),
            Listed::Walked(files) => files.iter().map(|p| rel_text(root, p)).collect(),
        }
    }

    /// The files relative to `root` that are text.
    fn rels<'a>(&'a self, root: &Path) -> impl Iterator<Item = &'a str> {
        self.rel_texts(root).into_iter().flatten()
    }

    /// The path of file `i` to read.
    fn path(&self, root: &Path, i: usize) -> std::borrow::Cow<'_, Path> {
        match self {
            Listed::Scanned(files) => root.join(files[i].0).into(),
            Listed::Walked(files) => files[i].as_path().into(),
        }
    }
}

/// Lists the record files of kind `T`: from the scan when it can tell
/// ([`InputScan::record_files`]) and the kind's folder resolves inside the inventory
/// (the loader reports a folder that resolves outside; the scan would have walked it).
fn list_kind<'s, T: RecordType>(
    confined: &Confined,
    root: &Path,
    scan: Option<&'s InputScan>,
) -> Listed<'s> {
    let dir = T::KIND.dir();
    let folder = root.join(dir);
    let inside = || confined.place(&folder) != Placed::Outside;
    scan.filter(|_| inside())
        .and_then(|scan| scan.record_files(dir, is_record_name))
        .map(Listed::Scanned)
        .unwrap_or_else(|| Listed::Walked(record_files(confined, &folder)))
}

/// The files below `dir` whose name `keep` accepts, recursively, sorted; hidden files and
/// folders are skipped, unreadable folders too. Symbolic links to folders are followed
/// (each real folder once, so a link loop ends) when they stay inside the `confined`
/// folder; a folder (`dir` itself included) that resolves outside it is not listed but
/// returned as an entry itself, so that reading it reports the link
/// ([`Confined::read`]). Files are not checked here: reading them is.
pub fn files_below(confined: &Confined, dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    let mut visited = HashSet::new();
    while let Some(d) = stack.pop() {
        match confined.place(&d) {
            Placed::Inside(real) => {
                if !visited.insert(real) {
                    continue;
                }
            }
            // Not there (a kind without its folder): nothing to list.
            Placed::Missing => continue,
            // Outside, or it cannot be resolved: not walked, but listed, so that reading
            // it reports it.
            Placed::Outside => {
                out.push(d);
                continue;
            }
        }
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            let is_dir = match entry.file_type() {
                Ok(t) if t.is_symlink() => path.is_dir(),
                Ok(t) => t.is_dir(),
                Err(_) => false,
            };
            if is_dir {
                stack.push(path);
            } else if keep(&name) {
                out.push(path);
            }
        }
    }
    // Byte order is the same as Path order for these names, and much cheaper to compare.
    out.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    out
}

/// The records of one kind, the problems met, and the record files listed.
type KindLoad<'s, T> = (Vec<Record<T>>, Vec<Diagnostic>, Listed<'s>);

fn load_kind<'s, T: RecordType>(
    confined: &Confined,
    root: &Path,
    cache: &ParseCache,
    scan: Option<&'s InputScan>,
) -> KindLoad<'s, T> {
    let listed = list_kind::<T>(confined, root, scan);
    let cached = cache.lines_for(T::KIND.dir());
    // Each file relative to the root as text, and where the scan and the cache have it:
    // the lists are in the same (byte) order, so one merge each finds them all.
    let rels = listed.rel_texts(root);
    let (stamps, lines) = if cache.is_enabled() {
        let stamps = match (&listed, scan) {
            (Listed::Scanned(files), _) => files.iter().map(|(_, stamp)| *stamp).collect(),
            (Listed::Walked(_), Some(scan)) => scan.file_stamps(T::KIND.dir(), &rels),
            (Listed::Walked(_), None) => Vec::new(),
        };
        let lines = sorted_join::positions(&rels, &cached, |(file, _)| file);
        (stamps, lines)
    } else {
        (Vec::new(), Vec::new())
    };
    let load_file = |i: usize| -> Result<Gave<T>, Diagnostic> {
        let text_rel = rels[i];
        let line = lines.get(i).copied().flatten().map(|at| cached[at].1);
        // A regular file the scan stat'ed (so inside the inventory, not a link): the
        // cache may answer without another stat.
        let scanned = stamps.get(i).copied().flatten().map(Stamp::from);
        if let (Some(rel), Some(line), Some(st)) = (text_rel, line, scanned) {
            if let Some(e) = cache.decode::<T>(line, rel, st) {
                return Ok(Gave::Cached(e));
            }
        }
        // One check per file: the cache answers only for a file that may be read, and
        // a miss reads the file that was checked.
        let path = listed.path(root, i);
        let path = path.as_ref();
        let checked = confined.check(path);
        let stamp = match &checked {
            Ok((_, meta)) if cache.is_enabled() => Some(Stamp::of_meta(meta)),
            _ => None,
        };
        if let (Some(rel), Some(line), Some(st)) = (text_rel, line, stamp) {
            if let Some(e) = cache.decode::<T>(line, rel, st) {
                return Ok(Gave::Cached(e));
            }
        }
        if line.is_some() {
            cache.note_stale();
        }
        // Listed by the scan, removed since: gone, as if the scan had come after.
        if matches!(listed, Listed::Scanned(_))
            && checked.is_err()
            && std::fs::symlink_metadata(path)
                .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        {
            return Ok(Gave::Parsed(Vec::new()));
        }
        let (open, meta) = checked.map_err(|e| e.to_diagnostic())?;
        let text = confined
            .read_checked(path, &open, &meta)
            .map_err(|e| e.to_diagnostic())?;
        let rel = match text_rel {
            Some(rel) => PathBuf::from(rel),
            None => path.strip_prefix(root).unwrap_or(path).to_path_buf(),
        };
        let records = parse_text::<T>(&text, rel)?;
        if let (Some(stamp), Some(first)) = (stamp, records.first()) {
            cache.put(&Entry {
                file: first.origin.file.clone(),
                stamp,
                in_list: first.origin.in_list,
                lines: records.iter().map(|r| r.origin.line).collect(),
                records: records.iter().map(|r| &r.value).collect(),
            });
        }
        Ok(Gave::Parsed(records))
    };
    // Most files hold one record: each file's first goes straight into its slot of one
    // list (which then becomes the records in place), the others and the problems aside.
    let extra = std::sync::Mutex::new(Vec::new());
    let failed = std::sync::Mutex::new(Vec::new());
    let mut slots: Vec<Option<Record<T>>> = Vec::new();
    (0..listed.len())
        .into_par_iter()
        .map(|i| match load_file(i) {
            Ok(Gave::Cached(e)) => first_aside(i, from_cache(e), &extra),
            Ok(Gave::Parsed(records)) => first_aside(i, records.into_iter(), &extra),
            Err(d) => {
                lock(&failed).push((i, d));
                None
            }
        })
        .collect_into_vec(&mut slots);
    drop((rels, stamps, lines, cached));
    let mut extra = extra.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut failed = failed.into_inner().unwrap_or_else(|e| e.into_inner());
    failed.sort_unstable_by_key(|(i, _)| *i);
    let diags = failed.into_iter().map(|(_, d)| d).collect();
    let records = if extra.is_empty() {
        // In place (`filter_map` is collected into the list it takes; `flatten` is not):
        // an `Option<Record<T>>` takes no more room than a `Record<T>`.
        #[allow(clippy::filter_map_identity)]
        slots.into_iter().filter_map(|slot| slot).collect()
    } else {
        extra.sort_unstable_by_key(|(i, _)| *i);
        let mut extra = extra.into_iter().peekable();
        let mut records = Vec::with_capacity(slots.len());
        for (i, slot) in slots.into_iter().enumerate() {
            records.extend(slot);
            if let Some((_, rest)) = extra.next_if(|(at, _)| *at == i) {
                records.extend(rest);
            }
        }
        records
    };
    (records, diags, listed)
}

/// `path`, listed below `root`, relative to it as text: a slice of it, with no
/// allocation and no walk over its components. `None` when it is not text.
fn rel_text<'a>(root: &Path, path: &'a Path) -> Option<&'a str> {
    let bytes = path.as_os_str().as_encoded_bytes();
    let rest = bytes
        .strip_prefix(root.as_os_str().as_encoded_bytes())
        .map(|r| r.strip_prefix(b"/").unwrap_or(r))
        .filter(|r| !r.is_empty() && !r.starts_with(b"/"));
    let rest = match rest {
        Some(rest) => rest,
        // Spelled another way (`root` with `.` or `//` in it): by components.
        None => path.strip_prefix(root).ok()?.as_os_str().as_encoded_bytes(),
    };
    std::str::from_utf8(rest).ok()
}

/// What one record file gave: a cache entry, or its records parsed now.
enum Gave<T> {
    Cached(Entry<T>),
    Parsed(Vec<Record<T>>),
}

/// The records of files that hold more than one, but for their first, by file position.
type Aside<T> = std::sync::Mutex<Vec<(usize, Vec<Record<T>>)>>;

/// The first of file `i`'s records; the others, if any, go to `extra`.
fn first_aside<T>(
    i: usize,
    mut records: impl Iterator<Item = Record<T>>,
    extra: &Aside<T>,
) -> Option<Record<T>> {
    let first = records.next();
    let rest: Vec<Record<T>> = records.collect();
    if !rest.is_empty() {
        lock(extra).push((i, rest));
    }
    first
}

/// A mutex's value, even when a thread panicked holding it (the lists kept are whole).
fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn from_cache<T>(e: Entry<T>) -> impl Iterator<Item = Record<T>> {
    let (mut file, in_list, last) = (e.file, e.in_list, e.records.len().saturating_sub(1));
    e.records
        .into_iter()
        .zip(e.lines)
        .enumerate()
        .map(move |(index, (value, line))| Record {
            value,
            origin: Origin {
                // The last record takes the path itself: one allocation for a file of one.
                file: if index == last {
                    std::mem::take(&mut file)
                } else {
                    file.clone()
                },
                index,
                line,
                in_list,
            },
        })
}

/// Parses the text of one record file (`rel` is its path relative to the root).
pub fn parse_text<T: RecordType>(text: &str, rel: PathBuf) -> Result<Vec<Record<T>>, Diagnostic> {
    let in_list = yaml::is_top_level_list(text);
    let values: Vec<T> = yaml::from_str_one_or_many(text)
        .map_err(|e| parse_diagnostic(&rel, T::KIND.label(), &e, text))?;
    let item_lines = if in_list {
        yaml::list_item_lines(text)
    } else {
        Vec::new()
    };
    let first = yaml::first_content_line(text).map(|(l, _)| l).unwrap_or(1);
    Ok(values
        .into_iter()
        .enumerate()
        .map(|(index, value)| Record {
            value,
            origin: Origin {
                file: rel.clone(),
                index,
                line: if item_lines.len() > index {
                    item_lines[index]
                } else {
                    first
                },
                in_list,
            },
        })
        .collect())
}

/// The line of a value-level error: serde_yaml reports the enclosing mapping for errors
/// raised while converting a value, so look for the quoted bad value from there on.
fn refine_line(text: &str, e: &yaml::YamlError) -> (usize, Option<usize>) {
    let line = e.line.unwrap_or(1);
    let quoted = e.message.split('`').nth(1).filter(|q| !q.is_empty());
    if let Some(q) = quoted {
        let found = text
            .lines()
            .enumerate()
            .skip(line.saturating_sub(1))
            .take(64)
            .find(|(_, l)| l.contains(q) && !l.trim_start().starts_with('#'));
        if let Some((i, l)) = found {
            return (i + 1, l.find(q).map(|c| c + 1));
        }
    }
    (line, e.column)
}

/// `message` with its quoted values (`"…"`, `` `…` ``) replaced by `***` when they may be
/// secrets: the error is on `line` whose key names a secret (`password:` …), or the value
/// holds a URL with a password or a private key. Lint's rules decide what is secret.
fn mask_secret_values(message: &str, line: Option<&str>) -> String {
    let key = line
        .map(|l| l.trim_start().trim_start_matches("- ").trim_start())
        .and_then(|l| l.split_once(':'))
        .map(|(k, _)| k.trim().trim_matches(['"', '\'']));
    let secret_line = key.is_some_and(is_secret_key)
        || line.is_some_and(|l| has_url_password(l) || is_private_key(l));
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find(['"', '`']) {
        let quote = rest[open..].chars().next().unwrap_or('"');
        let Some(len) = rest[open + 1..].find(quote) else {
            break;
        };
        let value = &rest[open + 1..open + 1 + len];
        out.push_str(&rest[..=open]);
        let secret = secret_line || has_url_password(value) || is_private_key(value);
        out.push_str(if secret { "***" } else { value });
        out.push(quote);
        rest = &rest[open + len + 2..];
    }
    out.push_str(rest);
    out
}

/// A parse error as a diagnostic, with advice for the common mistakes. `text` is the
/// file's content, used to point at the offending value.
pub fn parse_diagnostic(rel: &Path, what: &str, e: &yaml::YamlError, text: &str) -> Diagnostic {
    let (line, column) = refine_line(text, e);
    let message = mask_secret_values(&e.message, text.lines().nth(line.saturating_sub(1)));
    let mut d = Diagnostic::error("parse", format!("invalid {what} record: {message}"))
        .at(rel.to_path_buf(), line)
        .column(column);
    let m = &e.message;
    if let Some(field) = m
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())
    {
        d.message = format!("invalid {what} record: unknown field `{field}`");
        if is_secret_key(field) {
            d.rule = "secret-in-inventory";
            d.help = Some(
                "secrets never go in the inventory: put the credential in the secrets file \
                 (outside the repository, mode 0600) and name its entry with `credentials:`"
                    .into(),
            );
        } else {
            let expected = m.split("expected ").nth(1).unwrap_or("").to_string();
            d.help = Some(format!(
                "remove or rename the field (a typo is never ignored); valid fields: {expected}"
            ));
        }
    } else if m.contains("is not a MAC address") {
        d.rule = "mac-malformed";
    } else if m.contains("is not an InfiniBand port GUID") {
        d.rule = "guid-malformed";
    } else if m.contains("is not a partition key") {
        d.rule = "pkey-range";
    } else if m.contains("is not a Slingshot NIC address") {
        d.rule = "fabric-address";
    } else if m.contains("invalid IP address") {
        d.rule = "ip-malformed";
        d.help = Some("write a dotted IPv4 address such as 10.0.0.11, or an IPv6 address".into());
    } else if m.contains("missing field") {
        d.help = Some("add the field; see `man chami-inventory` for the record format".into());
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::model::Node;

    #[test]
    fn list_files_record_lines() {
        let text = "# rack 1\n- name: a\n  nid: 1\n- name: b\n  nid: 2\n";
        let recs = parse_text::<Node>(text, "nodes/r1.yaml".into()).unwrap();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[1].name, "b");
        assert_eq!(recs[1].origin.line, 4);
        assert!(recs[1].origin.in_list);
    }

    #[test]
    fn unknown_field_is_an_error_with_position_and_help() {
        let d = parse_text::<Node>("name: a\nrole: Compute\nrol: x\n", "nodes/a.yaml".into())
            .unwrap_err();
        assert_eq!(d.rule, "parse");
        assert_eq!(d.line, Some(3));
        assert!(d.message.contains("unknown field `rol`"), "{d:?}");
        assert!(d.help.as_deref().unwrap().contains("role"), "{d:?}");
    }

    #[test]
    fn parse_errors_do_not_print_secret_values() {
        let d = parse_text::<Node>(
            "name: a\nnid: 1\nvars:\n  x: 1\nxname: x1\nbmc_password: hunter2\n",
            "nodes/a.yaml".into(),
        )
        .unwrap_err();
        assert_eq!(d.rule, "secret-in-inventory", "{d:?}");
        assert!(!format!("{d:?}").contains("hunter2"), "{d:?}");
        // A value of the wrong type on a secret line is quoted by serde: masked.
        let d = parse_text::<Node>("name: a\nnid: hunter2\n", "nodes/a.yaml".into()).unwrap_err();
        assert!(d.message.contains("hunter2"), "not a secret key: {d:?}");
        let masked = mask_secret_values(
            "invalid type: string \"hunter2\", expected u32",
            Some("  - root_pw: hunter2"),
        );
        assert_eq!(masked, "invalid type: string \"***\", expected u32");
        let masked = mask_secret_values(
            "unknown variant `https://u:pw@h/`, expected x",
            Some("a: b"),
        );
        assert_eq!(masked, "unknown variant `***`, expected x");
    }

    #[test]
    fn bad_mac_is_named() {
        let d = parse_text::<Node>(
            "name: a\ninterfaces:\n  - name: eth0\n    mac: 02:00:00:00:00\n",
            "nodes/a.yaml".into(),
        )
        .unwrap_err();
        assert_eq!(d.rule, "mac-malformed");
        assert_eq!(d.line, Some(4), "{d:?}");
    }

    /// The loader's list of one kind's files, as text relative to the inventory folder.
    fn listed_rels(root: &Path, scan: Option<&InputScan>) -> (bool, Vec<String>) {
        let confined = Confined::new(root);
        let listed = list_kind::<Node>(&confined, root, scan);
        let from_scan = matches!(listed, Listed::Scanned(_));
        let rels = listed.rels(root).map(str::to_string).collect();
        (from_scan, rels)
    }

    #[test]
    fn the_scan_lists_a_kinds_files_as_the_loader_walks_them() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("inv");
        let nodes = root.join("nodes");
        for d in ["racks/r1/sub", "racks/r2", "b/deep"] {
            std::fs::create_dir_all(nodes.join(d)).unwrap();
        }
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::fs::create_dir_all(dir.path().join("outside.yaml")).unwrap();
        std::fs::create_dir_all(dir.path().join("away")).unwrap();
        for f in [
            "a.yaml",
            "b.yml",
            "notes.txt",
            ".hidden.yaml",
            "racks/r1/n1.yaml",
            "racks/r1/sub/n2.yaml",
            "racks/r2/n3.yaml",
            "b/deep/n4.yaml",
        ] {
            std::fs::write(nodes.join(f), "name: x\n").unwrap();
        }
        std::fs::write(root.join("shared/s.yaml"), "name: s\n").unwrap();
        // Links: to a folder inside (twice, and a loop), to folders outside (one named
        // like a record file), to nothing, to a file outside.
        symlink("../shared", nodes.join("shared")).unwrap();
        symlink("racks/r1", nodes.join("again")).unwrap();
        symlink("..", nodes.join("racks/up")).unwrap();
        symlink("../../outside.yaml", nodes.join("out.yaml")).unwrap();
        symlink("../../away", nodes.join("away")).unwrap();
        symlink("gone", nodes.join("dangling.yaml")).unwrap();
        std::fs::write(dir.path().join("secret.yaml"), "x").unwrap();
        symlink("../../secret.yaml", nodes.join("leak.yaml")).unwrap();

        let walked = listed_rels(&root, None);
        assert!(!walked.0);
        for must in [
            "nodes/a.yaml",
            "nodes/away",
            "nodes/leak.yaml",
            "nodes/shared/s.yaml",
        ] {
            assert!(walked.1.iter().any(|r| r == must), "{must}: {walked:?}");
        }
        let scan = InputScan::scan(&root);
        assert_eq!(
            listed_rels(&root, Some(&scan)),
            (true, walked.1.clone()),
            "the scan's list is the walk's"
        );

        // A hidden folder: the scan cannot tell which name a folder was listed under.
        std::fs::create_dir_all(nodes.join(".git")).unwrap();
        symlink("../racks/r2", nodes.join(".git/r2")).unwrap();
        let walked = listed_rels(&root, None);
        let scan = InputScan::scan(&root);
        assert_eq!(listed_rels(&root, Some(&scan)), (false, walked.1));

        // The kind's folder itself resolving outside: walked, so that loading reports it.
        std::fs::remove_dir_all(&nodes).unwrap();
        symlink("../away", &nodes).unwrap();
        std::fs::write(dir.path().join("away/n9.yaml"), "name: n9\n").unwrap();
        let scan = InputScan::scan(&root);
        assert_eq!(
            listed_rels(&root, Some(&scan)),
            (false, vec!["nodes".to_string()])
        );
    }

    #[test]
    fn records_keep_file_order_around_lists_and_broken_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("cluster.yaml"), "format: 1\nname: t\n").unwrap();
        std::fs::create_dir(root.join("nodes")).unwrap();
        for (file, text) in [
            ("a.yaml", "name: z1\n"),
            ("b.yaml", "- name: m1\n- name: m2\n- name: m3\n"),
            ("c.yaml", "name: [broken\n"),
            ("d.yaml", "name: a1\n"),
            ("e.yaml", "- name: q1\n- name: q2\n"),
            ("f.yaml", "nme: typo\n"),
            ("g.yaml", "[]\n"),
            ("h.yaml", "name: b1\n"),
        ] {
            std::fs::write(root.join("nodes").join(file), text).unwrap();
        }
        let loaded = load_uncached(root);
        let names: Vec<(&str, usize, String)> = loaded
            .inventory
            .nodes
            .iter()
            .map(|r| {
                let file = r.origin.file.to_str().unwrap();
                (r.name.as_str(), r.origin.index, file.to_string())
            })
            .map(|(n, i, f)| (n, i, f.trim_start_matches("nodes/").to_string()))
            .collect();
        let want = [
            ("z1", 0, "a.yaml"),
            ("m1", 0, "b.yaml"),
            ("m2", 1, "b.yaml"),
            ("m3", 2, "b.yaml"),
            ("a1", 0, "d.yaml"),
            ("q1", 0, "e.yaml"),
            ("q2", 1, "e.yaml"),
            ("b1", 0, "h.yaml"),
        ];
        let want: Vec<(&str, usize, String)> = want
            .iter()
            .map(|(n, i, f)| (*n, *i, f.to_string()))
            .collect();
        assert_eq!(names, want);
        let broken: Vec<String> = loaded
            .diagnostics
            .iter()
            .map(|d| d.file.as_deref().unwrap().display().to_string())
            .collect();
        assert_eq!(broken, ["nodes/c.yaml", "nodes/f.yaml"]);
    }

    #[test]
    fn a_cached_list_gives_each_record_its_file_and_position() {
        let entry = Entry {
            file: PathBuf::from("nodes/r.yaml"),
            stamp: Stamp::from(crate::fsutil::FileStamp {
                size: 1,
                mtime_ns: 1,
                ctime_ns: 1,
                ino: 1,
            }),
            in_list: true,
            lines: vec![1, 4, 9],
            records: vec!["a", "b", "c"],
        };
        let got: Vec<_> = from_cache(entry)
            .map(|r| (r.value, r.origin.index, r.origin.line, r.origin.file))
            .collect();
        let file = PathBuf::from("nodes/r.yaml");
        assert_eq!(
            got,
            [
                ("a", 0, 1, file.clone()),
                ("b", 1, 4, file.clone()),
                ("c", 2, 9, file)
            ]
        );
    }

    /// Makes `depth` nested folders named `seg` below `dir`, one at a time from the last
    /// (their whole path may be longer than PATH_MAX), and the file `n.yaml` in the last.
    fn deep_folders(dir: &Path, seg: &str, depth: usize) {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let at = |fd: i32, name: &str| {
            let name = CString::new(name).unwrap();
            // SAFETY: `fd` is an open folder and `name` is NUL-terminated.
            unsafe { libc::mkdirat(fd, name.as_ptr(), 0o755) };
            let next =
                unsafe { libc::openat(fd, name.as_ptr(), libc::O_DIRECTORY | libc::O_RDONLY) };
            assert!(next >= 0, "openat {name:?}");
            // SAFETY: `fd` was opened here or by the caller and is not used again.
            unsafe { libc::close(fd) };
            next
        };
        let top = CString::new(dir.as_os_str().as_bytes()).unwrap();
        // SAFETY: `top` is NUL-terminated.
        let mut fd = unsafe { libc::open(top.as_ptr(), libc::O_DIRECTORY | libc::O_RDONLY) };
        assert!(fd >= 0);
        for _ in 0..depth {
            fd = at(fd, seg);
        }
        let file = CString::new("n.yaml").unwrap();
        // SAFETY: as above; the text is written whole or the test fails on the load.
        unsafe {
            let f = libc::openat(fd, file.as_ptr(), libc::O_CREAT | libc::O_WRONLY, 0o644);
            assert!(f >= 0);
            let text = b"name: deep\n";
            libc::write(f, text.as_ptr().cast(), text.len());
            libc::close(f);
            libc::close(fd);
        }
    }

    #[test]
    fn a_link_that_cannot_be_resolved_is_never_followed() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("inv");
        std::fs::create_dir_all(root.join("nodes")).unwrap();
        std::fs::write(root.join("cluster.yaml"), "format: 1\nname: t\n").unwrap();
        std::fs::write(root.join("nodes/a.yaml"), "name: a\n").unwrap();
        // Outside the inventory, a folder whose path is longer than PATH_MAX once resolved:
        // stat follows the link, realpath cannot resolve it.
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let seg = "d".repeat(200);
        deep_folders(&out, &seg, 25);
        let ten = [seg.as_str(); 10].join("/");
        let five = [seg.as_str(); 5].join("/");
        symlink(&ten, out.join("k1")).unwrap();
        symlink(
            format!("../../out/k1/{ten}/{five}"),
            root.join("nodes/deep"),
        )
        .unwrap();
        assert!(root.join("nodes/deep").is_dir());
        assert!(std::fs::canonicalize(root.join("nodes/deep")).is_err());
        // Asked for a file through it directly, the reader refuses too.
        let through = Confined::new(&root).read(&root.join("nodes/deep/n.yaml"));
        assert!(
            matches!(
                through,
                Err(super::super::confine::ConfineError::Outside(_))
            ),
            "{through:?}"
        );

        let walked = load_uncached(&root);
        let names: Vec<&str> = walked
            .inventory
            .nodes
            .iter()
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(names, ["a"], "nothing is read through the link");
        let found: Vec<(&str, String)> = walked
            .diagnostics
            .iter()
            .map(|d| (d.rule, d.file.as_deref().unwrap().display().to_string()))
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "nodes/deep", "the link is named: {found:?}");
        let scan = InputScan::scan(&root);
        assert_eq!(
            listed_rels(&root, Some(&scan)),
            (true, listed_rels(&root, None).1),
            "the scan lists it as the loader does"
        );

        // A file the scan listed and that was removed since is gone, not an error.
        std::fs::remove_file(root.join("nodes/a.yaml")).unwrap();
        let loaded = load_with(&root, &ParseCache::disabled(), Some(&scan)).0;
        assert!(loaded.inventory.nodes.is_empty());
        assert_eq!(loaded.diagnostics.len(), 1, "{:?}", loaded.diagnostics);
    }
}
