//! Finding many sorted keys in a sorted table in one pass: the loader looks each of
//! 100,000 record files up in the input scan and in the parse cache, and both list paths
//! in byte order, as the loader does. A merge costs one comparison per key where a
//! bisection per key costs about twenty, each a `memcmp` over a long shared prefix
//! (`nodes/nid0000…`).

/// For each of `keys`, the position in `table` of the entry whose `key_of` equals it, or
/// `None` (also for a `None` key). `table` must be sorted by `key_of` in byte order
/// (`str`'s order); `keys` should be too, and a key that is not (smaller than the one
/// before) is bisected for instead, so the answer is right whatever their order.
pub fn positions<T>(
    keys: &[Option<&str>],
    table: &[T],
    key_of: impl Fn(&T) -> &str,
) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(keys.len());
    // Every entry before `cursor` is smaller than the last key looked up.
    let mut cursor = 0;
    let mut last: Option<&str> = None;
    for key in keys {
        let Some(key) = *key else {
            out.push(None);
            continue;
        };
        if last.is_some_and(|l| key < l) {
            out.push(table.binary_search_by(|e| key_of(e).cmp(key)).ok());
            continue;
        }
        last = Some(key);
        // Gallop from the cursor: keys usually sit at or just after it.
        let mut step = 1;
        let mut hi = cursor;
        while hi < table.len() && key_of(&table[hi]) < key {
            cursor = hi + 1;
            hi = cursor + step;
            step *= 2;
        }
        let hi = hi.min(table.len());
        let at = cursor + table[cursor..hi].partition_point(|e| key_of(e) < key);
        cursor = at;
        out.push((at < table.len() && key_of(&table[at]) == key).then_some(at));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::positions;

    fn bisected(keys: &[Option<&str>], table: &[&str]) -> Vec<Option<usize>> {
        keys.iter()
            .map(|k| k.and_then(|k| table.binary_search(&k).ok()))
            .collect()
    }

    #[test]
    fn a_merge_finds_what_a_bisection_finds() {
        let table: Vec<String> = (0..500)
            .map(|i| format!("nodes/n{:04}.yaml", i * 3))
            .collect();
        let table: Vec<&str> = table.iter().map(String::as_str).collect();
        let names: Vec<String> = (0..1600).map(|i| format!("nodes/n{i:04}.yaml")).collect();
        // Sorted keys, some absent, a gap, a run past the end, and keys that are None.
        let mut keys: Vec<Option<&str>> = names.iter().map(|n| Some(n.as_str())).collect();
        keys[7] = None;
        keys.drain(100..900);
        let found = positions(&keys, &table, |e| e);
        assert_eq!(found, bisected(&keys, &table));
        assert_eq!(found.iter().flatten().count(), 234, "{found:?}");
    }

    #[test]
    fn keys_out_of_order_are_still_found() {
        let table = ["a", "b", "c", "d", "e"];
        let keys = [
            Some("d"),
            Some("b"),
            Some("e"),
            Some("a"),
            Some("zz"),
            Some("c"),
        ];
        let found = positions(&keys, &table, |e| e);
        assert_eq!(
            found,
            vec![Some(3), Some(1), Some(4), Some(0), None, Some(2)]
        );
    }

    #[test]
    fn an_empty_table_finds_nothing() {
        let table: [&str; 0] = [];
        assert_eq!(
            positions(&[Some("a"), None], &table, |e| e),
            vec![None, None]
        );
    }
}
