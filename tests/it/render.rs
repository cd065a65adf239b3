//! `chami render`: built-in targets from examples/, checked by the programs that read them.
