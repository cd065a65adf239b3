//! The output formats of the `inventory` commands, as plain enums: commands match on
//! these, never on clap's.

/// A plain enum with the variants of a clap one, and the conversion from it.
macro_rules! plain_format {
    ($(#[$doc:meta])* $name:ident from $cli:ident { $($(#[$vdoc:meta])* $variant:ident,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl From<crate::cli::$cli> for $name {
            fn from(f: crate::cli::$cli) -> Self {
                match f {
                    $(crate::cli::$cli::$variant => $name::$variant,)+
                }
            }
        }
    };
}

plain_format! {
    /// How `inventory list` prints.
    ListFormat from ListFormat {
        /// An aligned table.
        Table,
        /// A JSON array of records.
        Json,
        /// A YAML list of records.
        Yaml,
        /// One name a line.
        Names,
        /// The names folded into one nodeset.
        Hostlist,
    }
}

plain_format! {
    /// How `inventory show` prints.
    ShowFormat from ShowFormat {
        /// YAML (a table with --resolved).
        Text,
        /// JSON.
        Json,
        /// YAML.
        Yaml,
    }
}

plain_format! {
    /// How `inventory lint` reports.
    LintFormat from LintFormat {
        /// `error[rule]: file:line: record: message` lines on stderr.
        Human,
        /// One JSON document on stdout.
        Json,
        /// GitHub Actions annotations on stdout.
        Github,
    }
}

plain_format! {
    /// How `inventory export` prints.
    ExportFormat from ExportFormat {
        /// One JSON document.
        Json,
        /// One record a line with a `kind` field.
        Jsonl,
        /// One YAML document.
        Yaml,
    }
}
